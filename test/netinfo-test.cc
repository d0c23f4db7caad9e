/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The netinfo(9F) queries against ns-3's own view of the nodes.
 */
#include "scenario.h"

#include "ns3/loopback-net-device.h"
#include "ns3/names.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <set>
#include <string>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

std::string
Ip4(const struct sockaddr_in& sin)
{
    char buf[INET_ADDRSTRLEN];
    inet_ntop(AF_INET, &sin.sin_addr, buf, sizeof(buf));
    return buf;
}

TEST(NetinfoTest, InterfaceWalksNamesMtuAndAddresses)
{
    Scenario s;
    Ptr<PfhooksIpInstance> router = s.Ip(1);
    Names::Add("router-east", s.d12.Get(0));
    net_handle_t inet = net_protocol_lookup(router->GetNetid(), NHF_INET);
    ASSERT_NE(inet, nullptr);

    // Walk: starts at 0, ends at 0, every IPv4 interface once (loopback included).
    std::set<phy_if_t> walked;
    for (phy_if_t p = net_phygetnext(inet, 0); p != 0; p = net_phygetnext(inet, p))
    {
        EXPECT_TRUE(walked.insert(p).second);
    }
    Ptr<Ipv4> ipv4 = s.nodes.Get(1)->GetObject<Ipv4>();
    std::set<phy_if_t> expect;
    for (uint32_t i = 0; i < ipv4->GetNInterfaces(); i++)
    {
        expect.insert(PfhooksIpInstance::PhyIf(ipv4->GetNetDevice(i)));
    }
    EXPECT_EQ(walked, expect);

    phy_if_t east = PfhooksIpInstance::PhyIf(s.d12.Get(0));
    phy_if_t west = PfhooksIpInstance::PhyIf(s.d01.Get(1));
    EXPECT_EQ(net_phylookup(inet, "router-east"), east);
    EXPECT_EQ(net_phylookup(inet, "no-such-if"), 0u);
    char name[32];
    ASSERT_EQ(net_getifname(inet, west, name, sizeof(name)), 0);
    EXPECT_EQ(net_phylookup(inet, name), west);
    EXPECT_EQ(net_getifname(inet, east, name, 4), 0); // too short: cut, as strlcpy
    EXPECT_STREQ(name, "rou");
    EXPECT_EQ(net_getifname(inet, 999, name, sizeof(name)), 1);
    phy_if_t lo = net_phylookup(inet, "lo0");
    EXPECT_NE(lo, 0u);

    EXPECT_EQ(net_getmtu(inet, east, 0),
              int(ipv4->GetMtu(ipv4->GetInterfaceForDevice(s.d12.Get(0)))));
    EXPECT_EQ(net_getmtu(inet, 999, 0), 0);
    EXPECT_EQ(net_getpmtuenabled(inet), 0);
    EXPECT_EQ(net_ispartialchecksum(inet, nullptr), 0);

    // Logical interfaces: 1-based, 0 ends the walk.
    EXPECT_EQ(net_lifgetnext(inet, west, 0), 1);
    EXPECT_EQ(net_lifgetnext(inet, west, 1), 0);
    net_ifaddr_t kinds[3] = {NA_ADDRESS, NA_NETMASK, NA_BROADCAST};
    struct sockaddr_in out[3];
    ASSERT_EQ(net_getlifaddr(inet, west, 1, 3, kinds, out), 0);
    EXPECT_EQ(Ip4(out[0]), "10.1.1.2");
    EXPECT_EQ(Ip4(out[1]), "255.255.255.0");
    EXPECT_EQ(Ip4(out[2]), "10.1.1.255");
    EXPECT_EQ(out[0].sin_family, AF_INET);
    EXPECT_EQ(net_getlifaddr(inet, west, 2, 3, kinds, out), 1);
    net_ifaddr_t bogus[1] = {static_cast<net_ifaddr_t>(9)};
    EXPECT_EQ(net_getlifaddr(inet, west, 1, 1, bogus, out), 1);
    net_protocol_release(inet);
}

TEST(NetinfoTest, RouteToAndChecksums)
{
    Scenario s;
    net_handle_t inet = net_protocol_lookup(s.Ip(0)->GetNetid(), NHF_INET);

    struct sockaddr_in dst
    {
    };

    dst.sin_family = AF_INET;
    dst.sin_addr.s_addr = htonl(s.i12.GetAddress(1).Get());

    struct sockaddr_in next
    {
    };

    EXPECT_EQ(
        net_routeto(inet, reinterpret_cast<sockaddr*>(&dst), reinterpret_cast<sockaddr*>(&next)),
        PfhooksIpInstance::PhyIf(s.d01.Get(0)));
    EXPECT_EQ(Ip4(next), "10.1.1.2"); // the router
    // The client is a stub (global routing gives it a default route); the
    // router has none for an unknown network.
    net_handle_t rtr = net_protocol_lookup(s.Ip(1)->GetNetid(), NHF_INET);
    dst.sin_addr.s_addr = htonl(Ipv4Address("192.0.2.1").Get());
    EXPECT_EQ(net_routeto(rtr, reinterpret_cast<sockaddr*>(&dst), nullptr), 0u);
    net_protocol_release(rtr);

    std::vector<uint8_t> good = MakeUdpDatagram("10.1.1.1", "10.1.2.2", 1, 2, 10);
    mblk_t* mp = ToMblk(good);
    EXPECT_EQ(net_isvalidchecksum(inet, mp), 1);
    mp->b_rptr[8] ^= 0x01; // TTL changed, checksum not
    EXPECT_EQ(net_isvalidchecksum(inet, mp), 0);
    net_handle_t inet6 = net_protocol_lookup(s.Ip(0)->GetNetid(), NHF_INET6);
    EXPECT_EQ(net_isvalidchecksum(inet6, mp), -1); // unsupported, as illumos
    net_handle_t arp = net_protocol_lookup(s.Ip(0)->GetNetid(), NHF_ARP);
    EXPECT_EQ(net_getmtu(arp, 1, 0), -1); // net_no_getmtu()
    EXPECT_NE(net_phygetnext(arp, 0), 0u);
    freemsg(mp);
    net_protocol_release(arp);
    net_protocol_release(inet6);
    net_protocol_release(inet);
}

TEST(NetinfoTest, ProtocolWalkAndGoneHandles)
{
    Scenario s;
    netid_t id = s.Ip(0)->GetNetid();
    uint32_t before = PfhooksNetInstanceRegistry::Get().GetOutstandingHandles();
    std::vector<std::string> names;
    for (net_handle_t h = net_protocol_walk(id, nullptr); h != nullptr;
         h = net_protocol_walk(id, h))
    {
        names.push_back(h->name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{NHF_INET, NHF_INET6, NHF_ARP}));
    EXPECT_EQ(PfhooksNetInstanceRegistry::Get().GetOutstandingHandles(), before); // all released
    EXPECT_EQ(net_protocol_walk(12345, nullptr), nullptr);

    net_handle_t inet = net_protocol_lookup(id, NHF_INET);
    s.Ip(0)->Stop();
    EXPECT_EQ(net_phygetnext(inet, 0), static_cast<phy_if_t>(-1));
    EXPECT_EQ(net_getmtu(inet, 1, 0), -1);
    EXPECT_EQ(net_lifgetnext(inet, 1, 0), static_cast<lif_if_t>(-1));
    EXPECT_EQ(net_routeto(inet, nullptr, nullptr), static_cast<phy_if_t>(-1));
    EXPECT_EQ(net_protocol_release(inet), 0);
}

} // namespace

namespace
{

/** The flags the test expects from ns-3's own view of one address. */
uint64_t
ExpectedFlags(Ptr<Node> node, bool v6, uint32_t i, uint32_t a)
{
    Ptr<NetDevice> dev =
        v6 ? node->GetObject<Ipv6>()->GetNetDevice(i) : node->GetObject<Ipv4>()->GetNetDevice(i);
    bool up = v6 ? node->GetObject<Ipv6>()->IsUp(i) : node->GetObject<Ipv4>()->IsUp(i);
    bool fwd =
        v6 ? node->GetObject<Ipv6>()->IsForwarding(i) : node->GetObject<Ipv4>()->IsForwarding(i);
    uint64_t f = v6 ? 0x0002000000ULL : 0x0001000000ULL; // IFF_IPV6 / IFF_IPV4
    if (v6 && node->GetObject<Ipv6>()->GetAddress(i, a).GetState() == Ipv6InterfaceAddress::INVALID)
    {
        up = false;
        f |= 0x4000000000ULL; // IFF_DUPLICATE
    }
    f |= up ? 0x1 : 0;                                                    // IFF_UP
    f |= (!v6 && dev->IsBroadcast() && !dev->IsPointToPoint()) ? 0x2 : 0; // IFF_BROADCAST
    f |= DynamicCast<LoopbackNetDevice>(dev) ? 0x8 : 0;                   // IFF_LOOPBACK
    f |= dev->IsPointToPoint() ? 0x10 : 0;                                // IFF_POINTOPOINT
    f |= dev->IsLinkUp() ? 0x40 : 0;                                      // IFF_RUNNING
    f |= dev->NeedsArp() ? 0 : 0x80;                                      // IFF_NOARP
    f |= dev->IsMulticast() ? 0x800 : 0;                                  // IFF_MULTICAST
    f |= fwd ? 0x100000 : 0;                                              // IFF_ROUTER
    return f;
}

TEST(NetinfoTest, EveryInterfaceAndAddressOfBothFamiliesAgainstNs3)
{
    DualChain c;
    Ptr<Node> router = c.nodes.Get(1);
    netid_t id = c.Ip(1)->GetNetid();
    for (bool v6 : {false, true})
    {
        SCOPED_TRACE(v6 ? "inet6" : "inet");
        net_handle_t h = net_protocol_lookup(id, v6 ? NHF_INET6 : NHF_INET);
        ASSERT_NE(h, nullptr);
        uint32_t nIf = v6 ? router->GetObject<Ipv6>()->GetNInterfaces()
                          : router->GetObject<Ipv4>()->GetNInterfaces();
        uint32_t walked = 0;
        for (phy_if_t p = net_phygetnext(h, 0); p != 0; p = net_phygetnext(h, p))
        {
            walked++;
            Ptr<NetDevice> dev = router->GetDevice(p - 1);
            int32_t i = v6 ? router->GetObject<Ipv6>()->GetInterfaceForDevice(dev)
                           : router->GetObject<Ipv4>()->GetInterfaceForDevice(dev);
            ASSERT_GE(i, 0);
            uint32_t nAddr = v6 ? router->GetObject<Ipv6>()->GetNAddresses(i)
                                : router->GetObject<Ipv4>()->GetNAddresses(i);
            uint32_t lifs = 0;
            for (lif_if_t l = net_lifgetnext(h, p, 0); l != 0; l = net_lifgetnext(h, p, l))
            {
                lifs++;
                EXPECT_EQ(l, lif_if_t(lifs)); // 1-based, in order
                uint64_t flags = 0;
                ASSERT_EQ(net_getlifflags(h, p, l, &flags), 0);
                EXPECT_EQ(flags, ExpectedFlags(router, v6, i, l - 1))
                    << "phy " << p << " lif " << l;
                zoneid_t z = -7;
                ASSERT_EQ(net_getlifzone(h, p, l, &z), 0);
                EXPECT_EQ(z, id);
                net_ifaddr_t kinds[4] = {NA_ADDRESS, NA_PEER, NA_BROADCAST, NA_NETMASK};
                if (v6)
                {
                    struct sockaddr_in6 out[4];
                    ASSERT_EQ(net_getlifaddr(h, p, l, 4, kinds, out), 0);
                    Ipv6InterfaceAddress a = router->GetObject<Ipv6>()->GetAddress(i, l - 1);
                    uint8_t want[16];
                    a.GetAddress().Serialize(want);
                    EXPECT_EQ(std::memcmp(out[0].sin6_addr.s6_addr, want, 16), 0);
                    a.GetPrefix().GetBytes(want);
                    EXPECT_EQ(std::memcmp(out[3].sin6_addr.s6_addr, want, 16), 0);
                    static const uint8_t zero[16] = {};
                    EXPECT_EQ(std::memcmp(out[1].sin6_addr.s6_addr, zero, 16), 0); // no peer
                    EXPECT_EQ(std::memcmp(out[2].sin6_addr.s6_addr, zero, 16), 0); // no broadcast
                    for (const auto& o : out)
                    {
                        EXPECT_EQ(o.sin6_family, AF_INET6);
                    }
                }
                else
                {
                    struct sockaddr_in out[4];
                    ASSERT_EQ(net_getlifaddr(h, p, l, 4, kinds, out), 0);
                    Ipv4InterfaceAddress a = router->GetObject<Ipv4>()->GetAddress(i, l - 1);
                    EXPECT_EQ(ntohl(out[0].sin_addr.s_addr), a.GetLocal().Get());
                    EXPECT_EQ(out[1].sin_addr.s_addr, 0u); // ns-3 has no peer addresses
                    EXPECT_EQ(ntohl(out[2].sin_addr.s_addr), a.GetBroadcast().Get());
                    EXPECT_EQ(ntohl(out[3].sin_addr.s_addr), a.GetMask().Get());
                }
            }
            EXPECT_EQ(lifs, nAddr);
            uint64_t flags;
            zoneid_t z;
            EXPECT_EQ(net_getlifflags(h, p, lif_if_t(nAddr + 1), &flags), -1);
            EXPECT_EQ(net_getlifzone(h, p, 0, &z), 0); // lif 0: the first address
        }
        EXPECT_EQ(walked, nIf);
        uint64_t flags;
        EXPECT_EQ(net_getlifflags(h, 999, 1, &flags), -1);
        net_protocol_release(h);
    }

    // Flags follow ns-3: an interface taken down, forwarding turned off.
    net_handle_t inet = net_protocol_lookup(id, NHF_INET);
    Ptr<Ipv4> ipv4 = router->GetObject<Ipv4>();
    phy_if_t east = PfhooksIpInstance::PhyIf(c.d12.Get(0));
    uint32_t ie = ipv4->GetInterfaceForDevice(c.d12.Get(0));
    uint64_t flags = 0;
    ASSERT_EQ(net_getlifflags(inet, east, 1, &flags), 0);
    EXPECT_TRUE(flags & 0x1);      // IFF_UP
    EXPECT_TRUE(flags & 0x100000); // IFF_ROUTER
    EXPECT_TRUE(flags & 0x10);     // IFF_POINTOPOINT
    ipv4->SetDown(ie);
    ipv4->SetForwarding(ie, false);
    ASSERT_EQ(net_getlifflags(inet, east, 1, &flags), 0);
    EXPECT_FALSE(flags & 0x1);
    EXPECT_FALSE(flags & 0x100000);
    phy_if_t lo = net_phylookup(inet, "lo0");
    ASSERT_EQ(net_getlifflags(inet, lo, 1, &flags), 0);
    EXPECT_TRUE(flags & 0x8); // IFF_LOOPBACK

    // ARP has no logical interfaces.
    net_handle_t arp = net_protocol_lookup(id, NHF_ARP);
    zoneid_t z;
    EXPECT_EQ(net_getlifzone(arp, east, 1, &z), -1);
    EXPECT_EQ(net_getlifflags(arp, east, 1, &flags), -1);
    net_protocol_release(arp);
    net_protocol_release(inet);
}

TEST(NetinfoTest, ZonesNetidsAndGoneOrReleasedHandles)
{
    Scenario s;
    for (uint32_t n = 0; n < 3; n++)
    {
        netid_t id = s.Ip(n)->GetNetid();
        // The mapping: zone id = netstack id = netid.
        EXPECT_EQ(net_getzoneidbynetid(id), id);
        EXPECT_EQ(net_netidtozonid(id), id);
        EXPECT_EQ(net_zoneidtonetid(id), id);
        EXPECT_EQ(net_getnetstackidbynetid(id), id);
        EXPECT_EQ(net_getnetidbynetstackid(id), id);
        net_handle_t h = net_protocol_lookup(id, NHF_INET6);
        EXPECT_EQ(net_getnetid(h), id);
        net_protocol_release(h);
    }
    EXPECT_EQ(net_zoneidtonetid(ALL_ZONES), -1);
    EXPECT_EQ(net_zoneidtonetid(4711), -1);
    EXPECT_EQ(net_getzoneidbynetid(4711), -1);

    netid_t id = s.Ip(0)->GetNetid();
    net_handle_t inet = net_protocol_lookup(id, NHF_INET);
    net_handle_t kept = net_protocol_lookup(id, NHF_INET6);
    phy_if_t phy = PfhooksIpInstance::PhyIf(s.d01.Get(0));
    uint64_t flags;
    zoneid_t z;
    ASSERT_EQ(net_getlifflags(inet, phy, 1, &flags), 0);
    s.Ip(0)->Stop();
    // Condemned: every query answers -1 (cast to its type), as neti_impl.c.
    EXPECT_EQ(net_getlifflags(inet, phy, 1, &flags), -1);
    EXPECT_EQ(net_getlifzone(inet, phy, 1, &z), -1);
    EXPECT_EQ(net_getnetid(inet), -1);
    EXPECT_EQ(net_phylookup(inet, "lo0"), static_cast<phy_if_t>(-1));
    EXPECT_EQ(net_getifname(inet, phy, nullptr, 0), -1);
    EXPECT_EQ(net_getpmtuenabled(inet), -1);
    net_ifaddr_t kinds[1] = {NA_ADDRESS};
    struct sockaddr_in out;
    EXPECT_EQ(net_getlifaddr(inet, phy, 1, 1, kinds, &out), -1);
    EXPECT_EQ(net_ispartialchecksum(inet, nullptr), -1);
    EXPECT_EQ(net_isvalidchecksum(inet, nullptr), -1);
    // The stopped instance's zone is gone with it.
    EXPECT_EQ(net_getzoneidbynetid(id), -1);
    EXPECT_EQ(net_zoneidtonetid(id), -1);
    EXPECT_EQ(net_protocol_release(inet), 0);
    // Released (freed): recognised as no handle, never read.
    EXPECT_EQ(net_getlifflags(inet, phy, 1, &flags), -1);
    EXPECT_EQ(net_getnetid(inet), -1);
    EXPECT_EQ(net_phygetnext(inet, 0), static_cast<phy_if_t>(-1));
    EXPECT_EQ(net_protocol_release(kept), 0);
}

} // namespace
