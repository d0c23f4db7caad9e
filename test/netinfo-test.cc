/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The netinfo(9F) queries against ns-3's own view of the nodes.
 */
#include "scenario.h"

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
    Ptr<IpInstance> router = s.Ip(1);
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
        expect.insert(IpInstance::PhyIf(ipv4->GetNetDevice(i)));
    }
    EXPECT_EQ(walked, expect);

    phy_if_t east = IpInstance::PhyIf(s.d12.Get(0));
    phy_if_t west = IpInstance::PhyIf(s.d01.Get(1));
    EXPECT_EQ(net_phylookup(inet, "router-east"), east);
    EXPECT_EQ(net_phylookup(inet, "no-such-if"), 0u);
    char name[32];
    ASSERT_EQ(net_getifname(inet, west, name, sizeof(name)), 0);
    EXPECT_EQ(net_phylookup(inet, name), west);
    EXPECT_EQ(net_getifname(inet, east, name, 4), 1); // too short
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
        IpInstance::PhyIf(s.d01.Get(0)));
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
    uint32_t before = NetInstanceRegistry::Get().GetOutstandingHandles();
    std::vector<std::string> names;
    for (net_handle_t h = net_protocol_walk(id, nullptr); h != nullptr;
         h = net_protocol_walk(id, h))
    {
        names.push_back(h->name);
    }
    EXPECT_EQ(names, (std::vector<std::string>{NHF_INET, NHF_INET6, NHF_ARP}));
    EXPECT_EQ(NetInstanceRegistry::Get().GetOutstandingHandles(), before); // all released
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
