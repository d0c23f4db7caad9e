/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What the zone tests share: a net instance written with the C face that
 * records every create, shutdown and destroy and flags any hook of a gone
 * instance that runs (the probe), a CSMA LAN of permanent nodes and zones,
 * and the gtest fixture that resets the probe and notes the live message
 * blocks and handles before each test.
 */
#ifndef PFHOOKS_TEST_ZONE_PROBE_H
#define PFHOOKS_TEST_ZONE_PROBE_H

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-mblk.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/pfhooks-zone-helper.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <gtest/gtest.h>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace pfhooks_test
{
using namespace ns3; // test-local header: the probe is written as the tests are

// ---- a module written with the C face ----

/** What the module keeps per instance (never freed during a run: checked after). */
struct ProbeState
{
    netid_t netid{-1};
    bool shutDown{false};
    bool destroyed{false};
    net_handle_t handles[3]{};
    hook_t* hooks[3]{};   //!< unregistered when IP announces the family's departure
    hook_t* left[3]{};    //!< left registered on purpose, as pamp_drv does
    bool familyGone[3]{}; //!< IP announced the family's departure
    hook_t* nic{nullptr}; //!< inet NIC_EVENTS
    double haltedAt{-1};  //!< when shutdown ran
    uint64_t runs{0};     //!< hook runs on this instance
};

inline const char* const kFamilies[3] = {NHF_INET, NHF_INET6, NHF_ARP};

inline std::map<netid_t, ProbeState*> g_states;
inline std::map<netid_t, std::vector<std::string>> g_order; // per instance, in order
inline std::vector<std::string> g_callbacks; // every create/shutdown/destroy, in order
inline uint64_t g_violations = 0;            // a hook of a gone instance ran
inline uint64_t g_hookRuns = 0;

inline int
FamilyIndex(const char* name)
{
    for (int i = 0; i < 3; i++)
    {
        if (name != nullptr && std::strcmp(name, kFamilies[i]) == 0)
        {
            return i;
        }
    }
    return -1;
}

inline int
ProbeHook(hook_event_token_t, hook_data_t, void* arg)
{
    auto* s = static_cast<ProbeState*>(arg);
    g_hookRuns++;
    s->runs++;
    if (s->shutDown || s->destroyed ||
        PfhooksNetInstanceRegistry::Get().GetIpInstance(s->netid) == nullptr)
    {
        g_violations++;
        ADD_FAILURE() << "hook of instance " << s->netid << " ran at "
                      << Simulator::Now().GetSeconds() << " s after its halt";
    }
    return 0;
}

inline hook_t*
MakeHook(const char* name, void* arg)
{
    hook_t* h = hook_alloc(HOOK_VERSION);
    h->h_name = const_cast<char*>(name);
    h->h_func = ProbeHook;
    h->h_arg = arg;
    return h;
}

inline std::map<netid_t, std::vector<int>> g_nicEvents; // per instance: inet NIC events seen

inline int
NicHook(hook_event_token_t, hook_data_t data, void* arg)
{
    auto* s = static_cast<ProbeState*>(arg);
    EXPECT_FALSE(s->shutDown);
    g_nicEvents[s->netid].push_back(reinterpret_cast<hook_nic_event_t*>(data)->hne_event);
    return 0;
}

inline int
ProbeEvent(hook_notify_cmd_t cmd, void* arg, const char* proto, const char* event, const char*)
{
    auto* s = static_cast<ProbeState*>(arg);
    int f = FamilyIndex(proto);
    if (f == 0 && cmd == HN_REGISTER && event != nullptr && s->nic == nullptr &&
        std::strcmp(event, NH_NIC_EVENTS) == 0)
    {
        // Left on purpose too: it must go quiet with its instance.
        s->nic = hook_alloc(HOOK_VERSION);
        s->nic->h_name = const_cast<char*>("zone-nic");
        s->nic->h_func = NicHook;
        s->nic->h_arg = s;
        EXPECT_EQ(net_hook_register(s->handles[f], const_cast<char*>(NH_NIC_EVENTS), s->nic), 0);
    }
    if (f < 0 || event == nullptr || std::strcmp(event, NH_PHYSICAL_IN) != 0)
    {
        return 0;
    }
    if (cmd == HN_REGISTER && s->hooks[f] == nullptr)
    {
        g_order[s->netid].push_back(std::string("+") + proto + ":" + event);
        s->hooks[f] = MakeHook("zone-probe", s);
        EXPECT_EQ(net_hook_register(s->handles[f], const_cast<char*>(NH_PHYSICAL_IN), s->hooks[f]),
                  0);
        s->left[f] = MakeHook("zone-left", s);
        EXPECT_EQ(net_hook_register(s->handles[f], const_cast<char*>(NH_PHYSICAL_IN), s->left[f]),
                  0);
    }
    else if (cmd == HN_UNREGISTER && s->hooks[f] != nullptr)
    {
        g_order[s->netid].push_back(std::string("-") + proto + ":" + event);
        EXPECT_EQ(
            net_hook_unregister(s->handles[f], const_cast<char*>(NH_PHYSICAL_IN), s->hooks[f]),
            0);
        hook_free(s->hooks[f]);
        s->hooks[f] = nullptr;
    }
    return 0;
}

inline int
ProbeFamily(hook_notify_cmd_t cmd, void* arg, const char* proto, const char*, const char*)
{
    auto* s = static_cast<ProbeState*>(arg);
    int f = FamilyIndex(proto);
    if (f < 0)
    {
        return 0;
    }
    // As illumos modules do: a family's handle when it appears, its events
    // through the protocol notification.
    if (cmd == HN_REGISTER && s->handles[f] == nullptr)
    {
        g_order[s->netid].push_back(std::string("+") + proto);
        s->handles[f] = net_protocol_lookup(s->netid, proto);
        EXPECT_NE(s->handles[f], nullptr);
        EXPECT_EQ(net_protocol_notify_register(s->handles[f], ProbeEvent, s), 0);
    }
    else if (cmd == HN_UNREGISTER && s->handles[f] != nullptr && !s->familyGone[f])
    {
        g_order[s->netid].push_back(std::string("-") + proto);
        s->familyGone[f] = true;
    }
    return 0;
}

inline void*
ProbeCreate(const netid_t netid)
{
    auto* s = new ProbeState;
    s->netid = netid;
    EXPECT_EQ(g_states.count(netid), 0u) << "create twice for " << netid;
    g_states[netid] = s;
    g_order[netid].push_back("create");
    g_callbacks.push_back("create " + std::to_string(netid));
    EXPECT_EQ(net_instance_notify_register(netid, ProbeFamily, s), 0);
    return s;
}

inline void
ProbeShutdown(const netid_t netid, void* arg)
{
    auto* s = static_cast<ProbeState*>(arg);
    EXPECT_EQ(s->netid, netid);
    EXPECT_FALSE(s->shutDown);
    s->shutDown = true;
    s->haltedAt = Simulator::Now().GetSeconds();
    g_order[netid].push_back("shutdown");
    g_callbacks.push_back("shutdown " + std::to_string(netid));
    for (int f = 0; f < 3; f++)
    {
        if (s->handles[f] != nullptr)
        {
            // Through a condemned handle: unregistering still works.
            net_protocol_notify_unregister(s->handles[f], ProbeEvent);
        }
    }
    net_instance_notify_unregister(netid, ProbeFamily);
}

inline void
ProbeDestroy(const netid_t netid, void* arg)
{
    auto* s = static_cast<ProbeState*>(arg);
    EXPECT_EQ(s->netid, netid);
    EXPECT_TRUE(s->shutDown);
    s->destroyed = true;
    g_order[netid].push_back("destroy");
    g_callbacks.push_back("destroy " + std::to_string(netid));
    // The left hooks stay on the dead events (their copies are the
    // framework's); the handles go.
    for (int f = 0; f < 3; f++)
    {
        if (s->handles[f] != nullptr)
        {
            EXPECT_EQ(net_protocol_release(s->handles[f]), 0);
            s->handles[f] = nullptr;
        }
        hook_free(s->left[f]);
        s->left[f] = nullptr;
    }
    hook_free(s->nic);
    s->nic = nullptr;
}

inline void
ResetProbe()
{
    for (auto& [id, s] : g_states)
    {
        delete s;
    }
    g_states.clear();
    g_nicEvents.clear();
    g_order.clear();
    g_callbacks.clear();
    g_violations = 0;
    g_hookRuns = 0;
}

inline net_instance_t*
RegisterProbe()
{
    net_instance_t* ni = net_instance_alloc(NETINFO_VERSION);
    ni->nin_name = const_cast<char*>("zone-probe");
    ni->nin_create = ProbeCreate;
    ni->nin_shutdown = ProbeShutdown;
    ni->nin_destroy = ProbeDestroy;
    EXPECT_EQ(net_instance_register(ni), 0);
    return ni;
}

// ---- the LAN ----

/** Permanent nodes and zones on one CSMA LAN, IPv4 and IPv6. */
struct Lan
{
    NodeContainer perm;
    NodeContainer zones;
    Ipv4InterfaceContainer v4;
    Ipv6InterfaceContainer v6;
    std::vector<Ipv4Address> addr4; //!< per node
    std::vector<Ipv6Address> addr6; //!< per node, global

    Lan(uint32_t nPerm, uint32_t nZones)
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        // Re-added addresses are usable at once (DAD would hold them a second).
        Config::SetDefault("ns3::Icmpv6L4Protocol::DAD", BooleanValue(false));
        perm.Create(nPerm);
        zones.Create(nZones);
        NodeContainer all(perm, zones);
        InternetStackHelper stack;
        PfhooksHelper::ConfigureStack(stack);
        stack.Install(all);
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(5)));
        NetDeviceContainer devs = csma.Install(all);
        // Fixed streams: ns-3 numbers the others on from the previous run in
        // the process, and the test runs twice.
        stack.AssignStreams(all, 100);
        csma.AssignStreams(devs, 1000);
        Ipv4AddressHelper a4;
        a4.SetBase("10.1.0.0", "255.255.0.0");
        v4 = a4.Assign(devs);
        Ipv6AddressHelper a6;
        a6.SetBase(Ipv6Address("2001:db8::"), Ipv6Prefix(64));
        v6 = a6.Assign(devs);
        // Read now: a halted zone has no addresses for the containers to read.
        for (uint32_t i = 0; i < all.GetN(); i++)
        {
            addr4.push_back(v4.GetAddress(i));
            addr6.push_back(v6.GetAddress(i, 1));
        }
    }

    /// The DAD default goes back: tests run after this one in the same
    /// process (gtest's own runner) rely on duplicate address detection.
    ~Lan()
    {
        Config::SetDefault("ns3::Icmpv6L4Protocol::DAD", BooleanValue(true));
    }

    uint32_t N() const
    {
        return perm.GetN() + zones.GetN();
    }
};

/** Where a packet was received, and when. */
struct Rx
{
    std::vector<std::vector<double>> atZone4;  //!< per zone: IPv4 arrivals
    std::vector<std::vector<double>> atZone6;  //!< per zone: IPv6 arrivals
    std::vector<std::vector<double>> fromZone; //!< per zone: its datagrams node 2 got
    uint32_t perm4{0};
    uint32_t perm6{0};
};

/** Resets the probe around every test and notes what must not leak. */
class ZoneTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        ResetProbe();
        mblkBefore = pfhooks_mblk_live();
        handlesBefore = PfhooksNetInstanceRegistry::Get().GetOutstandingHandles();
    }

    void TearDown() override
    {
        Simulator::Destroy();
        ResetProbe();
    }

    uint64_t mblkBefore{0};
    uint32_t handlesBefore{0};
};

} // namespace pfhooks_test

#endif /* PFHOOKS_TEST_ZONE_PROBE_H */
