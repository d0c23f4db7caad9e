/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Instance lifecycle and the three notification levels, through the C face
 * (net_instance_register() and friends) on real ns-3 nodes.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-neti.h"

#include <cerrno>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

std::vector<std::string> g_log;

void
Log(const std::string& s)
{
    g_log.push_back(s);
}

void*
Create1(const netid_t id)
{
    Log("create " + std::to_string(id));
    return reinterpret_cast<void*>(static_cast<intptr_t>(1000 + id));
}

void
Shutdown1(const netid_t id, void* arg)
{
    Log("shutdown " + std::to_string(id) + " " + std::to_string(reinterpret_cast<intptr_t>(arg)));
}

void
Destroy1(const netid_t id, void* arg)
{
    Log("destroy " + std::to_string(id) + " " + std::to_string(reinterpret_cast<intptr_t>(arg)));
}

class InstanceTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        g_log.clear();
        nodes.Create(2);
        InternetStackHelper stack;
        stack.Install(nodes);
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    netid_t Id(uint32_t i)
    {
        return PfhooksHelper::GetInstance(nodes.Get(i))->GetNetid();
    }

    NodeContainer nodes;
};

TEST_F(InstanceTest, CreateForExistingAndLaterInstances)
{
    PfhooksHelper helper;
    helper.Install(nodes.Get(0));
    net_instance_t* ni = net_instance_alloc(NETINFO_VERSION);
    ni->nin_name = const_cast<char*>("lifecycle");
    ni->nin_create = Create1;
    ni->nin_shutdown = Shutdown1;
    ni->nin_destroy = Destroy1;
    ASSERT_EQ(net_instance_register(ni), 0);
    netid_t a = Id(0);
    EXPECT_EQ(g_log, (std::vector<std::string>{"create " + std::to_string(a)}));

    helper.Install(nodes.Get(1));
    netid_t b = Id(1);
    EXPECT_NE(a, b);
    ASSERT_EQ(g_log.size(), 2u);
    EXPECT_EQ(g_log[1], "create " + std::to_string(b));

    g_log.clear();
    ASSERT_EQ(net_instance_unregister(ni), 0);
    // Shutdown on every instance first, then destroy on every instance,
    // newest instance first (neti_apply_all_stacks walks from the head).
    std::string sa = std::to_string(a);
    std::string sb = std::to_string(b);
    EXPECT_EQ(g_log,
              (std::vector<std::string>{"shutdown " + sb + " " + std::to_string(1000 + b),
                                        "shutdown " + sa + " " + std::to_string(1000 + a),
                                        "destroy " + sb + " " + std::to_string(1000 + b),
                                        "destroy " + sa + " " + std::to_string(1000 + a)}));
    EXPECT_EQ(net_instance_unregister(ni), -1);
    net_instance_free(ni);
}

TEST_F(InstanceTest, RegisterRefusesMissingCallbacksAndDuplicates)
{
    PfhooksHelper().Install(nodes);
    net_instance_t* ni = net_instance_alloc(NETINFO_VERSION);
    ni->nin_name = const_cast<char*>("dup");
    ni->nin_create = Create1;
    EXPECT_EQ(net_instance_register(ni), -1); // no nin_destroy
    ni->nin_destroy = Destroy1;
    ni->nin_create = nullptr;
    EXPECT_EQ(net_instance_register(ni), -1); // no nin_create
    ni->nin_create = Create1;
    EXPECT_TRUE(g_log.empty());
    ASSERT_EQ(net_instance_register(ni), 0);
    EXPECT_EQ(net_instance_register(ni), -1); // twice
    net_instance_t* other = net_instance_alloc(NETINFO_VERSION);
    *other = *ni;
    EXPECT_EQ(net_instance_register(other), -1); // name taken
    EXPECT_EQ(g_log.size(), 2u);                 // one create per instance only
    EXPECT_EQ(net_instance_unregister(ni), 0);
    EXPECT_EQ(net_instance_alloc(99), nullptr);
    net_instance_free(other);
    net_instance_free(ni);
}

TEST_F(InstanceTest, InstanceGoingAwayRunsShutdownThenDestroy)
{
    PfhooksHelper().Install(nodes);
    net_instance_t* ni = net_instance_alloc(NETINFO_VERSION);
    ni->nin_name = const_cast<char*>("going");
    ni->nin_create = Create1;
    ni->nin_shutdown = Shutdown1;
    ni->nin_destroy = Destroy1;
    ASSERT_EQ(net_instance_register(ni), 0);
    netid_t a = Id(0);
    g_log.clear();
    PfhooksHelper::GetInstance(nodes.Get(0))->Stop();
    EXPECT_EQ(g_log,
              (std::vector<std::string>{
                  "shutdown " + std::to_string(a) + " " + std::to_string(1000 + a),
                  "destroy " + std::to_string(a) + " " + std::to_string(1000 + a)}));
    EXPECT_EQ(net_protocol_lookup(a, NHF_INET), nullptr);
    // A restarted node is a new instance with a new netid.
    g_log.clear();
    PfhooksHelper::GetInstance(nodes.Get(0))->Start();
    EXPECT_NE(Id(0), a);
    EXPECT_EQ(g_log, (std::vector<std::string>{"create " + std::to_string(Id(0))}));
    ASSERT_EQ(net_instance_unregister(ni), 0);
    net_instance_free(ni);
}

// ---- notifications: names and replay order ----

struct Ctx
{
    netid_t id;
    net_handle_t inet{nullptr};
    std::vector<std::string> seen;
};

std::string
Fmt(const char* lvl, hook_notify_cmd_t cmd, const char* a, const char* b, const char* c)
{
    return std::string(lvl) + (cmd == HN_REGISTER ? " R " : " U ") + (a ? a : "-") + " " +
           (b ? b : "-") + " " + (c ? c : "-");
}

int
OnEvent(hook_notify_cmd_t cmd, void* arg, const char* p, const char* e, const char* h)
{
    static_cast<Ctx*>(arg)->seen.push_back(Fmt("E", cmd, p, e, h));
    return 0;
}

int
OnProto(hook_notify_cmd_t cmd, void* arg, const char* p, const char* e, const char* h)
{
    Ctx* ctx = static_cast<Ctx*>(arg);
    ctx->seen.push_back(Fmt("P", cmd, p, e, h));
    return 0;
}

int
OnInstance(hook_notify_cmd_t cmd, void* arg, const char* p, const char* e, const char* h)
{
    Ctx* ctx = static_cast<Ctx*>(arg);
    ctx->seen.push_back(Fmt("I", cmd, p, e, h));
    return 0;
}

Ctx g_ctx;

void*
NotifyCreate(const netid_t id)
{
    g_ctx.id = id;
    EXPECT_EQ(net_instance_notify_register(id, OnInstance, &g_ctx), 0);
    EXPECT_EQ(net_instance_notify_register(id, OnInstance, &g_ctx), EEXIST);
    return &g_ctx;
}

void
NotifyDestroy(const netid_t, void*)
{
}

TEST_F(InstanceTest, FamiliesArriveThroughInstanceNotify)
{
    g_ctx = Ctx();
    net_instance_t* ni = net_instance_alloc(NETINFO_VERSION);
    ni->nin_name = const_cast<char*>("notify");
    ni->nin_create = NotifyCreate;
    ni->nin_destroy = NotifyDestroy;
    ASSERT_EQ(net_instance_register(ni), 0);
    // The module is there before the instance: it is created first and
    // learns of the families as IP adds them, in order inet, inet6, arp.
    PfhooksHelper().Install(nodes.Get(0));
    EXPECT_EQ(g_ctx.seen,
              (std::vector<std::string>{"I R NHF_INET - inet",
                                        "I R NHF_INET6 - inet6",
                                        "I R NHF_ARP - arp"}));
    // A late registration gets the replay newest first.
    Ctx late;
    g_ctx.seen.clear();
    ASSERT_EQ(net_instance_notify_unregister(g_ctx.id, OnInstance), 0);
    EXPECT_EQ(g_ctx.seen,
              (std::vector<std::string>{"I U NHF_ARP - arp",
                                        "I U NHF_INET6 - inet6",
                                        "I U NHF_INET - inet"}));
    EXPECT_EQ(net_instance_notify_unregister(g_ctx.id, OnInstance), ESRCH);
    EXPECT_EQ(net_instance_notify_register(12345, OnInstance, &late), ESRCH);
    ASSERT_EQ(net_instance_notify_register(g_ctx.id, OnInstance, &late), 0);
    EXPECT_EQ(late.seen,
              (std::vector<std::string>{"I R NHF_ARP - arp",
                                        "I R NHF_INET6 - inet6",
                                        "I R NHF_INET - inet"}));
    ASSERT_EQ(net_instance_notify_unregister(g_ctx.id, OnInstance), 0);
    ASSERT_EQ(net_instance_unregister(ni), 0);
    net_instance_free(ni);
}

TEST_F(InstanceTest, ProtocolAndEventNotifyNamesAndReplays)
{
    PfhooksHelper().Install(nodes.Get(0));
    Ctx ctx;
    net_handle_t inet = net_protocol_lookup(Id(0), NHF_INET);
    ASSERT_NE(inet, nullptr);
    EXPECT_EQ(net_protocol_lookup(Id(0), "NHF_BOGUS"), nullptr);
    EXPECT_EQ(net_protocol_lookup(-5, NHF_INET), nullptr);
    ASSERT_EQ(net_protocol_notify_register(inet, OnProto, &ctx), 0);
    EXPECT_EQ(net_protocol_notify_register(inet, OnProto, &ctx), EEXIST);
    // Replay newest first; names are (family, event, event).
    EXPECT_EQ(ctx.seen,
              (std::vector<std::string>{"P R NHF_INET OBSERVING OBSERVING",
                                        "P R NHF_INET NIC_EVENTS NIC_EVENTS",
                                        "P R NHF_INET LOOPBACK_OUT LOOPBACK_OUT",
                                        "P R NHF_INET LOOPBACK_IN LOOPBACK_IN",
                                        "P R NHF_INET FORWARDING FORWARDING",
                                        "P R NHF_INET PHYSICAL_OUT PHYSICAL_OUT",
                                        "P R NHF_INET PHYSICAL_IN PHYSICAL_IN"}));
    ctx.seen.clear();
    hook_t* h = hook_alloc(HOOK_VERSION);
    h->h_name = const_cast<char*>("one");
    h->h_func = [](hook_event_token_t, hook_data_t, void*) { return 0; };
    ASSERT_EQ(net_hook_register(inet, const_cast<char*>(NH_PHYSICAL_IN), h), 0);
    EXPECT_EQ(net_hook_register(inet, const_cast<char*>(NH_PHYSICAL_IN), h), EEXIST);
    EXPECT_EQ(net_hook_register(inet, const_cast<char*>("NO_EVENT"), h), ENXIO);
    ASSERT_EQ(net_event_notify_register(inet, const_cast<char*>(NH_PHYSICAL_IN), OnEvent, &ctx), 0);
    EXPECT_EQ(net_event_notify_register(inet, const_cast<char*>("NO_EVENT"), OnEvent, &ctx), ESRCH);
    EXPECT_EQ(ctx.seen, (std::vector<std::string>{"E R NHF_INET PHYSICAL_IN one"}));
    ctx.seen.clear();
    ASSERT_EQ(net_hook_unregister(inet, const_cast<char*>(NH_PHYSICAL_IN), h), 0);
    EXPECT_EQ(net_hook_unregister(inet, const_cast<char*>(NH_PHYSICAL_IN), h), ENXIO);
    EXPECT_EQ(ctx.seen, (std::vector<std::string>{"E U NHF_INET PHYSICAL_IN one"}));
    ASSERT_EQ(net_event_notify_unregister(inet, const_cast<char*>(NH_PHYSICAL_IN), OnEvent), 0);
    EXPECT_EQ(net_event_notify_unregister(inet, const_cast<char*>(NH_PHYSICAL_IN), OnEvent), ESRCH);
    ctx.seen.clear();
    ASSERT_EQ(net_protocol_notify_unregister(inet, OnProto), 0);
    ASSERT_EQ(ctx.seen.size(), 7u);
    EXPECT_EQ(ctx.seen.front(), "P U NHF_INET OBSERVING OBSERVING");
    EXPECT_EQ(net_protocol_notify_unregister(inet, OnProto), ESRCH);
    EXPECT_EQ(net_protocol_release(inet), 0);
    EXPECT_EQ(net_protocol_release(inet), -1);
    ctx.seen.clear();
    // The instance going away: protocol callbacks hear every event leave.
    inet = net_protocol_lookup(Id(0), NHF_INET);
    ASSERT_EQ(net_protocol_notify_register(inet, OnProto, &ctx), 0);
    ctx.seen.clear();
    PfhooksHelper::GetInstance(nodes.Get(0))->Stop();
    ASSERT_EQ(ctx.seen.size(), 7u);
    // ipv4_hook_shutdown()'s order: FORWARDING first, OBSERVING last.
    EXPECT_EQ(ctx.seen.front(), "P U NHF_INET FORWARDING FORWARDING");
    EXPECT_EQ(ctx.seen.back(), "P U NHF_INET OBSERVING OBSERVING");
    // IP removed the family: the handle reaches nothing (illumos clears
    // netd_hooks): registering is ESHUTDOWN, unregistering ENXIO.
    EXPECT_EQ(net_hook_register(inet, const_cast<char*>(NH_PHYSICAL_IN), h), ESHUTDOWN);
    EXPECT_EQ(net_hook_unregister(inet, const_cast<char*>(NH_PHYSICAL_IN), h), ENXIO);
    EXPECT_EQ(net_protocol_notify_unregister(inet, OnProto), ENXIO);
    EXPECT_EQ(net_getnetid(inet), -1);
    EXPECT_EQ(net_protocol_release(inet), 0);
    hook_free(h);
}

// ---- teardown order, as illumos's netstack does it ----

struct Teardown
{
    netid_t id{-1};
    net_handle_t inet{nullptr};
    hook_t* inShutdown{nullptr}; // full.c style: unregistered in nin_shutdown
    hook_t* inDestroy{nullptr};  // pamp_drv.c style: unregistered in nin_destroy
    int shutdownUnregister{-1};
    int destroyUnregister{-1};
};

Teardown g_td;

int
TdProto(hook_notify_cmd_t cmd, void*, const char* p, const char* e, const char*)
{
    g_log.push_back(std::string(cmd == HN_REGISTER ? "event+ " : "event- ") + e);
    return 0;
}

int
TdAccept(hook_event_token_t, hook_data_t, void*)
{
    return 0;
}

void*
TdCreate(const netid_t id)
{
    g_td.id = id;
    return &g_td;
}

void
TdShutdown(const netid_t, void* arg)
{
    auto* td = static_cast<Teardown*>(arg);
    g_log.push_back("nin_shutdown");
    td->shutdownUnregister =
        net_hook_unregister(td->inet, const_cast<char*>(NH_PHYSICAL_IN), td->inShutdown);
}

void
TdDestroy(const netid_t, void* arg)
{
    auto* td = static_cast<Teardown*>(arg);
    g_log.push_back("nin_destroy");
    td->destroyUnregister =
        net_hook_unregister(td->inet, const_cast<char*>(NH_PHYSICAL_OUT), td->inDestroy);
}

TEST_F(InstanceTest, TeardownFollowsIllumosModuleOrder)
{
    g_td = Teardown();
    PfhooksHelper().Install(nodes.Get(0));
    net_instance_t* ni = net_instance_alloc(NETINFO_VERSION);
    ni->nin_name = const_cast<char*>("teardown");
    ni->nin_create = TdCreate;
    ni->nin_shutdown = TdShutdown;
    ni->nin_destroy = TdDestroy;
    ASSERT_EQ(net_instance_register(ni), 0);
    g_td.inet = net_protocol_lookup(g_td.id, NHF_INET);
    HOOK_INIT(g_td.inShutdown, TdAccept, const_cast<char*>("a"), nullptr);
    HOOK_INIT(g_td.inDestroy, TdAccept, const_cast<char*>("b"), nullptr);
    ASSERT_EQ(net_hook_register(g_td.inet, const_cast<char*>(NH_PHYSICAL_IN), g_td.inShutdown), 0);
    ASSERT_EQ(net_hook_register(g_td.inet, const_cast<char*>(NH_PHYSICAL_OUT), g_td.inDestroy), 0);
    ASSERT_EQ(net_protocol_notify_register(g_td.inet, TdProto, nullptr), 0);
    g_log.clear();
    PfhooksHelper::GetInstance(nodes.Get(0))->Stop();
    // IP announces the departures first, then the module's shutdown, then
    // (after IP removed its families) the module's destroy.
    ASSERT_EQ(g_log.size(), 9u);
    EXPECT_EQ(g_log[0], "event- FORWARDING"); // ipv4_hook_shutdown()'s order
    EXPECT_EQ(g_log[6], "event- OBSERVING");
    EXPECT_EQ(g_log[7], "nin_shutdown");
    EXPECT_EQ(g_log[8], "nin_destroy");
    // Unregistering in nin_shutdown works; in nin_destroy the family is gone
    // (illumos: ENXIO, the hook stays on the dead event).
    EXPECT_EQ(g_td.shutdownUnregister, 0);
    EXPECT_EQ(g_td.destroyUnregister, ENXIO);
    EXPECT_EQ(net_protocol_release(g_td.inet), 0);
    hook_free(g_td.inShutdown);
    hook_free(g_td.inDestroy);
    ASSERT_EQ(net_instance_unregister(ni), 0);
    net_instance_free(ni);
}

} // namespace
