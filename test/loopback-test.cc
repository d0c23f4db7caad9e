/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * LOOPBACK_OUT / LOOPBACK_IN: traffic a node sends to itself, through the
 * loopback device (127.0.0.1, ::1) or to an address of its own physical
 * interface, runs the loopback events and no physical one.
 */
#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/pfhooks-helper.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

std::vector<std::string> g_seen;
bool g_dropIn = false;

/// The loopback entries of g_seen (physical ones also include IPv6 neighbour discovery).
std::vector<std::string>
LoopbackSeen()
{
    std::vector<std::string> loop;
    for (const auto& x : g_seen)
    {
        if (x.find("LOOPBACK") != std::string::npos)
        {
            loop.push_back(x);
        }
    }
    return loop;
}

int
Record(PacketHookContext& ctx)
{
    g_seen.push_back(ctx.GetFamilyName() + " " + ctx.GetEventName() + " " +
                     std::to_string(ctx.GetInInterface()) + "/" +
                     std::to_string(ctx.GetOutInterface()));
    return g_dropIn && ctx.GetEventName() == NH_LOOPBACK_IN;
}

struct SelfTalk
{
    NodeContainer n;
    NetDeviceContainer d;
    Ipv4InterfaceContainer v4;
    Ipv6InterfaceContainer v6;
    uint32_t rx{0};
    Ptr<Socket> s4;
    Ptr<Socket> s6;

    SelfTalk()
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        n.Create(2);
        CsmaHelper csma;
        d = csma.Install(n);
        InternetStackHelper stack;
        stack.Install(n);
        stack.AssignStreams(n, 400);
        Ipv4AddressHelper a4;
        a4.SetBase("10.8.0.0", "255.255.255.0");
        v4 = a4.Assign(d);
        Ipv6AddressHelper a6;
        a6.SetBase(Ipv6Address("2001:db8:8::"), Ipv6Prefix(64));
        v6 = a6.Assign(d);
        PfhooksHelper().Install(n);
        Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(n.Get(0));
        for (const char* fam : {NHF_INET, NHF_INET6})
        {
            for (const char* ev :
                 {NH_LOOPBACK_OUT, NH_LOOPBACK_IN, NH_PHYSICAL_IN, NH_PHYSICAL_OUT})
            {
                EXPECT_EQ(ip->AddPacketHook(fam, ev, "rec", MakeCallback(&Record)), 0);
            }
        }
        PacketSinkHelper sink4("ns3::UdpSocketFactory",
                               InetSocketAddress(Ipv4Address::GetAny(), 9));
        sink4.Install(n.Get(0)).Get(0)->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(&SelfTalk::OnRx, this));
        PacketSinkHelper sink6("ns3::UdpSocketFactory",
                               Inet6SocketAddress(Ipv6Address::GetAny(), 9));
        sink6.Install(n.Get(0)).Get(0)->TraceConnectWithoutContext(
            "Rx",
            MakeCallback(&SelfTalk::OnRx, this));
        s4 = Socket::CreateSocket(n.Get(0), UdpSocketFactory::GetTypeId());
        s4->Bind();
        s6 = Socket::CreateSocket(n.Get(0), UdpSocketFactory::GetTypeId());
        s6->Bind6();
    }

    ~SelfTalk()
    {
        Simulator::Destroy();
    }

    void OnRx(Ptr<const Packet>, const Address&)
    {
        rx++;
    }

    void Send(Address to, Ptr<Socket> s)
    {
        Simulator::Schedule(Seconds(2), [s, to]() { s->SendTo(Create<Packet>(64), 0, to); });
    }

    void Run()
    {
        Simulator::Stop(Seconds(3));
        Simulator::Run();
    }
};

TEST(LoopbackTest, LoopbackDeviceRunsOutThenIn)
{
    g_seen.clear();
    g_dropIn = false;
    SelfTalk t;
    t.Send(InetSocketAddress(Ipv4Address("127.0.0.1"), 9), t.s4);
    t.Send(Inet6SocketAddress(Ipv6Address("::1"), 9), t.s6);
    t.Run();
    EXPECT_EQ(t.rx, 2u); // delivered once each: the handler was replaced, not doubled
    std::vector<std::string> loop = LoopbackSeen();
    ASSERT_EQ(loop.size(), 4u);
    // The loopback device is the node's last device (ns-3 adds it after the CSMA one).
    std::string lo = std::to_string(t.n.Get(0)->GetNDevices());
    EXPECT_EQ(loop[0], "NHF_INET LOOPBACK_OUT 0/" + lo);
    EXPECT_EQ(loop[1], "NHF_INET LOOPBACK_IN " + lo + "/0");
    EXPECT_EQ(loop[2], "NHF_INET6 LOOPBACK_OUT 0/" + lo);
    EXPECT_EQ(loop[3], "NHF_INET6 LOOPBACK_IN " + lo + "/0");
}

TEST(LoopbackTest, OwnPhysicalAddressIsLoopbackNotPhysical)
{
    g_seen.clear();
    g_dropIn = false;
    SelfTalk t;
    t.Send(InetSocketAddress(t.v4.GetAddress(0), 9), t.s4);
    t.Send(Inet6SocketAddress(t.v6.GetAddress(0, 1), 9), t.s6);
    t.Run();
    EXPECT_EQ(t.rx, 2u);
    std::string eth = std::to_string(PfhooksIpInstance::PhyIf(t.d.Get(0)));
    std::vector<std::string> loop = LoopbackSeen();
    ASSERT_EQ(loop.size(), 4u);
    EXPECT_EQ(loop[0], "NHF_INET LOOPBACK_OUT 0/" + eth);
    EXPECT_EQ(loop[1], "NHF_INET LOOPBACK_IN " + eth + "/0");
    EXPECT_EQ(loop[2], "NHF_INET6 LOOPBACK_OUT 0/" + eth);
    EXPECT_EQ(loop[3], "NHF_INET6 LOOPBACK_IN " + eth + "/0");
    // Nothing of this crossed a physical event (only neighbour discovery did).
    for (const auto& x : g_seen)
    {
        if (x.find("PHYSICAL") != std::string::npos)
        {
            EXPECT_EQ(x.find("NHF_INET "), std::string::npos) << x;
        }
    }
}

TEST(LoopbackTest, DropInLoopbackInStopsDelivery)
{
    g_seen.clear();
    g_dropIn = true;
    SelfTalk t;
    t.Send(InetSocketAddress(Ipv4Address("127.0.0.1"), 9), t.s4);
    t.Send(InetSocketAddress(t.v4.GetAddress(0), 9), t.s4);
    t.Send(Inet6SocketAddress(Ipv6Address("::1"), 9), t.s6);
    t.Run();
    g_dropIn = false;
    EXPECT_EQ(t.rx, 0u);
    Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(t.n.Get(0));
    EXPECT_EQ(ip->GetCounters(PFH_INET, PFH_LOOPBACK_IN).dropped, 2u);
    EXPECT_EQ(ip->GetCounters(PFH_INET6, PFH_LOOPBACK_IN).dropped, 1u);
}

} // namespace
