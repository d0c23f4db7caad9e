/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Like ns-3's udp-echo example on IPv4-only nodes: a CSMA LAN of three, a
 * client echoing datagrams (some larger than the MTU, so fragmented) off a
 * server.  Prints every datagram the client sends and gets back.
 */
#include "transparency-mode.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

using namespace ns3;

/// Prints one application packet: time, what, size, uid.
static void
Trace(const char* what, Ptr<const Packet> p)
{
    std::cout << Simulator::Now().GetMicroSeconds() << "us client " << what << " " << p->GetSize()
              << " uid " << p->GetUid() << std::endl;
}

/// Prints a packet the client sends.
static void
Tx(Ptr<const Packet> p)
{
    Trace("tx", p);
}

/// Prints a packet the client gets back.
static void
Rx(Ptr<const Packet> p)
{
    Trace("rx", p);
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
    stack.SetIpv6StackInstall(false);
    stack.Install(nodes);
    CsmaHelper csma;
    csma.SetChannelAttribute("DataRate", DataRateValue(5000000));
    csma.SetChannelAttribute("Delay", TimeValue(MilliSeconds(2)));
    csma.SetDeviceAttribute("Mtu", UintegerValue(1400));
    NetDeviceContainer devs = csma.Install(nodes);
    Ipv4AddressHelper ipv4;
    ipv4.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer ifs = ipv4.Assign(devs);
    auto ips = transparency::Apply(m, nodes);

    UdpEchoServerHelper server(9);
    ApplicationContainer s = server.Install(nodes.Get(2));
    s.Start(Seconds(1));
    s.Stop(Seconds(10));
    UdpEchoClientHelper client(ifs.GetAddress(2), 9);
    client.SetAttribute("MaxPackets", UintegerValue(6));
    client.SetAttribute("Interval", TimeValue(Seconds(1)));
    client.SetAttribute("PacketSize", UintegerValue(3000));
    ApplicationContainer c = client.Install(nodes.Get(0));
    c.Start(Seconds(2));
    c.Stop(Seconds(10));
    c.Get(0)->TraceConnectWithoutContext("Tx", MakeCallback(&Tx));
    c.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Rx));
    csma.EnablePcapAll(out + "/csma-udp-echo", false);

    Simulator::Stop(Seconds(11));
    Simulator::Run();
    transparency::ReportHookCalls(ips);
    Simulator::Destroy();
    return 0;
}
