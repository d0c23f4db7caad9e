/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_KERNEL_SYNC_H
#define PFHOOKS_KERNEL_SYNC_H

#include "pfhooks-kernel-thread.h"
#include "pfhooks-kernel-types.h"

#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The simulated kernel's locks (illumos mutex.c, rwlock.c): kmutex_t and
 * krwlock_t owned by the running kernel thread, or by the simulator's own
 * stack ("interrupt context": it owns locks like a thread does but can
 * never sleep).  A thread that has to wait blocks until the holder lets
 * go; interrupt context that would have to wait is a deadlock and panics.
 * Misuse (recursive enter, exit of a lock not held, destroy of a held lock)
 * panics naming the lock.
 */
class PfhooksKernelSync
{
  public:
    /** \return the token of the running thread: a PfhooksKernelThread, or the simulator's stack */
    static void* Self();

    /// \name kmutex_t (mutex(9F))
    /// \{
    static void MutexInit(pfhooks_kmutex_t* mp);
    void MutexEnter(pfhooks_kmutex_t* mp);
    int MutexTryEnter(pfhooks_kmutex_t* mp);
    void MutexExit(pfhooks_kmutex_t* mp);
    void MutexDestroy(pfhooks_kmutex_t* mp);
    static int MutexOwned(const pfhooks_kmutex_t* mp);
    /// \}

    /// \name krwlock_t (rwlock(9F))
    /// \{
    static void RwInit(pfhooks_krwlock_t* rw);
    void RwEnter(pfhooks_krwlock_t* rw, int type);
    int RwTryEnter(pfhooks_krwlock_t* rw, int type);
    void RwExit(pfhooks_krwlock_t* rw);
    void RwDestroy(pfhooks_krwlock_t* rw);
    void RwDowngrade(pfhooks_krwlock_t* rw);
    static int RwTryUpgrade(pfhooks_krwlock_t* rw);
    static int RwReadHeld(const pfhooks_krwlock_t* rw);
    static int RwWriteHeld(const pfhooks_krwlock_t* rw);
    /// \}

    /** A thread that is being stopped waits for no lock any more. */
    void ForgetWaiter(const Ptr<PfhooksKernelThread>& t);

  private:
    void Wait(const void* lock);
    void WakeWaiters(const void* lock);

    std::map<const void*, std::vector<Ptr<PfhooksKernelThread>>> m_waiters;
};

} // namespace ns3

#endif /* PFHOOKS_KERNEL_SYNC_H */
