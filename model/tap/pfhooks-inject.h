/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * net_inject() puts a module's datagram on one of the node's paths: queued
 * in as if received, queued out as if sent by IP, or straight out (unseen
 * by hooks) towards a next hop.  The queued styles run later from the event
 * queue, as illumos's taskq, and die with the instance that queued them.
 */
#ifndef PFHOOKS_INJECT_H
#define PFHOOKS_INJECT_H

#include "ns3/net-device.h"
#include "ns3/packet.h"
#include "ns3/pfhooks-event-table.h"
#include "ns3/pfhooks-hook-types.h"

#include <cstdint>

namespace ns3
{

class PfhooksNodeTap;
class PfhooksIpInstance;

/**
 * \ingroup pfhooks
 * net_inject() for IPv4 and IPv6 on one node.
 */
class PfhooksInjector
{
  public:
    /**
     * \copydoc PfhooksNodeTap::Inject
     * \param tap the node's tap
     */
    static int Inject(PfhooksNodeTap* tap,
                      PfhooksFamily f,
                      inject_t style,
                      const uint8_t* bytes,
                      uint32_t len,
                      phy_if_t phy,
                      const struct sockaddr_storage* nextHop);

  private:
    /** Inject() without the Injected trace of a refusal. \return as Inject() */
    static int Deliver(PfhooksNodeTap* tap,
                       PfhooksFamily f,
                       inject_t style,
                       const uint8_t* bytes,
                       uint32_t len,
                       phy_if_t phy,
                       const struct sockaddr_storage* nextHop);
    /** Fires Injected for a datagram about to go (when a sink listens). */
    static void Announce(PfhooksIpInstance* ipi, const Ptr<Packet>& p, inject_t style);
    /** Announce() of an NI_DIRECT_OUT datagram whose IP header `h` is split off `p`. */
    template <class Header>
    static void AnnounceSplit(PfhooksIpInstance* ipi, const Ptr<Packet>& p, const Header& h);
    /** NI_QUEUE_IN, when its turn comes: received on `device` (PHYSICAL_IN runs). */
    static void QueueIn(Ptr<PfhooksNodeTap> tap,
                        netid_t netid,
                        Ptr<NetDevice> device,
                        Ptr<Packet> p,
                        uint16_t protocol);
    /**
     * NI_QUEUE_OUT, when its turn comes: routed (out of `dev` unless null)
     * and sent as IP sends, with a new IPv4 ID.
     */
    static void QueueOut(Ptr<PfhooksNodeTap> tap,
                         netid_t netid,
                         PfhooksFamily f,
                         Ptr<Packet> p,
                         Ptr<NetDevice> dev);
    /**
     * NI_DIRECT_OUT (ipfil_sendpkt()) on IP protocol @p ip (Ipv4L3Protocol
     * or Ipv6L3Protocol): a next hop other than the destination must be
     * on-link (on `dev` unless null); else the destination is routed (out
     * of `dev` unless null).  No hook sees it.
     * \return 0, or 1 (EHOSTUNREACH, no route)
     */
    template <class L3>
    static int DirectOut(PfhooksNodeTap* tap,
                         Ptr<L3> ip,
                         Ptr<Packet> p,
                         Ptr<NetDevice> dev,
                         const struct sockaddr_storage* nextHop);
    /** \return the family's interface index of a device; -1 for none or loopback */
    static int32_t InterfaceOf(PfhooksNodeTap* tap, PfhooksFamily f, Ptr<NetDevice> dev);
};

} // namespace ns3

#endif /* PFHOOKS_INJECT_H */
