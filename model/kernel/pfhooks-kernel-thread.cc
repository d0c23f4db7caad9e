/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kernel-thread.h"

#include "ns3/fatal-error.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <boost/context/preallocated.hpp>
#include <boost/context/protected_fixedsize_stack.hpp>
#include <utility>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#define PFHOOKS_ASAN_FIBERS 1
#endif

NS_LOG_COMPONENT_DEFINE("PfhooksKernelThread");

namespace ns3
{

namespace ctx = boost::context;

namespace
{
// Generous for module code, which may format messages on its stack; the
// guard page below it turns an overflow into a clear SIGSEGV, not corruption.
const std::size_t kStackBytes = 256 * 1024;

PfhooksKernelThread* g_current = nullptr;

// Stacks of finished threads are kept for the next ones: a hook that may
// sleep runs on a thread per packet, and mapping, guarding and faulting in
// a fresh stack each time cost far more than the two switches.  A pooled
// stack keeps its guard page.  Reachable from a global (not a leak).
const std::size_t kPoolMax = 64;
std::vector<ctx::stack_context>* g_pool = nullptr;

/// Boost.Context stack allocator over the pool.
class PooledStack
{
  public:
    ctx::stack_context allocate()
    {
        if (g_pool && !g_pool->empty())
        {
            ctx::stack_context sc = g_pool->back();
            g_pool->pop_back();
            return sc;
        }
        return ctx::protected_fixedsize_stack(kStackBytes).allocate();
    }

    void deallocate(ctx::stack_context& sc) noexcept
    {
        if (!g_pool)
        {
            g_pool = new std::vector<ctx::stack_context>();
            g_pool->reserve(kPoolMax);
        }
        if (g_pool->size() < kPoolMax)
        {
            g_pool->push_back(sc);
            return;
        }
        ctx::protected_fixedsize_stack(kStackBytes).deallocate(sc);
    }
};

// Threads that never finish (killed, or asleep when the simulation ends)
// keep their stacks here, never resumed.  Destroying a suspended fiber would
// unwind it by throwing through module code on a stack AddressSanitizer does
// not know; a stack set aside costs only its mapping.  Reachable from a
// global, so leak checkers do not count it.
std::vector<ctx::fiber>* g_setAside = nullptr;

void
SetAside(ctx::fiber&& f)
{
    if (!g_setAside)
    {
        g_setAside = new std::vector<ctx::fiber>();
    }
    g_setAside->push_back(std::move(f));
}

// AddressSanitizer must be told about every stack switch, or it reports
// false errors on the other stack.
const void* g_mainBottom = nullptr;
std::size_t g_mainSize = 0;

/// Resumes \p to, whose stack is [bottom, bottom + size); once back, the
/// stack we came back from goes to *fromBottom and *fromSize (unless null).
ctx::fiber
SwitchStack(ctx::fiber&& to,
            [[maybe_unused]] const void* bottom,
            [[maybe_unused]] std::size_t size,
            [[maybe_unused]] const void** fromBottom,
            [[maybe_unused]] std::size_t* fromSize)
{
#ifdef PFHOOKS_ASAN_FIBERS
    void* fake = nullptr;
    __sanitizer_start_switch_fiber(&fake, bottom, size);
#endif
    ctx::fiber back = std::move(to).resume();
#ifdef PFHOOKS_ASAN_FIBERS
    __sanitizer_finish_switch_fiber(fake, fromBottom, fromSize);
#endif
    return back;
}
} // namespace

PfhooksKernelThread::PfhooksKernelThread(const std::string& name, std::function<void()> body)
    : m_name(name),
      m_body(std::move(body))
{
}

PfhooksKernelThread::~PfhooksKernelThread()
{
    NS_LOG_FUNCTION(this << m_name << m_done);
    if (m_fiber)
    {
        SetAside(std::move(m_fiber));
    }
}

PfhooksKernelThread*
PfhooksKernelThread::Current()
{
    return g_current;
}

void* PfhooksKernelThread::s_slot = nullptr;

void
PfhooksKernelThread::Start()
{
    NS_ASSERT_MSG(!m_started, "kernel thread " << m_name << " started twice");
    m_started = true;
    PooledStack salloc;
    ctx::stack_context sc = salloc.allocate();
    m_stackBottom = static_cast<char*>(sc.sp) - sc.size;
    m_stackSize = sc.size;
#ifdef PFHOOKS_ASAN_FIBERS
    // A finished thread never returns from its last frames, so their
    // redzones stay poisoned on its stack, pooled or unmapped; the next
    // thread on it (or on a new stack mapped at the same address) would
    // inherit them as false overflows.
    ASAN_UNPOISON_MEMORY_REGION(m_stackBottom, m_stackSize);
#endif
    m_fiber = ctx::fiber(std::allocator_arg,
                         ctx::preallocated(sc.sp, sc.size, sc),
                         salloc,
                         [this](ctx::fiber&& caller) {
#ifdef PFHOOKS_ASAN_FIBERS
                             __sanitizer_finish_switch_fiber(nullptr, &g_mainBottom, &g_mainSize);
#endif
                             m_caller = std::move(caller);
                             m_body();
                             m_done = true;
#ifdef PFHOOKS_ASAN_FIBERS
                             __sanitizer_start_switch_fiber(nullptr, g_mainBottom, g_mainSize);
#endif
                             return std::move(m_caller);
                         });
    Resume();
}

void
PfhooksKernelThread::Resume()
{
    NS_ASSERT_MSG(g_current == nullptr,
                  "kernel thread " << m_name << " resumed from another kernel thread");
    if (m_done || m_running)
    {
        return;
    }
    Ptr<PfhooksKernelThread> self(this); // the body may drop the last outside reference
    m_wakePending = false;
    g_current = this;
    m_running = true;
    std::swap(s_slot, m_slot);
    m_fiber = SwitchStack(std::move(m_fiber), m_stackBottom, m_stackSize, nullptr, nullptr);
    std::swap(s_slot, m_slot);
    m_running = false;
    g_current = nullptr;
    if (m_done)
    {
        std::vector<std::function<void()>> onExit;
        onExit.swap(m_onExit);
        for (auto& fn : onExit)
        {
            fn();
        }
    }
}

void
PfhooksKernelThread::SwitchOut()
{
    m_caller =
        SwitchStack(std::move(m_caller), g_mainBottom, g_mainSize, &g_mainBottom, &g_mainSize);
}

std::string
PfhooksKernelThread::CannotSleepHere(const std::string& call)
{
    if (s_slot != nullptr)
    {
        // A hook runs (the hook framework keeps it in Slot()).  On illumos
        // every packet hook runs on the thread that carries the packet and
        // may block; pfhooks holds packets only at PHYSICAL_IN/OUT.
        return call + " called on the simulator's stack, in a packet hook: pfhooks lets " +
               "hooks sleep only at PHYSICAL_IN and PHYSICAL_OUT (inet, inet6), and only " +
               "for modules whose file imports a sleeping call (delay, cv_wait, ...); " +
               "FORWARDING, LOOPBACK_IN/OUT and ARP hooks run in interrupt context here " +
               "(doc/semantics.md, Hooks that may sleep)";
    }
    return call + " called on the simulator's stack (from a packet hook or a callback the " +
           "network called): that code runs in interrupt context and cannot sleep";
}

void
PfhooksKernelThread::Sleep(Time t)
{
    PfhooksKernelThread* self = g_current;
    NS_ASSERT_MSG(self != nullptr, "PfhooksKernelThread::Sleep outside a kernel thread");
    // The wake-up event holds the thread; nothing on its own stack does, so
    // a thread that never wakes is freed with the event.
    Simulator::Schedule(t, [keep = Ptr<PfhooksKernelThread>(self)]() { keep->Resume(); });
    self->SwitchOut();
}

void
PfhooksKernelThread::Block()
{
    PfhooksKernelThread* self = g_current;
    NS_ASSERT_MSG(self != nullptr, "PfhooksKernelThread::Block outside a kernel thread");
    self->SwitchOut();
}

void
PfhooksKernelThread::Wake()
{
    if (m_done || m_wakePending)
    {
        return;
    }
    m_wakePending = true;
    Ptr<PfhooksKernelThread> keep(this);
    Simulator::ScheduleNow([keep]() { keep->Resume(); });
}

void
PfhooksKernelThread::Kill()
{
    if (!IsSleeping())
    {
        return;
    }
    Ptr<PfhooksKernelThread> self(this);
    SetAside(std::move(m_fiber));
    m_done = true;
    std::vector<std::function<void()>> onExit;
    onExit.swap(m_onExit);
    for (auto& fn : onExit)
    {
        fn();
    }
}

void
PfhooksKernelThread::OnExit(std::function<void()> fn)
{
    if (m_done)
    {
        fn();
        return;
    }
    m_onExit.push_back(std::move(fn));
}

} // namespace ns3
