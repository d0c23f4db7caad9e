/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-callouts.h"

#include "solaris-kernel.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

NS_LOG_COMPONENT_DEFINE("PfhooksCallouts");

namespace ns3
{

int
PfhooksCallouts::Hz()
{
    return static_cast<int>(Seconds(1).GetMilliSeconds() / Tick().GetMilliSeconds());
}

clock_t
PfhooksCallouts::UsecToHz(clock_t usec)
{
    // Rounded up, as illumos does: a wait is never shorter than asked.
    int64_t tickUs = Tick().GetMicroSeconds();
    return usec <= 0 ? 0 : static_cast<clock_t>((usec + tickUs - 1) / tickUs);
}

clock_t
PfhooksCallouts::HzToUsec(clock_t ticks)
{
    return ticks * static_cast<clock_t>(Tick().GetMicroSeconds());
}

int64_t
PfhooksCallouts::Lbolt64()
{
    return Simulator::Now().GetMilliSeconds();
}

int64_t
PfhooksCallouts::HrTime()
{
    return Simulator::Now().GetNanoSeconds();
}

void*
PfhooksCallouts::Timeout(const pfhooks_site_t* site, void (*fn)(void*), void* arg, clock_t ticks)
{
    NS_LOG_FUNCTION(this << site << reinterpret_cast<void*>(fn) << arg << ticks);
    SolarisKernel& k = SolarisKernel::Get();
    SolarisModule* m = k.ModuleOf(site);
    std::string where = SolarisKernel::Site(site->ps_file, site->ps_line);
    if (fn == nullptr)
    {
        k.Panic(m, "timeout(NULL, ...) at " + where);
    }
    uint64_t id = m_nextCallout++;
    Callout& c = m_callouts[id];
    c.owner = m != nullptr ? m->GetId() : 0;
    c.fn = fn;
    c.arg = arg;
    c.site = where;
    // A non-positive interval runs at the next tick, as illumos's callout does.
    clock_t t = ticks > 0 ? ticks : 1;
    c.event = Simulator::Schedule(Tick() * t, &PfhooksCallouts::Run, this, id);
    return reinterpret_cast<void*>(static_cast<uintptr_t>(id));
}

void
PfhooksCallouts::Run(uint64_t id)
{
    auto it = m_callouts.find(id);
    if (it == m_callouts.end())
    {
        return;
    }
    Callout& c = it->second;
    void (*fn)(void*) = c.fn;
    void* arg = c.arg;
    SolarisModule* m = nullptr;
    for (SolarisModule* x : SolarisKernel::Get().GetModules())
    {
        if (x->GetId() == c.owner)
        {
            m = x;
        }
    }
    c.thread = Create<PfhooksKernelThread>((m != nullptr ? m->GetName() : "kernel") + ":callout",
                                           [fn, arg]() { fn(arg); });
    Ptr<PfhooksKernelThread> t = c.thread;
    t->OnExit([this, id]() { m_callouts.erase(id); });
    t->Start();
}

clock_t
PfhooksCallouts::Untimeout(void* handle)
{
    NS_LOG_FUNCTION(this << handle);
    auto id = static_cast<uint64_t>(reinterpret_cast<uintptr_t>(handle));
    auto it = m_callouts.find(id);
    if (it == m_callouts.end())
    {
        return -1; // unknown, or already run: illumos returns -1
    }
    Callout& c = it->second;
    if (!c.thread)
    {
        Time left = Simulator::GetDelayLeft(c.event);
        Simulator::Cancel(c.event);
        m_callouts.erase(it);
        return static_cast<clock_t>(left.GetMilliSeconds());
    }
    // The callback is running (asleep in delay() or on a lock).  illumos
    // waits for it to finish unless it is the callback itself asking.
    PfhooksKernelThread* running = PeekPointer(c.thread);
    PfhooksKernelThread* self = PfhooksKernelThread::Current();
    if (self != nullptr && self != running)
    {
        running->OnExit([keep = Ptr<PfhooksKernelThread>(self)]() { keep->Wake(); });
        PfhooksKernelThread::Block();
    }
    return -1;
}

void
PfhooksCallouts::Delay(clock_t ticks)
{
    NS_LOG_FUNCTION(this << ticks);
    if (PfhooksKernelThread::Current() == nullptr)
    {
        SolarisKernel::Get().Panic(nullptr, PfhooksKernelThread::CannotSleepHere("delay()"));
    }
    if (ticks <= 0)
    {
        return;
    }
    PfhooksKernelThread::Sleep(Tick() * ticks);
}

void
PfhooksCallouts::UsecWait(clock_t usec)
{
    NS_LOG_FUNCTION(this << usec);
    // Only a packet hook's busy wait holds anything (its packet); elsewhere
    // (a device call, a taskq) the CPU spins and no simulated time passes.
    if (PfhooksKernelThread::Current() != nullptr && PfhooksKernelThread::Slot() != nullptr &&
        usec > 0)
    {
        PfhooksKernelThread::Sleep(MicroSeconds(usec));
    }
}

std::vector<PfhooksKernelLeak>
PfhooksCallouts::GetTimeouts(uint32_t owner) const
{
    NS_LOG_FUNCTION(this << owner);
    std::vector<PfhooksKernelLeak> out;
    for (const auto& [id, c] : m_callouts)
    {
        if (c.owner == owner && !c.thread)
        {
            out.push_back(PfhooksKernelLeak{"timeout",
                                            static_cast<uintptr_t>(id),
                                            0,
                                            c.site + ": timeout pending"});
        }
    }
    return out;
}

void
PfhooksCallouts::CancelTimeouts(uint32_t owner)
{
    NS_LOG_FUNCTION(this << owner);
    for (auto it = m_callouts.begin(); it != m_callouts.end();)
    {
        if (it->second.owner == owner && !it->second.thread)
        {
            Simulator::Cancel(it->second.event);
            it = m_callouts.erase(it);
        }
        else
        {
            ++it;
        }
    }
}

std::vector<PfhooksKernelLeak>
PfhooksCallouts::KillThreads(uint32_t owner)
{
    NS_LOG_FUNCTION(this << owner);
    std::vector<PfhooksKernelLeak> out;
    std::vector<Ptr<PfhooksKernelThread>> victims;
    for (const auto& [id, c] : m_callouts)
    {
        if (c.owner == owner && c.thread && c.thread->IsSleeping())
        {
            out.push_back(
                PfhooksKernelLeak{"thread",
                                  static_cast<uintptr_t>(id),
                                  0,
                                  c.site + ": callout still asleep in the module: stopped"});
            victims.push_back(c.thread);
        }
    }
    for (auto& t : victims)
    {
        SolarisKernel::Get().Sync().ForgetWaiter(t);
        t->Kill(); // its exit erases the callout
    }
    return out;
}

} // namespace ns3
