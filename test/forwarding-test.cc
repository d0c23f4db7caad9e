/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FORWARDING on a router, IPv4 and IPv6: where it runs relative to the
 * physical events, what it sees, and what dropping and rewriting do.
 */
#include "scenario.h"

#include "ns3/pfhooks-routing-watcher.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

std::vector<std::string> g_order;
std::vector<std::pair<phy_if_t, phy_if_t>> g_fwdIfs;
int g_fwdCount = 0;

int
LogIn(PacketHookContext& ctx)
{
    g_order.push_back("in");
    return 0;
}

int
LogOut(PacketHookContext& ctx)
{
    g_order.push_back("out");
    return 0;
}

int
LogForward(PacketHookContext& ctx)
{
    g_order.push_back("fwd");
    g_fwdIfs.emplace_back(ctx.GetInInterface(), ctx.GetOutInterface());
    EXPECT_EQ(ctx.GetFlags(), 0);
    return 0;
}

TEST(ForwardingTest, RunsBetweenPhysicalInAndOutWithBothInterfaces)
{
    Scenario s;
    g_order.clear();
    g_fwdIfs.clear();
    Ptr<PfhooksIpInstance> router = s.Ip(1);
    ASSERT_EQ(router->AddPacketHook(NHF_INET, NH_PHYSICAL_IN, "in", MakeCallback(&LogIn)), 0);
    ASSERT_EQ(router->AddPacketHook(NHF_INET, NH_FORWARDING, "fwd", MakeCallback(&LogForward)), 0);
    ASSERT_EQ(router->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "out", MakeCallback(&LogOut)), 0);
    s.Traffic(3);
    s.Run();
    EXPECT_EQ(s.rx, 3u);
    EXPECT_EQ(
        g_order,
        (std::vector<std::string>{"in", "fwd", "out", "in", "fwd", "out", "in", "fwd", "out"}));
    ASSERT_EQ(g_fwdIfs.size(), 3u);
    EXPECT_EQ(g_fwdIfs[0].first, PfhooksIpInstance::PhyIf(s.d01.Get(1)));
    EXPECT_EQ(g_fwdIfs[0].second, PfhooksIpInstance::PhyIf(s.d12.Get(0)));
    // End hosts forward nothing.
    EXPECT_EQ(s.Ip(2)->GetEvent(PFH_INET, PFH_FORWARDING)->m_events, 0u);
}

int
DropOdd(PacketHookContext&)
{
    return ++g_fwdCount % 2;
}

TEST(ForwardingTest, DropStopsTheForward)
{
    Scenario s;
    g_fwdCount = 0;
    ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, NH_FORWARDING, "odd", MakeCallback(&DropOdd)), 0);
    s.Traffic(20);
    s.Run();
    EXPECT_EQ(s.rx, 10u);
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_FORWARDING).dropped, 10u);
}

/**
 * Static routing under a name of its own: the routing watcher cannot know
 * that it forwards before its RouteInput returns, so with FORWARDING hooks
 * it hands the list a forward callback per datagram (the path AODV takes).
 */
class KeepingRouting : public Ipv4StaticRouting
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("pfhooks_test::KeepingRouting")
                                .SetParent<Ipv4StaticRouting>()
                                .AddConstructor<KeepingRouting>();
        return tid;
    }
};

TEST(ForwardingTest, APerDatagramForwardCallbackRunsTheHooks)
{
    Scenario s;
    g_fwdCount = 0;
    auto watcher = DynamicCast<PfhooksWatcher<PfhooksIpv4WatcherTraits>>(
        s.nodes.Get(1)->GetObject<Ipv4>()->GetRoutingProtocol());
    ASSERT_TRUE(watcher);
    // Last in the list: global routing still routes every datagram.
    watcher->GetFronted()->AddRoutingProtocol(CreateObject<KeepingRouting>(), -100);
    ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, NH_FORWARDING, "odd", MakeCallback(&DropOdd)), 0);
    s.Traffic(20);
    s.Run();
    EXPECT_EQ(g_fwdCount, 20);
    EXPECT_EQ(s.rx, 10u);
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_FORWARDING).dropped, 10u);
}

int
ForwardSetTos(PacketHookContext& ctx)
{
    uint8_t* ip = ctx.GetBytes();
    ip[1] = 0x48; // checksum stale on purpose: the router rewrites it after TTL
    return 0;
}

TEST(ForwardingTest, RewriteIsForwardedWithAFreshTtlAndChecksum)
{
    Scenario s;
    ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, NH_FORWARDING, "tos", MakeCallback(&ForwardSetTos)),
              0);
    s.Traffic(5);
    s.Run();
    EXPECT_EQ(s.rx, 5u);
    ASSERT_EQ(s.serverIpRx.size(), 5u);
    EXPECT_EQ(s.serverIpRx[0].GetTos(), 0x48);
    EXPECT_EQ(s.serverIpRx[0].GetTtl(), 63); // one router hop
    EXPECT_EQ(s.badChecksumDrops, 0u);
}

// ---- IPv6 through a router ----

struct Chain6
{
    NodeContainer n;
    NetDeviceContainer d01, d12;
    Ipv6InterfaceContainer i01, i12;
    uint32_t rx{0};

    Chain6()
    {
        n.Create(3);
        PointToPointHelper p2p;
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        d01 = p2p.Install(n.Get(0), n.Get(1));
        d12 = p2p.Install(n.Get(1), n.Get(2));
        InternetStackHelper stack;
        PfhooksHelper::ConfigureStack(stack); // IPv6 routing as a list
        stack.Install(n);
        stack.AssignStreams(n, 300);
        NumberChain6(d01, "2001:1::", d12, "2001:2::", &i01, &i12);
        PfhooksHelper().Install(n);
        PacketSinkHelper sink("ns3::UdpSocketFactory",
                              Inet6SocketAddress(Ipv6Address::GetAny(), 9));
        ApplicationContainer a = sink.Install(n.Get(2));
        a.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Chain6::OnRx, this));
        UdpClientHelper c(Inet6SocketAddress(i12.GetAddress(1, 1), 9));
        c.SetAttribute("MaxPackets", UintegerValue(12));
        c.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        c.SetAttribute("PacketSize", UintegerValue(100));
        c.Install(n.Get(0)).Start(Seconds(2));
    }

    ~Chain6()
    {
        Simulator::Destroy();
    }

    void OnRx(Ptr<const Packet>, const Address&)
    {
        rx++;
    }
};

int g_v6fwd = 0;

int
DropEveryThirdV6(PacketHookContext& ctx)
{
    const uint8_t* b = ctx.GetBytes();
    EXPECT_EQ(b[0] >> 4, 6);
    return b[6] == 17 && ++g_v6fwd % 3 == 0;
}

TEST(ForwardingTest, Ipv6ForwardingDropsThroughTheRouter)
{
    Chain6 c;
    g_v6fwd = 0;
    ASSERT_EQ(
        PfhooksHelper::GetInstance(c.n.Get(1))
            ->AddPacketHook(NHF_INET6, NH_FORWARDING, "third", MakeCallback(&DropEveryThirdV6)),
        0);
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    EXPECT_EQ(g_v6fwd, 12);
    EXPECT_EQ(c.rx, 8u);
}

} // namespace
