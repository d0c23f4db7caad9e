/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The IPv6 and ARP physical events on real traffic: what hooks see, what
 * dropping and rewriting do to the applications and to neighbour resolution.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-neti.h"

#include <cstring>
#include <fstream>
#include <gtest/gtest.h>
#include <iterator>
#include <map>
#include <netinet/in.h>
#include <vector>

using namespace ns3;

namespace
{

/** Two nodes on a CSMA link with IPv4 and IPv6 addresses; UDP from 0 to 1. */
struct Lan
{
    NodeContainer n;
    NetDeviceContainer d;
    Ipv4InterfaceContainer v4;
    Ipv6InterfaceContainer v6;
    uint32_t rx{0};
    std::vector<Ipv6Header> v6Rx;

    CsmaHelper csma;

    explicit Lan(bool installPfhooks = true)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        n.Create(2);
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        d = csma.Install(n);
        InternetStackHelper stack;
        stack.Install(n);
        // Fixed random streams: runs in one process must not depend on
        // what ran before (IPv6 DAD and NDP draw random delays).
        stack.AssignStreams(n, 100);
        csma.AssignStreams(d, 200);
        Ipv4AddressHelper a4;
        a4.SetBase("10.7.0.0", "255.255.255.0");
        v4 = a4.Assign(d);
        Ipv6AddressHelper a6;
        a6.SetBase(Ipv6Address("2001:db8:7::"), Ipv6Prefix(64));
        v6 = a6.Assign(d);
        if (installPfhooks)
        {
            PfhooksHelper().Install(n);
        }
        n.Get(1)->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(&Lan::OnV6Rx, this));
    }

    ~Lan()
    {
        Simulator::Destroy();
    }

    void Sink()
    {
        PacketSinkHelper sink("ns3::UdpSocketFactory",
                              Inet6SocketAddress(Ipv6Address::GetAny(), 9));
        ApplicationContainer a = sink.Install(n.Get(1));
        a.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Lan::OnRx, this));
        PacketSinkHelper sink4("ns3::UdpSocketFactory",
                               InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer b = sink4.Install(n.Get(1));
        b.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Lan::OnRx, this));
    }

    void Traffic(Address to, uint32_t count)
    {
        // 10 ms apart: ns-3's ARP queues only 3 packets while it resolves.
        UdpClientHelper c(to, 9);
        c.SetAttribute("MaxPackets", UintegerValue(count));
        c.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        c.SetAttribute("PacketSize", UintegerValue(100));
        c.Install(n.Get(0)).Start(Seconds(2)); // after IPv6 DAD
    }

    void Run()
    {
        Simulator::Stop(Seconds(4));
        Simulator::Run();
    }

    void OnRx(Ptr<const Packet>, const Address&)
    {
        rx++;
    }

    void OnV6Rx(Ptr<const Packet> p, Ptr<Ipv6>, uint32_t)
    {
        Ipv6Header h;
        p->PeekHeader(h);
        v6Rx.push_back(h);
    }

    Ptr<PfhooksIpInstance> Ip(uint32_t i)
    {
        return PfhooksHelper::GetInstance(n.Get(i));
    }
};

struct V6Seen
{
    std::map<uint8_t, uint32_t> byNextHeader; // UDP 17, ICMPv6 58
    uint32_t multicast{0};
    uint32_t udp{0};
};

V6Seen g_v6;

int
WatchV6DropEvery4thUdp(PacketHookContext& ctx)
{
    const uint8_t* b = ctx.GetBytes();
    EXPECT_EQ(b[0] >> 4, 6);
    EXPECT_EQ(ctx.GetSize(), 40u + ((b[4] << 8) | b[5]));
    g_v6.byNextHeader[b[6]]++;
    if (ctx.GetFlags() & HPE_MULTICAST)
    {
        EXPECT_EQ(b[24], 0xff);
        g_v6.multicast++;
    }
    if (b[6] == 17 && ++g_v6.udp % 4 == 0)
    {
        return 1;
    }
    return 0;
}

TEST(Ipv6ArpTest, Ipv6PhysicalInSeesNdpAndDropsUdp)
{
    Lan lan;
    g_v6 = V6Seen();
    ASSERT_EQ(lan.Ip(1)->AddPacketHook(NHF_INET6,
                                       NH_PHYSICAL_IN,
                                       "v6in",
                                       MakeCallback(&WatchV6DropEvery4thUdp)),
              0);
    lan.Sink();
    lan.Traffic(Inet6SocketAddress(lan.v6.GetAddress(1, 1), 9), 40);
    lan.Run();
    EXPECT_EQ(g_v6.byNextHeader[17], 40u);
    EXPECT_EQ(lan.rx, 30u);
    // Neighbour discovery went through the hook too (ICMPv6), some of it to
    // multicast groups, flagged as such.
    EXPECT_GT(g_v6.byNextHeader[58], 0u);
    EXPECT_GT(g_v6.multicast, 0u);
    EXPECT_EQ(lan.Ip(1)->GetCounters(PFH_INET6, PFH_PHYSICAL_IN).dropped, 10u);
    // IPv4 events did not run for IPv6 packets.
    EXPECT_EQ(lan.Ip(1)->GetEvent(PFH_INET, PFH_PHYSICAL_IN)->m_events, 0u);
}

int
SetTrafficClass(PacketHookContext& ctx)
{
    uint8_t* b = ctx.GetBytes();
    if (b[6] == 17)
    {
        // Traffic class 0xb8 spans the first two bytes; IPv6 has no checksum.
        b[0] = 0x60 | (0xb8 >> 4);
        b[1] = (b[1] & 0x0f) | ((0xb8 & 0x0f) << 4);
    }
    return 0;
}

/** Ten UDP datagrams from node 0 to node 1 arrive with traffic class 0xb8, counted as rewrites. */
void
ExpectTrafficClassOnTheWire(Lan& lan)
{
    lan.Sink();
    lan.Traffic(Inet6SocketAddress(lan.v6.GetAddress(1, 1), 9), 10);
    lan.Run();
    EXPECT_EQ(lan.rx, 10u);
    uint32_t marked = 0;
    for (const auto& h : lan.v6Rx)
    {
        marked += h.GetNextHeader() == 17 && h.GetTrafficClass() == 0xb8;
    }
    EXPECT_EQ(marked, 10u);
    EXPECT_EQ(lan.Ip(0)->GetCounters(PFH_INET6, PFH_PHYSICAL_OUT).rewritten, 10u);
}

TEST(Ipv6ArpTest, Ipv6PhysicalOutRewriteReachesThePeer)
{
    Lan lan;
    ASSERT_EQ(lan.Ip(0)->AddPacketHook(NHF_INET6,
                                       NH_PHYSICAL_OUT,
                                       "tclass",
                                       MakeCallback(&SetTrafficClass)),
              0);
    ExpectTrafficClassOnTheWire(lan);
}

int
SetTrafficClassRaw(PacketHookContext& ctx)
{
    // Through the C view only: the stack must still see the change.
    auto* b = reinterpret_cast<uint8_t*>(ctx.GetRaw()->hpe_hdr);
    if (b[6] == 17)
    {
        b[0] = 0x60 | (0xb8 >> 4);
        b[1] = (b[1] & 0x0f) | ((0xb8 & 0x0f) << 4);
    }
    return 0;
}

int
AcceptBlind(PacketHookContext&)
{
    return 0;
}

TEST(Ipv6ArpTest, RewriteThroughTheCViewOfACxxHookIsSeen)
{
    Lan lan;
    // A hook that never looks comes first: the one behind it still counts.
    ASSERT_EQ(
        lan.Ip(0)->AddPacketHook(NHF_INET6, NH_PHYSICAL_OUT, "blind", MakeCallback(&AcceptBlind)),
        0);
    ASSERT_EQ(lan.Ip(0)->AddPacketHook(NHF_INET6,
                                       NH_PHYSICAL_OUT,
                                       "tclass-raw",
                                       MakeCallback(&SetTrafficClassRaw)),
              0);
    ExpectTrafficClassOnTheWire(lan);
}

struct ArpSeen
{
    uint32_t requestsOut{0};
    uint32_t requestsIn{0};
    uint32_t targetOk{0};
};

ArpSeen g_arp;
uint32_t g_arpTarget = 0;

int
ArpOut(PacketHookContext& ctx)
{
    const uint8_t* b = ctx.GetBytes();
    // ARP for IPv4 over Ethernet: htype 1, ptype 0x0800, hlen 6, plen 4.
    EXPECT_EQ(ctx.GetSize(), 28u);
    EXPECT_EQ((b[2] << 8) | b[3], 0x0800);
    EXPECT_EQ(ctx.GetFlags(), 0);
    if (((b[6] << 8) | b[7]) == 1)
    {
        g_arp.requestsOut++;
        uint32_t tpa = (uint32_t(b[24]) << 24) | (b[25] << 16) | (b[26] << 8) | b[27];
        g_arp.targetOk += tpa == g_arpTarget;
    }
    return 0;
}

int
DropArpRequests(PacketHookContext& ctx)
{
    const uint8_t* b = ctx.GetBytes();
    if (((b[6] << 8) | b[7]) == 1)
    {
        g_arp.requestsIn++;
        return 1;
    }
    return 0;
}

TEST(Ipv6ArpTest, DroppingArpRequestsStopsResolution)
{
    for (bool drop : {false, true})
    {
        Lan lan;
        g_arp = ArpSeen();
        g_arpTarget = lan.v4.GetAddress(1).Get();
        ASSERT_EQ(
            lan.Ip(0)->AddPacketHook(NHF_ARP, NH_PHYSICAL_OUT, "arp-out", MakeCallback(&ArpOut)),
            0);
        if (drop)
        {
            ASSERT_EQ(lan.Ip(1)->AddPacketHook(NHF_ARP,
                                               NH_PHYSICAL_IN,
                                               "no-requests",
                                               MakeCallback(&DropArpRequests)),
                      0);
        }
        lan.Sink();
        lan.Traffic(InetSocketAddress(lan.v4.GetAddress(1), 9), 20);
        lan.Run();
        EXPECT_GE(g_arp.requestsOut, 1u);
        EXPECT_EQ(g_arp.targetOk, g_arp.requestsOut);
        if (drop)
        {
            // No reply ever comes: nothing reaches the neighbour, and ns-3's
            // ARP retries (each retry seen leaving and dropped on arrival).
            EXPECT_EQ(lan.rx, 0u);
            EXPECT_GT(g_arp.requestsOut, 1u);
            EXPECT_EQ(g_arp.requestsIn, g_arp.requestsOut);
        }
        else
        {
            EXPECT_EQ(lan.rx, 20u);
            EXPECT_EQ(g_arp.requestsOut, 1u);
        }
    }
}

int
AcceptAny(PacketHookContext&)
{
    return 0;
}

std::string
ReadFile(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

TEST(Ipv6ArpTest, AcceptingHooksOnEveryFamilyLeaveTheWireUnchanged)
{
    // ARP, NDP, IPv4 and IPv6 UDP on one link: plain ns-3 against accepting
    // hooks on both physical events of all three families.
    std::string files[2];
    for (int variant = 0; variant < 2; variant++)
    {
        std::string prefix = "pfhooks-lan-" + std::to_string(variant);
        {
            Lan lan(variant == 1);
            if (variant == 1)
            {
                for (const char* fam : {NHF_INET, NHF_INET6, NHF_ARP})
                {
                    for (const char* ev : {NH_PHYSICAL_IN, NH_PHYSICAL_OUT})
                    {
                        ASSERT_EQ(PfhooksHelper::AddPacketHook(lan.n,
                                                               fam,
                                                               ev,
                                                               "accept",
                                                               MakeCallback(&AcceptAny)),
                                  0);
                    }
                }
            }
            lan.csma.EnablePcap(prefix, lan.d.Get(1), false);
            lan.Sink();
            lan.Traffic(InetSocketAddress(lan.v4.GetAddress(1), 9), 10);
            lan.Traffic(Inet6SocketAddress(lan.v6.GetAddress(1, 1), 9), 10);
            lan.Run();
            EXPECT_EQ(lan.rx, 20u);
            if (variant == 1)
            {
                for (int f = 0; f < PFH_NFAMILIES; f++)
                {
                    PfhooksIpInstance::Counters c =
                        PfhooksHelper::GetCounters(lan.n, PfhooksFamily(f), PFH_PHYSICAL_IN);
                    EXPECT_GT(c.accepted, 0u) << PfhooksIpInstance::FamilyName(PfhooksFamily(f));
                    EXPECT_EQ(c.rewritten + c.dropped, 0u);
                }
            }
        }
        files[variant] = ReadFile(prefix + "-1-0.pcap");
    }
    ASSERT_GT(files[0].size(), 20u * 100u);
    EXPECT_TRUE(files[0] == files[1]) << "pcap files differ";
}

TEST(Ipv6ArpTest, MalformedArpRewriteIsDropped)
{
    Lan lan;
    ASSERT_EQ(lan.Ip(1)->AddPacketHook(NHF_ARP,
                                       NH_PHYSICAL_IN,
                                       "shorten",
                                       MakeCallback(+[](PacketHookContext& ctx) {
                                           ctx.Replace(Create<Packet>(6));
                                           return 0;
                                       })),
              0);
    ASSERT_EQ(
        lan.Ip(1)->AddPacketHook(NHF_INET6, NH_PHYSICAL_IN, "accept", MakeCallback(&AcceptAny)),
        0);
    lan.Sink();
    lan.Traffic(InetSocketAddress(lan.v4.GetAddress(1), 9), 5);
    lan.Run();
    EXPECT_EQ(lan.rx, 0u);
    EXPECT_GT(lan.Ip(1)->GetCounters(PFH_ARP, PFH_PHYSICAL_IN).dropped, 0u);
    EXPECT_GT(lan.Ip(1)->GetCounters(PFH_INET6, PFH_PHYSICAL_IN).accepted, 0u);
}

// ---- IPv6 injection ----

std::vector<uint8_t>
Udp6Datagram(Ipv6Address src, Ipv6Address dst, uint32_t payload)
{
    Ptr<Packet> p = Create<Packet>(payload);
    UdpHeader udp;
    udp.EnableChecksums();
    udp.InitializeChecksum(src, dst, 17);
    udp.SetSourcePort(7000);
    udp.SetDestinationPort(9);
    p->AddHeader(udp);
    Ipv6Header ip;
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetNextHeader(17);
    ip.SetHopLimit(64);
    ip.SetPayloadLength(p->GetSize());
    p->AddHeader(ip);
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

mblk_t*
Mblk(const std::vector<uint8_t>& b)
{
    mblk_t* mp = allocb(b.size(), BPRI_MED);
    std::memcpy(mp->b_wptr, b.data(), b.size());
    mp->b_wptr += b.size();
    return mp;
}

uint32_t g_v6In = 0;

int
CountV6Udp(PacketHookContext& ctx)
{
    g_v6In += ctx.GetBytes()[6] == 17;
    return 0;
}

TEST(Ipv6ArpTest, Ipv6InjectionOnAllThreePaths)
{
    Lan lan;
    g_v6In = 0;
    ASSERT_EQ(
        lan.Ip(1)->AddPacketHook(NHF_INET6, NH_PHYSICAL_IN, "count", MakeCallback(&CountV6Udp)),
        0);
    lan.Sink();
    Ipv6Address a0 = lan.v6.GetAddress(0, 1);
    Ipv6Address a1 = lan.v6.GetAddress(1, 1);
    net_handle_t v6out = net_protocol_lookup(lan.Ip(0)->GetNetid(), NHF_INET6);
    net_handle_t v6in = net_protocol_lookup(lan.Ip(1)->GetNetid(), NHF_INET6);
    ASSERT_NE(v6out, nullptr);
    Simulator::Schedule(Seconds(2), [&]() {
        net_inject_t ni{};
        // Routed out of node 0.
        ni.ni_packet = Mblk(Udp6Datagram(a0, a1, 11));
        EXPECT_EQ(net_inject(v6out, NI_QUEUE_OUT, &ni), 0);
        // Straight onto node 0's CSMA interface, next hop node 1.
        ni.ni_packet = Mblk(Udp6Datagram(a0, a1, 22));
        ni.ni_physical = PfhooksIpInstance::PhyIf(lan.d.Get(0));
        auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(&ni.ni_addr);
        sin6->sin6_family = AF_INET6;
        a1.Serialize(sin6->sin6_addr.s6_addr);
        EXPECT_EQ(net_inject(v6out, NI_DIRECT_OUT, &ni), 0);
        // As if node 1 had received it.
        ni.ni_packet = Mblk(Udp6Datagram(a0, a1, 33));
        ni.ni_physical = PfhooksIpInstance::PhyIf(lan.d.Get(1));
        EXPECT_EQ(net_inject(v6in, NI_QUEUE_IN, &ni), 0);
        // Wrong uses: an IPv4 datagram on the IPv6 handle, an AF_INET next hop.
        std::vector<uint8_t> v4(28, 0);
        v4[0] = 0x45;
        ni.ni_packet = Mblk(v4);
        EXPECT_EQ(net_inject(v6out, NI_QUEUE_OUT, &ni), 1);
        ni.ni_packet = Mblk(Udp6Datagram(a0, a1, 1));
        ni.ni_physical = PfhooksIpInstance::PhyIf(lan.d.Get(0));
        sin6->sin6_family = AF_INET;
        EXPECT_EQ(net_inject(v6out, NI_DIRECT_OUT, &ni), 1);
    });
    lan.Run();
    EXPECT_EQ(lan.rx, 3u);
    EXPECT_EQ(g_v6In, 3u); // all three passed node 1's PHYSICAL_IN hook
    EXPECT_EQ(lan.Ip(0)->GetCounters(PFH_INET6, PFH_PHYSICAL_OUT).injected, 2u);
    EXPECT_EQ(lan.Ip(1)->GetCounters(PFH_INET6, PFH_PHYSICAL_IN).injected, 1u);
    net_protocol_release(v6out);
    net_protocol_release(v6in);
}

} // namespace
