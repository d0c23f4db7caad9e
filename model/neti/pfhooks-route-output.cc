/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-route-output.h"

#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/socket.h"

namespace ns3
{

namespace
{
/// \return true for a destination ns-3's static routing routes only with an output device
bool
NeedsDevice(const Ipv4Address& dst)
{
    return dst.IsLocalMulticast();
}

/// \return true for a destination ns-3's static routing routes only with an output device
bool
NeedsDevice(const Ipv6Address& dst)
{
    return dst.IsLinkLocalMulticast();
}

template <typename Route, typename Ip, typename Header>
Ptr<Route>
RouteOutputOf(const Ptr<Ip>& ip, const Ptr<Packet>& p, const Header& h, const Ptr<NetDevice>& dev)
{
    if (!ip || !ip->GetRoutingProtocol())
    {
        return nullptr;
    }
    if (dev ? ip->GetInterfaceForDevice(dev) < 0 : NeedsDevice(h.GetDestination()))
    {
        return nullptr;
    }
    Socket::SocketErrno err;
    return ip->GetRoutingProtocol()->RouteOutput(p, h, dev, err);
}
} // namespace

Ptr<Ipv4Route>
PfhooksRouteOutput(const Ptr<Ipv4>& ip,
                   const Ptr<Packet>& p,
                   const Ipv4Header& h,
                   const Ptr<NetDevice>& dev)
{
    return RouteOutputOf<Ipv4Route>(ip, p, h, dev);
}

Ptr<Ipv6Route>
PfhooksRouteOutput(const Ptr<Ipv6>& ip,
                   const Ptr<Packet>& p,
                   const Ipv6Header& h,
                   const Ptr<NetDevice>& dev)
{
    return RouteOutputOf<Ipv6Route>(ip, p, h, dev);
}

} // namespace ns3
