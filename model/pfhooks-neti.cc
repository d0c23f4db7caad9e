/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Thin C layer: argument checks, conversion and a call into the engine.
 */
#include "pfhooks-neti.h"

#include "hook-stack.h"
#include "ip-instance.h"
#include "net-instance-registry.h"
#include "node-hook-tap.h"

#include "ns3/log.h"

#include <cerrno>
#include <cstdlib>
#include <vector>

NS_LOG_COMPONENT_DEFINE("PfhooksNeti");

using namespace ns3;

namespace
{

NetInstanceRegistry&
Reg()
{
    return NetInstanceRegistry::Get();
}

HookNotifyList::Entry
Entry(hook_notify_fn_t fn, void* arg)
{
    HookNotifyList::Entry e;
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
FamilyOf(net_handle_t h, const char* who, int gone, Ptr<HookFamily>* f)
{
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
    return Reg().Register(ni, ni->nin_name, create, shutdown, destroy);
}

extern "C" int
net_instance_unregister(net_instance_t* ni)
{
    return Reg().Unregister(ni);
}

extern "C" int
net_instance_notify_register(netid_t netid, hook_notify_fn_t callback, void* arg)
{
    Ptr<HookStack> stack = Reg().GetStack(netid);
    if (!stack || callback == nullptr)
    {
        return ESRCH;
    }
    return stack->NotifyRegister(Entry(callback, arg));
}

extern "C" int
net_instance_notify_unregister(netid_t netid, hook_notify_fn_t callback)
{
    Ptr<HookStack> stack = Reg().GetStack(netid);
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
    return Reg().LookupProtocol(netid, protocol);
}

extern "C" int
net_protocol_release(net_handle_t info)
{
    return Reg().ReleaseProtocol(info);
}

extern "C" int
net_protocol_notify_register(net_handle_t family, hook_notify_fn_t callback, void* arg)
{
    Ptr<HookFamily> f;
    int rv = FamilyOf(family, "net_protocol_notify_register", ESHUTDOWN, &f);
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
    Ptr<HookFamily> f;
    int rv = FamilyOf(family, "net_protocol_notify_unregister", ENXIO, &f);
    return rv != 0 ? rv : f->NotifyUnregister(Entry(callback, nullptr));
}

extern "C" int
net_event_notify_register(net_handle_t family, char* event, hook_notify_fn_t callback, void* arg)
{
    Ptr<HookFamily> f;
    int rv = FamilyOf(family, "net_event_notify_register", ESHUTDOWN, &f);
    if (rv != 0 || callback == nullptr)
    {
        return rv != 0 ? rv : EINVAL;
    }
    return event == nullptr ? ESRCH : f->EventNotifyRegister(event, Entry(callback, arg));
}

extern "C" int
net_event_notify_unregister(net_handle_t family, char* event, hook_notify_fn_t callback)
{
    Ptr<HookFamily> f;
    int rv = FamilyOf(family, "net_event_notify_unregister", ENXIO, &f);
    if (rv != 0)
    {
        return rv;
    }
    return event == nullptr ? ESRCH : f->EventNotifyUnregister(event, Entry(callback, nullptr));
}

extern "C" int
net_hook_register(net_handle_t info, char* event, hook_t* hook)
{
    Ptr<HookFamily> f;
    int rv = FamilyOf(info, "net_hook_register", ESHUTDOWN, &f);
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
    }
    return f->HookRegister(event, hook, nullptr);
}

extern "C" int
net_hook_unregister(net_handle_t info, char* event, hook_t* hook)
{
    Ptr<HookFamily> f;
    int rv = FamilyOf(info, "net_hook_unregister", ENXIO, &f);
    if (rv != 0 || hook == nullptr)
    {
        return rv != 0 ? rv : EINVAL;
    }
    return event == nullptr ? ENXIO : f->HookUnregister(event, hook);
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
    Ptr<HookFamily> f;
    if (FamilyOf(info, "net_inject", -1, &f) != 0 || packet == nullptr ||
        packet->ni_packet == nullptr)
    {
        return -1;
    }
    IpInstance* ip = Reg().GetIpInstance(info->netid);
    // ARP takes no injected packets (illumos net_no_inject()).
    if (ip == nullptr || !ip->GetTap() || (info->name != NHF_INET && info->name != NHF_INET6))
    {
        return -1;
    }
    // The message is consumed (0 and 1): its bytes go into an ns-3 packet.
    mblk_t* mp = packet->ni_packet;
    std::vector<uint8_t> bytes(msgdsize(mp));
    pfhooks_msg_copy(mp, bytes.data());
    int rv = ip->GetTap()->Inject(info->name == NHF_INET ? PFH_INET : PFH_INET6,
                                  style,
                                  bytes.data(),
                                  static_cast<uint32_t>(bytes.size()),
                                  packet->ni_physical,
                                  &packet->ni_addr);
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
