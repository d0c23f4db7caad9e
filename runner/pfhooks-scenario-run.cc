/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The scenario runner: reads and checks the file, builds the network,
 * zones, traffic, modules and built-in hooks, runs it under a wall-clock
 * watchdog, checks the expectations and writes the report.
 */
#include "pfhooks-scenario-run.h"

#include "pfhooks-scenario-expect.h"
#include "pfhooks-scenario-hooks.h"
#include "pfhooks-scenario-spec.h"
#include "pfhooks-scenario-topology.h"
#include "pfhooks-scenario-traffic.h"

#include "ns3/core-module.h"
#include "ns3/pfhooks-measurement.h"
#include "ns3/pfhooks-module.h"
#include "ns3/pfhooks-report.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

namespace ns3
{
namespace
{

std::vector<std::string> g_sets;

bool
AddSet(std::string value)
{
    g_sets.push_back(value);
    return true;
}

/// Ends the process with status 3 when the run outlives its timeout.
class WallClockWatchdog
{
  public:
    WallClockWatchdog(double seconds, std::string file)
    {
        m_thread = std::thread([this, seconds, file]() {
            std::unique_lock<std::mutex> lock(m_mutex);
            if (!m_cv.wait_for(lock, std::chrono::duration<double>(seconds), [this]() {
                    return m_done;
                }))
            {
                std::fprintf(stderr,
                             "error: %s: timeout: still running after %g s (run.timeout)\n",
                             file.c_str(),
                             seconds);
                std::fflush(stderr);
                std::_Exit(3); // a hang is a failure; nothing of the run can be trusted
            }
        });
    }

    ~WallClockWatchdog()
    {
        {
            std::lock_guard<std::mutex> lock(m_mutex);
            m_done = true;
        }
        m_cv.notify_all();
        m_thread.join();
    }

  private:
    std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_done{false};
    std::thread m_thread;
};

/// Installs pfhooks and the zones, and plans the boots, halts and churn.
void
InstallZones(const ScenarioSpec& s, const ScenarioNet& net)
{
    std::map<uint32_t, double> firstBoot;
    for (const auto& z : s.zones)
    {
        auto it = firstBoot.find(z.node);
        firstBoot[z.node] = it == firstBoot.end() ? z.boot : std::min(it->second, z.boot);
    }
    PfhooksHelper pfhooks;
    for (uint32_t i = 0; i < net.nodes.GetN(); ++i)
    {
        auto it = firstBoot.find(i);
        if (it == firstBoot.end() || it->second == 0)
        {
            pfhooks.Install(net.nodes.Get(i));
        }
    }
    for (const auto& [node, boot] : firstBoot)
    {
        PfhooksZoneHelper::Install(net.nodes.Get(node), boot == 0);
    }
    std::vector<ScenarioZoneSpec> plans = s.zones;
    std::stable_sort(plans.begin(), plans.end(), [](const auto& a, const auto& b) {
        return a.boot < b.boot;
    });
    for (const auto& z : plans)
    {
        if (z.boot > 0)
        {
            PfhooksZoneHelper::ScheduleBoot(net.nodes.Get(z.node), Seconds(z.boot));
        }
        if (z.halt >= 0)
        {
            PfhooksZoneHelper::ScheduleHalt(net.nodes.Get(z.node), Seconds(z.halt));
        }
    }
    if (!s.churn.nodes.empty())
    {
        NodeContainer churning;
        for (uint32_t n : s.churn.nodes)
        {
            churning.Add(net.nodes.Get(n));
        }
        Ptr<PfhooksZoneChurn> churn = CreateObject<PfhooksZoneChurn>();
        churn->SetAttribute("Start", TimeValue(Seconds(s.churn.start)));
        churn->SetAttribute("Stop", TimeValue(Seconds(s.duration)));
        churn->SetAttribute("Period", TimeValue(Seconds(s.churn.period)));
        churn->Schedule(churning);
    }
}

/// The "scenario" report section.
std::string
ScenarioJson(const ScenarioSpec& s)
{
    nlohmann::json j = {{"name", s.name},
                        {"file", s.file},
                        {"tags", s.tags},
                        {"parameters", nlohmann::json::parse(s.parameters)}};
    return j.dump();
}

} // namespace

int
PfhooksRunScenario(int argc, char* argv[])
{
    std::string file;
    std::string report;
    std::string moduleDir;
    CommandLine cmd(__FILE__);
    cmd.Usage("Runs a scenario file (doc/scenarios.md).  Exit status: 0 every expectation met, "
              "1 one failed, 2 bad input, 3 timeout.");
    cmd.AddValue("scenario", "The scenario file (YAML)", file);
    cmd.AddValue("report", "Write the JSON report to FILE", report);
    cmd.AddValue("set",
                 "KEY=VALUE: override a scalar of the scenario by dotted path "
                 "(links.delay=5ms, modules.0.load=2, run.seed=3); repeatable",
                 MakeCallback(&AddSet));
    // Time series and progress as every program offers them
    // (doc/time-series.md); the report stays this runner's own.
    PfhooksMeasurement measure("pfhooks-run",
                               argc,
                               argv,
                               PfhooksMeasurement::SERIES | PfhooksMeasurement::PROGRESS);
    measure.AddOptions(cmd);
    cmd.AddValue("module-dir",
                 "Where module files without a directory are looked for (besides the current "
                 "directory, the scenario's, and the build's examples/solaris)",
                 moduleDir);
    // Options of pfhooks-run without --scenario mean nothing here: bad
    // input (status 2), not CommandLine's status 1.
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        bool known = false;
        for (const char* p : {"--scenario=",
                              "--report=",
                              "--set=",
                              "--module-dir=",
                              "--kstats-interval=",
                              "--kstats-series=",
                              "--progress",
                              "--RngRun=",
                              "--RngSeed=",
                              "--ns3::",
                              "--help",
                              "--PrintHelp",
                              "--PrintGlobals",
                              "--PrintGroup",
                              "--PrintTypeIds",
                              "--PrintAttributes"})
        {
            known = known || a.rfind(p, 0) == 0;
        }
        if (!known)
        {
            std::cerr << "error: " << a
                      << ": not an option of pfhooks-run --scenario (--scenario=FILE, --report, "
                         "--set, --module-dir, --kstats-interval, --kstats-series, --progress, "
                         "--RngRun; the scenario file says the rest)"
                      << std::endl;
            return 2;
        }
    }
    cmd.Parse(argc, argv);
    bool rngRunGiven = false;
    for (int i = 1; i < argc; ++i)
    {
        rngRunGiven = rngRunGiven || std::string(argv[i]).rfind("--RngRun=", 0) == 0;
    }
    std::vector<std::string> dirs;
    if (!moduleDir.empty())
    {
        dirs.push_back(moduleDir);
    }
#ifdef PFHOOKS_MODULE_DIR
    dirs.push_back(PFHOOKS_MODULE_DIR);
#endif
    ScenarioSpec s;
    try
    {
        s = LoadScenarioSpec(file, g_sets, dirs);
    }
    catch (const ScenarioError& e)
    {
        std::cerr << "error: " << e.what() << std::endl;
        return 2;
    }
    if (std::string why = measure.Check(); !why.empty())
    {
        std::cerr << "error: " << why << std::endl;
        return 2;
    }
    PfhooksReport& rep = measure.GetReport();
    if (!report.empty())
    {
        std::string err = PfhooksReport::CheckWritable(report);
        if (!err.empty())
        {
            std::cerr << "error: --report: " << err << std::endl;
            return 2;
        }
    }

    RngSeedManager::SetSeed(s.seed);
    if (!rngRunGiven)
    {
        RngSeedManager::SetRun(s.run);
    }
    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));
    WallClockWatchdog watchdog(s.timeout, s.file);

    ScenarioNet net = BuildScenarioNet(s);
    InstallZones(s, net);
    ScenarioTraffic traffic;
    traffic.Install(s, net);
    ScenarioHooks hooks;
    hooks.Install(s, net);
    std::vector<Ptr<SolarisModule>> modules;
    for (const auto& m : s.modules)
    {
        Ptr<SolarisModule> mod = CreateObject<SolarisModule>();
        mod->SetPath(m.path);
        mod->SetAttribute("KmemFaultProbability", DoubleValue(m.faultProbability));
        mod->SetAttribute("KmemFaultNth", UintegerValue(m.faultNth));
        mod->SetAttribute("KmemFaultAll", BooleanValue(m.faultAll));
        mod->ScheduleLoad(Seconds(m.load));
        if (m.unload >= 0)
        {
            mod->ScheduleUnload(Seconds(m.unload));
        }
        modules.push_back(mod);
    }

    measure.Start(Seconds(s.duration));
    Simulator::Stop(Seconds(s.duration));
    Simulator::Run();
    int status = measure.Finish(std::cout) != 0 ? 2 : 0;

    ScenarioVerdict verdict =
        CheckScenarioExpectations(s, net, traffic, modules, hooks.GetErrors());
    std::cout << "scenario " << s.name << " (" << s.file << ")\n";
    for (const auto& line : verdict.lines)
    {
        std::cout << line << "\n";
    }
    std::cout << (verdict.ok ? "all expectations met" : "expectations failed") << std::endl;
    status = status != 0 ? status : verdict.ok ? 0 : 1;
    if (!report.empty())
    {
        rep.SetSection("scenario", ScenarioJson(s));
        rep.SetSection("flows", traffic.FlowsJson());
        rep.SetSection("pings", traffic.PingsJson());
        rep.SetSection("expectations", verdict.json);
        std::string err = rep.Write(report);
        if (!err.empty())
        {
            std::cerr << "error: " << err << std::endl;
            status = 2;
        }
    }
    Simulator::Destroy();
    return status;
}

} // namespace ns3
