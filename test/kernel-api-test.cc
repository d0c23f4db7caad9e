/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The kernel API third-party illumos modules need (ipd is the yardstick):
 * a driver of our own (test/solaris/disruptor.c) with kstats, list(9F),
 * credentials and zones, a device opened, ioctl'ed and closed from C++,
 * a tunable, a task queue and a condition variable; and each service on
 * its own: id spaces, object caches, task queues, condition variables,
 * tunables, kmem_free(NULL, 0) and a panic's single message and exit
 * status.
 */
#include "kernel-console.h"
#include "scenario.h"
#include "solaris/disruptor.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-kernel-lib.h"
#include "ns3/pfhooks-kernel-thread.h"
#include "ns3/pfhooks-kernel.h"
#include "ns3/pfhooks-kstats.h"
#include "ns3/pfhooks-module.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/point-to-point-module.h"
#include "ns3/solaris-kernel.h"
#include "ns3/solaris-module.h"

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>

using namespace ns3;

namespace
{
constexpr int kFread = 0x01;  // illumos FREAD
constexpr int kFwrite = 0x02; // illumos FWRITE
constexpr int kFexcl = 0x400; // illumos FEXCL

/** Captures the kernel console for one test; destroys the simulator after. */
class KernelApiTest : public ::testing::Test
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
Disruptor()
{
    Ptr<SolarisModule> m = CreateObject<SolarisModule>();
    m->SetPath(std::string(PFHOOKS_TEST_MODULE_DIR) + "/disruptor.so");
    return m;
}

PfhooksDeviceResult
Call(PfhooksDeviceOp op, const std::string& path, uint64_t dev, int flags, int zone)
{
    PfhooksDeviceCall c;
    c.op = op;
    c.path = path;
    c.dev = dev;
    c.flags = flags;
    c.zoneid = zone;
    return SolarisKernel::Get().Devices().Call(c);
}

PfhooksDeviceResult
Ioctl(uint64_t dev, int cmd, void* arg, int zone)
{
    PfhooksDeviceCall c;
    c.op = PFHOOKS_DEV_IOCTL;
    c.dev = dev;
    c.cmd = cmd;
    c.arg = reinterpret_cast<intptr_t>(arg);
    c.zoneid = zone;
    return SolarisKernel::Get().Devices().Call(c);
}

const pfhooks_site_t*
Site()
{
    static const char anchor = 0;
    static const pfhooks_site_t site = {&anchor, "kernel-api-test.cc", 1};
    return &site;
}
} // namespace

TEST_F(KernelApiTest, ADriverWithTheApiIpdUsesRunsThroughItsDevice)
{
    pfhooks_test::Scenario s;
    netid_t server = s.Ip(2)->GetNetid();
    netid_t router = s.Ip(1)->GetNetid(); // a non-global zone (netid 0 is the global one)
    Ptr<SolarisModule> m = Disruptor();
    m->SetAttribute("Tunables", StringValue("dsr_max_percent=60,dsr_no_such=3"));
    m->ScheduleLoad(Seconds(0.5));
    s.Traffic(100);
    uint64_t dev = 0;
    std::vector<PfhooksDeviceResult> results;
    PfhooksDeviceResult sync;
    dsr_ioc_info_t info[4] = {};
    dsr_ioc_list_t list = {0, 0, nullptr};
    Simulator::Schedule(Seconds(0.6), [&]() {
        // open(9E)'s checks and the path lookups, each an errno
        EXPECT_EQ(Call(PFHOOKS_DEV_OPEN, "/dev/nothing", 0, kFread | kFwrite, -1).error, ENOENT);
        EXPECT_EQ(Call(PFHOOKS_DEV_OPEN, "/dev/dsr", 0, kFread, -1).error, EINVAL);
        EXPECT_EQ(Call(PFHOOKS_DEV_OPEN, "/dev/dsr", 0, kFread | kFwrite | kFexcl, -1).error,
                  EINVAL);
        EXPECT_EQ(Call(PFHOOKS_DEV_OPEN, "/dev/dsr", 0, kFread | kFwrite, 99).error, ESRCH);
        PfhooksDeviceResult o =
            Call(PFHOOKS_DEV_OPEN, "/devices/pseudo/disruptor@0:dsr", 0, kFread | kFwrite, -1);
        ASSERT_EQ(o.error, 0) << o.what;
        EXPECT_EQ(PfhooksDevices::Minor(o.dev), 0u);
        EXPECT_EQ(PfhooksDevices::Major(o.dev), m->GetId());
        dev = o.dev;
        // Drop half of what reaches the server, from the global zone's kcred
        dsr_ioc_set_t set = {server, 50};
        PfhooksDeviceResult r = Ioctl(dev, DSRIOC_DROP, &set, -1);
        EXPECT_EQ(r.error, 0) << r.what;
        // More than the tunable allows, and another zone's stack from a
        // non-global zone: the driver's errnos come back
        set.dis_arg = 61;
        EXPECT_EQ(Ioctl(dev, DSRIOC_DROP, &set, -1).error, ERANGE);
        set.dis_arg = 10;
        EXPECT_EQ(Ioctl(dev, DSRIOC_DROP, &set, router).error, EPERM);
        EXPECT_EQ(Ioctl(dev, 0x1234, &set, -1).error, ENOTTY);
        EXPECT_EQ(Ioctl(dev, DSRIOC_DROP, reinterpret_cast<void*>(8), -1).error, EFAULT);
        // LIST through the STRUCT_* macros: ask, then fetch into our array
        EXPECT_EQ(Ioctl(dev, DSRIOC_LIST, &list, -1).error, 0);
        EXPECT_EQ(list.dil_nzones, 1u);
        list.dil_nzones = 4;
        list.dil_info = info;
        EXPECT_EQ(Ioctl(dev, DSRIOC_LIST, &list, -1).error, 0);
        EXPECT_EQ(list.dil_nzones, 1u);
        EXPECT_EQ(info[0].dii_zoneid, server);
        EXPECT_EQ(info[0].dii_drop, 50u);
        EXPECT_GE(info[0].dii_id, 1);
        // A zone sees only its own stack
        list.dil_nzones = 4;
        EXPECT_EQ(Ioctl(dev, DSRIOC_LIST, &list, router).error, 0);
        EXPECT_EQ(list.dil_nzones, 0u);
        // SYNC sleeps (a task queue, a condition variable): the answer comes later
        PfhooksDeviceCall c;
        c.op = PFHOOKS_DEV_IOCTL;
        c.dev = dev;
        c.cmd = DSRIOC_SYNC;
        PfhooksDeviceResult p =
            SolarisKernel::Get().Devices().Call(c, [&sync](const PfhooksDeviceResult& r) {
                sync = r;
            });
        EXPECT_FALSE(p.done) << "errno " << p.error << ": " << p.what;
    });
    Simulator::Schedule(Seconds(0.61), [&]() {
        EXPECT_TRUE(sync.done);
        EXPECT_EQ(sync.error, 0);
        EXPECT_EQ(sync.rval, 1) << "one task ran";
    });
    Simulator::Schedule(Seconds(2.5), [&]() {
        uint64_t v = 0;
        EXPECT_EQ(net_kstat_read(server, "dsr", "dsr", "packets", &v), 0);
        EXPECT_EQ(v, 100u);
        EXPECT_EQ(net_kstat_read(server, "dsr", "dsr", "drops", &v), 0);
        EXPECT_EQ(v, 50u);
        EXPECT_EQ(net_kstat_read(router, "dsr", "dsr", "drops", &v), 0);
        EXPECT_EQ(v, 0u);
        EXPECT_EQ(net_kstat_read(server, "dsr", "dsr", "nothing", &v), ENOENT);
        // The same rows --kstats and the report write
        std::ostringstream csv;
        WriteKstatRows(csv, CollectKstats(*s.Ip(2)), KSTATS_CSV);
        EXPECT_NE(csv.str().find(",dsr,dsr,,,,,,,,,,,,,,,drops,50\n"), std::string::npos)
            << csv.str();
        std::ostringstream json;
        WriteKstatRows(json, CollectKstats(*s.Ip(2)), KSTATS_JSON);
        EXPECT_NE(json.str().find("\"module\": \"dsr\", \"instance\": 0, \"name\": \"dsr\", "
                                  "\"class\": \"net\", \"statistic\": \"drops\", \"value\": 50"),
                  std::string::npos)
            << json.str();
        // A driver with hooks refuses to detach; after REMOVE it goes
        EXPECT_EQ(m->Unload(), EBUSY);
        dsr_ioc_set_t set = {server, 0};
        EXPECT_EQ(Ioctl(dev, DSRIOC_REMOVE, &set, server).error, 0);
        EXPECT_EQ(Call(PFHOOKS_DEV_CLOSE, "", dev, kFread | kFwrite, -1).error, 0);
    });
    m->ScheduleUnload(Seconds(2.8));
    Simulator::Schedule(Seconds(2.9), [&]() {
        // The driver is gone, and its device with it
        EXPECT_EQ(Ioctl(dev, DSRIOC_LIST, &list, -1).error, ENXIO);
        uint64_t v = 0;
        EXPECT_EQ(net_kstat_read(server, "dsr", "dsr", "drops", &v), ENOENT);
    });
    s.Run(3);
    EXPECT_EQ(s.rx, 50u);
    EXPECT_EQ(m->GetState(), SolarisModule::UNLOADED) << m->GetError();
    EXPECT_TRUE(m->GetLeaks().empty()) << m->GetReport();
    EXPECT_TRUE(Has("NOTICE: disruptor:dsr_max_percent = 60"));
    EXPECT_TRUE(Has("WARNING: sorry, variable 'dsr_no_such' is not defined in the 'disruptor' "
                    "module"));
    EXPECT_TRUE(Has("disruptor: dsr: attached, max 60%"));
    EXPECT_TRUE(Has("disruptor: pseudo-device: disruptor0"));
    EXPECT_TRUE(Has("disruptor: dsr: detached after 3 objects, 1 tasks"));
}

TEST(KernelApiTunables, BadSpecsAreNamed)
{
    std::string mod;
    std::string var;
    std::string val;
    EXPECT_EQ(SolarisModule::ParseTunable("ipd:ipd_max_delay=0x10", &mod, &var, &val), "");
    EXPECT_EQ(mod, "ipd");
    EXPECT_EQ(var, "ipd_max_delay");
    EXPECT_EQ(val, "0x10");
    EXPECT_EQ(SolarisModule::ParseTunable("x=-3", &mod, &var, &val), "");
    EXPECT_EQ(mod, "");
    EXPECT_NE(SolarisModule::ParseTunable("ipd:max", &mod, &var, &val)
                  .find("expected [module:]variable=value"),
              std::string::npos);
    EXPECT_NE(SolarisModule::ParseTunable("ipd:1x=2", &mod, &var, &val)
                  .find("\"1x\" is not a C variable name"),
              std::string::npos);
    EXPECT_NE(SolarisModule::ParseTunable("ipd:x=ten", &mod, &var, &val)
                  .find("value \"ten\" is not an integer"),
              std::string::npos);
    EXPECT_NE(SolarisModule::ParseTunable(":x=1", &mod, &var, &val).find("empty module name"),
              std::string::npos);
}

TEST_F(KernelApiTest, IdSpacesHandOutIdsNextFitAndFirstFit)
{
    id_space_t* ids = id_space_create("t", 5, 8);
    ASSERT_NE(ids, nullptr);
    EXPECT_EQ(id_alloc(ids), 5);
    EXPECT_EQ(id_alloc(ids), 6);
    id_free(ids, 5);
    EXPECT_EQ(id_alloc(ids), 7) << "next fit goes on past the last one";
    EXPECT_EQ(id_alloc(ids), 5) << "and wraps";
    EXPECT_EQ(id_alloc_nosleep(ids), -1) << "exhausted";
    id_free(ids, 6);
    EXPECT_EQ(id_alloc_specific_nosleep(ids, 6), 6);
    EXPECT_EQ(id_alloc_specific_nosleep(ids, 6), -1);
    id_free(ids, 5);
    EXPECT_EQ(id_allocff(ids), 5);
    for (int id : {5, 6, 7})
    {
        id_free(ids, id);
    }
    id_space_destroy(ids);
    EXPECT_EQ(id_space_create("empty", 3, 3), nullptr);
}

namespace
{
int g_ctors = 0;
int g_dtors = 0;

int
Ctor(void* buf, void* arg, int)
{
    *static_cast<int*>(buf) = *static_cast<int*>(arg);
    return ++g_ctors > 2 ? 1 : 0; // the third construction fails
}

void
Dtor(void*, void*)
{
    ++g_dtors;
}
} // namespace

TEST_F(KernelApiTest, KmemCachesConstructAndDestructEachObject)
{
    g_ctors = 0; // counted from this test's first construction, however often it runs
    g_dtors = 0;
    int seed = 42;
    kmem_cache_t* cp =
        pfhooks_kmem_cache_create(Site(), "t", 16, 0, Ctor, Dtor, nullptr, &seed, nullptr, 0);
    auto* a = static_cast<int*>(pfhooks_kmem_cache_alloc(cp, PFHOOKS_KM_SLEEP, Site()));
    auto* b = static_cast<int*>(pfhooks_kmem_cache_alloc(cp, PFHOOKS_KM_SLEEP, Site()));
    ASSERT_NE(a, nullptr);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(*a, 42);
    EXPECT_EQ(pfhooks_kmem_cache_alloc(cp, PFHOOKS_KM_SLEEP, Site()), nullptr)
        << "a failing constructor fails the allocation";
    pfhooks_kmem_cache_free(cp, a, Site());
    pfhooks_kmem_cache_free(cp, b, Site());
    EXPECT_EQ(g_dtors, 2);
    kmem_cache_destroy(cp);
    EXPECT_EQ(SolarisKernel::Get().GetFigures(0).kmemBytes, 0u);
}

TEST(KernelApiDeathTest, MisusedCachesAndIdsPanic)
{
    EXPECT_DEATH(
        {
            kmem_cache_t* cp = pfhooks_kmem_cache_create(Site(),
                                                         "busy",
                                                         8,
                                                         0,
                                                         nullptr,
                                                         nullptr,
                                                         nullptr,
                                                         nullptr,
                                                         nullptr,
                                                         0);
            pfhooks_kmem_cache_alloc(cp, PFHOOKS_KM_SLEEP, Site());
            kmem_cache_destroy(cp);
        },
        "kmem_cache_destroy: 'busy' not empty \\(1 objects out\\)");
    EXPECT_DEATH(
        {
            id_space_t* ids = id_space_create("s", 1, 3);
            id_free(ids, 2);
        },
        "id_free\\(s, 2\\): the id is not allocated");
}

TEST_F(KernelApiTest, TaskQueuesAndConditionVariablesSleepInSimulatedTime)
{
    static pfhooks_kmutex_t lock;
    static pfhooks_kcondvar_t cv;
    static std::vector<std::string> order;
    static int done;
    order.clear();
    done = 0;
    pfhooks_mutex_init(&lock, nullptr, 0, nullptr);
    cv_init(&cv, nullptr, 0, nullptr);
    taskq_t* tq = pfhooks_taskq_create(Site(), "tq", 1);
    auto task = [](void* arg) {
        order.push_back(std::string(static_cast<const char*>(arg)) + "@" +
                        std::to_string(Simulator::Now().GetMilliSeconds()));
        pfhooks_delay(3);
        pfhooks_mutex_enter(&lock);
        done++;
        cv_broadcast(&cv);
        pfhooks_mutex_exit(&lock);
    };
    Simulator::Schedule(MilliSeconds(10), [&]() {
        Ptr<PfhooksKernelThread> t = Create<PfhooksKernelThread>("waiter", [&]() {
            taskq_dispatch(tq, task, const_cast<char*>("a"), 0);
            taskq_dispatch(tq, task, const_cast<char*>("b"), 0);
            order.push_back("dispatched@" + std::to_string(Simulator::Now().GetMilliSeconds()));
            pfhooks_mutex_enter(&lock);
            while (done < 2)
            {
                cv_wait(&cv, &lock);
            }
            // a timed wait nobody signals runs out
            clock_t r = cv_reltimedwait(&cv, &lock, 5, 2 /* TR_MILLISEC */);
            order.push_back("timedwait " + std::to_string(r) + "@" +
                            std::to_string(Simulator::Now().GetMilliSeconds()));
            pfhooks_mutex_exit(&lock);
            taskq_destroy(tq);
        });
        t->Start();
    });
    Simulator::Run();
    // one thread: b starts when a has finished; the waiter wakes after b
    EXPECT_EQ(order,
              (std::vector<std::string>{"dispatched@10", "a@10", "b@13", "timedwait -1@21"}));
    cv_destroy(&cv);
    pfhooks_mutex_destroy(&lock);
}

TEST(KernelApiDeathTest, WaitingInInterruptContextPanics)
{
    static pfhooks_kmutex_t lock;
    static pfhooks_kcondvar_t cv;
    EXPECT_DEATH(
        {
            pfhooks_mutex_init(&lock, nullptr, 0, nullptr);
            pfhooks_mutex_enter(&lock);
            cv_wait(&cv, &lock);
        },
        "cv_wait\\(\\) called on the simulator's stack");
}

TEST(KernelApiTest2, KmemFreeOfNullWithSizeZeroReturns)
{
    uint64_t frees = SolarisKernel::Get().GetFigures(0).kmemFrees;
    pfhooks_kmem_free(nullptr, 0, Site());
    EXPECT_EQ(SolarisKernel::Get().GetFigures(0).kmemFrees, frees);
    EXPECT_DEATH(pfhooks_kmem_free(nullptr, 8, Site()), "kmem_free\\(NULL, 8\\)");
}

TEST(KernelApiDeathTest, APanicPrintsOnceAndExitsWithItsStatus)
{
    const std::string file = ::testing::TempDir() + "pfhooks-panic-once.txt";
    EXPECT_EXIT(
        {
            // The child's standard error into a file the parent reads.
            if (std::freopen(file.c_str(), "w", stderr) == nullptr)
            {
                std::_Exit(1);
            }
            pfhooks_panic(Site(), "bad %d", 7);
        },
        ::testing::ExitedWithCode(PfhooksKernelLog::PANIC_EXIT_STATUS),
        "");
    std::ifstream in(file);
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(all.find("panic[t=+0s module=kernel thread=interrupt]: bad 7 (panic() at "
                       "kernel-api-test.cc:1)\n"),
              std::string::npos)
        << all;
    EXPECT_EQ(all.find("panic["), all.rfind("panic[")) << "printed once: " << all;
    EXPECT_EQ(all.find("terminate called"), std::string::npos) << all;
    std::remove(file.c_str());
}
