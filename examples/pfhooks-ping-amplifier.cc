/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The seed's ping amplifier (Example 10-2, examples/solaris/pamp_drv.c),
 * built as a Solaris module and loaded into a running simulation.
 *
 *   pinger 10.1.1.1 ---- 10.1.1.2 target                      (default)
 *   pinger 10.1.1.1 ---- router ---- 10.1.2.2 target          (--router)
 *
 * The pinger sends one ICMP echo request a second; pamp_drv is loaded at
 * --load and unloaded at --unload.  While it is loaded every request that
 * reaches a node's PHYSICAL_IN is answered by the module (net_inject,
 * NI_QUEUE_OUT) and by the target's own IP: two replies.  A module sees
 * every IP instance of the simulated kernel, so with --router the router
 * answers too, on the target's behalf: three replies.
 */
#include "ns3/animation-interface.h"
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <memory>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("PfhooksPingAmplifier");

int
main(int argc, char* argv[])
{
    uint32_t count = 10;
    double load = 2.5;
    double unload = 6.5;
    bool router = false;
    bool pcap = false;
    std::string pcapPrefix = "pfhooks-pamp";
    std::string anim;
    std::string module = std::string(PFHOOKS_MODULE_DIR) + "/pamp_drv.so";

    PfhooksMeasurement measure("pfhooks-ping-amplifier", argc, argv, PfhooksMeasurement::ALL);
    CommandLine cmd(__FILE__);
    cmd.AddValue("count", "Echo requests to send, one a second from t=1s (1..10000)", count);
    cmd.AddValue("load", "When to load the module (s)", load);
    cmd.AddValue("unload", "When to unload the module (s; negative: never)", unload);
    cmd.AddValue("router", "Put a router between pinger and target", router);
    cmd.AddValue("module", "The module file", module);
    cmd.AddValue("pcap", "Write pcap files", pcap);
    cmd.AddValue("pcapPrefix", "Prefix of the pcap files", pcapPrefix);
    cmd.AddValue("anim", "Write a NetAnim trace with pfhooks's counters to this .xml file", anim);
    measure.AddOptions(cmd);
    cmd.Parse(argc, argv);
    if (std::string why = measure.Check(); !why.empty())
    {
        std::cerr << "error: " << why << std::endl;
        return 2;
    }
    if (count < 1 || count > 10000)
    {
        std::cerr << "error: --count must be in 1..10000" << std::endl;
        return 2;
    }
    if (load < 0 || (unload >= 0 && unload <= load))
    {
        std::cerr << "error: --load must be >= 0 and --unload after it (or negative)" << std::endl;
        return 2;
    }

    if (!anim.empty() && (anim.size() < 5 || anim.compare(anim.size() - 4, 4, ".xml") != 0 ||
                          !std::ofstream(anim)))
    {
        std::cerr << "error: --anim=" << anim << ": must name a .xml file that can be written"
                  << std::endl;
        return 2;
    }

    // Real checksums: what pamp_drv computes must verify on the wire.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(router ? 3 : 2);
    InternetStackHelper stack;
    PfhooksHelper::ConfigureStack(stack);
    stack.Install(nodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    Ipv4AddressHelper addr("10.1.1.0", "255.255.255.0");
    NetDeviceContainer first = p2p.Install(nodes.Get(0), nodes.Get(1));
    Ipv4InterfaceContainer ifs = addr.Assign(first);
    Ipv4Address target = ifs.GetAddress(1);
    NetDeviceContainer all(first);
    if (router)
    {
        NetDeviceContainer second = p2p.Install(nodes.Get(1), nodes.Get(2));
        addr.SetBase("10.1.2.0", "255.255.255.0");
        target = addr.Assign(second).GetAddress(1);
        all.Add(second);
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }

    PfhooksHelper pfhooks;
    pfhooks.Install(nodes);

    Ptr<PfhooksEchoPinger> pinger = CreateObject<PfhooksEchoPinger>();
    pinger->SetAttribute("Remote", Ipv4AddressValue(target));
    pinger->SetAttribute("Count", UintegerValue(count));
    nodes.Get(0)->AddApplication(pinger);
    pinger->SetStartTime(Seconds(1));

    Ptr<SolarisModule> pamp = CreateObject<SolarisModule>();
    pamp->SetPath(module);
    pamp->ScheduleLoad(Seconds(load));
    if (unload >= 0)
    {
        pamp->ScheduleUnload(Seconds(unload));
    }
    std::vector<std::string> phases(count);
    // A request's phase is the module's state when it reaches the target.
    pinger->TraceConnectWithoutContext("Reply",
                                       MakeBoundCallback(
                                           +[](std::vector<std::string>* ph,
                                               Ptr<SolarisModule> m,
                                               uint16_t seq,
                                               Ipv4Address,
                                               uint32_t nth) {
                                               if (nth == 1 && seq < ph->size())
                                               {
                                                   (*ph)[seq] =
                                                       SolarisModule::StateName(m->GetState());
                                               }
                                           },
                                           &phases,
                                           pamp));

    if (pcap)
    {
        p2p.EnablePcapAll(pcapPrefix);
    }
    // Lives until after Simulator::Destroy(), as its trace sinks need.
    std::unique_ptr<AnimationInterface> animation;
    if (!anim.empty())
    {
        for (uint32_t i = 0; i < nodes.GetN(); i++)
        {
            AnimationInterface::SetConstantPosition(nodes.Get(i), 20.0 * i, 20.0);
        }
        animation = std::make_unique<AnimationInterface>(anim);
        PfhooksHelper::EnableAnimation(*animation, nodes);
    }

    // Long enough for the last reply and for the unload: a short --count
    // does not leave the module loaded at the end.
    Time stop = Seconds(std::max<double>(count + 2, unload + 1));
    measure.Start(stop);
    Simulator::Stop(stop);
    Simulator::Run();

    if (!pamp->GetError().empty())
    {
        std::cerr << "error: " << pamp->GetError() << std::endl;
    }
    std::cout << "seq  requests  replies  module\n";
    uint32_t amplified = 0;
    for (const auto& [seq, s] : pinger->GetSequences())
    {
        std::cout << std::setw(3) << seq << "  " << std::setw(8) << 1 << "  " << std::setw(7)
                  << s.replies << "  " << (phases[seq].empty() ? "-" : phases[seq]) << "\n";
        amplified += s.replies > 1;
    }
    std::cout << "requests sent:      " << pinger->GetSent() << "\n"
              << "replies received:   " << pinger->GetReplies() << "\n"
              << "amplified requests: " << amplified << "\n"
              << pamp->GetReport();
    measure.SetSection("traffic", "{\"pings\": [" + PfhooksPingJson(pinger) + "]}");
    bool failed = measure.Finish(std::cout) != 0 || pamp->GetState() == SolarisModule::FAILED;
    Simulator::Destroy();
    return failed ? 1 : 0;
}
