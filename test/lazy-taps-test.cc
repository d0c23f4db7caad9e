/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The taps' traffic-control wrapper is in a node's interfaces only while
 * the seams have work (a hook, a halted zone, a packet to skip): hooks
 * added and removed mid-run see exactly the packets that pass while they
 * are there, and no packet is lost or reordered by the swap.
 */
#include "csma-chain.h"
#include "scenario.h"

#include "ns3/applications-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-hook-event.h"

#include <gtest/gtest.h>
#include <map>
#include <string>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

std::map<std::string, uint32_t> g_calls; //!< hook calls by event

int
Count(PacketHookContext& ctx)
{
    g_calls[ctx.GetEventName()]++;
    return 0;
}

/// A UDP flood 0 -> 2 through the router, 1 ms apart, seen arriving.
struct Flood
{
    CsmaChain c;
    Ipv4InterfaceContainer i01;
    Ipv4InterfaceContainer i12;
    std::vector<uint32_t> seqs; //!< sequence numbers as they arrive at node 2

    Flood()
    {
        NumberChain4(c.d01, "10.1.1.0", c.d12, "10.1.2.0", &i01, &i12);
        PfhooksHelper().Install(c.nodes);
        UdpServerHelper server(9);
        ApplicationContainer s = server.Install(c.nodes.Get(2));
        s.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Flood::OnRx, this));
        UdpClientHelper client(i12.GetAddress(1), 9);
        client.SetAttribute("MaxPackets", UintegerValue(2000));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(1)));
        client.SetAttribute("PacketSize", UintegerValue(512));
        ApplicationContainer a = client.Install(c.nodes.Get(0));
        a.Start(Seconds(1));
        // One datagram first, so that both hops have resolved ARP (whose
        // request jitter would otherwise drop the flood's first ones).
        UdpClientHelper warm(i12.GetAddress(1), 10);
        warm.SetAttribute("MaxPackets", UintegerValue(1));
        warm.Install(c.nodes.Get(0)).Start(Seconds(0.5));
    }

    void OnRx(Ptr<const Packet> p)
    {
        SeqTsHeader h;
        p->PeekHeader(h);
        seqs.push_back(h.GetSeq());
    }

    Ptr<PfhooksNodeTap> Tap(uint32_t i) const
    {
        return PfhooksHelper::GetInstance(c.nodes.Get(i))->GetTap();
    }
};

const char* const kEvents[] = {NH_PHYSICAL_IN, NH_FORWARDING, NH_PHYSICAL_OUT};

TEST(LazyTaps, HooksAddedAndRemovedMidRunSeeExactlyTheirPacketsAndLoseNone)
{
    g_calls.clear();
    Flood f;
    Ptr<PfhooksIpInstance> router = PfhooksHelper::GetInstance(f.c.nodes.Get(1));
    std::vector<bool> active;
    auto look = [&]() {
        for (uint32_t i = 0; i < 3; i++)
        {
            active.push_back(f.Tap(i)->IsActive());
        }
    };
    // Datagram k leaves node 0 at 1 s + k ms and is at the router about
    // 50 us later: the hooks are there for k = 501 .. 1500.
    Simulator::Schedule(Seconds(1.2), look);
    Simulator::Schedule(Seconds(1.5005), [&]() {
        for (const char* e : kEvents)
        {
            ASSERT_EQ(router->AddPacketHook(NHF_INET, e, "count", MakeCallback(&Count)), 0);
        }
        look();
    });
    Simulator::Schedule(Seconds(2.5005), [&]() {
        for (const char* e : kEvents)
        {
            ASSERT_EQ(router->RemoveHook(NHF_INET, e, "count"), 0);
        }
        look();
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    Simulator::Destroy();

    for (const char* e : kEvents)
    {
        EXPECT_EQ(g_calls[e], 1000u) << e;
    }
    ASSERT_EQ(f.seqs.size(), 2000u);
    for (uint32_t k = 0; k < f.seqs.size(); k++)
    {
        ASSERT_EQ(f.seqs[k], k) << "arrived out of order or lost";
    }
    // Idle, then only the router while it has hooks, then idle again.
    EXPECT_EQ(active,
              (std::vector<bool>{false, false, false, false, true, false, false, false, false}));
}

TEST(LazyTaps, HaltAndPacketsToSkipKeepTheSeamsActiveWithoutHooks)
{
    Flood f;
    Ptr<PfhooksNodeTap> tap = f.Tap(0);
    EXPECT_FALSE(tap->IsActive());
    tap->SkipHooksOnce(424242);
    EXPECT_TRUE(tap->IsActive());
    tap->ForgetSkip(424242);
    EXPECT_FALSE(tap->IsActive());
    tap->SetHalted(true);
    EXPECT_TRUE(tap->IsActive());
    tap->SetHalted(false);
    EXPECT_FALSE(tap->IsActive());
    // A stopped instance's hooks run nowhere: its seams idle.
    Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(f.c.nodes.Get(0));
    ASSERT_EQ(ip->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "count", MakeCallback(&Count)), 0);
    EXPECT_TRUE(tap->IsActive());
    ip->Stop();
    EXPECT_FALSE(tap->IsActive());
    Simulator::Destroy();
}

int g_changes = 0; //!< SetHooksChanged calls

void
OnHooksChanged(PfhooksHookEvent*)
{
    g_changes++;
}

TEST(LazyTaps, TheHookLayerTellsOfAnEventsFirstAndLastHookOnly)
{
    Flood f;
    Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(f.c.nodes.Get(0));
    PfhooksHookEvent::SetHooksChanged(&OnHooksChanged);
    g_changes = 0;
    ASSERT_EQ(ip->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "a", MakeCallback(&Count)), 0);
    ASSERT_EQ(ip->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "b", MakeCallback(&Count)), 0);
    EXPECT_EQ(g_changes, 1);
    ASSERT_EQ(ip->RemoveHook(NHF_INET, NH_PHYSICAL_OUT, "a"), 0);
    EXPECT_EQ(g_changes, 1);
    ASSERT_EQ(ip->RemoveHook(NHF_INET, NH_PHYSICAL_OUT, "b"), 0);
    EXPECT_EQ(g_changes, 2);
    // Put the instances' own listener back (any new instance sets it too).
    Ptr<PfhooksIpInstance> fresh = CreateObject<PfhooksIpInstance>();
    ASSERT_EQ(ip->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "c", MakeCallback(&Count)), 0);
    EXPECT_EQ(g_changes, 2);
    EXPECT_TRUE(f.Tap(0)->IsActive());
    Simulator::Destroy();
}

} // namespace
