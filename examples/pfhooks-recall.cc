/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The seed's recall stress test (Example 10-1, examples/solaris/full.c) as
 * a scenario: the module is loaded at the start and, every 10 ms of
 * simulated time, unregisters and re-registers its net instance (and with
 * it every notify callback and PHYSICAL_IN hook on every instance), while
 * zones boot and halt on a CSMA LAN and IPv4, IPv6 and ARP traffic hits
 * those hooks.  At the end it checks what the module's own bookkeeping and
 * the simulated kernel say, and fails loudly when anything is off.
 *
 *   permanent nodes 0..3 and --zones zones on one LAN
 *   node 0 pings node 1 (IPv4); node 2 sends UDP to node 3 (IPv6);
 *   node 0 sends UDP to every zone (IPv4); ARP entries live 0.5 s
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-module.h"

#include <iomanip>
#include <iostream>
#include <vector>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("PfhooksRecall");

namespace
{
/** What the module's globals say when its _fini has returned 0. */
struct RecallGlobals
{
    bool read{false};
    int inited{-1};
    int alloced{-1};
    int freed{-1};
    int steps{-1};
};

void
ReadGlobals(RecallGlobals* g, Ptr<SolarisModule> m)
{
    auto* inited = static_cast<int*>(m->LookupSymbol("recall_inited"));
    auto* alloced = static_cast<int*>(m->LookupSymbol("recall_alloced"));
    auto* freed = static_cast<int*>(m->LookupSymbol("recall_freed"));
    auto* steps = static_cast<int*>(m->LookupSymbol("recall_steps"));
    if (inited && alloced && freed && steps)
    {
        g->read = true;
        g->inited = *inited;
        g->alloced = *alloced;
        g->freed = *freed;
        g->steps = *steps;
    }
}

uint64_t
At(const std::map<std::string, uint64_t>& by, const std::string& family)
{
    auto it = by.find(family);
    return it != by.end() ? it->second : 0;
}
} // namespace

int
main(int argc, char* argv[])
{
    uint32_t nZones = 24;
    double duration = 10.0;
    double period = 0.4;
    std::string module = std::string(PFHOOKS_MODULE_DIR) + "/full.so";
    std::string kmemFaults;

    PfhooksMeasurement measure("pfhooks-recall",
                               argc,
                               argv,
                               PfhooksMeasurement::SERIES | PfhooksMeasurement::REPORT |
                                   PfhooksMeasurement::PROGRESS);
    CommandLine cmd(__FILE__);
    cmd.AddValue("zones", "Zones that boot and halt (1..200)", nZones);
    cmd.AddValue("duration", "Simulated seconds the module runs (>= 1)", duration);
    cmd.AddValue("period", "Mean time between two state changes of a zone, in s (>= 0.01)", period);
    cmd.AddValue("module", "The recall module file", module);
    cmd.AddValue("kmem-faults",
                 "KM_NOSLEEP fault injection: p=P, nth=N or all [,module=NAME]",
                 kmemFaults);
    measure.AddOptions(cmd);
    cmd.Parse(argc, argv);
    if (std::string why = measure.Check(); !why.empty())
    {
        std::cerr << "error: " << why << std::endl;
        return 2;
    }
    if (nZones < 1 || nZones > 200)
    {
        std::cerr << "error: --zones must be in 1..200" << std::endl;
        return 2;
    }
    if (!(duration >= 1))
    {
        std::cerr << "error: --duration must be >= 1" << std::endl;
        return 2;
    }
    if (!(period >= 0.01))
    {
        std::cerr << "error: --period must be >= 0.01" << std::endl;
        return 2;
    }
    PfhooksKmemFaults faults;
    std::string faultError;
    if (!kmemFaults.empty() && !PfhooksKmemFaults::Parse(kmemFaults, &faults, &faultError))
    {
        std::cerr << "error: --kmem-faults=" << kmemFaults << ": " << faultError << std::endl;
        return 2;
    }

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    // Short-lived ARP entries: requests keep coming, so ARP hooks see traffic.
    Config::SetDefault("ns3::ArpCache::AliveTimeout", TimeValue(Seconds(0.5)));

    NodeContainer permanent;
    permanent.Create(4);
    NodeContainer zones;
    zones.Create(nZones);
    NodeContainer all(permanent, zones);
    InternetStackHelper stack;
    PfhooksHelper::ConfigureStack(stack);
    stack.Install(all);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
    csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(5)));
    NetDeviceContainer devs = csma.Install(all);
    Ipv4AddressHelper v4("10.1.0.0", "255.255.0.0");
    Ipv4InterfaceContainer if4 = v4.Assign(devs);
    Ipv6AddressHelper v6;
    v6.SetBase(Ipv6Address("2001:db8::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer if6 = v6.Assign(devs);

    PfhooksHelper().Install(permanent);
    PfhooksZoneHelper::Install(zones, true);
    uint32_t changes =
        PfhooksZoneHelper::ScheduleChurn(zones, Seconds(0.5), Seconds(duration), Seconds(period));

    // Intervals that are no multiple of the module's 5 ms rhythm.
    Ptr<PfhooksEchoPinger> pinger = CreateObject<PfhooksEchoPinger>();
    pinger->SetAttribute("Remote", Ipv4AddressValue(if4.GetAddress(1)));
    pinger->SetAttribute("Interval", TimeValue(MicroSeconds(7300)));
    permanent.Get(0)->AddApplication(pinger);
    pinger->SetStartTime(Seconds(0.2));
    pinger->SetStopTime(Seconds(duration));
    UdpClientHelper udp6(if6.GetAddress(3, 1), 9);
    udp6.SetAttribute("MaxPackets", UintegerValue(0));
    udp6.SetAttribute("Interval", TimeValue(MicroSeconds(11100)));
    udp6.Install(permanent.Get(2)).Start(Seconds(0.2));
    PacketSinkHelper sink6("ns3::UdpSocketFactory", Inet6SocketAddress(Ipv6Address::GetAny(), 9));
    ApplicationContainer sinks = sink6.Install(permanent.Get(3));
    for (uint32_t z = 0; z < nZones; ++z)
    {
        UdpClientHelper toZone(if4.GetAddress(4 + z), 9);
        toZone.SetAttribute("MaxPackets", UintegerValue(0));
        toZone.SetAttribute("Interval", TimeValue(MicroSeconds(97000 + 1300 * z)));
        ApplicationContainer c = toZone.Install(permanent.Get(0));
        c.Start(Seconds(0.3));
        c.Stop(Seconds(duration));
    }

    Ptr<SolarisModule> recall = CreateObject<SolarisModule>();
    recall->SetPath(module);
    faults.ApplyTo(recall);
    RecallGlobals globals;
    recall->TraceConnectWithoutContext("Fini", MakeBoundCallback(&ReadGlobals, &globals));
    recall->ScheduleLoad(Seconds(0.05));
    recall->ScheduleUnload(Seconds(duration + 0.05));
    // _fini sleeps half a second before it returns.
    std::vector<std::string> fails;
    measure.Start(Seconds(duration + 1));
    Simulator::Stop(Seconds(duration + 1));
    Simulator::Run();
    measure.SetSection("traffic", "{\"pings\": [" + PfhooksPingJson(pinger) + "]}");
    if (measure.Finish(std::cout) != 0)
    {
        fails.push_back("an output file could not be written");
    }

    SolarisKernel::Figures f = SolarisKernel::Get().GetFigures(recall->GetId());
    auto check = [&fails](bool ok, const std::string& what) {
        if (!ok)
        {
            fails.push_back(what);
        }
    };
    std::cout << "simulated seconds:        " << duration << " (module loaded 0.05 s to "
              << duration + 0.05 << " s)\n"
              << "zones:                    " << nZones << ", boot/halt events planned " << changes
              << "\n"
              << "recall cycles:            " << f.netInstanceRegisters
              << " net instance registrations\n"
              << "recall_inited after _fini: " << globals.inited << "\n"
              << "recall_alloced/freed:     " << globals.alloced << "/" << globals.freed
              << " (log indexes), recall_steps " << globals.steps << "\n"
              << "kmem:                     " << f.kmemAllocs << " allocations, " << f.kmemFrees
              << " frees, " << f.kmemBytes << " bytes held";
    if (f.kmemFailed != 0)
    {
        std::cout << ", " << f.kmemFailed << " KM_NOSLEEP failed on purpose";
    }
    std::cout << "\nsentinels:                every recall_assert passed (a failed ASSERT stops "
                 "the run)\n";
    for (const char* fam : {NHF_INET, NHF_INET6, NHF_ARP})
    {
        std::cout << std::left << std::setw(10) << fam << std::right << " notifications: instance "
                  << At(f.instanceNotifies, fam) << ", protocol " << At(f.protocolNotifies, fam)
                  << ", event " << At(f.eventNotifies, fam) << "; hooks run " << At(f.hookRuns, fam)
                  << "\n";
        check(At(f.instanceNotifies, fam) > 0 && At(f.protocolNotifies, fam) > 0 &&
                  At(f.eventNotifies, fam) > 0,
              std::string("no notifications for ") + fam);
        check(At(f.hookRuns, fam) > 0, std::string("no packet ran a PHYSICAL_IN hook of ") + fam);
    }
    std::vector<PfhooksContractFinding> findings =
        PfhooksContractChecker::Get().GetFindings(recall->GetName());
    std::vector<PfhooksKernelLeak> leaks = recall->GetLeaks();
    std::cout << "pings:                    " << pinger->GetSent() << " sent, "
              << pinger->GetReplies() << " answered\n"
              << "contract findings:        " << findings.size() << "\n"
              << "left at unload:           " << leaks.size() << "\n";

    check(recall->GetState() == SolarisModule::UNLOADED,
          "the module is " + std::string(SolarisModule::StateName(recall->GetState())) +
              (recall->GetError().empty() ? "" : ": " + recall->GetError()));
    check(globals.read, "the module's globals could not be read at _fini");
    check(globals.inited == 0, "recall_inited is not 0 after unload");
    check(globals.alloced == globals.freed, "recall's allocation log and free log differ");
    check(f.kmemAllocs == f.kmemFrees && f.kmemBytes == 0, "kmem allocations and frees differ");
    check(f.netInstanceRegisters >= 100, "fewer than 100 recall cycles");
    check(changes >= 20, "fewer than 20 zone boot/halt events");
    check(findings.empty(), "the contract checker found breaches");
    check(leaks.empty(), "the module left things behind");
    check(pinger->GetReplies() * 10 >= pinger->GetSent() * 9, "permanent nodes lost pings");
    Simulator::Destroy();
    for (const auto& why : fails)
    {
        std::cout << "FAIL: " << why << "\n";
    }
    std::cout << (fails.empty() ? "recall scenario: ok" : "recall scenario: FAILED") << std::endl;
    return fails.empty() ? 0 : 1;
}
