/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3's transport code trusts the bytes behind an IP header: a short ICMP
 * echo, a TCP data offset past the segment or an ND option of length 0
 * makes it read past the packet or loop.  Bytes a hook or net_inject()
 * hands back are checked against the minimum lengths here (the table is in
 * doc/semantics.md) before any ns-3 code parses them.
 */
#ifndef PFHOOKS_TRANSPORT_CHECK_H
#define PFHOOKS_TRANSPORT_CHECK_H

#include "ns3/ipv6-address.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/net-device.h"
#include "ns3/ptr.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup pfhooks
 * Checks the layers behind a whole IP header: fragments, IPv6 extension
 * headers, and ICMP, ICMPv6 (per type, with ND options), UDP and TCP (with
 * its data offset and options).
 */
class PfhooksTransportCheck
{
  public:
    /**
     * The link an IPv6 datagram is on, where the seam knows it: the node's
     * IPv6 and the device (the receiving one inbound, the sending one
     * outbound).
     */
    struct Link
    {
        Ptr<Ipv6L3Protocol> ipv6;    //!< the node's IPv6
        Ptr<const NetDevice> device; //!< the device
    };

    /**
     * \param ipv6 the node's IPv6
     * \param device an IPv6 interface's device
     * \param dst a next hop
     * \return whether ns-3 can solicit @p dst on the device: multicast,
     *         link-local, or on the prefix of one of its addresses
     */
    static bool OnLink6(Ptr<Ipv6L3Protocol> ipv6, Ptr<const NetDevice> device, Ipv6Address dst);

    /**
     * \param b an IPv4 datagram that passed PfhooksDatagramCheck::CheckIpv4
     * \return null when ns-3 can parse what follows its header, else why not
     */
    static const char* CheckIpv4(const uint8_t* b);
    /**
     * \param b an IPv6 datagram that passed PfhooksDatagramCheck::CheckIpv6
     * \param link the link it is on, or null when not known (the checks
     *        that need it are then skipped)
     * \return null when ns-3 can parse what follows its header, else why not
     */
    static const char* CheckIpv6(const uint8_t* b, const Link* link = nullptr);

  private:
    /**
     * The checks of one transport header.
     * \param proto the IP protocol number
     * \param t the transport bytes
     * \param len their number (of this fragment)
     * \param whole false in a first fragment: the rest is elsewhere
     * \return null when valid (or not a transport checked here), else why not
     */
    static const char* CheckTransport(uint8_t proto, const uint8_t* t, uint32_t len, bool whole);
    /**
     * ICMP: 8 bytes; an error carries an IPv4 header and 8 bytes.
     * \param t the transport bytes
     * \param len their number
     * \return null when valid, else why not
     */
    static const char* CheckIcmp(const uint8_t* t, uint32_t len);
    /** \copydoc CheckTransport (ICMPv6: 8 bytes, ND messages per type and options.) */
    static const char* CheckIcmp6(const uint8_t* t, uint32_t len, bool whole);
    /** \copydoc CheckIcmp (TCP: the data offset and the options.) */
    static const char* CheckTcp(const uint8_t* t, uint32_t len);
    /**
     * The options of an IPv6 hop-by-hop or destination options header.
     * \param h the extension header
     * \param len its length
     * \return null when valid, else why not
     */
    static const char* CheckIpv6Options(const uint8_t* h, uint32_t len);
};

} // namespace ns3

#endif /* PFHOOKS_TRANSPORT_CHECK_H */
