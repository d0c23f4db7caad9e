/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-contract-checker.h"

#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet-checksums.h"
#include "ns3/pfhooks-net-instance-registry.h"
#include "ns3/simulator.h"
#include "ns3/solaris-kernel.h"
#include "ns3/solaris-module.h"

#include <dlfcn.h>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksContractChecker");

PfhooksContractChecker&
PfhooksContractChecker::Get()
{
    static PfhooksContractChecker c;
    return c;
}

namespace
{
/// The checker watches from the start, as ns-3 registers its types.
[[maybe_unused]] const bool g_watching =
    (PfhooksObserver::Add(&PfhooksContractChecker::Get()), true);
} // namespace

std::vector<PfhooksContractFinding>
PfhooksContractChecker::GetFindings(const std::string& module) const
{
    NS_LOG_FUNCTION(this << module);
    std::vector<PfhooksContractFinding> out;
    for (const auto& f : m_findings)
    {
        if (f.module == module)
        {
            out.push_back(f);
        }
    }
    return out;
}

void
PfhooksContractChecker::Clear()
{
    NS_LOG_FUNCTION(this);
    m_findings.clear();
    m_index.clear();
    m_unkept.clear();
}

int32_t
PfhooksContractChecker::NodeOf(netid_t netid)
{
    PfhooksIpProvider* ip = PfhooksNetInstanceRegistry::Get().GetIpInstance(netid);
    return ip != nullptr && ip->GetNode() ? static_cast<int32_t>(ip->GetNode()->GetId()) : -1;
}

std::string
PfhooksContractChecker::Where(const void* addr)
{
    // The function the address lies in, as a debugger would name it.
    if (SolarisModule* m = SolarisKernel::Get().ModuleAt(addr))
    {
        return m->GetName() + "`" + m->SymbolAt(addr);
    }
    Dl_info info;
    if (addr != nullptr && dladdr(addr, &info) != 0 && info.dli_sname != nullptr)
    {
        std::ostringstream os;
        os << info.dli_sname << "+0x" << std::hex
           << (static_cast<const char*>(addr) - static_cast<const char*>(info.dli_saddr));
        return os.str();
    }
    std::ostringstream os;
    os << addr;
    return os.str();
}

PfhooksContractFinding*
PfhooksContractChecker::Report(SolarisModule* m,
                               netid_t netid,
                               const std::string& what,
                               const std::string& site)
{
    PfhooksContractFinding f;
    f.time = Simulator::Now();
    f.module = m != nullptr ? m->GetName() : "kernel";
    f.netid = netid;
    f.what = what;
    f.site = site;
    auto key = std::make_tuple(f.module, netid, what, site);
    auto seen = m_index.find(key);
    if (seen != m_index.end())
    {
        PfhooksContractFinding& kept = m_findings[seen->second];
        kept.repeats++;
        return &kept;
    }
    if (m_findings.size() >= kMaxFindings)
    {
        if (m_unkept[f.module]++ == 0)
        {
            SolarisKernel::Get().Log(m,
                                     PFHOOKS_CE_WARN,
                                     "WARNING: contract: more than " +
                                         std::to_string(kMaxFindings) +
                                         " distinct findings: further ones are counted only");
        }
        return nullptr;
    }
    f.node = netid >= 0 ? NodeOf(netid) : -1;
    m_index[key] = m_findings.size();
    m_findings.push_back(f);
    std::ostringstream os;
    os << "WARNING: contract: " << what;
    if (netid >= 0)
    {
        os << " (instance " << netid;
        if (f.node >= 0)
        {
            os << ", node " << f.node;
        }
        os << ")";
    }
    os << " at " << site;
    SolarisKernel::Get().Log(m, PFHOOKS_CE_WARN, os.str());
    return &m_findings.back();
}

bool
PfhooksContractChecker::KeyOf(net_handle_t h, std::pair<netid_t, std::string>* key) const
{
    if (PfhooksNetInstanceRegistry::Get().IsHandle(h))
    {
        *key = {h->netid, h->name};
        return true;
    }
    // A handle the registry freed after its last release: what it was.
    auto it = m_released.find(h);
    if (it == m_released.end())
    {
        return false;
    }
    *key = it->second;
    return true;
}

void
PfhooksContractChecker::ProtocolLookup(const void* caller, net_handle_t h)
{
    NS_LOG_FUNCTION(this << caller << h);
    m_released.erase(h); // the address may be a new handle's
    SolarisModule* m = SolarisKernel::Get().ModuleAt(caller);
    if (m != nullptr && h != nullptr)
    {
        ++m_refs[{m->GetId(), h->netid, h->name}];
    }
}

void
PfhooksContractChecker::ProtocolRelease(const void* caller, net_handle_t h)
{
    NS_LOG_FUNCTION(this << caller << h);
    SolarisModule* m = SolarisKernel::Get().ModuleAt(caller);
    std::pair<netid_t, std::string> key;
    if (m == nullptr || !KeyOf(h, &key))
    {
        return;
    }
    auto it = m_refs.find({m->GetId(), key.first, key.second});
    if (it == m_refs.end() || it->second <= 0)
    {
        Report(m,
               key.first,
               "net_protocol_release of a " + key.second +
                   " handle the module does not hold (released more often than looked up)",
               Where(caller));
        return;
    }
    if (--it->second == 0)
    {
        m_released[h] = key;
    }
}

void
PfhooksContractChecker::HandleUse(const void* caller, net_handle_t h, const char* who)
{
    NS_LOG_FUNCTION(this << caller << h << who);
    SolarisModule* m = SolarisKernel::Get().ModuleAt(caller);
    std::pair<netid_t, std::string> key;
    if (m == nullptr || !KeyOf(h, &key))
    {
        return;
    }
    auto it = m_refs.find({m->GetId(), key.first, key.second});
    if (it != m_refs.end() && it->second <= 0)
    {
        Report(m,
               key.first,
               std::string(who) + " through a " + key.second + " handle after net_protocol_release",
               Where(caller));
    }
}

void
PfhooksContractChecker::HookRegistered(const void* caller,
                                       netid_t netid,
                                       const std::string& family,
                                       const std::string& event,
                                       const hook_t* hook)
{
    NS_LOG_FUNCTION(this << caller << netid << family << event << hook);
    SolarisModule* m = SolarisKernel::Get().ModuleAt(caller);
    if (m == nullptr || hook == nullptr || hook->h_name == nullptr)
    {
        return;
    }
    m_hooks[{netid, family, event, hook->h_name}] =
        LiveHook{m, m->GetId(), Where(reinterpret_cast<const void*>(hook->h_func))};
}

void
PfhooksContractChecker::HookUnregistered(const void* caller,
                                         netid_t netid,
                                         const std::string& family,
                                         const std::string& event,
                                         const char* name,
                                         uint64_t hits)
{
    NS_LOG_FUNCTION(this << caller << netid << family << event << hits);
    if (name != nullptr)
    {
        m_hooks.erase({netid, family, event, name});
    }
}

void
PfhooksContractChecker::Injected(const void* caller,
                                 net_handle_t h,
                                 const uint8_t* bytes,
                                 std::size_t len)
{
    NS_LOG_FUNCTION(this << caller << h << len);
    SolarisModule* m = SolarisKernel::Get().ModuleAt(caller);
    if (m == nullptr)
    {
        return;
    }
    std::string wrong = CheckDatagramChecksums(bytes, len);
    if (!wrong.empty())
    {
        Report(m, h->netid, "net_inject of a datagram a receiver rejects: " + wrong, Where(caller));
    }
}

void
PfhooksContractChecker::NetInstanceFreedWhileRegistered(const void* caller, const std::string& name)
{
    NS_LOG_FUNCTION(this << caller << name);
    SolarisModule* m = SolarisKernel::Get().ModuleAt(caller);
    Report(m,
           -1,
           "net_instance_free of net instance \"" + name +
               "\" while it is registered (unregistered first)",
           Where(caller));
}

void
PfhooksContractChecker::FreedAndAccepted(netid_t netid,
                                         const std::string& where,
                                         const std::vector<hook_t>& hooks)
{
    NS_LOG_FUNCTION(this << netid << where);
    // One hook: the engine's check after each hook found it.  Several: the
    // run had no such check, every module hook on the event is named.
    for (const hook_t& h : hooks)
    {
        SolarisModule* m = SolarisKernel::Get().ModuleAt(reinterpret_cast<const void*>(h.h_func));
        if (m != nullptr)
        {
            Report(m,
                   netid,
                   "a hook on " + where +
                       " freed the packet and returned 0 (the packet was dropped); hook \"" +
                       h.h_name + (hooks.size() == 1 ? "\" did" : "\" is one of the event's"),
                   Where(reinterpret_cast<const void*>(h.h_func)));
        }
    }
}

void
PfhooksContractChecker::ModuleGone(uint32_t moduleId)
{
    NS_LOG_FUNCTION(this << moduleId);
    for (auto it = m_hooks.begin(); it != m_hooks.end();)
    {
        it = it->second.moduleId == moduleId ? m_hooks.erase(it) : std::next(it);
    }
    for (auto it = m_refs.begin(); it != m_refs.end();)
    {
        it = std::get<0>(it->first) == moduleId ? m_refs.erase(it) : std::next(it);
    }
}

void
PfhooksContractChecker::InstanceDestroyed(netid_t netid, int32_t node)
{
    NS_LOG_FUNCTION(this << netid << node);
    for (auto it = m_hooks.begin(); it != m_hooks.end();)
    {
        const auto& [id, family, event, name] = it->first;
        if (id != netid)
        {
            ++it;
            continue;
        }
        const LiveHook& l = it->second;
        // Only a module still mapped under the same load can be named.
        SolarisModule* m = nullptr;
        for (SolarisModule* x : SolarisKernel::Get().GetModules())
        {
            if (x == l.module && x->GetId() == l.moduleId)
            {
                m = x;
            }
        }
        if (PfhooksContractFinding* f =
                Report(m,
                       -1,
                       "hook \"" + name + "\" still registered on " + family + "/" + event +
                           " of instance " + std::to_string(netid) + " (node " +
                           std::to_string(node) + ") when the instance was destroyed",
                       l.site))
        {
            f->netid = netid;
            f->node = node;
        }
        it = m_hooks.erase(it);
    }
}

} // namespace ns3
