/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Zones booting and halting while traffic flows: a net instance written
 * with the C face sees create for every boot and shutdown then destroy for
 * every halt, no hook of a halted instance ever runs (queued packets and
 * NIC events included), a halted zone loses what is sent to it, a rebooted
 * one gets traffic again, the permanent nodes notice nothing, nothing
 * leaks, and the same seed gives the same run.
 */
#include "zone-probe.h"

using namespace ns3;
using namespace pfhooks_test;

TEST_F(ZoneTest, BootAndHaltOrderAndNetids)
{
    Lan lan(2, 1);
    net_instance_t* ni = RegisterProbe();
    PfhooksHelper().Install(lan.perm);
    Ptr<Node> zn = lan.zones.Get(0);
    Ptr<PfhooksZone> zone = PfhooksZoneHelper::Install(zn, false);
    EXPECT_FALSE(zone->IsBooted());
    EXPECT_EQ(zone->GetNetid(), -1);
    EXPECT_FALSE(PfhooksHelper::GetInstance(zn)->IsRunning());
    // Down and without addresses until it boots.
    Ptr<Ipv4> ip4 = zn->GetObject<Ipv4>();
    EXPECT_FALSE(ip4->IsUp(1));
    EXPECT_EQ(ip4->GetNAddresses(1), 0u);

    std::vector<std::string> trace;
    zone->TraceConnectWithoutContext(
        "ZoneState",
        MakeBoundCallback(
            +[](std::vector<std::string>* t, uint32_t node, netid_t id, bool booted) {
                t->push_back(std::to_string(node) + (booted ? " boot " : " halt ") +
                             std::to_string(id));
            },
            &trace));
    ASSERT_EQ(PfhooksZoneHelper::ScheduleBoot(zn, Seconds(1)), 0);
    ASSERT_EQ(PfhooksZoneHelper::ScheduleHalt(zn, Seconds(2)), 0);
    ASSERT_EQ(PfhooksZoneHelper::ScheduleBoot(zn, Seconds(3)), 0);
    // Bad plans: a boot while booted, a halt while halted, the same time twice, the past.
    EXPECT_EQ(PfhooksZoneHelper::ScheduleBoot(zn, Seconds(1.5)), EALREADY);
    EXPECT_EQ(PfhooksZoneHelper::ScheduleHalt(zn, Seconds(2.5)), EALREADY);
    EXPECT_EQ(PfhooksZoneHelper::ScheduleHalt(zn, Seconds(0.5)), EALREADY);
    EXPECT_EQ(PfhooksZoneHelper::ScheduleBoot(zn, Seconds(5)), EALREADY);
    EXPECT_EQ(PfhooksZoneHelper::ScheduleHalt(zn, Seconds(2)), EINVAL);
    EXPECT_TRUE(zone->IsBootedAt(Seconds(1.5)));
    EXPECT_FALSE(zone->IsBootedAt(Seconds(2.5)));
    EXPECT_TRUE(zone->IsBootedAt(Seconds(9)));

    netid_t first = -1;
    netid_t second = -1;
    Simulator::Schedule(Seconds(1.5), [&]() {
        first = zone->GetNetid();
        EXPECT_TRUE(ip4->IsUp(1));
        EXPECT_EQ(ip4->GetNAddresses(1), 1u);
        EXPECT_EQ(ip4->GetAddress(1, 0).GetLocal(), lan.addr4[2]);
        Ptr<Ipv6> ip6 = zn->GetObject<Ipv6>();
        EXPECT_EQ(ip6->GetInterfaceForAddress(lan.addr6[2]), 1);
        EXPECT_EQ(zone->Boot(), EALREADY);
    });
    Simulator::Schedule(Seconds(2.5), [&]() {
        EXPECT_EQ(zone->GetNetid(), -1);
        EXPECT_EQ(zone->Halt(), EALREADY);
        EXPECT_EQ(ip4->GetNAddresses(1), 0u);
    });
    Simulator::Schedule(Seconds(3.5), [&]() { second = zone->GetNetid(); });
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    ASSERT_GE(first, 0);
    ASSERT_GT(second, first); // never reused
    std::string z = std::to_string(zn->GetId());
    EXPECT_EQ(trace,
              (std::vector<std::string>{z + " boot " + std::to_string(first),
                                        z + " halt " + std::to_string(first),
                                        z + " boot " + std::to_string(second)}));
    // illumos's order within an instance: create, IP's families as they are
    // added; at the halt IP announces their departure in ip_stack_shutdown's
    // order (inet, inet6, then ARP's events: arp_hook_shutdown leaves the
    // family), then shutdown, whose instance-notify unregistration replays
    // ARP's family (still there until ip_stack_fini), then destroy.
    EXPECT_EQ(g_order[first],
              (std::vector<std::string>{"create",
                                        "+NHF_INET",
                                        "+NHF_INET:PHYSICAL_IN",
                                        "+NHF_INET6",
                                        "+NHF_INET6:PHYSICAL_IN",
                                        "+NHF_ARP",
                                        "+NHF_ARP:PHYSICAL_IN",
                                        "-NHF_INET:PHYSICAL_IN",
                                        "-NHF_INET",
                                        "-NHF_INET6:PHYSICAL_IN",
                                        "-NHF_INET6",
                                        "-NHF_ARP:PHYSICAL_IN",
                                        "shutdown",
                                        "-NHF_ARP",
                                        "destroy"}));
    EXPECT_EQ(g_states[first]->haltedAt, 2.0);
    // The module's NIC_EVENTS hook, registered as the instance came up, saw
    // the zone's interface come up and its address arrive; the first
    // instance saw nothing of the halt (its hooks were gone by then).
    const std::vector<int>& nic = g_nicEvents[second];
    EXPECT_NE(std::find(nic.begin(), nic.end(), NE_UP), nic.end());
    EXPECT_NE(std::find(nic.begin(), nic.end(), NE_LIF_UP), nic.end());
    EXPECT_NE(std::find(nic.begin(), nic.end(), NE_ADDRESS_CHANGE), nic.end());
    EXPECT_EQ(g_nicEvents[first], g_nicEvents[second]);
    EXPECT_EQ(g_order[second].front(), "create");
    EXPECT_EQ(g_order[second].size(), 7u);
    ASSERT_EQ(zone->GetHistory().size(), 3u);
    EXPECT_EQ(zone->GetHistory()[1].when, Seconds(2));
    EXPECT_EQ(zone->GetBoots(), 2u);
    EXPECT_EQ(zone->GetHalts(), 1u);
    EXPECT_EQ(g_violations, 0u);
    EXPECT_EQ(net_instance_unregister(ni), 0);
    net_instance_free(ni);
    EXPECT_EQ(PfhooksNetInstanceRegistry::Get().GetOutstandingHandles(), handlesBefore);
}

TEST_F(ZoneTest, NoHookOfAHaltedInstanceRunsEvenForQueuedWork)
{
    Lan lan(2, 1);
    net_instance_t* ni = RegisterProbe();
    PfhooksHelper().Install(lan.perm);
    Ptr<Node> zn = lan.zones.Get(0);
    Ptr<PfhooksZone> zone = PfhooksZoneHelper::Install(zn, true);
    netid_t old = zone->GetNetid();
    Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(zn);

    // A C++ hook too, on every instance the zone gets.
    uint64_t cxxRuns = 0;
    uint64_t cxxViolations = 0;
    auto addCxx = [&](netid_t id) {
        ip->AddPacketHook(
            NHF_INET,
            NH_PHYSICAL_IN,
            "cxx",
            PacketHookCallback([&cxxRuns, &cxxViolations, ip, id](PacketHookContext&) {
                cxxRuns++;
                cxxViolations += ip->GetNetid() != id ? 1 : 0;
                return 0;
            }));
    };
    addCxx(old);

    // At 1 s, in one event: inject datagrams to the zone's own queues
    // (NI_QUEUE_IN, NI_QUEUE_OUT), then halt it and boot it again at once.
    // The queued packets run after the new instance exists: they belong to
    // the old one and must die with it, its hooks never called.
    Simulator::Schedule(Seconds(1), [&]() {
        uint64_t before = g_states[old]->runs;
        Ipv4Header h;
        h.SetSource(lan.addr4[0]);
        h.SetDestination(lan.addr4[2]);
        h.SetProtocol(17);
        h.SetPayloadSize(8);
        h.SetTtl(64);
        // A whole UDP header: net_inject refuses a shorter transport layer.
        Ptr<Packet> p = Create<Packet>(0);
        UdpHeader u;
        u.SetSourcePort(9);
        u.SetDestinationPort(9);
        p->AddHeader(u);
        p->AddHeader(h);
        std::vector<uint8_t> bytes(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        net_handle_t hd = net_protocol_lookup(old, NHF_INET);
        ASSERT_NE(hd, nullptr);
        for (inject_t style : {NI_QUEUE_IN, NI_QUEUE_OUT})
        {
            net_inject_t* inj = net_inject_alloc(NETINFO_VERSION);
            mblk_t* mp = allocb(bytes.size(), BPRI_MED);
            std::memcpy(mp->b_wptr, bytes.data(), bytes.size());
            mp->b_wptr += bytes.size();
            inj->ni_packet = mp;
            inj->ni_physical = PfhooksIpInstance::PhyIf(zn->GetDevice(1));
            EXPECT_EQ(net_inject(hd, style, inj), 0);
            net_inject_free(inj);
        }
        EXPECT_EQ(net_protocol_release(hd), 0);
        // A NIC event queued for the old instance, too (an address added).
        zn->GetObject<Ipv4>()->AddAddress(1, Ipv4InterfaceAddress("10.9.9.9", "255.255.255.0"));
        EXPECT_EQ(zone->Halt(), 0);
        EXPECT_EQ(zone->Boot(), 0);
        EXPECT_EQ(g_states[old]->runs, before);
        addCxx(zone->GetNetid());
    });
    // Traffic to the zone all along: the new instance's hooks run, the old one's never.
    UdpClientHelper client(lan.addr4[2], 9);
    client.SetAttribute("MaxPackets", UintegerValue(40));
    client.SetAttribute("Interval", TimeValue(MilliSeconds(50)));
    client.Install(lan.perm.Get(0)).Start(Seconds(0.1));
    Simulator::Stop(Seconds(3));
    Simulator::Run();

    netid_t now = zone->GetNetid();
    ASSERT_GT(now, old);
    EXPECT_GT(g_states[old]->runs, 0u); // it ran before the halt
    EXPECT_GT(g_states[now]->runs, 0u);
    EXPECT_EQ(g_violations, 0u);
    EXPECT_GT(cxxRuns, 0u);
    EXPECT_EQ(cxxViolations, 0u);
    EXPECT_EQ(net_instance_unregister(ni), 0);
    net_instance_free(ni);
    EXPECT_EQ(PfhooksNetInstanceRegistry::Get().GetOutstandingHandles(), handlesBefore);
    Simulator::Destroy();
    EXPECT_EQ(pfhooks_mblk_live(), mblkBefore);
}

// A TCP sender on a zone halted mid-transfer, with global routing: ns-3 3.37's
// Ipv4GlobalRouting routed its retransmissions out of the down interface and
// aborted reading its absent address ("index 0 out of bounds").  Its sockets
// find no route while halted and send again after the boot.
TEST_F(ZoneTest, TcpOnAHaltedZoneFindsNoRouteWithGlobalRouting)
{
    NodeContainer nodes;
    nodes.Create(3);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer d01 = p2p.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer d12 = p2p.Install(nodes.Get(1), nodes.Get(2));
    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper a4;
    a4.SetBase("10.7.1.0", "255.255.255.0");
    a4.Assign(d01);
    a4.SetBase("10.7.2.0", "255.255.255.0");
    Ipv4InterfaceContainer i12 = a4.Assign(d12);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    PfhooksHelper().Install(NodeContainer(nodes.Get(1), nodes.Get(2)));
    ASSERT_NE(PfhooksZoneHelper::Install(nodes.Get(0), true), nullptr);
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 10));
    Ptr<PacketSink> rx = DynamicCast<PacketSink>(sink.Install(nodes.Get(2)).Get(0));
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(i12.GetAddress(1), 10));
    bulk.SetAttribute("MaxBytes", UintegerValue(2000000));
    bulk.Install(nodes.Get(0)).Start(Seconds(0.5));
    ASSERT_EQ(PfhooksZoneHelper::ScheduleHalt(nodes.Get(0), Seconds(1)), 0);
    ASSERT_EQ(PfhooksZoneHelper::ScheduleBoot(nodes.Get(0), Seconds(4)), 0);
    uint64_t atHalt = 0;
    uint64_t atBoot = 0;
    Simulator::Schedule(Seconds(1), [&]() { atHalt = rx->GetTotalRx(); });
    Simulator::Schedule(Seconds(4), [&]() { atBoot = rx->GetTotalRx(); });
    Simulator::Stop(Seconds(12));
    Simulator::Run();
    EXPECT_GT(atHalt, 0u);
    EXPECT_LT(atBoot, atHalt + 100000) << "little gets through while the sender is halted";
    EXPECT_GT(rx->GetTotalRx(), atBoot) << "it sends again after the boot";
}

TEST_F(ZoneTest, RefusesNodesWithoutAStack)
{
    NodeContainer bare;
    bare.Create(1);
    EXPECT_EQ(PfhooksZoneHelper::ScheduleBoot(bare.Get(0), Seconds(1)), EINVAL);
    EXPECT_EQ(PfhooksZoneHelper::ScheduleHalt(bare.Get(0), Seconds(1)), EINVAL);
    EXPECT_FALSE(PfhooksZoneHelper::IsBooted(bare.Get(0)));
    EXPECT_EQ(PfhooksZoneHelper::GetZone(bare.Get(0)), nullptr);
}
