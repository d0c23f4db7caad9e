/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_ROUTE_OUTPUT_H
#define PFHOOKS_ROUTE_OUTPUT_H

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6.h"
#include "ns3/net-device.h"
#include "ns3/packet.h"

namespace ns3
{

/**
 * \ingroup pfhooks
 * A node's RouteOutput for destinations a module chose (net_routeto,
 * net_inject): ns-3 3.37's static routing dereferences a missing interface
 * when a local-scope multicast destination (IPv4 224.0.0.0/24, IPv6
 * ff02::/16) comes without an output device, or when the device has no
 * interface of the family.  Such a lookup finds no route here, as illumos
 * answers ENETUNREACH for a link-scope destination without an interface;
 * every other lookup is the node's own.
 *
 * \param ip the node's IPv4
 * \param p the packet (may be empty)
 * \param h its header; the destination is what is routed
 * \param dev the output device, or null for any
 * \return the route, or null for none
 */
Ptr<Ipv4Route> PfhooksRouteOutput(const Ptr<Ipv4>& ip,
                                  const Ptr<Packet>& p,
                                  const Ipv4Header& h,
                                  const Ptr<NetDevice>& dev);

/**
 * \ingroup pfhooks
 * The same for IPv6.
 * \param ip the node's IPv6
 * \param p the packet (may be empty)
 * \param h its header; the destination is what is routed
 * \param dev the output device, or null for any
 * \return the route, or null for none
 */
Ptr<Ipv6Route> PfhooksRouteOutput(const Ptr<Ipv6>& ip,
                                  const Ptr<Packet>& p,
                                  const Ipv6Header& h,
                                  const Ptr<NetDevice>& dev);

} // namespace ns3

#endif /* PFHOOKS_ROUTE_OUTPUT_H */
