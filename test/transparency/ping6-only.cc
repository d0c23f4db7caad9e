/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Like ns-3's ping6 example: two IPv6-only nodes on a CSMA link, one
 * pings the other.  Prints every datagram IPv6 receives.
 */
#include "transparency-mode.h"

#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-apps-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

using namespace ns3;

/// Prints one received datagram: node, time, size, uid.
static void
Rx(uint32_t node, Ptr<const Packet> p, Ptr<Ipv6>, uint32_t interface)
{
    std::cout << Simulator::Now().GetMicroSeconds() << "us node " << node << " if "
              << interface << " rx " << p->GetSize() << " uid " << p->GetUid() << std::endl;
}

int
main(int argc, char* argv[])
{
    std::string mode = "none";
    std::string out = ".";
    CommandLine cmd(__FILE__);
    cmd.AddValue("pfhooks", "none, idle or accept", mode);
    cmd.AddValue("out", "directory for the pcap files", out);
    cmd.Parse(argc, argv);
    transparency::Mode m = transparency::ParseMode(mode);

    NodeContainer nodes(2);
    InternetStackHelper stack;
    stack.SetIpv4StackInstall(false);
    stack.Install(nodes);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(5000000));
    csma.SetChannelAttribute("Delay", TimeValue(MilliSeconds(2)));
    NetDeviceContainer devs = csma.Install(nodes);
    Ipv6AddressHelper ipv6;
    ipv6.SetBase(Ipv6Address("2001:1::"), Ipv6Prefix(64));
    Ipv6InterfaceContainer ifs = ipv6.Assign(devs);
    auto ips = transparency::Apply(m, nodes);

    for (uint32_t n = 0; n < 2; n++)
    {
        nodes.Get(n)->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
            "Rx",
            MakeBoundCallback(&Rx, n));
    }
    Ping6Helper ping;
    ping.SetLocal(ifs.GetAddress(0, 1));
    ping.SetRemote(ifs.GetAddress(1, 1));
    ping.SetAttribute("MaxPackets", UintegerValue(5));
    ping.SetAttribute("Interval", TimeValue(Seconds(1)));
    ping.SetAttribute("PacketSize", UintegerValue(2000)); // two fragments each
    ApplicationContainer apps = ping.Install(nodes.Get(0));
    apps.Start(Seconds(2));
    apps.Stop(Seconds(10));
    csma.EnablePcapAll(out + "/ping6-only", true);

    Simulator::Stop(Seconds(11));
    Simulator::Run();
    transparency::ReportHookCalls(ips);
    Simulator::Destroy();
    return 0;
}
