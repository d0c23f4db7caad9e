/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * OBSERVING builds its message (the hook_pkt_observe_t block and the
 * datagram's copy) only when something wants it: C++ observers that never
 * read cost none, the first one that reads builds it for the whole run, and
 * C observers get it exactly as when it is made before the run.
 */
#include "scenario.h"

#include "ns3/observe-hook.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

typedef std::vector<uint8_t> Bytes;

/** One observation: where, and what the observer was handed. */
struct Seen
{
    uint32_t node;
    int dir;
    int af;
    Bytes header; // the hook_pkt_observe_t's dl_ipnetinfo_t part (24 bytes)
    Bytes datagram;

    bool operator==(const Seen& o) const
    {
        return node == o.node && dir == o.dir && af == o.af && header == o.header &&
               datagram == o.datagram;
    }
};

std::vector<Seen> g_seen;
std::vector<const uint8_t*> g_firstBytes; // each run's bytes as the first reader got them
uint32_t g_laterReads = 0;                // second readers that got the same bytes
uint32_t g_cCalls = 0;

/// What C observers get, checked against illumos's layout and recorded.
void
Record(uint32_t node, const hook_pkt_observe_t* raw)
{
    ASSERT_NE(raw, nullptr);
    ASSERT_NE(raw->hpo_pkt, nullptr);
    EXPECT_EQ(raw->hpo_version, 1);
    EXPECT_EQ(static_cast<const void*>(raw->hpo_pkt->b_rptr), static_cast<const void*>(raw));
    EXPECT_EQ(MBLKL(raw->hpo_pkt), 24);
    const mblk_t* pkt = raw->hpo_pkt->b_cont;
    ASSERT_NE(pkt, nullptr);
    EXPECT_EQ(msgdsize(pkt), ntohl(raw->hpo_pktlen));
    const auto* h = reinterpret_cast<const uint8_t*>(raw);
    g_seen.push_back({node,
                      ntohs(raw->hpo_htype),
                      raw->hpo_family,
                      Bytes(h, h + 24),
                      Bytes(pkt->b_rptr, pkt->b_wptr)});
}

/// A C observer (h_arg: the node's number).
int
CObserver(hook_event_token_t, hook_data_t data, void* arg)
{
    g_cCalls++;
    Record(*static_cast<uint32_t*>(arg), reinterpret_cast<const hook_pkt_observe_t*>(data));
    return 0;
}

/// A C++ observer that reads: what it gets must be what a C observer gets.
void
CxxReader(uint32_t node, const ObservedPacket& p)
{
    // Answered before the message exists, and then as the message says.
    uint32_t size = p.GetSize();
    int dir = p.GetDirection();
    const hook_pkt_observe_t* raw = p.GetRaw();
    ASSERT_NE(raw, nullptr);
    EXPECT_EQ(ntohl(raw->hpo_pktlen), size);
    EXPECT_EQ(ntohs(raw->hpo_htype), dir);
    EXPECT_EQ(raw->hpo_family, p.GetAddressFamily());
    EXPECT_EQ(ntohl(raw->hpo_ifindex), p.GetInterface());
    EXPECT_EQ(static_cast<zoneid_t>(ntohl(raw->hpo_zsrc)), p.GetSourceZone());
    EXPECT_EQ(static_cast<zoneid_t>(ntohl(raw->hpo_zdst)), p.GetDestinationZone());
    EXPECT_EQ(p.GetBytes(), raw->hpo_pkt->b_cont->b_rptr);
    g_firstBytes.push_back(p.GetBytes());
    Record(node, raw);
}

/// A second C++ reader in the same run: the bytes the first one built.
void
SecondReader(const ObservedPacket& p)
{
    g_laterReads += !g_firstBytes.empty() && p.GetBytes() == g_firstBytes.back();
}

/// A C++ observer that never reads; it only checks the size it is told.
uint32_t g_blindCalls = 0;

void
Blind(const ObservedPacket& p)
{
    g_blindCalls++;
    bool v6 = p.GetAddressFamily() == AF_INET6;
    EXPECT_GE(p.GetSize(), v6 ? 40u : 20u);
    EXPECT_LE(p.GetDirection(), IPOBS_HOOK_LOCAL);
}

uint32_t g_nodes[3] = {0, 1, 2};

/** What a case registers on every node's inet and inet6 OBSERVING. */
enum Observers
{
    CXX_READER,        // a C++ reader alone (lazy)
    C_ONLY,            // a C observer alone (made before the run)
    TWO_READERS,       // two C++ readers (one build per run)
    BLIND,             // a C++ observer that never reads (no build)
    BLIND_C_READER,    // blind C++, then a C observer, then a C++ reader
    C_THEN_CXX_READER, // a C observer first, then a C++ reader
};

/**
 * The dual-stack chain with each node's observers of a case, UDP through
 * the router and a datagram each node 0 sends itself (LOCAL), both
 * versions.
 * \param which the observers
 * \param observations receives the runs of OBSERVING
 * \param builds receives the messages built meanwhile
 */
void
RunCase(Observers which, uint64_t* observations, uint64_t* builds)
{
    g_seen.clear();
    g_firstBytes.clear();
    g_laterReads = 0;
    g_cCalls = 0;
    g_blindCalls = 0;
    uint64_t built = ObserveLazyMessage::GetBuilds();
    uint64_t live = pfhooks_mblk_live();
    {
        DualChain c;
        std::vector<net_handle_t> handles;
        hook_t cHooks[3];
        for (uint32_t i = 0; i < 3; i++)
        {
            cHooks[i] = hook_t{HOOK_VERSION,
                               &CObserver,
                               const_cast<char*>("c"),
                               0,
                               HH_NONE,
                               0,
                               &g_nodes[i]};
            for (const char* fam : {NHF_INET, NHF_INET6})
            {
                Ptr<PfhooksIpInstance> ip = c.Ip(i);
                auto addC = [&]() {
                    net_handle_t h = net_protocol_lookup(ip->GetNetid(), fam);
                    ASSERT_EQ(net_hook_register(h, const_cast<char*>(NH_OBSERVE), &cHooks[i]), 0);
                    handles.push_back(h);
                };
                auto reader = MakeBoundCallback(&CxxReader, i);
                switch (which)
                {
                case CXX_READER:
                    ASSERT_EQ(ip->AddObserveHook(fam, "reader", reader), 0);
                    break;
                case C_ONLY:
                    addC();
                    break;
                case TWO_READERS:
                    ASSERT_EQ(ip->AddObserveHook(fam, "reader", reader), 0);
                    ASSERT_EQ(ip->AddObserveHook(fam, "second", MakeCallback(&SecondReader)), 0);
                    break;
                case BLIND:
                    ASSERT_EQ(ip->AddObserveHook(fam, "blind", MakeCallback(&Blind)), 0);
                    break;
                case BLIND_C_READER:
                    ASSERT_EQ(ip->AddObserveHook(fam, "blind", MakeCallback(&Blind)), 0);
                    addC();
                    ASSERT_EQ(ip->AddObserveHook(fam, "reader", MakeCallback(&SecondReader)), 0);
                    break;
                case C_THEN_CXX_READER:
                    addC();
                    ASSERT_EQ(ip->AddObserveHook(fam, "reader", MakeCallback(&SecondReader)), 0);
                    break;
                }
            }
        }
        c.Traffic(3);
        // LOCAL: node 0 to its own addresses (ICMP port unreachable follows).
        Ptr<Socket> s4 = Socket::CreateSocket(c.nodes.Get(0), UdpSocketFactory::GetTypeId());
        Ptr<Socket> s6 = Socket::CreateSocket(c.nodes.Get(0), UdpSocketFactory::GetTypeId());
        s4->Bind();
        s6->Bind6();
        Address own4 = InetSocketAddress(c.v4a.GetAddress(0), 7);
        Address own6 = Inet6SocketAddress(c.v6a.GetAddress(0, 1), 7);
        Simulator::Schedule(Seconds(2.5),
                            [s4, own4]() { s4->SendTo(Create<Packet>(48), 0, own4); });
        Simulator::Schedule(Seconds(2.5),
                            [s6, own6]() { s6->SendTo(Create<Packet>(48), 0, own6); });
        c.Run();
        EXPECT_EQ(c.rx4, 3u);
        EXPECT_EQ(c.rx6, 3u);
        *observations = 0;
        for (uint32_t i = 0; i < 3; i++)
        {
            *observations += c.Ip(i)->GetCounters(PFH_INET, PFH_OBSERVING).accepted +
                             c.Ip(i)->GetCounters(PFH_INET6, PFH_OBSERVING).accepted;
        }
        for (net_handle_t h : handles)
        {
            for (uint32_t i = 0; i < 3; i++)
            {
                net_hook_unregister(h, const_cast<char*>(NH_OBSERVE), &cHooks[i]);
            }
            net_protocol_release(h);
        }
    }
    *builds = ObserveLazyMessage::GetBuilds() - built;
    EXPECT_EQ(pfhooks_mblk_live(), live); // nothing built is left behind
}

/// Every direction and family was seen.
void
ExpectEveryKind(const std::vector<Seen>& seen)
{
    for (int af : {AF_INET, AF_INET6})
    {
        for (int dir : {IPOBS_HOOK_INBOUND, IPOBS_HOOK_OUTBOUND, IPOBS_HOOK_LOCAL})
        {
            bool found = false;
            for (const Seen& s : seen)
            {
                found |= s.af == af && s.dir == dir;
            }
            EXPECT_TRUE(found) << "family " << af << " direction " << dir;
        }
    }
}

} // namespace

TEST(ObservingLazyTest, ACxxReaderGetsWhatACObserverGets)
{
    uint64_t n = 0;
    uint64_t builds = 0;
    RunCase(C_ONLY, &n, &builds);
    std::vector<Seen> byC = g_seen;
    EXPECT_EQ(g_cCalls, n);
    EXPECT_EQ(builds, n); // made before each run
    ExpectEveryKind(byC);

    RunCase(CXX_READER, &n, &builds);
    EXPECT_EQ(builds, n); // built by the reader, once per run
    EXPECT_EQ(g_seen.size(), n);
    // Same runs, same order, same header and bytes.
    EXPECT_TRUE(g_seen == byC);
}

TEST(ObservingLazyTest, TwoReadersShareOneBuild)
{
    uint64_t n = 0;
    uint64_t builds = 0;
    RunCase(TWO_READERS, &n, &builds);
    EXPECT_GT(n, 0u);
    EXPECT_EQ(builds, n);
    EXPECT_EQ(g_laterReads, n); // the second one got the first one's bytes
}

TEST(ObservingLazyTest, AnObserverThatNeverReadsMakesNoMessage)
{
    uint64_t n = 0;
    uint64_t builds = 0;
    RunCase(BLIND, &n, &builds);
    EXPECT_GT(n, 0u);
    EXPECT_EQ(g_blindCalls, n);
    EXPECT_EQ(builds, 0u);
}

TEST(ObservingLazyTest, ACObserverBehindABlindOneGetsTheMessageAsIllumosLaysItOut)
{
    uint64_t n = 0;
    uint64_t builds = 0;
    RunCase(C_ONLY, &n, &builds);
    std::vector<Seen> byC = g_seen;

    // Built before the C observer (Record checks the layout), shared with
    // the reader behind it.
    RunCase(BLIND_C_READER, &n, &builds);
    EXPECT_EQ(g_blindCalls, n);
    EXPECT_EQ(g_cCalls, n);
    EXPECT_EQ(builds, n);
    EXPECT_TRUE(g_seen == byC);

    // A C observer first: made before the run, as it always was.
    RunCase(C_THEN_CXX_READER, &n, &builds);
    EXPECT_EQ(g_cCalls, n);
    EXPECT_EQ(builds, n);
    EXPECT_TRUE(g_seen == byC);
}

namespace
{
net_handle_t g_lateHandle = nullptr;
hook_t g_lateHook{};
uint32_t g_lateNode = 1;
bool g_adding = false;
uint32_t g_seenWhileAdding = 0;

/// A C observer that counts the run it was added in.
int
LateCObserver(hook_event_token_t t, hook_data_t data, void* arg)
{
    g_seenWhileAdding += g_adding;
    return CObserver(t, data, arg);
}

/// A blind C++ observer that adds a C observer behind itself, once.
void
AddsACObserver(const ObservedPacket& p)
{
    g_adding = false; // the run that added it is over
    if (g_lateHandle != nullptr || p.GetAddressFamily() != AF_INET)
    {
        return;
    }
    g_lateHandle =
        net_protocol_lookup(PfhooksHelper::GetInstance(NodeList::GetNode(g_lateNode))->GetNetid(),
                            NHF_INET);
    g_lateHook =
        hook_t{HOOK_VERSION, &LateCObserver, const_cast<char*>("late"), 0, HH_LAST, 0, &g_lateNode};
    g_adding = true;
    ASSERT_EQ(net_hook_register(g_lateHandle, const_cast<char*>(NH_OBSERVE), &g_lateHook), 0);
}
} // namespace

TEST(ObservingLazyTest, ACObserverAddedDuringALazyRunGetsTheMessage)
{
    g_seen.clear();
    g_cCalls = 0;
    g_lateHandle = nullptr;
    g_seenWhileAdding = 0;
    uint64_t built = ObserveLazyMessage::GetBuilds();
    uint64_t live = pfhooks_mblk_live();
    {
        DualChain c;
        g_lateNode = c.nodes.Get(1)->GetId();
        ASSERT_EQ(c.Ip(1)->AddObserveHook(NHF_INET, "adds", MakeCallback(&AddsACObserver)), 0);
        c.Traffic(3);
        c.Run();
        EXPECT_EQ(c.rx4, 3u);
        ASSERT_NE(g_lateHandle, nullptr);
        // Called in the run that added it (Record checks what it got), and
        // in every one after: each built its message for it.
        uint64_t n = c.Ip(1)->GetCounters(PFH_INET, PFH_OBSERVING).accepted;
        EXPECT_EQ(g_seenWhileAdding, 1u);
        EXPECT_EQ(g_cCalls, n);
        EXPECT_EQ(ObserveLazyMessage::GetBuilds() - built, n);
        EXPECT_EQ(net_hook_unregister(g_lateHandle, const_cast<char*>(NH_OBSERVE), &g_lateHook), 0);
        net_protocol_release(g_lateHandle);
        g_lateHandle = nullptr;
    }
    EXPECT_EQ(pfhooks_mblk_live(), live);
}
