/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Dozens of zones boot and halt while IPv4 and IPv6 traffic flows on one
 * LAN: the probe module sees every create, shutdown and destroy in order,
 * no hook of a halted zone runs, nothing leaks, and a second run with the
 * same seed repeats the first to the byte (zone-probe.h, zone-test.cc).
 */
#include "zone-probe.h"

using namespace ns3;
using namespace pfhooks_test;

namespace
{

/** One churn run; `out` gets a digest of everything that must repeat. */
void
ChurnRun(uint64_t mblkBefore, uint32_t handlesBefore, std::string* out)
{
    const uint32_t kPerm = 4;
    const uint32_t kZones = 24;
    const uint32_t kFirstHalted = 4; // zones that first boot mid-run
    const double kEnd = 10.0;
    ResetProbe();
    Lan lan(kPerm, kZones);
    net_instance_t* ni = RegisterProbe();
    PfhooksHelper().Install(lan.perm);
    NodeContainer churning;
    for (uint32_t k = 0; k < kZones; k++)
    {
        Ptr<Node> zn = lan.zones.Get(k);
        if (k < kFirstHalted)
        {
            PfhooksZoneHelper::Install(zn, false);
            EXPECT_EQ(PfhooksZoneHelper::ScheduleBoot(zn, Seconds(1.5 + 0.5 * k)), 0);
        }
        else
        {
            PfhooksZoneHelper::Install(zn, true);
        }
        churning.Add(zn);
    }
    uint32_t events =
        PfhooksZoneHelper::ScheduleChurn(churning, Seconds(4), Seconds(kEnd), Seconds(1), 7);
    EXPECT_GE(events + kFirstHalted, 50u);

    Rx rx;
    rx.atZone4.resize(kZones);
    rx.atZone6.resize(kZones);
    rx.fromZone.resize(kZones);
    // Between permanent nodes: 0 -> 1 over IPv4, 2 -> 3 over IPv6.
    const uint32_t kPermPackets = 450;
    auto permFlow = [&](uint32_t from, Address to, uint16_t port) {
        UdpClientHelper c(to, port);
        c.SetAttribute("MaxPackets", UintegerValue(kPermPackets));
        c.SetAttribute("Interval", TimeValue(MilliSeconds(20)));
        c.Install(lan.perm.Get(from)).Start(Seconds(0.5));
    };
    permFlow(0, lan.addr4[1], 9);
    permFlow(2, lan.addr6[3], 10);
    auto countAt = [&lan](uint32_t node, const Address& local, uint32_t* count) {
        PacketSinkHelper sink("ns3::UdpSocketFactory", local);
        sink.Install(lan.perm.Get(node))
            .Get(0)
            ->TraceConnectWithoutContext(
                "Rx",
                MakeBoundCallback(
                    +[](uint32_t* n, Ptr<const Packet>, const Address&) { (*n)++; },
                    count));
    };
    countAt(1, InetSocketAddress(Ipv4Address::GetAny(), 9), &rx.perm4);
    countAt(3, Inet6SocketAddress(Ipv6Address::GetAny(), 10), &rx.perm6);
    // To every zone: IPv4 from node 0, IPv6 from node 1; from every zone to node 2.
    PacketSinkHelper s22("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 22));
    std::map<Ipv4Address, uint32_t> zoneOf;
    for (uint32_t k = 0; k < kZones; k++)
    {
        zoneOf[lan.addr4[kPerm + k]] = k;
        auto send = [](const Address& to, uint16_t port, Ptr<Node> from, double start) {
            UdpClientHelper c(to, port);
            c.SetAttribute("MaxPackets", UintegerValue(1000));
            c.SetAttribute("Interval", TimeValue(MilliSeconds(100)));
            c.Install(from).Start(Seconds(start));
        };
        send(lan.addr4[kPerm + k], 20, lan.perm.Get(0), 0.5 + 0.001 * k);
        send(lan.addr6[kPerm + k], 21, lan.perm.Get(1), 0.55 + 0.001 * k);
        send(lan.addr4[2], 22, lan.zones.Get(k), 0.6 + 0.001 * k);
        auto recordTimes = [&lan, k](const Address& local, std::vector<double>* times) {
            PacketSinkHelper sink("ns3::UdpSocketFactory", local);
            sink.Install(lan.zones.Get(k))
                .Get(0)
                ->TraceConnectWithoutContext(
                    "Rx",
                    MakeBoundCallback(
                        +[](std::vector<double>* v, Ptr<const Packet>, const Address&) {
                            v->push_back(Simulator::Now().GetSeconds());
                        },
                        times));
        };
        recordTimes(InetSocketAddress(Ipv4Address::GetAny(), 20), &rx.atZone4[k]);
        recordTimes(Inet6SocketAddress(Ipv6Address::GetAny(), 21), &rx.atZone6[k]);
    }
    using FromZone = std::pair<std::map<Ipv4Address, uint32_t>*, Rx*>;
    FromZone fz{&zoneOf, &rx};
    s22.Install(lan.perm.Get(2))
        .Get(0)
        ->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(
                +[](FromZone* f, Ptr<const Packet>, const Address& from) {
                    auto it = f->first->find(InetSocketAddress::ConvertFrom(from).GetIpv4());
                    if (it != f->first->end())
                    {
                        f->second->fromZone[it->second].push_back(Simulator::Now().GetSeconds());
                    }
                },
                &fz));

    Simulator::Stop(Seconds(kEnd));
    Simulator::Run();

    std::ostringstream digest;
    // Permanent nodes: every datagram arrived.
    EXPECT_EQ(rx.perm4, kPermPackets);
    EXPECT_EQ(rx.perm6, kPermPackets);
    digest << "perm " << rx.perm4 << " " << rx.perm6 << "\n";

    uint32_t transitions = 0;
    netid_t base = -1;
    for (uint32_t k = 0; k < kZones; k++)
    {
        Ptr<PfhooksZone> zone = PfhooksZoneHelper::GetZone(lan.zones.Get(k));
        const auto& h = zone->GetHistory();
        transitions += static_cast<uint32_t>(h.size());
        // Booted intervals [from, to).
        std::vector<std::pair<double, double>> up;
        for (size_t i = 0; i < h.size(); i++)
        {
            if (h[i].booted)
            {
                double to = i + 1 < h.size() ? h[i + 1].when.GetSeconds() : kEnd;
                up.emplace_back(h[i].when.GetSeconds(), to);
            }
        }
        auto booted = [&up](double t) {
            for (const auto& [from, to] : up)
            {
                if (t >= from && t < to)
                {
                    return true;
                }
            }
            return false;
        };
        auto countIn = [](const std::vector<double>& v, double from, double to) {
            uint32_t n = 0;
            for (double t : v)
            {
                n += t >= from && t < to ? 1 : 0;
            }
            return n;
        };
        // Nothing reaches a halted zone; what it sent arrived while it was up
        // (plus the LAN's microseconds).
        for (double t : rx.atZone4[k])
        {
            EXPECT_TRUE(booted(t)) << "zone " << k << " got IPv4 at " << t << " while halted";
        }
        for (double t : rx.atZone6[k])
        {
            EXPECT_TRUE(booted(t)) << "zone " << k << " got IPv6 at " << t << " while halted";
        }
        for (double t : rx.fromZone[k])
        {
            EXPECT_TRUE(booted(t) || booted(t - 0.001)) << "zone " << k << " sent at " << t;
        }
        // Traffic flows again after every boot (intervals long enough to
        // hold a few datagrams of each flow, inside the traffic window).
        for (const auto& [from, to] : up)
        {
            if (from >= 0.7 && to - from >= 0.5)
            {
                EXPECT_GT(countIn(rx.atZone4[k], from, to), 0u)
                    << "zone " << k << " up at " << from;
                EXPECT_GT(countIn(rx.atZone6[k], from, to), 0u)
                    << "zone " << k << " up at " << from;
                EXPECT_GT(countIn(rx.fromZone[k], from, to + 0.001), 0u)
                    << "zone " << k << " up at " << from;
            }
        }
        // Every halted stretch inside the traffic window lost something.
        if (h.size() >= 2)
        {
            EXPECT_GT(zone->GetHaltedRxDrops(), 0u) << "zone " << k;
        }
        // The module: create at every boot, shutdown and destroy at every
        // halt, with the same netids, in that order.
        for (size_t i = 0; i < h.size(); i++)
        {
            netid_t id = h[i].netid;
            ASSERT_EQ(g_states.count(id), 1u) << "no create for netid " << id;
            const std::vector<std::string>& o = g_order[id];
            ASSERT_FALSE(o.empty());
            EXPECT_EQ(o.front(), "create");
            if (!h[i].booted)
            {
                // shutdown, ARP's family leaving (replayed as the module
                // unregisters its instance callback), destroy.
                ASSERT_GE(o.size(), 3u);
                EXPECT_EQ(o[o.size() - 3], "shutdown");
                EXPECT_EQ(o[o.size() - 2], "-NHF_ARP");
                EXPECT_EQ(o.back(), "destroy");
                EXPECT_EQ(g_states[id]->haltedAt, h[i].when.GetSeconds());
            }
        }
        digest << "zone " << k << ":";
        for (const auto& t : h)
        {
            if (base < 0)
            {
                base = t.netid;
            }
            // netids are process-wide: compare them relative to the run's first.
            digest << " " << t.when.GetMilliSeconds() << (t.booted ? "+" : "-") << t.netid - base;
        }
        digest << " rx " << rx.atZone4[k].size() << "/" << rx.atZone6[k].size() << "/"
               << rx.fromZone[k].size() << " drops " << zone->GetHaltedRxDrops() << "\n";
    }
    EXPECT_GE(transitions, 50u + kZones - kFirstHalted);
    EXPECT_EQ(g_violations, 0u);
    digest << "hook runs " << g_hookRuns << "\n";

    // Every created instance ends with shutdown then destroy once the
    // module goes; nothing is held.
    EXPECT_EQ(net_instance_unregister(ni), 0);
    net_instance_free(ni);
    for (const auto& [id, o] : g_order)
    {
        EXPECT_EQ(std::count(o.begin(), o.end(), "create"), 1) << id;
        EXPECT_EQ(std::count(o.begin(), o.end(), "shutdown"), 1) << id;
        ASSERT_EQ(o.back(), "destroy") << id;
    }
    EXPECT_EQ(PfhooksNetInstanceRegistry::Get().GetOutstandingHandles(), handlesBefore);
    Simulator::Destroy();
    EXPECT_EQ(pfhooks_mblk_live(), mblkBefore);
    *out = digest.str();
}

} // namespace

TEST_F(ZoneTest, DozensOfZonesChurnWhileTrafficFlowsAndRunsRepeat)
{
    RngSeedManager::SetSeed(3);
    RngSeedManager::SetRun(1);
    std::string first;
    std::string second;
    ChurnRun(mblkBefore, handlesBefore, &first);
    ChurnRun(mblkBefore, handlesBefore, &second);
    ASSERT_FALSE(first.empty());
    EXPECT_EQ(first, second);
    std::cout << first;
}
