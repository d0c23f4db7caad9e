/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-taskq.h"

#include "pfhooks-unload-hook.h"
#include "solaris-kernel.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <algorithm>

NS_LOG_COMPONENT_DEFINE("PfhooksTaskq");

namespace ns3
{

namespace
{
/// The task queues a going module left.
class TaskqUnloadHook : public PfhooksUnloadHook
{
  public:
    void TakeBack(const SolarisModule& module, const InModule&, const TakenBack& report) override
    {
        for (const std::string& n : SolarisKernel::Get().Taskqs().TakeBack(module.GetId()))
        {
            report("taskq", nullptr, n);
        }
    }
};

const bool g_registered = []() {
    PfhooksUnloadHook::Register(new TaskqUnloadHook());
    return true;
}();
} // namespace

struct taskq*
PfhooksTaskqs::Create(const pfhooks_site_t* site, const char* name, int nthreads)
{
    NS_LOG_FUNCTION(this << (name ? name : "") << nthreads);
    auto* tq = new taskq();
    tq->name = name != nullptr ? name : "";
    tq->nthreads = std::max(nthreads, 1);
    tq->owner = SolarisKernel::Get().OwnerOf(site);
    m_queues.push_back(tq);
    return tq;
}

uint64_t
PfhooksTaskqs::Dispatch(struct taskq* tq, void (*fn)(void*), void* arg)
{
    tq->pending.push_back(taskq::Task{fn, arg});
    uint64_t id = ++tq->dispatched;
    // Not now: the dispatching code goes on first, as on another CPU.
    Simulator::ScheduleNow([this, tq]() {
        if (std::find(m_queues.begin(), m_queues.end(), tq) != m_queues.end())
        {
            StartWorkers(tq);
        }
    });
    return id;
}

void
PfhooksTaskqs::StartWorkers(struct taskq* tq)
{
    while (!tq->suspended && tq->running < tq->nthreads &&
           tq->running < static_cast<int>(tq->pending.size()))
    {
        ++tq->running;
        Ptr<PfhooksKernelThread> t =
            ns3::Create<PfhooksKernelThread>(tq->name + ":task", [this, tq]() { Worker(tq); });
        t->Start();
    }
}

void
PfhooksTaskqs::Worker(struct taskq* tq)
{
    while (!tq->suspended && !tq->pending.empty())
    {
        taskq::Task task = tq->pending.front();
        tq->pending.pop_front();
        task.fn(task.arg);
    }
    --tq->running;
    if (tq->running == 0 && tq->pending.empty())
    {
        WakeWaiters(tq);
    }
}

void
PfhooksTaskqs::WakeWaiters(struct taskq* tq)
{
    std::vector<Ptr<PfhooksKernelThread>> w;
    w.swap(tq->waiting);
    for (const auto& t : w)
    {
        t->Wake();
    }
}

void
PfhooksTaskqs::Wait(struct taskq* tq)
{
    NS_LOG_FUNCTION(this << tq);
    while (tq->running != 0 || (!tq->pending.empty() && !tq->suspended))
    {
        PfhooksKernelThread* self = PfhooksKernelThread::Current();
        if (self == nullptr)
        {
            SolarisKernel::Get().Panic(nullptr,
                                       "taskq_wait(" + tq->name +
                                           ") on the simulator's stack: interrupt context "
                                           "cannot wait");
        }
        tq->waiting.push_back(Ptr<PfhooksKernelThread>(self));
        PfhooksKernelThread::Block();
    }
}

void
PfhooksTaskqs::Suspend(struct taskq* tq, bool suspend)
{
    tq->suspended = suspend;
    if (!suspend)
    {
        StartWorkers(tq);
    }
}

void
PfhooksTaskqs::Destroy(struct taskq* tq)
{
    NS_LOG_FUNCTION(this << tq);
    tq->suspended = false;
    Wait(tq);
    m_queues.erase(std::remove(m_queues.begin(), m_queues.end(), tq), m_queues.end());
    delete tq;
}

std::vector<std::string>
PfhooksTaskqs::TakeBack(uint32_t owner)
{
    std::vector<std::string> gone;
    for (auto it = m_queues.begin(); it != m_queues.end();)
    {
        struct taskq* tq = *it;
        if (tq->owner != owner)
        {
            ++it;
            continue;
        }
        gone.push_back("task queue \"" + tq->name + "\" not destroyed (" +
                       std::to_string(tq->pending.size()) + " tasks pending): dropped");
        it = m_queues.erase(it);
        if (tq->running == 0)
        {
            delete tq;
        }
        // else: a worker asleep in the module is stopped with its stack, and
        // the queue it points to stays allocated (a few bytes, as the stack).
    }
    return gone;
}

} // namespace ns3
