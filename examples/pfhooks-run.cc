/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks-run: loads Solaris modules into a standard scenario without
 * writing C++.
 *
 *   node 0 -- node 1 -- ... -- node N-1     (point-to-point links, or one CSMA LAN)
 *
 * Node 0 pings node N-1 (or sends it UDP datagrams); each --module is
 * loaded and unloaded at the times given.  At the end it prints the
 * traffic's figures, the packet counters of every node and every module's
 * report (kmem, messages, and whatever it left behind).  Its options are
 * parsed and checked in pfhooks-run-options.cc.
 *
 *   pfhooks-run --module=build/examples/solaris/pamp_drv.so@2,6 --count=8 --kstats=k.csv
 *
 * Zones: --zones=N adds N leaf nodes (on the LAN, or each on a link to the
 * last node) that node 0 pings too; --zone=NODE@BOOT[,HALT] boots and
 * halts any node; --churn=PERIOD makes the extra zones boot and halt on
 * their own, drawn from ns-3's RNG (--RngRun changes the pattern; the
 * attributes of PfhooksZoneChurn, e.g. --ns3::PfhooksZoneChurn::Draw=...,
 * its shape).
 *
 *   pfhooks-run --link=csma --nodes=3 --zones=4 --churn=2 --zone=2@3,7 --count=10
 */
#include "pfhooks-run-options.h"
#include "pfhooks-scenario-run.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("PfhooksRun");

namespace
{

std::string
Sec(double s)
{
    std::ostringstream out;
    out << s << " s";
    return out.str();
}

} // namespace

/** The traffic's figures as the report's "traffic" section (doc/report-format.md). */
std::string
TrafficJson(const std::vector<Ptr<PfhooksEchoPinger>>& pingers,
            const std::string& udpTarget,
            uint64_t udpSent,
            uint64_t udpReceived)
{
    std::ostringstream os;
    os << "{\"pings\": [";
    for (size_t i = 0; i < pingers.size(); i++)
    {
        os << (i ? ", " : "") << PfhooksPingJson(pingers[i]);
    }
    os << "]";
    if (!udpTarget.empty())
    {
        os << ", \"udp\": {\"target\": \"" << udpTarget << "\", \"sent\": " << udpSent
           << ", \"received\": " << udpReceived << "}";
    }
    os << "}";
    return os.str();
}

int
main(int argc, char* argv[])
{
    // A scenario file describes all of the run (doc/scenarios.md).
    for (int i = 1; i < argc; ++i)
    {
        if (std::string(argv[i]).rfind("--scenario", 0) == 0)
        {
            return PfhooksRunScenario(argc, argv);
        }
    }
    PfhooksMeasurement measure("pfhooks-run",
                               argc,
                               argv,
                               PfhooksMeasurement::SERIES | PfhooksMeasurement::PROGRESS);
    PfhooksRunOptions o;
    if (int status = ParsePfhooksRunOptions(argc, argv, measure, &o))
    {
        return status;
    }

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(o.nodes);
    NodeContainer zoneNodes;
    zoneNodes.Create(o.extraZones);
    NodeContainer all(nodes, zoneNodes);
    InternetStackHelper stack;
    PfhooksHelper::ConfigureStack(stack);
    stack.Install(all);
    std::vector<Ipv4Address> zoneAddrs;
    Ipv4AddressHelper addr;
    Ipv4Address target;
    PointToPointHelper p2p;
    CsmaHelper csma;
    if (o.link == "p2p")
    {
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        for (uint32_t i = 0; i + 1 < o.nodes; ++i)
        {
            std::ostringstream net;
            net << "10." << (i / 250) + 1 << "." << (i % 250) + 1 << ".0";
            addr.SetBase(net.str().c_str(), "255.255.255.0");
            Ipv4InterfaceContainer ifs = addr.Assign(p2p.Install(nodes.Get(i), nodes.Get(i + 1)));
            target = ifs.GetAddress(1);
        }
        // Each extra zone on a link of its own to the last node.
        for (uint32_t k = 0; k < o.extraZones; ++k)
        {
            std::ostringstream net;
            net << "10.100." << k + 1 << ".0";
            addr.SetBase(net.str().c_str(), "255.255.255.0");
            Ipv4InterfaceContainer ifs =
                addr.Assign(p2p.Install(nodes.Get(o.nodes - 1), zoneNodes.Get(k)));
            zoneAddrs.push_back(ifs.GetAddress(1));
        }
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    else
    {
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(10)));
        addr.SetBase("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = addr.Assign(csma.Install(all));
        target = ifs.GetAddress(o.nodes - 1);
        for (uint32_t k = 0; k < o.extraZones; ++k)
        {
            zoneAddrs.push_back(ifs.GetAddress(o.nodes + k));
        }
    }

    // A node named by --zone whose first boot is later than 0 is halted
    // from the start: no instance until then.
    std::map<uint32_t, double> firstBoot;
    for (const auto& z : o.zoneSpecs)
    {
        auto it = firstBoot.find(z.node);
        firstBoot[z.node] = it == firstBoot.end() ? z.boot : std::min(it->second, z.boot);
    }
    PfhooksHelper pfhooks;
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        auto it = firstBoot.find(i);
        if (it == firstBoot.end() || it->second == 0)
        {
            pfhooks.Install(all.Get(i));
        }
    }
    for (uint32_t k = 0; k < o.extraZones; ++k)
    {
        if (firstBoot.count(o.nodes + k) == 0)
        {
            PfhooksZoneHelper::Install(zoneNodes.Get(k), true);
        }
    }
    for (const auto& [node, boot] : firstBoot)
    {
        PfhooksZoneHelper::Install(all.Get(node), boot == 0);
    }
    // In time order, so that each boot and halt finds the zone as the
    // earlier ones leave it.
    std::stable_sort(o.zoneSpecs.begin(),
                     o.zoneSpecs.end(),
                     [](const PfhooksRunOptions::ZoneSpec& a,
                        const PfhooksRunOptions::ZoneSpec& b) { return a.boot < b.boot; });
    for (const auto& z : o.zoneSpecs)
    {
        Ptr<Node> n = all.Get(z.node);
        int rv = 0;
        std::string what;
        if (z.boot > 0)
        {
            rv = PfhooksZoneHelper::ScheduleBoot(n, Seconds(z.boot));
            what = "boot at " + Sec(z.boot);
        }
        if (rv == 0 && z.halt >= 0)
        {
            rv = PfhooksZoneHelper::ScheduleHalt(n, Seconds(z.halt));
            what = "halt at " + Sec(z.halt);
        }
        if (rv != 0)
        {
            return PfhooksRunError(
                "--zone=" + z.text + ": the " + what + " of node " + std::to_string(z.node) +
                (rv == EALREADY
                     ? " finds the zone " + std::string(what[0] == 'b' ? "booted" : "halted") +
                           " already (another --zone overlaps)"
                     : " is planned twice"));
        }
    }
    uint32_t churned = 0;
    if (o.churn > 0)
    {
        NodeContainer churning;
        for (uint32_t k = 0; k < o.extraZones; ++k)
        {
            if (firstBoot.count(o.nodes + k) == 0)
            {
                churning.Add(zoneNodes.Get(k));
            }
        }
        // Other attributes (the Draw) from the command line:
        // --ns3::PfhooksZoneChurn::Draw=ns3::ExponentialRandomVariable[Mean=1]
        Ptr<PfhooksZoneChurn> churner = CreateObject<PfhooksZoneChurn>();
        churner->SetAttribute("Stop", TimeValue(Seconds(o.duration)));
        churner->SetAttribute("Period", TimeValue(Seconds(o.churn)));
        churned = churner->Schedule(churning);
    }

    Ptr<PfhooksEchoPinger> pinger;
    Ptr<PacketSink> sink;
    if (o.traffic == "ping")
    {
        pinger = CreateObject<PfhooksEchoPinger>();
        pinger->SetAttribute("Remote", Ipv4AddressValue(target));
        pinger->SetAttribute("Count", UintegerValue(o.count));
        pinger->SetAttribute("Interval", TimeValue(Seconds(o.interval)));
        pinger->SetAttribute("Size", UintegerValue(o.size));
        nodes.Get(0)->AddApplication(pinger);
        pinger->SetStartTime(Seconds(1));
    }
    else if (o.traffic == "udp")
    {
        UdpClientHelper client(target, 9);
        client.SetAttribute("MaxPackets", UintegerValue(o.count));
        client.SetAttribute("Interval", TimeValue(Seconds(o.interval)));
        client.SetAttribute("PacketSize", UintegerValue(std::max<uint32_t>(o.size, 12)));
        client.Install(nodes.Get(0)).Start(Seconds(1));
        PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer apps = sinkHelper.Install(nodes.Get(o.nodes - 1));
        sink = DynamicCast<PacketSink>(apps.Get(0));
    }
    // Node 0 pings every extra zone as well: what a halted zone loses.
    std::vector<Ptr<PfhooksEchoPinger>> zonePingers;
    for (uint32_t k = 0; k < o.extraZones && o.traffic != "none"; ++k)
    {
        Ptr<PfhooksEchoPinger> zp = CreateObject<PfhooksEchoPinger>();
        zp->SetAttribute("Remote", Ipv4AddressValue(zoneAddrs[k]));
        zp->SetAttribute("Count", UintegerValue(o.count));
        zp->SetAttribute("Interval", TimeValue(Seconds(o.interval)));
        zp->SetAttribute("Size", UintegerValue(o.size));
        // Every raw ICMP socket of node 0 hears every reply: one id each.
        zp->SetAttribute("Identifier", UintegerValue(0x7a00 + k));
        nodes.Get(0)->AddApplication(zp);
        zp->SetStartTime(Seconds(1));
        zonePingers.push_back(zp);
    }

    std::vector<Ptr<SolarisModule>> modules;
    for (const auto& spec : o.modules)
    {
        Ptr<SolarisModule> m = CreateObject<SolarisModule>();
        m->SetPath(spec.file);
        o.faults.ApplyTo(m);
        for (const auto& [mod, tv] : o.tunables)
        {
            if (mod == m->GetName())
            {
                m->SetTunable(tv.first, tv.second); // checked above
            }
        }
        m->ScheduleLoad(Seconds(spec.load));
        if (spec.unload >= 0)
        {
            m->ScheduleUnload(Seconds(spec.unload));
        }
        modules.push_back(m);
    }

    if (!o.pcap.empty())
    {
        if (o.link == "p2p")
        {
            p2p.EnablePcapAll(o.pcap);
        }
        else
        {
            csma.EnablePcapAll(o.pcap);
        }
    }

    measure.Start(Seconds(o.duration));
    o.devices.Schedule();
    Simulator::Stop(Seconds(o.duration));
    Simulator::Run();
    bool unwritten = measure.Finish(std::cout) != 0;

    std::cout << "--- traffic\n";
    if (pinger)
    {
        std::cout << "ping " << target << ": " << pinger->GetSent() << " requests, "
                  << pinger->GetReplies() << " replies\n";
        for (const auto& [seq, s] : pinger->GetSequences())
        {
            std::cout << "  seq " << seq << " at " << s.sent.As(Time::S) << ": " << s.replies
                      << " repl" << (s.replies == 1 ? "y" : "ies") << "\n";
        }
    }
    if (sink)
    {
        std::cout << "udp to " << target << ": " << o.count << " sent, "
                  << sink->GetTotalRx() / std::max<uint32_t>(o.size, 12) << " received\n";
    }
    if (!o.zoneSpecs.empty() || o.extraZones > 0)
    {
        std::cout << "--- zones";
        if (o.churn > 0)
        {
            std::cout << " (churn: " << churned << " boots and halts scheduled)";
        }
        std::cout << "\n";
        for (uint32_t i = 0; i < all.GetN(); ++i)
        {
            Ptr<PfhooksZone> zone = PfhooksZoneHelper::GetZone(all.Get(i));
            if (!zone)
            {
                continue;
            }
            std::cout << "zone node " << i << ": " << zone->GetBoots() << " boots, "
                      << zone->GetHalts() << " halts, " << (zone->IsBooted() ? "booted" : "halted")
                      << " at the end; netids";
            for (const auto& t : zone->GetHistory())
            {
                if (t.booted)
                {
                    std::cout << " " << t.netid;
                }
            }
            std::cout << "; frames dropped while halted: " << zone->GetHaltedRxDrops() << " in, "
                      << zone->GetHaltedTxDrops() << " out\n";
            for (const auto& t : zone->GetHistory())
            {
                std::cout << "  " << t.when.As(Time::S) << (t.booted ? " boot" : " halt")
                          << " netid " << t.netid << "\n";
            }
            if (i >= o.nodes && !zonePingers.empty())
            {
                const Ptr<PfhooksEchoPinger>& zp = zonePingers[i - o.nodes];
                std::cout << "  ping " << zoneAddrs[i - o.nodes] << ": " << zp->GetSent()
                          << " requests, " << zp->GetReplies() << " replies\n";
            }
        }
    }
    std::cout << "--- packet counters (inet)\n"
              << "node  PHYSICAL_IN acc/rew/drop/inj  PHYSICAL_OUT acc/rew/drop/inj\n";
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(all.Get(i));
        std::cout << std::setw(4) << i;
        for (PfhooksEvent e : {PFH_PHYSICAL_IN, PFH_PHYSICAL_OUT})
        {
            const PfhooksIpInstance::Counters& c = ip->GetCounters(PFH_INET, e);
            std::cout << "  " << std::setw(28)
                      << (std::to_string(c.accepted) + "/" + std::to_string(c.rewritten) + "/" +
                          std::to_string(c.dropped) + "/" + std::to_string(c.injected));
        }
        std::cout << "\n";
    }
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        for (const auto& [why, n] : PfhooksHelper::GetInstance(all.Get(i))->GetDropReasons())
        {
            std::cout << "node " << i << " dropped " << n << " datagram(s) left malformed: " << why
                      << "\n";
        }
    }
    bool failed = false;
    if (!o.kstats.empty())
    {
        // Before the modules' reports: hooks of modules still loaded are in it.
        if (PfhooksHelper::WriteKstats(o.kstats, o.kstatFormat) != 0)
        {
            std::cerr << "error: --kstats=" << o.kstats << ": cannot write it" << std::endl;
            failed = true; // the modules' reports still follow
        }
        else
        {
            std::cout << "kstats written to " << o.kstats << "\n";
        }
    }
    if (!o.report.empty())
    {
        std::vector<Ptr<PfhooksEchoPinger>> pingers;
        if (pinger)
        {
            pingers.push_back(pinger);
        }
        pingers.insert(pingers.end(), zonePingers.begin(), zonePingers.end());
        std::ostringstream udpTarget;
        if (sink)
        {
            udpTarget << target;
        }
        PfhooksReport& report = measure.GetReport();
        report.SetSection(
            "traffic",
            TrafficJson(pingers,
                        udpTarget.str(),
                        sink ? o.count : 0,
                        sink ? sink->GetTotalRx() / std::max<uint32_t>(o.size, 12) : 0));
        std::string why = report.Write(o.report);
        if (!why.empty())
        {
            std::cerr << "error: --report: " << why << std::endl;
            failed = true; // the modules' reports still follow
        }
        else
        {
            std::cout << "report written to " << o.report << "\n";
        }
    }
    if (!o.devices.GetResults().empty())
    {
        std::cout << "--- devices\n";
        for (const auto& line : o.devices.GetResults())
        {
            std::cout << line << "\n";
        }
    }
    std::cout << "--- modules\n";
    for (const auto& m : modules)
    {
        std::cout << m->GetReport();
        failed = failed || m->GetState() == SolarisModule::FAILED;
    }
    Simulator::Destroy();
    return failed || unwritten ? 1 : 0;
}
