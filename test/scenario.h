/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A small real network for scenario tests: client -- router -- server over
 * point-to-point links, UDP from client to server, checksums on.
 */
#ifndef PFHOOKS_TEST_SCENARIO_H
#define PFHOOKS_TEST_SCENARIO_H

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/point-to-point-module.h"

#include <cstring>
#include <vector>

namespace pfhooks_test
{

using namespace ns3;

/// Numbers the two links of a three-node chain with IPv4, one /24 each, and
/// fills the global routing tables.
inline void
NumberChain4(const NetDeviceContainer& d01,
             const char* net01,
             const NetDeviceContainer& d12,
             const char* net12,
             Ipv4InterfaceContainer* i01,
             Ipv4InterfaceContainer* i12)
{
    Ipv4AddressHelper a4;
    a4.SetBase(net01, "255.255.255.0");
    *i01 = a4.Assign(d01);
    a4.SetBase(net12, "255.255.255.0");
    *i12 = a4.Assign(d12);
    Ipv4GlobalRoutingHelper::PopulateRoutingTables();
}

/// Numbers the two links of a three-node chain with IPv6, one /64 each; the
/// router (node 1) forwards and is the ends' default route.
inline void
NumberChain6(const NetDeviceContainer& d01,
             const char* net01,
             const NetDeviceContainer& d12,
             const char* net12,
             Ipv6InterfaceContainer* i01,
             Ipv6InterfaceContainer* i12)
{
    Ipv6AddressHelper a6;
    a6.SetBase(Ipv6Address(net01), Ipv6Prefix(64));
    *i01 = a6.Assign(d01);
    i01->SetForwarding(1, true);
    i01->SetDefaultRouteInAllNodes(1);
    a6.SetBase(Ipv6Address(net12), Ipv6Prefix(64));
    *i12 = a6.Assign(d12);
    i12->SetForwarding(0, true);
    i12->SetDefaultRouteInAllNodes(0);
}

struct Scenario
{
    NodeContainer nodes; // 0 client, 1 router, 2 server
    NetDeviceContainer d01, d12;
    Ipv4InterfaceContainer i01, i12;
    PointToPointHelper p2p;
    ApplicationContainer sink;
    uint32_t rx{0};
    uint32_t rxBytes{0};
    std::vector<uint8_t> lastPayload;
    std::vector<Ipv4Header> serverIpRx; // headers as ns-3 IP sees them on the server
    uint32_t badChecksumDrops{0};

    explicit Scenario(bool installPfhooks = true)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        nodes.Create(3);
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        d01 = p2p.Install(nodes.Get(0), nodes.Get(1));
        d12 = p2p.Install(nodes.Get(1), nodes.Get(2));
        InternetStackHelper stack;
        stack.Install(nodes);
        NumberChain4(d01, "10.1.1.0", d12, "10.1.2.0", &i01, &i12);
        if (installPfhooks)
        {
            PfhooksHelper().Install(nodes);
        }
        PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink = sinkHelper.Install(nodes.Get(2));
        sink.Get(0)->TraceConnectWithoutContext("Rx", MakeCallback(&Scenario::OnRx, this));
        Ptr<Ipv4L3Protocol> ip2 = nodes.Get(2)->GetObject<Ipv4L3Protocol>();
        ip2->TraceConnectWithoutContext("Rx", MakeCallback(&Scenario::OnIpRx, this));
        ip2->TraceConnectWithoutContext("Drop", MakeCallback(&Scenario::OnIpDrop, this));
    }

    ~Scenario()
    {
        Simulator::Destroy();
        // Names outlive a run: a name given to this run's device would make
        // the same test abort when run again in the process (--gtest_repeat).
        Names::Clear();
    }

    /** Client sends `n` UDP datagrams of `size` bytes, 1 ms apart, from t=1s. */
    ApplicationContainer Traffic(uint32_t n, uint32_t size = 100)
    {
        UdpClientHelper client(i12.GetAddress(1), 9);
        client.SetAttribute("MaxPackets", UintegerValue(n));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(1)));
        client.SetAttribute("PacketSize", UintegerValue(size));
        ApplicationContainer apps = client.Install(nodes.Get(0));
        apps.Start(Seconds(1));
        return apps;
    }

    void Run(double seconds = 3)
    {
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
    }

    Ptr<PfhooksIpInstance> Ip(uint32_t i)
    {
        return PfhooksHelper::GetInstance(nodes.Get(i));
    }

    void OnRx(Ptr<const Packet> p, const Address&)
    {
        rx++;
        rxBytes += p->GetSize();
        lastPayload.resize(p->GetSize());
        p->CopyData(lastPayload.data(), p->GetSize());
    }

    void OnIpRx(Ptr<const Packet> p, Ptr<Ipv4>, uint32_t)
    {
        Ipv4Header h;
        p->PeekHeader(h);
        serverIpRx.push_back(h);
    }

    void OnIpDrop(const Ipv4Header&,
                  Ptr<const Packet>,
                  Ipv4L3Protocol::DropReason reason,
                  Ptr<Ipv4>,
                  uint32_t)
    {
        if (reason == Ipv4L3Protocol::DROP_BAD_CHECKSUM)
        {
            badChecksumDrops++;
        }
    }
};

/**
 * Client -- router -- server over point-to-point links with IPv4 and IPv6
 * (IPv6 routing as a list, so that IPv6 FORWARDING runs), UDP sinks on port
 * 9 for both versions on the server, checksums on.
 */
struct DualChain
{
    NodeContainer nodes; // 0 client, 1 router, 2 server
    NetDeviceContainer d01, d12;
    Ipv4InterfaceContainer v4a, v4b;
    Ipv6InterfaceContainer v6a, v6b;
    uint32_t rx4{0};
    uint32_t rx6{0};

    DualChain()
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        nodes.Create(3);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        d01 = p2p.Install(nodes.Get(0), nodes.Get(1));
        d12 = p2p.Install(nodes.Get(1), nodes.Get(2));
        InternetStackHelper stack;
        PfhooksHelper::ConfigureStack(stack);
        stack.Install(nodes);
        stack.AssignStreams(nodes, 500);
        NumberChain4(d01, "10.5.1.0", d12, "10.5.2.0", &v4a, &v4b);
        NumberChain6(d01, "2001:5:1::", d12, "2001:5:2::", &v6a, &v6b);
        PfhooksHelper().Install(nodes);
        PacketSinkHelper s4("ns3::UdpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 9));
        s4.Install(nodes.Get(2))
            .Get(0)
            ->TraceConnectWithoutContext("Rx", MakeCallback(&DualChain::OnRx4, this));
        PacketSinkHelper s6("ns3::UdpSocketFactory", Inet6SocketAddress(Ipv6Address::GetAny(), 9));
        s6.Install(nodes.Get(2))
            .Get(0)
            ->TraceConnectWithoutContext("Rx", MakeCallback(&DualChain::OnRx6, this));
    }

    ~DualChain()
    {
        Simulator::Destroy();
    }

    /** `n` UDP datagrams of 100 bytes over each IP version, 10 ms apart, from t=2s (after DAD). */
    void Traffic(uint32_t n)
    {
        for (Address to : {Address(InetSocketAddress(v4b.GetAddress(1), 9)),
                           Address(Inet6SocketAddress(v6b.GetAddress(1, 1), 9))})
        {
            UdpClientHelper c(to, 9);
            c.SetAttribute("MaxPackets", UintegerValue(n));
            c.SetAttribute("Interval", TimeValue(MilliSeconds(10)));
            c.SetAttribute("PacketSize", UintegerValue(100));
            c.Install(nodes.Get(0)).Start(Seconds(2));
        }
    }

    void Run(double seconds = 4)
    {
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
    }

    Ptr<PfhooksIpInstance> Ip(uint32_t i)
    {
        return PfhooksHelper::GetInstance(nodes.Get(i));
    }

    void OnRx4(Ptr<const Packet>, const Address&)
    {
        rx4++;
    }

    void OnRx6(Ptr<const Packet>, const Address&)
    {
        rx6++;
    }
};

/** A whole UDP/IPv4 datagram as bytes, checksums computed. */
inline std::vector<uint8_t>
MakeUdpDatagram(Ipv4Address src,
                Ipv4Address dst,
                uint16_t sport,
                uint16_t dport,
                uint32_t payload,
                uint8_t tos = 0)
{
    Ptr<Packet> p = Create<Packet>(payload);
    UdpHeader udp;
    udp.EnableChecksums();
    udp.InitializeChecksum(src, dst, 17);
    udp.SetSourcePort(sport);
    udp.SetDestinationPort(dport);
    p->AddHeader(udp);
    Ipv4Header ip;
    ip.EnableChecksum();
    ip.SetSource(src);
    ip.SetDestination(dst);
    ip.SetProtocol(17);
    ip.SetTtl(64);
    ip.SetTos(tos);
    ip.SetPayloadSize(p->GetSize());
    p->AddHeader(ip);
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

/** The bytes as one message block. */
inline mblk_t*
ToMblk(const std::vector<uint8_t>& b)
{
    mblk_t* mp = allocb(b.size(), BPRI_MED);
    std::memcpy(mp->b_wptr, b.data(), b.size());
    mp->b_wptr += b.size();
    return mp;
}

/** Internet checksum of a byte range (for assertions). */
inline uint16_t
Checksum(const uint8_t* b, size_t n)
{
    uint32_t sum = 0;
    for (size_t i = 0; i + 1 < n; i += 2)
    {
        sum += (b[i] << 8) | b[i + 1];
    }
    if (n & 1)
    {
        sum += b[n - 1] << 8;
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum & 0xffff);
}

} // namespace pfhooks_test

#endif
