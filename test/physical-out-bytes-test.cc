/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * PHYSICAL_OUT shows hooks an IPv4 header that ns-3 keeps as an object:
 * its bytes are written from the object's getters, not serialized by
 * ns-3, and what the hooks accept is sent as those bytes.  They must be
 * ns-3's own bytes, checksum (or its absence) included, and what goes on
 * the wire.
 */
#include "scenario.h"

#include "ns3/packet-checksums.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

typedef std::vector<uint8_t> Bytes;

/// The client's PHYSICAL_OUT: TOS and ECN set (checksum fixed when there is one).
int
MarkTosAndEcn(PacketHookContext& ctx)
{
    uint8_t* b = ctx.GetBytes();
    uint32_t sum = (b[10] << 8) | b[11];
    b[1] = 0xb9; // DSCP 46, ECN CE
    if (sum != 0)
    {
        b[10] = 0;
        b[11] = 0;
        sum = OnesFold(OnesSum(b, 20));
        b[10] = static_cast<uint8_t>(~sum >> 8);
        b[11] = static_cast<uint8_t>(~sum & 0xff);
    }
    return 0;
}

/// What the router's PHYSICAL_OUT hooks were shown and what its device sent.
struct Seen
{
    std::vector<Bytes> shown;
    std::vector<Bytes> sent;

    int Hook(PacketHookContext& ctx)
    {
        const uint8_t* b = ctx.GetBytes();
        shown.emplace_back(b, b + ctx.GetSize());
        return 0;
    }

    /// The device's frame: its PPP header (IPv4, 0x0021), then the datagram.
    void OnMacTx(Ptr<const Packet> p)
    {
        Bytes b(p->GetSize());
        p->CopyData(b.data(), b.size());
        EXPECT_TRUE(b.size() > 2 && b[0] == 0x00 && b[1] == 0x21);
        sent.emplace_back(b.begin() + 2, b.end());
    }
};

} // namespace

TEST(PhysicalOutBytes, ShownAndSentAreNs3sOwnSerialization)
{
    for (bool checksums : {true, false})
    {
        SCOPED_TRACE(checksums ? "checksums on" : "checksums off");
        Scenario s;
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(checksums));
        Seen seen;
        ASSERT_EQ(
            s.Ip(0)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "tos", MakeCallback(&MarkTosAndEcn)),
            0);
        ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET,
                                         NH_PHYSICAL_OUT,
                                         "seen",
                                         MakeCallback(&Seen::Hook, &seen)),
                  0);
        s.d12.Get(0)->TraceConnectWithoutContext("MacTx", MakeCallback(&Seen::OnMacTx, &seen));
        s.Traffic(4, 60);
        s.Run();
        EXPECT_EQ(s.rx, 4u);
        ASSERT_EQ(seen.shown.size(), 4u);
        ASSERT_EQ(seen.sent, seen.shown); // the wire carries what the hooks accepted
        for (const Bytes& b : seen.shown)
        {
            ASSERT_EQ(b.size(), 20u + 8u + 60u);
            // Every field as ns-3 writes it, from the header the router
            // parsed and forwarded (TTL one less).
            Ipv4Header h;
            Ptr<Packet> whole = Create<Packet>(b.data(), b.size());
            whole->RemoveHeader(h);
            if (checksums)
            {
                h.EnableChecksum();
            }
            whole->AddHeader(h);
            Bytes ns3(whole->GetSize());
            whole->CopyData(ns3.data(), ns3.size());
            EXPECT_EQ(b, ns3);
            EXPECT_EQ(b[1], 0xb9);
            EXPECT_EQ(b[8], 63);
            EXPECT_EQ(OnesFold(OnesSum(b.data(), 20)) == 0xffff, checksums);
        }
    }
}
