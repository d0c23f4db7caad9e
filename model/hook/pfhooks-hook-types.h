/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The data types of hook(9S), hook_pkt_event(9S), hook_nic_event(9S),
 * net_inject_t and net_instance_t with illumos's names, field order and
 * constants.  Plain C: the Solaris face's <sys/hook.h>, <sys/hook_event.h>
 * and <sys/neti.h> include this file, and so does the C++ engine, so that a
 * layout is written once.
 */
#ifndef PFHOOKS_HOOK_TYPES_H
#define PFHOOKS_HOOK_TYPES_H

#include "ns3/pfhooks-mblk.h"

#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C"
{
#endif

    /* ---- netinfo identifiers (sys/neti.h) ---- */

    /** Identifier of one IP instance (one ns-3 node with an internet stack). */
    typedef int netid_t;
    /** Physical interface: ns-3 NetDevice index + 1; 0 means "none". */
    typedef uintptr_t phy_if_t;
    /** Logical interface: 1-based address index on a physical interface. */
    typedef intptr_t lif_if_t;
    /** Opaque per-family handle returned by net_protocol_lookup(). */
    typedef struct net_data* net_handle_t;

    /* ---- hook(9S) (sys/hook.h) ---- */

    struct hook_event_int;
    /** Opaque token naming the event a hook runs for. */
    typedef struct hook_event_int* hook_event_token_t;
    struct hook_int;
    /** Opaque token naming one registered hook. */
    typedef struct hook_int* hook_token_t;
    /** The event's data: the address of a hook_pkt_event_t or hook_nic_event_t. */
    typedef uintptr_t hook_data_t;

    /** A hook function: 0 lets the packet go on, anything else drops it. */
    typedef int (*hook_func_t)(hook_event_token_t, hook_data_t, void*);

    /** Ordering hints (h_hint). */
    typedef enum hook_hint_e
    {
        HH_NONE = 0,
        HH_FIRST,
        HH_LAST,
        HH_BEFORE,
        HH_AFTER
    } hook_hint_t;

    /** A hook as the caller describes it; the framework keeps a copy. */
    typedef struct hook_s
    {
        int h_version;         /**< HOOK_VERSION */
        hook_func_t h_func;    /**< the function the event runs */
        char* h_name;          /**< the hook's name, unique on its event */
        unsigned int h_flags;  /**< 0 (no flag is defined) */
        hook_hint_t h_hint;    /**< where the hook wants to be in the list */
        uintptr_t h_hintvalue; /**< name of the other hook for HH_BEFORE/HH_AFTER */
        void* h_arg;           /**< third argument of h_func */
    } hook_t;

#define HOOK_VERSION 1

/** Allocates and fills a hook_t (illumos's macro, no trailing semicolon). */
#define HOOK_INIT(x, fn, r, a)                                                                     \
    do                                                                                             \
    {                                                                                              \
        (x) = hook_alloc(HOOK_VERSION);                                                            \
        (x)->h_func = (fn);                                                                        \
        (x)->h_name = (r);                                                                         \
        (x)->h_flags = 0;                                                                          \
        (x)->h_hint = HH_NONE;                                                                     \
        (x)->h_hintvalue = 0;                                                                      \
        (x)->h_arg = (a);                                                                          \
    } while (0)

    /** Notification commands. */
    typedef enum hook_notify_cmd_e
    {
        HN_NONE = 0,
        HN_REGISTER = 1,
        HN_UNREGISTER = 2
    } hook_notify_cmd_t;

    /** A notification callback: (cmd, arg, family/parent, event, name). */
    typedef int (
        *hook_notify_fn_t)(hook_notify_cmd_t, void*, const char*, const char*, const char*);

    /* ---- hook_pkt_event(9S), hook_nic_event(9S) (sys/hook_event.h) ---- */

    /** What a packet hook sees. */
    typedef struct hook_pkt_event
    {
        net_handle_t hpe_protocol; /**< family the event belongs to */
        phy_if_t hpe_ifp;          /**< inbound interface, 0 if none */
        phy_if_t hpe_ofp;          /**< outbound interface, 0 if none */
        void* hpe_hdr;             /**< the IP header inside *hpe_mp */
        mblk_t** hpe_mp;           /**< the message; a hook may replace or free it */
        mblk_t* hpe_mb;            /**< the block holding the IP header */
        int hpe_flags;             /**< HPE_MULTICAST, HPE_BROADCAST */
        void* hpe_reserved[2];     /**< kept for layout, unused */
    } hook_pkt_event_t;

#define HPE_MULTICAST 0x01
#define HPE_BROADCAST 0x02

    /** NIC event kinds. */
    typedef enum nic_event
    {
        NE_PLUMB = 1,
        NE_UNPLUMB,
        NE_UP,
        NE_DOWN,
        NE_ADDRESS_CHANGE,
        NE_LIF_UP,
        NE_LIF_DOWN,
        NE_IFINDEX_CHANGE
    } nic_event_t;

    typedef void* nic_event_data_t;

    /** What a NIC_EVENTS hook sees. */
    typedef struct hook_nic_event
    {
        net_handle_t hne_protocol; /**< family the event belongs to */
        phy_if_t hne_nic;          /**< the interface */
        lif_if_t hne_lif;          /**< the logical interface (address index), 0 if none */
        nic_event_t hne_event;     /**< what happened */
        /** The address, a sockaddr (NE_LIF_UP, NE_ADDRESS_CHANGE, NE_LIF_DOWN); else NULL. */
        nic_event_data_t hne_data;
        size_t hne_datalen; /**< bytes at hne_data */
    } hook_nic_event_t;

    /* ---- zones (sys/zone.h) ---- */

    /** A zone's identifier; in pfhooks the zone of an IP instance (see net_zoneidtonetid()). */
    typedef int zoneid_t;
/** "no zone known" (hpo_zsrc/hpo_zdst, as illumos). */
#define ALL_ZONES (-1)
/** The global zone: the instance whose netid is 0. */
#define GLOBAL_ZONEID 0

    /* ---- the OBSERVING event (sys/hook_event.h) ---- */

    /**
     * What an OBSERVING hook is handed (illumos ipobs_hook()): a read-only
     * view of one packet.  The first eight fields are in network byte order
     * and laid out as dl_ipnetinfo_t; hpo_pkt is the message holding this
     * header (its first 24 bytes), whose b_cont is a copy of the whole
     * datagram, header first.  The hook's return value changes nothing.
     */
    typedef struct hook_pkt_observe_s
    {
        uint8_t hpo_version;    /**< 1 */
        uint8_t hpo_family;     /**< AF_INET or AF_INET6 (this host's values) */
        uint16_t hpo_htype;     /**< ipobs_hook_type_t, network order */
        uint32_t hpo_pktlen;    /**< length of the datagram, network order */
        uint32_t hpo_ifindex;   /**< phy_if_t received/sent on, network order */
        uint32_t hpo_grifindex; /**< IPMP group interface: always 0 */
        uint32_t hpo_zsrc;      /**< source zone or ALL_ZONES, network order */
        uint32_t hpo_zdst;      /**< destination zone or ALL_ZONES, network order */
        mblk_t* hpo_pkt;        /**< message: this header, then b_cont the datagram */
        void* hpo_ctx;          /**< the framework's context (opaque) */
    } hook_pkt_observe_t;

    /** Direction of an observed packet (hpo_htype). */
    typedef enum ipobs_hook_type
    {
        IPOBS_HOOK_INBOUND = 0,
        IPOBS_HOOK_OUTBOUND = 1,
        IPOBS_HOOK_LOCAL = 2
    } ipobs_hook_type_t;

    /* ---- net_inject(9F), net_instance_alloc(9F) (sys/neti.h) ---- */

    /** Address kinds of net_getlifaddr(). */
    typedef enum net_ifaddr
    {
        NA_ADDRESS = 1,
        NA_PEER,
        NA_BROADCAST,
        NA_NETMASK
    } net_ifaddr_t;

    /** Injection paths. */
    typedef enum inject
    {
        NI_QUEUE_IN = 1,
        NI_QUEUE_OUT,
        NI_DIRECT_OUT
    } inject_t;

    /** What to inject and where. */
    typedef struct net_inject
    {
        int ni_version;                  /**< NETINFO_VERSION */
        netid_t ni_netid;                /**< the instance */
        mblk_t* ni_packet;               /**< the datagram; NULL once the framework took it */
        struct sockaddr_storage ni_addr; /**< next hop, for NI_DIRECT_OUT */
        phy_if_t ni_physical;            /**< interface for NI_QUEUE_IN and NI_DIRECT_OUT */
    } net_inject_t;

    /** A module's per-instance callbacks. */
    typedef struct net_instance_s
    {
        int nin_version; /**< NETINFO_VERSION */
        char* nin_name;  /**< unique name of the net instance */
        /** An instance is created: returns the module's state for it. */
        void* (*nin_create)(const netid_t);
        /** An instance is destroyed (after every shutdown). */
        void (*nin_destroy)(const netid_t, void*);
        void (*nin_shutdown)(const netid_t, void*); /**< an instance shuts down (may be NULL) */
    } net_instance_t;

#define NETINFO_VERSION 1

/* Family (protocol) names. */
#define NHF_INET "NHF_INET"
#define NHF_INET6 "NHF_INET6"
#define NHF_ARP "NHF_ARP"

/* Event names. */
#define NH_PHYSICAL_IN "PHYSICAL_IN"
#define NH_PHYSICAL_OUT "PHYSICAL_OUT"
#define NH_FORWARDING "FORWARDING"
#define NH_LOOPBACK_IN "LOOPBACK_IN"
#define NH_LOOPBACK_OUT "LOOPBACK_OUT"
#define NH_NIC_EVENTS "NIC_EVENTS"
#define NH_OBSERVE "OBSERVING"
/** The guide's table calls the event OBSERVING; illumos spells the macro NH_OBSERVE. */
#define NH_OBSERVING NH_OBSERVE

#ifdef __cplusplus
}
#endif

#endif /* PFHOOKS_HOOK_TYPES_H */
