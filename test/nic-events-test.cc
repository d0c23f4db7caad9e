/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * NIC_EVENTS: interface and address changes of a running simulation reach
 * the hooks as hook_nic_event_t, queued as illumos queues them.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/point-to-point-module.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

std::vector<std::string> g_events;

int
RecordNic(hook_event_token_t, hook_data_t data, void*)
{
    const auto* e = reinterpret_cast<const hook_nic_event_t*>(data);
    std::string s = std::to_string(e->hne_event) + " nic " + std::to_string(e->hne_nic) + " lif " +
                    std::to_string(e->hne_lif);
    if (e->hne_data != nullptr)
    {
        EXPECT_EQ(e->hne_datalen, sizeof(struct sockaddr_in));
        const auto* sin = static_cast<const struct sockaddr_in*>(e->hne_data);
        char buf[INET_ADDRSTRLEN];
        inet_ntop(AF_INET, &sin->sin_addr, buf, sizeof(buf));
        s += std::string(" ") + buf;
    }
    g_events.push_back(s);
    return 1; // read-only event: the verdict changes nothing
}

TEST(NicEventsTest, InterfaceAndAddressChangesWhileRunning)
{
    g_events.clear();
    NodeContainer n;
    n.Create(2);
    PointToPointHelper p2p;
    NetDeviceContainer d = p2p.Install(n);
    InternetStackHelper().Install(n);
    Ipv4AddressHelper a;
    a.SetBase("10.5.0.0", "255.255.255.0");
    a.Assign(d);
    PfhooksHelper().Install(n);
    Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(n.Get(0));
    net_handle_t inet = net_protocol_lookup(ip->GetNetid(), NHF_INET);
    hook_t h{};
    h.h_func = RecordNic;
    h.h_name = const_cast<char*>("nic");
    ASSERT_EQ(net_hook_register(inet, const_cast<char*>(NH_NIC_EVENTS), &h), 0);

    Ptr<Ipv4> ipv4 = n.Get(0)->GetObject<Ipv4>();
    uint32_t i = ipv4->GetInterfaceForDevice(d.Get(0));
    std::string nic = std::to_string(PfhooksIpInstance::PhyIf(d.Get(0)));
    Simulator::Schedule(Seconds(1), [=]() { ipv4->SetDown(i); });
    Simulator::Schedule(Seconds(1.5), [=]() { ipv4->SetUp(i); });
    Simulator::Schedule(Seconds(2), [=]() {
        ipv4->AddAddress(i, Ipv4InterfaceAddress("10.9.9.1", "255.255.255.0"));
    });
    Simulator::Schedule(Seconds(2.5), [=]() { ipv4->RemoveAddress(i, 1); });
    // A new link plumbed while the simulation runs.
    Ptr<NetDevice> fresh;
    Simulator::Schedule(Seconds(3), [&]() {
        NetDeviceContainer d2 = p2p.Install(n);
        fresh = d2.Get(0);
        int32_t j = ipv4->AddInterface(fresh);
        ipv4->AddAddress(j, Ipv4InterfaceAddress("10.6.0.1", "255.255.255.0"));
        ipv4->SetUp(j);
    });
    Simulator::Stop(Seconds(4));
    Simulator::Run();

    ASSERT_TRUE(fresh);
    std::string nic2 = std::to_string(PfhooksIpInstance::PhyIf(fresh));
    EXPECT_EQ(g_events,
              (std::vector<std::string>{
                  std::to_string(NE_DOWN) + " nic " + nic + " lif 0",
                  std::to_string(NE_UP) + " nic " + nic + " lif 0",
                  std::to_string(NE_LIF_UP) + " nic " + nic + " lif 2 10.9.9.1",
                  std::to_string(NE_ADDRESS_CHANGE) + " nic " + nic + " lif 2 10.9.9.1",
                  std::to_string(NE_LIF_DOWN) + " nic " + nic + " lif 0 10.9.9.1",
                  std::to_string(NE_PLUMB) + " nic " + nic2 + " lif 0",
                  std::to_string(NE_LIF_UP) + " nic " + nic2 + " lif 1 10.6.0.1",
                  std::to_string(NE_ADDRESS_CHANGE) + " nic " + nic2 + " lif 1 10.6.0.1",
                  std::to_string(NE_UP) + " nic " + nic2 + " lif 0",
              }));
    EXPECT_EQ(ip->GetEvent(PFH_INET, PFH_NIC_EVENTS)->m_events, g_events.size());
    // The new link is tapped: its traffic would run the physical events.
    EXPECT_EQ(net_hook_unregister(inet, const_cast<char*>(NH_NIC_EVENTS), &h), 0);
    net_protocol_release(inet);
    Simulator::Destroy();
}

} // namespace
