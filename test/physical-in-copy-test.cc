/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * PHYSICAL_IN copies only the datagram's header before C++ hooks run when
 * no observer needs the seam's copy; the rest is copied when a hook asks
 * for the bytes.  Whatever the hooks and observers, every one of them sees
 * the whole datagram as it arrived.
 */
#include "scenario.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

typedef std::vector<uint8_t> Bytes;

std::vector<Bytes> g_sent;     // the router's PHYSICAL_OUT towards the server
std::vector<Bytes> g_read;     // what the server's reading PHYSICAL_IN hook got
std::vector<Bytes> g_observed; // what the server's inbound observer got
std::vector<uint32_t> g_blindSizes;
std::vector<int> g_blindFlags;
Ptr<PfhooksIpInstance> g_server;
phy_if_t g_towardsServer = 0; // the router's interface on the server's link

void
Reset()
{
    g_sent.clear();
    g_read.clear();
    g_observed.clear();
    g_blindSizes.clear();
    g_blindFlags.clear();
    g_server = nullptr;
}

Bytes
Read(PacketHookContext& ctx)
{
    const uint8_t* b = ctx.GetBytes();
    return Bytes(b, b + ctx.GetSize());
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

/// Never touches the bytes: the seam copied the header alone.
int
Blind(PacketHookContext& ctx)
{
    g_blindSizes.push_back(ctx.GetSize());
    g_blindFlags.push_back(ctx.GetFlags());
    return 0;
}

int
Reader(PacketHookContext& ctx)
{
    g_read.push_back(Read(ctx));
    return 0;
}

void
Observe(const ObservedPacket& p)
{
    if (p.GetDirection() == IPOBS_HOOK_INBOUND)
    {
        g_observed.push_back(Bytes(p.GetBytes(), p.GetBytes() + p.GetSize()));
    }
}

/// Blind, and adds the inbound observer during its first run.
int
BlindAddingObserver(PacketHookContext& ctx)
{
    if (g_blindSizes.empty())
    {
        EXPECT_EQ(g_server->AddObserveHook(NHF_INET, "late", MakeCallback(&Observe)), 0);
        EXPECT_EQ(g_server->AddObserveHook(NHF_INET6, "late", MakeCallback(&Observe)), 0);
    }
    return Blind(ctx);
}

/// The server's hooks and observer for one case; traffic; the checks.
void
RunCase(bool reader, bool observer, bool lateObserver)
{
    Reset();
    DualChain c;
    g_server = c.Ip(2);
    g_towardsServer = PfhooksIpInstance::PhyIf(c.d12.Get(0));
    for (const char* fam : {NHF_INET, NHF_INET6})
    {
        ASSERT_EQ(c.Ip(1)->AddPacketHook(fam, NH_PHYSICAL_OUT, "sent", MakeCallback(&RecordSent)),
                  0);
        ASSERT_EQ(g_server->AddPacketHook(fam,
                                          NH_PHYSICAL_IN,
                                          "blind",
                                          lateObserver ? MakeCallback(&BlindAddingObserver)
                                                       : MakeCallback(&Blind)),
                  0);
        if (reader)
        {
            ASSERT_EQ(g_server->AddPacketHook(fam, NH_PHYSICAL_IN, "reader", MakeCallback(&Reader)),
                      0);
        }
        if (observer)
        {
            ASSERT_EQ(g_server->AddObserveHook(fam, "obs", MakeCallback(&Observe)), 0);
        }
    }
    c.Traffic(4);
    c.Run();
    g_server = nullptr;

    EXPECT_EQ(c.rx4, 4u);
    EXPECT_EQ(c.rx6, 4u);
    // The router sends the server what it receives: NDP and the datagrams.
    EXPECT_GE(g_sent.size(), 8u);
    ASSERT_EQ(g_blindSizes.size(), g_sent.size());
    for (size_t i = 0; i < g_sent.size(); i++)
    {
        EXPECT_EQ(g_blindSizes[i], g_sent[i].size()) << "datagram " << i;
        EXPECT_EQ(g_blindFlags[i], 0) << "datagram " << i; // point-to-point: no broadcast
    }
    if (reader)
    {
        EXPECT_EQ(g_read, g_sent);
    }
    else
    {
        EXPECT_TRUE(g_read.empty());
    }
    if (observer)
    {
        EXPECT_EQ(g_observed, g_sent);
    }
    else if (lateObserver)
    {
        // Added during the first datagram's run, after which the seam
        // observes it too: every datagram, whole.
        EXPECT_EQ(g_observed, g_sent);
    }
    else
    {
        EXPECT_TRUE(g_observed.empty());
    }
}

} // namespace

TEST(PhysicalInCopyTest, BlindHookAloneSeesSizeAndFlags)
{
    RunCase(false, false, false);
}

TEST(PhysicalInCopyTest, ReadingHookAfterABlindOneGetsTheWholeDatagram)
{
    RunCase(true, false, false);
}

TEST(PhysicalInCopyTest, ObserverGetsTheWholeDatagramAfterABlindHook)
{
    RunCase(false, true, false);
}

TEST(PhysicalInCopyTest, ReaderAndObserverBothGetTheWholeDatagram)
{
    RunCase(true, true, false);
}

TEST(PhysicalInCopyTest, ObserverAddedByAHookDuringTheRunGetsTheWholeDatagram)
{
    RunCase(false, false, true);
}
