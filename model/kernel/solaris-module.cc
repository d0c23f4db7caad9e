/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "solaris-module.h"

#include "pfhooks-ddi.h"
#include "pfhooks-kernel-thread.h"
#include "pfhooks-kmem-debug.h"
#include "pfhooks-modctl-types.h"
#include "pfhooks-unload-hook.h"
#include "solaris-kernel.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/simulator.h"
#include "ns3/string.h"
#include "ns3/uinteger.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <link.h>
#include <set>
#include <sstream>
#include <sys/stat.h>

// The two kinds of modules the loader takes: a linkage names one of these.
extern "C"
{
    struct mod_ops mod_driverops = {nullptr, nullptr, nullptr};
    struct mod_ops mod_miscops = {nullptr, nullptr, nullptr};
}

NS_LOG_COMPONENT_DEFINE("SolarisModule");

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(SolarisModule);

namespace
{
// The entry points under the names pfhooks_add_solaris_module gives them:
// on Linux, _init and _fini belong to the C runtime (crti.o), and the
// dynamic linker would call a module's own at dlopen/dlclose time, outside
// simulated time.
const char* const kInit = "pfhooks_module_init";
const char* const kFini = "pfhooks_module_fini";
const char* const kInfo = "pfhooks_module_info";

std::string
BaseName(const std::string& path)
{
    std::string n = path.substr(path.find_last_of('/') + 1);
    if (n.size() > 3 && n.compare(n.size() - 3, 3, ".so") == 0)
    {
        n.resize(n.size() - 3);
    }
    return n;
}

struct modldrv*
DriverLinkage(struct modlinkage* ml)
{
    if (ml == nullptr)
    {
        return nullptr;
    }
    for (void* l : ml->ml_linkage)
    {
        if (l == nullptr)
        {
            break;
        }
        auto* drv = static_cast<struct modldrv*>(l);
        if (drv->drv_modops == &mod_driverops)
        {
            return drv;
        }
    }
    return nullptr;
}
} // namespace

TypeId
SolarisModule::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::SolarisModule")
            .SetParent<Object>()
            .SetGroupName("Pfhooks")
            .AddConstructor<SolarisModule>()
            .AddAttribute("Path",
                          "The module file: a shared object built with pfhooks_add_solaris_module.",
                          StringValue(""),
                          MakeStringAccessor(&SolarisModule::SetPath, &SolarisModule::GetPath),
                          MakeStringChecker())
            .AddAttribute("KmemFaultAll",
                          "Every KM_NOSLEEP allocation of the module fails (fault injection).",
                          BooleanValue(false),
                          MakeBooleanAccessor(&SolarisModule::m_faultAll),
                          MakeBooleanChecker())
            .AddAttribute("KmemFaultNth",
                          "The module's nth KM_NOSLEEP allocation fails (1-based; 0: none).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&SolarisModule::m_faultNth),
                          MakeUintegerChecker<uint64_t>())
            .AddAttribute("KmemFaultProbability",
                          "Each KM_NOSLEEP allocation of the module fails with this probability "
                          "(drawn from the module's own ns-3 stream).",
                          DoubleValue(0),
                          MakeDoubleAccessor(&SolarisModule::m_faultProbability),
                          MakeDoubleChecker<double>(0, 1))
            .AddAttribute("Tunables",
                          "Module variables set before _init, as /etc/system's "
                          "\"set module:variable=value\": \"variable=value[,variable=value...]\".",
                          StringValue(""),
                          MakeStringAccessor(&SolarisModule::SetTunablesSpec,
                                             &SolarisModule::GetTunablesSpec),
                          MakeStringChecker())
            .AddTraceSource("State",
                            "The module's state changed (name, state).",
                            MakeTraceSourceAccessor(&SolarisModule::m_stateTrace),
                            "ns3::SolarisModule::StateTracedCallback")
            .AddTraceSource("Fini",
                            "_fini returned 0; the module is still mapped (read its globals now).",
                            MakeTraceSourceAccessor(&SolarisModule::m_finiTrace),
                            "ns3::SolarisModule::FiniTracedCallback");
    return tid;
}

namespace
{
/** Every module object alive, in creation order (a run has a handful). */
std::vector<SolarisModule*>&
AllModules()
{
    static std::vector<SolarisModule*> all;
    return all;
}
} // namespace

SolarisModule::SolarisModule()
{
    AllModules().push_back(this);
}

SolarisModule::~SolarisModule()
{
    Unmap();
    auto& all = AllModules();
    all.erase(std::remove(all.begin(), all.end(), this), all.end());
}

std::vector<SolarisModule*>
SolarisModule::GetAll()
{
    return AllModules();
}

void
SolarisModule::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Unmap();
    Object::DoDispose();
}

void
SolarisModule::SetPath(const std::string& path)
{
    NS_LOG_FUNCTION(this << path);
    m_path = path;
    m_name = BaseName(path);
}

const char*
SolarisModule::StateName(State s)
{
    switch (s)
    {
    case UNLOADED:
        return "unloaded";
    case LOADING:
        return "loading";
    case LOADED:
        return "loaded";
    case UNLOADING:
        return "unloading";
    case FAILED:
        return "failed";
    }
    return "?";
}

void
SolarisModule::SetState(State s)
{
    m_state = s;
    m_stateTrace(m_name, StateName(s));
}

int
SolarisModule::Fail(int err, const std::string& why)
{
    m_error = "module " + m_path + ": " + why;
    m_lastResult = err;
    SolarisKernel::Get().Log(nullptr, PFHOOKS_CE_WARN, "WARNING: " + m_error);
    Unmap();
    SetState(FAILED);
    return err;
}

void*
SolarisModule::LookupSymbol(const std::string& name) const
{
    return m_handle != nullptr ? dlsym(m_handle, name.c_str()) : nullptr;
}

bool
SolarisModule::Contains(const void* addr) const
{
    if (m_linkMap == nullptr || addr == nullptr)
    {
        return false;
    }
    Dl_info info;
    void* lm = nullptr;
    return dladdr1(addr, &info, &lm, RTLD_DL_LINKMAP) != 0 && lm == m_linkMap;
}

bool
SolarisModule::KmemFaultDue()
{
    if (!m_faultAll && m_faultNth == 0 && !(m_faultProbability > 0))
    {
        return false;
    }
    ++m_faultCalls;
    if (m_faultAll || m_faultCalls == m_faultNth)
    {
        return true;
    }
    if (!(m_faultProbability > 0))
    {
        return false;
    }
    if (!m_faultRandom)
    {
        m_faultRandom = CreateObject<UniformRandomVariable>();
    }
    return m_faultRandom->GetValue() < m_faultProbability;
}

int
SolarisModule::Load()
{
    NS_LOG_FUNCTION(this << m_path);
    if (m_state == LOADING || m_state == LOADED || m_state == UNLOADING)
    {
        m_error = "module " + m_path + " is already " + StateName(m_state);
        return EEXIST;
    }
    m_error.clear();
    m_leaks.clear();
    // The kernel's kmem_flags as set now (--KmemFlags, --KmemQuarantine).
    PfhooksKmemDebug::Apply();
    struct stat st;
    if (m_path.empty() || ::stat(m_path.c_str(), &st) != 0)
    {
        return Fail(ENOENT, "no such file");
    }
    char* real = ::realpath(m_path.c_str(), nullptr);
    std::string realPath = real != nullptr ? real : m_path;
    std::free(real);
    for (SolarisModule* other : SolarisKernel::Get().GetModules())
    {
        char* r = ::realpath(other->m_path.c_str(), nullptr);
        bool same = r != nullptr && realPath == r;
        std::free(r);
        if (same)
        {
            // dlopen would hand back the same copy, globals and all.
            return Fail(EEXIST, "the same file is already loaded as module " + other->m_name);
        }
    }
    // The resolved path: dlopen would search the library path for a bare
    // file name instead of opening the file in the current directory.
    m_handle = dlopen(realPath.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (m_handle == nullptr)
    {
        const char* e = dlerror();
        return Fail(ENOEXEC, std::string("not a loadable module: ") + (e ? e : "dlopen failed"));
    }
    m_init = reinterpret_cast<int (*)()>(dlsym(m_handle, kInit));
    m_fini = reinterpret_cast<int (*)()>(dlsym(m_handle, kFini));
    m_info = reinterpret_cast<int (*)(struct modinfo*)>(dlsym(m_handle, kInfo));
    if (m_init == nullptr)
    {
        return Fail(ENOEXEC,
                    "no _init entry point (looked for " + std::string(kInit) +
                        "; build the module with pfhooks_add_solaris_module, which renames "
                        "_init, _fini and _info)");
    }
    struct link_map* lm = nullptr;
    if (dlinfo(m_handle, RTLD_DI_LINKMAP, &lm) != 0 || lm == nullptr)
    {
        return Fail(ENOEXEC, "dlinfo failed");
    }
    m_linkMap = lm;
    m_base = lm->l_addr;
    // Reports name the entry points as the module's source does.
    m_symbols.Read(m_path);
    for (const char* entry : {kInit, kFini, kInfo})
    {
        m_symbols.Rename(entry, entry + std::strlen("pfhooks_module"));
    }
    m_maySleep = false;
    for (const char* sleeper : {"pfhooks_delay",
                                "delay",
                                "pfhooks_drv_usecwait",
                                "drv_usecwait",
                                "cv_wait",
                                "cv_wait_sig",
                                "cv_timedwait",
                                "cv_timedwait_sig",
                                "cv_reltimedwait",
                                "cv_reltimedwait_sig",
                                "pfhooks_cv_wait",
                                "pfhooks_cv_timedwait",
                                "pfhooks_cv_reltimedwait"})
    {
        m_maySleep = m_maySleep || m_symbols.Imports(sleeper);
    }
    m_id = 0;
    m_id = SolarisKernel::Get().AddModule(this);
    ApplyTunables();
    m_linkage = nullptr;
    m_attached = false;
    SetState(LOADING);
    Ptr<SolarisModule> self(this);
    Ptr<PfhooksKernelThread> t =
        Create<PfhooksKernelThread>(m_name + ":_init", [self]() { self->RunLoad(); });
    m_lastResult = 0;
    t->Start();
    return m_state == FAILED ? m_lastResult : 0;
}

void
SolarisModule::RunLoad()
{
    int rv = m_init();
    if (rv != 0)
    {
        TakeBack("at unload");
        Fail(EIO, "_init returned " + std::to_string(rv));
        return;
    }
    if (m_linkage == nullptr)
    {
        TakeBack("at unload");
        Fail(EIO, "_init returned 0 without calling mod_install");
        return;
    }
    if (struct modldrv* drv = DriverLinkage(m_linkage))
    {
        // add_drv: the DDI attaches instance 0 of the pseudo driver.
        struct dev_ops* ops = drv->drv_dev_ops;
        if (ops == nullptr || ops->devo_attach == nullptr)
        {
            Fail(EIO, "driver without dev_ops or devo_attach");
            return;
        }
        m_dip = new dev_info{this, {}, {}};
        int a = ops->devo_attach(m_dip, DDI_ATTACH);
        if (a != DDI_SUCCESS)
        {
            // add_drv gives the driver up: _fini, then the module goes.
            int f = m_fini != nullptr ? m_fini() : -1;
            TakeBack("at unload");
            Fail(EIO,
                 "attach(DDI_ATTACH) returned " + std::to_string(a) +
                     (f == 0 ? "; the module was unloaded" : "; _fini refused too"));
            return;
        }
        m_attached = true;
    }
    if (m_info != nullptr)
    {
        struct modinfo mi;
        std::memset(&mi, 0, sizeof(mi));
        m_info(&mi);
    }
    SolarisKernel::Get().Log(nullptr,
                             PFHOOKS_CE_NOTE,
                             "NOTICE: module " + m_name + " loaded (" + GetLinkInfo() + ")" +
                                 (m_attached ? ", driver attached" : ""));
    SetState(LOADED);
}

int
SolarisModule::Unload()
{
    NS_LOG_FUNCTION(this << m_path);
    if (m_state != LOADED)
    {
        m_error = "module " + m_path + " cannot be unloaded: it is " + StateName(m_state);
        return EINVAL;
    }
    m_error.clear();
    m_lastResult = 0;
    SetState(UNLOADING);
    Ptr<SolarisModule> self(this);
    Ptr<PfhooksKernelThread> t =
        Create<PfhooksKernelThread>(m_name + ":_fini", [self]() { self->RunUnload(); });
    t->Start();
    return m_lastResult;
}

void
SolarisModule::RunUnload()
{
    struct modldrv* drv = DriverLinkage(m_linkage);
    if (m_attached && drv != nullptr)
    {
        int d = drv->drv_dev_ops->devo_detach != nullptr
                    ? drv->drv_dev_ops->devo_detach(m_dip, DDI_DETACH)
                    : DDI_FAILURE;
        if (d != DDI_SUCCESS)
        {
            m_error = "module " + m_path + ": detach(DDI_DETACH) returned " + std::to_string(d) +
                      "; the module stays loaded";
            m_lastResult = EBUSY;
            SetState(LOADED);
            return;
        }
        m_attached = false;
    }
    int rv = m_fini != nullptr ? m_fini() : EBUSY;
    if (rv != 0)
    {
        m_error = "module " + m_path + ": " +
                  (m_fini != nullptr ? "_fini returned " + std::to_string(rv)
                                     : std::string("no _fini: the module cannot be unloaded")) +
                  "; the module stays loaded";
        m_lastResult = EBUSY;
        if (drv != nullptr && drv->drv_dev_ops->devo_attach != nullptr)
        {
            m_attached = drv->drv_dev_ops->devo_attach(m_dip, DDI_ATTACH) == DDI_SUCCESS;
        }
        SetState(LOADED);
        return;
    }
    m_finiTrace(Ptr<SolarisModule>(this));
    TakeBack("at unload");
    Unmap();
    SolarisKernel::Get().Log(nullptr, PFHOOKS_CE_NOTE, "NOTICE: module " + m_name + " unloaded");
    SetState(UNLOADED);
}

void
SolarisModule::Halt()
{
    NS_LOG_FUNCTION(this << m_name);
    if (m_handle == nullptr)
    {
        return;
    }
    SolarisKernel::Get().Log(nullptr,
                             PFHOOKS_CE_NOTE,
                             "NOTICE: module " + m_name + " is still " + StateName(m_state) +
                                 " at the end of the run");
    TakeBack("at the end of the run");
    Unmap();
    SetState(UNLOADED);
}

void
SolarisModule::TakeBack(const std::string& when)
{
    SolarisKernel& k = SolarisKernel::Get();
    std::vector<PfhooksKernelLeak> leaks;
    auto note = [&leaks](const std::string& kind, const void* addr, const std::string& what) {
        leaks.push_back(PfhooksKernelLeak{kind, reinterpret_cast<uintptr_t>(addr), 0, what});
    };
    // Nothing may call into the module once its code is gone: what the
    // layers above keep (hooks, callbacks, net instances) is taken back by
    // their unload hooks, pending timeouts are cancelled.
    auto in = [this](const void* addr) { return Contains(addr); };
    for (PfhooksUnloadHook* hook : PfhooksUnloadHook::GetRegistered())
    {
        hook->TakeBack(*this, in, note);
    }
    for (const auto& t : k.Callouts().KillThreads(m_id))
    {
        leaks.push_back(t);
    }
    for (const auto& t : k.Callouts().GetTimeouts(m_id))
    {
        leaks.push_back(t);
    }
    k.Callouts().CancelTimeouts(m_id);
    if (m_dip != nullptr)
    {
        for (const auto& minor : m_dip->minors)
        {
            note("minor", m_dip, "minor node \"" + minor + "\" not removed");
        }
    }
    // Memory and messages still held are reported, then given back, so that
    // the rest of the run (and a leak checker) is not charged with them.
    std::vector<PfhooksKernelLeak> held = k.Kmem().GetHeld(m_id);
    k.Kmem().Forget(m_id);
    for (const auto& l : held)
    {
        leaks.push_back(l);
        if (l.kind == "kmem")
        {
            std::free(reinterpret_cast<void*>(l.address));
        }
        else
        {
            freeb(reinterpret_cast<mblk_t*>(l.address));
        }
    }
    // At unload each item is the module's fault; at the end of a run a
    // loaded module may rightly hold things: a notice.
    bool unload = when == "at unload";
    for (const auto& l : leaks)
    {
        k.Log(nullptr,
              unload ? PFHOOKS_CE_WARN : PFHOOKS_CE_NOTE,
              std::string(unload ? "WARNING: " : "NOTICE: ") + "module " + m_name + " held " +
                  when + ": " + l.kind + " " +
                  (l.size != 0 ? std::to_string(l.size) + " bytes from " : std::string()) + l.site);
    }
    m_leaks = leaks;
    m_leaksWhen = when;
}

std::string
SolarisModule::SymbolAt(const void* addr) const
{
    uintptr_t off = reinterpret_cast<uintptr_t>(addr) - m_base;
    std::string name = m_symbols.At(off);
    if (!name.empty())
    {
        return name;
    }
    std::ostringstream os;
    os << m_name << ".so+0x" << std::hex << off;
    return os.str();
}

void
SolarisModule::Unmap()
{
    if (m_handle == nullptr)
    {
        return;
    }
    for (PfhooksUnloadHook* hook : PfhooksUnloadHook::GetRegistered())
    {
        hook->Unmapped(m_id);
    }
    SolarisKernel::Get().RemoveModule(this);
    delete m_dip;
    m_dip = nullptr;
    dlclose(m_handle);
    m_handle = nullptr;
    m_linkMap = nullptr;
    m_init = nullptr;
    m_fini = nullptr;
    m_info = nullptr;
    m_linkage = nullptr;
    m_attached = false;
}

void
SolarisModule::ScheduleLoad(Time at)
{
    NS_LOG_FUNCTION(this << at);
    Simulator::Schedule(at - Simulator::Now(),
                        [self = Ptr<SolarisModule>(this)]() { self->Load(); });
}

void
SolarisModule::ScheduleUnload(Time at)
{
    NS_LOG_FUNCTION(this << at);
    Simulator::Schedule(at - Simulator::Now(), [self = Ptr<SolarisModule>(this)]() {
        if (self->GetState() == LOADED)
        {
            self->Unload();
        }
        else
        {
            SolarisKernel::Get().Log(nullptr,
                                     PFHOOKS_CE_WARN,
                                     "WARNING: module " + self->GetPath() +
                                         " not unloaded: it is " + StateName(self->GetState()));
        }
    });
}

std::string
SolarisModule::GetLinkInfo() const
{
    if (m_linkage == nullptr || m_linkage->ml_linkage[0] == nullptr)
    {
        return "";
    }
    // modldrv and modlmisc both start with (mod_ops*, char* linkinfo).
    const auto* misc = static_cast<const struct modlmisc*>(m_linkage->ml_linkage[0]);
    return misc->misc_linkinfo != nullptr ? misc->misc_linkinfo : "";
}

int
SolarisModule::Install(struct modlinkage* ml)
{
    NS_LOG_FUNCTION(this << ml);
    if (m_state != LOADING)
    {
        return EBUSY;
    }
    if (ml->ml_rev != MODREV_1 || ml->ml_linkage[0] == nullptr)
    {
        return EINVAL;
    }
    for (void* l : ml->ml_linkage)
    {
        if (l == nullptr)
        {
            break;
        }
        auto* ops = *static_cast<struct mod_ops**>(l);
        if (ops != &mod_driverops && ops != &mod_miscops)
        {
            return EINVAL; // pfhooks loads drivers and misc modules
        }
    }
    m_linkage = ml;
    return 0;
}

int
SolarisModule::Remove(struct modlinkage* ml)
{
    NS_LOG_FUNCTION(this << ml);
    if (ml != m_linkage)
    {
        return EINVAL;
    }
    return m_attached ? EBUSY : 0;
}

int
SolarisModule::Info(struct modlinkage* ml, struct modinfo* mi)
{
    NS_LOG_FUNCTION(this << ml << mi);
    if (ml != m_linkage || mi == nullptr)
    {
        return 0;
    }
    std::strncpy(mi->mi_name, m_name.c_str(), sizeof(mi->mi_name) - 1);
    mi->mi_id = static_cast<int>(m_id);
    mi->mi_rev = ml->ml_rev;
    for (int i = 0; i < 7 && i < MODMAXLINK && ml->ml_linkage[i] != nullptr; ++i)
    {
        const auto* misc = static_cast<const struct modlmisc*>(ml->ml_linkage[i]);
        if (misc->misc_linkinfo != nullptr)
        {
            std::strncpy(mi->mi_msinfo[i].msi_linkinfo,
                         misc->misc_linkinfo,
                         sizeof(mi->mi_msinfo[i].msi_linkinfo) - 1);
        }
    }
    return 1;
}

std::vector<PfhooksKernelLeak>
SolarisModule::GetLeaks() const
{
    if (m_handle == nullptr)
    {
        return m_leaks;
    }
    SolarisKernel& k = SolarisKernel::Get();
    std::vector<PfhooksKernelLeak> held = k.Kmem().GetHeld(m_id);
    for (const auto& t : k.Callouts().GetTimeouts(m_id))
    {
        held.push_back(t);
    }
    return held;
}

std::string
SolarisModule::GetReport() const
{
    std::ostringstream os;
    SolarisKernel::Figures f = SolarisKernel::Get().GetFigures(m_id);
    os << "module " << m_name << " (" << m_path << "): " << StateName(m_state);
    if (!GetLinkInfo().empty())
    {
        os << ", \"" << GetLinkInfo() << "\"";
    }
    os << "\n  kmem: " << f.kmemAllocs << " allocations, " << f.kmemFrees << " frees, "
       << f.kmemBytes << " bytes held, peak " << f.kmemPeakBytes << " bytes"
       << (f.kmemFailed != 0 ? ", " + std::to_string(f.kmemFailed) + " KM_NOSLEEP failed on purpose"
                             : std::string())
       << "\n  mblk: " << f.mblkAllocs << " allocated, " << f.mblkFrees << " freed";
    if (f.netInstanceRegisters != 0)
    {
        os << "\n  net instances registered: " << f.netInstanceRegisters;
    }
    std::set<std::string> families;
    for (const auto* byFamily :
         {&f.instanceNotifies, &f.protocolNotifies, &f.eventNotifies, &f.hookRuns})
    {
        for (const auto& [name, n] : *byFamily)
        {
            families.insert(name);
        }
    }
    for (const auto& fam : families)
    {
        auto at = [&fam](const std::map<std::string, uint64_t>& by) {
            auto it = by.find(fam);
            return it != by.end() ? it->second : 0;
        };
        os << "\n  " << fam << ": notifications instance " << at(f.instanceNotifies)
           << ", protocol " << at(f.protocolNotifies) << ", event " << at(f.eventNotifies)
           << "; hook runs " << at(f.hookRuns);
    }
    if (!m_error.empty())
    {
        os << "\n  error: " << m_error;
    }
    for (const PfhooksUnloadHook* hook : PfhooksUnloadHook::GetRegistered())
    {
        os << hook->Report(*this);
    }
    std::vector<PfhooksKernelLeak> leaks = GetLeaks();
    os << "\n  " << (m_handle != nullptr ? "held now: " : "left " + m_leaksWhen + ": ")
       << (leaks.empty() ? "nothing" : std::to_string(leaks.size()) + " item(s)");
    for (const auto& l : leaks)
    {
        os << "\n    " << l.kind;
        if (l.size != 0)
        {
            os << " " << l.size << " bytes from " << l.site;
        }
        else
        {
            os << " " << l.site;
        }
    }
    os << "\n";
    return os.str();
}

} // namespace ns3

namespace ns3
{

struct dev_ops*
SolarisModule::GetDevOps() const
{
    struct modldrv* drv = DriverLinkage(m_linkage);
    return drv != nullptr ? drv->drv_dev_ops : nullptr;
}

} // namespace ns3
