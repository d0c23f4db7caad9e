/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * OBSERVING (inet, inet6): a read-only view of every packet an instance
 * sends or receives, handed over as illumos's ipobs_hook() does.
 */
#include "scenario.h"

#include "ns3/csma-module.h"
#include "ns3/pfhooks-ipv4-header-bytes.h"
#include "ns3/solaris-kernel.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <string>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

/** One observation, in host order. */
struct Seen
{
    uint32_t node;
    int dir;
    int af;
    phy_if_t ifindex;
    zoneid_t zsrc;
    zoneid_t zdst;
    uint8_t proto; // IPv4 protocol / IPv6 next header
    uint8_t tos;   // IPv4 TOS
    uint32_t size;
};

std::vector<Seen> g_obs;

void
Observe(uint32_t node, const ObservedPacket& p)
{
    const hook_pkt_observe_t* raw = p.GetRaw();
    // The layout illumos hands over: the header is the first block of
    // hpo_pkt, whose apparent size is the dl_ipnetinfo_t part; the datagram
    // follows in b_cont.
    EXPECT_EQ(raw->hpo_version, 1);
    EXPECT_EQ(reinterpret_cast<const void*>(raw->hpo_pkt->b_rptr), static_cast<const void*>(raw));
    EXPECT_EQ(MBLKL(raw->hpo_pkt), 24);
    EXPECT_EQ(msgdsize(raw->hpo_pkt->b_cont), p.GetSize());
    EXPECT_EQ(raw->hpo_grifindex, 0u);
    const uint8_t* b = p.GetBytes();
    bool v6 = p.GetAddressFamily() == AF_INET6;
    EXPECT_EQ(b[0] >> 4, v6 ? 6 : 4);
    EXPECT_EQ(p.GetSize(), v6 ? 40u + ((b[4] << 8) | b[5]) : uint32_t((b[2] << 8) | b[3]));
    g_obs.push_back({node,
                     p.GetDirection(),
                     p.GetAddressFamily(),
                     p.GetInterface(),
                     p.GetSourceZone(),
                     p.GetDestinationZone(),
                     v6 ? b[6] : b[9],
                     v6 ? uint8_t(0) : b[1],
                     p.GetSize()});
}

uint32_t
Count(uint32_t node, int dir, int af, uint8_t proto, phy_if_t ifindex, zoneid_t zsrc, zoneid_t zdst)
{
    uint32_t n = 0;
    for (const auto& s : g_obs)
    {
        n += s.node == node && s.dir == dir && s.af == af && s.proto == proto &&
             s.ifindex == ifindex && s.zsrc == zsrc && s.zdst == zdst;
    }
    return n;
}

uint32_t
CountProto(uint32_t node, int dir, uint8_t proto)
{
    uint32_t n = 0;
    for (const auto& s : g_obs)
    {
        n += s.node == node && s.dir == dir && s.proto == proto;
    }
    return n;
}

/// A C observer that returns "drop" and scribbles on its copy: nothing changes.
int
RudeObserver(hook_event_token_t, hook_data_t data, void*)
{
    auto* hdr = reinterpret_cast<hook_pkt_observe_t*>(data);
    mblk_t* pkt = hdr->hpo_pkt->b_cont;
    std::memset(pkt->b_rptr, 0xa5, MBLKL(pkt));
    return 1;
}

int g_inSeen[2] = {0, 0};

/// Drops every second UDP datagram of each IP version on PHYSICAL_IN.
int
DropEverySecondUdp(PacketHookContext& ctx)
{
    const uint8_t* b = ctx.GetBytes();
    bool v6 = (b[0] >> 4) == 6;
    uint8_t proto = v6 ? b[6] : b[9];
    return proto == 17 && ++g_inSeen[v6] % 2 == 0;
}

/// Sets TOS 0x28 on outbound IPv4 and fixes the header checksum.
int
MarkTos(PacketHookContext& ctx)
{
    uint8_t* b = ctx.GetBytes();
    b[1] = 0x28;
    b[10] = b[11] = 0;
    uint16_t c = Checksum(b, (b[0] & 0x0f) * 4);
    b[10] = c >> 8;
    b[11] = c & 0xff;
    return 0;
}

TEST(ObservingTest, EveryPacketInAndOutThroughARouterBothVersions)
{
    g_obs.clear();
    g_inSeen[0] = g_inSeen[1] = 0;
    DualChain c;
    for (uint32_t i = 0; i < 3; i++)
    {
        for (const char* fam : {NHF_INET, NHF_INET6})
        {
            ASSERT_EQ(c.Ip(i)->AddObserveHook(fam, "obs", MakeBoundCallback(&Observe, i)), 0);
        }
    }
    // A C observer on the router that "drops" and overwrites its copy.
    net_handle_t inet = net_protocol_lookup(c.Ip(1)->GetNetid(), NHF_INET);
    net_handle_t inet6 = net_protocol_lookup(c.Ip(1)->GetNetid(), NHF_INET6);
    hook_t rude{};
    rude.h_version = HOOK_VERSION;
    rude.h_name = const_cast<char*>("rude");
    rude.h_func = &RudeObserver;
    rude.h_hint = HH_LAST; // observers share one copy: it scribbles after the others
    ASSERT_EQ(net_hook_register(inet, const_cast<char*>(NH_OBSERVE), &rude), 0);
    ASSERT_EQ(net_hook_register(inet6, const_cast<char*>(NH_OBSERVE), &rude), 0);
    // The server's PHYSICAL_IN drops every second datagram: observers come after it.
    ASSERT_EQ(
        c.Ip(2)->AddPacketHook(NHF_INET, NH_PHYSICAL_IN, "half", MakeCallback(&DropEverySecondUdp)),
        0);
    ASSERT_EQ(c.Ip(2)->AddPacketHook(NHF_INET6,
                                     NH_PHYSICAL_IN,
                                     "half",
                                     MakeCallback(&DropEverySecondUdp)),
              0);
    // The client's PHYSICAL_OUT marks IPv4: observers see what leaves.
    ASSERT_EQ(c.Ip(0)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "tos", MakeCallback(&MarkTos)), 0);
    c.Traffic(10);
    c.Run();

    // What the applications get: the rude observer changed nothing.
    EXPECT_EQ(c.rx4, 5u);
    EXPECT_EQ(c.rx6, 5u);

    const phy_if_t clientOut = PfhooksIpInstance::PhyIf(c.d01.Get(0));
    const phy_if_t routerWest = PfhooksIpInstance::PhyIf(c.d01.Get(1));
    const phy_if_t routerEast = PfhooksIpInstance::PhyIf(c.d12.Get(0));
    const phy_if_t serverIn = PfhooksIpInstance::PhyIf(c.d12.Get(1));
    const zoneid_t z0 = c.Ip(0)->GetZoneId();
    const zoneid_t z1 = c.Ip(1)->GetZoneId();
    const zoneid_t z2 = c.Ip(2)->GetZoneId();
    EXPECT_EQ(z0, c.Ip(0)->GetNetid());
    for (int af : {AF_INET, AF_INET6})
    {
        SCOPED_TRACE(af == AF_INET ? "IPv4" : "IPv6");
        // Client: sent by its zone, destination unknown.
        EXPECT_EQ(Count(0, IPOBS_HOOK_OUTBOUND, af, 17, clientOut, z0, ALL_ZONES), 10u);
        // Router: forwarded, so no zone owns the destination; sent by the router's zone.
        EXPECT_EQ(Count(1, IPOBS_HOOK_INBOUND, af, 17, routerWest, ALL_ZONES, ALL_ZONES), 10u);
        EXPECT_EQ(Count(1, IPOBS_HOOK_OUTBOUND, af, 17, routerEast, z1, ALL_ZONES), 10u);
        // Server: only what PHYSICAL_IN let in, destined to its zone.
        EXPECT_EQ(Count(2, IPOBS_HOOK_INBOUND, af, 17, serverIn, ALL_ZONES, z2), 5u);
    }
    for (const auto& s : g_obs)
    {
        if (s.node == 0 && s.af == AF_INET && s.proto == 17)
        {
            EXPECT_EQ(s.tos, 0x28); // after the PHYSICAL_OUT rewrite
        }
    }
    // IPv6 neighbour discovery is observed too (ICMPv6), in both directions.
    EXPECT_GT(CountProto(1, IPOBS_HOOK_INBOUND, 58), 0u);
    EXPECT_GT(CountProto(1, IPOBS_HOOK_OUTBOUND, 58), 0u);

    // Counters and kstats: every observed packet ran the event once.
    uint64_t router = 0;
    for (const auto& s : g_obs)
    {
        router += s.node == 1;
    }
    EXPECT_EQ(c.Ip(1)->GetCounters(PFH_INET, PFH_OBSERVING).accepted +
                  c.Ip(1)->GetCounters(PFH_INET6, PFH_OBSERVING).accepted,
              router);
    EXPECT_EQ(c.Ip(1)->GetEvent(PFH_INET, PFH_OBSERVING)->m_events +
                  c.Ip(1)->GetEvent(PFH_INET6, PFH_OBSERVING)->m_events,
              router);
    EXPECT_EQ(c.Ip(1)->GetCounters(PFH_INET, PFH_OBSERVING).dropped, 0u);
    EXPECT_EQ(net_hook_unregister(inet, const_cast<char*>(NH_OBSERVE), &rude), 0);
    EXPECT_EQ(net_hook_unregister(inet6, const_cast<char*>(NH_OBSERVE), &rude), 0);
    net_protocol_release(inet);
    net_protocol_release(inet6);
}

std::vector<std::string> g_order;

int
RecordLoop(PacketHookContext& ctx)
{
    g_order.push_back(ctx.GetFamilyName() + " " + ctx.GetEventName());
    return 0;
}

void
RecordObserve(const ObservedPacket& p)
{
    if (p.GetDirection() == IPOBS_HOOK_LOCAL)
    {
        g_order.push_back(std::string(p.GetAddressFamily() == AF_INET6 ? "NHF_INET6" : "NHF_INET") +
                          " LOCAL " + std::to_string(p.GetInterface()) + " " +
                          std::to_string(p.GetSourceZone()) + "/" +
                          std::to_string(p.GetDestinationZone()));
    }
}

TEST(ObservingTest, LocalTrafficIsObservedBetweenLoopbackOutAndIn)
{
    g_order.clear();
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    NodeContainer n;
    n.Create(1);
    CsmaHelper csma;
    NetDeviceContainer d = csma.Install(n);
    InternetStackHelper stack;
    stack.Install(n);
    stack.AssignStreams(n, 600);
    Ipv4AddressHelper a4;
    a4.SetBase("10.9.0.0", "255.255.255.0");
    Ipv4InterfaceContainer v4 = a4.Assign(d);
    PfhooksHelper().Install(n);
    Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(n.Get(0));
    for (const char* fam : {NHF_INET, NHF_INET6})
    {
        ASSERT_EQ(ip->AddPacketHook(fam, NH_LOOPBACK_OUT, "o", MakeCallback(&RecordLoop)), 0);
        ASSERT_EQ(ip->AddPacketHook(fam, NH_LOOPBACK_IN, "i", MakeCallback(&RecordLoop)), 0);
        ASSERT_EQ(ip->AddObserveHook(fam, "obs", MakeCallback(&RecordObserve)), 0);
    }
    uint32_t rx = 0;
    PacketSinkHelper sink4("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    sink4.Install(n.Get(0)).Get(0)->TraceConnectWithoutContext(
        "Rx",
        MakeBoundCallback(
            +[](uint32_t* r, Ptr<const Packet>, const Address&) { (*r)++; },
            &rx));
    Ptr<Socket> s = Socket::CreateSocket(n.Get(0), UdpSocketFactory::GetTypeId());
    s->Bind();
    Address own = InetSocketAddress(v4.GetAddress(0), 9);
    Simulator::Schedule(Seconds(1), [s, own]() { s->SendTo(Create<Packet>(32), 0, own); });
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(rx, 1u);
    std::string eth = std::to_string(PfhooksIpInstance::PhyIf(d.Get(0)));
    std::string z = std::to_string(ip->GetZoneId());
    EXPECT_EQ(g_order,
              (std::vector<std::string>{"NHF_INET LOOPBACK_OUT",
                                        "NHF_INET LOCAL " + eth + " " + z + "/" + z,
                                        "NHF_INET LOOPBACK_IN"}));
    Simulator::Destroy();
}

TEST(ObservingTest, OnlyWhereIllumosHasIt)
{
    Scenario s;
    Ptr<PfhooksIpInstance> ip = s.Ip(0);
    // ARP has no OBSERVING event.
    EXPECT_EQ(ip->AddObserveHook(NHF_ARP, "obs", MakeCallback(&RecordObserve)), ENXIO);
    // A packet hook cannot read an observation (or a NIC event).
    EXPECT_EQ(ip->AddPacketHook(NHF_INET, NH_OBSERVING, "p", MakeCallback(&RecordLoop)), EINVAL);
    EXPECT_EQ(ip->AddPacketHook(NHF_INET, NH_NIC_EVENTS, "p", MakeCallback(&RecordLoop)), EINVAL);
    // No observer: nothing is counted.
    s.Traffic(3);
    s.Run();
    EXPECT_EQ(s.rx, 3u);
    EXPECT_EQ(ip->GetCounters(PFH_INET, PFH_OBSERVING).accepted, 0u);
    EXPECT_EQ(ip->GetEvent(PFH_INET, PFH_OBSERVING)->m_events, 0u);
}

} // namespace

// The outbound observation writes an Ipv4Header's bytes from its getters
// (PfhooksIpv4HeaderBytes): byte for byte what Ipv4Header::Serialize writes,
// with and without the checksum, for every field.
TEST(ObservingTest, Ipv4HeaderBytesAreWhatNs3Serializes)
{
    Ptr<UniformRandomVariable> r = CreateObject<UniformRandomVariable>();
    r->SetStream(17);
    for (int n = 0; n < 2000; n++)
    {
        Ipv4Header h;
        if (n % 2 == 0)
        {
            h.EnableChecksum();
        }
        h.SetTos(r->GetInteger(0, 255));
        h.SetPayloadSize(r->GetInteger(0, 65515));
        h.SetIdentification(r->GetInteger(0, 65535));
        n % 3 == 0 ? h.SetDontFragment() : h.SetMayFragment();
        n % 5 == 0 ? h.SetMoreFragments() : h.SetLastFragment();
        h.SetFragmentOffset(8 * r->GetInteger(0, 1023));
        h.SetTtl(r->GetInteger(0, 255));
        h.SetProtocol(r->GetInteger(0, 255));
        h.SetSource(Ipv4Address(r->GetInteger(0, 0xffffffff)));
        h.SetDestination(Ipv4Address(r->GetInteger(0, 0xffffffff)));
        Buffer ns3;
        ns3.AddAtStart(20);
        h.Serialize(ns3.Begin());
        uint8_t want[20];
        ns3.CopyData(want, 20);
        uint8_t got[20];
        ASSERT_TRUE(PfhooksIpv4HeaderBytes::Write(h, got));
        ASSERT_EQ(std::memcmp(got, want, 20), 0) << "header " << n;
        uint8_t head[4];
        ASSERT_TRUE(PfhooksIpv4HeaderBytes::WriteHead(h, head));
        ASSERT_EQ(std::memcmp(head, want, 4), 0) << "header " << n; // what the check reads
        if (n % 2 == 0)
        {
            EXPECT_EQ(Checksum(got, 20), 0) << "header " << n; // a valid checksum
        }
    }
}

// OBSERVING keeps its two blocks for the next observation (pfhooks_msg_keep_pair):
// to kmem debugging they are freed, so a module that frees the message it
// was shown after its hook returned panics naming both sites...
TEST(ObservingDeathTest, FreeingTheKeptObservationIsADoubleFree)
{
    EXPECT_DEATH(
        {
            SolarisKernel::Get(); // its panic names the sites
            ObserveSpareMessages spares;
            mblk_t* imp = spares.Take(100);
            spares.Give(imp);
            freemsg(imp); // a module's stale pointer
        },
        "double free of a message block: message block .* freed at pfhooks_msg_keep");
}

// ... and a write to either block while kept is found when it is taken back
// (ASan sees the write itself).
TEST(ObservingDeathTest, AWriteToAKeptObservationBlockIsFound)
{
    for (int block = 0; block < 2; block++)
    {
        EXPECT_DEATH(
            {
                SolarisKernel::Get(); // its panic names the sites
                ObserveSpareMessages spares;
                mblk_t* imp = spares.Take(100);
                unsigned char* bytes = block == 0 ? imp->b_rptr : imp->b_cont->b_rptr;
                spares.Give(imp);
                reinterpret_cast<volatile unsigned char*>(bytes)[3] ^= 1;
                spares.Take(100);
            },
            "a freed block was written to \\(found when it was reused\\): .* freed at "
            "pfhooks_msg_keep .*, then at pfhooks_msg_reuse|use-after-poison");
    }
}

// Kept blocks come back as allocb() leaves them, sized for each datagram,
// and a stopped seam's Drop() leaves nothing live.
TEST(ObservingTest, KeptObservationBlocksComeBackAsAllocbLeavesThem)
{
    uint64_t live = pfhooks_mblk_live();
    {
        ObserveSpareMessages spares;
        for (size_t size : {600u, 60u, 1500u, 2048u, 40u})
        {
            mblk_t* imp = spares.Take(size);
            ASSERT_NE(imp, nullptr);
            ASSERT_NE(imp->b_cont, nullptr);
            EXPECT_EQ(imp->b_cont->b_cont, nullptr);
            EXPECT_EQ(MBLKSIZE(imp), sizeof(hook_pkt_observe_t));
            EXPECT_EQ(MBLKSIZE(imp->b_cont), size);
            EXPECT_EQ(MBLKL(imp), 0u);
            EXPECT_EQ(MBLKL(imp->b_cont), 0u);
            EXPECT_EQ(pfhooks_mblk_live(), live + 2);
            std::memset(imp->b_cont->b_rptr, 0x5a, size);
            spares.Give(imp);
            EXPECT_TRUE(pfhooks_msg_freed(imp));
            EXPECT_EQ(pfhooks_mblk_live(), live);
        }
        spares.Drop();
    }
    EXPECT_EQ(pfhooks_mblk_live(), live);
}
