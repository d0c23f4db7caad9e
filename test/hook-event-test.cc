/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The rules of one event's hook list (illumos hook.c): insertion by hint,
 * error codes, the run loop, kstats, notifications of hook changes; the
 * levels' lifecycle flags, the observers, the family tables.
 */
#include "ns3/packet-hook.h"
#include "ns3/pfhooks-hook-stack.h"
#include "ns3/pfhooks-kmem-debug.h"
#include "ns3/pfhooks-mblk.h"
#include "ns3/pfhooks-net-protocol.h"
#include "ns3/pfhooks-observer.h"
#include "ns3/solaris-kernel.h"

#include <cerrno>
#include <gtest/gtest.h>
#include <string>
#include <vector>

using namespace ns3;

namespace
{

int
Accept(hook_event_token_t, hook_data_t, void*)
{
    return 0;
}

class HookEventTest : public ::testing::Test
{
  protected:
    void SetUp() override
    {
        stack = Create<PfhooksHookStack>(7);
        family = stack->AddFamily(NHF_INET);
        event = family->AddEvent(NH_PHYSICAL_IN);
    }

    int Add(const char* name, hook_hint_t hint = HH_NONE, const char* value = nullptr)
    {
        hook_t h{};
        h.h_version = HOOK_VERSION;
        h.h_func = Accept;
        h.h_name = const_cast<char*>(name);
        h.h_hint = hint;
        h.h_hintvalue = reinterpret_cast<uintptr_t>(value);
        return event->Register(&h);
    }

    std::string Order() const
    {
        std::string s;
        for (const auto& n : event->GetHookNames())
        {
            s += (s.empty() ? "" : ",") + n;
        }
        return s;
    }

    Ptr<PfhooksHookStack> stack;
    Ptr<PfhooksHookFamily> family;
    Ptr<PfhooksHookEvent> event;
};

TEST_F(HookEventTest, PlainHooksAppendInOrder)
{
    EXPECT_EQ(Add("a"), 0);
    EXPECT_EQ(Add("b"), 0);
    EXPECT_EQ(Add("c"), 0);
    EXPECT_EQ(Order(), "a,b,c");
}

TEST_F(HookEventTest, DuplicateNameIsEexist)
{
    EXPECT_EQ(Add("a"), 0);
    EXPECT_EQ(Add("a", HH_FIRST), EEXIST);
    EXPECT_EQ(Order(), "a");
}

TEST_F(HookEventTest, FirstGoesToHeadAndIsExclusive)
{
    EXPECT_EQ(Add("a"), 0);
    EXPECT_EQ(Add("f", HH_FIRST), 0);
    EXPECT_EQ(Order(), "f,a");
    EXPECT_EQ(Add("g", HH_FIRST), EBUSY);
    EXPECT_EQ(Add("b"), 0);
    EXPECT_EQ(Order(), "f,a,b");
}

TEST_F(HookEventTest, LastGoesToTailAndIsExclusive)
{
    EXPECT_EQ(Add("l", HH_LAST), 0);
    EXPECT_EQ(Add("m", HH_LAST), EBUSY);
    // A plain hook goes before a LAST hook that is at the head.
    EXPECT_EQ(Add("a"), 0);
    EXPECT_EQ(Order(), "a,l");
}

TEST_F(HookEventTest, PlainInsertOnlyChecksTheHeadForLast)
{
    // The illumos quirk: with a FIRST hook at the head, a plain hook is
    // appended behind the LAST hook.
    EXPECT_EQ(Add("f", HH_FIRST), 0);
    EXPECT_EQ(Add("l", HH_LAST), 0);
    EXPECT_EQ(Add("a"), 0);
    EXPECT_EQ(Order(), "f,l,a");
    // ... and then LAST is no longer the tail, so another LAST is allowed.
    EXPECT_EQ(Add("m", HH_LAST), 0);
    EXPECT_EQ(Order(), "f,l,a,m");
}

TEST_F(HookEventTest, BeforeAndAfterAPresentHook)
{
    EXPECT_EQ(Add("x"), 0);
    EXPECT_EQ(Add("y"), 0);
    EXPECT_EQ(Add("b", HH_BEFORE, "y"), 0);
    EXPECT_EQ(Add("a", HH_AFTER, "x"), 0);
    EXPECT_EQ(Order(), "x,a,b,y");
}

TEST_F(HookEventTest, BeforeFirstAndAfterLastAreEbusy)
{
    EXPECT_EQ(Add("f", HH_FIRST), 0);
    EXPECT_EQ(Add("l", HH_LAST), 0);
    EXPECT_EQ(Add("b", HH_BEFORE, "f"), EBUSY);
    EXPECT_EQ(Add("a", HH_AFTER, "l"), EBUSY);
    // The other sides are fine.
    EXPECT_EQ(Add("c", HH_AFTER, "f"), 0);
    EXPECT_EQ(Add("d", HH_BEFORE, "l"), 0);
    EXPECT_EQ(Order(), "f,c,d,l");
}

TEST_F(HookEventTest, AbsentTargetScanFollowsIllumosCode)
{
    // hook_insert_afterbefore(): the first hook naming the same absent
    // target decides: same hint -> after it, opposite hint -> before it.
    // (So an AFTER can land ahead of a BEFORE, whatever the comment in
    // hook.c hopes for; the code is what we keep.)
    EXPECT_EQ(Add("p"), 0);
    EXPECT_EQ(Add("a1", HH_AFTER, "t"), 0);  // no match: plain, at the tail
    EXPECT_EQ(Add("b1", HH_BEFORE, "t"), 0); // meets a1 (AFTER): before it
    EXPECT_EQ(Add("a2", HH_AFTER, "t"), 0);  // meets b1 (BEFORE): before it
    EXPECT_EQ(Add("b2", HH_BEFORE, "t"), 0); // meets a2 (AFTER): before it
    EXPECT_EQ(Order(), "p,b2,a2,b1,a1");
    EXPECT_EQ(Add("a3", HH_AFTER, "t"), 0); // meets b2 (BEFORE): before it
    EXPECT_EQ(Order(), "p,a3,b2,a2,b1,a1");
    // When the target arrives with no hint, the first hook that asked to be
    // after it decides: it goes right before a3.
    EXPECT_EQ(Add("t"), 0);
    EXPECT_EQ(Order(), "p,t,a3,b2,a2,b1,a1");
}

TEST_F(HookEventTest, AbsentTargetSameHintGoesAfter)
{
    EXPECT_EQ(Add("b1", HH_BEFORE, "t"), 0);
    EXPECT_EQ(Add("b2", HH_BEFORE, "t"), 0);
    EXPECT_EQ(Add("x"), 0);
    EXPECT_EQ(Add("b3", HH_BEFORE, "t"), 0);
    EXPECT_EQ(Order(), "b1,b3,b2,x");
}

TEST_F(HookEventTest, NoneTargetWithOnlyBeforesGoesAfterTheFirst)
{
    EXPECT_EQ(Add("b1", HH_BEFORE, "t"), 0);
    EXPECT_EQ(Add("q"), 0);
    EXPECT_EQ(Add("b2", HH_BEFORE, "t"), 0);
    EXPECT_EQ(Order(), "b1,b2,q");
    EXPECT_EQ(Add("t"), 0);
    EXPECT_EQ(Order(), "b1,t,b2,q");
}

TEST_F(HookEventTest, BadHintAndBadHooksAreEinval)
{
    EXPECT_EQ(Add("z", static_cast<hook_hint_t>(42)), EINVAL);
    EXPECT_EQ(Add("z", HH_BEFORE, nullptr), EINVAL);
    hook_t h{};
    h.h_name = const_cast<char*>("nofunc");
    EXPECT_EQ(event->Register(&h), EINVAL);
    EXPECT_EQ(event->Register(nullptr), EINVAL);
    EXPECT_EQ(Order(), "");
}

TEST_F(HookEventTest, UnregisterUnknownIsEnxio)
{
    EXPECT_EQ(event->Unregister("nope"), ENXIO);
    EXPECT_EQ(Add("a"), 0);
    EXPECT_EQ(event->Unregister("a"), 0);
    EXPECT_EQ(event->Unregister("a"), ENXIO);
    EXPECT_EQ(event->GetHooksAdded(), 1u);
    EXPECT_EQ(event->GetHooksRemoved(), 1u);
}

TEST_F(HookEventTest, HookIsCopiedAtRegistration)
{
    char name[] = "copied";
    char target[] = "zzz";
    hook_t h{};
    h.h_func = Accept;
    h.h_name = name;
    h.h_hint = HH_BEFORE;
    h.h_hintvalue = reinterpret_cast<uintptr_t>(target);
    ASSERT_EQ(event->Register(&h), 0);
    name[0] = 'X';
    target[0] = 'Y';
    h.h_func = nullptr;
    auto ks = event->GetHookKstats();
    ASSERT_EQ(ks.size(), 1u);
    EXPECT_EQ(ks[0].name, "copied");
    EXPECT_EQ(ks[0].hintValue, "zzz");
    EXPECT_EQ(event->Unregister("copied"), 0);
}

struct RunLog
{
    std::vector<std::string> calls;
    int ret[4] = {0, 0, 0, 0};
};

RunLog g_log;

int
Hook0(hook_event_token_t, hook_data_t, void*)
{
    g_log.calls.push_back("h0");
    return g_log.ret[0];
}

int
Hook1(hook_event_token_t, hook_data_t, void*)
{
    g_log.calls.push_back("h1");
    return g_log.ret[1];
}

int
Hook2(hook_event_token_t, hook_data_t, void*)
{
    g_log.calls.push_back("h2");
    return g_log.ret[2];
}

TEST_F(HookEventTest, RunStopsAtFirstNonZero)
{
    hook_func_t fns[3] = {Hook0, Hook1, Hook2};
    const char* names[3] = {"h0", "h1", "h2"};
    for (int i = 0; i < 3; i++)
    {
        hook_t h{};
        h.h_func = fns[i];
        h.h_name = const_cast<char*>(names[i]);
        ASSERT_EQ(event->Register(&h), 0);
    }
    g_log = RunLog();
    EXPECT_EQ(event->Run(0), 0);
    EXPECT_EQ(g_log.calls, (std::vector<std::string>{"h0", "h1", "h2"}));
    g_log = RunLog();
    g_log.ret[1] = 7;
    EXPECT_EQ(event->Run(0), 7);
    EXPECT_EQ(g_log.calls, (std::vector<std::string>{"h0", "h1"}));
    EXPECT_EQ(event->m_events, 2u);
    auto ks = event->GetHookKstats();
    EXPECT_EQ(ks[0].hits, 2u);
    EXPECT_EQ(ks[1].hits, 2u);
    EXPECT_EQ(ks[2].hits, 1u);
    EXPECT_EQ(ks[0].position, 1);
    EXPECT_EQ(ks[2].position, 3);
    EXPECT_EQ(ks[0].hintValue, "<none>");
}

int
SelfRemover(hook_event_token_t tok, hook_data_t, void*)
{
    g_log.calls.push_back("self");
    PfhooksHookEvent::FromToken(tok)->Unregister("self");
    PfhooksHookEvent::FromToken(tok)->Unregister("after");
    return 0;
}

int
After(hook_event_token_t, hook_data_t, void*)
{
    g_log.calls.push_back("after");
    return 0;
}

TEST_F(HookEventTest, HookMayUnregisterDuringRun)
{
    hook_t a{};
    a.h_func = SelfRemover;
    a.h_name = const_cast<char*>("self");
    hook_t b{};
    b.h_func = After;
    b.h_name = const_cast<char*>("after");
    ASSERT_EQ(event->Register(&a), 0);
    ASSERT_EQ(event->Register(&b), 0);
    g_log = RunLog();
    EXPECT_EQ(event->Run(0), 0);
    // The removed hook behind the running one is not called.
    EXPECT_EQ(g_log.calls, (std::vector<std::string>{"self"}));
    EXPECT_EQ(event->GetNHooks(), 0u);
    EXPECT_FALSE(event->HasHooks());
}

std::vector<std::string> g_notes;

int
Note(hook_notify_cmd_t cmd, void* arg, const char* a, const char* b, const char* c)
{
    g_notes.push_back(std::string(cmd == HN_REGISTER ? "R " : "U ") + (a ? a : "-") + " " +
                      (b ? b : "-") + " " + (c ? c : "-") + " " + static_cast<const char*>(arg));
    return 0;
}

int
Note2(hook_notify_cmd_t cmd, void* arg, const char* a, const char* b, const char* c)
{
    return Note(cmd, arg, a, b, c);
}

TEST_F(HookEventTest, EventNotifyReplaysAndFires)
{
    ASSERT_EQ(Add("a"), 0);
    ASSERT_EQ(Add("b", HH_FIRST), 0);
    PfhooksNotifyList::Entry e;
    e.fn = Note;
    e.arg = const_cast<char*>("x");
    g_notes.clear();
    ASSERT_EQ(event->NotifyRegister(e), 0);
    // Replay in list order.
    EXPECT_EQ(
        g_notes,
        (std::vector<std::string>{"R NHF_INET PHYSICAL_IN b x", "R NHF_INET PHYSICAL_IN a x"}));
    EXPECT_EQ(event->NotifyRegister(e), EEXIST);
    g_notes.clear();
    ASSERT_EQ(Add("c"), 0);
    ASSERT_EQ(event->Unregister("a"), 0);
    EXPECT_EQ(
        g_notes,
        (std::vector<std::string>{"R NHF_INET PHYSICAL_IN c x", "U NHF_INET PHYSICAL_IN a x"}));
    g_notes.clear();
    ASSERT_EQ(event->NotifyUnregister(e), 0);
    EXPECT_EQ(
        g_notes,
        (std::vector<std::string>{"U NHF_INET PHYSICAL_IN b x", "U NHF_INET PHYSICAL_IN c x"}));
    PfhooksNotifyList::Entry other;
    other.fn = Note2;
    EXPECT_EQ(event->NotifyUnregister(other), ESRCH);
}

TEST_F(HookEventTest, ShutDownEventRefusesHooks)
{
    ASSERT_EQ(family->ShutdownEvent(NH_PHYSICAL_IN), 0);
    EXPECT_EQ(Add("late"), ESHUTDOWN);
    EXPECT_EQ(family->HookRegister("NO_SUCH_EVENT", nullptr, nullptr), ENXIO);
}

TEST_F(HookEventTest, StackShutdownRegistersNothingButReturnsZero)
{
    stack->Shutdown();
    hook_t h{};
    h.h_func = Accept;
    h.h_name = const_cast<char*>("q");
    EXPECT_EQ(family->HookRegister(NH_PHYSICAL_IN, &h, nullptr), 0);
    EXPECT_EQ(event->GetNHooks(), 0u);
}

TEST_F(HookEventTest, CondemnedEventLivesUntilLastHookLeaves)
{
    ASSERT_EQ(Add("a"), 0);
    ASSERT_EQ(family->RemoveEvent(NH_PHYSICAL_IN), 0);
    ASSERT_TRUE(family->FindEvent(NH_PHYSICAL_IN));
    EXPECT_EQ(Add("b"), ESHUTDOWN);
    ASSERT_EQ(family->HookUnregister(NH_PHYSICAL_IN, nullptr), ENXIO);
    hook_t h{};
    h.h_name = const_cast<char*>("a");
    ASSERT_EQ(family->HookUnregister(NH_PHYSICAL_IN, &h), 0);
    EXPECT_FALSE(family->FindEvent(NH_PHYSICAL_IN));
}

TEST_F(HookEventTest, OnlyTheParentSetsTheLifecycleFlags)
{
    EXPECT_FALSE(event->IsShutdown());
    ASSERT_EQ(family->ShutdownEvent(NH_PHYSICAL_IN), 0);
    EXPECT_TRUE(event->IsShutdown());
    EXPECT_FALSE(event->IsCondemned());
    EXPECT_EQ(family->ShutdownEvent("NO_SUCH_EVENT"), ESRCH);
    ASSERT_EQ(stack->RemoveFamily(NHF_INET), 0);
    EXPECT_TRUE(family->IsShutdown());
    EXPECT_TRUE(family->IsCondemned());
    // Its event keeps the condemned family on the stack's list.
    EXPECT_TRUE(stack->FindFamily(NHF_INET));
    ASSERT_EQ(family->RemoveEvent(NH_PHYSICAL_IN), 0);
    EXPECT_TRUE(event->IsCondemned());
    EXPECT_FALSE(stack->FindFamily(NHF_INET));
    EXPECT_EQ(event->GetFamily(), nullptr);
    EXPECT_EQ(family->GetStack(), nullptr);
}

/// Records what the engine tells.
struct Recorder : PfhooksObserver
{
    void HookRegistered(const void* caller,
                        netid_t netid,
                        const std::string& family,
                        const std::string& event,
                        const hook_t* hook) override
    {
        seen.push_back("R " + std::to_string(netid) + " " + family + " " + event + " " +
                       hook->h_name);
    }

    void HookUnregistered(const void* caller,
                          netid_t netid,
                          const std::string& family,
                          const std::string& event,
                          const char* name,
                          uint64_t hits) override
    {
        seen.push_back("U " + std::string(name) + " " + std::to_string(hits));
    }

    void NotifyCalled(hook_notify_fn_t,
                      hook_notify_cmd_t cmd,
                      const char*,
                      const char*,
                      const char* name) override
    {
        seen.push_back("N " + std::to_string(cmd) + " " + name);
    }

    void FreedAndAccepted(netid_t netid,
                          const std::string& where,
                          const std::vector<hook_t>& hooks) override
    {
        seen.push_back("F " + where + " " + std::to_string(hooks.size()));
    }

    std::vector<std::string> seen;
};

int
Quiet(hook_notify_cmd_t, void*, const char*, const char*, const char*)
{
    return 0;
}

TEST_F(HookEventTest, TheEngineTellsItsObservers)
{
    Recorder r;
    PfhooksObserver::Add(&r);
    hook_t h{};
    h.h_func = Accept;
    h.h_name = const_cast<char*>("a");
    ASSERT_EQ(family->HookRegister(NH_PHYSICAL_IN, &h, nullptr), 0);
    event->Run(0);
    event->Run(0);
    PfhooksNotifyList::Entry e;
    e.fn = Quiet;
    ASSERT_EQ(event->NotifyRegister(e), 0);
    event->ReportFreedAndAccepted(7);
    ASSERT_EQ(family->HookUnregister(NH_PHYSICAL_IN, &h), 0);
    PfhooksObserver::Remove(&r);
    EXPECT_EQ(r.seen,
              (std::vector<std::string>{"R 7 NHF_INET PHYSICAL_IN a",
                                        "N 1 a",
                                        "F NHF_INET/PHYSICAL_IN 1",
                                        "N 2 a",
                                        "U a 2"}));
}

TEST(NetProtocolTest, OneTablePerFamily)
{
    const PfhooksNetProtocol& arp = PfhooksNetProtocol::Of(PFH_ARP);
    EXPECT_STREQ(arp.name, NHF_ARP);
    EXPECT_STREQ(arp.hookName, "arp");
    EXPECT_TRUE(arp.HasEvent(PFH_PHYSICAL_IN));
    EXPECT_TRUE(arp.HasEvent(PFH_NIC_EVENTS));
    EXPECT_FALSE(arp.HasEvent(PFH_FORWARDING));
    EXPECT_FALSE(arp.HasEvent(PFH_OBSERVING));
    EXPECT_FALSE(arp.CanInject());
    // ARP's unsupported functions answer -1 whatever the handle (net_no_*).
    EXPECT_EQ(arp.getmtu(nullptr, 1, 0), -1);
    EXPECT_EQ(arp.lifgetnext(nullptr, 1, 0), -1);
    for (PfhooksFamily f : {PFH_INET, PFH_INET6})
    {
        const PfhooksNetProtocol& ip = PfhooksNetProtocol::Of(f);
        EXPECT_TRUE(ip.CanInject());
        for (int e = 0; e < PFH_NEVENTS; e++)
        {
            EXPECT_TRUE(ip.HasEvent(static_cast<PfhooksEvent>(e)));
        }
        EXPECT_EQ(PfhooksNetProtocol::Find(ip.name), &ip);
    }
    EXPECT_STREQ(PfhooksNetProtocol::Of(PFH_INET6).hookName, "inet6");
    EXPECT_EQ(PfhooksNetProtocol::Find("NHF_NONE"), nullptr);
    EXPECT_STREQ(PfhooksNetProtocol::EventName(PFH_OBSERVING), NH_OBSERVING);
}

// A run whose first hook is a C hook gets its message before the run (the
// hook reads hpe_hdr at once); one led by a PacketHookCallback gets it lazily.
TEST_F(HookEventTest, TheEventKnowsWhetherItsFirstHookReadsTheMessage)
{
    EXPECT_FALSE(event->FirstHookReadsMessage()); // no hook
    hook_t cxx;
    std::shared_ptr<void> holder;
    MakePacketHook("cxx",
                   MakeCallback(+[](PacketHookContext&) { return 0; }),
                   HH_FIRST,
                   "",
                   &cxx,
                   &holder);
    ASSERT_EQ(event->Register(&cxx, holder), 0);
    EXPECT_FALSE(event->FirstHookReadsMessage());
    ASSERT_EQ(Add("c"), 0); // behind the C++ hook
    EXPECT_FALSE(event->FirstHookReadsMessage());
    ASSERT_EQ(event->Unregister("cxx"), 0);
    EXPECT_TRUE(event->FirstHookReadsMessage()); // the C hook leads now
    ASSERT_EQ(event->Register(&cxx, holder), 0);
    EXPECT_FALSE(event->FirstHookReadsMessage());
    ASSERT_EQ(event->Unregister("cxx"), 0);
    ASSERT_EQ(event->Unregister("c"), 0);
    EXPECT_FALSE(event->FirstHookReadsMessage());
}

// ---- the seams' spare message (PacketHookSpareMessage) ----

TEST(SpareMessage, AnAcceptedMessageComesBackAsAllocbMakesIt)
{
    // Kept under the defaults (audit, deadbeef) as without them.
    for (uint32_t flags : {uint32_t{PfhooksKmemDebug::kDefaultFlags}, uint32_t{PFH_KMF_REDZONE}})
    {
        uint32_t was = PfhooksKmemDebug::GetFlags();
        PfhooksKmemDebug::SetFlags(flags);
        uint64_t mblks = pfhooks_mblk_live();
        uint64_t dblks = pfhooks_dblk_live();
        {
            PacketHookSpareMessage spare;
            mblk_t* mp = spare.Take(100);
            ASSERT_NE(mp, nullptr);
            EXPECT_EQ(MBLKL(mp), 0u);
            EXPECT_GE(MBLKSIZE(mp), 100u);
            mp->b_wptr += 100;
            mp->b_flag = 1; // what a hook may leave behind
            mp->b_datap->db_type = M_PROTO;
            spare.Give(mp);
            EXPECT_EQ(pfhooks_mblk_live(), mblks); // freed, to the debugging
            mblk_t* again = spare.Take(60);
            EXPECT_EQ(again, mp) << flags;
            EXPECT_EQ(pfhooks_mblk_live(), mblks + 1);
            EXPECT_EQ(again->b_rptr, again->b_datap->db_base);
            EXPECT_EQ(MBLKL(again), 0u);
            EXPECT_EQ(again->b_flag, 0u);
            EXPECT_EQ(again->b_cont, nullptr);
            EXPECT_EQ(again->b_datap->db_ref, 1u);
            EXPECT_EQ(again->b_datap->db_type, M_DATA);
            // Too small for the next one: a new block, the kept one stays.
            spare.Give(again);
            mblk_t* big = spare.Take(4000);
            ASSERT_NE(big, nullptr);
            EXPECT_NE(big, again);
            EXPECT_GE(MBLKSIZE(big), 4000u);
            spare.Give(big); // the slot is taken (and it is too big): freed
            EXPECT_EQ(pfhooks_mblk_live(), mblks);
        }
        // The spare's destructor freed what it kept.
        EXPECT_EQ(pfhooks_mblk_live(), mblks);
        EXPECT_EQ(pfhooks_dblk_live(), dblks);
        PfhooksKmemDebug::SetFlags(was);
    }
}

TEST(SpareMessage, AMessageSomethingElseHoldsIsFreedNotKept)
{
    uint64_t mblks = pfhooks_mblk_live();
    PacketHookSpareMessage spare;
    mblk_t* mp = spare.Take(64);
    ASSERT_NE(mp, nullptr);
    mblk_t* dup = dupb(mp); // a hook kept a reference to the data
    ASSERT_NE(dup, nullptr);
    spare.Give(mp);
    EXPECT_EQ(pfhooks_mblk_live(), mblks + 1); // mp freed, dup alive
    EXPECT_EQ(dup->b_datap->db_ref, 1u);
    mblk_t* fresh = spare.Take(64);
    EXPECT_NE(fresh->b_datap, dup->b_datap);
    freemsg(dup);
    // A message of two blocks is not kept either.
    fresh->b_cont = allocb(8, BPRI_MED);
    spare.Give(fresh);
    EXPECT_EQ(pfhooks_mblk_live(), mblks);
}

// A kept message is a freed block to the debugging (the defaults: audit,
// deadbeef): seen as freed, its free site the keeping, poisoned.
TEST(SpareMessage, AKeptMessageIsFreedToTheDebugging)
{
    ASSERT_EQ(PfhooksKmemDebug::GetFlags(), uint32_t{PfhooksKmemDebug::kDefaultFlags});
    PacketHookSpareMessage spare;
    mblk_t* mp = spare.Take(64);
    ASSERT_NE(mp, nullptr);
    spare.Give(mp);
    EXPECT_TRUE(pfhooks_msg_freed(mp));
    EXPECT_EQ(pfhooks_msg_freed_at(mp), reinterpret_cast<const void*>(&pfhooks_msg_keep));
    // A flags change frees what is kept (checked), as it does the quarantine.
    PfhooksKmemDebug::SetFlags(PfhooksKmemDebug::kDefaultFlags);
    EXPECT_EQ(pfhooks_msg_freed_at(mp), nullptr);
    mblk_t* fresh = spare.Take(64);
    ASSERT_NE(fresh, nullptr);
    EXPECT_FALSE(pfhooks_msg_freed(fresh));
    freemsg(fresh);
}

TEST(SpareMessageDeathTest, FreeingAKeptMessageAgainNamesBothSites)
{
    EXPECT_DEATH(
        {
            SolarisKernel::Get(); // its panic names the sites
            PacketHookSpareMessage spare;
            mblk_t* mp = spare.Take(64);
            spare.Give(mp);
            freemsg(mp); // a module's stale pointer
        },
        "double free of a message block: message block .* freed at pfhooks_msg_keep \\(.*\\), "
        "then at ");
}

TEST(SpareMessageDeathTest, AWriteToAKeptMessageIsFoundWhenItIsTakenBack)
{
    EXPECT_DEATH(
        {
            SolarisKernel::Get(); // its panic names the sites
            PacketHookSpareMessage spare;
            mblk_t* mp = spare.Take(64);
            unsigned char* stale = mp->b_rptr;
            spare.Give(mp);
            reinterpret_cast<volatile unsigned char*>(stale)[63] = 1;
            spare.Take(64);
        },
        "a freed block was written to \\(found when it was reused\\): message block .* freed "
        "at pfhooks_msg_keep \\(.*\\), then at pfhooks_msg_reuse|use-after-poison");
}

} // namespace
