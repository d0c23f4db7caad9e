/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The three family tables, as ip_netinfo.c fills ipv4info, ipv6info and
 * arp_netinfo: the IPv4 and IPv6 functions answer from the instance's node
 * (PfhooksNetinfoQueries), ARP shares IPv4's interface walks and checksum
 * test and supports nothing else (net_no_*: -1).
 */
#include "pfhooks-net-protocol.h"

#include "pfhooks-net-instance-registry.h"
#include "pfhooks-netinfo-queries.h"

#include "ns3/log.h"
#include "ns3/pfhooks-hook-event.h"
#include "ns3/pfhooks-mblk.h"
#include "ns3/pfhooks-observer.h"

#include <cstring>
#include <netinet/in.h>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksNetProtocol");

namespace
{

/// The queries of family F on the handle's instance (the C face checked it is alive).
PfhooksNetinfoQueries
Queries(net_handle_t h, PfhooksFamily f)
{
    PfhooksIpProvider* ip = PfhooksNetInstanceRegistry::Get().GetIpInstance(h->netid);
    return PfhooksNetinfoQueries(ip->GetNode(), f, ip->GetZoneId());
}

// ---- the functions of IPv4 (F = PFH_INET) and IPv6 (F = PFH_INET6) ----

template <PfhooksFamily F>
int
GetIfName(net_handle_t h, phy_if_t nic, char* buffer, size_t len)
{
    return Queries(h, F).GetIfName(nic, buffer, len);
}

template <PfhooksFamily F>
int
GetMtu(net_handle_t h, phy_if_t nic, lif_if_t lif)
{
    return Queries(h, F).GetMtu(nic, lif);
}

template <PfhooksFamily F>
int
GetPmtuEnabled(net_handle_t h)
{
    return Queries(h, F).GetPmtuEnabled();
}

template <PfhooksFamily F>
int
GetLifAddr(net_handle_t h,
           phy_if_t nic,
           lif_if_t lif,
           int nelem,
           net_ifaddr_t type[],
           void* storage)
{
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
    int rv = Queries(h, F).GetLifAddr(nic, lif, nelem, kinds.data(), out.data());
    if (rv == 0)
    {
        // As illumos: an array of sockaddr_in (IPv4) or sockaddr_in6 (IPv6).
        size_t each = F == PFH_INET6 ? sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in);
        for (int k = 0; k < nelem; k++)
        {
            std::memcpy(static_cast<char*>(storage) + k * each, &out[k], each);
        }
    }
    return rv;
}

template <PfhooksFamily F>
int
GetLifZone(net_handle_t h, phy_if_t nic, lif_if_t lif, zoneid_t* zone)
{
    return Queries(h, F).GetLifZone(nic, lif, zone);
}

template <PfhooksFamily F>
int
GetLifFlags(net_handle_t h, phy_if_t nic, lif_if_t lif, uint64_t* flags)
{
    return Queries(h, F).GetLifFlags(nic, lif, flags);
}

template <PfhooksFamily F>
phy_if_t
PhyGetNext(net_handle_t h, phy_if_t nic)
{
    return Queries(h, F).PhyGetNext(nic);
}

template <PfhooksFamily F>
phy_if_t
PhyLookup(net_handle_t h, const char* name)
{
    return name != nullptr ? Queries(h, F).PhyLookup(name) : 0;
}

template <PfhooksFamily F>
lif_if_t
LifGetNext(net_handle_t h, phy_if_t nic, lif_if_t lif)
{
    return Queries(h, F).LifGetNext(nic, lif);
}

/// ip_inject_impl(): the message is consumed (0 and 1), its bytes going into an ns-3 packet.
template <PfhooksFamily F>
int
Inject(net_handle_t h, inject_t style, net_inject_t* packet, const void* caller)
{
    if (packet == nullptr || packet->ni_packet == nullptr)
    {
        return -1;
    }
    PfhooksIpProvider* ip = PfhooksNetInstanceRegistry::Get().GetIpInstance(h->netid);
    mblk_t* mp = packet->ni_packet;
    std::vector<uint8_t> bytes(msgdsize(mp));
    pfhooks_msg_copy(mp, bytes.data());
    PfhooksObserver::Tell(&PfhooksObserver::Injected, caller, h, bytes.data(), bytes.size());
    int rv = ip->Inject(F,
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

template <PfhooksFamily F>
phy_if_t
RouteTo(net_handle_t h, struct sockaddr* dst, struct sockaddr* next)
{
    return Queries(h, F).RouteTo(dst, next);
}

int
IsPartialChecksum(net_handle_t, mblk_t*)
{
    return 0; // NET_HCK_NONE: simulated devices offload no checksum
}

template <PfhooksFamily F>
int
IsValidChecksum(net_handle_t h, mblk_t* mp)
{
    return Queries(h, F).IsValidChecksum(mp);
}

// ---- what a family does not support (neti_impl.c's net_no_*) ----

int
NoGetMtu(net_handle_t, phy_if_t, lif_if_t)
{
    return -1;
}

int
NoGetPmtuEnabled(net_handle_t)
{
    return -1;
}

int
NoGetLifAddr(net_handle_t, phy_if_t, lif_if_t, int, net_ifaddr_t[], void*)
{
    return -1;
}

int
NoGetLifZone(net_handle_t, phy_if_t, lif_if_t, zoneid_t*)
{
    return -1;
}

int
NoGetLifFlags(net_handle_t, phy_if_t, lif_if_t, uint64_t*)
{
    return -1;
}

lif_if_t
NoLifGetNext(net_handle_t, phy_if_t, lif_if_t)
{
    return static_cast<lif_if_t>(-1);
}

/// ARP takes no injected packets: -1, the message untouched.
int
NoInject(net_handle_t, inject_t, net_inject_t*, const void*)
{
    return -1;
}

phy_if_t
NoRouteTo(net_handle_t, struct sockaddr*, struct sockaddr*)
{
    return static_cast<phy_if_t>(-1);
}

int
NoIsPartialChecksum(net_handle_t, mblk_t*)
{
    return -1;
}

constexpr uint32_t
Bit(PfhooksEvent e)
{
    return 1u << e;
}

/// Every event of IPv4 and IPv6.
constexpr uint32_t kIpEvents = Bit(PFH_NEVENTS) - 1;
/// ARP has only the physical and NIC events.
constexpr uint32_t kArpEvents = Bit(PFH_PHYSICAL_IN) | Bit(PFH_PHYSICAL_OUT) | Bit(PFH_NIC_EVENTS);

// In PfhooksFamily order.
const PfhooksNetProtocol kProtocols[PFH_NFAMILIES] = {
    {PFH_INET,
     NHF_INET,
     "inet",
     kIpEvents,
     GetIfName<PFH_INET>,
     GetMtu<PFH_INET>,
     GetPmtuEnabled<PFH_INET>,
     GetLifAddr<PFH_INET>,
     GetLifZone<PFH_INET>,
     GetLifFlags<PFH_INET>,
     PhyGetNext<PFH_INET>,
     PhyLookup<PFH_INET>,
     LifGetNext<PFH_INET>,
     Inject<PFH_INET>,
     RouteTo<PFH_INET>,
     IsPartialChecksum,
     IsValidChecksum<PFH_INET>},
    {PFH_INET6,
     NHF_INET6,
     "inet6",
     kIpEvents,
     GetIfName<PFH_INET6>,
     GetMtu<PFH_INET6>,
     GetPmtuEnabled<PFH_INET6>,
     GetLifAddr<PFH_INET6>,
     GetLifZone<PFH_INET6>,
     GetLifFlags<PFH_INET6>,
     PhyGetNext<PFH_INET6>,
     PhyLookup<PFH_INET6>,
     LifGetNext<PFH_INET6>,
     Inject<PFH_INET6>,
     RouteTo<PFH_INET6>,
     IsPartialChecksum,
     IsValidChecksum<PFH_INET6>},
    // illumos's arp_netinfo: IPv4's interface walks and checksum test.
    {PFH_ARP,
     NHF_ARP,
     "arp",
     kArpEvents,
     GetIfName<PFH_INET>,
     NoGetMtu,
     NoGetPmtuEnabled,
     NoGetLifAddr,
     NoGetLifZone,
     NoGetLifFlags,
     PhyGetNext<PFH_INET>,
     PhyLookup<PFH_INET>,
     NoLifGetNext,
     NoInject,
     NoRouteTo,
     NoIsPartialChecksum,
     IsValidChecksum<PFH_INET>},
};

const char* const kEventNames[PFH_NEVENTS] = {NH_PHYSICAL_IN,
                                              NH_PHYSICAL_OUT,
                                              NH_FORWARDING,
                                              NH_LOOPBACK_IN,
                                              NH_LOOPBACK_OUT,
                                              NH_NIC_EVENTS,
                                              NH_OBSERVING};

} // namespace

bool
PfhooksNetProtocol::CanInject() const
{
    return inject != &NoInject;
}

const PfhooksNetProtocol&
PfhooksNetProtocol::Of(PfhooksFamily f)
{
    return kProtocols[f];
}

const PfhooksNetProtocol*
PfhooksNetProtocol::Find(const std::string& name)
{
    NS_LOG_FUNCTION(name);
    for (const auto& p : kProtocols)
    {
        if (name == p.name)
        {
            return &p;
        }
    }
    return nullptr;
}

const char*
PfhooksNetProtocol::EventName(PfhooksEvent e)
{
    return kEventNames[e];
}

uint32_t
PfhooksNetProtocol::NumInstanceEvents()
{
    uint32_t n = 0;
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        n += Of(static_cast<PfhooksFamily>(f)).NumEvents();
    }
    return n;
}

} // namespace ns3
