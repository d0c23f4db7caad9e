/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Thin C layer: argument checks, conversion and a call into the engine.
 */
#include "pfhooks-neti.h"

#include "ns3/log.h"
#include "ns3/pfhooks-contract-checker.h"
#include "ns3/pfhooks-hook-stack.h"
#include "ns3/pfhooks-ip-instance.h"
#include "ns3/pfhooks-kstats.h"
#include "ns3/pfhooks-net-instance-registry.h"
#include "ns3/pfhooks-netinfo-queries.h"
#include "ns3/pfhooks-node-tap.h"
#include "ns3/solaris-kernel.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <vector>

NS_LOG_COMPONENT_DEFINE("PfhooksNeti");

// Who called a C function: the contract checker tells a loaded module's
// calls by this address (modules are built without sibling calls).
#define PFH_CALLER __builtin_return_address(0)

using namespace ns3;

namespace
{

PfhooksNetInstanceRegistry&
Reg()
{
    return PfhooksNetInstanceRegistry::Get();
}

PfhooksNotifyList::Entry
Entry(hook_notify_fn_t fn, void* arg)
{
    PfhooksNotifyList::Entry e;
    e.fn = fn;
    e.arg = arg;
    return e;
}

/**
 * The family behind a handle.
 * \return 0 with *f set; EINVAL for a pointer that is no handle (logged);
 *         `gone` when IP has removed the family (illumos: netd_hooks NULL)
 */
int
FamilyOf(net_handle_t h, const char* who, int gone, Ptr<PfhooksHookFamily>* f, const void* caller)
{
    PfhooksContractChecker::Get().Use(caller, h, who);
    if (!Reg().IsHandle(h))
    {
        NS_LOG_WARN(who << ": " << h << " is not a protocol handle from net_protocol_lookup");
        return EINVAL;
    }
    if (!h->family)
    {
        NS_LOG_INFO(who << ": " << h->name << " of instance " << h->netid << " is gone");
        return gone;
    }
    *f = h->family;
    return 0;
}

/// calloc()ed T with its version field set (the *_alloc(9F) functions).
template <typename T, typename V>
T*
AllocVersioned(V T::*field, int version)
{
    auto* t = static_cast<T*>(std::calloc(1, sizeof(T)));
    if (t != nullptr)
    {
        t->*field = version;
    }
    return t;
}

void*
CallCreate(void* (*fn)(const netid_t), netid_t id)
{
    return fn(id);
}

void
CallState(void (*fn)(const netid_t, void*), netid_t id, void* arg)
{
    fn(id, arg);
}

} // namespace

extern "C" net_instance_t*
net_instance_alloc(const int version)
{
    if (version != NETINFO_VERSION)
    {
        return nullptr;
    }
    return AllocVersioned(&net_instance_t::nin_version, version);
}

extern "C" void
net_instance_free(net_instance_t* ni)
{
    if (ni != nullptr && Reg().IsRegistered(ni))
    {
        // Its callbacks would be called through freed memory.
        PfhooksContractChecker::Get().FreedWhileRegistered(PFH_CALLER, ni);
        Reg().Unregister(ni);
    }
    std::free(ni);
}

extern "C" int
net_instance_register(net_instance_t* ni)
{
    if (ni == nullptr || ni->nin_name == nullptr)
    {
        NS_LOG_WARN("net_instance_register: no net instance or no nin_name");
        return -1;
    }
    NetInstanceCreateCallback create;
    NetInstanceStateCallback shutdown;
    NetInstanceStateCallback destroy;
    if (ni->nin_create != nullptr)
    {
        create = MakeBoundCallback(&CallCreate, ni->nin_create);
    }
    if (ni->nin_shutdown != nullptr)
    {
        shutdown = MakeBoundCallback(&CallState, ni->nin_shutdown);
    }
    if (ni->nin_destroy != nullptr)
    {
        destroy = MakeBoundCallback(&CallState, ni->nin_destroy);
    }
    int rv = Reg().Register(ni, ni->nin_name, create, shutdown, destroy);
    if (rv == 0)
    {
        SolarisKernel::Get().CountRegistration(PFH_CALLER);
    }
    return rv;
}

extern "C" int
net_instance_unregister(net_instance_t* ni)
{
    return Reg().Unregister(ni);
}

extern "C" int
net_instance_notify_register(netid_t netid, hook_notify_fn_t callback, void* arg)
{
    Ptr<PfhooksHookStack> stack = Reg().GetStack(netid);
    if (!stack || callback == nullptr)
    {
        return ESRCH;
    }
    return stack->NotifyRegister(Entry(callback, arg));
}

extern "C" int
net_instance_notify_unregister(netid_t netid, hook_notify_fn_t callback)
{
    Ptr<PfhooksHookStack> stack = Reg().GetStack(netid);
    if (!stack)
    {
        return ESRCH;
    }
    return stack->NotifyUnregister(Entry(callback, nullptr));
}

extern "C" net_handle_t
net_protocol_lookup(netid_t netid, const char* protocol)
{
    if (protocol == nullptr)
    {
        return nullptr;
    }
    net_handle_t h = Reg().LookupProtocol(netid, protocol);
    if (h != nullptr)
    {
        PfhooksContractChecker::Get().Lookup(PFH_CALLER, h);
    }
    return h;
}

extern "C" int
net_protocol_release(net_handle_t info)
{
    PfhooksContractChecker::Get().Release(PFH_CALLER, info);
    return Reg().ReleaseProtocol(info);
}

extern "C" int
net_protocol_notify_register(net_handle_t family, hook_notify_fn_t callback, void* arg)
{
    Ptr<PfhooksHookFamily> f;
    int rv = FamilyOf(family, "net_protocol_notify_register", ESHUTDOWN, &f, PFH_CALLER);
    if (rv != 0 || callback == nullptr)
    {
        return rv != 0 ? rv : EINVAL;
    }
    return f->NotifyRegister(Entry(callback, arg));
}

extern "C" int
net_protocol_notify_unregister(net_handle_t family, hook_notify_fn_t callback)
{
    // illumos would follow a NULL netd_hooks here; ENXIO instead.
    Ptr<PfhooksHookFamily> f;
    int rv = FamilyOf(family, "net_protocol_notify_unregister", ENXIO, &f, PFH_CALLER);
    return rv != 0 ? rv : f->NotifyUnregister(Entry(callback, nullptr));
}

extern "C" int
net_event_notify_register(net_handle_t family, char* event, hook_notify_fn_t callback, void* arg)
{
    Ptr<PfhooksHookFamily> f;
    int rv = FamilyOf(family, "net_event_notify_register", ESHUTDOWN, &f, PFH_CALLER);
    if (rv != 0 || callback == nullptr)
    {
        return rv != 0 ? rv : EINVAL;
    }
    return event == nullptr ? ESRCH : f->EventNotifyRegister(event, Entry(callback, arg));
}

extern "C" int
net_event_notify_unregister(net_handle_t family, char* event, hook_notify_fn_t callback)
{
    Ptr<PfhooksHookFamily> f;
    int rv = FamilyOf(family, "net_event_notify_unregister", ENXIO, &f, PFH_CALLER);
    if (rv != 0)
    {
        return rv;
    }
    return event == nullptr ? ESRCH : f->EventNotifyUnregister(event, Entry(callback, nullptr));
}

extern "C" int
net_hook_register(net_handle_t info, char* event, hook_t* hook)
{
    Ptr<PfhooksHookFamily> f;
    int rv = FamilyOf(info, "net_hook_register", ESHUTDOWN, &f, PFH_CALLER);
    if (rv != 0 || hook == nullptr)
    {
        return rv != 0 ? rv : EINVAL;
    }
    if (event == nullptr)
    {
        return ENXIO;
    }
    if (f->GetStack() == nullptr || f->GetStack()->GetShutdown() != 0)
    {
        NS_LOG_WARN("net_hook_register("
                    << info->name << ", " << event << ", "
                    << (hook->h_name ? hook->h_name : "(null)") << "): instance " << info->netid
                    << " is shutting down; not registered (illumos returns 0)");
        return f->HookRegister(event, hook, nullptr);
    }
    rv = f->HookRegister(event, hook, nullptr);
    if (rv == 0)
    {
        PfhooksContractChecker::Get().HookRegistered(PFH_CALLER, info, event, hook);
    }
    return rv;
}

extern "C" int
net_hook_unregister(net_handle_t info, char* event, hook_t* hook)
{
    Ptr<PfhooksHookFamily> f;
    int rv = FamilyOf(info, "net_hook_unregister", ENXIO, &f, PFH_CALLER);
    if (rv != 0 || hook == nullptr)
    {
        return rv != 0 ? rv : EINVAL;
    }
    if (event == nullptr)
    {
        return ENXIO;
    }
    // The hook's runs, before its kstats go with it.
    uint64_t hits = 0;
    if (Ptr<PfhooksHookEvent> ev = hook->h_name != nullptr ? f->FindEvent(event) : nullptr)
    {
        for (const auto& k : ev->GetHookKstats())
        {
            hits += k.name == hook->h_name ? k.hits : 0;
        }
    }
    rv = f->HookUnregister(event, hook);
    if (rv == 0)
    {
        SolarisKernel::Get().CountHookRuns(PFH_CALLER, info->name, hits);
        PfhooksContractChecker::Get().HookUnregistered(PFH_CALLER, info, event, hook);
    }
    return rv;
}

extern "C" hook_t*
hook_alloc(const int version)
{
    return AllocVersioned(&hook_t::h_version, version);
}

extern "C" void
hook_free(hook_t* hook)
{
    std::free(hook);
}

extern "C" net_inject_t*
net_inject_alloc(const int version)
{
    return AllocVersioned(&net_inject_t::ni_version, version);
}

extern "C" void
net_inject_free(net_inject_t* inject)
{
    std::free(inject);
}

extern "C" int
net_inject(net_handle_t info, inject_t style, net_inject_t* packet)
{
    Ptr<PfhooksHookFamily> f;
    if (FamilyOf(info, "net_inject", -1, &f, PFH_CALLER) != 0 || packet == nullptr ||
        packet->ni_packet == nullptr)
    {
        return -1;
    }
    PfhooksIpInstance* ip = Reg().GetIpInstance(info->netid);
    // ARP takes no injected packets (illumos net_no_inject()).
    if (ip == nullptr || !ip->GetTap() || (info->name != NHF_INET && info->name != NHF_INET6))
    {
        return -1;
    }
    // The message is consumed (0 and 1): its bytes go into an ns-3 packet.
    mblk_t* mp = packet->ni_packet;
    std::vector<uint8_t> bytes(msgdsize(mp));
    pfhooks_msg_copy(mp, bytes.data());
    PfhooksContractChecker::Get().Injected(PFH_CALLER, info, bytes.data(), bytes.size());
    int rv = ip->GetTap()->Inject(info->name == NHF_INET ? PFH_INET : PFH_INET6,
                                  style,
                                  bytes.data(),
                                  static_cast<uint32_t>(bytes.size()),
                                  packet->ni_physical,
                                  &packet->ni_addr);
    if (rv == 0)
    {
        PfhooksHookEvent::NoteInjection(); // the injecting hook's kstat
    }
    if (rv != -1) // -1: nothing done, the message is still the caller's
    {
        freemsg(mp);
        packet->ni_packet = nullptr;
    }
    return rv;
}

extern "C" netid_t
net_getnetid(net_handle_t info)
{
    if (!Reg().IsHandle(info) || info->condemned)
    {
        return -1;
    }
    return info->netid;
}

extern "C" zoneid_t
net_getzoneidbynetid(netid_t netid)
{
    PfhooksIpInstance* ip = Reg().GetIpInstance(netid);
    return ip != nullptr && ip->IsRunning() ? ip->GetZoneId() : -1;
}

extern "C" zoneid_t
net_netidtozonid(netid_t netid)
{
    return net_getzoneidbynetid(netid);
}

extern "C" netid_t
net_zoneidtonetid(zoneid_t zoneid)
{
    // The zone of an instance is its netid (PfhooksIpInstance::GetZoneId).
    return zoneid >= 0 && net_getzoneidbynetid(zoneid) == zoneid ? zoneid : -1;
}

extern "C" netid_t
net_getnetidbynetstackid(int stackid)
{
    return net_zoneidtonetid(stackid); // exclusive stacks: stack id = zone id
}

extern "C" int
net_getnetstackidbynetid(netid_t netid)
{
    return net_getzoneidbynetid(netid);
}

namespace
{

/**
 * The queries behind a handle; false (with *gone = -1 as the caller's
 * answer) for a pointer that is no handle or a family that is gone.
 */
bool
QueriesOf(net_handle_t h, const char* who, PfhooksIpInstance** ip, const void* caller)
{
    Ptr<PfhooksHookFamily> f;
    if (FamilyOf(h, who, -1, &f, caller) != 0)
    {
        return false;
    }
    *ip = Reg().GetIpInstance(h->netid);
    return *ip != nullptr;
}

PfhooksFamily
FamilyIndex(net_handle_t h)
{
    return h->name == NHF_INET6 ? PFH_INET6 : h->name == NHF_ARP ? PFH_ARP : PFH_INET;
}

} // namespace

extern "C" net_handle_t
net_protocol_walk(netid_t netid, net_handle_t info)
{
    // illumos's loop skips the live families (its test is inverted); this
    // walks the live ones, in the instance's order, as the man page means.
    Ptr<PfhooksHookStack> stack = Reg().GetStack(netid);
    if (!stack)
    {
        return nullptr;
    }
    std::vector<std::string> names = stack->GetFamilyNames();
    std::reverse(names.begin(), names.end()); // registration order
    size_t start = 0;
    if (info != nullptr)
    {
        for (size_t k = 0; k < names.size(); k++)
        {
            if (Reg().IsHandle(info) && names[k] == info->name)
            {
                start = k + 1;
            }
        }
        net_protocol_release(info);
        if (start == 0)
        {
            return nullptr;
        }
    }
    for (size_t k = start; k < names.size(); k++)
    {
        if (net_handle_t h = Reg().LookupProtocol(netid, names[k]))
        {
            return h;
        }
    }
    return nullptr;
}

extern "C" phy_if_t
net_phygetnext(net_handle_t info, phy_if_t nic)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_phygetnext", &ip, PFH_CALLER))
    {
        return static_cast<phy_if_t>(-1);
    }
    return PfhooksNetinfoQueries(ip, FamilyIndex(info)).PhyGetNext(nic);
}

extern "C" phy_if_t
net_phylookup(net_handle_t info, const char* name)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_phylookup", &ip, PFH_CALLER))
    {
        return static_cast<phy_if_t>(-1);
    }
    return name ? PfhooksNetinfoQueries(ip, FamilyIndex(info)).PhyLookup(name) : 0;
}

extern "C" int
net_getifname(net_handle_t info, phy_if_t nic, char* buffer, const size_t buflen)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_getifname", &ip, PFH_CALLER))
    {
        return -1;
    }
    return PfhooksNetinfoQueries(ip, FamilyIndex(info)).GetIfName(nic, buffer, buflen);
}

extern "C" int
net_getmtu(net_handle_t info, phy_if_t nic, lif_if_t ifdata)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_getmtu", &ip, PFH_CALLER) || FamilyIndex(info) == PFH_ARP)
    {
        return -1; // ARP: net_no_getmtu()
    }
    return PfhooksNetinfoQueries(ip, FamilyIndex(info)).GetMtu(nic, ifdata);
}

extern "C" int
net_getpmtuenabled(net_handle_t info)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_getpmtuenabled", &ip, PFH_CALLER) || FamilyIndex(info) == PFH_ARP)
    {
        return -1;
    }
    return PfhooksNetinfoQueries(ip, FamilyIndex(info)).GetPmtuEnabled();
}

extern "C" lif_if_t
net_lifgetnext(net_handle_t info, phy_if_t nic, lif_if_t ifdata)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_lifgetnext", &ip, PFH_CALLER) || FamilyIndex(info) == PFH_ARP)
    {
        return static_cast<lif_if_t>(-1);
    }
    return PfhooksNetinfoQueries(ip, FamilyIndex(info)).LifGetNext(nic, ifdata);
}

extern "C" int
net_getlifaddr(net_handle_t info,
               phy_if_t nic,
               lif_if_t ifdata,
               int nelem,
               net_ifaddr_t type[],
               void* storage)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_getlifaddr", &ip, PFH_CALLER) || FamilyIndex(info) == PFH_ARP)
    {
        return -1;
    }
    if (nelem < 0 || (nelem > 0 && (type == nullptr || storage == nullptr)))
    {
        return 1;
    }
    // A C caller may pass any int as a kind: read them raw (loading an
    // out-of-range enum is undefined behaviour in C++).
    static_assert(sizeof(net_ifaddr_t) == sizeof(int), "kinds are read as ints");
    std::vector<int> kinds(nelem);
    std::memcpy(kinds.data(), type, nelem * sizeof(int));
    std::vector<struct sockaddr_storage> out(nelem);
    int rv = PfhooksNetinfoQueries(ip, FamilyIndex(info))
                 .GetLifAddr(nic, ifdata, nelem, kinds.data(), out.data());
    if (rv == 0)
    {
        // As illumos: an array of sockaddr_in (IPv4) or sockaddr_in6 (IPv6).
        size_t each = FamilyIndex(info) == PFH_INET6 ? sizeof(struct sockaddr_in6)
                                                     : sizeof(struct sockaddr_in);
        for (int k = 0; k < nelem; k++)
        {
            std::memcpy(static_cast<char*>(storage) + k * each, &out[k], each);
        }
    }
    return rv;
}

extern "C" int
net_getlifzone(net_handle_t info, phy_if_t nic, lif_if_t ifdata, zoneid_t* zoneid)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_getlifzone", &ip, PFH_CALLER) || FamilyIndex(info) == PFH_ARP)
    {
        return -1; // ARP: no logical interfaces
    }
    return PfhooksNetinfoQueries(ip, FamilyIndex(info)).GetLifZone(nic, ifdata, zoneid);
}

extern "C" int
net_getlifflags(net_handle_t info, phy_if_t nic, lif_if_t ifdata, uint64_t* flags)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_getlifflags", &ip, PFH_CALLER) || FamilyIndex(info) == PFH_ARP)
    {
        return -1;
    }
    return PfhooksNetinfoQueries(ip, FamilyIndex(info)).GetLifFlags(nic, ifdata, flags);
}

extern "C" phy_if_t
net_routeto(net_handle_t info, struct sockaddr* address, struct sockaddr* next)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_routeto", &ip, PFH_CALLER) || FamilyIndex(info) == PFH_ARP)
    {
        return static_cast<phy_if_t>(-1);
    }
    return PfhooksNetinfoQueries(ip, FamilyIndex(info)).RouteTo(address, next);
}

extern "C" int
net_ispartialchecksum(net_handle_t info, mblk_t* mp)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_ispartialchecksum", &ip, PFH_CALLER) || FamilyIndex(info) == PFH_ARP)
    {
        return -1;
    }
    return 0; // NET_HCK_NONE: simulated devices offload no checksum
}

extern "C" int
net_isvalidchecksum(net_handle_t info, mblk_t* mp)
{
    PfhooksIpInstance* ip;
    if (!QueriesOf(info, "net_isvalidchecksum", &ip, PFH_CALLER))
    {
        return -1;
    }
    // ARP shares IPv4's check in illumos (arp_netinfo uses ip_isvalidchecksum).
    PfhooksFamily f = FamilyIndex(info) == PFH_ARP ? PFH_INET : FamilyIndex(info);
    return PfhooksNetinfoQueries(ip, f).IsValidChecksum(mp);
}

extern "C" int
net_kstat_read(netid_t netid,
               const char* module,
               const char* name,
               const char* statistic,
               uint64_t* value)
{
    PfhooksIpInstance* ip = Reg().GetIpInstance(netid);
    if (ip == nullptr || !ip->IsRunning())
    {
        return ESRCH;
    }
    return ReadKstat(*ip, module, name, statistic, value);
}

extern "C" int
net_kstat_walk(netid_t netid, net_kstat_walk_fn_t fn, void* arg)
{
    PfhooksIpInstance* ip = Reg().GetIpInstance(netid);
    if (ip == nullptr || !ip->IsRunning())
    {
        return ESRCH;
    }
    if (fn == nullptr)
    {
        return EINVAL;
    }
    for (const PfhooksKstatRow& r : CollectKstats(*ip))
    {
        std::string module = r.hook.empty() ? r.hookFamily : r.hookFamily + "/" + r.event;
        const std::string& name = r.hook.empty() ? r.event : r.hook;
        int rv =
            fn(netid, module.c_str(), name.c_str(), r.hook.empty() ? "hook_event" : "hook", arg);
        if (rv != 0)
        {
            return rv;
        }
    }
    return 0;
}
