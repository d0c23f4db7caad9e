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
    PfhooksIpInstance* ipi = tap->GetIpInstance();
    const uint32_t node = ipi->GetNode()->GetId();
    const char* ip = f == PFH_INET ? "IPv4" : "IPv6";
    if (!PfhooksNetProtocol::Of(f).CanInject() || (f == PFH_INET6 && !tap->GetIpv6()))
    {
        return -1;
    }
    if (const char* why = PfhooksDatagramCheck::Check(f, bytes, len))
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
    case NI_QUEUE_OUT:
        ipi->CountInjection(f, PFH_PHYSICAL_OUT);
        Simulator::ScheduleWithContext(node,
                                       Seconds(0),
                                       &PfhooksInjector::QueueOut,
                                       Ptr<PfhooksNodeTap>(tap),
                                       ipi->GetNetid(),
                                       f,
                                       p);
        return 0;
    case NI_DIRECT_OUT: {
        int32_t i = InterfaceOf(tap, f, ipi->DeviceOf(phy));
        if (i < 0)
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_DIRECT_OUT): no " << ip << " interface "
                                << phy);
            return 1;
        }
        int want = f == PFH_INET ? AF_INET : AF_INET6;
        if (nextHop == nullptr || nextHop->ss_family != want)
        {
            NS_LOG_WARN("node " << node << " net_inject(NI_DIRECT_OUT): ni_addr is not an "
                                << (f == PFH_INET ? "AF_INET" : "AF_INET6") << " address");
            return 1;
        }
        ipi->CountInjection(f, PFH_PHYSICAL_OUT);
        if (f == PFH_INET)
        {
            const auto* sin = reinterpret_cast<const struct sockaddr_in*>(nextHop);
            Ipv4Header h;
            PfhooksPacketRebuild::SplitDatagram(p, &h);
            tap->GetIpv4()->GetInterface(i)->Send(p, h, Ipv4Address(ntohl(sin->sin_addr.s_addr)));
        }
        else
        {
            const auto* sin6 = reinterpret_cast<const struct sockaddr_in6*>(nextHop);
            Ipv6Header h;
            PfhooksPacketRebuild::SplitDatagram(p, &h);
            uint8_t a[16];
            std::memcpy(a, sin6->sin6_addr.s6_addr, 16);
            tap->GetIpv6()->GetInterface(i)->Send(p, h, Ipv6Address(a));
        }
        return 0;
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

void
PfhooksInjector::QueueOut(Ptr<PfhooksNodeTap> tap, netid_t netid, PfhooksFamily f, Ptr<Packet> p)
{
    if (!tap->StillRunning(netid))
    {
        NS_LOG_LOGIC("NI_QUEUE_OUT packet of gone instance " << netid << " dropped");
        return;
    }
    Socket::SocketErrno err;
    if (f == PFH_INET)
    {
        Ptr<Ipv4L3Protocol> ipv4 = tap->GetIpv4();
        Ipv4Header h;
        PfhooksPacketRebuild::SplitDatagram(p, &h);
        Ptr<Ipv4Route> route = ipv4->GetRoutingProtocol()->RouteOutput(p, h, nullptr, err);
        if (route)
        {
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
        Ptr<Ipv6Route> route = ipv6->GetRoutingProtocol()->RouteOutput(p, h, nullptr, err);
        int32_t i = route ? ipv6->GetInterfaceForDevice(route->GetOutputDevice()) : -1;
        if (i >= 0)
        {
            Ipv6Address hop =
                route->GetGateway().IsAny() ? h.GetDestination() : route->GetGateway();
            ipv6->GetInterface(i)->Send(p, h, hop);
            return;
        }
    }
    tap->GetIpInstance()->ReportDrop(f,
                                     PFH_PHYSICAL_OUT,
                                     "injected packet has no route",
                                     p->GetSize());
}

} // namespace ns3
