/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Thin C layer: argument checks, conversion and a call into the engine,
 * with the caller's address (PFH_CALLER) for the engine's observers.  The
 * netinfo functions are neti_impl.c's: a handle check, then a call through
 * the family's table (PfhooksNetProtocol).
 */
#include "pfhooks-neti.h"

#include "pfhooks-neti-allocations.h"

#include "ns3/log.h"
#include "ns3/pfhooks-hook-stack.h"
#include "ns3/pfhooks-ip-instance.h"
#include "ns3/pfhooks-kstats.h"
#include "ns3/pfhooks-net-instance-registry.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <vector>

NS_LOG_COMPONENT_DEFINE("PfhooksNeti");

// Who called a C function, handed to the engine for its observers: the
// contract checker and the per-module figures tell a loaded module's calls
// by this address (modules are built without sibling calls).
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
    net_instance_t* ni = AllocVersioned(&net_instance_t::nin_version, version);
    PfhooksNetiAllocations::Allocated(ni, PFH_CALLER, "net_instance_t", "net_instance_alloc");
    return ni;
}

extern "C" void
net_instance_free(net_instance_t* ni)
{
    if (ni != nullptr)
    {
        Reg().InstanceFreed(ni, PFH_CALLER);
    }
    PfhooksNetiAllocations::Freed(ni);
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
    return Reg().Register(ni, ni->nin_name, create, shutdown, destroy, PFH_CALLER);
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
    return Reg().LookupProtocol(netid, protocol, PFH_CALLER);
}

extern "C" int
net_protocol_release(net_handle_t info)
{
    return Reg().ReleaseProtocol(info, PFH_CALLER);
}

extern "C" int
net_protocol_notify_register(net_handle_t family, hook_notify_fn_t callback, void* arg)
{
    Ptr<PfhooksHookFamily> f;
    int rv = Reg().FamilyOf(family, "net_protocol_notify_register", ESHUTDOWN, &f, PFH_CALLER);
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
    int rv = Reg().FamilyOf(family, "net_protocol_notify_unregister", ENXIO, &f, PFH_CALLER);
    return rv != 0 ? rv : f->NotifyUnregister(Entry(callback, nullptr));
}

extern "C" int
net_event_notify_register(net_handle_t family, char* event, hook_notify_fn_t callback, void* arg)
{
    Ptr<PfhooksHookFamily> f;
    int rv = Reg().FamilyOf(family, "net_event_notify_register", ESHUTDOWN, &f, PFH_CALLER);
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
    int rv = Reg().FamilyOf(family, "net_event_notify_unregister", ENXIO, &f, PFH_CALLER);
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
    int rv = Reg().FamilyOf(info, "net_hook_register", ESHUTDOWN, &f, PFH_CALLER);
    if (rv != 0 || hook == nullptr)
    {
        return rv != 0 ? rv : EINVAL;
    }
    return event == nullptr ? ENXIO : f->HookRegister(event, hook, nullptr, PFH_CALLER);
}

extern "C" int
net_hook_unregister(net_handle_t info, char* event, hook_t* hook)
{
    Ptr<PfhooksHookFamily> f;
    int rv = Reg().FamilyOf(info, "net_hook_unregister", ENXIO, &f, PFH_CALLER);
    if (rv != 0 || hook == nullptr)
    {
        return rv != 0 ? rv : EINVAL;
    }
    return event == nullptr ? ENXIO : f->HookUnregister(event, hook, PFH_CALLER);
}

extern "C" hook_t*
hook_alloc(const int version)
{
    hook_t* hook = AllocVersioned(&hook_t::h_version, version);
    PfhooksNetiAllocations::Allocated(hook, PFH_CALLER, "hook_t", "hook_alloc");
    return hook;
}

extern "C" void
hook_free(hook_t* hook)
{
    PfhooksNetiAllocations::Freed(hook);
    std::free(hook);
}

extern "C" net_inject_t*
net_inject_alloc(const int version)
{
    net_inject_t* inject = AllocVersioned(&net_inject_t::ni_version, version);
    PfhooksNetiAllocations::Allocated(inject, PFH_CALLER, "net_inject_t", "net_inject_alloc");
    return inject;
}

extern "C" void
net_inject_free(net_inject_t* inject)
{
    PfhooksNetiAllocations::Freed(inject);
    std::free(inject);
}

extern "C" int
net_inject(net_handle_t info, inject_t style, net_inject_t* packet)
{
    if (!Reg().Queryable(info, "net_inject", PFH_CALLER))
    {
        return -1;
    }
    return info->proto->inject(info, style, packet, PFH_CALLER);
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
    PfhooksIpProvider* ip = Reg().GetIpInstance(netid);
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
    if (!Reg().Queryable(info, "net_phygetnext", PFH_CALLER))
    {
        return static_cast<phy_if_t>(-1);
    }
    return info->proto->phygetnext(info, nic);
}

extern "C" phy_if_t
net_phylookup(net_handle_t info, const char* name)
{
    if (!Reg().Queryable(info, "net_phylookup", PFH_CALLER))
    {
        return static_cast<phy_if_t>(-1);
    }
    return info->proto->phylookup(info, name);
}

extern "C" int
net_getifname(net_handle_t info, phy_if_t nic, char* buffer, const size_t buflen)
{
    if (!Reg().Queryable(info, "net_getifname", PFH_CALLER))
    {
        return -1;
    }
    return info->proto->getifname(info, nic, buffer, buflen);
}

extern "C" int
net_getmtu(net_handle_t info, phy_if_t nic, lif_if_t ifdata)
{
    if (!Reg().Queryable(info, "net_getmtu", PFH_CALLER))
    {
        return -1;
    }
    return info->proto->getmtu(info, nic, ifdata);
}

extern "C" int
net_getpmtuenabled(net_handle_t info)
{
    if (!Reg().Queryable(info, "net_getpmtuenabled", PFH_CALLER))
    {
        return -1;
    }
    return info->proto->getpmtuenabled(info);
}

extern "C" lif_if_t
net_lifgetnext(net_handle_t info, phy_if_t nic, lif_if_t ifdata)
{
    if (!Reg().Queryable(info, "net_lifgetnext", PFH_CALLER))
    {
        return static_cast<lif_if_t>(-1);
    }
    return info->proto->lifgetnext(info, nic, ifdata);
}

extern "C" int
net_getlifaddr(net_handle_t info,
               phy_if_t nic,
               lif_if_t ifdata,
               int nelem,
               net_ifaddr_t type[],
               void* storage)
{
    if (!Reg().Queryable(info, "net_getlifaddr", PFH_CALLER))
    {
        return -1;
    }
    return info->proto->getlifaddr(info, nic, ifdata, nelem, type, storage);
}

extern "C" int
net_getlifzone(net_handle_t info, phy_if_t nic, lif_if_t ifdata, zoneid_t* zoneid)
{
    if (!Reg().Queryable(info, "net_getlifzone", PFH_CALLER))
    {
        return -1;
    }
    return info->proto->getlifzone(info, nic, ifdata, zoneid);
}

extern "C" int
net_getlifflags(net_handle_t info, phy_if_t nic, lif_if_t ifdata, uint64_t* flags)
{
    if (!Reg().Queryable(info, "net_getlifflags", PFH_CALLER))
    {
        return -1;
    }
    return info->proto->getlifflags(info, nic, ifdata, flags);
}

extern "C" phy_if_t
net_routeto(net_handle_t info, struct sockaddr* address, struct sockaddr* next)
{
    if (!Reg().Queryable(info, "net_routeto", PFH_CALLER))
    {
        return static_cast<phy_if_t>(-1);
    }
    return info->proto->routeto(info, address, next);
}

extern "C" int
net_ispartialchecksum(net_handle_t info, mblk_t* mp)
{
    if (!Reg().Queryable(info, "net_ispartialchecksum", PFH_CALLER))
    {
        return -1;
    }
    return info->proto->ispartialchecksum(info, mp);
}

extern "C" int
net_isvalidchecksum(net_handle_t info, mblk_t* mp)
{
    if (!Reg().Queryable(info, "net_isvalidchecksum", PFH_CALLER))
    {
        return -1;
    }
    return info->proto->isvalidchecksum(info, mp);
}

namespace
{

/// The running instance of a netid, with its kstats (the C++ face's object).
PfhooksIpInstance*
KstatInstance(netid_t netid)
{
    auto* ip = dynamic_cast<PfhooksIpInstance*>(Reg().GetIpInstance(netid));
    return ip != nullptr && ip->IsRunning() ? ip : nullptr;
}

} // namespace

extern "C" int
net_kstat_read(netid_t netid,
               const char* module,
               const char* name,
               const char* statistic,
               uint64_t* value)
{
    PfhooksIpInstance* ip = KstatInstance(netid);
    if (ip == nullptr || !ip->IsRunning())
    {
        return ESRCH;
    }
    return ReadKstat(*ip, module, name, statistic, value);
}

extern "C" int
net_kstat_walk(netid_t netid, net_kstat_walk_fn_t fn, void* arg)
{
    PfhooksIpInstance* ip = KstatInstance(netid);
    if (ip == nullptr)
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
