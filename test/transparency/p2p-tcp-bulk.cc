/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Like ns-3's tcp-bulk-send example, through a router: three dual-stack
 * nodes in a point-to-point chain, global routing, a bulk TCP transfer
 * from the first to the last.  Prints every segment the sink receives.
 */
#include "transparency-mode.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/point-to-point-module.h"

using namespace ns3;

/// Prints one segment the sink got: time, size, sender.
static void
Rx(Ptr<const Packet> p, const Address& from)
{
    std::cout << Simulator::Now().GetMicroSeconds() << "us sink rx " << p->GetSize() << " from "
              << InetSocketAddress::ConvertFrom(from).GetIpv4() << std::endl;
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

    NodeContainer nodes(3);
    InternetStackHelper stack;
    stack.Install(nodes);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("2Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("5ms"));
    NetDeviceContainer a = p2p.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer b = p2p.Install(nodes.Get(1), nodes.Get(2));
    Ipv4AddressHelper ipv4;
    ipv4.SetBase("10.1.1.0", "255.255.255.0");
    ipv4.Assign(a);
    ipv4.SetBase("10.1.2.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = ipv4.Assign(b);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    auto ips = transparency::Apply(m, nodes);

    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(ifs.GetAddress(1), 9));
    bulk.SetAttribute("MaxBytes", UintegerValue(100000));
    ApplicationContainer src = bulk.Install(nodes.Get(0));
    src.Start(Seconds(1));
    src.Stop(Seconds(10));
    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
    ApplicationContainer dst = sink.Install(nodes.Get(2));
    dst.Start(Seconds(0));
    dst.Stop(Seconds(10));
    dst.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Rx));
    p2p.EnablePcapAll(out + "/p2p-tcp-bulk", false);

    Simulator::Stop(Seconds(11));
    Simulator::Run();
    std::cout << "sink total " << DynamicCast<PacketSink>(dst.Get(0))->GetTotalRx() << std::endl;
    transparency::ReportHookCalls(ips);
    Simulator::Destroy();
    return 0;
}
