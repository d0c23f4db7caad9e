/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-report.h"

#include "pfhooks-helper.h"
#include "pfhooks-zone-helper.h"

#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/pfhooks-contract-checker.h"
#include "ns3/pfhooks-kstats.h"
#include "ns3/pfhooks-unload-hook.h"
#include "ns3/pfhooks-zone.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/solaris-kernel.h"
#include "ns3/solaris-module.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

// Set by CMakeLists.txt from the project's and ns-3's package versions.
#ifndef PFHOOKS_VERSION
#define PFHOOKS_VERSION "unknown"
#endif
#ifndef PFHOOKS_NS3_VERSION
#define PFHOOKS_NS3_VERSION "unknown"
#endif

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksReport");

namespace
{
/** Keys in the order they are inserted: the report reads top-down. */
using Json = nlohmann::ordered_json;

/** The sections Write() fills in itself, in their order. */
const char* const kStandard[] =
    {"schema", "version", "meta", "kstats", "zones", "modules", "findings"};

Json
KstatsSection()
{
    Json rows = Json::array();
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(*it);
        if (!ip)
        {
            continue;
        }
        for (const PfhooksKstatRow& r : CollectKstats(*ip))
        {
            // One writer of a row's JSON (pfhooks-kstats): --kstats, the
            // series and the report agree field for field.
            std::ostringstream os;
            WriteKstatRowJson(os, r);
            rows.push_back(Json::parse(os.str()));
        }
    }
    return rows;
}

Json
ZonesSection()
{
    Json zones = Json::array();
    for (auto it = NodeList::Begin(); it != NodeList::End(); ++it)
    {
        Ptr<PfhooksZone> z = PfhooksZoneHelper::GetZone(*it);
        if (!z)
        {
            continue;
        }
        Json history = Json::array();
        for (const auto& t : z->GetHistory())
        {
            history.push_back(
                {{"t", t.when.GetSeconds()}, {"booted", t.booted}, {"netid", t.netid}});
        }
        zones.push_back({{"node", (*it)->GetId()},
                         {"booted", z->IsBooted()},
                         {"boots", z->GetBoots()},
                         {"halts", z->GetHalts()},
                         {"halted_rx_drops", z->GetHaltedRxDrops()},
                         {"halted_tx_drops", z->GetHaltedTxDrops()},
                         {"history", history}});
    }
    return zones;
}

Json
ByFamily(const std::map<std::string, uint64_t>& m)
{
    Json o = Json::object();
    for (const auto& [family, n] : m)
    {
        o[family] = n;
    }
    return o;
}

Json
ModulesSection()
{
    Json modules = Json::array();
    for (SolarisModule* m : SolarisModule::GetAll())
    {
        // Id 0 is the kernel's own: a module never loaded has no figures.
        SolarisKernel::Figures f;
        if (m->GetId() != 0)
        {
            f = SolarisKernel::Get().GetFigures(m->GetId());
        }
        Json leaks = Json::array();
        for (const PfhooksKernelLeak& l : m->GetLeaks())
        {
            leaks.push_back({{"kind", l.kind}, {"size", l.size}, {"site", l.site}});
        }
        Json taken = Json::array();
        for (const PfhooksUnloadHook* hook : PfhooksUnloadHook::GetRegistered())
        {
            std::string text = hook->Report(*m);
            if (!text.empty())
            {
                taken.push_back(text);
            }
        }
        modules.push_back({{"name", m->GetName()},
                           {"path", m->GetPath()},
                           {"state", SolarisModule::StateName(m->GetState())},
                           {"link_info", m->GetLinkInfo()},
                           {"error", m->GetError()},
                           {"kmem",
                            {{"allocs", f.kmemAllocs},
                             {"frees", f.kmemFrees},
                             {"bytes_held", f.kmemBytes},
                             {"peak_bytes", f.kmemPeakBytes},
                             {"failed_on_purpose", f.kmemFailed}}},
                           {"mblk", {{"allocs", f.mblkAllocs}, {"frees", f.mblkFrees}}},
                           {"net_instances_registered", f.netInstanceRegisters},
                           {"notifications",
                            {{"instance", ByFamily(f.instanceNotifies)},
                             {"protocol", ByFamily(f.protocolNotifies)},
                             {"event", ByFamily(f.eventNotifies)}}},
                           {"hook_runs", ByFamily(f.hookRuns)},
                           {"leaks", leaks},
                           {"taken_back", taken}});
    }
    return modules;
}

Json
FindingsSection()
{
    Json contract = Json::array();
    for (const PfhooksContractFinding& f : PfhooksContractChecker::Get().GetFindings())
    {
        contract.push_back({{"t", f.time.GetSeconds()},
                            {"module", f.module},
                            {"node", f.node},
                            {"netid", f.netid},
                            {"what", f.what},
                            {"site", f.site}});
    }
    return {{"contract_count", contract.size()}, {"contract", contract}};
}

/**
 * Indented, but an object or array of plain values, or one whose compact
 * form fits in a line, stays on one line: a kstats row is one line, as in
 * --kstats=FILE.json.
 */
void
Dump(std::ostream& os, const Json& v, int depth)
{
    std::string compact = v.dump();
    bool flat = std::none_of(v.begin(), v.end(), [](const Json& c) { return c.is_structured(); });
    if (!v.is_structured() || flat || compact.size() + 2 * depth <= 100)
    {
        os << compact;
        return;
    }
    std::string pad(2 * (depth + 1), ' ');
    os << (v.is_object() ? "{\n" : "[\n");
    size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++i)
    {
        os << pad;
        if (v.is_object())
        {
            os << Json(it.key()).dump() << ": ";
        }
        Dump(os, it.value(), depth + 1);
        os << (i + 1 < v.size() ? ",\n" : "\n");
    }
    os << std::string(2 * depth, ' ') << (v.is_object() ? "}" : "]");
}
} // namespace

PfhooksReport::PfhooksReport(std::string program, int argc, char** argv)
    : m_program(std::move(program)),
      m_start(std::chrono::steady_clock::now())
{
    NS_LOG_FUNCTION(this << m_program << argc);
    for (int i = 0; i < argc && argv != nullptr; i++)
    {
        m_commandLine.emplace_back(argv[i] != nullptr ? argv[i] : "");
    }
}

std::string
PfhooksReport::CheckWritable(const std::string& path)
{
    if (path.empty())
    {
        return "report file: empty path";
    }
    struct stat st;
    if (stat(path.c_str(), &st) == 0)
    {
        if (S_ISDIR(st.st_mode))
        {
            return "cannot write " + path + ": it is a directory";
        }
        if (access(path.c_str(), W_OK) != 0)
        {
            return "cannot write " + path + ": " + std::strerror(errno);
        }
        return "";
    }
    std::string::size_type slash = path.rfind('/');
    std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
    if (dir.empty())
    {
        dir = "/";
    }
    if (stat(dir.c_str(), &st) != 0)
    {
        return "cannot write " + path + ": no directory " + dir;
    }
    if (!S_ISDIR(st.st_mode))
    {
        return "cannot write " + path + ": " + dir + " is not a directory";
    }
    if (access(dir.c_str(), W_OK) != 0)
    {
        return "cannot write " + path + ": directory " + dir + ": " + std::strerror(errno);
    }
    return "";
}

void
PfhooksReport::SetSection(const std::string& name, const std::string& json)
{
    NS_LOG_FUNCTION(this << name);
    for (auto& [key, value] : m_extra)
    {
        if (key == name)
        {
            value = json;
            return;
        }
    }
    m_extra.emplace_back(name, json);
}

std::string
PfhooksReport::ToJson(std::string* error) const
{
    Json report;
    report["schema"] = "pfhooks-report";
    report["version"] = 1;
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    report["meta"] = {{"program", m_program},
                      {"command_line", m_commandLine},
                      {"seed", RngSeedManager::GetSeed()},
                      {"run", RngSeedManager::GetRun()},
                      {"sim_seconds", Simulator::Now().GetSeconds()},
                      {"wall_seconds", wall},
                      {"pfhooks_version", PFHOOKS_VERSION},
                      {"ns3_version", PFHOOKS_NS3_VERSION}};
    report["kstats"] = KstatsSection();
    report["zones"] = ZonesSection();
    report["modules"] = ModulesSection();
    report["findings"] = FindingsSection();
    for (const auto& [name, text] : m_extra)
    {
        for (const char* reserved : kStandard)
        {
            if (name == reserved)
            {
                *error = "report section \"" + name + "\" is one of the standard sections";
                return "";
            }
        }
        Json value = Json::parse(text, nullptr, false);
        if (value.is_discarded())
        {
            *error = "report section \"" + name + "\": not valid JSON";
            return "";
        }
        report[name] = value;
    }
    error->clear();
    std::ostringstream os;
    Dump(os, report, 0);
    os << "\n";
    return os.str();
}

std::string
PfhooksReport::Write(const std::string& path) const
{
    NS_LOG_FUNCTION(this << path);
    std::string error;
    std::string text = ToJson(&error);
    if (!error.empty())
    {
        return error;
    }
    std::ofstream out(path);
    out << text;
    out.close();
    if (!out)
    {
        return "cannot write " + path;
    }
    return "";
}

} // namespace ns3
