/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * First pfhooks scenario: client -- router -- server over point-to-point
 * links, UDP echo traffic.  On the server's IPv4 PHYSICAL_IN event:
 *  - "mypkthook" (the guide's example, in C) drops one packet in `dropEvery`
 *    and prints what it dropped;
 *  - a C++ hook rewrites the TOS byte of every packet it lets in, fixing
 *    the header checksum incrementally (RFC 1624).
 * On the client's PHYSICAL_OUT a C++ hook marks every datagram it sends with
 * TOS `egressTos` (checksum fixed the same way): that rewrite is on the wire,
 * as the pcap files show.
 *
 * At the end, --kstats=FILE writes every instance's hook statistics (CSV
 * for a name ending in .csv, JSON for .json).
 *
 *   ./pfhooks-first [--packets=N] [--dropEvery=N] [--tos=N] [--egressTos=N]
 *                   [--pcap] [--pcapPrefix=P] [--kstats=FILE] [--verbose]
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-measurement.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/point-to-point-module.h"

#include <arpa/inet.h>
#include <cstdio>
#include <iostream>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("PfhooksFirst");

namespace
{

int g_dropEvery = 100;
uint64_t g_mypkthookDrops = 0;

/* The guide's mypkthook, in C style, with a configurable period. */
int
mypkthook(hook_event_token_t tok, hook_data_t data, void* arg)
{
    static int counter = 0;
    hook_pkt_event_t* pkt = (hook_pkt_event_t*)data;
    const uint8_t* ip = (const uint8_t*)pkt->hpe_hdr;
    size_t bytes = msgdsize(pkt->hpe_mb);

    counter++;
    if (counter == g_dropEvery)
    {
        uint32_t src;
        uint32_t dst;
        std::memcpy(&src, ip + 12, 4);
        std::memcpy(&dst, ip + 16, 4);
        std::printf("%.6fs drop %zu bytes received from %x to %x\n",
                    Simulator::Now().GetSeconds(),
                    bytes,
                    ntohl(src),
                    ntohl(dst));
        counter = 0;
        g_mypkthookDrops++;
        freemsg(*pkt->hpe_mp);
        *pkt->hpe_mp = nullptr;
        pkt->hpe_mb = nullptr;
        pkt->hpe_hdr = nullptr;
        return 1;
    }
    return 0;
}

hook_t g_hook;

/* RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), on 16-bit words. */
uint16_t
IncrementalChecksum(uint16_t hc, uint16_t oldWord, uint16_t newWord)
{
    uint32_t sum = (~hc & 0xffff) + (~oldWord & 0xffff) + newWord;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return static_cast<uint16_t>(~sum & 0xffff);
}

/* Sets the TOS byte of the datagram and fixes the header checksum. */
bool
SetTos(uint8_t* ip, uint8_t tos)
{
    if (ip[1] == tos)
    {
        return false;
    }
    uint16_t oldWord = (ip[0] << 8) | ip[1];
    ip[1] = tos;
    uint16_t newWord = (ip[0] << 8) | ip[1];
    uint16_t sum = (ip[10] << 8) | ip[11];
    sum = IncrementalChecksum(sum, oldWord, newWord);
    ip[10] = sum >> 8;
    ip[11] = sum & 0xff;
    return true;
}

uint8_t g_tos = 0x28;
uint8_t g_egressTos = 0x10;

int
RewriteTos(PacketHookContext& ctx)
{
    SetTos(ctx.GetBytes(), g_tos);
    return 0;
}

uint64_t g_seenOut = 0;

int
MarkOut(PacketHookContext& ctx)
{
    g_seenOut++;
    SetTos(ctx.GetBytes(), g_egressTos);
    return 0;
}

uint32_t g_serverRx = 0;
uint32_t g_clientRx = 0;
uint32_t g_tosSeen = 0;

void
ServerRx(Ptr<const Packet> p, const Address&, const Address&)
{
    g_serverRx++;
}

void
ClientRx(Ptr<const Packet> p)
{
    g_clientRx++;
}

void
Ipv4Rx(Ptr<const Packet> p, Ptr<Ipv4> ipv4, uint32_t iface)
{
    Ipv4Header h;
    p->PeekHeader(h);
    if (h.GetTos() == g_tos)
    {
        g_tosSeen++;
    }
}

} // namespace

int
main(int argc, char* argv[])
{
    uint32_t packets = 1000;
    uint32_t tos = g_tos;
    uint32_t egressTos = g_egressTos;
    bool pcap = false;
    bool verbose = false;
    std::string pcapPrefix = "pfhooks-first";
    std::string kstats;

    PfhooksMeasurement measure("pfhooks-first",
                               argc,
                               argv,
                               PfhooksMeasurement::SERIES | PfhooksMeasurement::PROGRESS);
    CommandLine cmd(__FILE__);
    cmd.AddValue("packets", "UDP echo requests the client sends (1..1000000)", packets);
    cmd.AddValue("dropEvery", "mypkthook drops one packet in this many (>= 1)", g_dropEvery);
    cmd.AddValue("tos", "TOS byte the C++ hook writes into inbound packets (0..255)", tos);
    cmd.AddValue("egressTos",
                 "TOS byte the client marks outbound packets with (0..255)",
                 egressTos);
    cmd.AddValue("pcap", "write pcap files", pcap);
    cmd.AddValue("pcapPrefix", "pcap file name prefix", pcapPrefix);
    cmd.AddValue("kstats", "write hook statistics to FILE at the end (.csv or .json)", kstats);
    cmd.AddValue("verbose", "enable pfhooks logging", verbose);
    measure.AddOptions(cmd);
    cmd.Parse(argc, argv);
    if (std::string why = measure.Check(); !why.empty())
    {
        std::cerr << "error: " << why << std::endl;
        return 2;
    }

    if (packets < 1 || packets > 1000000)
    {
        std::cerr << "error: --packets must be in 1..1000000, got " << packets << std::endl;
        return 2;
    }
    if (g_dropEvery < 1)
    {
        std::cerr << "error: --dropEvery must be >= 1, got " << g_dropEvery << std::endl;
        return 2;
    }
    if (tos > 255 || egressTos > 255)
    {
        std::cerr << "error: --tos and --egressTos must be in 0..255" << std::endl;
        return 2;
    }
    if (tos == egressTos)
    {
        std::cerr
            << "error: --tos and --egressTos must differ (the server rewrites one into the other)"
            << std::endl;
        return 2;
    }
    KstatFormat kstatFormat = KSTATS_CSV;
    if (!kstats.empty() && !PfhooksHelper::KstatFormatOf(kstats, &kstatFormat))
    {
        std::cerr << "error: --kstats must name a .csv or .json file, got " << kstats << std::endl;
        return 2;
    }
    g_tos = static_cast<uint8_t>(tos);
    g_egressTos = static_cast<uint8_t>(egressTos);
    if (verbose)
    {
        LogComponentEnable("PfhooksIpInstance", LOG_LEVEL_INFO);
        LogComponentEnable("PfhooksNodeTap", LOG_LEVEL_WARN);
    }

    // Hooks see and rewrite the bytes a real wire carries.
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(3);
    PointToPointHelper p2p;
    p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
    p2p.SetChannelAttribute("Delay", StringValue("1ms"));
    NetDeviceContainer d01 = p2p.Install(nodes.Get(0), nodes.Get(1));
    NetDeviceContainer d12 = p2p.Install(nodes.Get(1), nodes.Get(2));

    InternetStackHelper stack;
    stack.Install(nodes);
    Ipv4AddressHelper addr;
    addr.SetBase("10.1.1.0", "255.255.255.0");
    Ipv4InterfaceContainer i01 = addr.Assign(d01);
    addr.SetBase("10.1.2.0", "255.255.255.0");
    Ipv4InterfaceContainer i12 = addr.Assign(d12);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();

    // Every node becomes an IP instance.
    PfhooksHelper pfhooks;
    pfhooks.Install(nodes);

    Ptr<PfhooksIpInstance> server = PfhooksHelper::GetInstance(nodes.Get(2));
    net_handle_t inet = net_protocol_lookup(server->GetNetid(), NHF_INET);
    std::memset(&g_hook, 0, sizeof(g_hook));
    g_hook.h_version = HOOK_VERSION;
    g_hook.h_func = mypkthook;
    g_hook.h_name = const_cast<char*>("mypkthook");
    g_hook.h_hint = HH_FIRST;
    if (net_hook_register(inet, const_cast<char*>(NH_PHYSICAL_IN), &g_hook) != 0)
    {
        std::cerr << "error: net_hook_register failed" << std::endl;
        return 1;
    }
    server->AddPacketHook(NHF_INET, NH_PHYSICAL_IN, "rewrite-tos", MakeCallback(&RewriteTos));
    PfhooksHelper::GetInstance(nodes.Get(0))
        ->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "mark-out", MakeCallback(&MarkOut));

    UdpEchoServerHelper echoServer(9);
    ApplicationContainer serverApp = echoServer.Install(nodes.Get(2));
    serverApp.Start(Seconds(0.5));
    UdpEchoClientHelper echoClient(i12.GetAddress(1), 9);
    echoClient.SetAttribute("MaxPackets", UintegerValue(packets));
    echoClient.SetAttribute("Interval", TimeValue(MilliSeconds(1)));
    echoClient.SetAttribute("PacketSize", UintegerValue(512));
    ApplicationContainer clientApp = echoClient.Install(nodes.Get(0));
    clientApp.Start(Seconds(1.0));

    serverApp.Get(0)->TraceConnectWithoutContext("RxWithAddresses", MakeCallback(&ServerRx));
    clientApp.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&ClientRx));
    nodes.Get(2)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext("Rx",
                                                                          MakeCallback(&Ipv4Rx));
    if (pcap)
    {
        p2p.EnablePcapAll(pcapPrefix);
    }

    Time stop = Seconds(1.0 + packets * 0.001 + 1.0);
    measure.Start(stop);
    Simulator::Stop(stop);
    Simulator::Run();

    PfhooksIpInstance::Counters in = server->GetCounters(PFH_INET, PFH_PHYSICAL_IN);
    PfhooksIpInstance::Counters out =
        PfhooksHelper::GetInstance(nodes.Get(0))->GetCounters(PFH_INET, PFH_PHYSICAL_OUT);
    std::cout << "client sent:                 " << packets << "\n"
              << "client PHYSICAL_OUT marked:  " << out.rewritten << " of " << g_seenOut
              << " (TOS -> 0x" << std::hex << unsigned(g_egressTos) << std::dec << ")\n"
              << "server PHYSICAL_IN dropped:   " << in.dropped << " (mypkthook "
              << g_mypkthookDrops << ")\n"
              << "server PHYSICAL_IN rewritten: " << in.rewritten << " (TOS -> 0x" << std::hex
              << unsigned(g_tos) << std::dec << ", checksum fixed incrementally)\n"
              << "server PHYSICAL_IN accepted:  " << in.accepted << "\n"
              << "server IP saw TOS 0x" << std::hex << unsigned(g_tos) << std::dec << ":     "
              << g_tosSeen << "\n"
              << "server application received: " << g_serverRx << "\n"
              << "client echoes received:      " << g_clientRx << std::endl;

    if (!kstats.empty())
    {
        if (PfhooksHelper::WriteKstats(kstats, kstatFormat) != 0)
        {
            std::cerr << "error: cannot write " << kstats << std::endl;
            return 1;
        }
        std::cout << "kstats written to " << kstats << std::endl;
    }
    if (measure.Finish(std::cout) != 0)
    {
        return 1;
    }

    net_hook_unregister(inet, const_cast<char*>(NH_PHYSICAL_IN), &g_hook);
    net_protocol_release(inet);
    Simulator::Destroy();
    return 0;
}
