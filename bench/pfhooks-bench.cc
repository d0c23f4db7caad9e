/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What hooks cost, against plain ns-3 in the same process.
 *
 * Traffic: a chain (node 0 sends to node N-1 through N-2 routers) or a star
 * (a hub and N-1 leaves; leaf i sends to leaf i+1, the last to the first,
 * so every datagram crosses the hub) over point-to-point links (CSMA for
 * the ARP variants), a UDP flood of `packets` fixed-size datagrams in all,
 * fixed seed and random streams.  Each variant runs R times, interleaved;
 * the median wall time of Simulator::Run is reported with its ratio to its
 * baseline (plain ns-3 with the same addresses and links) from the same
 * process.  Every run of a variant must deliver, drop and call hooks
 * alike, and as many times as the workload implies.
 *
 * The variants (their hooks, the rewrite floor) are in
 * pfhooks-bench-variants.cc.
 *
 * Lifecycle (pfhooks-bench-lifecycle.cc): creating, destroying, registering
 * hooks on thousands of IP instances, their memory, and the seed module
 * full.c's recall cycle.
 *
 *   pfhooks-bench [--topology=chain|star] [--nodes=8] [--packets=20000] [--size=512]
 *                 [--runs=5] [--only=VARIANT] [--instances=10000] [--recall-nodes=100]
 *                 [--recall-seconds=2] [--module=full.so] [--skip-traffic] [--skip-lifecycle]
 *                 [--install-only] [--quick]
 */
#include "pfhooks-bench-common.h"
#include "pfhooks-bench-variants.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-kmem-debug.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/point-to-point-module.h"
#include "ns3/solaris-kernel.h"
#include "ns3/solaris-module.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <vector>

using namespace ns3;
using namespace pfhooks_bench;

namespace
{

struct Options
{
    std::string topology{"chain"};
    uint32_t nodes{8};
    uint32_t packets{20000};
    uint32_t size{512};
    std::string flowmon{"off"}; //!< off, ns3 (FlowMonitor everywhere), pfhooks (and its probe)
};

struct Result
{
    double wall;
    uint64_t rx;
    uint64_t events;
    uint64_t dropped;   //!< packets pfhooks dropped (every family and event)
    uint64_t hookCalls; //!< event runs that had hooks (accepted + rewritten + dropped)
};

uint64_t g_rx = 0;

void
OnRx(Ptr<const Packet>, const Address&)
{
    g_rx++;
}

/** Links each pair with p2p or CSMA and gives it its own subnet. */
struct Topology
{
    NodeContainer nodes;
    std::vector<std::pair<uint32_t, uint32_t>> links; //!< node indices
    std::vector<Ipv4InterfaceContainer> v4;           //!< per link
    std::vector<Ipv6InterfaceContainer> v6;           //!< per link
    std::vector<std::pair<uint32_t, uint32_t>> flows; //!< sender, receiver
};

/** \return the routers a datagram of a flow crosses (FORWARDING runs) */
uint32_t
RoutersPerPacket(const Options& o)
{
    return o.topology == "star" ? 1 : o.nodes - 2;
}

void
Build(Topology& t, Variant v, const Options& o)
{
    uint32_t n = o.nodes;
    t.nodes.Create(n);
    bool star = o.topology == "star";
    for (uint32_t i = 1; i < n; i++)
    {
        t.links.emplace_back(star ? 0 : i - 1, i);
    }
    if (star)
    {
        for (uint32_t i = 1; i < n; i++)
        {
            t.flows.emplace_back(i, i + 1 < n ? i + 1 : 1);
        }
    }
    else
    {
        t.flows.emplace_back(0, n - 1);
    }

    // Both stacks on every node (pfhooks needs IPv4's); one of them gets addresses.
    InternetStackHelper stack;
    if (IsIpv6(v))
    {
        PfhooksHelper::ConfigureStack(stack); // the stack a pfhooks user has for IPv6
    }
    if (star)
    {
        // Routes are set below; global routing would give each of the
        // thousands of nodes of a large star one table entry per leaf.  A
        // list, as ns-3's default: IPv4 FORWARDING hooks join it.
        Ipv4StaticRoutingHelper st;
        Ipv4ListRoutingHelper list;
        list.Add(st, 0);
        stack.SetRoutingHelper(list);
    }
    stack.Install(t.nodes);
    // Fixed streams: runs in one process must not depend on what ran before.
    stack.AssignStreams(t.nodes, 100);

    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10us"));
    p2p.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("100000p"));
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("10Gbps"));
    // A LAN's 200 m: CSMA holds the channel while a frame propagates, and
    // 10 us would let it carry fewer frames than the flood offers.
    csma.SetChannelAttribute("Delay", StringValue("1us"));
    csma.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("100000p"));
    Ipv4AddressHelper a4;
    Ipv6AddressHelper a6;
    for (size_t l = 0; l < t.links.size(); l++)
    {
        NodeContainer pair(t.nodes.Get(t.links[l].first), t.nodes.Get(t.links[l].second));
        NetDeviceContainer d = IsCsma(v) ? csma.Install(pair) : p2p.Install(pair);
        if (IsCsma(v))
        {
            csma.AssignStreams(d, 1000 + 10 * l);
        }
        if (IsIpv6(v))
        {
            char base[64];
            // Not 2001:db8::/32: ns-3 does not forward the documentation prefix.
            std::snprintf(base,
                          sizeof(base),
                          "2001:1:%x:%x::",
                          uint32_t(l >> 16),
                          uint32_t(l & 0xffff));
            a6.SetBase(Ipv6Address(base), Ipv6Prefix(64));
            t.v6.push_back(a6.Assign(d));
        }
        else
        {
            std::string base =
                "10." + std::to_string(l / 250) + "." + std::to_string(l % 250) + ".0";
            a4.SetBase(base.c_str(), "255.255.255.0");
            t.v4.push_back(a4.Assign(d));
        }
    }

    if (IsIpv6(v))
    {
        // Every node forwards; a chain node's default route is the next
        // node, a leaf's the hub (which has the leaves' subnets on its links).
        Ipv6StaticRoutingHelper st;
        for (uint32_t i = 0; i < n; i++)
        {
            t.nodes.Get(i)->GetObject<Ipv6L3Protocol>()->SetAttribute("IpForward",
                                                                      BooleanValue(true));
        }
        for (size_t l = 0; l < t.links.size(); l++)
        {
            // The link's first node routes through its second (chain), the
            // leaf (second) through the hub (first) in a star.
            uint32_t from = star ? 1 : 0;
            uint32_t to = 1 - from;
            Ptr<Ipv6> ip =
                t.nodes.Get(star ? t.links[l].second : t.links[l].first)->GetObject<Ipv6>();
            st.GetStaticRouting(ip)->SetDefaultRoute(t.v6[l].GetAddress(to, 1),
                                                     t.v6[l].GetInterfaceIndex(from));
        }
    }
    else if (star)
    {
        Ipv4StaticRoutingHelper st;
        for (size_t l = 0; l < t.links.size(); l++)
        {
            Ptr<Ipv4> ip = t.nodes.Get(t.links[l].second)->GetObject<Ipv4>();
            st.GetStaticRouting(ip)->SetDefaultRoute(t.v4[l].GetAddress(0), t.v4[l].Get(1).second);
        }
    }
    else if (!IsIpv6(v))
    {
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
}

/** \return the address of a node on the link towards it (its last link) */
Address
AddressOf(const Topology& t, Variant v, uint32_t node)
{
    // Every node but the hub / the chain's head is the second end of link node-1.
    NS_ABORT_IF(node == 0);
    if (IsIpv6(v))
    {
        return Inet6SocketAddress(t.v6[node - 1].GetAddress(1, 1), 9);
    }
    return InetSocketAddress(t.v4[node - 1].GetAddress(1), 9);
}

Result
RunOnce(Variant v, const Options& o)
{
    ResetVariantCounters();
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    // ARP: an entry lives 100 us, so every link resolves again each 100 us
    // of the flood (ns-3 never refreshes an entry in use): enough ARP hook
    // calls for a per-call figure.  The request goes out at once and the
    // datagrams waiting for the reply are queued, not dropped.
    Config::SetDefault("ns3::ArpCache::AliveTimeout", TimeValue(MicroSeconds(100)));
    Config::SetDefault("ns3::ArpCache::PendingQueueSize", UintegerValue(1000));
    Config::SetDefault("ns3::ArpL3Protocol::RequestJitter",
                       StringValue("ns3::ConstantRandomVariable[Constant=0.0]"));
    // No duplicate address detection: addresses are usable at once.
    Config::SetDefault("ns3::Icmpv6L4Protocol::DAD", BooleanValue(false));

    Topology t;
    Build(t, v, o);
    if (v == REWRITE_FLOOR)
    {
        InstallRewriteFloor(t.nodes);
    }
    else if (!IsPlain(v))
    {
        PfhooksHelper().Install(t.nodes);
        AddHooks(v, t.nodes);
    }
    Ptr<SolarisModule> sleepy;
    if (v == SLEEPY_ACCEPT)
    {
        // A module that may sleep (it imports delay()): its PHYSICAL_IN and
        // PHYSICAL_OUT hooks accept this flood, each run on a kernel thread.
        sleepy = CreateObject<SolarisModule>();
        sleepy->SetPath(PFHOOKS_BENCH_SLEEPY_MODULE);
        sleepy->ScheduleLoad(Seconds(0.5));
        sleepy->ScheduleUnload(Seconds(1) + MicroSeconds(5) * (o.packets + 1) + Seconds(0.5));
    }
    // FlowMonitor in the baseline and the variant alike; the difference
    // between --flowmon=pfhooks and --flowmon=ns3 is what the probe costs.
    FlowMonitorHelper flowmon;
    if (o.flowmon != "off")
    {
        flowmon.InstallAll();
        if (o.flowmon == "pfhooks" && !WithoutPfhooks(v))
        {
            PfhooksHelper::EnableFlowMonitor(flowmon, t.nodes);
        }
    }

    // The flood: `packets` in all, evenly over the flows, one datagram
    // every 5 us on the whole (a star's leaves take turns).
    uint32_t nFlows = t.flows.size();
    for (uint32_t f = 0; f < nFlows; f++)
    {
        uint32_t count = o.packets / nFlows + (f < o.packets % nFlows ? 1 : 0);
        uint32_t to = t.flows[f].second;
        Address any = IsIpv6(v) ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), 9))
                                : Address(InetSocketAddress(Ipv4Address::GetAny(), 9));
        PacketSinkHelper sink("ns3::UdpSocketFactory", any);
        ApplicationContainer s = sink.Install(t.nodes.Get(to));
        s.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&OnRx));
        if (count == 0)
        {
            continue;
        }
        UdpClientHelper client(AddressOf(t, v, to));
        client.SetAttribute("MaxPackets", UintegerValue(count));
        client.SetAttribute("Interval", TimeValue(MicroSeconds(5) * nFlows));
        client.SetAttribute("PacketSize", UintegerValue(o.size));
        client.Install(t.nodes.Get(t.flows[f].first)).Start(Seconds(1) + MicroSeconds(5) * f);
    }
    g_rx = 0;
    Simulator::Stop(Seconds(1) + MicroSeconds(5) * (o.packets + nFlows) + Seconds(1));
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    Result r{std::chrono::duration<double>(t1 - t0).count(),
             g_rx,
             Simulator::GetEventCount(),
             0,
             0};
    if (v == REWRITE_FLOOR)
    {
        r.hookCalls = FloorRewrites(); // as many as rewrite-tos's hooks
    }
    if (!WithoutPfhooks(v))
    {
        for (int f = 0; f < PFH_NFAMILIES; f++)
        {
            for (int e = 0; e < PFH_NEVENTS; e++)
            {
                PfhooksIpInstance::Counters c =
                    PfhooksHelper::GetCounters(t.nodes,
                                               static_cast<PfhooksFamily>(f),
                                               static_cast<PfhooksEvent>(e));
                r.dropped += c.dropped;
                r.hookCalls += c.accepted + c.rewritten + c.dropped;
            }
        }
    }
    Simulator::Destroy();
    return r;
}

/**
 * \return the hook calls a variant must make for `rx` datagrams delivered,
 *         or -1 where only determinism is checked (ARP, observing)
 */
int64_t
ExpectedHookCalls(Variant v, const Options& o, uint64_t rx, uint64_t dropped)
{
    uint64_t hops = RoutersPerPacket(o) + 1;
    switch (v)
    {
    case CXX_ACCEPT:
    case C_ACCEPT:
    case REWRITE_TOS:
    case REWRITE_FLOOR:
    case V6_ACCEPT:
    case SLEEPY_ACCEPT:
        return 2 * rx * hops; // PHYSICAL_OUT and PHYSICAL_IN on every hop
    case FWD_ACCEPT:
        return rx * RoutersPerPacket(o);
    case MYPKTHOOK:
        // PHYSICAL_IN of every hop a datagram made, up to the one it died on.
        return -1;
    case OBSERVE:
    case OBSERVE_READ:
        // Outbound at the sender and every router, inbound at every router
        // and the receiver.
        return 2 * rx * hops;
    case ARP_ACCEPT:
        return -1; // as many resolutions as the cache timeout makes
    default:
        return 0;
    }
}

int
RunTraffic(const Options& o, uint32_t runs, const std::string& only, bool warmup)
{
    std::printf("# traffic: %u-node %s, %u UDP datagrams of %u bytes, median of %u runs\n",
                o.nodes,
                o.topology.c_str(),
                o.packets,
                o.size,
                runs);
    std::printf("%-16s %-15s %9s %10s %8s %10s %12s %12s %7s\n",
                "variant",
                "baseline",
                "wall_s",
                "delivered",
                "dropped",
                "hook_calls",
                "pkt_hops/s",
                "events/s",
                "ratio");
    std::vector<bool> chosen(NVARIANTS, only.empty());
    // sleepy-accept loads the test suite's sleepy-module.so: only when named.
    chosen[SLEEPY_ACCEPT] = false;
    for (int v = 0; v < NVARIANTS && !only.empty(); v++)
    {
        if (only == kNames[v])
        {
            chosen[v] = true;
            chosen[BaselineOf(static_cast<Variant>(v))] = true;
        }
    }
    if (std::find(chosen.begin(), chosen.end(), true) == chosen.end())
    {
        std::cerr << "error: no variant " << only << std::endl;
        return 2;
    }
    // Runs are interleaved (plain, idle, ..., plain, idle, ...) so that a
    // slow spell of a shared machine hits every variant alike.
    std::vector<std::vector<Result>> results(NVARIANTS);
    // One run, not counted, to warm the heap and caches: the first run of a
    // process is slower, whichever variant it is.
    if (warmup)
    {
        RunOnce(PLAIN, o);
    }
    for (uint32_t r = 0; r < runs; r++)
    {
        for (int v = 0; v < NVARIANTS; v++)
        {
            if (chosen[v])
            {
                results[v].push_back(RunOnce(static_cast<Variant>(v), o));
            }
        }
    }
    int status = 0;
    std::vector<Result> medians(NVARIANTS);
    uint32_t hopsPerPacket = RoutersPerPacket(o) + 1;
    for (int v = 0; v < NVARIANTS; v++)
    {
        std::vector<Result>& rs = results[v];
        if (rs.empty())
        {
            continue;
        }
        // Every run of a variant must deliver, drop and call alike (determinism).
        for (const auto& r : rs)
        {
            if (r.rx != rs[0].rx || r.events != rs[0].events || r.dropped != rs[0].dropped ||
                r.hookCalls != rs[0].hookCalls)
            {
                std::fprintf(stderr, "error: %s is not deterministic\n", kNames[v]);
                status = 1;
            }
        }
        std::sort(rs.begin(), rs.end(), [](const Result& a, const Result& b) {
            return a.wall < b.wall;
        });
        Result med = rs[rs.size() / 2];
        medians[v] = med;
        Variant b = BaselineOf(static_cast<Variant>(v));
        const Result& base = medians[b]; // baselines come first in the enum
        // What it should have done: all of the flood delivered, or for
        // mypkthook every datagram delivered or dropped exactly once.
        uint64_t lost = v == MYPKTHOOK ? med.dropped : 0;
        if (med.rx == 0 || med.rx + lost != base.rx || (v != MYPKTHOOK && med.dropped != 0))
        {
            std::fprintf(stderr,
                         "error: %s delivered %llu and dropped %llu, %s delivered %llu\n",
                         kNames[v],
                         (unsigned long long)med.rx,
                         (unsigned long long)med.dropped,
                         kNames[b],
                         (unsigned long long)base.rx);
            status = 1;
        }
        int64_t expect = ExpectedHookCalls(static_cast<Variant>(v), o, med.rx, med.dropped);
        if (expect >= 0 && uint64_t(expect) != med.hookCalls)
        {
            std::fprintf(stderr,
                         "error: %s ran its hooks %llu times, %lld expected\n",
                         kNames[v],
                         (unsigned long long)med.hookCalls,
                         (long long)expect);
            status = 1;
        }
        if (v == ARP_ACCEPT && med.hookCalls == 0)
        {
            std::fprintf(stderr, "error: arp-accept saw no ARP packet\n");
            status = 1;
        }
        double hops = double(med.rx) * hopsPerPacket;
        double ratio = base.wall > 0 ? med.wall / base.wall : 1.0;
        std::printf("%-16s %-15s %9.4f %10llu %8llu %10llu %12.0f %12.0f %7.3f\n",
                    kNames[v],
                    kNames[b],
                    med.wall,
                    (unsigned long long)med.rx,
                    (unsigned long long)med.dropped,
                    (unsigned long long)med.hookCalls,
                    hops / med.wall,
                    med.events / med.wall,
                    ratio);
        std::printf("{\"variant\":\"%s\",\"baseline\":\"%s\",\"topology\":\"%s\",\"nodes\":%u,"
                    "\"wall_s\":%.6f,\"delivered\":%llu,\"dropped\":%llu,\"hook_calls\":%llu,"
                    "\"events\":%llu,\"pkt_hops_per_s\":%.0f,\"events_per_s\":%.0f,"
                    "\"peak_rss_kib\":%ld,\"ratio\":%.4f}\n",
                    kNames[v],
                    kNames[b],
                    o.topology.c_str(),
                    o.nodes,
                    med.wall,
                    (unsigned long long)med.rx,
                    (unsigned long long)med.dropped,
                    (unsigned long long)med.hookCalls,
                    (unsigned long long)med.events,
                    hops / med.wall,
                    med.events / med.wall,
                    PeakRssKib(),
                    ratio);
    }
    return status;
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o;
    uint32_t runs = 5;
    uint32_t instances = 10000;
    uint32_t recallNodes = 100;
    double recallSeconds = 2;
    bool quick = false;
    bool skipTraffic = false;
    bool skipLifecycle = false;
    bool installOnly = false;
    bool warmup = true;
#ifdef PFHOOKS_BENCH_MODULE
    std::string module = PFHOOKS_BENCH_MODULE;
#else
    std::string module = "none";
#endif
    std::string only;
    CommandLine cmd(__FILE__);
    cmd.AddValue("topology", "chain or star", o.topology);
    cmd.AddValue("nodes", "nodes: chain 2..64 (hop limit), star 3..20000", o.nodes);
    cmd.AddValue("packets", "UDP datagrams sent in all (1..10000000)", o.packets);
    cmd.AddValue("size", "UDP payload bytes (12..1452)", o.size);
    cmd.AddValue("runs", "repetitions per variant (1..99), median reported", runs);
    cmd.AddValue("only", "run only this traffic variant and its baseline (e.g. idle-taps)", only);
    cmd.AddValue("instances", "IP instances for the lifecycle figures (1..100000)", instances);
    cmd.AddValue("recall-nodes", "instances full.so cycles over (1..100000)", recallNodes);
    cmd.AddValue("recall-seconds",
                 "simulated seconds of full.so's recall cycle (1..1000)",
                 recallSeconds);
    cmd.AddValue("module", "full.so for the recall cycle (none: skip it)", module);
    cmd.AddValue("skip-traffic", "only the lifecycle figures", skipTraffic);
    cmd.AddValue("skip-lifecycle", "only the traffic figures", skipLifecycle);
    cmd.AddValue(
        "install-only",
        "only PfhooksHelper::Install on --instances nodes, --runs times (bench/install.sh)",
        installOnly);
    cmd.AddValue("warmup", "one uncounted plain run first (off for instruction counts)", warmup);
    cmd.AddValue("quick", "tiny smoke run (for the test suite)", quick);
    cmd.AddValue("flowmon",
                 "off, ns3 (FlowMonitor on every node) or pfhooks (and its probe)",
                 o.flowmon);
    cmd.Parse(argc, argv);
    // --KmemFlags / --KmemQuarantine in force now (no module loads before
    // the traffic), so that the hooks' messages are measured under them.
    PfhooksKmemDebug::Apply();
    if (quick)
    {
        o.nodes = o.topology == "star" ? 5 : 3;
        o.packets = 200;
        runs = 2; // two runs: the determinism check has something to compare
        instances = 50;
        recallNodes = 5;
        recallSeconds = 1;
    }
    bool star = o.topology == "star";
    if ((!star && o.topology != "chain") || o.nodes < (star ? 3u : 2u) ||
        o.nodes > (star ? 20000u : 64u) || o.packets < 1 || o.packets > 10000000 || o.size < 12 ||
        o.size > 1452 || runs < 1 || runs > 99 || instances < 1 || instances > 100000 ||
        recallNodes < 1 || recallNodes > 100000 || recallSeconds < 1 || recallSeconds > 1000 ||
        (o.flowmon != "off" && o.flowmon != "ns3" && o.flowmon != "pfhooks"))
    {
        std::cerr << "error: argument out of range (see --help)" << std::endl;
        return 2;
    }
    if (installOnly)
    {
        return RunInstalls(instances, runs);
    }
    int status = 0;
    if (!skipTraffic)
    {
        status = RunTraffic(o, runs, only, warmup);
    }
    if (!skipLifecycle && status != 2)
    {
        status |= RunLifecycles(instances, runs, module, recallNodes, recallSeconds);
    }
    if (status == 0)
    {
        std::printf("# all checks passed\n");
    }
    return status;
}
