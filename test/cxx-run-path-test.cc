/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The run of a packet event whose hooks are C++ hooks that never look at
 * the message (the message pending, the hook loop inline in the seam's
 * run): what changes during such a run (a C hook added, a hook removed)
 * and what it counts are what the full run gives.
 */
#include "scenario.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

typedef std::vector<uint8_t> Bytes;

Bytes
Read(PacketHookContext& ctx)
{
    const uint8_t* b = ctx.GetBytes();
    return Bytes(b, b + ctx.GetSize());
}

std::vector<Bytes> g_sent;     // the router's IPv4 PHYSICAL_OUT towards the server
std::vector<Bytes> g_cHookSaw; // the late C hook's message bytes
uint32_t g_blindCalls = 0;
uint32_t g_cHookCalls = 0;
uint32_t g_cHookBad = 0; // calls whose hook_pkt_event_t was not a whole message
phy_if_t g_towardsServer = 0;
phy_if_t g_serverIn = 0;
Ptr<PfhooksHookEvent> g_event; // the server's IPv4 PHYSICAL_IN

void
Reset()
{
    g_sent.clear();
    g_cHookSaw.clear();
    g_blindCalls = 0;
    g_cHookCalls = 0;
    g_cHookBad = 0;
    g_event = nullptr;
}

int
RecordSent(PacketHookContext& ctx)
{
    if (ctx.GetOutInterface() == g_towardsServer)
    {
        g_sent.push_back(Read(ctx));
    }
    return 0;
}

/// A C hook: what it is given must be a message as the full run makes it.
int
LateCHook(hook_event_token_t, hook_data_t info, void*)
{
    g_cHookCalls++;
    auto* hpe = reinterpret_cast<hook_pkt_event_t*>(info);
    mblk_t* mp = hpe->hpe_mp != nullptr ? *hpe->hpe_mp : nullptr;
    if (mp == nullptr || hpe->hpe_mb != mp || hpe->hpe_hdr != mp->b_rptr ||
        hpe->hpe_ifp != g_serverIn || hpe->hpe_ofp != 0 || hpe->hpe_flags != 0 ||
        hpe->hpe_protocol == nullptr)
    {
        g_cHookBad++;
        return 0;
    }
    g_cHookSaw.push_back(Bytes(mp->b_rptr, mp->b_wptr));
    return 0;
}

hook_t g_late{};

/// Blind; on its first call puts the C hook behind itself.
int
BlindAddingCHook(PacketHookContext&)
{
    if (g_blindCalls++ == 0)
    {
        g_late = hook_t{};
        g_late.h_version = HOOK_VERSION;
        g_late.h_name = const_cast<char*>("late-c");
        g_late.h_func = &LateCHook;
        g_late.h_hint = HH_NONE;
        EXPECT_EQ(g_event->Register(&g_late), 0);
    }
    return 0;
}

uint32_t g_secondCalls = 0;

/// Blind; on its first call removes the hook behind it.
int
BlindRemovingSecond(PacketHookContext&)
{
    if (g_blindCalls++ == 0)
    {
        EXPECT_EQ(g_event->Unregister("second"), 0);
    }
    return 0;
}

int
Second(PacketHookContext&)
{
    g_secondCalls++;
    return 0;
}

/// Blind; drops every other datagram it is given.
int
DropEveryOther(PacketHookContext&)
{
    return g_blindCalls++ % 2;
}

/// The kstats of a hook of the event, by name (hits 0 when absent).
PfhooksHookKstat
KstatOf(const Ptr<PfhooksHookEvent>& ev, const std::string& name)
{
    for (const PfhooksHookKstat& k : ev->GetHookKstats())
    {
        if (k.name == name)
        {
            return k;
        }
    }
    return PfhooksHookKstat{};
}

std::vector<uint32_t> g_sizes; // GetSize() alone, the router's PHYSICAL_OUT towards the server
std::vector<uint32_t> g_verdictLens; // the client's IPv4 PHYSICAL_OUT Verdict trace

/// Asks the length and nothing else (the payload of a queued datagram
/// is then asked of its item for the length alone).
int
SizeOnly(PacketHookContext& ctx)
{
    if (ctx.GetOutInterface() == g_towardsServer)
    {
        g_sizes.push_back(ctx.GetSize());
    }
    return 0;
}

int
Blind(PacketHookContext&)
{
    return 0;
}

void
OnVerdict(uint32_t,
          const std::string& family,
          const std::string& event,
          PfhooksVerdict,
          uint32_t len)
{
    if (family == PfhooksIpInstance::FamilyName(PFH_INET) && event == NH_PHYSICAL_OUT)
    {
        g_verdictLens.push_back(len);
    }
}

} // namespace

TEST(CxxRunPath, AQueuedDatagramsLengthIsRightWhenAskedLate)
{
    // A datagram ns-3 keeps apart (PHYSICAL_OUT: header object, payload)
    // has its length asked of ns-3 only when something wants it: a hook's
    // GetSize(), the bytes, the Verdict trace after blind hooks.
    Reset();
    g_sizes.clear();
    g_verdictLens.clear();
    DualChain c;
    g_towardsServer = PfhooksIpInstance::PhyIf(c.d12.Get(0));
    ASSERT_EQ(
        c.Ip(1)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "size-only", MakeCallback(&SizeOnly)),
        0);
    ASSERT_EQ(c.Ip(1)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "sent", MakeCallback(&RecordSent)),
              0);
    ASSERT_EQ(c.Ip(0)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "blind", MakeCallback(&Blind)), 0);
    ASSERT_TRUE(c.Ip(0)->TraceConnectWithoutContext("Verdict", MakeCallback(&OnVerdict)));
    c.Traffic(4);
    c.Run();

    EXPECT_EQ(c.rx4, 4u);
    // 100 bytes of UDP payload: 128-byte datagrams.
    EXPECT_EQ(g_sizes, std::vector<uint32_t>(4, 128u));
    ASSERT_EQ(g_sent.size(), 4u);
    for (const Bytes& b : g_sent)
    {
        EXPECT_EQ(b.size(), 128u);
        EXPECT_EQ((b[2] << 8) | b[3], 128);
    }
    EXPECT_EQ(g_verdictLens, std::vector<uint32_t>(4, 128u));
    EXPECT_EQ(c.Ip(0)->GetCounters(PFH_INET, PFH_PHYSICAL_OUT).accepted, 4u);
}

TEST(CxxRunPath, ACHookAddedDuringABlindRunGetsTheWholeMessageInThatRun)
{
    Reset();
    DualChain c;
    g_towardsServer = PfhooksIpInstance::PhyIf(c.d12.Get(0));
    g_serverIn = PfhooksIpInstance::PhyIf(c.d12.Get(1));
    g_event = c.Ip(2)->GetEvent(PFH_INET, PFH_PHYSICAL_IN);
    ASSERT_TRUE(g_event);
    ASSERT_EQ(c.Ip(1)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "sent", MakeCallback(&RecordSent)),
              0);
    ASSERT_EQ(
        c.Ip(2)->AddPacketHook(NHF_INET, NH_PHYSICAL_IN, "blind", MakeCallback(&BlindAddingCHook)),
        0);
    c.Traffic(4);
    c.Run();

    EXPECT_EQ(c.rx4, 4u);
    ASSERT_EQ(g_sent.size(), 4u);
    // Registered behind the running hook in the first run: called in it,
    // with the message built for it, and in every run after.
    EXPECT_EQ(g_blindCalls, 4u);
    EXPECT_EQ(g_cHookCalls, 4u);
    EXPECT_EQ(g_cHookBad, 0u);
    EXPECT_EQ(g_cHookSaw, g_sent);
    EXPECT_EQ(KstatOf(g_event, "blind").hits, 4u);
    EXPECT_EQ(KstatOf(g_event, "late-c").hits, 4u);
    // The C hook read the message and left it as it was: no rewrite.
    PfhooksIpInstance::Counters k = c.Ip(2)->GetCounters(PFH_INET, PFH_PHYSICAL_IN);
    EXPECT_EQ(k.accepted, 4u);
    EXPECT_EQ(k.rewritten, 0u);
    EXPECT_EQ(k.dropped, 0u);
    g_event = nullptr;
}

TEST(CxxRunPath, AHookRemovedDuringABlindRunIsNotCalledInIt)
{
    Reset();
    g_secondCalls = 0;
    DualChain c;
    g_event = c.Ip(2)->GetEvent(PFH_INET, PFH_PHYSICAL_IN);
    ASSERT_TRUE(g_event);
    ASSERT_EQ(c.Ip(2)->AddPacketHook(NHF_INET,
                                     NH_PHYSICAL_IN,
                                     "first",
                                     MakeCallback(&BlindRemovingSecond)),
              0);
    ASSERT_EQ(c.Ip(2)->AddPacketHook(NHF_INET, NH_PHYSICAL_IN, "second", MakeCallback(&Second)), 0);
    c.Traffic(4);
    c.Run();

    EXPECT_EQ(c.rx4, 4u);
    EXPECT_EQ(g_blindCalls, 4u);
    EXPECT_EQ(g_secondCalls, 0u);
    EXPECT_EQ(g_event->GetHookNames(), std::vector<std::string>{"first"});
    EXPECT_EQ(KstatOf(g_event, "first").hits, 4u);
    EXPECT_EQ(g_event->GetHooksRemoved(), 1u);
    EXPECT_EQ(c.Ip(2)->GetCounters(PFH_INET, PFH_PHYSICAL_IN).accepted, 4u);
    g_event = nullptr;
}

TEST(CxxRunPath, ABlindHooksDropsAreCountedAsTheFullRunCountsThem)
{
    Reset();
    DualChain c;
    g_event = c.Ip(2)->GetEvent(PFH_INET, PFH_PHYSICAL_IN);
    ASSERT_TRUE(g_event);
    ASSERT_EQ(c.Ip(2)->AddPacketHook(NHF_INET,
                                     NH_PHYSICAL_IN,
                                     "every-other",
                                     MakeCallback(&DropEveryOther)),
              0);
    uint64_t eventsBefore = g_event->m_events;
    c.Traffic(4);
    c.Run();

    EXPECT_EQ(g_blindCalls, 4u);
    EXPECT_EQ(c.rx4, 2u);
    PfhooksHookKstat k = KstatOf(g_event, "every-other");
    EXPECT_EQ(k.hits, 4u);
    EXPECT_EQ(k.drops, 2u);
    EXPECT_EQ(uint64_t(g_event->m_events) - eventsBefore, 4u);
    PfhooksIpInstance::Counters n = c.Ip(2)->GetCounters(PFH_INET, PFH_PHYSICAL_IN);
    EXPECT_EQ(n.accepted, 2u);
    EXPECT_EQ(n.dropped, 2u);
    EXPECT_EQ(n.rewritten, 0u);
    g_event = nullptr;
}
