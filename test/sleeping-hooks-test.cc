/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Packet hooks that sleep (delay(), drv_usecwait()), as illumos's ipd holds
 * packets: the packet waits that simulated time, then goes on through the
 * rest of the hooks and the stack; others overtake it; unregistering, a
 * module unload and a zone halt wait for runs asleep.  The module is
 * test/solaris/sleepy-module.c.
 */
#include "scenario.h"

#include "ns3/pfhooks-kernel.h"
#include "ns3/pfhooks-zone-helper.h"
#include "ns3/solaris-kernel.h"
#include "ns3/solaris-module.h"

#include <gtest/gtest.h>
#include <map>
#include <string>
#include <utility>
#include <vector>

using namespace ns3;
using pfhooks_test::Scenario;

namespace
{

Ptr<SolarisModule>
Sleepy()
{
    Ptr<SolarisModule> m = CreateObject<SolarisModule>();
    m->SetPath(std::string(PFHOOKS_TEST_MODULE_DIR) + "/sleepy-module.so");
    return m;
}

/** The network, the module loaded at 0.5 s, UDP datagrams sent when asked. */
struct Sleeping : Scenario
{
    Ptr<SolarisModule> module = Sleepy();
    Ptr<Socket> socket;
    std::vector<std::pair<double, std::string>> arrivals;  // (ms since 1 s, payload tag)
    std::vector<std::pair<double, std::string>> afterHook; // a C++ hook after the module's

    explicit Sleeping(bool unloadAtEnd = true)
    {
        module->ScheduleLoad(Seconds(0.5));
        module->TraceConnectWithoutContext("Fini", MakeCallback(&Sleeping::OnFini, this));
        if (unloadAtEnd)
        {
            module->ScheduleUnload(Seconds(2.5));
        }
        socket = Socket::CreateSocket(nodes.Get(0), UdpSocketFactory::GetTypeId());
        sink.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Sleeping::OnArrival, this));
    }

    /** Sends "<cmd><ms><tag>" from the client at `at` seconds. */
    void SendAt(double at, char cmd, uint8_t ms, char tag)
    {
        Simulator::Schedule(Seconds(at), [this, cmd, ms, tag]() {
            uint8_t payload[16] = {};
            payload[0] = static_cast<uint8_t>(cmd);
            payload[1] = ms;
            payload[2] = static_cast<uint8_t>(tag);
            socket->SendTo(Create<Packet>(payload, sizeof(payload)),
                           0,
                           InetSocketAddress(i12.GetAddress(1), 9));
        });
    }

    void OnArrival(Ptr<const Packet> p, const Address&)
    {
        uint8_t b[3];
        p->CopyData(b, 3);
        arrivals.emplace_back((Simulator::Now() - Seconds(1)).GetMicroSeconds() / 1000.0,
                              std::string(1, static_cast<char>(b[2])));
    }

    /** The module's counters, read when its _fini is done (still mapped). */
    std::map<std::string, int> globals;

    void OnFini(Ptr<SolarisModule> m)
    {
        for (const char* g : {"sleepy_sleeps", "sleepy_in_done", "sleepy_out_done"})
        {
            globals[g] = *static_cast<int*>(m->LookupSymbol(g));
        }
    }

    int Read(const char* global)
    {
        return globals.count(global) ? globals[global] : -1;
    }
};

Sleeping* g_s = nullptr;

int
AfterModule(PacketHookContext& ctx)
{
    const uint8_t* ip = ctx.GetBytes();
    if (ip != nullptr && ctx.GetSize() >= 31 && ip[9] == 17)
    {
        g_s->afterHook.emplace_back((Simulator::Now() - Seconds(1)).GetMicroSeconds() / 1000.0,
                                    std::string(1, static_cast<char>(ip[30])));
    }
    return 0;
}

TEST(SleepingHooksTest, TheModuleIsKnownToSleep)
{
    Ptr<SolarisModule> m = Sleepy();
    ASSERT_EQ(m->Load(), 0);
    EXPECT_TRUE(m->MaySleep());
    EXPECT_EQ(m->Unload(), 0);
    Ptr<SolarisModule> bad = CreateObject<SolarisModule>();
    bad->SetPath(std::string(PFHOOKS_TEST_MODULE_DIR) + "/bad-module.so");
    ASSERT_EQ(bad->Load(), 0);
    EXPECT_FALSE(bad->MaySleep()); // its hooks run on the simulator's stack
    bad->Unload();
    Simulator::Run();
    Simulator::Destroy();
}

TEST(SleepingHooksTest, DelayHoldsThePacketAndLaterOnesOvertakeIt)
{
    Sleeping s;
    g_s = &s;
    Simulator::Schedule(Seconds(0.9), [&]() {
        ASSERT_EQ(s.Ip(2)->AddPacketHook(NHF_INET,
                                         NH_PHYSICAL_IN,
                                         "after",
                                         MakeCallback(&AfterModule),
                                         HH_LAST),
                  0);
    });
    // Held in the router's and then the server's PHYSICAL_IN.
    s.SendAt(1.000, 'I', 30, 'A'); // delay(): 30 ms each
    s.SendAt(1.005, '-', 0, 'B');  // not held
    s.SendAt(1.010, 'i', 10, 'C'); // drv_usecwait(): 10 ms each
    s.Run();
    ASSERT_EQ(s.arrivals.size(), 3u);
    EXPECT_EQ(s.arrivals[0].second, "B");
    EXPECT_EQ(s.arrivals[1].second, "C");
    EXPECT_EQ(s.arrivals[2].second, "A");
    // B took the links' time alone; A and C that plus their sleeps.
    double links = s.arrivals[0].first - 5;
    EXPECT_GT(links, 2.0);
    EXPECT_LT(links, 3.0);
    EXPECT_NEAR(s.arrivals[1].first, 10 + links + 2 * 10, 0.01);
    EXPECT_NEAR(s.arrivals[2].first, links + 2 * 30, 0.01);
    // The rest of the server's hook list ran after the sleep, then the stack.
    ASSERT_EQ(s.afterHook.size(), 3u);
    EXPECT_EQ(s.afterHook[2].second, "A");
    EXPECT_EQ(s.afterHook[2].first, s.arrivals[2].first);
    EXPECT_EQ(s.Read("sleepy_sleeps"), 4);
    PfhooksIpInstance::Counters c = s.Ip(2)->GetCounters(PFH_INET, PFH_PHYSICAL_IN);
    EXPECT_EQ(c.accepted, 3u);
    EXPECT_EQ(c.dropped, 0u);
}

TEST(SleepingHooksTest, PhysicalOutHoldsTooWhileOthersLeave)
{
    Sleeping s;
    s.SendAt(1.000, 'O', 40, 'A'); // held in the client's PHYSICAL_OUT
    s.SendAt(1.001, '-', 0, 'B');
    s.Run();
    ASSERT_EQ(s.arrivals.size(), 2u);
    EXPECT_EQ(s.arrivals[0].second, "B");
    EXPECT_EQ(s.arrivals[1].second, "A");
    EXPECT_GT(s.arrivals[1].first, 2 * 40.0); // the client's and the router's
    // Seen by the client's and the router's PHYSICAL_OUT: 2 packets each.
    EXPECT_EQ(s.Read("sleepy_out_done"), 4);
}

TEST(SleepingHooksTest, UnloadWaitsForRunsAsleep)
{
    Sleeping s(false);
    s.SendAt(1.000, 'I', 50, 'A');
    std::string midway;
    s.module->ScheduleUnload(Seconds(1.010)); // while A sleeps in the router's hook
    Simulator::Schedule(Seconds(1.030), [&]() {
        midway = s.module->GetState() == SolarisModule::UNLOADED ? "unloaded" : "waiting";
    });
    s.Run();
    EXPECT_EQ(midway, "waiting");
    EXPECT_EQ(s.module->GetState(), SolarisModule::UNLOADED);
    ASSERT_EQ(s.arrivals.size(), 1u); // A finished its hooks and went on
    EXPECT_TRUE(s.module->GetLeaks().empty()) << s.module->GetReport();
}

TEST(SleepingHooksTest, ZoneHaltWaitsForRunsAsleep)
{
    Sleeping s;
    Ptr<PfhooksZone> zone = PfhooksZoneHelper::Install(s.nodes.Get(1), true);
    s.SendAt(1.000, 'I', 50, 'A');
    ASSERT_EQ(zone->ScheduleHalt(Seconds(1.010)), 0); // A asleep in the router's hook
    netid_t before = -1;
    Simulator::Schedule(Seconds(1.030), [&]() { before = s.Ip(1)->GetNetid(); });
    s.Run();
    // Still running 20 ms into the halt: A's hook was asleep.
    EXPECT_GE(before, 0);
    ASSERT_EQ(zone->GetHistory().size(), 2u);
    Time halted = zone->GetHistory()[1].when;
    EXPECT_GT(halted, Seconds(1.050));
    EXPECT_LT(halted, Seconds(1.060));
    EXPECT_EQ(s.Ip(1)->GetNetid(), -1);
    // A went on into a halted host: dropped there, never delivered.
    EXPECT_TRUE(s.arrivals.empty());
    EXPECT_EQ(zone->GetHaltedRxDrops(), 1u);
}

TEST(SleepingHooksTest, UnregisterFromTheSimulatorStackDoesNotWait)
{
    Sleeping s;
    s.SendAt(1.000, 'I', 30, 'A');
    int rv = -1;
    Simulator::Schedule(Seconds(1.010), [&]() {
        // The router's hook, asleep on A now.
        net_handle_t h = net_protocol_lookup(s.Ip(1)->GetNetid(), NHF_INET);
        hook_t hook{};
        hook.h_name = const_cast<char*>("sleepy_in");
        rv = net_hook_unregister(h, const_cast<char*>(NH_PHYSICAL_IN), &hook);
        net_protocol_release(h);
    });
    s.SendAt(1.015, 'I', 30, 'B'); // not held by the router (only by the server)
    s.Run();
    EXPECT_EQ(rv, 0);
    ASSERT_EQ(s.arrivals.size(), 2u);
    EXPECT_EQ(s.arrivals[0].second, "B");
    EXPECT_EQ(s.arrivals[1].second, "A"); // its run finished on its own
}

} // namespace

namespace
{
int
SleepInForwarding(PacketHookContext&)
{
    pfhooks_delay(1);
    return 0;
}
} // namespace

TEST(SleepingHooksDeathTest, SleepingOutsidePhysicalInOrOutPanicsSayingWhere)
{
    // illumos would let a FORWARDING hook block (it runs on the receiving
    // thread, as PHYSICAL_IN does); pfhooks holds packets only at
    // PHYSICAL_IN/OUT and says so (doc/semantics.md).
    EXPECT_DEATH(
        {
            Scenario s;
            s.Ip(1)->AddPacketHook(NHF_INET,
                                   NH_FORWARDING,
                                   "sleeps",
                                   MakeCallback(&SleepInForwarding));
            s.Traffic(1);
            s.Run();
        },
        "delay\\(\\) called on the simulator's stack, in a packet hook: pfhooks lets hooks "
        "sleep only at PHYSICAL_IN and PHYSICAL_OUT");
}
