/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The C face keeps illumos's constants and LP64 structure layouts, so that
 * a module written against the guide finds what it expects.
 */
#include "ns3/pfhooks-neti.h"

#include <cstddef>
#include <cstring>
#include <gtest/gtest.h>

namespace
{

TEST(LayoutTest, ConstantsAreIllumos)
{
    EXPECT_STREQ(NHF_INET, "NHF_INET");
    EXPECT_STREQ(NHF_INET6, "NHF_INET6");
    EXPECT_STREQ(NHF_ARP, "NHF_ARP");
    EXPECT_STREQ(NH_PHYSICAL_IN, "PHYSICAL_IN");
    EXPECT_STREQ(NH_PHYSICAL_OUT, "PHYSICAL_OUT");
    EXPECT_STREQ(NH_FORWARDING, "FORWARDING");
    EXPECT_STREQ(NH_LOOPBACK_IN, "LOOPBACK_IN");
    EXPECT_STREQ(NH_LOOPBACK_OUT, "LOOPBACK_OUT");
    EXPECT_STREQ(NH_NIC_EVENTS, "NIC_EVENTS");
    EXPECT_STREQ(NH_OBSERVE, "OBSERVING");
    EXPECT_EQ(NETINFO_VERSION, 1);
    EXPECT_EQ(HOOK_VERSION, 1);
    EXPECT_EQ(NI_QUEUE_IN, 1);
    EXPECT_EQ(NI_QUEUE_OUT, 2);
    EXPECT_EQ(NI_DIRECT_OUT, 3);
    EXPECT_EQ(HN_NONE, 0);
    EXPECT_EQ(HN_REGISTER, 1);
    EXPECT_EQ(HN_UNREGISTER, 2);
    EXPECT_EQ(HH_NONE, 0);
    EXPECT_EQ(HH_AFTER, 4);
    EXPECT_EQ(HPE_MULTICAST, 1);
    EXPECT_EQ(HPE_BROADCAST, 2);
    EXPECT_EQ(NE_PLUMB, 1);
    EXPECT_EQ(NE_IFINDEX_CHANGE, 8);
}

TEST(LayoutTest, StructuresAreLp64Illumos)
{
    EXPECT_EQ(sizeof(hook_t), 48u);
    EXPECT_EQ(offsetof(hook_t, h_func), 8u);
    EXPECT_EQ(offsetof(hook_t, h_name), 16u);
    EXPECT_EQ(offsetof(hook_t, h_flags), 24u);
    EXPECT_EQ(offsetof(hook_t, h_hint), 28u);
    EXPECT_EQ(offsetof(hook_t, h_hintvalue), 32u);
    EXPECT_EQ(offsetof(hook_t, h_arg), 40u);
    EXPECT_EQ(sizeof(hook_pkt_event_t), 72u);
    EXPECT_EQ(offsetof(hook_pkt_event_t, hpe_ifp), 8u);
    EXPECT_EQ(offsetof(hook_pkt_event_t, hpe_hdr), 24u);
    EXPECT_EQ(offsetof(hook_pkt_event_t, hpe_mp), 32u);
    EXPECT_EQ(offsetof(hook_pkt_event_t, hpe_mb), 40u);
    EXPECT_EQ(offsetof(hook_pkt_event_t, hpe_flags), 48u);
    EXPECT_EQ(offsetof(net_instance_t, nin_name), 8u);
    EXPECT_EQ(offsetof(net_instance_t, nin_create), 16u);
    EXPECT_EQ(offsetof(net_instance_t, nin_destroy), 24u);
    EXPECT_EQ(offsetof(net_instance_t, nin_shutdown), 32u);
    EXPECT_EQ(offsetof(net_inject_t, ni_packet), 8u);
    EXPECT_EQ(offsetof(net_inject_t, ni_addr), 16u);
    EXPECT_EQ(offsetof(net_inject_t, ni_physical), 16u + sizeof(struct sockaddr_storage));
    EXPECT_EQ(sizeof(hook_data_t), sizeof(void*));
    // hook_pkt_observe_t: the dl_ipnetinfo_t part (24 bytes), then two pointers.
    EXPECT_EQ(sizeof(hook_pkt_observe_t), 40u);
    EXPECT_EQ(offsetof(hook_pkt_observe_t, hpo_family), 1u);
    EXPECT_EQ(offsetof(hook_pkt_observe_t, hpo_htype), 2u);
    EXPECT_EQ(offsetof(hook_pkt_observe_t, hpo_pktlen), 4u);
    EXPECT_EQ(offsetof(hook_pkt_observe_t, hpo_ifindex), 8u);
    EXPECT_EQ(offsetof(hook_pkt_observe_t, hpo_grifindex), 12u);
    EXPECT_EQ(offsetof(hook_pkt_observe_t, hpo_zsrc), 16u);
    EXPECT_EQ(offsetof(hook_pkt_observe_t, hpo_zdst), 20u);
    EXPECT_EQ(offsetof(hook_pkt_observe_t, hpo_pkt), 24u);
    EXPECT_EQ(offsetof(hook_pkt_observe_t, hpo_ctx), 32u);
    EXPECT_EQ(IPOBS_HOOK_INBOUND, 0);
    EXPECT_EQ(IPOBS_HOOK_OUTBOUND, 1);
    EXPECT_EQ(IPOBS_HOOK_LOCAL, 2);
    EXPECT_EQ(ALL_ZONES, -1);
}

int
Fn(hook_event_token_t, hook_data_t, void*)
{
    return 0;
}

TEST(LayoutTest, HookInitFillsEveryField)
{
    hook_t* h = nullptr;
    int arg = 0;
    HOOK_INIT(h, Fn, const_cast<char*>("x"), &arg);
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->h_version, HOOK_VERSION);
    EXPECT_EQ(h->h_func, &Fn);
    EXPECT_STREQ(h->h_name, "x");
    EXPECT_EQ(h->h_hint, HH_NONE);
    EXPECT_EQ(h->h_hintvalue, 0u);
    EXPECT_EQ(h->h_arg, &arg);
    hook_free(h);
}

// ---- STREAMS messages ----

TEST(MblkTest, AllocCopyPullupFree)
{
    uint64_t live = pfhooks_mblk_live();
    mblk_t* a = allocb(4, BPRI_MED);
    mblk_t* b = allocb(3, BPRI_MED);
    std::memcpy(a->b_wptr, "abcd", 4);
    a->b_wptr += 4;
    std::memcpy(b->b_wptr, "efg", 3);
    b->b_wptr += 3;
    linkb(a, b);
    EXPECT_EQ(msgdsize(a), 7u);
    EXPECT_EQ(pfhooks_msg_nblocks(a), 2u);
    mblk_t* c = copymsg(a);
    ASSERT_NE(c, nullptr);
    EXPECT_NE(c->b_datap, a->b_datap);
    mblk_t* d = dupmsg(a);
    EXPECT_EQ(d->b_datap, a->b_datap);
    EXPECT_EQ(a->b_datap->db_ref, 2);
    mblk_t* p = msgpullup(a, -1);
    ASSERT_NE(p, nullptr);
    EXPECT_EQ(p->b_cont, nullptr);
    EXPECT_EQ(std::memcmp(p->b_rptr, "abcdefg", 7), 0);
    EXPECT_EQ(msgpullup(a, 8), nullptr); // more than there is
    EXPECT_EQ(pullupmsg(c, -1), 1);
    EXPECT_EQ(c->b_cont, nullptr);
    EXPECT_EQ(std::memcmp(c->b_rptr, "abcdefg", 7), 0);
    mblk_t* tail = unlinkb(d);
    ASSERT_NE(tail, nullptr);
    EXPECT_EQ(d->b_cont, nullptr);
    EXPECT_EQ(MBLKL(tail), 3u);
    freemsg(tail);
    freemsg(a);
    freemsg(c);
    freemsg(d);
    freemsg(p);
    freemsg(nullptr);
    EXPECT_EQ(pfhooks_mblk_live(), live);
}

} // namespace
