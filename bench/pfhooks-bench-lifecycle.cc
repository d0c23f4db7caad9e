/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks-bench's lifecycle figures: what thousands of IP instances cost to
 * create, query, hook and destroy, an idle one's memory, and full.c's
 * recall cycle.
 */
#include "pfhooks-bench-common.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/solaris-kernel.h"
#include "ns3/solaris-module.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <set>

// Under callgrind run with --instr-atstart=no, only Install is instrumented
// (bench/install.sh): ns-3's node creation runs uninstrumented, several
// times faster, so that 10^5 instances fit.
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define PFHOOKS_BENCH_INSTRUMENT(on)                                                               \
    do                                                                                             \
    {                                                                                              \
        if (on)                                                                                    \
        {                                                                                          \
            CALLGRIND_START_INSTRUMENTATION;                                                       \
        }                                                                                          \
        else                                                                                       \
        {                                                                                          \
            CALLGRIND_STOP_INSTRUMENTATION;                                                        \
        }                                                                                          \
    } while (false)
#else
#define PFHOOKS_BENCH_INSTRUMENT(on)                                                               \
    do                                                                                             \
    {                                                                                              \
    } while (false)
#endif

using namespace ns3;

namespace pfhooks_bench
{

namespace
{

/** Lifecycle figures of one run. */
struct Lifecycle
{
    double ns3Create;       //!< nodes and internet stacks, plain ns-3 run
    double ns3Destroy;      //!< Simulator::Destroy, plain ns-3 run
    double ns3Bytes;        //!< heap per node with its stack (plain ns-3 run)
    double pfhCreate;       //!< PfhooksHelper::Install on every node
    double pfhStop;         //!< PfhooksIpInstance::Stop on every node
    double pfhDestroyExtra; //!< Simulator::Destroy after Stop, less the plain one
    double pfhBytes;        //!< heap per idle instance
    double lookup;          //!< net_protocol_lookup + release on every instance
    double reg;             //!< net_hook_register on every instance
    double unreg;           //!< net_hook_unregister on every instance
};

int
LifeHook(hook_event_token_t, hook_data_t, void*)
{
    return 0;
}

Lifecycle
RunLifecycle(uint32_t count)
{
    Lifecycle l{};
    using clock = std::chrono::steady_clock;
    {
        size_t m0 = HeapInUse();
        auto t0 = clock::now();
        NodeContainer nodes;
        nodes.Create(count);
        InternetStackHelper().Install(nodes);
        auto t1 = clock::now();
        l.ns3Bytes = double(HeapInUse() - m0) / count;
        l.ns3Create = Elapsed(t0, t1);
        auto t2 = clock::now();
        Simulator::Destroy();
        l.ns3Destroy = Elapsed(t2, clock::now());
    }
    NodeContainer nodes;
    nodes.Create(count);
    InternetStackHelper().Install(nodes);
    size_t m0 = HeapInUse();
    auto t0 = clock::now();
    PfhooksHelper().Install(nodes);
    auto t1 = clock::now();
    l.pfhCreate = Elapsed(t0, t1);
    l.pfhBytes = double(HeapInUse() - m0) / count;

    std::vector<net_handle_t> handles(count);
    auto t2 = clock::now();
    for (uint32_t i = 0; i < count; i++)
    {
        handles[i] =
            net_protocol_lookup(PfhooksHelper::GetInstance(nodes.Get(i))->GetNetid(), NHF_INET);
    }
    auto t3 = clock::now();
    hook_t h{HOOK_VERSION, LifeHook, const_cast<char*>("bench"), 0, HH_NONE, 0, nullptr};
    for (uint32_t i = 0; i < count; i++)
    {
        NS_ABORT_IF(net_hook_register(handles[i], const_cast<char*>(NH_PHYSICAL_IN), &h) != 0);
    }
    auto t4 = clock::now();
    for (uint32_t i = 0; i < count; i++)
    {
        NS_ABORT_IF(net_hook_unregister(handles[i], const_cast<char*>(NH_PHYSICAL_IN), &h) != 0);
    }
    auto t5 = clock::now();
    for (uint32_t i = 0; i < count; i++)
    {
        net_protocol_release(handles[i]);
    }
    auto t6 = clock::now();
    l.reg = Elapsed(t3, t4);
    l.unreg = Elapsed(t4, t5);
    l.lookup = Elapsed(t2, t3) + Elapsed(t5, t6);

    auto t7 = clock::now();
    for (uint32_t i = 0; i < count; i++)
    {
        PfhooksHelper::GetInstance(nodes.Get(i))->Stop();
    }
    auto t8 = clock::now();
    Simulator::Destroy();
    auto t9 = clock::now();
    l.pfhStop = Elapsed(t7, t8);
    l.pfhDestroyExtra = Elapsed(t8, t9) - l.ns3Destroy;
    return l;
}

/** Counts the module's hooks arriving on the event it is told of. */
int
CountRegistrations(hook_notify_cmd_t cmd, void* arg, const char*, const char*, const char* hook)
{
    if (cmd == HN_REGISTER && hook != nullptr && std::strncmp(hook, "full_", 5) == 0)
    {
        ++*static_cast<uint64_t*>(arg);
    }
    return 0;
}

void
QuietConsole(const PfhooksKernelLogRecord&)
{
}

struct Recall
{
    double wall;     //!< Simulator::Run while the module cycles
    uint64_t cycles; //!< re-registrations seen on one instance
    bool clean;      //!< unloaded with nothing left behind
};

/**
 * Loads full.so on `count` instances for `seconds` of simulated time; it
 * unregisters and re-registers its net instance every ~10 ms.
 */
Recall
RunRecall(const std::string& path, uint32_t count, double seconds)
{
    SolarisKernel::Get().SetLogSink(MakeCallback(&QuietConsole));
    NodeContainer nodes;
    nodes.Create(count);
    InternetStackHelper().Install(nodes);
    PfhooksHelper().Install(nodes);
    uint64_t cycles = 0;
    net_handle_t h =
        net_protocol_lookup(PfhooksHelper::GetInstance(nodes.Get(0))->GetNetid(), NHF_INET);
    net_event_notify_register(h, const_cast<char*>(NH_PHYSICAL_IN), CountRegistrations, &cycles);
    Ptr<SolarisModule> m = CreateObject<SolarisModule>();
    m->SetPath(path);
    m->ScheduleLoad(Seconds(0));
    Simulator::Stop(Seconds(seconds));
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    Recall r{std::chrono::duration<double>(t1 - t0).count(), cycles, false};
    bool loaded = m->GetState() == SolarisModule::LOADED;
    m->Unload();
    Simulator::Stop(Seconds(2)); // _fini sleeps 0.5 s
    Simulator::Run();
    r.clean = loaded && m->GetState() == SolarisModule::UNLOADED && m->GetLeaks().empty();
    if (!r.clean)
    {
        std::cerr << m->GetReport();
    }
    net_event_notify_unregister(h, const_cast<char*>(NH_PHYSICAL_IN), CountRegistrations);
    net_protocol_release(h);
    Simulator::Destroy();
    SolarisKernel::Get().SetLogSink(SolarisKernel::LogSink());
    return r;
}

/** One PfhooksHelper::Install on fresh nodes. */
struct InstallRun
{
    double wall;      //!< PfhooksHelper::Install on every node
    double bytes;     //!< heap per idle instance
    uint32_t running; //!< nodes whose instance runs, with a netid of its own
};

InstallRun
RunInstall(uint32_t count)
{
    NodeContainer nodes;
    nodes.Create(count);
    InternetStackHelper().Install(nodes);
    size_t m0 = HeapInUse();
    PFHOOKS_BENCH_INSTRUMENT(true);
    auto t0 = std::chrono::steady_clock::now();
    PfhooksHelper().Install(nodes);
    auto t1 = std::chrono::steady_clock::now();
    PFHOOKS_BENCH_INSTRUMENT(false);
    InstallRun r{Elapsed(t0, t1), double(HeapInUse() - m0) / count, 0};
    // Checked after the figures: a figure of instances that are not there
    // would mean nothing.
    std::set<netid_t> netids;
    for (uint32_t i = 0; i < count; i++)
    {
        Ptr<PfhooksIpInstance> ip = nodes.Get(i)->GetObject<PfhooksIpInstance>();
        if (ip && ip->IsRunning() && netids.insert(ip->GetNetid()).second)
        {
            r.running++;
        }
    }
    Simulator::Destroy();
    return r;
}

} // namespace

int
RunInstalls(uint32_t instances, uint32_t runs)
{
    std::printf("# install: %u instances, %u runs\n", instances, runs);
    std::vector<double> walls;
    std::vector<double> bytes;
    for (uint32_t r = 0; r < runs; r++)
    {
        InstallRun ir = RunInstall(instances);
        if (ir.running != instances)
        {
            std::fprintf(stderr,
                         "error: install: %u of %u nodes have a running instance of their own\n",
                         ir.running,
                         instances);
            return 1;
        }
        walls.push_back(ir.wall);
        bytes.push_back(ir.bytes);
    }
    double load[3] = {-1, -1, -1};
    if (getloadavg(load, 3) < 3)
    {
        load[0] = load[1] = load[2] = -1;
    }
    double lo = *std::min_element(walls.begin(), walls.end());
    double med = Median(walls);
    std::printf("%-22s %10.4f s min, %.4f s median, %.3f us per instance (min); "
                "load average %.2f %.2f %.2f\n",
                "install-wall",
                lo,
                med,
                lo / instances * 1e6,
                load[0],
                load[1],
                load[2]);
    std::printf("{\"variant\":\"install-wall\",\"instances\":%u,\"runs\":%u,\"min_s\":%.6f,"
                "\"median_s\":%.6f,\"load_average\":[%.2f,%.2f,%.2f]}\n",
                instances,
                runs,
                lo,
                med,
                load[0],
                load[1],
                load[2]);
    double b = Median(bytes);
    std::printf("%-22s %10.0f bytes per idle instance (mallinfo2)\n", "memory-per-instance", b);
    std::printf("{\"variant\":\"memory-per-instance\",\"instances\":%u,\"bytes_per_instance\":%"
                ".0f,\"peak_rss_kib\":%ld}\n",
                instances,
                b,
                PeakRssKib());
    return 0;
}

int
RunLifecycles(uint32_t instances,
              uint32_t runs,
              const std::string& module,
              uint32_t recallNodes,
              double recallSeconds)
{
    int status = 0;
    std::printf("# lifecycle: %u instances, median of %u runs\n", instances, runs);
    std::vector<Lifecycle> ls;
    for (uint32_t r = 0; r < runs; r++)
    {
        ls.push_back(RunLifecycle(instances));
    }
    auto med = [&ls](double Lifecycle::*f) {
        std::vector<double> v;
        for (const auto& l : ls)
        {
            v.push_back(l.*f);
        }
        return Median(v);
    };

    struct Row
    {
        const char* name;
        double Lifecycle::*field;
        const char* what;
    };

    const Row rows[] = {
        {"create-ns3", &Lifecycle::ns3Create, "nodes + internet stacks (plain ns-3)"},
        {"destroy-ns3", &Lifecycle::ns3Destroy, "Simulator::Destroy of those (plain ns-3)"},
        {"create-pfhooks", &Lifecycle::pfhCreate, "PfhooksHelper::Install (instances boot)"},
        {"destroy-pfhooks", &Lifecycle::pfhStop, "PfhooksIpInstance::Stop (instances halt)"},
        {"destroy-pfhooks-extra",
         &Lifecycle::pfhDestroyExtra,
         "Simulator::Destroy after Stop, less plain ns-3's"},
        {"protocol-lookup", &Lifecycle::lookup, "net_protocol_lookup + net_protocol_release"},
        {"hook-register", &Lifecycle::reg, "net_hook_register on PHYSICAL_IN"},
        {"hook-unregister", &Lifecycle::unreg, "net_hook_unregister"},
    };
    std::printf("%-22s %10s %12s  %s\n", "step", "total_s", "per_inst_us", "what");
    for (const Row& row : rows)
    {
        double s = med(row.field);
        std::printf("%-22s %10.4f %12.3f  %s\n", row.name, s, s / instances * 1e6, row.what);
        std::printf(
            "{\"variant\":\"%s\",\"instances\":%u,\"wall_s\":%.6f,\"per_instance_us\":%.3f}\n",
            row.name,
            instances,
            s,
            s / instances * 1e6);
    }
    double ns3Bytes = med(&Lifecycle::ns3Bytes);
    double pfhBytes = med(&Lifecycle::pfhBytes);
    std::printf("%-22s %10.0f bytes per idle instance (mallinfo2; a node with its stack: %.0f)\n",
                "memory-per-instance",
                pfhBytes,
                ns3Bytes);
    std::printf("{\"variant\":\"memory-per-instance\",\"instances\":%u,\"bytes_per_instance\":%.0f,"
                "\"ns3_bytes_per_node\":%.0f,\"peak_rss_kib\":%ld}\n",
                instances,
                pfhBytes,
                ns3Bytes,
                PeakRssKib());

    if (module.empty() || module == "none")
    {
        std::printf("# recall-cycle: skipped (no --module and no full.so built)\n");
        return status;
    }
    std::vector<double> perCycle;
    uint64_t cycles = 0;
    for (uint32_t r = 0; r < runs; r++)
    {
        Recall rc = RunRecall(module, recallNodes, recallSeconds);
        if (!rc.clean || rc.cycles == 0 || (r > 0 && rc.cycles != cycles))
        {
            std::fprintf(stderr,
                         "error: recall cycle: %llu cycles, module %s\n",
                         (unsigned long long)rc.cycles,
                         rc.clean ? "clean" : "not unloaded cleanly");
            status = 1;
            break;
        }
        cycles = rc.cycles;
        perCycle.push_back(rc.wall / rc.cycles);
    }
    if (!perCycle.empty())
    {
        double c = Median(perCycle);
        std::printf("%-22s %10.6f s per cycle, %.3f us per instance and cycle (%llu cycles of "
                    "%s on %u instances in %g simulated s)\n",
                    "recall-cycle",
                    c,
                    c / recallNodes * 1e6,
                    (unsigned long long)cycles,
                    module.substr(module.rfind('/') + 1).c_str(),
                    recallNodes,
                    recallSeconds);
        std::printf("{\"variant\":\"recall-cycle\",\"instances\":%u,\"cycles\":%llu,"
                    "\"wall_s_per_cycle\":%.6f,\"per_instance_us\":%.3f}\n",
                    recallNodes,
                    (unsigned long long)cycles,
                    c,
                    c / recallNodes * 1e6);
    }
    return status;
}

} // namespace pfhooks_bench
