/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * PfhooksHelper::Install's short cuts keep what Install did: a new
 * instance takes the attribute defaults as they are now, an instance the
 * user aggregated is booted rather than replaced, node ids of a new run
 * get new instances, and the families and events are those illumos's IP
 * makes, newest first, found by name whichever way they were added.
 */
#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/internet-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-hook-family.h"
#include "ns3/pfhooks-hook-stack.h"
#include "ns3/pfhooks-net-instance-registry.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/pfhooks-node-tap.h"

#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

NodeContainer
Nodes(uint32_t n)
{
    NodeContainer nodes;
    nodes.Create(n);
    InternetStackHelper().Install(nodes);
    return nodes;
}

bool
CheckOf(Ptr<PfhooksIpInstance> ip)
{
    BooleanValue v;
    ip->GetAttribute("CheckRewriteChecksums", v);
    return v.Get();
}

TEST(Install, NewInstancesTakeTheAttributeDefaultsAsNowSet)
{
    NodeContainer nodes = Nodes(3);
    PfhooksHelper().Install(nodes.Get(0));
    Config::SetDefault("ns3::PfhooksIpInstance::CheckRewriteChecksums", BooleanValue(false));
    PfhooksHelper().Install(nodes.Get(1));
    Config::SetDefault("ns3::PfhooksIpInstance::CheckRewriteChecksums", BooleanValue(true));
    PfhooksHelper().Install(nodes.Get(2));
    EXPECT_TRUE(CheckOf(PfhooksHelper::GetInstance(nodes.Get(0))));
    EXPECT_FALSE(CheckOf(PfhooksHelper::GetInstance(nodes.Get(1))));
    EXPECT_TRUE(CheckOf(PfhooksHelper::GetInstance(nodes.Get(2))));
    // Every one is its own object of its own TypeId, running.
    EXPECT_NE(PfhooksHelper::GetInstance(nodes.Get(0)), PfhooksHelper::GetInstance(nodes.Get(1)));
    for (uint32_t i = 0; i < 3; i++)
    {
        Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(nodes.Get(i));
        EXPECT_EQ(ip->GetInstanceTypeId(), PfhooksIpInstance::GetTypeId());
        EXPECT_EQ(ip->GetTap()->GetInstanceTypeId(), PfhooksNodeTap::GetTypeId());
        EXPECT_TRUE(ip->IsRunning());
    }
    Simulator::Destroy();
}

TEST(Install, AnInstanceAggregatedBeforeIsBootedNotReplaced)
{
    NodeContainer nodes = Nodes(1);
    Ptr<PfhooksIpInstance> mine = CreateObject<PfhooksIpInstance>();
    mine->SetAttribute("CheckRewriteChecksums", BooleanValue(false));
    nodes.Get(0)->AggregateObject(mine);
    EXPECT_FALSE(mine->IsRunning());
    EXPECT_EQ(PfhooksHelper().Install(nodes.Get(0)), mine);
    EXPECT_TRUE(mine->IsRunning());
    EXPECT_FALSE(CheckOf(PfhooksHelper::GetInstance(nodes.Get(0))));
    // Installing again boots nothing twice.
    netid_t id = mine->GetNetid();
    EXPECT_EQ(PfhooksHelper().Install(nodes.Get(0)), mine);
    EXPECT_EQ(mine->GetNetid(), id);
    Simulator::Destroy();
}

TEST(Install, NodeIdsOfANewRunGetNewInstances)
{
    std::vector<Ptr<PfhooksIpInstance>> first;
    {
        NodeContainer nodes = Nodes(2);
        PfhooksHelper().Install(nodes);
        first = {PfhooksHelper::GetInstance(nodes.Get(0)),
                 PfhooksHelper::GetInstance(nodes.Get(1))};
        Simulator::Destroy();
    }
    NodeContainer nodes = Nodes(2);
    EXPECT_EQ(nodes.Get(0)->GetId(), 0u); // the ids of the run before
    EXPECT_FALSE(PfhooksHelper::GetInstance(nodes.Get(0)));
    PfhooksHelper().Install(nodes);
    for (uint32_t i = 0; i < 2; i++)
    {
        Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(nodes.Get(i));
        ASSERT_TRUE(ip);
        EXPECT_NE(ip, first[i]);
        EXPECT_TRUE(ip->IsRunning());
        EXPECT_FALSE(first[i]->IsRunning());
        EXPECT_EQ(ip->GetNode(), nodes.Get(i));
    }
    Simulator::Destroy();
}

TEST(Install, FamiliesAndEventsAreIpsNewestFirstAndFoundByName)
{
    NodeContainer nodes = Nodes(1);
    PfhooksHelper().Install(nodes);
    Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(nodes.Get(0));
    Ptr<PfhooksHookStack> stack = PfhooksNetInstanceRegistry::Get().GetStack(ip->GetNetid());
    ASSERT_TRUE(stack);
    EXPECT_EQ(stack->GetFamilyNames(), (std::vector<std::string>{NHF_ARP, NHF_INET6, NHF_INET}));
    const std::vector<std::string> ipEvents{NH_OBSERVING,
                                            NH_NIC_EVENTS,
                                            NH_LOOPBACK_OUT,
                                            NH_LOOPBACK_IN,
                                            NH_FORWARDING,
                                            NH_PHYSICAL_OUT,
                                            NH_PHYSICAL_IN};
    Ptr<PfhooksHookFamily> inet = stack->FindFamily(NHF_INET);
    ASSERT_TRUE(inet);
    EXPECT_EQ(inet->GetEventNames(), ipEvents);
    EXPECT_EQ(stack->FindFamily(NHF_INET6)->GetEventNames(), ipEvents);
    EXPECT_EQ(stack->FindFamily(NHF_ARP)->GetEventNames(),
              (std::vector<std::string>{NH_NIC_EVENTS, NH_PHYSICAL_OUT, NH_PHYSICAL_IN}));
    // Names made at boot and names a caller spells are the same names.
    EXPECT_EQ(inet->FindEvent(NH_PHYSICAL_IN), ip->GetEvent(NHF_INET, NH_PHYSICAL_IN));
    EXPECT_FALSE(inet->AddEvent(std::string(NH_PHYSICAL_IN)));
    EXPECT_FALSE(inet->AddEvent(PfhooksHookEvent::InternNames(NHF_INET, NH_FORWARDING)));
    EXPECT_FALSE(stack->AddFamily(std::string(NHF_INET)));
    Ptr<PfhooksHookEvent> mine = inet->AddEvent(PfhooksHookEvent::InternNames(NHF_INET, "mine"));
    ASSERT_TRUE(mine);
    EXPECT_EQ(inet->FindEvent("mine"), mine);
    EXPECT_EQ(inet->GetEventNames().front(), "mine");
    EXPECT_FALSE(inet->AddEvent(std::string("mine")));
    EXPECT_EQ(inet->RemoveEvent("mine"), 0);
    // IP's own handle is the one net_protocol_lookup hands out.
    net_handle_t h = net_protocol_lookup(ip->GetNetid(), NHF_INET);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->family, inet);
    EXPECT_EQ(net_protocol_release(h), 0);
    EXPECT_EQ(net_protocol_release(h), -1); // IP's own reference is not counted
    Simulator::Destroy();
}

} // namespace
