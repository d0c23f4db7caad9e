/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Points where pfhooks follows illumos's code rather than its first reading
 * (issue 15): net_inject's direct and queued output, lif 0, short interface
 * name buffers, hpe_mb after the hooks, and the order and states of an
 * instance's teardown.  doc/semantics.md names the illumos source of each.
 */
#include "scenario.h"

#include "ns3/pfhooks-mblk.h"

#include <cerrno>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <string>
#include <vector>

using namespace ns3;
using pfhooks_test::Scenario;

namespace
{

/** A UDP datagram src -> dst:9 with `payload` bytes, IPv4 ID `id`, checksums right. */
std::vector<uint8_t>
Udp4(const char* src, const char* dst, uint32_t payload, uint16_t id = 1234)
{
    Ptr<Packet> p = Create<Packet>(payload);
    UdpHeader udp;
    udp.SetSourcePort(7000);
    udp.SetDestinationPort(9);
    udp.EnableChecksums();
    udp.InitializeChecksum(Ipv4Address(src), Ipv4Address(dst), 17);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address(src));
    ip.SetDestination(Ipv4Address(dst));
    ip.SetProtocol(17);
    ip.SetTtl(64);
    ip.SetIdentification(id);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
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

void
SetAddr4(net_inject_t* ni, const char* a)
{
    auto* sin = reinterpret_cast<struct sockaddr_in*>(&ni->ni_addr);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(Ipv4Address(a).Get());
}

uint32_t g_outHits = 0;

int
CountOut(PacketHookContext&)
{
    g_outHits++;
    return 0;
}

// ---- 1. NI_DIRECT_OUT: ipfil_sendpkt() ----

TEST(FidelityTest, DirectOutIsSeenByNoHookAndRoutesOrChecksTheNextHop)
{
    Scenario s;
    g_outHits = 0;
    ASSERT_EQ(s.Ip(0)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "out", MakeCallback(&CountOut)), 0);
    ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "out", MakeCallback(&CountOut)), 0);
    net_handle_t client = net_protocol_lookup(s.Ip(0)->GetNetid(), NHF_INET);
    net_handle_t router = net_protocol_lookup(s.Ip(1)->GetNetid(), NHF_INET);
    phy_if_t clientIf = PfhooksIpInstance::PhyIf(s.d01.Get(0));
    phy_if_t west = PfhooksIpInstance::PhyIf(s.d01.Get(1));
    phy_if_t east = PfhooksIpInstance::PhyIf(s.d12.Get(0));
    std::vector<int> rv;
    Simulator::Schedule(Seconds(1), [&]() {
        net_inject_t ni{};
        // ni_addr = the destination: routed (restricted to ni_physical).
        ni.ni_packet = Mblk(Udp4("10.1.1.1", "10.1.2.2", 10));
        ni.ni_physical = clientIf;
        SetAddr4(&ni, "10.1.2.2");
        rv.push_back(net_inject(client, NI_DIRECT_OUT, &ni));
        // ni_physical 0: routed as IP would.
        ni.ni_packet = Mblk(Udp4("10.1.1.1", "10.1.2.2", 11));
        ni.ni_physical = 0;
        rv.push_back(net_inject(client, NI_DIRECT_OUT, &ni));
        // A next hop on the link: sent to it.
        ni.ni_packet = Mblk(Udp4("10.1.1.1", "10.1.2.2", 12));
        ni.ni_physical = clientIf;
        SetAddr4(&ni, "10.1.1.2");
        rv.push_back(net_inject(client, NI_DIRECT_OUT, &ni));
        // A next hop on no link of the client: EHOSTUNREACH, 1.
        ni.ni_packet = Mblk(Udp4("10.1.1.1", "10.1.2.2", 13));
        SetAddr4(&ni, "10.1.2.1");
        rv.push_back(net_inject(client, NI_DIRECT_OUT, &ni));
        // The router: the destination routed out of west, where no route
        // to it leads: 1.
        ni.ni_packet = Mblk(Udp4("10.1.1.1", "10.1.2.2", 14));
        ni.ni_physical = west;
        SetAddr4(&ni, "10.1.2.2");
        rv.push_back(net_inject(router, NI_DIRECT_OUT, &ni));
        // The same out of east: 0.
        ni.ni_packet = Mblk(Udp4("10.1.1.1", "10.1.2.2", 15));
        ni.ni_physical = east;
        rv.push_back(net_inject(router, NI_DIRECT_OUT, &ni));
        EXPECT_EQ(ni.ni_packet, nullptr); // consumed
    });
    s.Run();
    EXPECT_EQ(rv, (std::vector<int>{0, 0, 0, 1, 1, 0}));
    EXPECT_EQ(s.rx, 4u);
    // The router forwarded three of them: those went through its
    // PHYSICAL_OUT as forwarded traffic; the client's hook saw none of its
    // own injections, nor the router's hook the router's.
    EXPECT_EQ(g_outHits, 3u);
    net_protocol_release(client);
    net_protocol_release(router);
}

// ---- 2. NI_QUEUE_OUT: ixa_ifindex and a new IP ID ----

TEST(FidelityTest, QueueOutHonoursThePhysicalInterfaceAndGivesANewId)
{
    Scenario s;
    net_handle_t router = net_protocol_lookup(s.Ip(1)->GetNetid(), NHF_INET);
    phy_if_t west = PfhooksIpInstance::PhyIf(s.d01.Get(1));
    phy_if_t east = PfhooksIpInstance::PhyIf(s.d12.Get(0));
    Simulator::Schedule(Seconds(1), [&]() {
        net_inject_t ni{};
        ni.ni_packet = Mblk(Udp4("10.1.2.1", "10.1.2.2", 10, 1234));
        ni.ni_physical = west; // no route to 10.1.2.2 out of west
        EXPECT_EQ(net_inject(router, NI_QUEUE_OUT, &ni), 0);
        ni.ni_packet = Mblk(Udp4("10.1.2.1", "10.1.2.2", 11, 1234));
        ni.ni_physical = east;
        EXPECT_EQ(net_inject(router, NI_QUEUE_OUT, &ni), 0);
        ni.ni_packet = Mblk(Udp4("10.1.2.1", "10.1.2.2", 12, 1234));
        ni.ni_physical = 0;
        EXPECT_EQ(net_inject(router, NI_QUEUE_OUT, &ni), 0);
        ni.ni_packet = Mblk(Udp4("10.1.2.1", "10.1.2.2", 12, 1234));
        ni.ni_physical = 999;
        EXPECT_EQ(net_inject(router, NI_QUEUE_OUT, &ni), 1);
    });
    s.Run();
    EXPECT_EQ(s.rx, 2u);
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_PHYSICAL_OUT).dropped, 1u); // no route
    ASSERT_EQ(s.serverIpRx.size(), 2u);
    EXPECT_NE(s.serverIpRx[0].GetIdentification(), 1234);
    EXPECT_NE(s.serverIpRx[0].GetIdentification(), s.serverIpRx[1].GetIdentification());
    net_protocol_release(router);
}

// Local-scope multicast without an interface: ns-3 3.37's static routing
// dereferences a missing interface (the randomising module's replies to
// ff02:: found it through NI_QUEUE_OUT); here such a lookup has no route.
TEST(FidelityTest, LocalMulticastWithoutAnInterfaceHasNoRouteAndNoCrash)
{
    Scenario s;
    Ipv6InterfaceContainer j01, j12;
    pfhooks_test::NumberChain6(s.d01, "2001:1::", s.d12, "2001:2::", &j01, &j12);
    net_handle_t v4 = net_protocol_lookup(s.Ip(1)->GetNetid(), NHF_INET);
    net_handle_t v6 = net_protocol_lookup(s.Ip(1)->GetNetid(), NHF_INET6);
    std::vector<int> rv;
    Simulator::Schedule(Seconds(1), [&]() {
        struct sockaddr_in all4 = {};
        all4.sin_family = AF_INET;
        all4.sin_addr.s_addr = htonl(Ipv4Address("224.0.0.5").Get());
        rv.push_back(net_routeto(v4, reinterpret_cast<struct sockaddr*>(&all4), nullptr));
        struct sockaddr_in6 all6 = {};
        all6.sin6_family = AF_INET6;
        Ipv6Address("ff02::1").Serialize(all6.sin6_addr.s6_addr);
        rv.push_back(net_routeto(v6, reinterpret_cast<struct sockaddr*>(&all6), nullptr));
        net_inject_t ni{};
        ni.ni_packet = Mblk(Udp4("10.1.2.1", "224.0.0.5", 10));
        rv.push_back(net_inject(v4, NI_QUEUE_OUT, &ni));
        ni.ni_packet = Mblk(Udp4("10.1.2.1", "224.0.0.5", 11));
        rv.push_back(net_inject(v4, NI_DIRECT_OUT, &ni));
        Ptr<Packet> p = Create<Packet>(8);
        UdpHeader udp;
        udp.SetSourcePort(7000);
        udp.SetDestinationPort(9);
        p->AddHeader(udp);
        Ipv6Header h6;
        h6.SetSource(Ipv6Address("fe80::1"));
        h6.SetDestination(Ipv6Address("ff02::1"));
        h6.SetNextHeader(17);
        h6.SetHopLimit(1);
        h6.SetPayloadLength(p->GetSize());
        p->AddHeader(h6);
        std::vector<uint8_t> b(p->GetSize());
        p->CopyData(b.data(), b.size());
        ni.ni_packet = Mblk(b);
        rv.push_back(net_inject(v6, NI_QUEUE_OUT, &ni));
        ni.ni_packet = Mblk(b);
        rv.push_back(net_inject(v6, NI_DIRECT_OUT, &ni));
    });
    s.Run();
    // net_routeto: 0 (no interface); NI_QUEUE_OUT: 0, then dropped, no
    // route; NI_DIRECT_OUT: 1 at once.
    EXPECT_EQ(rv, (std::vector<int>{0, 0, 0, 1, 0, 1}));
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_PHYSICAL_OUT).dropped, 1u);
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET6, PFH_PHYSICAL_OUT).dropped, 1u);
    net_protocol_release(v4);
    net_protocol_release(v6);
}

// ---- 3. lif 0 and 4. short name buffers ----

TEST(FidelityTest, LifZeroIsThePrimaryAddressAndShortNamesAreCut)
{
    Scenario s;
    Names::Add("fidelity-east", s.d12.Get(0));
    net_handle_t inet = net_protocol_lookup(s.Ip(1)->GetNetid(), NHF_INET);
    phy_if_t east = PfhooksIpInstance::PhyIf(s.d12.Get(0));
    net_ifaddr_t kinds[2] = {NA_ADDRESS, NA_NETMASK};
    struct sockaddr_in zero[2];
    struct sockaddr_in one[2];
    ASSERT_EQ(net_getlifaddr(inet, east, 0, 2, kinds, zero), 0);
    ASSERT_EQ(net_getlifaddr(inet, east, 1, 2, kinds, one), 0);
    EXPECT_EQ(ntohl(zero[0].sin_addr.s_addr), Ipv4Address("10.1.2.1").Get());
    EXPECT_EQ(zero[0].sin_addr.s_addr, one[0].sin_addr.s_addr);
    EXPECT_EQ(zero[1].sin_addr.s_addr, one[1].sin_addr.s_addr);
    uint64_t f0 = 0;
    uint64_t f1 = 1;
    ASSERT_EQ(net_getlifflags(inet, east, 0, &f0), 0);
    ASSERT_EQ(net_getlifflags(inet, east, 1, &f1), 0);
    EXPECT_EQ(f0, f1);
    zoneid_t z = -7;
    ASSERT_EQ(net_getlifzone(inet, east, 0, &z), 0);
    EXPECT_EQ(z, s.Ip(1)->GetZoneId());
    EXPECT_EQ(net_getlifaddr(inet, east, 2, 2, kinds, zero), 1); // one address only
    EXPECT_EQ(net_getlifaddr(inet, east, -1, 2, kinds, zero), 1);

    char name[8];
    std::memset(name, 'x', sizeof(name));
    EXPECT_EQ(net_getifname(inet, east, name, 5), 0);
    EXPECT_STREQ(name, "fide"); // strlcpy: cut, terminated
    EXPECT_EQ(name[5], 'x');    // nothing past the buffer
    EXPECT_EQ(net_getifname(inet, east, name, 0), 0);
    EXPECT_EQ(net_getifname(inet, 999, name, sizeof(name)), 1);
    net_protocol_release(inet);
}

// ---- 5. after the hooks, IP goes on with hpe_mb ----

/** A copy of the message with TOS 0x20 and the header checksum fixed. */
mblk_t*
WithTos(const mblk_t* mp)
{
    mblk_t* n = copymsg(const_cast<mblk_t*>(mp));
    uint8_t* ip = n->b_rptr;
    ip[1] = 0x20;
    ip[10] = ip[11] = 0;
    uint32_t sum = 0;
    for (int i = 0; i < 20; i += 2)
    {
        sum += (ip[i] << 8) | ip[i + 1];
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    ip[10] = static_cast<uint8_t>(~sum >> 8);
    ip[11] = static_cast<uint8_t>(~sum);
    return n;
}

int g_mode = 0;

int
Replace(hook_event_token_t, hook_data_t data, void*)
{
    auto* hpe = reinterpret_cast<hook_pkt_event_t*>(data);
    switch (g_mode)
    {
    case 0: // a new hpe_mb, *hpe_mp left: IP goes on with hpe_mb
        hpe->hpe_mb = WithTos(hpe->hpe_mb);
        hpe->hpe_hdr = hpe->hpe_mb->b_rptr;
        break;
    case 1: { // a new *hpe_mp, hpe_mb left: IP still goes on with hpe_mb
        mblk_t* old = *hpe->hpe_mp;
        *hpe->hpe_mp = WithTos(old);
        break;
    }
    default: // freed, *hpe_mp NULL, 0 returned: a drop and a warning
        freemsg(*hpe->hpe_mp);
        *hpe->hpe_mp = nullptr;
        break;
    }
    return 0;
}

class HpeMbTest : public ::testing::TestWithParam<int>
{
};

TEST_P(HpeMbTest, IpGoesOnWithHpeMb)
{
    Scenario s;
    g_mode = GetParam();
    net_handle_t server = net_protocol_lookup(s.Ip(2)->GetNetid(), NHF_INET);
    hook_t h{};
    h.h_version = HOOK_VERSION;
    h.h_name = const_cast<char*>("replace");
    h.h_func = &Replace;
    ASSERT_EQ(net_hook_register(server, const_cast<char*>(NH_PHYSICAL_IN), &h), 0);
    s.Traffic(3);
    s.Run();
    PfhooksIpInstance::Counters c = s.Ip(2)->GetCounters(PFH_INET, PFH_PHYSICAL_IN);
    if (g_mode == 2)
    {
        EXPECT_EQ(s.rx, 0u);
        EXPECT_EQ(c.dropped, 3u);
    }
    else
    {
        ASSERT_EQ(s.rx, 3u);
        ASSERT_EQ(s.serverIpRx.size(), 3u);
        EXPECT_EQ(s.serverIpRx[0].GetTos(), g_mode == 0 ? 0x20 : 0);
        EXPECT_EQ(c.rewritten, g_mode == 0 ? 3u : 0u);
        EXPECT_EQ(c.accepted, g_mode == 0 ? 0u : 3u);
    }
    EXPECT_EQ(net_hook_unregister(server, const_cast<char*>(NH_PHYSICAL_IN), &h), 0);
    net_protocol_release(server);
}

std::string
ModeName(const ::testing::TestParamInfo<int>& i)
{
    static const char* const names[] = {"NewMb", "NewMp", "FreedMp"};
    return names[i.param];
}

INSTANTIATE_TEST_SUITE_P(Modes, HpeMbTest, ::testing::Values(0, 1, 2), ModeName);

// ---- 6. and 7. the order and states of a teardown ----

std::vector<std::string> g_log;

struct Td
{
    bool teardown{false}; // the instance goes (not the module)
    netid_t id{-1};
    net_handle_t inet{nullptr};
    hook_t* hook{nullptr};
};

Td g_td;

int
InstanceNotify(hook_notify_cmd_t cmd, void*, const char*, const char*, const char* family)
{
    g_log.push_back(std::string(cmd == HN_REGISTER ? "family+ " : "family- ") + family);
    return 0;
}

int
ProtoNotify(hook_notify_cmd_t cmd, void*, const char* proto, const char*, const char* event)
{
    if (cmd == HN_UNREGISTER)
    {
        g_log.push_back(std::string(proto) + " event- " + event);
    }
    return 0;
}

int
Accept(hook_event_token_t, hook_data_t, void*)
{
    return 0;
}

void*
TdCreate(const netid_t id)
{
    g_log.push_back("create " + std::to_string(id));
    if (g_td.id < 0)
    {
        g_td.id = id;
    }
    return &g_td;
}

void
TdShutdown(const netid_t id, void* arg)
{
    auto* td = static_cast<Td*>(arg);
    if (id != td->id || !td->teardown)
    {
        return;
    }
    g_log.push_back("nin_shutdown");
    // neti_stack_shutdown condemned every handle first.
    EXPECT_EQ(net_protocol_lookup(id, NHF_INET), nullptr);
    EXPECT_EQ(net_protocol_lookup(id, NHF_ARP), nullptr);
    char name[16];
    EXPECT_EQ(net_getifname(td->inet, 1, name, sizeof(name)), -1);
    EXPECT_EQ(net_hook_register(td->inet, const_cast<char*>(NH_PHYSICAL_OUT), td->hook), ESHUTDOWN);
    EXPECT_EQ(net_protocol_notify_register(td->inet, ProtoNotify, nullptr), ESHUTDOWN);
    // Unregistering still works; the id mappings still answer.
    EXPECT_EQ(net_hook_unregister(td->inet, const_cast<char*>(NH_PHYSICAL_IN), td->hook), 0);
    EXPECT_NE(net_getzoneidbynetid(id), -1);
    EXPECT_EQ(net_getnetstackidbynetid(id), net_getzoneidbynetid(id));
}

void
TdDestroy(const netid_t id, void* arg)
{
    auto* td = static_cast<Td*>(arg);
    if (id != td->id || !td->teardown)
    {
        return;
    }
    g_log.push_back("nin_destroy");
    // neti_stack_fini unlinked the stack first.
    EXPECT_EQ(net_instance_notify_register(id, InstanceNotify, nullptr), ESRCH);
    EXPECT_EQ(net_instance_notify_unregister(id, InstanceNotify), ESRCH);
    EXPECT_EQ(net_getzoneidbynetid(id), -1);
}

TEST(FidelityTest, CreateRunsNewestInstanceFirst)
{
    NodeContainer nodes;
    nodes.Create(3);
    InternetStackHelper().Install(nodes);
    PfhooksHelper().Install(nodes);
    g_log.clear();
    g_td = Td();
    net_instance_t* ni = net_instance_alloc(NETINFO_VERSION);
    ni->nin_name = const_cast<char*>("order");
    ni->nin_create = TdCreate;
    ni->nin_destroy = TdDestroy;
    ASSERT_EQ(net_instance_register(ni), 0);
    std::vector<std::string> expect;
    for (int i = 2; i >= 0; i--)
    {
        expect.push_back("create " +
                         std::to_string(PfhooksHelper::GetInstance(nodes.Get(i))->GetNetid()));
    }
    EXPECT_EQ(g_log, expect);
    ASSERT_EQ(net_instance_unregister(ni), 0);
    net_instance_free(ni);
    Simulator::Destroy();
}

TEST(FidelityTest, TeardownCondemnsThenUnlinksInIpStackOrder)
{
    NodeContainer nodes;
    nodes.Create(1);
    InternetStackHelper().Install(nodes);
    PfhooksHelper().Install(nodes);
    g_log.clear();
    g_td = Td();
    net_instance_t* ni = net_instance_alloc(NETINFO_VERSION);
    ni->nin_name = const_cast<char*>("teardown-order");
    ni->nin_create = TdCreate;
    ni->nin_shutdown = TdShutdown;
    ni->nin_destroy = TdDestroy;
    ASSERT_EQ(net_instance_register(ni), 0);
    netid_t id = g_td.id;
    g_td.inet = net_protocol_lookup(id, NHF_INET);
    net_handle_t inet6 = net_protocol_lookup(id, NHF_INET6);
    net_handle_t arp = net_protocol_lookup(id, NHF_ARP);
    HOOK_INIT(g_td.hook, Accept, const_cast<char*>("td"), nullptr);
    ASSERT_EQ(net_hook_register(g_td.inet, const_cast<char*>(NH_PHYSICAL_IN), g_td.hook), 0);
    ASSERT_EQ(net_instance_notify_register(id, InstanceNotify, nullptr), 0);
    for (net_handle_t h : {g_td.inet, inet6, arp})
    {
        ASSERT_EQ(net_protocol_notify_register(h, ProtoNotify, nullptr), 0);
    }
    g_log.clear();
    g_td.teardown = true;
    PfhooksHelper::GetInstance(nodes.Get(0))->Stop();
    g_td.teardown = false;
    std::vector<std::string> expect;
    for (const char* f : {"NHF_INET", "NHF_INET6"})
    {
        for (const char* e : {"FORWARDING",
                              "PHYSICAL_IN",
                              "PHYSICAL_OUT",
                              "LOOPBACK_IN",
                              "LOOPBACK_OUT",
                              "NIC_EVENTS",
                              "OBSERVING"})
        {
            expect.push_back(std::string(f) + " event- " + e);
        }
        expect.push_back(std::string("family- ") +
                         (f == std::string("NHF_INET") ? "inet" : "inet6"));
    }
    for (const char* e : {"PHYSICAL_IN", "PHYSICAL_OUT", "NIC_EVENTS"})
    {
        expect.push_back(std::string("NHF_ARP event- ") + e);
    }
    expect.push_back("nin_shutdown");
    expect.push_back("family- arp"); // ip_stack_fini's arp_hook_destroy
    expect.push_back("nin_destroy");
    EXPECT_EQ(g_log, expect);
    for (net_handle_t h : {g_td.inet, inet6, arp})
    {
        EXPECT_EQ(net_protocol_release(h), 0);
    }
    hook_free(g_td.hook);
    ASSERT_EQ(net_instance_unregister(ni), 0);
    net_instance_free(ni);
    Simulator::Destroy();
}

} // namespace
