/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kernel-cv.h"

#include "solaris-kernel.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

NS_LOG_COMPONENT_DEFINE("PfhooksKernelCv");

namespace ns3
{

int
PfhooksKernelCv::Wait(const pfhooks_kcondvar_t* cv, pfhooks_kmutex_t* mp, Time timeout)
{
    NS_LOG_FUNCTION(this << cv << mp << timeout);
    SolarisKernel& k = SolarisKernel::Get();
    PfhooksKernelThread* self = PfhooksKernelThread::Current();
    if (self == nullptr)
    {
        k.Panic(nullptr, PfhooksKernelThread::CannotSleepHere("cv_wait()"));
    }
    if (!PfhooksKernelSync::MutexOwned(mp))
    {
        k.Panic(nullptr, "cv_wait() without holding the mutex");
    }
    auto w = std::make_shared<Waiter>();
    w->thread = Ptr<PfhooksKernelThread>(self);
    m_waiters[cv].push_back(w);
    if (!timeout.IsNegative())
    {
        // The timer holds the waiter weakly: the waiter holds the timer's
        // EventId, and a strong reference back would be a cycle that
        // outlives the wait.
        std::weak_ptr<Waiter> weak = w;
        w->timer = Simulator::Schedule(timeout, [this, cv, weak]() {
            std::shared_ptr<Waiter> w = weak.lock();
            if (!w)
            {
                return;
            }
            auto& q = m_waiters[cv];
            q.erase(std::remove(q.begin(), q.end(), w), q.end());
            if (q.empty())
            {
                m_waiters.erase(cv);
            }
            w->thread->Wake();
        });
    }
    k.Sync().MutexExit(mp);
    PfhooksKernelThread::Block();
    k.Sync().MutexEnter(mp);
    w->thread = nullptr; // the waiter may outlive the wait (a timer's copy): no cycle
    return w->signalled ? 1 : -1;
}

void
PfhooksKernelCv::WakeOne(const std::shared_ptr<Waiter>& w)
{
    w->signalled = true;
    Simulator::Cancel(w->timer);
    w->thread->Wake();
}

void
PfhooksKernelCv::Signal(const pfhooks_kcondvar_t* cv)
{
    auto it = m_waiters.find(cv);
    if (it == m_waiters.end())
    {
        return;
    }
    std::shared_ptr<Waiter> w = it->second.front();
    it->second.pop_front();
    if (it->second.empty())
    {
        m_waiters.erase(it);
    }
    WakeOne(w);
}

void
PfhooksKernelCv::Broadcast(const pfhooks_kcondvar_t* cv)
{
    auto it = m_waiters.find(cv);
    if (it == m_waiters.end())
    {
        return;
    }
    std::deque<std::shared_ptr<Waiter>> all;
    all.swap(it->second);
    m_waiters.erase(it);
    for (const auto& w : all)
    {
        WakeOne(w);
    }
}

void
PfhooksKernelCv::Destroy(const pfhooks_kcondvar_t* cv)
{
    if (m_waiters.count(cv) != 0)
    {
        SolarisKernel::Get().Panic(nullptr, "cv_destroy() of a condition variable threads wait on");
    }
}

} // namespace ns3
