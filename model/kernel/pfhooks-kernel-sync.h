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
    /** mutex_init: free. */
    static void MutexInit(pfhooks_kmutex_t* mp);
    /** mutex_enter: waits while another holds it; panics if the caller does. */
    void MutexEnter(pfhooks_kmutex_t* mp);
    /** mutex_tryenter: \return 1 when taken, 0 when held */
    int MutexTryEnter(pfhooks_kmutex_t* mp);
    /** mutex_exit: panics unless the caller holds it; wakes the waiters. */
    void MutexExit(pfhooks_kmutex_t* mp);
    /** mutex_destroy: panics while held. */
    void MutexDestroy(pfhooks_kmutex_t* mp);
    /** mutex_owned: \return 1 when the caller holds it */
    static int MutexOwned(const pfhooks_kmutex_t* mp);
    /// \}

    /// \name krwlock_t (rwlock(9F))
    /// \{
    /** rw_init: free. */
    static void RwInit(pfhooks_krwlock_t* rw);
    /** rw_enter as RW_READER or RW_WRITER: waits while it conflicts; panics if the caller writes.
     */
    void RwEnter(pfhooks_krwlock_t* rw, int type);
    /** rw_tryenter: \return 1 when taken, 0 when it conflicts */
    int RwTryEnter(pfhooks_krwlock_t* rw, int type);
    /** rw_exit: panics when not held, or held as writer by another; wakes the waiters. */
    void RwExit(pfhooks_krwlock_t* rw);
    /** rw_destroy: panics while held. */
    void RwDestroy(pfhooks_krwlock_t* rw);
    /** rw_downgrade: the caller's write hold becomes a read hold; panics otherwise. */
    void RwDowngrade(pfhooks_krwlock_t* rw);
    /** rw_tryupgrade: \return 1 when the only reader became the writer */
    static int RwTryUpgrade(pfhooks_krwlock_t* rw);
    /** rw_read_held: \return non-zero while readers hold it */
    static int RwReadHeld(const pfhooks_krwlock_t* rw);
    /** rw_write_held: \return non-zero while a writer holds it */
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
