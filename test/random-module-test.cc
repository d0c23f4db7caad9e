/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The randomising module (issue 16 point 2): a hook on every packet event
 * of every node that, at random with a fixed seed, accepts, drops,
 * rewrites, truncates, replaces, injects (queued in and out, direct out) or
 * removes and registers a hook again from inside the hook, while one node's
 * zone keeps halting and booting.  Pass: the run ends (a watchdog on CPU time
 * fails a hang), the hooks ran, and every drop is counted: the drops of each
 * event are the hooks' own plus the framework's, each with its reason.
 * The sanitizer build adds: no leak, no bad access.
 */
#include "cpu-watchdog.h"
#include "csma-chain.h"
#include "scenario.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-module.h"

#include <arpa/inet.h>
#include <cstring>
#include <gtest/gtest.h>
#include <iostream>
#include <random>
#include <unistd.h>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

std::mt19937 g_rng;
std::vector<Ptr<PfhooksIpInstance>> g_ips;
uint64_t g_calls = 0;
uint64_t g_hookDrops = 0;
uint64_t g_injected = 0;
uint64_t g_reregistered = 0;

const char* const kEvents[] = {NH_PHYSICAL_IN,
                               NH_PHYSICAL_OUT,
                               NH_FORWARDING,
                               NH_LOOPBACK_IN,
                               NH_LOOPBACK_OUT};

uint32_t
Draw(uint32_t n)
{
    return std::uniform_int_distribution<uint32_t>(0, n - 1)(g_rng);
}

int Random(PacketHookContext& ctx);

/// \return the instance whose hook runs (null outside a node's context: at boot)
Ptr<PfhooksIpInstance>
Current()
{
    uint32_t n = Simulator::GetContext();
    return n < g_ips.size() ? g_ips[n] : nullptr;
}

/// Registers the random hook on every event of every running instance that lacks it.
void
RegisterAll()
{
    for (const auto& ip : g_ips)
    {
        for (const char* f : {NHF_INET, NHF_INET6})
        {
            for (const char* e : kEvents)
            {
                ip->AddPacketHook(f, e, "random", MakeCallback(&Random)); // EEXIST, ESHUTDOWN: fine
            }
        }
        for (const char* e : {NH_PHYSICAL_IN, NH_PHYSICAL_OUT})
        {
            ip->AddPacketHook(NHF_ARP, e, "random", MakeCallback(&Random));
        }
    }
}

/// Injects a copy of the packet in a random style on the instance running the hook.
void
Inject(PacketHookContext& ctx, hook_pkt_event_t* hpe)
{
    Ptr<PfhooksIpInstance> ip = Current();
    net_handle_t h =
        ip ? net_protocol_lookup(ip->GetNetid(), ctx.GetFamilyName().c_str()) : nullptr;
    if (h == nullptr)
    {
        return;
    }
    net_inject_t ni{};
    ni.ni_packet = copymsg(*hpe->hpe_mp);
    const uint8_t* b = ni.ni_packet->b_rptr;
    inject_t style = NI_QUEUE_OUT;
    switch (Draw(3))
    {
    case 0:
        style = NI_QUEUE_IN;
        ni.ni_physical = hpe->hpe_ifp != 0 ? hpe->hpe_ifp : hpe->hpe_ofp;
        break;
    case 1:
        style = NI_DIRECT_OUT; // to the datagram's destination, on its interface
        ni.ni_physical = hpe->hpe_ofp != 0 ? hpe->hpe_ofp : hpe->hpe_ifp;
        if (ctx.GetFamilyName() == NHF_INET)
        {
            auto* sin = reinterpret_cast<struct sockaddr_in*>(&ni.ni_addr);
            sin->sin_family = AF_INET;
            std::memcpy(&sin->sin_addr, b + 16, 4);
        }
        else
        {
            auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(&ni.ni_addr);
            sin6->sin6_family = AF_INET6;
            std::memcpy(&sin6->sin6_addr, b + 24, 16);
        }
        break;
    default:
        break;
    }
    if (net_inject(h, style, &ni) == -1)
    {
        freemsg(ni.ni_packet); // not taken: still ours
    }
    else
    {
        ++g_injected;
    }
    net_protocol_release(h);
}

int
Random(PacketHookContext& ctx)
{
    ++g_calls;
    hook_pkt_event_t* hpe = ctx.GetRaw();
    const bool ip = ctx.GetFamilyName() != NHF_ARP;
    switch (Draw(16))
    {
    case 0: // drop
        ++g_hookDrops;
        return 1;
    case 1: // rewrite a byte past the IP header, checksums made right
        if (ip && ctx.GetSize() > 48)
        {
            ctx.GetBytes()[40 + Draw(ctx.GetSize() - 40)] ^= 0x5a;
            ctx.FixChecksums();
        }
        return 0;
    case 2: { // truncate: a shorter message in place of the original
        uint32_t len = ctx.GetSize();
        const uint8_t* b = ctx.GetBytes();
        uint32_t n = Draw(len + 1);
        mblk_t* fresh = allocb(n > 0 ? n : 1, 0);
        std::memcpy(fresh->b_wptr, b, n);
        fresh->b_wptr += n;
        freemsg(*hpe->hpe_mp);
        *hpe->hpe_mp = fresh;
        hpe->hpe_mb = fresh;
        hpe->hpe_hdr = fresh->b_rptr;
        return 0;
    }
    case 3: // replace with a copy of itself
        ctx.Replace(ctx.GetPacket()->Copy());
        return 0;
    case 4:
        if (ip)
        {
            Inject(ctx, hpe);
        }
        return 0;
    case 5: { // unregister this hook from inside it, and register it again
        Ptr<PfhooksIpInstance> inst = Current();
        std::string f = ctx.GetFamilyName();
        std::string e = ctx.GetEventName();
        if (inst && inst->RemoveHook(f, e, "random") == 0 &&
            inst->AddPacketHook(f, e, "random", MakeCallback(&Random)) == 0)
        {
            ++g_reregistered;
        }
        return 0;
    }
    default:
        return 0;
    }
}

} // namespace

TEST(RandomModule, DropsRewritesTruncatesReplacesInjectsReregistersWithZonesChurning)
{
    pfhooks_test::CpuWatchdog watchdog(170); // a hang ends the test as a failure
    g_rng.seed(16);
    g_calls = g_hookDrops = g_injected = g_reregistered = 0;
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    CsmaChain chain("100Mbps");
    NodeContainer& nodes = chain.nodes;
    const NetDeviceContainer& d01 = chain.d01;
    const NetDeviceContainer& d12 = chain.d12;
    Ipv4InterfaceContainer i01, i12;
    NumberChain4(d01, "10.1.1.0", d12, "10.1.2.0", &i01, &i12);
    Ipv6InterfaceContainer j01, j12;
    NumberChain6(d01, "2001:1::", d12, "2001:2::", &j01, &j12);
    g_ips.clear();
    for (uint32_t n = 0; n < nodes.GetN(); ++n)
    {
        g_ips.push_back(PfhooksHelper().Install(nodes.Get(n)));
    }
    RegisterAll();
    // A zone that boots again lost its hooks: put them back every 50 ms.
    for (uint32_t k = 1; k < 160; ++k)
    {
        Simulator::Schedule(MilliSeconds(50 * k), &RegisterAll);
    }
    Ptr<PfhooksZoneChurn> churn =
        CreateObjectWithAttributes<PfhooksZoneChurn>("Start",
                                                     TimeValue(Seconds(1.5)),
                                                     "Stop",
                                                     TimeValue(Seconds(7)),
                                                     "Period",
                                                     TimeValue(MilliSeconds(400)));
    EXPECT_GT(churn->Schedule(NodeContainer(nodes.Get(2))), 4u);

    ApplicationContainer apps;
    for (Address to : {Address(InetSocketAddress(i12.GetAddress(1), 9)),
                       Address(Inet6SocketAddress(j12.GetAddress(1, 1), 9))})
    {
        OnOffHelper onoff("ns3::UdpSocketFactory", to);
        onoff.SetConstantRate(DataRate("2Mbps"), 1400);
        apps.Add(onoff.Install(nodes.Get(0)));
    }
    PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    apps.Add(sink.Install(nodes.Get(2)));
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(i12.GetAddress(1), 80));
    apps.Add(bulk.Install(nodes.Get(0)));
    PacketSinkHelper tcpSink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 80));
    apps.Add(tcpSink.Install(nodes.Get(2)));
    for (Ipv4Address to : {i12.GetAddress(1), i01.GetAddress(0)}) // and to itself: loopback
    {
        Ptr<PfhooksEchoPinger> pinger = CreateObject<PfhooksEchoPinger>();
        pinger->SetAttribute("Remote", Ipv4AddressValue(to));
        pinger->SetAttribute("Interval", TimeValue(MilliSeconds(5)));
        pinger->SetAttribute("Count", UintegerValue(0));
        nodes.Get(0)->AddApplication(pinger);
        apps.Add(pinger);
    }
    apps.Start(Seconds(1));
    apps.Stop(Seconds(7));
    Simulator::Stop(Seconds(8));
    Simulator::Run();

    uint64_t dropped = 0;
    uint64_t reasons = 0;
    for (const auto& ip : g_ips)
    {
        for (const auto& [why, count] : ip->GetDropReasons())
        {
            reasons += count;
        }
        for (int f = 0; f < PFH_NFAMILIES; ++f)
        {
            for (int e = 0; e < PFH_NEVENTS; ++e)
            {
                dropped +=
                    ip->GetCounters(static_cast<PfhooksFamily>(f), static_cast<PfhooksEvent>(e))
                        .dropped;
            }
        }
    }
    g_ips.clear();
    Simulator::Destroy();
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    std::cout << "hook calls " << g_calls << ", hook drops " << g_hookDrops << ", framework drops "
              << reasons << ", injected " << g_injected << ", re-registered " << g_reregistered
              << std::endl;
    EXPECT_GT(g_calls, 5000u);
    EXPECT_GT(g_injected, 100u);
    EXPECT_GT(g_reregistered, 100u);
    EXPECT_GT(reasons, 0u) << "truncations the framework dropped";
    EXPECT_EQ(dropped, g_hookDrops + reasons) << "every drop counted, on its event";
}
