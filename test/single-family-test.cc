/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks on IPv4-only and IPv6-only nodes, and the routing watcher out of
 * sight (issue 16 point 9): the family a node lacks is there for modules,
 * empty; the routing users configured looks the same with pfhooks.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/point-to-point-module.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

namespace
{

int
Accept(PacketHookContext&)
{
    return 0;
}

/// Two nodes on a CSMA link with only one IP version, one pinging the other.
struct OneFamily
{
    NodeContainer nodes{2};
    std::vector<Ptr<PfhooksIpInstance>> ips;

    explicit OneFamily(bool v6)
    {
        InternetStackHelper stack;
        if (v6)
        {
            stack.SetIpv4StackInstall(false);
        }
        else
        {
            stack.SetIpv6StackInstall(false);
        }
        stack.Install(nodes);
        CsmaHelper csma;
        NetDeviceContainer devs = csma.Install(nodes);
        ApplicationContainer apps;
        if (v6)
        {
            Ipv6AddressHelper a;
            a.SetBase(Ipv6Address("2001:1::"), Ipv6Prefix(64));
            Ipv6InterfaceContainer ifs = a.Assign(devs);
            Ping6Helper ping;
            ping.SetLocal(ifs.GetAddress(0, 1));
            ping.SetRemote(ifs.GetAddress(1, 1));
            ping.SetAttribute("MaxPackets", UintegerValue(3));
            apps = ping.Install(nodes.Get(0));
        }
        else
        {
            Ipv4AddressHelper a;
            a.SetBase("10.1.1.0", "255.255.255.0");
            Ipv4InterfaceContainer ifs = a.Assign(devs);
            V4PingHelper ping(ifs.GetAddress(1));
            apps = ping.Install(nodes.Get(0));
        }
        apps.Start(Seconds(1));
        apps.Stop(Seconds(4));
        PfhooksHelper helper;
        for (uint32_t n = 0; n < 2; n++)
        {
            ips.push_back(helper.Install(nodes.Get(n)));
        }
    }

    ~OneFamily()
    {
        Simulator::Destroy();
    }
};

/// The family a node lacks: its events exist and take hooks, it has no interfaces, no routes
/// and no traffic; the other family works as usual.
void
CheckMissingFamily(bool v6Only)
{
    OneFamily s(v6Only);
    const char* missing = v6Only ? NHF_INET : NHF_INET6;
    const char* present = v6Only ? NHF_INET6 : NHF_INET;
    PfhooksFamily missingF = v6Only ? PFH_INET : PFH_INET6;
    PfhooksFamily presentF = v6Only ? PFH_INET6 : PFH_INET;
    for (const auto& ip : s.ips)
    {
        for (const char* fam : {missing, present})
        {
            EXPECT_EQ(ip->AddPacketHook(fam, NH_PHYSICAL_IN, "in", MakeCallback(&Accept)), 0);
            EXPECT_EQ(ip->AddPacketHook(fam, NH_PHYSICAL_OUT, "out", MakeCallback(&Accept)), 0);
        }
        net_handle_t none = net_protocol_lookup(ip->GetNetid(), missing);
        ASSERT_NE(none, nullptr) << missing << " is there, empty";
        EXPECT_EQ(net_phygetnext(none, 0), 0u) << "no interface, not even lo0";
        EXPECT_EQ(net_phylookup(none, "lo0"), 0u);
        struct sockaddr_storage dst = {};
        dst.ss_family = v6Only ? AF_INET : AF_INET6;
        EXPECT_EQ(net_routeto(none, reinterpret_cast<sockaddr*>(&dst), nullptr), 0u);
        EXPECT_EQ(net_getpmtuenabled(none), 0);
        net_handle_t some = net_protocol_lookup(ip->GetNetid(), present);
        ASSERT_NE(some, nullptr);
        EXPECT_NE(net_phygetnext(some, 0), 0u);
        EXPECT_EQ(net_protocol_release(none), 0);
        EXPECT_EQ(net_protocol_release(some), 0);
    }
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    for (const auto& ip : s.ips)
    {
        EXPECT_EQ(ip->GetCounters(missingF, PFH_PHYSICAL_IN).accepted, 0u);
        EXPECT_EQ(ip->GetCounters(missingF, PFH_PHYSICAL_OUT).accepted, 0u);
        EXPECT_GE(ip->GetCounters(presentF, PFH_PHYSICAL_IN).accepted, 3u) << "pings and replies";
        EXPECT_GE(ip->GetCounters(presentF, PFH_PHYSICAL_OUT).accepted, 3u);
    }
}

TEST(SingleFamilyTest, Ipv6OnlyNodeHasAnEmptyInet)
{
    CheckMissingFamily(true);
}

TEST(SingleFamilyTest, Ipv4OnlyNodeHasAnEmptyInet6)
{
    CheckMissingFamily(false);
}

TEST(SingleFamilyTest, NodeWithoutIpIsRefused)
{
    NodeContainer n(1);
    EXPECT_DEATH(PfhooksHelper().Install(n.Get(0)), "has neither IPv4 nor IPv6");
    Simulator::Destroy();
}

/// Counts a local delivery.
void
CountDelivery(uint32_t* n, const Ipv4Header&, Ptr<const Packet>, uint32_t)
{
    ++*n;
}

/// Routing tables of every node, as Ipv4RoutingHelper prints them.
template <typename Helper>
std::string
Tables(NodeContainer nodes)
{
    std::ostringstream os;
    Ptr<OutputStreamWrapper> out = Create<OutputStreamWrapper>(&os);
    for (uint32_t n = 0; n < nodes.GetN(); n++)
    {
        Helper::PrintRoutingTableAt(Seconds(0), nodes.Get(n), out);
    }
    Simulator::Stop(Seconds(0));
    Simulator::Run();
    return os.str();
}

/// A list routing seen the way users see it: count, then index, priority and type of each.
template <typename List, typename L3>
std::string
Listing(Ptr<L3> l3)
{
    Ptr<List> list = DynamicCast<List>(l3->GetRoutingProtocol());
    if (!list)
    {
        return "not a list";
    }
    std::ostringstream os;
    os << list->GetInstanceTypeId().GetName() << " n=" << list->GetNRoutingProtocols();
    for (uint32_t i = 0; i < list->GetNRoutingProtocols(); i++)
    {
        int16_t priority;
        Ptr<Object> rp = list->GetRoutingProtocol(i, priority);
        os << " [" << i << "] " << priority << " " << rp->GetInstanceTypeId().GetName() << "@"
           << PeekPointer(rp);
    }
    return os.str();
}

TEST(RoutingWatcherTest, InvisibleInTablesIndexesAndTypes)
{
    NodeContainer nodes(3);
    InternetStackHelper stack;
    PfhooksHelper::ConfigureStack(stack); // IPv6 routing a list too
    stack.Install(nodes);
    PointToPointHelper p2p;
    NetDeviceContainer a = p2p.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer b = p2p.Install(nodes.Get(1), nodes.Get(2));
    Ipv4AddressHelper v4;
    v4.SetBase("10.1.1.0", "255.255.255.0");
    v4.Assign(a);
    v4.SetBase("10.1.2.0", "255.255.255.0");
    Ipv4InterfaceContainer far = v4.Assign(b);
    Ipv6AddressHelper v6;
    v6.SetBase(Ipv6Address("2001:1::"), Ipv6Prefix(64));
    v6.Assign(a);
    v6.SetBase(Ipv6Address("2001:2::"), Ipv6Prefix(64));
    v6.Assign(b);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    Ptr<Node> router = nodes.Get(1);

    std::string before4 = Listing<Ipv4ListRouting>(router->GetObject<Ipv4L3Protocol>());
    std::string before6 = Listing<Ipv6ListRouting>(router->GetObject<Ipv6L3Protocol>());
    std::string tables4 = Tables<Ipv4RoutingHelper>(nodes);
    std::string tables6 = Tables<Ipv6RoutingHelper>(nodes);
    ASSERT_NE(before4.find("ns3::Ipv4StaticRouting"), std::string::npos) << before4;
    ASSERT_NE(before6.find("ns3::Ipv6StaticRouting"), std::string::npos) << before6;

    std::vector<Ptr<PfhooksIpInstance>> ips;
    for (uint32_t n = 0; n < 3; n++)
    {
        ips.push_back(PfhooksHelper().Install(nodes.Get(n)));
    }
    EXPECT_EQ(Listing<Ipv4ListRouting>(router->GetObject<Ipv4L3Protocol>()), before4);
    EXPECT_EQ(Listing<Ipv6ListRouting>(router->GetObject<Ipv6L3Protocol>()), before6);
    EXPECT_EQ(Tables<Ipv4RoutingHelper>(nodes), tables4);
    EXPECT_EQ(Tables<Ipv6RoutingHelper>(nodes), tables6);
    // ns-3's own helpers still find the protocols they configured.
    EXPECT_TRUE(Ipv4StaticRoutingHelper().GetStaticRouting(router->GetObject<Ipv4>()));
    EXPECT_TRUE(Ipv6StaticRoutingHelper().GetStaticRouting(router->GetObject<Ipv6>()));
    // Routes added through the list after Install are the list's.
    Ptr<Ipv4ListRouting> list =
        DynamicCast<Ipv4ListRouting>(router->GetObject<Ipv4>()->GetRoutingProtocol());
    ASSERT_TRUE(list);
    uint32_t n = list->GetNRoutingProtocols();
    list->AddRoutingProtocol(CreateObject<Ipv4StaticRouting>(), -20);
    EXPECT_EQ(list->GetNRoutingProtocols(), n + 1);

    // FORWARDING hooks still run at the router, and forwarding still works.
    ASSERT_EQ(ips[1]->AddPacketHook(NHF_INET, NH_FORWARDING, "fwd", MakeCallback(&Accept)), 0);
    V4PingHelper ping(far.GetAddress(1));
    ping.SetAttribute("Verbose", BooleanValue(false));
    ApplicationContainer app = ping.Install(nodes.Get(0));
    app.Start(Seconds(1));
    app.Stop(Seconds(3.5));
    uint32_t replies = 0;
    nodes.Get(0)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
        "LocalDeliver",
        MakeBoundCallback(&CountDelivery, &replies));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_GE(ips[1]->GetCounters(PFH_INET, PFH_FORWARDING).accepted, 4u) << "requests and replies";
    EXPECT_GE(replies, 2u);
    Simulator::Destroy();
}

} // namespace
