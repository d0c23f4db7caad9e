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
 * report (kmem, messages, and whatever it left behind).
 *
 *   pfhooks-run --module=build/examples/solaris/pamp_drv.so@2,6 --count=8 --kstats=k.csv
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-module.h"
#include "ns3/point-to-point-module.h"

#include <cstdlib>
#include <iomanip>
#include <iostream>
#include <sstream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("PfhooksRun");

namespace
{
struct ModuleSpec
{
    std::string file;
    double load{0};
    double unload{-1};
};

std::vector<ModuleSpec> g_modules;
std::string g_badModule;

bool
ParseNumber(const std::string& s, double* out)
{
    if (s.empty())
    {
        return false;
    }
    char* end = nullptr;
    *out = std::strtod(s.c_str(), &end);
    return end != nullptr && *end == '\0' && *out >= 0;
}

/** --module=FILE[@LOAD[,UNLOAD]]; called once per occurrence. */
bool
AddModule(std::string value)
{
    ModuleSpec m;
    std::string::size_type at = value.rfind('@');
    m.file = value.substr(0, at);
    if (at != std::string::npos)
    {
        std::string times = value.substr(at + 1);
        std::string::size_type comma = times.find(',');
        bool ok = ParseNumber(times.substr(0, comma), &m.load);
        if (ok && comma != std::string::npos)
        {
            ok = ParseNumber(times.substr(comma + 1), &m.unload) && m.unload > m.load;
        }
        if (!ok)
        {
            g_badModule = value; // reported after parsing, with the expected form
            return true;
        }
    }
    if (m.file.empty())
    {
        g_badModule = value;
        return true;
    }
    g_modules.push_back(m);
    return true;
}

int
Fail(const std::string& why)
{
    std::cerr << "error: " << why << std::endl;
    return 2;
}
} // namespace

int
main(int argc, char* argv[])
{
    uint32_t nNodes = 2;
    std::string link = "p2p";
    std::string traffic = "ping";
    uint32_t count = 10;
    double interval = 1.0;
    uint32_t size = 56;
    double duration = -1;
    std::string pcap;
    std::string kstats;
    std::string kmemFaults;

    CommandLine cmd(__FILE__);
    cmd.Usage("Loads Solaris modules (built with pfhooks_add_solaris_module) into a chain of "
              "nodes while node 0 sends traffic to the last node.");
    cmd.AddValue("module",
                 "FILE[@LOAD[,UNLOAD]]: load FILE at LOAD s (default 0), unload it at UNLOAD s "
                 "(default: never); repeatable",
                 MakeCallback(&AddModule));
    cmd.AddValue("nodes", "Nodes in the chain (2..64)", nNodes);
    cmd.AddValue("link", "p2p (a link between neighbours) or csma (one LAN)", link);
    cmd.AddValue("traffic", "ping, udp or none", traffic);
    cmd.AddValue("count", "Pings or datagrams to send (1..100000)", count);
    cmd.AddValue("interval", "Seconds between two pings or datagrams (> 0)", interval);
    cmd.AddValue("size", "Bytes of ICMP or UDP payload (0..1400)", size);
    cmd.AddValue("duration", "Simulated seconds (default: the traffic's end plus 2 s)", duration);
    cmd.AddValue("pcap", "Write pcap files with this prefix", pcap);
    cmd.AddValue("kmem-faults",
                 "Make KM_NOSLEEP allocations fail: p=PROBABILITY, nth=N or all, optionally "
                 "followed by ,module=NAME",
                 kmemFaults);
    cmd.AddValue("kstats", "Write every instance's hook statistics to FILE (.csv or .json)", kstats);
    cmd.Parse(argc, argv);

    if (!g_badModule.empty())
    {
        return Fail("--module=" + g_badModule + ": expected FILE[@LOAD[,UNLOAD]] with " +
                    "0 <= LOAD < UNLOAD");
    }
    if (nNodes < 2 || nNodes > 64)
    {
        return Fail("--nodes must be in 2..64");
    }
    if (link != "p2p" && link != "csma")
    {
        return Fail("--link must be p2p or csma");
    }
    if (traffic != "ping" && traffic != "udp" && traffic != "none")
    {
        return Fail("--traffic must be ping, udp or none");
    }
    if (count < 1 || count > 100000)
    {
        return Fail("--count must be in 1..100000");
    }
    if (!(interval > 0))
    {
        return Fail("--interval must be > 0");
    }
    if (size > 1400)
    {
        return Fail("--size must be in 0..1400");
    }
    SolarisKernel::KmemFaults faults;
    std::string faultError;
    if (!kmemFaults.empty() && !SolarisKernel::ParseKmemFaults(kmemFaults, &faults, &faultError))
    {
        return Fail("--kmem-faults=" + kmemFaults + ": " + faultError);
    }
    SolarisKernel::Get().SetKmemFaults(faults);
    KstatFormat kstatFormat = KSTATS_CSV;
    if (!kstats.empty() && !PfhooksHelper::KstatFormatOf(kstats, &kstatFormat))
    {
        return Fail("--kstats must name a .csv or .json file, got " + kstats);
    }
    double trafficEnd = 1.0 + count * interval;
    if (duration < 0)
    {
        duration = trafficEnd + 1.0;
        for (const auto& m : g_modules)
        {
            duration = std::max(duration, std::max(m.load, m.unload) + 1.0);
        }
    }

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(nNodes);
    InternetStackHelper stack;
    PfhooksHelper::ConfigureStack(stack);
    stack.Install(nodes);
    Ipv4AddressHelper addr;
    Ipv4Address target;
    PointToPointHelper p2p;
    CsmaHelper csma;
    if (link == "p2p")
    {
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        for (uint32_t i = 0; i + 1 < nNodes; ++i)
        {
            std::ostringstream net;
            net << "10." << (i / 250) + 1 << "." << (i % 250) + 1 << ".0";
            addr.SetBase(net.str().c_str(), "255.255.255.0");
            Ipv4InterfaceContainer ifs =
                addr.Assign(p2p.Install(nodes.Get(i), nodes.Get(i + 1)));
            target = ifs.GetAddress(1);
        }
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    else
    {
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(10)));
        addr.SetBase("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = addr.Assign(csma.Install(nodes));
        target = ifs.GetAddress(nNodes - 1);
    }

    PfhooksHelper pfhooks;
    pfhooks.Install(nodes);

    Ptr<EchoPinger> pinger;
    Ptr<PacketSink> sink;
    if (traffic == "ping")
    {
        pinger = CreateObject<EchoPinger>();
        pinger->SetAttribute("Remote", Ipv4AddressValue(target));
        pinger->SetAttribute("Count", UintegerValue(count));
        pinger->SetAttribute("Interval", TimeValue(Seconds(interval)));
        pinger->SetAttribute("Size", UintegerValue(size));
        nodes.Get(0)->AddApplication(pinger);
        pinger->SetStartTime(Seconds(1));
    }
    else if (traffic == "udp")
    {
        UdpClientHelper client(target, 9);
        client.SetAttribute("MaxPackets", UintegerValue(count));
        client.SetAttribute("Interval", TimeValue(Seconds(interval)));
        client.SetAttribute("PacketSize", UintegerValue(std::max<uint32_t>(size, 12)));
        client.Install(nodes.Get(0)).Start(Seconds(1));
        PacketSinkHelper sinkHelper("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer apps = sinkHelper.Install(nodes.Get(nNodes - 1));
        sink = DynamicCast<PacketSink>(apps.Get(0));
    }

    std::vector<Ptr<SolarisModule>> modules;
    for (const auto& spec : g_modules)
    {
        Ptr<SolarisModule> m = CreateObject<SolarisModule>();
        m->SetPath(spec.file);
        m->ScheduleLoad(Seconds(spec.load));
        if (spec.unload >= 0)
        {
            m->ScheduleUnload(Seconds(spec.unload));
        }
        modules.push_back(m);
    }

    if (!pcap.empty())
    {
        if (link == "p2p")
        {
            p2p.EnablePcapAll(pcap);
        }
        else
        {
            csma.EnablePcapAll(pcap);
        }
    }

    Simulator::Stop(Seconds(duration));
    Simulator::Run();

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
        std::cout << "udp to " << target << ": " << count << " sent, "
                  << sink->GetTotalRx() / std::max<uint32_t>(size, 12) << " received\n";
    }
    std::cout << "--- packet counters (inet)\n"
              << "node  PHYSICAL_IN acc/rew/drop/inj  PHYSICAL_OUT acc/rew/drop/inj\n";
    for (uint32_t i = 0; i < nNodes; ++i)
    {
        Ptr<IpInstance> ip = PfhooksHelper::GetInstance(nodes.Get(i));
        std::cout << std::setw(4) << i;
        for (PfhooksEvent e : {PFH_PHYSICAL_IN, PFH_PHYSICAL_OUT})
        {
            const IpInstance::Counters& c = ip->GetCounters(PFH_INET, e);
            std::cout << "  " << std::setw(28) << (std::to_string(c.accepted) + "/" +
                                                   std::to_string(c.rewritten) + "/" +
                                                   std::to_string(c.dropped) + "/" +
                                                   std::to_string(c.injected));
        }
        std::cout << "\n";
    }
    if (!kstats.empty())
    {
        // Before the modules' reports: hooks of modules still loaded are in it.
        if (PfhooksHelper::WriteKstats(kstats, kstatFormat) != 0)
        {
            std::cerr << "error: cannot write " << kstats << std::endl;
            return 1;
        }
        std::cout << "kstats written to " << kstats << "\n";
    }
    std::cout << "--- modules\n";
    bool failed = false;
    for (const auto& m : modules)
    {
        std::cout << m->GetReport();
        failed = failed || m->GetState() == SolarisModule::FAILED;
    }
    Simulator::Destroy();
    return failed ? 1 : 0;
}
