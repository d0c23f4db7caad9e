/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The netinfo(9F) and hook(9F) functions with illumos's names and
 * signatures: the Solaris face of the pfhooks engine.  Each is a thin call
 * into the C++ engine (model/hook/pfhooks-hook-*.cc,
 * model/neti/pfhooks-net-instance-registry.cc), where every rule lives.
 */
#ifndef PFHOOKS_NETI_H
#define PFHOOKS_NETI_H

#include "ns3/pfhooks-hook-types.h"

#ifdef __cplusplus
extern "C"
{
#endif

    /* net_instance_alloc(9F) and friends */
    net_instance_t* net_instance_alloc(const int version);
    void net_instance_free(net_instance_t* ni);
    int net_instance_register(net_instance_t* ni);
    int net_instance_unregister(net_instance_t* ni);
    int net_instance_notify_register(netid_t netid, hook_notify_fn_t callback, void* arg);
    int net_instance_notify_unregister(netid_t netid, hook_notify_fn_t callback);

    /* protocols */
    net_handle_t net_protocol_lookup(netid_t netid, const char* protocol);
    int net_protocol_release(net_handle_t info);
    int net_protocol_notify_register(net_handle_t family, hook_notify_fn_t callback, void* arg);
    int net_protocol_notify_unregister(net_handle_t family, hook_notify_fn_t callback);

    /* events and hooks */
    int net_event_notify_register(net_handle_t family,
                                  char* event,
                                  hook_notify_fn_t callback,
                                  void* arg);
    int net_event_notify_unregister(net_handle_t family, char* event, hook_notify_fn_t callback);
    int net_hook_register(net_handle_t info, char* event, hook_t* hook);
    int net_hook_unregister(net_handle_t info, char* event, hook_t* hook);
    hook_t* hook_alloc(const int version);
    void hook_free(hook_t* hook);

    /* injection */
    net_inject_t* net_inject_alloc(const int version);
    void net_inject_free(net_inject_t* inject);
    int net_inject(net_handle_t info, inject_t style, net_inject_t* packet);

    /* the instance a handle belongs to */
    netid_t net_getnetid(net_handle_t info);
    /*
     * Zones and stacks: every instance is an exclusive-IP zone whose zone id
     * and netstack id are its netid (the first instance, netid 0, is the
     * global zone); -1 for an id no running instance has.
     */
    netid_t net_zoneidtonetid(zoneid_t zoneid);
    zoneid_t net_getzoneidbynetid(netid_t netid);
    /* net_netidtozonid(9F): the man page's name of net_getzoneidbynetid() */
    zoneid_t net_netidtozonid(netid_t netid);
    netid_t net_getnetidbynetstackid(int stackid);
    int net_getnetstackidbynetid(netid_t netid);
    /* the next family of an instance (NULL: the first); releases `info`, holds the result */
    net_handle_t net_protocol_walk(netid_t netid, net_handle_t info);

    /* netinfo queries; -1 (cast to the type) on a handle whose family is gone */
    phy_if_t net_phygetnext(net_handle_t info, phy_if_t nic);
    phy_if_t net_phylookup(net_handle_t info, const char* name);
    int net_getifname(net_handle_t info, phy_if_t nic, char* buffer, const size_t buflen);
    int net_getmtu(net_handle_t info, phy_if_t nic, lif_if_t ifdata);
    int net_getpmtuenabled(net_handle_t info);
    lif_if_t net_lifgetnext(net_handle_t info, phy_if_t nic, lif_if_t ifdata);
    int net_getlifaddr(net_handle_t info,
                       phy_if_t nic,
                       lif_if_t ifdata,
                       int nelem,
                       net_ifaddr_t type[],
                       void* storage);
    /* 0 with *zoneid set; -1 for an unknown interface or lif, ARP, or a gone handle */
    int net_getlifzone(net_handle_t info, phy_if_t nic, lif_if_t ifdata, zoneid_t* zoneid);
    /* 0 with *flags set (IFF_ values of pfhooks-if-flags.h); -1 as net_getlifzone */
    int net_getlifflags(net_handle_t info, phy_if_t nic, lif_if_t ifdata, uint64_t* flags);
    phy_if_t net_routeto(net_handle_t info, struct sockaddr* address, struct sockaddr* next);
    int net_ispartialchecksum(net_handle_t info, mblk_t* mp);
    int net_isvalidchecksum(net_handle_t info, mblk_t* mp);

    /*
     * Reading the framework's hook kstats (a pfhooks addition in illumos's
     * style; illumos modules read them with kstat(3KSTAT)).  Names as
     * illumos's: module "inet" (the hook family), name "PHYSICAL_IN",
     * class "hook_event", statistics hooksAdded, hooksRemoved, events (and
     * pfhooks's accepted, rewritten, dropped, injected); module
     * "inet/PHYSICAL_IN", name the hook, class "hook", statistics version,
     * flags, hint, position, hook_hits (and hook_drops, hook_injections).
     * net_kstat_read: 0, ESRCH for a netid of no running instance, ENOENT
     * for no such kstat or statistic, EINVAL for a NULL argument.
     */
    int net_kstat_read(netid_t netid,
                       const char* module,
                       const char* name,
                       const char* statistic,
                       uint64_t* value);
    /* Called once per kstat of the instance; a non-zero return stops the walk. */
    typedef int (*net_kstat_walk_fn_t)(netid_t netid,
                                       const char* module,
                                       const char* name,
                                       const char* ks_class,
                                       void* arg);
    /* 0 after every kstat, the callback's non-zero value, ESRCH, or EINVAL (NULL fn) */
    int net_kstat_walk(netid_t netid, net_kstat_walk_fn_t fn, void* arg);

#ifdef __cplusplus
}
#endif

#endif /* PFHOOKS_NETI_H */
