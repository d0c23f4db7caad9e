/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What hooks cost, against plain ns-3 in the same process.
 *
 * Workload: a chain of N nodes over point-to-point links, a UDP flood of
 * `packets` fixed-size datagrams from the first node to the last, fixed
 * seed.  Each variant runs R times; the median wall time of Simulator::Run
 * is reported with its ratio to the plain-ns-3 variant.
 *
 *   pfhooks-bench [--nodes=8] [--packets=20000] [--size=512] [--runs=5] [--quick]
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sys/resource.h>
#include <vector>

using namespace ns3;

namespace
{

enum Variant
{
    PLAIN,
    IDLE,
    CXX_ACCEPT,
    C_ACCEPT,
    MYPKTHOOK,
    REWRITE_TTL,
    NVARIANTS
};

const char* kNames[NVARIANTS] =
    {"plain-ns3", "idle-taps", "cxx-accept", "c-accept", "mypkthook-1pct", "rewrite-tos"};

int
CxxAccept(PacketHookContext&)
{
    return 0;
}

int
CAccept(hook_event_token_t, hook_data_t data, void*)
{
    // Touch the header as a filter would.
    const auto* pkt = reinterpret_cast<const hook_pkt_event_t*>(data);
    return static_cast<const uint8_t*>(pkt->hpe_hdr)[9] == 255;
}

int g_mypkthookCounter = 0;

int
MyPktHook(hook_event_token_t, hook_data_t data, void*)
{
    int& counter = g_mypkthookCounter;
    auto* pkt = reinterpret_cast<hook_pkt_event_t*>(data);
    if (++counter == 100)
    {
        counter = 0;
        freemsg(*pkt->hpe_mp);
        *pkt->hpe_mp = nullptr;
        return 1;
    }
    return 0;
}

int
RewriteTos(hook_event_token_t, hook_data_t data, void*)
{
    auto* pkt = reinterpret_cast<hook_pkt_event_t*>(data);
    uint8_t* ip = static_cast<uint8_t*>(pkt->hpe_hdr);
    // Flip TOS between 0 and 4 and fix the checksum (RFC 1624).
    uint16_t oldw = (ip[0] << 8) | ip[1];
    ip[1] ^= 0x04;
    uint16_t neww = (ip[0] << 8) | ip[1];
    uint32_t sum = (~((ip[10] << 8) | ip[11]) & 0xffff) + (~oldw & 0xffff) + neww;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    ip[10] = (~sum >> 8) & 0xff;
    ip[11] = ~sum & 0xff;
    return 0;
}

struct Result
{
    double wall;
    uint64_t rx;
    uint64_t events;
};

uint64_t g_rx = 0;

void
OnRx(Ptr<const Packet>, const Address&)
{
    g_rx++;
}

Result
RunOnce(Variant v, uint32_t nNodes, uint32_t packets, uint32_t size)
{
    g_mypkthookCounter = 0;
    RngSeedManager::SetSeed(1);
    RngSeedManager::SetRun(1);
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    NodeContainer nodes;
    nodes.Create(nNodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Gbps"));
    p2p.SetChannelAttribute("Delay", StringValue("10us"));
    p2p.SetQueue("ns3::DropTailQueue", "MaxSize", StringValue("100000p"));
    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper addr;
    Ipv4InterfaceContainer last;
    for (uint32_t i = 0; i + 1 < nNodes; i++)
    {
        NetDeviceContainer d = p2p.Install(nodes.Get(i), nodes.Get(i + 1));
        std::string base = "10." + std::to_string(i / 250) + "." + std::to_string(i % 250) + ".0";
        addr.SetBase(base.c_str(), "255.255.255.0");
        last = addr.Assign(d);
    }
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    static hook_t hooks[2];
    if (v != PLAIN)
    {
        PfhooksHelper().Install(nodes);
    }
    for (uint32_t n = 0; n < nNodes && v >= CXX_ACCEPT; n++)
    {
        Ptr<IpInstance> ip = PfhooksHelper::GetInstance(nodes.Get(n));
        if (v == CXX_ACCEPT)
        {
            ip->AddPacketHook(NHF_INET, NH_PHYSICAL_IN, "in", MakeCallback(&CxxAccept));
            ip->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "out", MakeCallback(&CxxAccept));
            continue;
        }
        net_handle_t h = net_protocol_lookup(ip->GetNetid(), NHF_INET);
        hook_func_t fn = v == C_ACCEPT ? CAccept : v == MYPKTHOOK ? MyPktHook : RewriteTos;
        hooks[0] = hook_t{HOOK_VERSION, fn, const_cast<char*>("in"), 0, HH_NONE, 0, nullptr};
        hooks[1] = hook_t{HOOK_VERSION, fn, const_cast<char*>("out"), 0, HH_NONE, 0, nullptr};
        net_hook_register(h, const_cast<char*>(NH_PHYSICAL_IN), &hooks[0]);
        if (v != MYPKTHOOK)
        {
            net_hook_register(h, const_cast<char*>(NH_PHYSICAL_OUT), &hooks[1]);
        }
        net_protocol_release(h);
    }
    PacketSinkHelper sink("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer s = sink.Install(nodes.Get(nNodes - 1));
    s.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&OnRx));
    UdpClientHelper client(last.GetAddress(1), 9);
    client.SetAttribute("MaxPackets", UintegerValue(packets));
    client.SetAttribute("Interval", TimeValue(MicroSeconds(5)));
    client.SetAttribute("PacketSize", UintegerValue(size));
    client.Install(nodes.Get(0)).Start(Seconds(1));
    g_rx = 0;
    Simulator::Stop(Seconds(1) + MicroSeconds(5) * packets + Seconds(1));
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    Result r{std::chrono::duration<double>(t1 - t0).count(), g_rx, Simulator::GetEventCount()};
    Simulator::Destroy();
    return r;
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t nNodes = 8;
    uint32_t packets = 20000;
    uint32_t size = 512;
    uint32_t runs = 5;
    bool quick = false;
    std::string only;
    CommandLine cmd(__FILE__);
    cmd.AddValue("only", "run only this variant and plain ns-3 (e.g. idle-taps)", only);
    cmd.AddValue("nodes", "nodes in the chain (2..5000)", nNodes);
    cmd.AddValue("packets", "UDP datagrams sent (1..10000000)", packets);
    cmd.AddValue("size", "UDP payload bytes (1..1472)", size);
    cmd.AddValue("runs", "repetitions per variant (1..99), median reported", runs);
    cmd.AddValue("quick", "tiny smoke run (for the test suite)", quick);
    cmd.Parse(argc, argv);
    if (quick)
    {
        nNodes = 3;
        packets = 200;
        runs = 1;
    }
    if (nNodes < 2 || nNodes > 5000 || packets < 1 || packets > 10000000 || size < 1 ||
        size > 1472 || runs < 1 || runs > 99)
    {
        std::cerr << "error: argument out of range (see --help)" << std::endl;
        return 2;
    }
    std::printf("# pfhooks-bench: %u-node chain, %u UDP datagrams of %u bytes, median of %u runs\n",
                nNodes,
                packets,
                size,
                runs);
    std::printf("%-16s %10s %10s %12s %14s %8s\n",
                "variant",
                "wall_s",
                "delivered",
                "pkt_hops/s",
                "events/s",
                "ratio");
    double base = 0;
    uint64_t baseRx = 0;
    int status = 0;
    // Runs are interleaved (plain, idle, ..., plain, idle, ...) so that a
    // slow spell of a shared machine hits every variant alike.
    std::vector<std::vector<Result>> results(NVARIANTS);
    for (uint32_t r = 0; r < runs; r++)
    {
        for (int v = 0; v < NVARIANTS; v++)
        {
            if (only.empty() || v == PLAIN || only == kNames[v])
            {
                results[v].push_back(RunOnce(static_cast<Variant>(v), nNodes, packets, size));
            }
        }
    }
    for (int v = 0; v < NVARIANTS; v++)
    {
        std::vector<Result>& rs = results[v];
        if (rs.empty())
        {
            continue;
        }
        // Every run of a variant must deliver the same packets (determinism).
        for (const auto& r : rs)
        {
            if (r.rx != rs[0].rx || r.events != rs[0].events)
            {
                std::fprintf(stderr, "error: %s is not deterministic\n", kNames[v]);
                status = 1;
            }
        }
        std::sort(rs.begin(), rs.end(), [](const Result& a, const Result& b) {
            return a.wall < b.wall;
        });
        Result med = rs[rs.size() / 2];
        if (v == PLAIN)
        {
            base = med.wall;
            baseRx = med.rx;
        }
        uint64_t expect = v == MYPKTHOOK ? 0 : baseRx;
        if (v != MYPKTHOOK && med.rx != expect)
        {
            std::fprintf(stderr,
                         "error: %s delivered %llu, plain ns-3 %llu\n",
                         kNames[v],
                         (unsigned long long)med.rx,
                         (unsigned long long)baseRx);
            status = 1;
        }
        double hops = double(med.rx) * (nNodes - 1);
        struct rusage ru;
        getrusage(RUSAGE_SELF, &ru);
        double ratio = base > 0 ? med.wall / base : 1.0;
        std::printf("%-16s %10.4f %10llu %12.0f %14.0f %8.3f\n",
                    kNames[v],
                    med.wall,
                    (unsigned long long)med.rx,
                    hops / med.wall,
                    med.events / med.wall,
                    ratio);
        std::printf(
            "{\"variant\":\"%s\",\"wall_s\":%.6f,\"delivered\":%llu,\"pkt_hops_per_s\":%.0f,"
            "\"events_per_s\":%.0f,\"peak_rss_kib\":%ld,\"ratio\":%.4f}\n",
            kNames[v],
            med.wall,
            (unsigned long long)med.rx,
            hops / med.wall,
            med.events / med.wall,
            ru.ru_maxrss,
            ratio);
    }
    return status;
}
