/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FlowMonitor with the pfhooks probe: a flow's lost count is its hook
 * drops, at the time of the drop and after FlowMonitor's timeout alike,
 * each with the reason code of its hook; an injected datagram is one more
 * packet of its flow; without the probe the drops are unseen until the
 * timeout.
 */
#include "dup-and-drop-hook.h"
#include "scenario.h"

#include "ns3/flow-monitor-helper.h"
#include "ns3/pfhooks-flow-probe.h"
#include "ns3/pfhooks-kstats.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

/// The one flow the client's UDP makes.
FlowMonitor::FlowStats
OnlyFlow(const Ptr<FlowMonitor>& m)
{
    FlowMonitor::FlowStatsContainer stats = m->GetFlowStats();
    EXPECT_EQ(stats.size(), 1u);
    return stats.empty() ? FlowMonitor::FlowStats() : stats.begin()->second;
}

uint64_t
HookDrops(const Ptr<PfhooksIpInstance>& ip, const char* module, const char* hook)
{
    uint64_t v = 0;
    EXPECT_EQ(ReadKstat(*ip, module, hook, "hook_drops", &v), 0);
    return v;
}

/// 35 datagrams through a router hook that drops 5 and injects 7 copies.
struct DropAndInject
{
    Scenario s;
    FlowMonitorHelper fm;
    Ptr<FlowMonitor> monitor;
    Ptr<PfhooksFlowDropReasons> reasons;
    std::unique_ptr<DupAndDropHook> hook;

    explicit DropAndInject(bool probe)
    {
        monitor = fm.InstallAll();
        if (probe)
        {
            reasons = PfhooksHelper::EnableFlowMonitor(fm, s.nodes);
        }
        hook = std::make_unique<DupAndDropHook>(s.Ip(1));
        EXPECT_TRUE(hook->Registered());
        s.Traffic(35);
    }
};

TEST(FlowMonitorTest, HookDropsAreLostAtOnceAndOnlyOnce)
{
    DropAndInject d(true);
    d.s.Run(3); // the datagrams went at 1.000..1.034 s
    uint64_t drops = HookDrops(d.s.Ip(1), "inet/PHYSICAL_IN", "dup-drop");
    ASSERT_EQ(drops, 5u);

    // Before FlowMonitor's timeout (10 s): every hook drop is lost already.
    d.monitor->CheckForLostPackets();
    FlowMonitor::FlowStats f = OnlyFlow(d.monitor);
    EXPECT_EQ(f.lostPackets, drops);
    // 35 sent by the client and 7 injected copies; 30 + 7 delivered.
    EXPECT_EQ(f.txPackets, 42u);
    EXPECT_EQ(f.rxPackets, 37u);
    EXPECT_EQ(d.s.rx, 37u);
    // One reason: the hook's.
    const uint32_t code = PfhooksFlowDropReasons::FIRST_CODE;
    ASSERT_EQ(f.packetsDropped.size(), code + 1);
    EXPECT_EQ(f.packetsDropped[code], drops);
    PfhooksDropReason r;
    ASSERT_TRUE(d.reasons->Lookup(code, &r));
    EXPECT_EQ(r.node, 1u);
    EXPECT_EQ(r.family, NHF_INET);
    EXPECT_EQ(r.event, NH_PHYSICAL_IN);
    EXPECT_EQ(r.hook, "dup-drop");
    EXPECT_EQ(d.reasons->GetName(code), "pfhooks:1:NHF_INET:PHYSICAL_IN:dup-drop");
    EXPECT_FALSE(d.reasons->Lookup(code + 1, &r));
    EXPECT_EQ(d.reasons->GetName(2), ""); // one of ns-3's own

    // Long after the timeout: nothing lost twice, nothing more lost.
    Simulator::Stop(Seconds(15));
    Simulator::Run();
    d.monitor->CheckForLostPackets();
    f = OnlyFlow(d.monitor);
    EXPECT_EQ(f.lostPackets, drops);
    EXPECT_EQ(f.packetsDropped[code], drops);
    EXPECT_EQ(f.rxPackets + f.lostPackets, f.txPackets);
}

TEST(FlowMonitorTest, WithoutTheProbeDropsShowOnlyAfterTheTimeout)
{
    DropAndInject d(false);
    d.s.Run(3);
    d.monitor->CheckForLostPackets();
    FlowMonitor::FlowStats f = OnlyFlow(d.monitor);
    EXPECT_EQ(f.lostPackets, 0u);
    EXPECT_EQ(f.txPackets, 35u); // the injected copies are unseen
    Simulator::Stop(Seconds(15));
    Simulator::Run();
    d.monitor->CheckForLostPackets();
    f = OnlyFlow(d.monitor);
    EXPECT_EQ(f.lostPackets, 5u);
    EXPECT_TRUE(f.packetsDropped.empty()); // no reason
}

int g_v6Seen = 0;

/// Every third IPv6 datagram forwarded is dropped.
int
DropEveryThird(PacketHookContext&)
{
    return ++g_v6Seen % 3 == 0;
}

TEST(FlowMonitorTest, Ipv6ForwardingDropsAreLostWithTheirReason)
{
    DualChain c;
    g_v6Seen = 0;
    FlowMonitorHelper fm;
    Ptr<FlowMonitor> monitor = fm.InstallAll();
    Ptr<PfhooksFlowDropReasons> reasons = PfhooksHelper::EnableFlowMonitor(fm);
    ASSERT_EQ(
        c.Ip(1)->AddPacketHook(NHF_INET6, NH_FORWARDING, "third", MakeCallback(&DropEveryThird)),
        0);
    // IPv6 only: ns-3 3.37's IPv4 and IPv6 classifiers number their flows
    // apart, so a v4 and a v6 flow would share FlowMonitor's flow 1.
    UdpClientHelper client(Inet6SocketAddress(c.v6b.GetAddress(1, 1), 9), 9);
    client.SetAttribute("MaxPackets", UintegerValue(12));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
    client.SetAttribute("PacketSize", UintegerValue(100));
    client.Install(c.nodes.Get(0)).Start(Seconds(2));
    c.Run();
    uint64_t drops = HookDrops(c.Ip(1), "inet6/FORWARDING", "third");
    ASSERT_EQ(drops, 4u);
    monitor->CheckForLostPackets();
    FlowMonitor::FlowStats f = OnlyFlow(monitor);
    EXPECT_EQ(f.lostPackets, drops);
    EXPECT_EQ(f.txPackets, 12u);
    EXPECT_EQ(f.rxPackets, 8u);
    EXPECT_EQ(c.rx6, 8u);
    const uint32_t code = PfhooksFlowDropReasons::FIRST_CODE;
    ASSERT_EQ(f.packetsDropped.size(), code + 1);
    EXPECT_EQ(f.packetsDropped[code], drops);
    EXPECT_EQ(reasons->GetName(code), "pfhooks:1:NHF_INET6:FORWARDING:third");
}

} // namespace
