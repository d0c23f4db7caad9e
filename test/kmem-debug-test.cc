/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * kmem_flags for messages (doc/solaris-kernel.md): a double free, a write
 * to a freed block and a hook freeing the message the stack holds panic
 * with both sites named; a hook that frees and clears *hpe_mp is named
 * alone, not every hook of its event.
 */
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-contract-checker.h"
#include "ns3/pfhooks-kmem-debug.h"
#include "ns3/pfhooks-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/solaris-module.h"

#include <cstring>
#include <gtest/gtest.h>

using namespace ns3;

namespace
{

/// Two nodes with pfhooks; node 0 pings node 1 every 100 ms from 1 s.
struct Pair
{
    NodeContainer nodes;

    Pair()
    {
        nodes.Create(2);
        InternetStackHelper().Install(nodes);
        PointToPointHelper p2p;
        Ipv4AddressHelper addr("10.9.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = addr.Assign(p2p.Install(nodes));
        PfhooksHelper().Install(nodes);
        Ptr<PfhooksEchoPinger> pinger = CreateObject<PfhooksEchoPinger>();
        pinger->SetAttribute("Remote", Ipv4AddressValue(ifs.GetAddress(1)));
        pinger->SetAttribute("Interval", TimeValue(MilliSeconds(100)));
        pinger->SetAttribute("Count", UintegerValue(5));
        nodes.Get(0)->AddApplication(pinger);
        pinger->SetStartTime(Seconds(1));
    }
};

/// Loads a test module at 0.5 s and runs until 2 s.
Ptr<SolarisModule>
RunWith(const std::string& name)
{
    Ptr<SolarisModule> m = CreateObject<SolarisModule>();
    m->SetPath(std::string(PFHOOKS_TEST_MODULE_DIR) + "/" + name + ".so");
    m->ScheduleLoad(Seconds(0.5));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    return m;
}

} // namespace

TEST(KmemDebugDeathTest, DoubleFreeNamesBothSites)
{
    EXPECT_DEATH(
        {
            PfhooksKmemDebug::SetFlags(PFH_KMF_AUDIT);
            mblk_t* mp = allocb(64, 0);
            freemsg(mp);
            freeb(mp);
        },
        "double free of a message block.* freed at .*, then at ");
}

TEST(KmemDebugDeathTest, AWriteToAFreedBlockIsFoundAtReuse)
{
    // ASan sees the poisoned block first in the sanitizer build.
    EXPECT_DEATH(
        {
            PfhooksKmemDebug::SetFlags(PFH_KMF_AUDIT | PFH_KMF_DEADBEEF);
            PfhooksKmemDebug::SetQuarantine(0);
            mblk_t* mp = allocb(64, 0);
            mblk_t* stale = mp;
            freemsg(mp);
            reinterpret_cast<volatile char*>(stale)[8] = 1;
            freemsg(allocb(64, 0));
        },
        "a freed block was written to \\(found when it was reused\\)|use-after-poison");
}

TEST(KmemDebugDeathTest, AHookFreeingTheStacksMessageIsAPanic)
{
    EXPECT_DEATH(
        {
            GlobalValue::Bind("KmemFlags", StringValue("audit,redzone"));
            Pair pair;
            RunWith("dangling-free");
        },
        "a hook freed the message the stack holds \\(\\*hpe_mp\\) and left it set: message "
        "block .* freed at dangling-free`df_freer.*, then at dangling-free`df_freer");
}

TEST(KmemDebug, TheHookThatFreedIsNamedAlone)
{
    PfhooksContractChecker::Get().Clear();
    {
        Pair pair;
        Ptr<SolarisModule> m = RunWith("freed-and-accepted");
        std::vector<PfhooksContractFinding> f =
            PfhooksContractChecker::Get().GetFindings("freed-and-accepted");
        int freer = 0;
        for (const auto& x : f)
        {
            EXPECT_EQ(x.what.find("df_innocent"), std::string::npos) << x.what;
            if (x.what.find("hook \"df_freer\" did") != std::string::npos)
            {
                freer += 1 + x.repeats; // repeats are merged into one finding
            }
        }
        EXPECT_EQ(freer, 5) << m->GetReport(); // each echo request, on node 1
        m->Unload();
    }
    Simulator::Destroy();
}

// The defaults (audit, deadbeef, redzone) catch it without any setting.
TEST(KmemDebugDeathTest, AHookFreeingTheStacksMessageIsAPanicByDefault)
{
    EXPECT_DEATH(
        {
            Pair pair;
            RunWith("dangling-free");
        },
        "a hook freed the message the stack holds \\(\\*hpe_mp\\) and left it set: message "
        "block .* freed at dangling-free`df_freer.*, then at dangling-free`df_freer");
}

// The seams keep an accepted message for their next packet
// (pfhooks_msg_keep): to the defaults it is freed all the same, so a module
// that frees it after its hook returned panics naming both sites...
TEST(KmemDebugDeathTest, FreeingTheKeptMessageAfterTheHookIsADoubleFree)
{
    EXPECT_DEATH(
        {
            Pair pair;
            RunWith("late-free");
        },
        "double free of a message block: message block .* freed at pfhooks_msg_keep .*, then "
        "at late-free`lm_late");
}

// ... and a write to it after the hook returned is found when the seam
// takes it back (ASan sees the write itself).
TEST(KmemDebugDeathTest, AWriteToTheKeptMessageAfterTheHookIsFound)
{
    EXPECT_DEATH(
        {
            Pair pair;
            RunWith("late-write");
        },
        "a freed block was written to \\(found when it was reused\\): message block .* freed "
        "at pfhooks_msg_keep .*, then at pfhooks_msg_reuse|use-after-poison");
}

// The fill is checked in whole vectors with an overlapping last one: a
// write to the last byte of an odd-sized block is found too.
TEST(KmemDebugDeathTest, AWriteToTheLastByteOfAFreedBlockIsFoundByDefault)
{
    EXPECT_DEATH(
        {
            PfhooksKmemDebug::SetQuarantine(0);
            mblk_t* mp = allocb(61, 0);
            unsigned char* stale = mp->b_rptr;
            freemsg(mp);
            reinterpret_cast<volatile unsigned char*>(stale)[60] = 1;
            freemsg(allocb(61, 0));
        },
        "a freed block was written to \\(found when it was reused\\)|use-after-poison");
}

// Freed blocks of every size hold 0xdeadbeef and come back into use
// without a false alarm.
TEST(KmemDebug, FreedBlocksOfEverySizeAreFilledAndReusedCleanly)
{
    ASSERT_EQ(PfhooksKmemDebug::GetFlags(), PFH_KMF_AUDIT | PFH_KMF_DEADBEEF | PFH_KMF_REDZONE);
    uint64_t live = pfhooks_mblk_live();
    for (int round = 0; round < 3; ++round)
    {
        for (size_t size = 1; size <= 2100; size += 37)
        {
            mblk_t* mp = allocb(size, 0);
            ASSERT_NE(mp, nullptr);
            std::memset(mp->b_wptr, 0x5a, size);
            mp->b_wptr += size;
            freemsg(mp);
            EXPECT_TRUE(pfhooks_msg_freed(mp)) << size; // in the quarantine
        }
    }
    EXPECT_EQ(pfhooks_mblk_live(), live);
}

TEST(KmemDebug, FlagsParseAsKmemFlags)
{
    uint32_t flags = 0;
    EXPECT_EQ(PfhooksKmemDebug::ParseFlags("audit,redzone", &flags), "");
    EXPECT_EQ(flags, PFH_KMF_AUDIT | PFH_KMF_REDZONE);
    EXPECT_EQ(PfhooksKmemDebug::ParseFlags("0x2", &flags), "");
    EXPECT_EQ(PfhooksKmemDebug::FlagNames(flags), "deadbeef");
    EXPECT_EQ(PfhooksKmemDebug::ParseFlags("none", &flags), "");
    EXPECT_EQ(flags, 0u);
    EXPECT_EQ(PfhooksKmemDebug::ParseFlags("audit,lite", &flags),
              "unknown flag \"lite\" (audit, deadbeef, redzone, none)");
    EXPECT_EQ(PfhooksKmemDebug::GetFlags(), uint32_t{PfhooksKmemDebug::kDefaultFlags});
    // On by default, as on a DEBUG kernel.
    EXPECT_EQ(uint32_t{PfhooksKmemDebug::kDefaultFlags},
              uint32_t{PFH_KMF_AUDIT | PFH_KMF_DEADBEEF | PFH_KMF_REDZONE});
}
