/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A hook that injects, written like the seed's ping amplifier (pamp_drv.c):
 * a PHYSICAL_IN hook turns each ICMP echo request into a reply and sends it
 * with net_inject(NI_QUEUE_OUT), letting the request in.  The pinging host
 * gets two replies per request; the injected reply leaves through
 * PHYSICAL_OUT and never comes back to the hook as a request, so nothing
 * loops.
 */
#include "scenario.h"

#include "ns3/pcap-file.h"
#include "ns3/v4ping-helper.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <utility>
#include <vector>

using namespace ns3;
using namespace pfhooks_test;

namespace
{

// ---- the module, as pamp_drv.c has it (without the driver glue) ----

struct PampIpstack
{
    hook_t* phyin;
    int hookOk;
    net_handle_t ipv4;
};

struct PampStats
{
    uint32_t seen{0};     // packets the hook was called with
    uint32_t requests{0}; // echo requests among them
    uint32_t injected{0}; // net_inject() returned 0
} g_pamp;

int
PampPktIn(hook_event_token_t, hook_data_t info, void* arg)
{
    auto* hpe = reinterpret_cast<hook_pkt_event_t*>(info);
    auto* st = static_cast<PampIpstack*>(arg);
    g_pamp.seen++;
    auto* ip = static_cast<uint8_t*>(hpe->hpe_hdr);
    if (ip[9] != IPPROTO_ICMP)
    {
        return 0;
    }
    mblk_t* mb = msgpullup(hpe->hpe_mb, -1);
    if (mb == nullptr)
    {
        return 0;
    }
    uint8_t* icmp = mb->b_rptr + (mb->b_rptr[0] & 0x0f) * 4;
    if (icmp[0] == 8) // ICMP_ECHO
    {
        g_pamp.requests++;
        mblk_t* resp = copymsg(mb);
        if (resp != nullptr)
        {
            uint8_t* rip = resp->b_rptr;
            uint8_t a[4];
            std::memcpy(a, rip + 12, 4); // swap source and destination
            std::memcpy(rip + 12, rip + 16, 4);
            std::memcpy(rip + 16, a, 4);
            uint8_t* ricmp = rip + (rip[0] & 0x0f) * 4;
            ricmp[0] = 0; // ICMP_ECHOREPLY
            // The seed updates the checksum incrementally and gets it wrong
            // (it adds 8 to ~HC; the type is the high byte).  Even RFC 1624
            // eqn. 3 gives 0x0000 where a fresh sum gives 0xffff when the
            // message sums to zero (V4Ping's first echo from node 0 does):
            // computed afresh here.
            size_t icmpLen = MBLKL(resp) - (ricmp - rip);
            ricmp[2] = ricmp[3] = 0;
            uint16_t nc = Checksum(ricmp, icmpLen);
            ricmp[2] = nc >> 8;
            ricmp[3] = nc & 0xff;
            net_inject_t ninj{};
            ninj.ni_packet = resp;
            ninj.ni_physical = hpe->hpe_ifp;
            if (net_inject(st->ipv4, NI_QUEUE_OUT, &ninj) == 0)
            {
                g_pamp.injected++;
            }
        }
    }
    freemsg(mb); // (the printed seed leaks the pulled-up copy)
    return 0;
}

void*
PampCreate(const netid_t netid)
{
    auto* st = new PampIpstack{};
    HOOK_INIT(st->phyin, &PampPktIn, const_cast<char*>("pkt_in"), st);
    st->ipv4 = net_protocol_lookup(netid, NHF_INET);
    if (st->ipv4 == nullptr)
    {
        hook_free(st->phyin);
        delete st;
        return nullptr;
    }
    st->hookOk = net_hook_register(st->ipv4, const_cast<char*>(NH_PHYSICAL_IN), st->phyin);
    return st;
}

void
PampShutdown(const netid_t, void* arg)
{
    // Unhooking here (not in destroy, where the family is gone) succeeds.
    auto* st = static_cast<PampIpstack*>(arg);
    if (st != nullptr && st->hookOk == 0)
    {
        EXPECT_EQ(net_hook_unregister(st->ipv4, const_cast<char*>(NH_PHYSICAL_IN), st->phyin), 0);
        st->hookOk = -1;
    }
}

void
PampDestroy(const netid_t, void* arg)
{
    auto* st = static_cast<PampIpstack*>(arg);
    if (st == nullptr)
    {
        return;
    }
    hook_free(st->phyin);
    net_protocol_release(st->ipv4);
    delete st;
}

// ---- what leaves the server, and what the client captures ----

uint32_t g_outReplies = 0;
uint32_t g_outRequests = 0;

int
CountIcmpOut(PacketHookContext& ctx)
{
    const uint8_t* b = ctx.GetBytes();
    if (b[9] == IPPROTO_ICMP)
    {
        const uint8_t* icmp = b + (b[0] & 0x0f) * 4;
        g_outReplies += icmp[0] == 0;
        g_outRequests += icmp[0] == 8;
    }
    return 0;
}

TEST(PingAmplifierTest, TwoRepliesPerRequestAndNoLoop)
{
    g_pamp = PampStats();
    g_outReplies = g_outRequests = 0;
    std::string prefix = "pfhooks-pamp";
    {
        Scenario s(false); // only the server is an IP instance (pamp loaded there)
        Ptr<PfhooksIpInstance> server = PfhooksHelper().Install(s.nodes.Get(2));
        net_instance_t* ni = net_instance_alloc(NETINFO_VERSION);
        ni->nin_name = const_cast<char*>("pamp");
        ni->nin_create = &PampCreate;
        ni->nin_shutdown = &PampShutdown;
        ni->nin_destroy = &PampDestroy;
        ASSERT_EQ(net_instance_register(ni), 0);
        ASSERT_EQ(
            server->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "count", MakeCallback(&CountIcmpOut)),
            0);
        s.p2p.EnablePcap(prefix, s.d01.Get(0), false);
        V4PingHelper ping(s.i12.GetAddress(1));
        ApplicationContainer app = ping.Install(s.nodes.Get(0));
        app.Start(Seconds(1));
        app.Stop(Seconds(5.5)); // requests at 1, 2, 3, 4, 5 s
        s.Run(7);

        EXPECT_EQ(g_pamp.requests, 5u);
        EXPECT_EQ(g_pamp.injected, 5u);
        // The hook saw the five requests and nothing else: its own replies
        // left through PHYSICAL_OUT and were never handed back to it.
        EXPECT_EQ(g_pamp.seen, 5u);
        EXPECT_EQ(g_outReplies, 10u); // the stack's and the injected one
        EXPECT_EQ(g_outRequests, 0u);
        EXPECT_EQ(server->GetCounters(PFH_INET, PFH_PHYSICAL_OUT).injected, 5u);
        std::vector<PfhooksHookKstat> k =
            server->GetEvent(PFH_INET, PFH_PHYSICAL_IN)->GetHookKstats();
        ASSERT_EQ(k.size(), 1u);
        EXPECT_EQ(k[0].name, "pkt_in");
        EXPECT_EQ(k[0].hits, 5u);
        EXPECT_EQ(net_instance_unregister(ni), 0);
        net_instance_free(ni);
    }

    // The client's link, as the seed's snoop shows it: each request, then
    // two replies with its identifier and sequence number and a good checksum.
    PcapFile pcap;
    pcap.Open(prefix + "-0-0.pcap", std::ios::in);
    ASSERT_FALSE(pcap.Fail());
    std::vector<std::pair<int, uint32_t>> icmp; // (type, id << 16 | seq)
    uint8_t buf[2048];
    uint32_t sec, usec, incl, orig, readLen;
    while (true)
    {
        pcap.Read(buf, sizeof(buf), sec, usec, incl, orig, readLen);
        if (pcap.Eof() || pcap.Fail())
        {
            break;
        }
        const uint8_t* ip = buf + 2; // PPP header
        if (readLen < 2 + 28 || ip[9] != IPPROTO_ICMP)
        {
            continue;
        }
        size_t hl = (ip[0] & 0x0f) * 4;
        size_t total = (ip[2] << 8) | ip[3];
        const uint8_t* m = ip + hl;
        EXPECT_EQ(Checksum(m, total - hl), 0) << "ICMP checksum of type " << int(m[0]);
        icmp.emplace_back(m[0], uint32_t((m[4] << 24) | (m[5] << 16) | (m[6] << 8) | m[7]));
    }
    pcap.Close();
    ASSERT_EQ(icmp.size(), 15u);
    for (size_t k = 0; k < 15; k += 3)
    {
        EXPECT_EQ(icmp[k].first, 8);
        EXPECT_EQ(icmp[k + 1].first, 0);
        EXPECT_EQ(icmp[k + 2].first, 0);
        EXPECT_EQ(icmp[k + 1].second, icmp[k].second);
        EXPECT_EQ(icmp[k + 2].second, icmp[k].second);
    }
}

} // namespace
