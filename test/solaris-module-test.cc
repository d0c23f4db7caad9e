/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Loading and unloading Solaris modules in a running simulation: kernel
 * threads that sleep while time goes on, each load with fresh globals,
 * refusals, failures named with file and reason, and what a module leaves
 * behind reported and taken back.
 */
#include "kernel-console.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-contract-checker.h"
#include "ns3/pfhooks-kernel.h"
#include "ns3/pfhooks-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/solaris-kernel.h"
#include "ns3/solaris-module.h"

#include <cerrno>
#include <fstream>
#include <gtest/gtest.h>

using namespace ns3;

namespace
{
std::string
ModulePath(const std::string& name)
{
    return std::string(PFHOOKS_TEST_MODULE_DIR) + "/" + name + ".so";
}

/** Captures the kernel console for one test; destroys the simulator after. */
class SolarisModuleTest : public ::testing::Test
{
  protected:
    void TearDown() override
    {
        Simulator::Destroy();
    }

    bool Has(const std::string& s) const
    {
        return console.Has(s);
    }

    pfhooks_test::KernelConsole console;
    std::vector<std::string>& lines = console.lines;
};

Ptr<SolarisModule>
Module(const std::string& name)
{
    Ptr<SolarisModule> m = CreateObject<SolarisModule>();
    m->SetPath(ModulePath(name));
    return m;
}
} // namespace

TEST_F(SolarisModuleTest, InitSleepsWhileTheSimulationGoesOn)
{
    Ptr<SolarisModule> m = Module("probe");
    m->ScheduleLoad(Seconds(1));
    m->ScheduleUnload(Seconds(1.035));
    int marker = 0;
    Simulator::Schedule(Seconds(1.001), [&marker, m]() {
        marker = m->GetState() == SolarisModule::LOADING ? 1 : -1;
    });
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(marker, 1) << "the simulation ran while _init slept";
    EXPECT_TRUE(Has("1000000us probe: _init: loads 1"));
    EXPECT_TRUE(Has("1003000us probe: _init: awake at lbolt 1003"));
    EXPECT_TRUE(Has("1013000us probe: tick 1 at lbolt 1013"));
    EXPECT_TRUE(Has("1025000us probe: tick 2 at lbolt 1025"));
    EXPECT_FALSE(Has("tick 3")) << "untimeout in _fini cancelled the next tick";
    EXPECT_TRUE(Has("1035000us probe: _fini after 2 ticks"));
    EXPECT_EQ(m->GetState(), SolarisModule::UNLOADED);
    EXPECT_EQ(m->GetLinkInfo(), "");
    EXPECT_TRUE(m->GetLeaks().empty()) << m->GetReport();
    SolarisKernel::Figures f = SolarisKernel::Get().GetFigures(m->GetId());
    EXPECT_EQ(f.kmemAllocs, 1u);
    EXPECT_EQ(f.kmemFrees, 1u);
    EXPECT_EQ(f.kmemBytes, 0u);
}

TEST_F(SolarisModuleTest, EachLoadHasFreshGlobalsAndDoubleLoadIsRefused)
{
    Ptr<SolarisModule> m = Module("probe");
    Ptr<SolarisModule> again = Module("probe");
    Simulator::Schedule(Seconds(1), [&]() {
        EXPECT_EQ(m->Load(), 0);
        EXPECT_EQ(m->Load(), EEXIST);
        EXPECT_EQ(again->Load(), EEXIST);
        EXPECT_NE(again->GetError().find("already loaded as module probe"), std::string::npos);
    });
    Simulator::Schedule(Seconds(2), [&]() {
        EXPECT_EQ(m->GetState(), SolarisModule::LOADED);
        EXPECT_EQ(m->GetLinkInfo(), "pfhooks probe");
        EXPECT_EQ(m->Unload(), 0);
        EXPECT_EQ(m->Unload(), EINVAL);
    });
    Simulator::Schedule(Seconds(3), [&]() { EXPECT_EQ(m->Load(), 0); });
    Simulator::Schedule(Seconds(4), [&]() { EXPECT_EQ(m->Unload(), 0); });
    Simulator::Run();
    int loads1 = 0;
    for (const auto& l : lines)
    {
        loads1 += l.find("_init: loads 1") != std::string::npos;
        EXPECT_EQ(l.find("_init: loads 2"), std::string::npos) << l;
    }
    EXPECT_EQ(loads1, 2);
    EXPECT_EQ(m->GetState(), SolarisModule::UNLOADED);
}

TEST_F(SolarisModuleTest, BadFilesAreRefusedWithFileAndReason)
{
    Ptr<SolarisModule> missing = Module("no-such-module");
    EXPECT_EQ(missing->Load(), ENOENT);
    EXPECT_EQ(missing->GetState(), SolarisModule::FAILED);
    EXPECT_NE(missing->GetError().find("no-such-module.so: no such file"), std::string::npos);

    std::string text = std::string(PFHOOKS_TEST_MODULE_DIR) + "/not-a-module.so";
    std::ofstream(text) << "this is text\n";
    Ptr<SolarisModule> notModule = CreateObject<SolarisModule>();
    notModule->SetPath(text);
    EXPECT_EQ(notModule->Load(), ENOEXEC);
    EXPECT_NE(notModule->GetError().find("not a loadable module"), std::string::npos);

    Ptr<SolarisModule> noInit = Module("no-init");
    EXPECT_EQ(noInit->Load(), ENOEXEC);
    EXPECT_NE(noInit->GetError().find("no-init.so: no _init entry point"), std::string::npos)
        << noInit->GetError();
    EXPECT_FALSE(noInit->IsMapped());

    Ptr<SolarisModule> failing = Module("probe-fail-init");
    EXPECT_EQ(failing->Load(), EIO);
    EXPECT_NE(failing->GetError().find("probe-fail-init.so: _init returned 5"), std::string::npos);
    EXPECT_FALSE(failing->IsMapped());
    EXPECT_TRUE(Has("WARNING: module " + ModulePath("probe-fail-init") + ": _init returned 5"));
}

TEST_F(SolarisModuleTest, InitWithoutModInstallFailsAndIsCleanedUp)
{
    Ptr<SolarisModule> m = Module("probe-no-install");
    m->ScheduleLoad(Seconds(1));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    EXPECT_EQ(m->GetState(), SolarisModule::FAILED);
    EXPECT_NE(m->GetError().find("without calling mod_install"), std::string::npos);
    std::vector<PfhooksKernelLeak> leaks = m->GetLeaks();
    ASSERT_EQ(leaks.size(), 2u) << m->GetReport();
    EXPECT_EQ(leaks[0].kind, "timeout");
    EXPECT_EQ(leaks[1].kind, "kmem");
    EXPECT_EQ(leaks[1].size, 100u);
    EXPECT_NE(leaks[1].site.find("probe-module.c:"), std::string::npos);
    EXPECT_FALSE(Has("tick")) << "the timeout was cancelled with the module";
}

TEST_F(SolarisModuleTest, LeaksAreReportedWithSitesAndTakenBack)
{
    Ptr<SolarisModule> m = Module("probe-leak");
    m->ScheduleLoad(Seconds(1));
    m->ScheduleUnload(Seconds(1.015));
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    ASSERT_EQ(m->GetState(), SolarisModule::UNLOADED) << m->GetError();
    std::vector<PfhooksKernelLeak> leaks = m->GetLeaks();
    ASSERT_EQ(leaks.size(), 3u) << m->GetReport();
    // The tick at 1.013 s sleeps until 1.015 s in the module: it is stopped
    // (and never re-arms its timeout), then kmem and the message, in
    // address order; both name this module's file.
    EXPECT_EQ(leaks[0].kind, "thread");
    EXPECT_NE(leaks[0].site.find("callout still asleep in the module: stopped"), std::string::npos);
    // kmem and the message, in address order; both name this module's file.
    int kmem = 0;
    int mblk = 0;
    for (size_t i = 1; i < 3; ++i)
    {
        kmem += leaks[i].kind == "kmem" && leaks[i].size == 100;
        mblk += leaks[i].kind == "mblk" && leaks[i].size == 64;
        EXPECT_NE(leaks[i].site.find("probe-module.c:"), std::string::npos);
    }
    EXPECT_EQ(kmem, 1);
    EXPECT_EQ(mblk, 1);
    EXPECT_NE(m->GetReport().find("left at unload: 3 item(s)"), std::string::npos);
    EXPECT_TRUE(Has("held at unload: mblk 64 bytes from"));
    EXPECT_FALSE(Has("tick 2")) << "nothing ran in the unloaded module";
}

TEST_F(SolarisModuleTest, AModuleLoadedAtTheEndOfTheRunIsReportedAndTakenOut)
{
    Ptr<SolarisModule> m = Module("probe-leak");
    m->ScheduleLoad(Seconds(1));
    Simulator::Stop(Seconds(1.5));
    Simulator::Run();
    EXPECT_EQ(m->GetState(), SolarisModule::LOADED);
    Simulator::Destroy();
    EXPECT_EQ(m->GetState(), SolarisModule::UNLOADED);
    EXPECT_FALSE(m->IsMapped());
    EXPECT_TRUE(Has("NOTICE: module probe-leak is still loaded at the end of the run"));
    EXPECT_TRUE(Has("NOTICE: module probe-leak held at the end of the run: kmem 100 bytes from"));
    EXPECT_NE(m->GetReport().find("left at the end of the run: 2 item(s)"), std::string::npos)
        << m->GetReport();
    // The next run starts with an empty kernel.
    lines.clear();
    m->ScheduleLoad(Seconds(1));
    Simulator::Stop(Seconds(1.5));
    Simulator::Run();
    EXPECT_EQ(m->GetState(), SolarisModule::LOADED) << m->GetError();
    EXPECT_TRUE(Has("_init: loads 1"));
}

TEST_F(SolarisModuleTest, FiniMayRefuseAndTheModuleStays)
{
    Ptr<SolarisModule> m = Module("probe-refuse-fini");
    Simulator::Schedule(Seconds(1), [&]() { EXPECT_EQ(m->Load(), 0); });
    Simulator::Schedule(Seconds(2), [&]() {
        EXPECT_EQ(m->Unload(), EBUSY);
        EXPECT_EQ(m->GetState(), SolarisModule::LOADED);
        EXPECT_NE(m->GetError().find("_fini returned 16; the module stays loaded"),
                  std::string::npos);
    });
    Simulator::Schedule(Seconds(3), [&]() { EXPECT_EQ(m->Unload(), 0); });
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(m->GetState(), SolarisModule::UNLOADED);
    EXPECT_TRUE(m->GetLeaks().empty()) << m->GetReport();
}

TEST(SolarisKernelDeathTest, KmemMisuseAndSleepingInInterruptContextPanic)
{
    static const char anchor = 0;
    pfhooks_site_t site = {&anchor, "caller.c", 7};
    EXPECT_DEATH(
        {
            void* p = pfhooks_kmem_alloc(10, PFHOOKS_KM_SLEEP, 0, &site);
            pfhooks_kmem_free(p, 12, &site);
        },
        "kmem_free\\(.*, 12\\) at caller.c:7: the buffer was allocated with size 10 at caller.c:7");
    EXPECT_DEATH(
        {
            auto* p = static_cast<char*>(pfhooks_kmem_alloc(10, PFHOOKS_KM_SLEEP, 0, &site));
            p[10] = 'x';
            pfhooks_kmem_free(p, 10, &site);
        },
        "written past its end");
    EXPECT_DEATH(pfhooks_delay(5), "delay\\(\\) called on the simulator's stack");
    EXPECT_DEATH(
        {
            pfhooks_kmutex_t mx;
            pfhooks_mutex_init(&mx, nullptr, 0, nullptr);
            pfhooks_mutex_enter(&mx);
            pfhooks_mutex_enter(&mx);
        },
        "recursive mutex_enter");
    EXPECT_DEATH(
        {
            pfhooks_kmutex_t mx;
            pfhooks_mutex_init(&mx, nullptr, 0, nullptr);
            pfhooks_mutex_exit(&mx);
        },
        "mutex_exit of .*, which is not held");
    EXPECT_DEATH(pfhooks_assert_failed("x == 1", "m.c", 3),
                 "assertion failed: x == 1, file: m.c, line: 3");
}

namespace
{
/** pinger -- router -- target, pinging every 10 ms from 0.5 s to 2.4 s, pfhooks on all three. */
struct Line
{
    NodeContainer nodes;
    Ptr<PfhooksEchoPinger> pinger;

    Line()
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
        nodes.Create(3);
        InternetStackHelper stack;
        stack.Install(nodes);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        Ipv4AddressHelper addr("10.1.1.0", "255.255.255.0");
        addr.Assign(p2p.Install(nodes.Get(0), nodes.Get(1)));
        addr.SetBase("10.1.2.0", "255.255.255.0");
        Ipv4InterfaceContainer far = addr.Assign(p2p.Install(nodes.Get(1), nodes.Get(2)));
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
        PfhooksHelper().Install(nodes);
        pinger = CreateObject<PfhooksEchoPinger>();
        pinger->SetAttribute("Remote", Ipv4AddressValue(far.GetAddress(1)));
        pinger->SetAttribute("Interval", TimeValue(MilliSeconds(10)));
        nodes.Get(0)->AddApplication(pinger);
        pinger->SetStartTime(Seconds(0.5));
        pinger->SetStopTime(Seconds(2.4)); // every reply is in before 2.5 s
    }

    ~Line()
    {
        GlobalValue::Bind("ChecksumEnabled", BooleanValue(false));
    }
};
} // namespace

TEST_F(SolarisModuleTest, EveryKernelServiceOfTheHeaderTreeWorks)
{
    Line line;
    Ptr<SolarisModule> m = Module("kernel-services");
    m->ScheduleLoad(Seconds(1));
    m->ScheduleUnload(Seconds(2));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(m->GetState(), SolarisModule::UNLOADED) << m->GetError();
    EXPECT_TRUE(Has("1002000us kernel-services: ks: delay 2000000 ns, lbolt 1000 -> 1002"));
    EXPECT_TRUE(Has("kernel-services: NOTICE: ks: note 1"));
    EXPECT_TRUE(Has("kernel-services: WARNING: ks: warning two"));
    EXPECT_TRUE(Has("kernel-services: ks: continued 3"));
    EXPECT_FALSE(Has("ignored"));
    EXPECT_TRUE(Has("ks: _init done: 0"));
    // Five ticks, each sleeping 1 ms in its callout before it re-arms 10 ms
    // later (11 ms apart, from 1.013 s); every hook
    // saw its instance's handle and counted IPv4 packets.
    EXPECT_TRUE(Has("ks: tick 5 at lbolt 1057"));
    bool fini = false;
    for (const auto& l : lines)
    {
        unsigned ticks = 0;
        unsigned long long packets = 0;
        unsigned long long v4 = 0;
        if (std::sscanf(l.c_str(),
                        "%*dus kernel-services: ks: _fini after %u ticks, %llu packets (%llu IPv4)",
                        &ticks,
                        &packets,
                        &v4) == 3)
        {
            fini = true;
            EXPECT_EQ(ticks, 5u);
            EXPECT_GT(packets, 100u) << "pings every 10 ms for 1 s through three nodes";
            EXPECT_EQ(packets, v4);
        }
    }
    EXPECT_TRUE(fini);
    EXPECT_TRUE(m->GetLeaks().empty()) << m->GetReport();
    SolarisKernel::Figures f = SolarisKernel::Get().GetFigures(m->GetId());
    EXPECT_EQ(f.kmemAllocs, f.kmemFrees);
    EXPECT_EQ(f.mblkAllocs, f.mblkFrees);
    EXPECT_GT(f.mblkAllocs, 0u);
}

TEST_F(SolarisModuleTest, ALeakingModuleIsNamedWithFileAndLine)
{
    Line line;
    Ptr<SolarisModule> m = Module("kernel-services-leak");
    m->ScheduleLoad(Seconds(1));
    m->ScheduleUnload(Seconds(2));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(m->GetState(), SolarisModule::UNLOADED) << m->GetError();
    std::vector<PfhooksKernelLeak> leaks = m->GetLeaks();
    ASSERT_EQ(leaks.size(), 2u) << m->GetReport();
    int kmem = 0;
    int mblk = 0;
    for (const auto& l : leaks)
    {
        kmem += l.kind == "kmem" && l.size == 128;
        mblk += l.kind == "mblk";
        EXPECT_NE(l.site.find("kernel-services.c:"), std::string::npos) << l.site;
    }
    EXPECT_EQ(kmem, 1);
    EXPECT_EQ(mblk, 1);
}

TEST(SolarisKernelDeathTest, ModulePanicsStopTheRunNamingModuleAndSite)
{
    auto load = [](const std::string& name) {
        Line line;
        Ptr<SolarisModule> m = Module(name);
        m->ScheduleLoad(Seconds(1));
        Simulator::Stop(Seconds(2));
        Simulator::Run();
    };
    EXPECT_DEATH(load("kernel-services-panic"),
                 "panic\\[t=\\+1.002s module=kernel-services-panic "
                 "thread=kernel-services-panic:_init\\]: ks: panic 42 \\(panic\\(\\) at "
                 ".*kernel-services.c:[0-9]+\\)");
    EXPECT_DEATH(load("kernel-services-ce-panic"),
                 "ks: cmn_err panic 43 \\(cmn_err\\(CE_PANIC\\) at");
    EXPECT_DEATH(load("kernel-services-assert"),
                 "module=kernel-services-assert .*assertion failed: ks_ticks == 12345, file: "
                 ".*kernel-services.c, line: [0-9]+");
    EXPECT_DEATH(load("kernel-services-verify3"),
                 "assertion failed: ks_ticks == 12345 \\(0x0 == 0x3039\\)");
}

TEST_F(SolarisModuleTest, TheContractCheckerNamesEveryBreach)
{
    PfhooksContractChecker::Get().Clear();
    Line line;
    netid_t target = PfhooksHelper::GetInstance(line.nodes.Get(2))->GetNetid();
    Ptr<SolarisModule> m = Module("bad-module");
    m->ScheduleLoad(Seconds(1));
    // The target's instance goes away while the module is loaded.
    Simulator::Schedule(Seconds(2),
                        [&line]() { PfhooksHelper::GetInstance(line.nodes.Get(2))->Stop(); });
    m->ScheduleUnload(Seconds(2.5));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(m->GetState(), SolarisModule::UNLOADED) << m->GetError();
    std::vector<PfhooksContractFinding> f = PfhooksContractChecker::Get().GetFindings("bad-module");
    auto count = [&f](const std::string& what, int32_t node = -2) {
        int n = 0;
        for (const auto& x : f)
        {
            n += x.what.find(what) != std::string::npos && (node == -2 || x.node == node);
        }
        return n;
    };
    // Echo requests reach PHYSICAL_IN of the router (node 1) and the target
    // (node 2); the replies it forges carry the printed checksum.
    EXPECT_GT(count("net_inject of a datagram a receiver rejects: ICMP checksum 0x", 1), 0);
    EXPECT_GT(count("freed the packet and returned 0 (the packet was dropped); hook \"bad_in\""),
              0);
    EXPECT_EQ(count("hook \"bad_in\" still registered on NHF_INET/PHYSICAL_IN of instance " +
                        std::to_string(target) + " (node 2) when the instance was destroyed",
                    2),
              1);
    // At the target's destroy and at every instance's destroy on unregistration.
    EXPECT_EQ(count("net_getpmtuenabled through a NHF_INET handle after net_protocol_release"), 3);
    EXPECT_EQ(count("released more often than looked up"), 3);
    EXPECT_EQ(count("net_instance_free of net instance \"bad\" while it is registered"), 1);
    for (const auto& x : f)
    {
        bool named = x.site.find("bad-module`bad_") == 0 || x.site.find("bad-module`_fini+") == 0;
        EXPECT_TRUE(named) << x.what << " at " << x.site;
        EXPECT_GE(x.time, Seconds(1));
    }
    EXPECT_TRUE(Has("WARNING: contract: net_inject of a datagram a receiver rejects"));
    EXPECT_TRUE(m->GetLeaks().empty()) << m->GetReport();
    // The seeds, as fixed, breach nothing.
    EXPECT_TRUE(PfhooksContractChecker::Get().GetFindings("pamp_drv").empty());
}

TEST_F(SolarisModuleTest, KmNosleepFaultsAreSurvivedByThePingAmplifier)
{
    PfhooksContractChecker::Get().Clear();
    Line line;
    PfhooksKmemFaults faults;
    std::string error;
    ASSERT_TRUE(PfhooksKmemFaults::Parse("all,module=pamp_drv", &faults, &error));
    Ptr<SolarisModule> m = CreateObject<SolarisModule>();
    m->SetPath(std::string(PFHOOKS_EXAMPLE_MODULE_DIR) + "/pamp_drv.so");
    faults.ApplyTo(m);
    m->ScheduleLoad(Seconds(1));
    m->ScheduleUnload(Seconds(2));
    Simulator::Stop(Seconds(2.5));
    Simulator::Run();
    ASSERT_EQ(m->GetState(), SolarisModule::UNLOADED) << m->GetError();
    // pamp_nin_create gets NULL for all three instances and returns NULL:
    // no hook anywhere, one reply per request, nothing left, no finding.
    SolarisKernel::Figures f = SolarisKernel::Get().GetFigures(m->GetId());
    EXPECT_EQ(f.kmemFailed, 3u);
    EXPECT_EQ(f.kmemAllocs, 0u);
    EXPECT_EQ(line.pinger->GetReplies(), line.pinger->GetSent());
    EXPECT_TRUE(m->GetLeaks().empty()) << m->GetReport();
    EXPECT_TRUE(PfhooksContractChecker::Get().GetFindings("pamp_drv").empty());
    EXPECT_NE(m->GetReport().find("3 KM_NOSLEEP failed on purpose"), std::string::npos);
    EXPECT_TRUE(Has("NOTICE: kmem_alloc(24, KM_NOSLEEP) at "));
}

TEST_F(SolarisModuleTest, TheNthKmNosleepCallFailsOnce)
{
    Line line;
    Ptr<SolarisModule> m = CreateObject<SolarisModule>();
    m->SetPath(std::string(PFHOOKS_EXAMPLE_MODULE_DIR) + "/pamp_drv.so");
    m->SetAttribute("KmemFaultNth", UintegerValue(2));
    m->ScheduleLoad(Seconds(0.2));
    m->ScheduleUnload(Seconds(2.45)); // after the last reply
    Simulator::Stop(Seconds(2.5));
    Simulator::Run();
    SolarisKernel::Figures f = SolarisKernel::Get().GetFigures(m->GetId());
    EXPECT_EQ(f.kmemFailed, 1u);
    EXPECT_EQ(f.kmemAllocs, 2u);
    EXPECT_EQ(f.kmemFrees, 2u);
    // Node 1 (the router) has no pamp state: only the target answers twice.
    EXPECT_EQ(line.pinger->GetReplies(), 2 * line.pinger->GetSent());
    EXPECT_TRUE(m->GetLeaks().empty()) << m->GetReport();
}

TEST(SolarisKernelTest, KmemFaultSpecsAreCheckedClearly)
{
    PfhooksKmemFaults f;
    std::string e;
    EXPECT_TRUE(PfhooksKmemFaults::Parse("p=0.25", &f, &e));
    EXPECT_DOUBLE_EQ(f.probability, 0.25);
    EXPECT_TRUE(PfhooksKmemFaults::Parse("nth=7,module=full", &f, &e));
    EXPECT_EQ(f.nth, 7u);
    EXPECT_EQ(f.module, "full");
    for (const char* bad : {"",
                            "p=",
                            "p=0",
                            "p=1.5",
                            "p=x",
                            "nth=0",
                            "nth=-1",
                            "nth=3x",
                            "most",
                            "all,mod=x",
                            "all,module="})
    {
        EXPECT_FALSE(PfhooksKmemFaults::Parse(bad, &f, &e)) << bad;
        EXPECT_FALSE(e.empty()) << bad;
    }
}
