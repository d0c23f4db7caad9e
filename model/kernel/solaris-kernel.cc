/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The simulated Solaris kernel: its table of loaded modules, the
 * per-module figures and random streams.  Its subsystems (console, kmem,
 * callouts, locks) are in files of their own; the C functions modules call
 * are in model/solaris/.
 */
#include "solaris-kernel.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("SolarisKernel");

namespace ns3
{

SolarisKernel&
SolarisKernel::Get()
{
    static SolarisKernel k;
    return k;
}

SolarisKernel::SolarisKernel() = default;

std::string
SolarisKernel::Site(const char* file, int line)
{
    std::ostringstream os;
    os << (file != nullptr ? file : "?") << ":" << line;
    return os.str();
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
    NS_LOG_FUNCTION(this << m);
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
    NS_LOG_FUNCTION(this);
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
    NS_LOG_FUNCTION(this << m);
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
    NS_LOG_FUNCTION(this);
    m_console.SetSink(sink);
}

void
SolarisKernel::Log(SolarisModule* m, int level, const std::string& text)
{
    m_console.Write(m != nullptr ? m->GetName() : "kernel", level, text);
}

void
SolarisKernel::Panic(SolarisModule* m, const std::string& what)
{
    m_console.Panic(m != nullptr ? m->GetName() : "kernel", what);
}

// ---- figures ----

SolarisKernel::Figures
SolarisKernel::GetFigures(uint32_t owner) const
{
    auto it = m_figures.find(owner);
    return it != m_figures.end() ? it->second : Figures();
}

SolarisKernel::Figures&
SolarisKernel::FiguresOf(uint32_t owner)
{
    return m_figures[owner];
}

void
SolarisKernel::CountRegistration(const void* caller)
{
    NS_LOG_FUNCTION(this << caller);
    if (SolarisModule* m = ModuleAt(caller))
    {
        ++m_figures[m->GetId()].netInstanceRegisters;
    }
}

void
SolarisKernel::CountHookRuns(const void* caller, const std::string& family, uint64_t runs)
{
    NS_LOG_FUNCTION(this << caller << family << runs);
    if (SolarisModule* m = ModuleAt(caller))
    {
        m_figures[m->GetId()].hookRuns[family] += runs;
    }
}

void
SolarisKernel::CountNotify(const void* fn, const char* family, const char* event, const char* name)
{
    SolarisModule* m = ModuleAt(fn);
    if (m == nullptr || family == nullptr)
    {
        return;
    }
    Figures& f = m_figures[m->GetId()];
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
