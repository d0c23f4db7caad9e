/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The trace sources of an instance: HookVerdict (the packet and the hook
 * that decided), Injected (every net_inject(), refused ones too), Ipv4Drop
 * (Ipv4L3Protocol's Drop arguments plus event and hook), and the `d`
 * lines PfhooksAsciiDrops writes from them.
 */
#include "scenario.h"

#include "ns3/pfhooks-ascii-drops.h"

#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <regex>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

int g_fwdSeen = 0;

/// Router FORWARDING: every 4th datagram dropped.
int
DropEveryFourth(PacketHookContext&)
{
    return ++g_fwdSeen % 4 == 0;
}

/// Router FORWARDING, after the first: the TOS becomes 0xb8 (checksum redone).
int
SetTos(PacketHookContext& ctx)
{
    uint8_t* ip = ctx.GetBytes();
    ip[1] = 0xb8;
    ip[10] = ip[11] = 0;
    uint16_t sum = Checksum(ip, (ip[0] & 0x0f) * 4);
    ip[10] = sum >> 8;
    ip[11] = sum & 0xff;
    return 0;
}

struct Verdict
{
    uint32_t node;
    std::string family;
    std::string event;
    std::string hook;
    PfhooksVerdict verdict;
    uint8_t tos;
    uint32_t size;
};

std::vector<Verdict> g_verdicts;

void
OnVerdict(Ptr<const Packet> p,
          uint32_t node,
          const std::string& family,
          const std::string& event,
          const std::string& hook,
          PfhooksVerdict verdict)
{
    Ipv4Header h;
    p->PeekHeader(h);
    g_verdicts.push_back({node, family, event, hook, verdict, h.GetTos(), p->GetSize()});
}

struct Drop
{
    Ipv4Address dst;
    uint32_t payload;
    int reason;
    uint32_t interface;
    std::string event;
    std::string hook;
};

std::vector<Drop> g_drops;

void
OnDrop(const Ipv4Header& h,
       Ptr<const Packet> payload,
       Ipv4L3Protocol::DropReason reason,
       Ptr<Ipv4>,
       uint32_t interface,
       const std::string& event,
       const std::string& hook)
{
    g_drops.push_back(
        {h.GetDestination(), payload->GetSize(), int(reason), interface, event, hook});
}

uint32_t g_ns3Drops = 0;

void
OnNs3Drop(const Ipv4Header&, Ptr<const Packet>, Ipv4L3Protocol::DropReason, Ptr<Ipv4>, uint32_t)
{
    g_ns3Drops++;
}

TEST(TracesTest, HookVerdictAndDropNameTheHookThatDecided)
{
    Scenario s;
    g_fwdSeen = 0;
    g_verdicts.clear();
    g_drops.clear();
    g_ns3Drops = 0;
    Ptr<PfhooksIpInstance> router = s.Ip(1);
    // Nobody listens yet: the seams skip the traces.
    EXPECT_FALSE(router->IsWatched(true));
    ASSERT_EQ(
        router->AddPacketHook(NHF_INET, NH_FORWARDING, "every4", MakeCallback(&DropEveryFourth)),
        0);
    ASSERT_EQ(router->AddPacketHook(NHF_INET, NH_FORWARDING, "tos", MakeCallback(&SetTos)), 0);
    Config::ConnectWithoutContext("/NodeList/1/$ns3::PfhooksIpInstance/HookVerdict",
                                  MakeCallback(&OnVerdict));
    Config::ConnectWithoutContext("/NodeList/*/$ns3::PfhooksIpInstance/Ipv4Drop",
                                  MakeCallback(&OnDrop));
    Config::ConnectWithoutContext("/NodeList/*/$ns3::Ipv4L3Protocol/Drop",
                                  MakeCallback(&OnNs3Drop));
    EXPECT_TRUE(router->IsWatched(false));
    s.Traffic(20, 100);
    s.Run();
    EXPECT_EQ(s.rx, 15u);

    ASSERT_EQ(g_verdicts.size(), 20u);
    uint32_t dropped = 0;
    for (size_t k = 0; k < g_verdicts.size(); k++)
    {
        const Verdict& v = g_verdicts[k];
        EXPECT_EQ(v.node, 1u);
        EXPECT_EQ(v.family, NHF_INET);
        EXPECT_EQ(v.event, NH_FORWARDING);
        EXPECT_EQ(v.size, 128u); // IPv4 20 + UDP 8 + 100
        if ((k + 1) % 4 == 0)
        {
            // Dropped by the first hook: the packet as it came.
            EXPECT_EQ(v.verdict, PFH_DROP);
            EXPECT_EQ(v.hook, "every4");
            EXPECT_EQ(v.tos, 0);
            dropped++;
        }
        else
        {
            // Rewritten by the last hook: the packet as it goes on.
            EXPECT_EQ(v.verdict, PFH_REWRITE);
            EXPECT_EQ(v.hook, "tos");
            EXPECT_EQ(v.tos, 0xb8);
        }
    }
    EXPECT_EQ(dropped, 5u);

    // Ipv4Drop: one per hook drop, with Ipv4L3Protocol's arguments; ns-3's
    // own Drop stays silent.
    ASSERT_EQ(g_drops.size(), 5u);
    for (const Drop& d : g_drops)
    {
        EXPECT_EQ(d.dst, s.i12.GetAddress(1));
        EXPECT_EQ(d.payload, 108u);
        EXPECT_EQ(d.reason, PfhooksIpInstance::PFHOOKS_DROP_REASON);
        EXPECT_EQ(d.interface, 1u); // the router's interface towards the client
        EXPECT_EQ(d.event, NH_FORWARDING);
        EXPECT_EQ(d.hook, "every4");
    }
    EXPECT_EQ(g_ns3Drops, 0u);
    // The old Verdict trace and the counters agree.
    EXPECT_EQ(router->GetCounters(PFH_INET, PFH_FORWARDING).dropped, 5u);
    EXPECT_EQ(router->GetCounters(PFH_INET, PFH_FORWARDING).rewritten, 15u);
}

net_handle_t g_inet = nullptr;
int g_inSeen = 0;

/// Router PHYSICAL_IN: every 3rd datagram also goes out again (NI_QUEUE_OUT).
int
Copy3(hook_event_token_t, hook_data_t data, void*)
{
    auto* hpe = reinterpret_cast<hook_pkt_event_t*>(data);
    if (++g_inSeen % 3 == 0)
    {
        net_inject_t ni{};
        ni.ni_packet = copymsg(*hpe->hpe_mp);
        EXPECT_EQ(net_inject(g_inet, NI_QUEUE_OUT, &ni), 0);
    }
    return 0;
}

struct Injection
{
    uint32_t node;
    int style;
    int result;
    uint32_t size;
};

std::vector<Injection> g_injections;

void
OnInjected(Ptr<const Packet> p, uint32_t node, int style, int result)
{
    g_injections.push_back({node, style, result, p->GetSize()});
}

TEST(TracesTest, InjectedReportsEveryCallWithItsResult)
{
    Scenario s;
    g_inSeen = 0;
    g_injections.clear();
    g_inet = net_protocol_lookup(s.Ip(1)->GetNetid(), NHF_INET);
    hook_t h{};
    h.h_version = HOOK_VERSION;
    h.h_name = const_cast<char*>("copy3");
    h.h_func = &Copy3;
    ASSERT_EQ(net_hook_register(g_inet, const_cast<char*>(NH_PHYSICAL_IN), &h), 0);
    Config::ConnectWithoutContext("/NodeList/*/$ns3::PfhooksIpInstance/Injected",
                                  MakeCallback(&OnInjected));
    s.Traffic(9, 50);
    s.Run();
    EXPECT_EQ(s.rx, 12u);
    // A refused one: three bytes are no datagram.
    net_inject_t bad{};
    bad.ni_packet = allocb(3, BPRI_MED);
    bad.ni_packet->b_wptr += 3;
    std::memset(bad.ni_packet->b_rptr, 0x45, 3);
    EXPECT_EQ(net_inject(g_inet, NI_QUEUE_OUT, &bad), 1);
    ASSERT_EQ(g_injections.size(), 4u);
    for (int k = 0; k < 3; k++)
    {
        EXPECT_EQ(g_injections[k].node, 1u);
        EXPECT_EQ(g_injections[k].style, NI_QUEUE_OUT);
        EXPECT_EQ(g_injections[k].result, 0);
        EXPECT_EQ(g_injections[k].size, 78u);
    }
    EXPECT_EQ(g_injections[3].result, 1);
    EXPECT_EQ(g_injections[3].size, 3u);
    EXPECT_EQ(s.Ip(1)->GetCounters(PFH_INET, PFH_PHYSICAL_OUT).injected, 3u);
    EXPECT_EQ(net_hook_unregister(g_inet, const_cast<char*>(NH_PHYSICAL_IN), &h), 0);
    net_protocol_release(g_inet);
    g_inet = nullptr;
}

TEST(TracesTest, AsciiDropLinesNameTheHook)
{
    // Per process: parallel test runs share the temporary directory.
    std::string file =
        ::testing::TempDir() + "pfhooks-ascii-drops-" + std::to_string(getpid()) + ".tr";
    {
        Scenario s;
        g_fwdSeen = 0;
        ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET,
                                         NH_FORWARDING,
                                         "every4",
                                         MakeCallback(&DropEveryFourth)),
                  0);
        AsciiTraceHelper ascii;
        Ptr<OutputStreamWrapper> stream = ascii.CreateFileStream(file);
        s.p2p.EnableAsciiAll(stream);
        PfhooksHelper::EnableAsciiDrops(stream, s.nodes);
        s.Traffic(8, 100);
        s.Run();
    }
    std::ifstream in(file);
    std::string line;
    std::vector<std::string> d;
    uint32_t tx = 0;
    while (std::getline(in, line))
    {
        if (line.rfind("d ", 0) == 0)
        {
            d.push_back(line);
        }
        tx += line.rfind("+ ", 0) == 0;
    }
    in.close();
    std::remove(file.c_str());
    EXPECT_GT(tx, 0u); // ns-3's own lines share the stream
    ASSERT_EQ(d.size(), 2u);
    std::regex form("d 1\\.00[0-9]+ /NodeList/1/\\$ns3::PfhooksIpInstance/Ipv4Drop/FORWARDING/"
                    "every4 ns3::Ipv4Header \\(.*10\\.1\\.1\\.1 > 10\\.1\\.2\\.2\\) "
                    "ns3::UdpHeader \\(length: 108 49153 > 9\\) .*");
    for (const std::string& l : d)
    {
        EXPECT_TRUE(std::regex_match(l, form)) << l;
    }
}

} // namespace
