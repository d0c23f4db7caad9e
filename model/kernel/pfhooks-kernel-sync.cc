/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kernel-sync.h"

#include "solaris-kernel.h"

#include <algorithm>

namespace ns3
{

namespace
{
// The token of code running on the simulator's own stack ("interrupt
// context"): it owns locks like a thread does but can never sleep.
char g_interruptToken;

/** \return the module the lock lives in, or null */
SolarisModule*
Owner(const void* lock)
{
    return SolarisKernel::Get().ModuleAt(lock);
}

std::string
Name(const void* lock)
{
    return SolarisKernel::Get().Describe(lock);
}
} // namespace

void*
PfhooksKernelSync::Self()
{
    PfhooksKernelThread* t = PfhooksKernelThread::Current();
    return t != nullptr ? static_cast<void*>(t) : static_cast<void*>(&g_interruptToken);
}

void
PfhooksKernelSync::Wait(const void* lock)
{
    PfhooksKernelThread* self = PfhooksKernelThread::Current();
    if (self == nullptr)
    {
        SolarisKernel::Get().Panic(
            Owner(lock),
            "lock " + Name(lock) +
                " is held by a sleeping kernel thread and was asked for in interrupt context "
                "(a packet hook or network callback): deadlock");
    }
    m_waiters[lock].push_back(Ptr<PfhooksKernelThread>(self));
    PfhooksKernelThread::Block();
}

void
PfhooksKernelSync::WakeWaiters(const void* lock)
{
    auto it = m_waiters.find(lock);
    if (it == m_waiters.end())
    {
        return;
    }
    std::vector<Ptr<PfhooksKernelThread>> w;
    w.swap(it->second);
    m_waiters.erase(it);
    for (auto& t : w)
    {
        t->Wake();
    }
}

void
PfhooksKernelSync::ForgetWaiter(const Ptr<PfhooksKernelThread>& t)
{
    for (auto& [lock, waiters] : m_waiters)
    {
        waiters.erase(std::remove(waiters.begin(), waiters.end(), t), waiters.end());
    }
}

void
PfhooksKernelSync::MutexInit(pfhooks_kmutex_t* mp)
{
    mp->_opaque[0] = nullptr;
}

void
PfhooksKernelSync::MutexEnter(pfhooks_kmutex_t* mp)
{
    void* self = Self();
    while (mp->_opaque[0] != nullptr)
    {
        if (mp->_opaque[0] == self)
        {
            SolarisKernel::Get().Panic(Owner(mp), "recursive mutex_enter of " + Name(mp));
        }
        Wait(mp);
    }
    mp->_opaque[0] = self;
}

int
PfhooksKernelSync::MutexTryEnter(pfhooks_kmutex_t* mp)
{
    if (mp->_opaque[0] != nullptr)
    {
        return 0;
    }
    mp->_opaque[0] = Self();
    return 1;
}

void
PfhooksKernelSync::MutexExit(pfhooks_kmutex_t* mp)
{
    if (mp->_opaque[0] != Self())
    {
        SolarisKernel::Get().Panic(Owner(mp),
                                   "mutex_exit of " + Name(mp) +
                                       (mp->_opaque[0] == nullptr
                                            ? ", which is not held"
                                            : ", which another thread holds"));
    }
    mp->_opaque[0] = nullptr;
    WakeWaiters(mp);
}

void
PfhooksKernelSync::MutexDestroy(pfhooks_kmutex_t* mp)
{
    if (mp->_opaque[0] != nullptr)
    {
        SolarisKernel::Get().Panic(Owner(mp), "mutex_destroy of " + Name(mp) + " while it is held");
    }
}

int
PfhooksKernelSync::MutexOwned(const pfhooks_kmutex_t* mp)
{
    return mp->_opaque[0] == Self();
}

void
PfhooksKernelSync::RwInit(pfhooks_krwlock_t* rw)
{
    rw->_writer = nullptr;
    rw->_readers = 0;
}

void
PfhooksKernelSync::RwEnter(pfhooks_krwlock_t* rw, int type)
{
    void* self = Self();
    for (;;)
    {
        if (rw->_writer == self)
        {
            SolarisKernel::Get().Panic(Owner(rw),
                                       "rw_enter of " + Name(rw) +
                                           ", which this thread holds as writer");
        }
        bool free = rw->_writer == nullptr && (type == PFHOOKS_RW_READER || rw->_readers == 0);
        if (free)
        {
            break;
        }
        Wait(rw);
    }
    if (type == PFHOOKS_RW_READER)
    {
        ++rw->_readers;
    }
    else
    {
        rw->_writer = self;
    }
}

int
PfhooksKernelSync::RwTryEnter(pfhooks_krwlock_t* rw, int type)
{
    if (rw->_writer != nullptr || (type != PFHOOKS_RW_READER && rw->_readers != 0))
    {
        return 0;
    }
    if (type == PFHOOKS_RW_READER)
    {
        ++rw->_readers;
    }
    else
    {
        rw->_writer = Self();
    }
    return 1;
}

void
PfhooksKernelSync::RwExit(pfhooks_krwlock_t* rw)
{
    if (rw->_writer != nullptr)
    {
        if (rw->_writer != Self())
        {
            SolarisKernel::Get().Panic(Owner(rw),
                                       "rw_exit of " + Name(rw) + ", which another thread holds");
        }
        rw->_writer = nullptr;
    }
    else if (rw->_readers > 0)
    {
        --rw->_readers;
    }
    else
    {
        SolarisKernel::Get().Panic(Owner(rw), "rw_exit of " + Name(rw) + ", which is not held");
    }
    WakeWaiters(rw);
}

void
PfhooksKernelSync::RwDestroy(pfhooks_krwlock_t* rw)
{
    if (rw->_writer != nullptr || rw->_readers != 0)
    {
        SolarisKernel::Get().Panic(Owner(rw), "rw_destroy of a held lock");
    }
}

void
PfhooksKernelSync::RwDowngrade(pfhooks_krwlock_t* rw)
{
    if (rw->_writer != Self())
    {
        SolarisKernel::Get().Panic(Owner(rw), "rw_downgrade of a lock not held as writer");
    }
    rw->_writer = nullptr;
    rw->_readers = 1;
}

int
PfhooksKernelSync::RwTryUpgrade(pfhooks_krwlock_t* rw)
{
    if (rw->_writer != nullptr || rw->_readers != 1)
    {
        return 0;
    }
    rw->_readers = 0;
    rw->_writer = Self();
    return 1;
}

int
PfhooksKernelSync::RwReadHeld(const pfhooks_krwlock_t* rw)
{
    return rw->_readers != 0;
}

int
PfhooksKernelSync::RwWriteHeld(const pfhooks_krwlock_t* rw)
{
    return rw->_writer != nullptr;
}

} // namespace ns3
