/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The transport minimum lengths (doc/semantics.md): bytes a hook hands back
 * that ns-3's transport code cannot parse are refused, with the reason.
 */
#include "ns3/pfhooks-datagram-check.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace
{

using ns3::PfhooksDatagramCheck;

/// An IPv4 datagram: 20-byte header, protocol proto, then the payload.
std::vector<uint8_t>
V4(uint8_t proto, std::vector<uint8_t> payload, uint16_t fragField = 0)
{
    std::vector<uint8_t> b = {
        0x45, 0, 0,  0, 0, 1, uint8_t(fragField >> 8), uint8_t(fragField), 64, proto, 0, 0, 10, 0,
        0,    1, 10, 0, 0, 2};
    b.insert(b.end(), payload.begin(), payload.end());
    b[2] = uint8_t(b.size() >> 8);
    b[3] = uint8_t(b.size());
    return b;
}

/// An IPv6 datagram: 40-byte header, next header nh, then the payload.
std::vector<uint8_t>
V6(uint8_t nh, std::vector<uint8_t> payload)
{
    std::vector<uint8_t> b(40, 0);
    b[0] = 0x60;
    b[6] = nh;
    b[7] = 64;
    b.insert(b.end(), payload.begin(), payload.end());
    b[4] = uint8_t(payload.size() >> 8);
    b[5] = uint8_t(payload.size());
    return b;
}

std::string
Why(ns3::PfhooksFamily f, const std::vector<uint8_t>& b)
{
    const char* why = PfhooksDatagramCheck::CheckForStack(f, b.data(), b.size());
    return why == nullptr ? "ok" : why;
}

std::string
Why4(const std::vector<uint8_t>& b)
{
    return Why(ns3::PFH_INET, b);
}

std::string
Why6(const std::vector<uint8_t>& b)
{
    return Why(ns3::PFH_INET6, b);
}

TEST(TransportCheck, IcmpEchoNeedsEightBytes)
{
    EXPECT_EQ(Why4(V4(1, {8, 0})), "ICMP shorter than 8 bytes");
    EXPECT_EQ(Why4(V4(1, {8, 0, 0, 0, 0, 1, 0, 1})), "ok");
    // An error carries an IPv4 header and 8 bytes, as its inner IHL says.
    std::vector<uint8_t> err = {3, 1, 0, 0, 0, 0, 0, 0};
    std::vector<uint8_t> inner = V4(17, {0, 1, 0, 2, 0, 8, 0, 0});
    std::vector<uint8_t> full = err;
    full.insert(full.end(), inner.begin(), inner.end());
    EXPECT_EQ(Why4(V4(1, full)), "ok");
    full.resize(full.size() - 1);
    EXPECT_EQ(Why4(V4(1, full)), "ICMP error shorter than 8 + an IPv4 header + 8 bytes");
    inner[0] = 0x46; // 24-byte inner header: 4 more bytes needed
    full = err;
    full.insert(full.end(), inner.begin(), inner.end());
    EXPECT_EQ(Why4(V4(1, full)), "ICMP error: its inner IPv4 header length is wrong");
}

TEST(TransportCheck, UdpHeaderAndLength)
{
    EXPECT_EQ(Why4(V4(17, {0, 1, 0, 2, 0, 8})), "UDP shorter than its 8-byte header");
    EXPECT_EQ(Why4(V4(17, {0, 1, 0, 2, 0, 8, 0, 0})), "ok");
    EXPECT_EQ(Why4(V4(17, {0, 1, 0, 2, 0, 9, 0, 0})), "UDP length outside 8 .. the IP payload");
    EXPECT_EQ(Why4(V4(17, {0, 1, 0, 2, 0, 7, 0, 0})), "UDP length outside 8 .. the IP payload");
}

TEST(TransportCheck, TcpDataOffsetAndOptions)
{
    std::vector<uint8_t> tcp(20, 0);
    tcp[12] = 5 << 4;
    EXPECT_EQ(Why4(V4(6, tcp)), "ok");
    EXPECT_EQ(Why4(V4(6, std::vector<uint8_t>(19, 0))), "TCP shorter than its 20-byte header");
    tcp[12] = 4 << 4;
    EXPECT_EQ(Why4(V4(6, tcp)), "TCP data offset below 5");
    tcp[12] = 6 << 4;
    EXPECT_EQ(Why4(V4(6, tcp)), "TCP data offset beyond the segment");
    tcp.insert(tcp.end(), {2, 4, 5, 0xb4}); // MSS
    EXPECT_EQ(Why4(V4(6, tcp)), "ok");
    tcp[21] = 0;
    EXPECT_EQ(Why4(V4(6, tcp)), "TCP option beyond the header or of length below 2");
    tcp[20] = 8; // timestamps of length 4
    tcp[21] = 4;
    EXPECT_EQ(Why4(V4(6, tcp)), "TCP option of the wrong length for its kind");
}

TEST(TransportCheck, Ipv4Fragments)
{
    // More fragments: 8-byte multiples only; later fragments carry no header.
    EXPECT_EQ(Why4(V4(17, std::vector<uint8_t>(12, 0), 0x2000)),
              "IPv4 fragment with more to come: payload not a multiple of 8");
    EXPECT_EQ(Why4(V4(17, {1, 2}, 0x0001)), "ok");
    EXPECT_EQ(Why4(V4(17, std::vector<uint8_t>(16, 0), 0x1fff)), "IPv4 fragment past 65535 bytes");
    // A first fragment holds the whole transport minimum (a tiny fragment is dropped).
    EXPECT_EQ(Why4(V4(6, std::vector<uint8_t>(8, 0), 0x2000)),
              "TCP shorter than its 20-byte header");
    std::vector<uint8_t> udp = {0, 1, 0, 2, 0x10, 0, 0, 0}; // length 4096: in later fragments
    EXPECT_EQ(Why4(V4(17, udp, 0x2000)), "ok");
}

TEST(TransportCheck, Icmpv6AndNeighbourDiscovery)
{
    EXPECT_EQ(Why6(V6(58, {128, 0, 0, 0})), "ICMPv6 shorter than 8 bytes");
    EXPECT_EQ(Why6(V6(58, {128, 0, 0, 0, 0, 1, 0, 1})), "ok");
    // Packet too big: the MTU is at least IPv6's minimum, 1280 (RFC 8201 4).
    EXPECT_EQ(Why6(V6(58, {2, 0, 0, 0, 0, 0, 5, 0})), "ok");
    EXPECT_EQ(Why6(V6(58, {2, 0, 0, 0, 0, 0, 4, 255})),
              "ICMPv6 packet too big with an MTU under 1280");
    EXPECT_EQ(Why6(V6(58, {2, 0, 0, 0, 0, 0, 0, 48})),
              "ICMPv6 packet too big with an MTU under 1280");
    std::vector<uint8_t> ns(24, 0);
    ns[0] = 135;
    EXPECT_EQ(Why6(V6(58, ns)), "ok");
    EXPECT_EQ(Why6(V6(58, std::vector<uint8_t>(ns.begin(), ns.begin() + 20))),
              "ICMPv6 neighbour discovery message shorter than its type's minimum");
    std::vector<uint8_t> sllao = {1, 1, 0, 0, 0, 0, 0, 1};
    ns.insert(ns.end(), sllao.begin(), sllao.end());
    EXPECT_EQ(Why6(V6(58, ns)), "ok");
    ns.insert(ns.end(), sllao.begin(), sllao.end()); // ns-3 would loop forever
    EXPECT_EQ(Why6(V6(58, ns)), "ICMPv6 ND address or MTU option repeated");
    ns.resize(32);
    ns[25] = 0;
    EXPECT_EQ(Why6(V6(58, ns)), "ICMPv6 ND option of length 0");
    std::vector<uint8_t> redirect(40, 0);
    redirect[0] = 137;
    EXPECT_EQ(Why6(V6(58, redirect)), "ICMPv6 redirect without its redirected header option");
    redirect.insert(redirect.end(), {4, 1, 0, 0, 0, 0, 0, 0});
    EXPECT_EQ(Why6(V6(58, redirect)), "ok"); // target == destination: on-link
    redirect[8] = 0x20;                      // target 2001:99::1, destination ::
    redirect[9] = 0x01;
    redirect[11] = 0x99;
    redirect[23] = 1;
    EXPECT_EQ(Why6(V6(58, redirect)),
              "ICMPv6 redirect to a target neither link-local nor its destination");
    redirect[8] = 0xfe; // target fe80:99::1: not link-local for ns-3 (fe80::/64)
    redirect[9] = 0x80;
    EXPECT_EQ(Why6(V6(58, redirect)),
              "ICMPv6 redirect to a target neither link-local nor its destination");
    redirect[11] = 0; // fe80::1, a router
    EXPECT_EQ(Why6(V6(58, redirect)), "ok");
    // A neighbour advertisement comes from a link-local address or its target.
    std::vector<uint8_t> na(24, 0);
    na[0] = 136;
    EXPECT_EQ(Why6(V6(58, na)), "ok"); // source == target (::)
    na[8] = 0x20;                      // target 2001:99::1, source ::
    na[9] = 0x01;
    na[11] = 0x99;
    na[23] = 1;
    std::vector<uint8_t> d = V6(58, na);
    EXPECT_EQ(Why6(d),
              "ICMPv6 neighbour advertisement from neither a link-local address nor its target");
    std::copy(na.begin() + 8, na.end(), d.begin() + 8); // source = target
    EXPECT_EQ(Why6(d), "ok");
    d[8] = 0xfe; // source fe80::1
    d[9] = 0x80;
    d[11] = 0;
    EXPECT_EQ(Why6(d), "ok");
    // A router advertisement comes from a link-local address (RFC 4861 6.1.2).
    std::vector<uint8_t> ra(16, 0);
    ra[0] = 134;
    d = V6(58, ra);
    EXPECT_EQ(Why6(d), "ICMPv6 router advertisement from a source not link-local");
    d[8] = 0xfe;
    d[9] = 0x80;
    d[23] = 1;
    EXPECT_EQ(Why6(d), "ok");
    // Its prefix option's prefix length is at most 128 (RFC 4861 4.6.2).
    ra.insert(ra.end(), {3, 4, 128, 0xc0});
    ra.resize(48, 0);
    std::vector<uint8_t> d2 = V6(58, ra);
    std::copy(d.begin() + 8, d.begin() + 24, d2.begin() + 8); // from fe80::1
    EXPECT_EQ(Why6(d2), "ok");
    d2[40 + 18] = 129;
    EXPECT_EQ(Why6(d2), "ICMPv6 router advertisement prefix longer than 128 bits");
}

TEST(TransportCheck, Ipv6ExtensionHeadersAndFragments)
{
    // Hop-by-hop (8 bytes: PadN) then UDP.
    std::vector<uint8_t> p = {17, 0, 1, 4, 0, 0, 0, 0, 0, 1, 0, 2, 0, 8, 0, 0};
    EXPECT_EQ(Why6(V6(0, p)), "ok");
    p[1] = 2; // 24 bytes: beyond the payload
    EXPECT_EQ(Why6(V6(0, p)), "IPv6 extension header beyond the payload");
    p[1] = 0;
    p[3] = 5; // PadN past the header
    EXPECT_EQ(Why6(V6(0, p)), "IPv6 option beyond its extension header");
    // Fragment header, first fragment with more: UDP header there, 8-byte data.
    std::vector<uint8_t> f = {17, 0, 0, 1, 0, 0, 0, 7, 0, 1, 0, 2, 0x10, 0, 0, 0};
    EXPECT_EQ(Why6(V6(44, f)), "ok");
    f.push_back(0);
    EXPECT_EQ(Why6(V6(44, f)), "IPv6 fragment with more to come: data not a multiple of 8");
    EXPECT_EQ(Why6(V6(44, {17, 0, 0})), "IPv6 fragment header beyond the payload");
}

TEST(TransportCheck, Ipv6ShapesNs3AnswersBadly)
{
    // ns-3 3.37 sends ICMPv6 errors to these addresses with no interface
    // and crashes (found by PacketFuzz).
    std::vector<uint8_t> udp = {0, 1, 0, 2, 0, 8, 0, 0};
    EXPECT_EQ(Why6(V6(17, udp)), "ok");
    std::vector<uint8_t> b = V6(17, udp);
    b[8] = 0xff; // source ff02::1
    b[9] = 0x02;
    b[23] = 1;
    EXPECT_EQ(Why6(b), "IPv6 source address multicast");
    // An unknown next header (73, and AH, which ns-3 lacks) to a link-local
    // multicast destination gets a parameter problem sent to that destination.
    b = V6(73, udp);
    EXPECT_EQ(Why6(b), "ok") << "to :: the error is routed normally";
    b[24] = 0xff;
    b[25] = 0x02;
    EXPECT_EQ(Why6(b), "IPv6 next header without an ns-3 protocol, to link-local multicast");
    b[25] = 0x05; // site-local scope: routed, no crash
    EXPECT_EQ(Why6(b), "ok");
    b = V6(51, {17, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 8, 0, 0}); // AH: 12 bytes
    EXPECT_EQ(Why6(b), "ok");
    b[24] = 0xff;
    b[25] = 0x02;
    EXPECT_EQ(Why6(b), "IPv6 next header without an ns-3 protocol, to link-local multicast");
    b = V6(17, udp);
    b[24] = 0xff;
    b[25] = 0x02;
    EXPECT_EQ(Why6(b), "ok") << "UDP has a protocol";
}

TEST(TransportCheck, ArpHardwareAddressFitsAnNs3Address)
{
    std::vector<uint8_t> arp = {0, 1, 8, 0, 21, 4, 0, 1};
    arp.resize(8 + 2 * (21 + 4), 0);
    EXPECT_EQ(Why(ns3::PFH_ARP, arp), "ARP hardware address longer than 20 bytes");
    arp[4] = 6;
    EXPECT_EQ(Why(ns3::PFH_ARP, arp), "ok");
}

} // namespace
