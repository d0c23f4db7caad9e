/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The simulated Solaris kernel's services, and the C functions modules
 * call (pfhooks-kernel.h, pfhooks-modctl.h), each a thin call into
 * SolarisKernel or SolarisModule.
 */
#include "solaris-kernel.h"

#include "pfhooks-kernel-thread.h"

#include "ns3/log.h"
#include "ns3/pfhooks-modctl.h"
#include "ns3/pfhooks-notify-list.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cerrno>
#include <cinttypes>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <iostream>
#include <link.h>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("SolarisKernel");

namespace ns3
{

namespace
{
// The token of code running on the simulator's own stack ("interrupt
// context"): it owns locks like a thread does but can never sleep.
char g_interruptToken;

// Bytes after every kmem buffer that must be intact when it is freed: an
// overrun past the size asked for is reported with the allocation site.
const size_t kRedzone = 8;
const unsigned char kRedzoneByte = 0xbb;

std::string
Site(const char* file, int line)
{
    std::ostringstream os;
    os << (file != nullptr ? file : "?") << ":" << line;
    return os.str();
}

std::string
VFormat(const char* fmt, va_list ap)
{
    va_list copy;
    va_copy(copy, ap);
    int n = std::vsnprintf(nullptr, 0, fmt, copy);
    va_end(copy);
    if (n < 0)
    {
        return fmt;
    }
    std::string s(static_cast<size_t>(n) + 1, '\0');
    std::vsnprintf(&s[0], s.size(), fmt, ap);
    s.resize(static_cast<size_t>(n));
    return s;
}

void
PrintRecord(const PfhooksKernelLogRecord& r)
{
    std::cout << r.time.As(Time::S) << " [" << r.module << "] " << r.text << std::endl;
}

void
CheckRedzone(SolarisKernel& k,
             SolarisModule* m,
             const unsigned char* buf,
             size_t size,
             const std::string& site)
{
    for (size_t i = 0; i < kRedzone; ++i)
    {
        if (buf[size + i] != kRedzoneByte)
        {
            k.Panic(m,
                    "kmem buffer " + std::to_string(reinterpret_cast<uintptr_t>(buf)) + " of " +
                        std::to_string(size) + " bytes from " + site +
                        " was written past its end (redzone byte " + std::to_string(i) + ")");
        }
    }
}
} // namespace

SolarisKernel&
SolarisKernel::Get()
{
    static SolarisKernel k;
    return k;
}

SolarisKernel::SolarisKernel()
{
    pfhooks_mblk_set_untrack([](mblk_t* mp) { SolarisKernel::Get().MessageFreed(mp); });
    // Notifications to a module's callbacks, by level: the names tell it
    // (instance level: no event; protocol level: the event twice; event
    // level: a hook's name).
    PfhooksNotifyList::SetObserver([](hook_notify_fn_t fn,
                                      hook_notify_cmd_t,
                                      const char* family,
                                      const char* event,
                                      const char* name) {
        SolarisKernel& k = SolarisKernel::Get();
        SolarisModule* m = k.ModuleAt(reinterpret_cast<const void*>(fn));
        if (m == nullptr || family == nullptr)
        {
            return;
        }
        Figures& f = k.m_figures[m->GetId()];
        if (event == nullptr || *event == '\0')
        {
            ++f.instanceNotifies[family];
        }
        else if (name != nullptr && std::strcmp(event, name) == 0)
        {
            ++f.protocolNotifies[family];
        }
        else
        {
            ++f.eventNotifies[family];
        }
    });
}

void
SolarisKernel::CountRegistration(const void* caller)
{
    if (SolarisModule* m = ModuleAt(caller))
    {
        ++m_figures[m->GetId()].netInstanceRegisters;
    }
}

void
SolarisKernel::CountHookRuns(const void* caller, const std::string& family, uint64_t runs)
{
    if (SolarisModule* m = ModuleAt(caller))
    {
        m_figures[m->GetId()].hookRuns[family] += runs;
    }
}

// ---- modules ----

std::vector<SolarisModule*>
SolarisKernel::GetModules() const
{
    std::vector<SolarisModule*> out;
    for (const auto& m : m_modules)
    {
        out.push_back(PeekPointer(m));
    }
    return out;
}

uint32_t
SolarisKernel::AddModule(SolarisModule* m)
{
    m_modules.emplace_back(m);
    if (!m_endOfRunScheduled)
    {
        m_endOfRunScheduled = true;
        Simulator::ScheduleDestroy(&SolarisKernel::EndOfRun, this);
    }
    m_cacheLinkMap = nullptr;
    m_cacheModule = nullptr;
    return m->GetId() != 0 ? m->GetId() : m_nextId++;
}

void
SolarisKernel::EndOfRun()
{
    m_endOfRunScheduled = false;
    std::vector<Ptr<SolarisModule>> loaded(m_modules);
    for (auto& m : loaded)
    {
        m->Halt();
    }
}

void
SolarisKernel::RemoveModule(SolarisModule* m)
{
    for (auto it = m_modules.begin(); it != m_modules.end(); ++it)
    {
        if (*it == m)
        {
            m_modules.erase(it);
            break;
        }
    }
    m_cacheLinkMap = nullptr;
    m_cacheModule = nullptr;
}

SolarisModule*
SolarisKernel::ModuleAt(const void* addr)
{
    if (addr == nullptr || m_modules.empty())
    {
        return nullptr;
    }
    Dl_info info;
    void* lm = nullptr;
    if (dladdr1(addr, &info, &lm, RTLD_DL_LINKMAP) == 0 || lm == nullptr)
    {
        return nullptr;
    }
    if (lm == m_cacheLinkMap)
    {
        return m_cacheModule;
    }
    // One dladdr1 per lookup: the object's link map names the module.
    for (const auto& m : m_modules)
    {
        if (m->GetLinkMap() == lm)
        {
            m_cacheLinkMap = lm;
            m_cacheModule = PeekPointer(m);
            return m_cacheModule;
        }
    }
    return nullptr;
}

SolarisModule*
SolarisKernel::ModuleOf(const pfhooks_site_t* site)
{
    return site != nullptr ? ModuleAt(site->ps_anchor) : nullptr;
}

uint32_t
SolarisKernel::OwnerOf(const pfhooks_site_t* site)
{
    SolarisModule* m = ModuleOf(site);
    return m != nullptr ? m->GetId() : 0;
}

std::string
SolarisKernel::Describe(const void* addr)
{
    std::ostringstream os;
    Dl_info info;
    if (SolarisModule* m = ModuleAt(addr))
    {
        os << m->GetName() << "`" << m->SymbolAt(addr) << " (" << addr << ")";
    }
    else if (addr != nullptr && dladdr(addr, &info) != 0 && info.dli_sname != nullptr &&
             info.dli_saddr == addr)
    {
        os << info.dli_sname << " (" << addr << ")";
    }
    else
    {
        os << addr;
    }
    return os.str();
}

// ---- console ----

void
SolarisKernel::SetLogSink(LogSink sink)
{
    m_sink = sink;
}

void
SolarisKernel::Log(SolarisModule* m, int level, const std::string& text)
{
    PfhooksKernelLogRecord r;
    r.time = Simulator::Now();
    r.module = m != nullptr ? m->GetName() : "kernel";
    r.level = level;
    r.text = text;
    while (!r.text.empty() && r.text.back() == '\n')
    {
        r.text.pop_back();
    }
    m_log.push_back(r);
    if (m_sink.IsNull())
    {
        PrintRecord(r);
    }
    else
    {
        m_sink(r);
    }
}

void
SolarisKernel::Panic(SolarisModule* m, const std::string& what)
{
    std::ostringstream os;
    os << "panic[t=" << Simulator::Now().As(Time::S) << " module=" << (m ? m->GetName() : "kernel");
    PfhooksKernelThread* t = PfhooksKernelThread::Current();
    os << " thread=" << (t != nullptr ? t->GetName() : "interrupt") << "]: " << what;
    Log(m, PFHOOKS_CE_PANIC, os.str());
    std::cout.flush();
    // A kernel panic stops the machine: the run ends here, loudly.
    NS_FATAL_ERROR(os.str());
}

// ---- memory ----

SolarisKernel::Figures
SolarisKernel::GetFigures(uint32_t owner) const
{
    auto it = m_figures.find(owner);
    return it != m_figures.end() ? it->second : Figures();
}

std::vector<PfhooksKernelLeak>
SolarisKernel::GetHeld(uint32_t owner) const
{
    std::vector<PfhooksKernelLeak> out;
    std::map<uintptr_t, PfhooksKernelLeak> sorted; // address order: stable reports
    for (const auto& [p, a] : m_kmem)
    {
        if (a.owner == owner)
        {
            auto addr = reinterpret_cast<uintptr_t>(p);
            sorted[addr] = PfhooksKernelLeak{"kmem", addr, a.size, Site(a.file, a.line)};
        }
    }
    for (const auto& [mp, a] : m_mblks)
    {
        if (a.owner == owner)
        {
            auto addr = reinterpret_cast<uintptr_t>(mp);
            sorted[addr] = PfhooksKernelLeak{"mblk", addr, MBLKSIZE(mp), Site(a.file, a.line)};
        }
    }
    for (auto& [addr, l] : sorted)
    {
        out.push_back(l);
    }
    return out;
}

void
SolarisKernel::Forget(uint32_t owner)
{
    for (auto it = m_kmem.begin(); it != m_kmem.end();)
    {
        it = it->second.owner == owner ? m_kmem.erase(it) : std::next(it);
    }
    for (auto it = m_mblks.begin(); it != m_mblks.end();)
    {
        if (it->second.owner == owner)
        {
            const_cast<mblk_t*>(it->first)->b_flag &= ~PFHOOKS_MSG_TRACKED;
            it = m_mblks.erase(it);
        }
        else
        {
            ++it;
        }
    }
}

void*
SolarisKernel::KmemAlloc(size_t size, int kmflags, bool zero, const pfhooks_site_t* site)
{
    if (size == 0)
    {
        return nullptr; // illumos: kmem_alloc(0, ...) returns NULL
    }
    SolarisModule* m = ModuleOf(site);
    if ((kmflags & ~(PFHOOKS_KM_NOSLEEP | 0x0002 /* KM_PANIC */ | 0x0004 /* KM_PUSHPAGE */ |
                     0x0008 /* KM_NORMALPRI */)) != 0)
    {
        Panic(m,
              "kmem_alloc: unknown flags " + std::to_string(kmflags) + " at " +
                  Site(site->ps_file, site->ps_line));
    }
    auto* buf = static_cast<unsigned char*>(zero ? std::calloc(1, size + kRedzone)
                                                 : std::malloc(size + kRedzone));
    if (buf == nullptr)
    {
        if ((kmflags & PFHOOKS_KM_NOSLEEP) != 0)
        {
            return nullptr;
        }
        Panic(m, "kmem_alloc(KM_SLEEP) of " + std::to_string(size) + " bytes: out of memory");
    }
    std::memset(buf + size, kRedzoneByte, kRedzone);
    uint32_t owner = m != nullptr ? m->GetId() : 0;
    if ((kmflags & PFHOOKS_KM_NOSLEEP) != 0 &&
        (m_faults.every || m_faults.nth != 0 || m_faults.probability > 0) &&
        (m_faults.module.empty() || (m != nullptr && m->GetName() == m_faults.module)))
    {
        ++m_faultCalls;
        bool fail = m_faults.every || m_faultCalls == m_faults.nth;
        if (!fail && m_faults.probability > 0)
        {
            if (!m_faultRandom)
            {
                m_faultRandom = CreateObject<UniformRandomVariable>();
            }
            fail = m_faultRandom->GetValue() < m_faults.probability;
        }
        if (fail)
        {
            std::free(buf);
            ++m_figures[owner].kmemFailed;
            Log(m,
                PFHOOKS_CE_NOTE,
                "NOTICE: kmem_alloc(" + std::to_string(size) + ", KM_NOSLEEP) at " +
                    Site(site->ps_file, site->ps_line) + " fails (fault injection)");
            return nullptr;
        }
    }
    m_kmem[buf] = Alloc{owner, size, site->ps_file, site->ps_line};
    Figures& f = m_figures[owner];
    ++f.kmemAllocs;
    f.kmemBytes += size;
    f.kmemPeakBytes = std::max(f.kmemPeakBytes, f.kmemBytes);
    return buf;
}

void
SolarisKernel::KmemFree(void* buf, size_t size, const pfhooks_site_t* site)
{
    SolarisModule* m = ModuleOf(site);
    std::string where = Site(site->ps_file, site->ps_line);
    if (buf == nullptr)
    {
        Panic(m, "kmem_free(NULL, " + std::to_string(size) + ") at " + where);
    }
    auto it = m_kmem.find(buf);
    if (it == m_kmem.end())
    {
        Panic(m,
              "kmem_free(" + Describe(buf) + ", " + std::to_string(size) + ") at " + where +
                  ": not a kmem buffer, or freed twice");
    }
    Alloc a = it->second;
    if (a.size != size)
    {
        Panic(m,
              "kmem_free(" + Describe(buf) + ", " + std::to_string(size) + ") at " + where +
                  ": the buffer was allocated with size " + std::to_string(a.size) + " at " +
                  Site(a.file, a.line));
    }
    CheckRedzone(*this, m, static_cast<unsigned char*>(buf), a.size, Site(a.file, a.line));
    m_kmem.erase(it);
    Figures& f = m_figures[a.owner];
    ++f.kmemFrees;
    f.kmemBytes -= a.size;
    std::free(buf);
}

mblk_t*
SolarisKernel::ChargeMessage(mblk_t* mp, const pfhooks_site_t* site)
{
    if (mp == nullptr)
    {
        return nullptr;
    }
    uint32_t owner = OwnerOf(site);
    Figures& f = m_figures[owner];
    for (mblk_t* b = mp; b != nullptr; b = b->b_cont)
    {
        b->b_flag |= PFHOOKS_MSG_TRACKED;
        m_mblks[b] = Alloc{owner, 0, site->ps_file, site->ps_line};
        ++f.mblkAllocs;
    }
    return mp;
}

void
SolarisKernel::MessageFreed(mblk_t* mp)
{
    auto it = m_mblks.find(mp);
    if (it != m_mblks.end())
    {
        ++m_figures[it->second.owner].mblkFrees;
        m_mblks.erase(it);
    }
}

void
SolarisKernel::SetKmemFaults(const KmemFaults& faults)
{
    m_faults = faults;
    m_faultCalls = 0;
}

bool
SolarisKernel::ParseKmemFaults(const std::string& spec, KmemFaults* faults, std::string* error)
{
    KmemFaults f;
    std::string rule = spec.substr(0, spec.find(','));
    std::string rest = spec.size() > rule.size() ? spec.substr(rule.size() + 1) : "";
    char* end = nullptr;
    if (rule == "all")
    {
        f.every = true;
    }
    else if (rule.compare(0, 2, "p=") == 0)
    {
        f.probability = std::strtod(rule.c_str() + 2, &end);
        if (rule.size() == 2 || *end != '\0' || !(f.probability > 0 && f.probability <= 1))
        {
            *error = "p= takes a probability in (0, 1]";
            return false;
        }
    }
    else if (rule.compare(0, 4, "nth=") == 0)
    {
        f.nth = std::strtoull(rule.c_str() + 4, &end, 10);
        if (rule.size() == 4 || *end != '\0' || f.nth == 0 || rule[4] == '-')
        {
            *error = "nth= takes a call number from 1";
            return false;
        }
    }
    else
    {
        *error = "expected p=PROBABILITY, nth=N or all";
        return false;
    }
    if (!rest.empty())
    {
        if (rest.compare(0, 7, "module=") != 0 || rest.size() == 7)
        {
            *error = "after the rule only ,module=NAME may follow";
            return false;
        }
        f.module = rest.substr(7);
    }
    *faults = f;
    return true;
}

// ---- clock ----

void*
SolarisKernel::Timeout(const pfhooks_site_t* site, void (*fn)(void*), void* arg, clock_t ticks)
{
    SolarisModule* m = ModuleOf(site);
    if (fn == nullptr)
    {
        Panic(m, "timeout(NULL, ...) at " + Site(site->ps_file, site->ps_line));
    }
    uint64_t id = m_nextCallout++;
    Callout& c = m_callouts[id];
    c.owner = m != nullptr ? m->GetId() : 0;
    c.fn = fn;
    c.arg = arg;
    c.site = Site(site->ps_file, site->ps_line);
    // A non-positive interval runs at the next tick, as illumos's callout does.
    clock_t t = ticks > 0 ? ticks : 1;
    c.event = Simulator::Schedule(Tick() * t, &SolarisKernel::RunCallout, this, id);
    return reinterpret_cast<void*>(static_cast<uintptr_t>(id));
}

void
SolarisKernel::RunCallout(uint64_t id)
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
    for (const auto& x : m_modules)
    {
        if (x->GetId() == c.owner)
        {
            m = PeekPointer(x);
        }
    }
    c.thread = Create<PfhooksKernelThread>((m != nullptr ? m->GetName() : "kernel") + ":callout",
                                           [fn, arg]() { fn(arg); });
    Ptr<PfhooksKernelThread> t = c.thread;
    t->OnExit([this, id]() { m_callouts.erase(id); });
    t->Start();
}

clock_t
SolarisKernel::Untimeout(void* handle)
{
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
SolarisKernel::Delay(clock_t ticks)
{
    if (PfhooksKernelThread::Current() == nullptr)
    {
        Panic(nullptr,
              "delay() called on the simulator's stack (from a packet hook or a callback the "
              "network called): that code runs in interrupt context and cannot sleep");
    }
    if (ticks <= 0)
    {
        return;
    }
    PfhooksKernelThread::Sleep(Tick() * ticks);
}

std::vector<PfhooksKernelLeak>
SolarisKernel::GetTimeouts(uint32_t owner) const
{
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
SolarisKernel::CancelTimeouts(uint32_t owner)
{
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
SolarisKernel::KillThreads(uint32_t owner)
{
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
        for (auto& [lock, waiters] : m_waiters)
        {
            waiters.erase(std::remove(waiters.begin(), waiters.end(), t), waiters.end());
        }
        t->Kill(); // its exit erases the callout
    }
    return out;
}

// ---- locks ----

void*
SolarisKernel::Self()
{
    PfhooksKernelThread* t = PfhooksKernelThread::Current();
    return t != nullptr ? static_cast<void*>(t) : static_cast<void*>(&g_interruptToken);
}

void
SolarisKernel::Wait(const void* lock)
{
    PfhooksKernelThread* self = PfhooksKernelThread::Current();
    if (self == nullptr)
    {
        Panic(ModuleAt(lock),
              "lock " + Describe(lock) +
                  " is held by a sleeping kernel thread and was asked for in interrupt context "
                  "(a packet hook or network callback): deadlock");
    }
    m_waiters[lock].push_back(Ptr<PfhooksKernelThread>(self));
    PfhooksKernelThread::Block();
}

void
SolarisKernel::WakeWaiters(const void* lock)
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
SolarisKernel::MutexEnter(pfhooks_kmutex_t* mp)
{
    void* self = Self();
    while (mp->_opaque[0] != nullptr)
    {
        if (mp->_opaque[0] == self)
        {
            Panic(ModuleAt(mp), "recursive mutex_enter of " + Describe(mp));
        }
        Wait(mp);
    }
    mp->_opaque[0] = self;
}

int
SolarisKernel::MutexTryEnter(pfhooks_kmutex_t* mp)
{
    if (mp->_opaque[0] != nullptr)
    {
        return 0;
    }
    mp->_opaque[0] = Self();
    return 1;
}

void
SolarisKernel::MutexExit(pfhooks_kmutex_t* mp)
{
    if (mp->_opaque[0] != Self())
    {
        Panic(ModuleAt(mp),
              "mutex_exit of " + Describe(mp) +
                  (mp->_opaque[0] == nullptr ? ", which is not held"
                                             : ", which another thread holds"));
    }
    mp->_opaque[0] = nullptr;
    WakeWaiters(mp);
}

void
SolarisKernel::MutexDestroy(pfhooks_kmutex_t* mp)
{
    if (mp->_opaque[0] != nullptr)
    {
        Panic(ModuleAt(mp), "mutex_destroy of " + Describe(mp) + " while it is held");
    }
}

void
SolarisKernel::RwEnter(pfhooks_krwlock_t* rw, int type)
{
    void* self = Self();
    for (;;)
    {
        if (rw->_writer == self)
        {
            Panic(ModuleAt(rw),
                  "rw_enter of " + Describe(rw) + ", which this thread holds as writer");
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
SolarisKernel::RwTryEnter(pfhooks_krwlock_t* rw, int type)
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
SolarisKernel::RwExit(pfhooks_krwlock_t* rw)
{
    if (rw->_writer != nullptr)
    {
        if (rw->_writer != Self())
        {
            Panic(ModuleAt(rw), "rw_exit of " + Describe(rw) + ", which another thread holds");
        }
        rw->_writer = nullptr;
    }
    else if (rw->_readers > 0)
    {
        --rw->_readers;
    }
    else
    {
        Panic(ModuleAt(rw), "rw_exit of " + Describe(rw) + ", which is not held");
    }
    WakeWaiters(rw);
}

// ---- random ----

void
SolarisKernel::RandomBytes(const pfhooks_site_t* site, uint8_t* buf, size_t len)
{
    uint32_t owner = OwnerOf(site);
    Ptr<UniformRandomVariable>& rv = m_random[owner];
    if (!rv)
    {
        rv = CreateObject<UniformRandomVariable>();
    }
    for (size_t i = 0; i < len; ++i)
    {
        buf[i] = static_cast<uint8_t>(rv->GetInteger(0, 255));
    }
}

} // namespace ns3

using namespace ns3;

namespace
{
SolarisKernel&
K()
{
    return SolarisKernel::Get();
}
} // namespace

// ---- the C face ----

extern "C" void*
pfhooks_kmem_alloc(size_t size, int kmflags, int zero, const pfhooks_site_t* site)
{
    return K().KmemAlloc(size, kmflags, zero != 0, site);
}

extern "C" void
pfhooks_kmem_free(void* buf, size_t size, const pfhooks_site_t* site)
{
    K().KmemFree(buf, size, site);
}

extern "C" mblk_t*
pfhooks_allocb(size_t size, unsigned int pri, const pfhooks_site_t* site)
{
    return K().ChargeMessage(allocb(size, pri), site);
}

extern "C" mblk_t*
pfhooks_copyb(mblk_t* mp, const pfhooks_site_t* site)
{
    return K().ChargeMessage(copyb(mp), site);
}

extern "C" mblk_t*
pfhooks_copymsg(mblk_t* mp, const pfhooks_site_t* site)
{
    return K().ChargeMessage(copymsg(mp), site);
}

extern "C" mblk_t*
pfhooks_dupb(mblk_t* mp, const pfhooks_site_t* site)
{
    return K().ChargeMessage(dupb(mp), site);
}

extern "C" mblk_t*
pfhooks_dupmsg(mblk_t* mp, const pfhooks_site_t* site)
{
    return K().ChargeMessage(dupmsg(mp), site);
}

extern "C" mblk_t*
pfhooks_msgpullup(mblk_t* mp, ssize_t len, const pfhooks_site_t* site)
{
    return K().ChargeMessage(msgpullup(mp, len), site);
}

extern "C" void
pfhooks_cmn_err(const pfhooks_site_t* site, int level, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    std::string text = VFormat(fmt, ap);
    va_end(ap);
    // illumos: a leading '!' sends the message to the log only, '^' to the
    // console only, '?' only when booting verbosely; one log here.
    if (!text.empty() && (text[0] == '!' || text[0] == '^' || text[0] == '?'))
    {
        text.erase(0, 1);
    }
    SolarisModule* m = K().ModuleOf(site);
    switch (level)
    {
    case PFHOOKS_CE_CONT:
        K().Log(m, level, text);
        break;
    case PFHOOKS_CE_NOTE:
        K().Log(m, level, "NOTICE: " + text);
        break;
    case PFHOOKS_CE_WARN:
        K().Log(m, level, "WARNING: " + text);
        break;
    case PFHOOKS_CE_PANIC:
        K().Panic(m, text + " (cmn_err(CE_PANIC) at " + Site(site->ps_file, site->ps_line) + ")");
    case PFHOOKS_CE_IGNORE:
        break;
    default:
        K().Log(m,
                PFHOOKS_CE_WARN,
                "WARNING: cmn_err with unknown level " + std::to_string(level) + " at " +
                    Site(site->ps_file, site->ps_line) + ": " + text);
    }
}

extern "C" int
pfhooks_printf(const pfhooks_site_t* site, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    std::string text = VFormat(fmt, ap);
    va_end(ap);
    K().Log(K().ModuleOf(site), PFHOOKS_CE_CONT, text);
    return static_cast<int>(text.size());
}

extern "C" void
pfhooks_assert_failed(const char* expr, const char* file, int line)
{
    // The module is the one whose file this is: the caller's return address
    // lies in it.
    SolarisModule* m = K().ModuleAt(__builtin_return_address(0));
    K().Panic(m,
              std::string("assertion failed: ") + expr + ", file: " + file +
                  ", line: " + std::to_string(line));
}

extern "C" void
pfhooks_panic(const pfhooks_site_t* site, const char* fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    std::string text = VFormat(fmt, ap);
    va_end(ap);
    K().Panic(K().ModuleOf(site),
              text + " (panic() at " + Site(site->ps_file, site->ps_line) + ")");
}

extern "C" pfhooks_timeout_id_t
pfhooks_timeout(const pfhooks_site_t* site, void (*fn)(void*), void* arg, clock_t ticks)
{
    return K().Timeout(site, fn, arg, ticks);
}

extern "C" clock_t
pfhooks_untimeout(pfhooks_timeout_id_t id)
{
    return K().Untimeout(id);
}

extern "C" void
pfhooks_delay(clock_t ticks)
{
    K().Delay(ticks);
}

extern "C" clock_t
pfhooks_drv_usectohz(clock_t usec)
{
    // Rounded up, as illumos does: a wait is never shorter than asked.
    int64_t tickUs = SolarisKernel::Tick().GetMicroSeconds();
    return usec <= 0 ? 0 : static_cast<clock_t>((usec + tickUs - 1) / tickUs);
}

extern "C" clock_t
pfhooks_drv_hztousec(clock_t ticks)
{
    return ticks * static_cast<clock_t>(SolarisKernel::Tick().GetMicroSeconds());
}

extern "C" int64_t
pfhooks_ddi_get_lbolt64(void)
{
    return Simulator::Now().GetMilliSeconds();
}

extern "C" clock_t
pfhooks_ddi_get_lbolt(void)
{
    return static_cast<clock_t>(pfhooks_ddi_get_lbolt64());
}

extern "C" pfhooks_hrtime_t
pfhooks_gethrtime(void)
{
    return Simulator::Now().GetNanoSeconds();
}

extern "C" int
pfhooks_hz(void)
{
    return static_cast<int>(Seconds(1).GetMilliSeconds() / SolarisKernel::Tick().GetMilliSeconds());
}

extern "C" void
pfhooks_mutex_init(pfhooks_kmutex_t* mp, const char* /* name */, int /* type */, void* /* arg */)
{
    mp->_opaque[0] = nullptr;
}

extern "C" void
pfhooks_mutex_destroy(pfhooks_kmutex_t* mp)
{
    K().MutexDestroy(mp);
}

extern "C" void
pfhooks_mutex_enter(pfhooks_kmutex_t* mp)
{
    K().MutexEnter(mp);
}

extern "C" int
pfhooks_mutex_tryenter(pfhooks_kmutex_t* mp)
{
    return K().MutexTryEnter(mp);
}

extern "C" void
pfhooks_mutex_exit(pfhooks_kmutex_t* mp)
{
    K().MutexExit(mp);
}

extern "C" int
pfhooks_mutex_owned(const pfhooks_kmutex_t* mp)
{
    return mp->_opaque[0] == SolarisKernel::Self();
}

extern "C" void
pfhooks_rw_init(pfhooks_krwlock_t* rwlp, const char* /* name */, int /* type */, void* /* arg */)
{
    rwlp->_writer = nullptr;
    rwlp->_readers = 0;
}

extern "C" void
pfhooks_rw_destroy(pfhooks_krwlock_t* rwlp)
{
    if (rwlp->_writer != nullptr || rwlp->_readers != 0)
    {
        K().Panic(K().ModuleAt(rwlp), "rw_destroy of a held lock");
    }
}

extern "C" void
pfhooks_rw_enter(pfhooks_krwlock_t* rwlp, int enter_type)
{
    K().RwEnter(rwlp, enter_type);
}

extern "C" int
pfhooks_rw_tryenter(pfhooks_krwlock_t* rwlp, int enter_type)
{
    return K().RwTryEnter(rwlp, enter_type);
}

extern "C" void
pfhooks_rw_exit(pfhooks_krwlock_t* rwlp)
{
    K().RwExit(rwlp);
}

extern "C" void
pfhooks_rw_downgrade(pfhooks_krwlock_t* rwlp)
{
    if (rwlp->_writer != SolarisKernel::Self())
    {
        K().Panic(K().ModuleAt(rwlp), "rw_downgrade of a lock not held as writer");
    }
    rwlp->_writer = nullptr;
    rwlp->_readers = 1;
}

extern "C" int
pfhooks_rw_tryupgrade(pfhooks_krwlock_t* rwlp)
{
    if (rwlp->_writer != nullptr || rwlp->_readers != 1)
    {
        return 0;
    }
    rwlp->_readers = 0;
    rwlp->_writer = SolarisKernel::Self();
    return 1;
}

extern "C" int
pfhooks_rw_read_held(pfhooks_krwlock_t* rwlp)
{
    return rwlp->_readers != 0;
}

extern "C" int
pfhooks_rw_write_held(pfhooks_krwlock_t* rwlp)
{
    return rwlp->_writer != nullptr;
}

extern "C" int
pfhooks_random_get_pseudo_bytes(const pfhooks_site_t* site, uint8_t* buf, size_t len)
{
    K().RandomBytes(site, buf, len);
    return 0;
}

// ---- module linkage and DDI, under their illumos names ----

extern "C"
{
    struct mod_ops mod_driverops = {nullptr, nullptr, nullptr};
    struct mod_ops mod_miscops = {nullptr, nullptr, nullptr};
    struct cb_ops no_cb_ops = {};
}

extern "C" int
nulldev()
{
    return 0;
}

extern "C" int
nodev()
{
    return ENXIO;
}

extern "C" int
mod_install(struct modlinkage* ml)
{
    SolarisModule* m = K().ModuleAt(ml);
    if (m == nullptr)
    {
        K().Log(nullptr,
                PFHOOKS_CE_WARN,
                "WARNING: mod_install: the linkage is not inside a loaded module");
        return EINVAL;
    }
    return m->Install(ml);
}

extern "C" int
mod_remove(struct modlinkage* ml)
{
    SolarisModule* m = K().ModuleAt(ml);
    return m != nullptr ? m->Remove(ml) : EINVAL;
}

extern "C" int
mod_info(struct modlinkage* ml, struct modinfo* mi)
{
    SolarisModule* m = K().ModuleAt(ml);
    return m != nullptr ? m->Info(ml, mi) : 0;
}

extern "C" int
ddi_get_instance(dev_info_t* /* dip */)
{
    return 0; // one instance per driver, as pseudo drivers have
}

extern "C" int
ddi_create_minor_node(dev_info_t* dip,
                      const char* name,
                      int /* spec_type */,
                      unsigned int /* minor_num */,
                      const char* /* node_type */,
                      int /* flag */)
{
    if (dip == nullptr || name == nullptr)
    {
        return DDI_FAILURE;
    }
    for (const auto& n : dip->minors)
    {
        if (n == name)
        {
            return DDI_FAILURE;
        }
    }
    dip->minors.emplace_back(name);
    return DDI_SUCCESS;
}

extern "C" void
ddi_remove_minor_node(dev_info_t* dip, const char* name)
{
    if (dip == nullptr)
    {
        return;
    }
    if (name == nullptr)
    {
        dip->minors.clear(); // NULL removes them all
        return;
    }
    for (auto it = dip->minors.begin(); it != dip->minors.end(); ++it)
    {
        if (*it == name)
        {
            dip->minors.erase(it);
            return;
        }
    }
}
