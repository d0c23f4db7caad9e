/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Every hook point with real IPv4 and IPv6 traffic through a router: a
 * hook that drops the UDP datagrams of its family at that point stops them
 * reaching the server's application (and only them); an observer changes
 * nothing.  And the hint and notify rules on every event of every family.
 */
#include "scenario.h"

#include <gtest/gtest.h>
#include <string>
#include <tuple>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

uint32_t g_dropped = 0;

/// Drops UDP to port 9 (IPv4 or IPv6, no extension headers here).
int
DropUdp9(PacketHookContext& ctx)
{
    const uint8_t* b = ctx.GetBytes();
    bool v6 = (b[0] >> 4) == 6;
    size_t hl = v6 ? 40 : (b[0] & 0x0f) * 4u;
    uint8_t proto = v6 ? b[6] : b[9];
    if (proto == 17 && ctx.GetSize() >= hl + 4 && ((b[hl + 2] << 8) | b[hl + 3]) == 9)
    {
        g_dropped++;
        return 1;
    }
    return 0;
}

uint32_t g_observed = 0;

void
CountUdp(const ObservedPacket& p)
{
    const uint8_t* b = p.GetBytes();
    g_observed += ((b[0] >> 4) == 6 ? b[6] : b[9]) == 17;
}

struct Point
{
    const char* family;
    const char* event;
    uint32_t node; // where the hook goes
};

class HookPointTest : public ::testing::TestWithParam<Point>
{
};

TEST_P(HookPointTest, DropStopsOnlyItsFamily)
{
    const Point& pt = GetParam();
    g_dropped = 0;
    g_observed = 0;
    DualChain c;
    const bool v6 = std::string(pt.family) == NHF_INET6;
    const bool loop = std::string(pt.event).find("LOOPBACK") != std::string::npos;
    const bool observe = std::string(pt.event) == NH_OBSERVING;
    if (observe)
    {
        ASSERT_EQ(c.Ip(pt.node)->AddObserveHook(pt.family, "count", MakeCallback(&CountUdp)), 0);
    }
    else
    {
        ASSERT_EQ(
            c.Ip(pt.node)->AddPacketHook(pt.family, pt.event, "drop", MakeCallback(&DropUdp9)),
            0);
    }
    if (loop)
    {
        // The server talks to itself over both versions.
        for (Address to : {Address(InetSocketAddress(c.v4b.GetAddress(1), 9)),
                           Address(Inet6SocketAddress(c.v6b.GetAddress(1, 1), 9))})
        {
            UdpClientHelper cl(to, 9);
            cl.SetAttribute("MaxPackets", UintegerValue(10));
            cl.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
            cl.Install(c.nodes.Get(2)).Start(Seconds(2));
        }
    }
    else
    {
        c.Traffic(10);
    }
    c.Run();
    if (observe)
    {
        EXPECT_EQ(c.rx4, 10u);
        EXPECT_EQ(c.rx6, 10u);
        EXPECT_EQ(g_observed, pt.node == 1 ? 20u : 10u); // the router: in and out
        return;
    }
    EXPECT_EQ(g_dropped, 10u);
    EXPECT_EQ(v6 ? c.rx6 : c.rx4, 0u);
    EXPECT_EQ(v6 ? c.rx4 : c.rx6, 10u); // the other version is untouched
    PfhooksFamily f = v6 ? PFH_INET6 : PFH_INET;
    uint64_t dropped = 0;
    for (int e = 0; e < PFH_NEVENTS; e++)
    {
        if (PfhooksIpInstance::EventName(static_cast<PfhooksEvent>(e)) == std::string(pt.event))
        {
            dropped = c.Ip(pt.node)->GetCounters(f, static_cast<PfhooksEvent>(e)).dropped;
        }
    }
    EXPECT_EQ(dropped, 10u);
}

INSTANTIATE_TEST_SUITE_P(AllPoints,
                         HookPointTest,
                         ::testing::Values(Point{NHF_INET, NH_PHYSICAL_OUT, 0},
                                           Point{NHF_INET, NH_PHYSICAL_IN, 1},
                                           Point{NHF_INET, NH_FORWARDING, 1},
                                           Point{NHF_INET, NH_PHYSICAL_OUT, 1},
                                           Point{NHF_INET, NH_PHYSICAL_IN, 2},
                                           Point{NHF_INET, NH_LOOPBACK_OUT, 2},
                                           Point{NHF_INET, NH_LOOPBACK_IN, 2},
                                           Point{NHF_INET, NH_OBSERVING, 1},
                                           Point{NHF_INET, NH_OBSERVING, 2},
                                           Point{NHF_INET6, NH_PHYSICAL_OUT, 0},
                                           Point{NHF_INET6, NH_PHYSICAL_IN, 1},
                                           Point{NHF_INET6, NH_FORWARDING, 1},
                                           Point{NHF_INET6, NH_PHYSICAL_OUT, 1},
                                           Point{NHF_INET6, NH_PHYSICAL_IN, 2},
                                           Point{NHF_INET6, NH_LOOPBACK_OUT, 2},
                                           Point{NHF_INET6, NH_LOOPBACK_IN, 2},
                                           Point{NHF_INET6, NH_OBSERVING, 1},
                                           Point{NHF_INET6, NH_OBSERVING, 2}),
                         [](const ::testing::TestParamInfo<Point>& i) {
                             return std::string(i.param.family) + "_" + i.param.event + "_node" +
                                    std::to_string(i.param.node);
                         });

// ---- the hint and notify rules on every event of every family ----

int
Nop(hook_event_token_t, hook_data_t, void*)
{
    return 0;
}

std::vector<std::string> g_notes;

int
Note(hook_notify_cmd_t cmd, void*, const char* a, const char* b, const char* c)
{
    g_notes.push_back(std::string(cmd == HN_REGISTER ? "R " : "U ") + a + " " + b + " " + c);
    return 0;
}

hook_t
Hook(const char* name, hook_hint_t hint, const char* other = nullptr)
{
    hook_t h{};
    h.h_version = HOOK_VERSION;
    h.h_name = const_cast<char*>(name);
    h.h_func = &Nop;
    h.h_hint = hint;
    h.h_hintvalue = reinterpret_cast<uintptr_t>(other);
    return h;
}

TEST(HookRulesAllFamilies, HintsAndNotifyHoldOnEveryEvent)
{
    Scenario s;
    netid_t id = s.Ip(1)->GetNetid();
    uint32_t checked = 0;
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        const char* fam = PfhooksIpInstance::FamilyName(static_cast<PfhooksFamily>(f));
        net_handle_t h = net_protocol_lookup(id, fam);
        ASSERT_NE(h, nullptr);
        for (int e = 0; e < PFH_NEVENTS; e++)
        {
            Ptr<PfhooksHookEvent> ev =
                s.Ip(1)->GetEvent(static_cast<PfhooksFamily>(f), static_cast<PfhooksEvent>(e));
            if (!ev)
            {
                continue; // ARP has three events
            }
            checked++;
            char* event =
                const_cast<char*>(PfhooksIpInstance::EventName(static_cast<PfhooksEvent>(e)));
            SCOPED_TRACE(std::string(fam) + "/" + event);
            g_notes.clear();
            ASSERT_EQ(net_event_notify_register(h, event, &Note, nullptr), 0);
            hook_t a = Hook("a", HH_NONE);
            hook_t first = Hook("first", HH_FIRST);
            hook_t last = Hook("last", HH_LAST);
            hook_t b = Hook("b", HH_BEFORE, "a");
            hook_t c = Hook("c", HH_AFTER, "a");
            hook_t first2 = Hook("first2", HH_FIRST);
            hook_t last2 = Hook("last2", HH_LAST);
            hook_t bad = Hook("bad", static_cast<hook_hint_t>(9));
            EXPECT_EQ(net_hook_register(h, event, &last), 0);
            EXPECT_EQ(net_hook_register(h, event, &a), 0);
            EXPECT_EQ(net_hook_register(h, event, &first), 0);
            EXPECT_EQ(net_hook_register(h, event, &c), 0);
            EXPECT_EQ(net_hook_register(h, event, &b), 0);
            EXPECT_EQ(net_hook_register(h, event, &first2), EBUSY);
            EXPECT_EQ(net_hook_register(h, event, &last2), EBUSY);
            EXPECT_EQ(net_hook_register(h, event, &a), EEXIST);
            EXPECT_EQ(net_hook_register(h, event, &bad), EINVAL);
            EXPECT_EQ(ev->GetHookNames(),
                      (std::vector<std::string>{"first", "b", "a", "c", "last"}));
            EXPECT_EQ(ev->GetHooksAdded(), 5u);
            for (hook_t* x : {&a, &b, &c, &first, &last})
            {
                EXPECT_EQ(net_hook_unregister(h, event, x), 0);
            }
            EXPECT_EQ(net_hook_unregister(h, event, &a), ENXIO);
            EXPECT_EQ(ev->GetHooksRemoved(), 5u);
            EXPECT_EQ(net_event_notify_unregister(h, event, &Note), 0);
            EXPECT_EQ(net_event_notify_unregister(h, event, &Note), ESRCH);
            std::string pre = std::string(fam) + " " + event + " ";
            EXPECT_EQ(g_notes,
                      (std::vector<std::string>{"R " + pre + "last",
                                                "R " + pre + "a",
                                                "R " + pre + "first",
                                                "R " + pre + "c",
                                                "R " + pre + "b",
                                                "U " + pre + "a",
                                                "U " + pre + "b",
                                                "U " + pre + "c",
                                                "U " + pre + "first",
                                                "U " + pre + "last"}));
        }
        net_protocol_release(h);
    }
    EXPECT_EQ(checked, 17u); // 7 + 7 + 3
}

} // namespace
