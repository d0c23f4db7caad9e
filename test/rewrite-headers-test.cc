/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Header rewrites: the fields a hook changed go into ns-3's header objects
 * as the hooks' bytes say, go out and arrive as the hooks left them (payload,
 * tags and uid kept), and rewrites of fields the transport check reads are
 * checked (rewrite-test.cc has printing and checksums).
 */
#include "kernel-console.h"
#include "rewrite-hooks.h"
#include "scenario.h"

#include "ns3/packet-checksums.h"
#include "ns3/pfhooks-kstats.h"
#include "ns3/pfhooks-packet-rebuild.h"
#include "ns3/solaris-kernel.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

/// The header h serialized (checksum on), as the hooks are shown it.
template <typename H>
std::vector<uint8_t>
Serialized(const H& h)
{
    Ptr<Packet> p = Create<Packet>(8);
    p->AddHeader(h);
    std::vector<uint8_t> b(h.GetSerializedSize());
    p->CopyData(b.data(), b.size());
    return b;
}

TEST(RewriteHeaders, ChangedFieldsSerializeAsTheHooksBytes)
{
    // A header rewrite ns-3's header object can carry goes on as that
    // object: serialized, it must be the hooks' bytes (the IPv4 checksum
    // as ns-3 computes it); one it cannot carry must be refused.
    std::mt19937 rng(5);
    uint32_t taken = 0;
    uint32_t refused = 0;
    for (int v6 = 0; v6 < 2; v6++)
    {
        for (int i = 0; i < 2000; i++)
        {
            Ipv4Header h4;
            h4.SetSource(Ipv4Address("10.0.0.1"));
            h4.SetDestination(Ipv4Address("10.0.0.2"));
            h4.SetProtocol(17);
            h4.SetPayloadSize(100);
            h4.SetTtl(64);
            h4.EnableChecksum();
            Ipv6Header h6;
            h6.SetSource(Ipv6Address("2001:db8::1"));
            h6.SetDestination(Ipv6Address("2001:db8::2"));
            h6.SetNextHeader(17);
            h6.SetPayloadLength(100);
            h6.SetHopLimit(64);
            std::vector<uint8_t> before = v6 ? Serialized(h6) : Serialized(h4);
            std::vector<uint8_t> after = before;
            for (int c = 1 + rng() % 3; c > 0; c--)
            {
                after[rng() % after.size()] = static_cast<uint8_t>(rng());
            }
            bool ok = v6 ? PfhooksPacketRebuild::SetChangedFields(before.data(), after.data(), &h6)
                         : PfhooksPacketRebuild::SetChangedFields(before.data(), after.data(), &h4);
            // What no header object of ns-3 writes: another version or
            // header length, a length that is not the datagram's, IPv4's
            // reserved flag.
            bool carried =
                v6 ? (after[0] >> 4) == 6 && after[4] == before[4] && after[5] == before[5]
                   : after[0] == 0x45 && after[2] == before[2] && after[3] == before[3] &&
                         (after[6] & 0x80) == 0;
            EXPECT_EQ(ok, carried) << "case " << i;
            if (!ok)
            {
                refused++;
                continue;
            }
            taken++;
            std::vector<uint8_t> got = v6 ? Serialized(h6) : Serialized(h4);
            if (!v6)
            {
                FixIpv4HeaderChecksum(after.data(), after.size());
            }
            EXPECT_EQ(got, after) << "case " << i;
        }
    }
    EXPECT_GT(taken, 1000u);
    EXPECT_GT(refused, 100u);
}

/// A PHYSICAL_IN hook on the server that keeps the IPv4 headers it is shown.
struct ShownAtServer
{
    std::vector<std::vector<uint8_t>> headers;

    int Hook(PacketHookContext& ctx)
    {
        const uint8_t* b = ctx.GetBytes();
        headers.emplace_back(b, b + 20);
        return 0;
    }
};

/// Keeps the uid of a packet an Ipv4L3Protocol Tx or Rx trace gives.
void
KeepUid(std::vector<uint64_t>* v, Ptr<const Packet> p, Ptr<Ipv4>, uint32_t)
{
    v->push_back(p->GetUid());
}

TEST(RewriteHeaders, HeaderRewritesGoOutAsTheHooksLeftThem)
{
    // A header rewrite at PHYSICAL_OUT goes out as the hooks' very bytes (a
    // checksum left wrong on purpose included); after FORWARDING the stack
    // writes the checksum anew.  Either way the payload is the one sent,
    // with its uid.
    for (PfhooksEvent e : {PFH_PHYSICAL_OUT, PFH_FORWARDING})
    {
        for (bool stale : {false, true})
        {
            SCOPED_TRACE(std::string(PfhooksIpInstance::EventName(e)) + (stale ? " stale" : ""));
            Scenario s;
            ShownAtServer shown;
            ASSERT_EQ(s.Ip(1)->AddPacketHook(NHF_INET,
                                             PfhooksIpInstance::EventName(e),
                                             "tos",
                                             stale ? MakeCallback(&SetTosStaleOnPurpose)
                                                   : MakeCallback(&SetTos)),
                      0);
            ASSERT_EQ(s.Ip(2)->AddPacketHook(NHF_INET,
                                             NH_PHYSICAL_IN,
                                             "shown",
                                             MakeCallback(&ShownAtServer::Hook, &shown)),
                      0);
            std::vector<uint64_t> sent;
            std::vector<uint64_t> got;
            s.nodes.Get(0)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "Tx",
                MakeBoundCallback(&KeepUid, &sent));
            s.nodes.Get(2)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
                "Rx",
                MakeBoundCallback(&KeepUid, &got));
            s.Traffic(3);
            s.Run();
            ASSERT_EQ(shown.headers.size(), 3u);
            bool wrongOnWire = stale && e == PFH_PHYSICAL_OUT;
            for (const std::vector<uint8_t>& h : shown.headers)
            {
                EXPECT_EQ(h[1], 0x48);
                EXPECT_EQ(OnesFold(OnesSum(h.data(), 20)) == 0xffff, !wrongOnWire);
            }
            EXPECT_EQ(s.rx, wrongOnWire ? 0u : 3u); // the server's IP drops a wrong checksum
            if (!wrongOnWire)
            {
                EXPECT_EQ(got, sent);
                EXPECT_EQ(s.lastPayload.size(), 100u);
            }
        }
    }
}

/// Marks each datagram the router sends to the server: a packet tag, a byte tag, its uid.
struct Marked
{
    std::vector<uint64_t> uids;

    void OnMacTx(Ptr<const Packet> p)
    {
        SocketPriorityTag prio;
        prio.SetPriority(5);
        p->AddPacketTag(prio);
        SocketIpTtlTag ttl;
        ttl.SetTtl(7);
        p->AddByteTag(ttl);
        uids.push_back(p->GetUid());
    }
};

/// What the server's IP receives after its PHYSICAL_IN hooks.
struct ReceivedAtServer
{
    std::vector<uint64_t> uids;
    std::vector<std::string> printed;
    uint32_t tagged{0};
    uint32_t rewritten{0};

    template <typename HeaderT, typename IpT>
    void OnRx(Ptr<const Packet> p, Ptr<IpT>, uint32_t)
    {
        HeaderT h;
        p->PeekHeader(h);
        if (h.GetSerializedSize() + 8 + 100 != p->GetSize())
        {
            return; // not a datagram of the traffic (NDP)
        }
        uids.push_back(p->GetUid());
        SocketPriorityTag prio;
        bool byteTag = false;
        for (ByteTagIterator it = p->GetByteTagIterator(); it.HasNext();)
        {
            ByteTagIterator::Item item = it.Next();
            // It covers what was not rewritten, as ns-3's byte tags do
            // after a header is removed and another added.
            byteTag |= item.GetTypeId() == SocketIpTtlTag::GetTypeId() &&
                       item.GetStart() == h.GetSerializedSize() && item.GetEnd() == p->GetSize();
        }
        tagged += p->PeekPacketTag(prio) && prio.GetPriority() == 5 && byteTag;
        rewritten += Rewritten(h);
        std::ostringstream os;
        p->Print(os);
        printed.push_back(os.str());
    }

    static bool Rewritten(const Ipv4Header& h)
    {
        return h.GetTos() == 0x48;
    }

    static bool Rewritten(const Ipv6Header& h)
    {
        return h.GetTrafficClass() == 0xb0 && h.GetHopLimit() == 33;
    }
};

/// Sets an IPv6 UDP datagram's traffic class and hop limit (no checksum covers them).
int
SetTrafficClass(PacketHookContext& ctx)
{
    uint8_t* b = ctx.GetBytes();
    if (b[6] == 17)
    {
        b[0] = 0x6b;
        b[1] = (b[1] & 0x0f);
        b[7] = 33;
    }
    return 0;
}

TEST(RewriteHeaders, PhysicalInHeaderRewriteKeepsPayloadTagsAndUid)
{
    // An IP header rewrite at PHYSICAL_IN replaces the header's bytes of the
    // received packet alone: ns-3's IP gets the new header with the same
    // payload, packet and byte tags, uid, and metadata naming the headers.
    Packet::EnablePrinting();
    DualChain c;
    ASSERT_EQ(c.Ip(2)->AddPacketHook(NHF_INET, NH_PHYSICAL_IN, "tos", MakeCallback(&SetTos)), 0);
    ASSERT_EQ(
        c.Ip(2)->AddPacketHook(NHF_INET6, NH_PHYSICAL_IN, "tclass", MakeCallback(&SetTrafficClass)),
        0);
    Marked marked;
    c.d12.Get(0)->TraceConnectWithoutContext("MacTx", MakeCallback(&Marked::OnMacTx, &marked));
    ReceivedAtServer v4;
    ReceivedAtServer v6;
    c.nodes.Get(2)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(&ReceivedAtServer::OnRx<Ipv4Header, Ipv4>, &v4));
    c.nodes.Get(2)->GetObject<Ipv6L3Protocol>()->TraceConnectWithoutContext(
        "Rx",
        MakeCallback(&ReceivedAtServer::OnRx<Ipv6Header, Ipv6>, &v6));
    c.Traffic(3);
    c.Run();
    EXPECT_EQ(c.rx4, 3u);
    EXPECT_EQ(c.rx6, 3u);
    for (ReceivedAtServer* r : {&v4, &v6})
    {
        ASSERT_EQ(r->uids.size(), 3u);
        EXPECT_EQ(r->rewritten, 3u);
        EXPECT_EQ(r->tagged, 3u);
        for (uint64_t uid : r->uids)
        {
            EXPECT_NE(std::find(marked.uids.begin(), marked.uids.end(), uid), marked.uids.end());
        }
    }
    ASSERT_FALSE(v4.printed.empty());
    EXPECT_NE(v4.printed[0].find("ns3::Ipv4Header (tos 0x48"), std::string::npos) << v4.printed[0];
    EXPECT_NE(v4.printed[0].find("ns3::UdpHeader"), std::string::npos) << v4.printed[0];
    ASSERT_FALSE(v6.printed.empty());
    EXPECT_NE(v6.printed[0].find("ns3::Ipv6Header"), std::string::npos) << v6.printed[0];
    EXPECT_NE(v6.printed[0].find("ns3::UdpHeader"), std::string::npos) << v6.printed[0];
}

/// Gives each IPv4 datagram it sees the next TOS (4, 8, ...), checksum fixed.
struct NumberedTos
{
    uint8_t next{0};

    int Hook(PacketHookContext& ctx)
    {
        uint8_t* b = ctx.GetBytes();
        if ((b[0] >> 4) == 4)
        {
            next = static_cast<uint8_t>(next + 4);
            b[1] = next;
            ctx.FixIpv4Checksum();
        }
        return 0;
    }
};

/// The rewritten packets a trace sink keeps, with their bytes when it got them.
struct KeptRewrites
{
    std::vector<Ptr<const Packet>> packets;
    std::vector<std::vector<uint8_t>> bytes;

    void OnHookVerdict(Ptr<const Packet> p,
                       uint32_t,
                       const std::string&,
                       const std::string&,
                       const std::string&,
                       PfhooksVerdict v)
    {
        if (v == PFH_REWRITE)
        {
            packets.push_back(p);
            bytes.emplace_back(p->GetSize());
            p->CopyData(bytes.back().data(), p->GetSize());
        }
    }
};

/// The TOS of every IPv4 datagram IP received.
void
KeepTos(std::vector<uint8_t>* tos, Ptr<const Packet> p, Ptr<Ipv4>, uint32_t)
{
    uint8_t b[2];
    p->CopyData(b, 2);
    tos->push_back(b[1]);
}

TEST(RewriteHeaders, PhysicalInRewritesNeverChangeAPacketSomeoneHolds)
{
    // A seam makes each PHYSICAL_IN header rewrite in the packet it made
    // for the last one when nothing holds that any more (no allocation per
    // rewrite): a packet a trace sink still holds must keep its bytes, and
    // IP must get each rewrite's own.
    DualChain c;
    NumberedTos tos;
    ASSERT_EQ(c.Ip(2)->AddPacketHook(NHF_INET,
                                     NH_PHYSICAL_IN,
                                     "numbered",
                                     MakeCallback(&NumberedTos::Hook, &tos)),
              0);
    std::vector<uint8_t> received;
    c.nodes.Get(2)->GetObject<Ipv4L3Protocol>()->TraceConnectWithoutContext(
        "Rx",
        MakeBoundCallback(&KeepTos, &received));
    KeptRewrites kept;
    c.Traffic(3); // the first datagrams' rewrites made while nobody holds them
    Simulator::Schedule(Seconds(2.005), [&c, &kept]() {
        c.Ip(2)->TraceConnectWithoutContext("HookVerdict",
                                            MakeCallback(&KeptRewrites::OnHookVerdict, &kept));
    });
    c.Run();
    ASSERT_EQ(received.size(), 3u);
    EXPECT_EQ(received, (std::vector<uint8_t>{4, 8, 12}));
    ASSERT_EQ(kept.packets.size(), 2u); // the second and third
    for (size_t i = 0; i < kept.packets.size(); i++)
    {
        std::vector<uint8_t> now(kept.packets[i]->GetSize());
        kept.packets[i]->CopyData(now.data(), now.size());
        EXPECT_EQ(now, kept.bytes[i]) << "kept rewrite " << i << " changed after its trace";
        EXPECT_EQ(now[1], 8 + 4 * i);
    }
    EXPECT_NE(PeekPointer(kept.packets[0]), PeekPointer(kept.packets[1]));
}

/// Accepts after looking at the bytes: PHYSICAL_OUT then sends them as they are.
int
LookAndAccept(PacketHookContext& ctx)
{
    return ctx.GetBytes()[0] == 0 ? 1 : 0;
}

/// The packets a device trace keeps, with their bytes when it got them.
struct KeptSends
{
    std::vector<Ptr<const Packet>> packets;
    std::vector<std::vector<uint8_t>> bytes;

    void OnMacTx(Ptr<const Packet> p)
    {
        packets.push_back(p);
        bytes.emplace_back(p->GetSize());
        p->CopyData(bytes.back().data(), p->GetSize());
    }
};

TEST(RewriteHeaders, PhysicalOutNeverReusesAPacketSomeoneHolds)
{
    // PHYSICAL_OUT makes the packet it sends the hooks' bytes in in the one
    // it made last time once nothing holds that one: a packet a device
    // trace keeps must keep its bytes.
    DualChain c;
    ASSERT_EQ(
        c.Ip(1)->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "look", MakeCallback(&LookAndAccept)),
        0);
    KeptSends kept;
    c.d12.Get(0)->TraceConnectWithoutContext("MacTx", MakeCallback(&KeptSends::OnMacTx, &kept));
    c.Traffic(4);
    c.Run();
    EXPECT_EQ(c.rx4, 4u);
    ASSERT_GE(kept.packets.size(), 4u);
    std::set<const Packet*> distinct;
    for (size_t i = 0; i < kept.packets.size(); i++)
    {
        std::vector<uint8_t> now(kept.packets[i]->GetSize());
        kept.packets[i]->CopyData(now.data(), now.size());
        EXPECT_EQ(now, kept.bytes[i]) << "kept send " << i << " changed after its trace";
        distinct.insert(PeekPointer(kept.packets[i]));
    }
    EXPECT_EQ(distinct.size(), kept.packets.size());
}

/// Makes a UDP datagram's IP header say TCP (the header alone changes).
int
ProtocolToTcp(PacketHookContext& ctx)
{
    uint8_t* b = ctx.GetBytes();
    if ((b[0] >> 4) == 4 && b[9] == 17)
    {
        b[9] = 6;
        ctx.FixIpv4Checksum();
    }
    else if ((b[0] >> 4) == 6 && b[6] == 17)
    {
        b[6] = 6;
    }
    return 0;
}

/// Makes a UDP datagram's IP length 8 shorter than its UDP length says.
int
IpLengthShort(PacketHookContext& ctx)
{
    uint8_t* b = ctx.GetBytes();
    int at = (b[0] >> 4) == 4 ? 2 : 4;
    if (((b[0] >> 4) == 4 && b[9] == 17) || ((b[0] >> 4) == 6 && b[6] == 17))
    {
        uint16_t n = static_cast<uint16_t>(((b[at] << 8) | b[at + 1]) - 8);
        b[at] = n >> 8;
        b[at + 1] = n & 0xff;
        if ((b[0] >> 4) == 4)
        {
            ctx.FixIpv4Checksum();
        }
    }
    return 0;
}

TEST(RewriteHeaders, HeaderRewritesOfFieldsTheTransportCheckReadsAreChecked)
{
    // A rewrite of header fields the transport check does not read (TOS,
    // traffic class: the other tests) skips it; one of the protocol or a
    // length it reads is judged as before, on IPv4 and IPv6, inbound and
    // outbound.
    struct Case
    {
        int (*hook)(PacketHookContext&);
        const char* v4;
        const char* v6;
    };

    for (const Case& k :
         {Case{&ProtocolToTcp, "TCP data offset below 5", "TCP data offset below 5"},
          Case{&IpLengthShort, "UDP length outside", "UDP length outside"}})
    {
        for (const char* event : {NH_PHYSICAL_IN, NH_PHYSICAL_OUT})
        {
            DualChain c;
            PfhooksIpInstance* ip = PeekPointer(c.Ip(std::string(event) == NH_PHYSICAL_IN ? 2 : 0));
            ASSERT_EQ(ip->AddPacketHook(NHF_INET, event, "h4", MakeCallback(k.hook)), 0);
            ASSERT_EQ(ip->AddPacketHook(NHF_INET6, event, "h6", MakeCallback(k.hook)), 0);
            c.Traffic(3);
            c.Run();
            EXPECT_EQ(c.rx4, 0u) << event;
            EXPECT_EQ(c.rx6, 0u) << event;
            uint64_t v4 = 0;
            uint64_t v6 = 0;
            std::string all;
            for (const auto& [why, count] : ip->GetDropReasons())
            {
                all += why + "; ";
                v4 += why.rfind("NHF_INET/", 0) == 0 && why.find(k.v4) != std::string::npos ? count
                                                                                            : 0;
                v6 += why.rfind("NHF_INET6/", 0) == 0 && why.find(k.v6) != std::string::npos ? count
                                                                                             : 0;
            }
            EXPECT_EQ(v4, 3u) << event << " " << k.v4 << ": " << all;
            EXPECT_EQ(v6, 3u) << event << " " << k.v6 << ": " << all;
        }
    }
}

} // namespace
