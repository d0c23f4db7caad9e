/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_KERNEL_CV_H
#define PFHOOKS_KERNEL_CV_H

#include "pfhooks-kernel-thread.h"
#include "pfhooks-kernel-types.h"

#include <deque>
#include <map>
#include <memory>

namespace ns3
{

/**
 * \ingroup pfhooks
 * Condition variables (illumos condvar.c, condvar(9F)): cv_wait releases
 * the mutex, sleeps the calling kernel thread until cv_signal or
 * cv_broadcast (or, for the timed waits, a simulated time) and takes the
 * mutex again.  Waiting on the simulator's stack (a packet hook, a
 * callback the network called) panics, as waiting in interrupt context
 * would; so does waiting without holding the mutex.  Signals wake the
 * waiters in the order they began to wait.
 */
class PfhooksKernelCv
{
  public:
    /**
     * cv_wait / cv_timedwait.
     * \param cv the condition variable
     * \param mp the mutex the caller holds
     * \param timeout how long at most (negative: no limit)
     * \return 1 when signalled, -1 when the time ran out
     */
    int Wait(const pfhooks_kcondvar_t* cv, pfhooks_kmutex_t* mp, Time timeout);
    /** cv_signal: wakes the longest waiter, if any. */
    void Signal(const pfhooks_kcondvar_t* cv);
    /** cv_broadcast: wakes every waiter. */
    void Broadcast(const pfhooks_kcondvar_t* cv);
    /** cv_destroy: panics while threads wait on it. */
    void Destroy(const pfhooks_kcondvar_t* cv);

  private:
    /** One waiting thread. */
    struct Waiter
    {
        Ptr<PfhooksKernelThread> thread; //!< who waits
        bool signalled{false};           //!< woken by a signal (not the time)
        EventId timer;                   //!< the timed wait's end
    };

    void WakeOne(const std::shared_ptr<Waiter>& w);

    std::map<const void*, std::deque<std::shared_ptr<Waiter>>> m_waiters;
};

} // namespace ns3

#endif /* PFHOOKS_KERNEL_CV_H */
