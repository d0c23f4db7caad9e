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
    if (const char* why = PfhooksDatagramCheck::CheckForStack(f, bytes, len))
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
        int rv =
            f == PFH_INET ? DirectOut4(tap, p, dev, nextHop) : DirectOut6(tap, p, dev, nextHop);
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
/**
 * \return the interface (not loopback) on which addr is on-link, only dev's
 *         unless dev is null; -1 for none
 */
int32_t
OnLink4(Ptr<Ipv4L3Protocol> ipv4, Ipv4Address addr, Ptr<NetDevice> dev)
{
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); i++)
    {
        Ptr<NetDevice> d = ipv4->GetNetDevice(i);
        if (DynamicCast<LoopbackNetDevice>(d) || (dev && d != dev))
        {
            continue;
        }
        for (uint32_t j = 0; j < ipv4->GetNAddresses(i); j++)
        {
            Ipv4InterfaceAddress a = ipv4->GetAddress(i, j);
            if (a.GetLocal().CombineMask(a.GetMask()) == addr.CombineMask(a.GetMask()))
            {
                return static_cast<int32_t>(i);
            }
        }
    }
    return -1;
}

/** \copydoc OnLink4 */
int32_t
OnLink6(Ptr<Ipv6L3Protocol> ipv6, Ipv6Address addr, Ptr<NetDevice> dev)
{
    for (uint32_t i = 0; i < ipv6->GetNInterfaces(); i++)
    {
        Ptr<NetDevice> d = ipv6->GetNetDevice(i);
        if (DynamicCast<LoopbackNetDevice>(d) || (dev && d != dev))
        {
            continue;
        }
        for (uint32_t j = 0; j < ipv6->GetNAddresses(i); j++)
        {
            Ipv6InterfaceAddress a = ipv6->GetAddress(i, j);
            if (a.GetAddress().CombinePrefix(a.GetPrefix()) == addr.CombinePrefix(a.GetPrefix()))
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

int
PfhooksInjector::DirectOut4(PfhooksNodeTap* tap,
                            Ptr<Packet> p,
                            Ptr<NetDevice> dev,
                            const struct sockaddr_storage* nextHop)
{
    const uint32_t node = tap->GetIpInstance()->GetNode()->GetId();
    Ptr<Ipv4L3Protocol> ipv4 = tap->GetIpv4();
    const auto* sin = reinterpret_cast<const struct sockaddr_in*>(nextHop);
    Ipv4Address hop(ntohl(sin->sin_addr.s_addr));
    Ipv4Header h;
    PfhooksPacketRebuild::SplitDatagram(p, &h);
    int32_t i;
    if (hop != h.GetDestination())
    {
        // IXAF_NEXTHOP_SET: the next hop must be on a link (of ni_physical).
        i = OnLink4(ipv4, hop, dev);
        if (i < 0)
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_DIRECT_OUT): next hop " << hop
                                << " is not on-link (EHOSTUNREACH)");
            return 1;
        }
    }
    else
    {
        Socket::SocketErrno err;
        Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, h, dev, err);
        if (!route || (dev && route->GetOutputDevice() != dev))
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_DIRECT_OUT): no route to "
                                << h.GetDestination());
            return 1;
        }
        i = ipv4->GetInterfaceForDevice(route->GetOutputDevice());
        if (route->GetGateway() != Ipv4Address::GetAny())
        {
            hop = route->GetGateway();
        }
    }
    AnnounceSplit(tap->GetIpInstance(), p, h);
    // ipfil_sendpkt() sends with IXAF_NO_PFHOOK: no hook sees the packet.
    tap->SkipHooksOnce(p->GetUid());
    ipv4->GetInterface(i)->Send(p, h, hop);
    return 0;
}

int
PfhooksInjector::DirectOut6(PfhooksNodeTap* tap,
                            Ptr<Packet> p,
                            Ptr<NetDevice> dev,
                            const struct sockaddr_storage* nextHop)
{
    const uint32_t node = tap->GetIpInstance()->GetNode()->GetId();
    Ptr<Ipv6L3Protocol> ipv6 = tap->GetIpv6();
    const auto* sin6 = reinterpret_cast<const struct sockaddr_in6*>(nextHop);
    uint8_t a[16];
    std::memcpy(a, sin6->sin6_addr.s6_addr, 16);
    Ipv6Address hop(a);
    Ipv6Header h;
    PfhooksPacketRebuild::SplitDatagram(p, &h);
    int32_t i;
    if (hop != h.GetDestination())
    {
        i = OnLink6(ipv6, hop, dev);
        if (i < 0)
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_DIRECT_OUT): next hop " << hop
                                << " is not on-link (EHOSTUNREACH)");
            return 1;
        }
    }
    else
    {
        Socket::SocketErrno err;
        Ptr<Ipv6Route> route = ipv6->GetRoutingProtocol()->RouteOutput(p, h, dev, err);
        if (!route || (dev && route->GetOutputDevice() != dev))
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_DIRECT_OUT): no route to "
                                << h.GetDestination());
            return 1;
        }
        i = ipv6->GetInterfaceForDevice(route->GetOutputDevice());
        if (!route->GetGateway().IsAny())
        {
            hop = route->GetGateway();
        }
    }
    AnnounceSplit(tap->GetIpInstance(), p, h);
    tap->SkipHooksOnce(p->GetUid());
    ipv6->GetInterface(i)->Send(p, h, hop);
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
    Socket::SocketErrno err;
    // The whole datagram, for a drop trace should it find no route.
    Ptr<const Packet> whole = tap->GetIpInstance()->IsWatched(true) ? p->Copy() : nullptr;
    if (f == PFH_INET)
    {
        Ptr<Ipv4L3Protocol> ipv4 = tap->GetIpv4();
        Ipv4Header h;
        PfhooksPacketRebuild::SplitDatagram(p, &h);
        Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, h, dev, err);
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
        Ptr<Ipv6Route> route = ipv6->GetRoutingProtocol()->RouteOutput(p, h, dev, err);
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
