/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Injected bytes are checked before anything is queued, so that a bad
 * datagram is the caller's error (as ip_inject_impl() returns it), never a
 * malformed packet inside ns-3.
 */
#include "pfhooks-inject.h"

#include "pfhooks-datagram-check.h"
#include "pfhooks-ip-instance.h"
#include "pfhooks-node-tap.h"
#include "pfhooks-packet-rebuild.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/pfhooks-net-protocol.h"
#include "ns3/pfhooks-route-output.h"
#include "ns3/simulator.h"

#include <cstring>
#include <netinet/in.h>
#include <unordered_map>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksInject");

int32_t
PfhooksInjector::InterfaceOf(PfhooksNodeTap* tap, PfhooksFamily f, Ptr<NetDevice> dev)
{
    if (!dev || DynamicCast<LoopbackNetDevice>(dev))
    {
        return -1;
    }
    if (f == PFH_INET)
    {
        return tap->GetIpv4()->GetInterfaceForDevice(dev);
    }
    Ptr<Ipv6L3Protocol> ipv6 = tap->GetIpv6();
    return ipv6 ? ipv6->GetInterfaceForDevice(dev) : -1;
}

int
PfhooksInjector::Inject(PfhooksNodeTap* tap,
                        PfhooksFamily f,
                        inject_t style,
                        const uint8_t* bytes,
                        uint32_t len,
                        phy_if_t phy,
                        const struct sockaddr_storage* nextHop)
{
    int rv = Deliver(tap, f, style, bytes, len, phy, nextHop);
    PfhooksIpInstance* ipi = tap->GetIpInstance();
    if (rv != 0 && ipi->HasInjectedSinks())
    {
        // Refused: the caller's bytes as they were (a success is announced
        // before the datagram goes, so that a sink may tag it).
        ipi->NotifyInjected(Create<Packet>(bytes, len), static_cast<int>(style), rv);
    }
    return rv;
}

void
PfhooksInjector::Announce(PfhooksIpInstance* ipi, const Ptr<Packet>& p, inject_t style)
{
    if (ipi->HasInjectedSinks())
    {
        ipi->NotifyInjected(p, static_cast<int>(style), 0);
    }
}

template <class Header>
void
PfhooksInjector::AnnounceSplit(PfhooksIpInstance* ipi, const Ptr<Packet>& p, const Header& h)
{
    if (ipi->HasInjectedSinks())
    {
        // Sinks see (and may tag) the whole datagram, as for the queued styles.
        p->AddHeader(h);
        Announce(ipi, p, NI_DIRECT_OUT);
        Header again;
        p->RemoveHeader(again);
    }
}

int
PfhooksInjector::Deliver(PfhooksNodeTap* tap,
                         PfhooksFamily f,
                         inject_t style,
                         const uint8_t* bytes,
                         uint32_t len,
                         phy_if_t phy,
                         const struct sockaddr_storage* nextHop)
{
    PfhooksIpInstance* ipi = tap->GetIpInstance();
    const uint32_t node = ipi->GetNode()->GetId();
    const char* ip = f == PFH_INET ? "IPv4" : "IPv6";
    if (!PfhooksNetProtocol::Of(f).CanInject() || (f == PFH_INET6 && !tap->GetIpv6()) ||
        (f == PFH_INET && !tap->GetIpv4()))
    {
        return -1;
    }
    // (An NI_QUEUE_OUT with ni_physical 0 names no interface: the shapes
    // judged against the link are then not judged.)
    const PfhooksTransportCheck::Link link{tap->GetIpv6(), ipi->DeviceOf(phy)};
    if (const char* why = PfhooksDatagramCheck::CheckForStack(f, bytes, len, &link))
    {
        NS_LOG_WARN("node " << node << " net_inject: " << why);
        return 1;
    }
    Ptr<Packet> p = PfhooksPacketRebuild::FromBytes(bytes, PfhooksDatagramCheck::Length(f, bytes));
    switch (style)
    {
    case NI_QUEUE_IN: {
        Ptr<NetDevice> dev = ipi->DeviceOf(phy);
        if (InterfaceOf(tap, f, dev) < 0)
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_QUEUE_IN): no " << ip << " interface "
                                << phy);
            return 1;
        }
        ipi->CountInjection(f, PFH_PHYSICAL_IN);
        Announce(ipi, p, style);
        uint16_t protocol =
            f == PFH_INET ? Ipv4L3Protocol::PROT_NUMBER : Ipv6L3Protocol::PROT_NUMBER;
        Simulator::ScheduleWithContext(node,
                                       Seconds(0),
                                       &PfhooksInjector::QueueIn,
                                       Ptr<PfhooksNodeTap>(tap),
                                       ipi->GetNetid(),
                                       dev,
                                       p,
                                       protocol);
        return 0;
    }
    case NI_QUEUE_OUT: {
        // ip_ni_queue_func_impl() sends with ixa_ifindex = ni_physical: 0
        // routes freely, another interface must be one of the family's.
        Ptr<NetDevice> dev = phy != 0 ? ipi->DeviceOf(phy) : nullptr;
        if (phy != 0 && InterfaceOf(tap, f, dev) < 0)
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_QUEUE_OUT): no " << ip << " interface "
                                << phy);
            return 1;
        }
        ipi->CountInjection(f, PFH_PHYSICAL_OUT);
        Announce(ipi, p, style);
        Simulator::ScheduleWithContext(node,
                                       Seconds(0),
                                       &PfhooksInjector::QueueOut,
                                       Ptr<PfhooksNodeTap>(tap),
                                       ipi->GetNetid(),
                                       f,
                                       p,
                                       dev);
        return 0;
    }
    case NI_DIRECT_OUT: {
        int want = f == PFH_INET ? AF_INET : AF_INET6;
        if (nextHop == nullptr || nextHop->ss_family != want)
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_DIRECT_OUT): ni_addr is not an "
                                << (f == PFH_INET ? "AF_INET" : "AF_INET6") << " address");
            return 1;
        }
        // ni_physical 0: ipfil_sendpkt() routes as IP would.
        Ptr<NetDevice> dev = phy != 0 ? ipi->DeviceOf(phy) : nullptr;
        if (phy != 0 && InterfaceOf(tap, f, dev) < 0)
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_DIRECT_OUT): no " << ip << " interface "
                                << phy);
            return 1;
        }
        int rv = f == PFH_INET ? DirectOut(tap, tap->GetIpv4(), p, dev, nextHop)
                               : DirectOut(tap, tap->GetIpv6(), p, dev, nextHop);
        if (rv == 0)
        {
            ipi->CountInjection(f, PFH_PHYSICAL_OUT);
        }
        return rv;
    }
    default:
        NS_LOG_WARN("node " << node << " net_inject: unknown style " << style);
        return 1;
    }
}

void
PfhooksInjector::QueueIn(Ptr<PfhooksNodeTap> tap,
                         netid_t netid,
                         Ptr<NetDevice> device,
                         Ptr<Packet> p,
                         uint16_t protocol)
{
    if (!tap->StillRunning(netid))
    {
        // The instance that injected went away before the queue ran (as
        // illumos's taskq entries die with their netstack).
        NS_LOG_LOGIC("NI_QUEUE_IN packet of gone instance " << netid << " dropped");
        return;
    }
    tap->Receive(device,
                 p,
                 protocol,
                 device->GetBroadcast(),
                 device->GetAddress(),
                 NetDevice::PACKET_HOST);
}

namespace
{
// What differs between the families for NI_DIRECT_OUT, by overload.

Ipv4Header
HeaderOf(const Ptr<Ipv4L3Protocol>&)
{
    return Ipv4Header();
}

Ipv6Header
HeaderOf(const Ptr<Ipv6L3Protocol>&)
{
    return Ipv6Header();
}

Ipv4Address
HopOf(const Ptr<Ipv4L3Protocol>&, const struct sockaddr_storage* ss)
{
    return Ipv4Address(ntohl(reinterpret_cast<const struct sockaddr_in*>(ss)->sin_addr.s_addr));
}

Ipv6Address
HopOf(const Ptr<Ipv6L3Protocol>&, const struct sockaddr_storage* ss)
{
    uint8_t a[16];
    std::memcpy(a, reinterpret_cast<const struct sockaddr_in6*>(ss)->sin6_addr.s6_addr, 16);
    return Ipv6Address(a);
}

bool
SameLink(const Ipv4InterfaceAddress& a, Ipv4Address addr)
{
    return a.GetLocal().CombineMask(a.GetMask()) == addr.CombineMask(a.GetMask());
}

bool
SameLink(const Ipv6InterfaceAddress& a, Ipv6Address addr)
{
    return a.GetAddress().CombinePrefix(a.GetPrefix()) == addr.CombinePrefix(a.GetPrefix());
}

bool
IsAny(Ipv4Address a)
{
    return a == Ipv4Address::GetAny();
}

bool
IsAny(Ipv6Address a)
{
    return a.IsAny();
}

/**
 * \return the interface (not loopback) on which addr is on-link, only dev's
 *         unless dev is null; -1 for none
 */
template <class L3, class Address>
int32_t
OnLink(const Ptr<L3>& ip, Address addr, Ptr<NetDevice> dev)
{
    for (uint32_t i = 0; i < ip->GetNInterfaces(); i++)
    {
        Ptr<NetDevice> d = ip->GetNetDevice(i);
        if (DynamicCast<LoopbackNetDevice>(d) || (dev && d != dev))
        {
            continue;
        }
        for (uint32_t j = 0; j < ip->GetNAddresses(i); j++)
        {
            if (SameLink(ip->GetAddress(i, j), addr))
            {
                return static_cast<int32_t>(i);
            }
        }
    }
    return -1;
}

/**
 * \return a new IP ID for a datagram IP sends for an instance (illumos
 *         gives an NI_QUEUE_OUT packet one in ip_output_simple()).  Counted
 *         per instance from 0x8000, away from where ns-3's own per-flow
 *         counters start.
 */
uint16_t
NextIdent(netid_t netid)
{
    static auto* idents = new std::unordered_map<netid_t, uint16_t>;
    auto it = idents->emplace(netid, 0x8000).first;
    return it->second++;
}
} // namespace

template <class L3>
int
PfhooksInjector::DirectOut(PfhooksNodeTap* tap,
                           Ptr<L3> ip,
                           Ptr<Packet> p,
                           Ptr<NetDevice> dev,
                           const struct sockaddr_storage* nextHop)
{
    const uint32_t node = tap->GetIpInstance()->GetNode()->GetId();
    auto hop = HopOf(ip, nextHop);
    auto h = HeaderOf(ip);
    PfhooksPacketRebuild::SplitDatagram(p, &h);
    int32_t i;
    if (hop != h.GetDestination())
    {
        // IXAF_NEXTHOP_SET: the next hop must be on a link (of ni_physical).
        i = OnLink(ip, hop, dev);
        if (i < 0)
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_DIRECT_OUT): next hop " << hop
                                << " is not on-link (EHOSTUNREACH)");
            return 1;
        }
    }
    else
    {
        auto route = PfhooksRouteOutput(ip, p, h, dev);
        if (!route || (dev && route->GetOutputDevice() != dev))
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_DIRECT_OUT): no route to "
                                << h.GetDestination());
            return 1;
        }
        i = ip->GetInterfaceForDevice(route->GetOutputDevice());
        if (!IsAny(route->GetGateway()))
        {
            hop = route->GetGateway();
        }
    }
    AnnounceSplit(tap->GetIpInstance(), p, h);
    // ipfil_sendpkt() sends with IXAF_NO_PFHOOK: no hook sees the packet.
    tap->SkipHooksOnce(p->GetUid());
    ip->GetInterface(i)->Send(p, h, hop);
    return 0;
}

void
PfhooksInjector::QueueOut(Ptr<PfhooksNodeTap> tap,
                          netid_t netid,
                          PfhooksFamily f,
                          Ptr<Packet> p,
                          Ptr<NetDevice> dev)
{
    if (!tap->StillRunning(netid))
    {
        NS_LOG_LOGIC("NI_QUEUE_OUT packet of gone instance " << netid << " dropped");
        return;
    }
    // The whole datagram, for a drop trace should it find no route.
    Ptr<const Packet> whole = tap->GetIpInstance()->IsWatched(true) ? p->Copy() : nullptr;
    if (f == PFH_INET)
    {
        Ptr<Ipv4L3Protocol> ipv4 = tap->GetIpv4();
        Ipv4Header h;
        PfhooksPacketRebuild::SplitDatagram(p, &h);
        Ptr<Ipv4Route> route = PfhooksRouteOutput(ipv4, p, h, dev);
        if (route && (!dev || route->GetOutputDevice() == dev))
        {
            h.SetIdentification(NextIdent(netid));
            ipv4->SendWithHeader(p, h, route);
            return;
        }
    }
    else
    {
        // Ipv6L3Protocol has no SendWithHeader: route, then send on the
        // route's interface towards its gateway (or the destination).
        Ptr<Ipv6L3Protocol> ipv6 = tap->GetIpv6();
        Ipv6Header h;
        PfhooksPacketRebuild::SplitDatagram(p, &h);
        Ptr<Ipv6Route> route = PfhooksRouteOutput(ipv6, p, h, dev);
        int32_t i = route && (!dev || route->GetOutputDevice() == dev)
                        ? ipv6->GetInterfaceForDevice(route->GetOutputDevice())
                        : -1;
        if (i >= 0)
        {
            Ipv6Address hop =
                route->GetGateway().IsAny() ? h.GetDestination() : route->GetGateway();
            ipv6->GetInterface(i)->Send(p, h, hop);
            return;
        }
    }
    PfhooksIpInstance* ipi = tap->GetIpInstance();
    ipi->ReportDrop(f, PFH_PHYSICAL_OUT, "injected packet has no route", p->GetSize());
    ipi->NotifyDrop(f, PFH_PHYSICAL_OUT, whole, 0);
}

} // namespace ns3
