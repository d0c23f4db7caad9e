/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks-run's command line (pfhooks-run-options.h).
 */
#include "pfhooks-run-options.h"

#include "ns3/core-module.h"

#include <cmath>
#include <cstdlib>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>

namespace ns3
{

namespace
{

using ModuleSpec = PfhooksRunOptions::ModuleSpec;
using ZoneSpec = PfhooksRunOptions::ZoneSpec;
const double kMaxSeconds = kPfhooksRunMaxSeconds;

bool
AddTunable(PfhooksRunOptions* o, std::string value)
{
    o->tunableTexts.push_back(value);
    return true;
}

bool
AddDevice(PfhooksRunOptions* o, std::string value)
{
    std::string err = o->devices.Add(value);
    if (!err.empty() && o->badDevice.empty())
    {
        o->badDevice = err; // reported after parsing
    }
    return true;
}

/**
 * The one checked parse every numeric option goes through: the whole text
 * is a finite number in lo..hi (an integer when integral).
 * \return "" or what was expected, for a message naming the option
 */
std::string
CheckedNumber(const std::string& text, double lo, double hi, bool integral, double* out)
{
    std::ostringstream expected;
    expected << std::setprecision(10) << (integral ? "an integer" : "a number") << " in " << lo
             << ".." << hi;
    char* end = nullptr;
    double v = text.empty() ? 0 : std::strtod(text.c_str(), &end);
    if (text.empty() || end == nullptr || *end != '\0' || !std::isfinite(v) || v < lo || v > hi ||
        (integral && v != std::floor(v)))
    {
        return expected.str();
    }
    *out = v;
    return "";
}

bool
ParseNumber(const std::string& s, double* out)
{
    return CheckedNumber(s, 0, kMaxSeconds, false, out).empty();
}

/** --module=FILE[@LOAD[,UNLOAD]]; called once per occurrence. */
bool
AddModule(PfhooksRunOptions* o, std::string value)
{
    ModuleSpec m;
    std::string::size_type at = value.rfind('@');
    m.file = value.substr(0, at);
    if (at != std::string::npos)
    {
        std::string times = value.substr(at + 1);
        std::string::size_type comma = times.find(',');
        bool ok = ParseNumber(times.substr(0, comma), &m.load);
        if (ok && comma != std::string::npos)
        {
            ok = ParseNumber(times.substr(comma + 1), &m.unload) && m.unload > m.load;
        }
        if (!ok)
        {
            o->badModule = value; // reported after parsing, with the expected form
            return true;
        }
    }
    if (m.file.empty())
    {
        o->badModule = value.empty() ? "(empty)" : value;
        return true;
    }
    o->modules.push_back(m);
    return true;
}

/** --zone=NODE@BOOT[,HALT]; called once per occurrence. */
bool
AddZone(PfhooksRunOptions* o, std::string value)
{
    ZoneSpec z;
    z.text = value;
    std::string::size_type at = value.find('@');
    double node = -1;
    bool ok = at != std::string::npos && ParseNumber(value.substr(0, at), &node) &&
              node == static_cast<uint32_t>(node);
    if (ok)
    {
        z.node = static_cast<uint32_t>(node);
        std::string times = value.substr(at + 1);
        std::string::size_type comma = times.find(',');
        ok = ParseNumber(times.substr(0, comma), &z.boot);
        if (ok && comma != std::string::npos)
        {
            ok = ParseNumber(times.substr(comma + 1), &z.halt) && z.halt > z.boot;
        }
    }
    if (!ok)
    {
        o->badZone = value; // reported after parsing, with the expected form
        return true;
    }
    o->zoneSpecs.push_back(z);
    return true;
}

} // namespace

int
PfhooksRunError(const std::string& why)
{
    std::cerr << "error: " << why << std::endl;
    return 2;
}

int
ParsePfhooksRunOptions(int argc, char* argv[], PfhooksMeasurement& measure, PfhooksRunOptions* out)
{
    PfhooksRunOptions& o = *out;
    // Numeric options are taken as text and checked by CheckedNumber below.
    std::map<std::string, std::string> text = {{"nodes", "2"},
                                               {"zones", "0"},
                                               {"churn", "0"},
                                               {"count", "10"},
                                               {"interval", "1"},
                                               {"size", "56"},
                                               {"duration", ""}};
    std::string kmemFaults;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a.size() > 3 && a.compare(0, 2, "--") == 0 && a.back() == '=')
        {
            return PfhooksRunError(a.substr(0, a.size() - 1) + ": empty value");
        }
    }

    CommandLine cmd("pfhooks-run.cc"); // the program's name in --help
    cmd.Usage("Loads Solaris modules (built with pfhooks_add_solaris_module) into a chain of "
              "nodes while node 0 sends traffic to the last node.");
    cmd.AddValue("module",
                 "FILE[@LOAD[,UNLOAD]]: load FILE at LOAD s (default 0), unload it at UNLOAD s "
                 "(default: never); repeatable",
                 MakeBoundCallback(&AddModule, &o));
    cmd.AddValue("zone",
                 "NODE@BOOT[,HALT]: node NODE (0.. nodes + zones - 1) is a zone that boots at "
                 "BOOT s (0: booted from the start; else halted until then) and halts at HALT "
                 "s; repeatable, also for one node",
                 MakeBoundCallback(&AddZone, &o));
    cmd.AddValue("zones",
                 "Extra leaf nodes that are zones, pinged by node 0 (0..64)",
                 text["zones"]);
    cmd.AddValue("churn",
                 "Seconds: the extra zones not named by --zone boot and halt about every "
                 "PERIOD s (drawn from ns-3's RNG; --RngRun changes the pattern)",
                 text["churn"]);
    cmd.AddValue("nodes", "Nodes in the chain (2..64)", text["nodes"]);
    cmd.AddValue("link", "p2p (a link between neighbours) or csma (one LAN)", o.link);
    cmd.AddValue("traffic", "ping, udp or none", o.traffic);
    cmd.AddValue("count", "Pings or datagrams to send (1..1000000)", text["count"]);
    cmd.AddValue("interval",
                 "Seconds between two pings or datagrams (0.000001..3600)",
                 text["interval"]);
    cmd.AddValue("size", "Bytes of ICMP or UDP payload (0..1400)", text["size"]);
    cmd.AddValue("duration",
                 "Simulated seconds, 0.000001..1000000 (default: the traffic's end plus 2 s)",
                 text["duration"]);
    cmd.AddValue("pcap", "Write pcap files with this prefix", o.pcap);
    cmd.AddValue("kmem-faults",
                 "Make KM_NOSLEEP allocations fail: p=PROBABILITY, nth=N or all, optionally "
                 "followed by ,module=NAME",
                 kmemFaults);
    cmd.AddValue("set-tunable",
                 "MODULE:VARIABLE=VALUE: set a variable of --module MODULE before its _init, as "
                 "/etc/system's \"set\" (repeatable)",
                 MakeBoundCallback(&AddTunable, &o));
    cmd.AddValue("device",
                 "T,PATH,open|ioctl,CMD|close[,zone=ID|kcred][,arg=HEX][,flags=rw]: a call on a "
                 "module's device at T seconds (repeatable; results under --- devices)",
                 MakeBoundCallback(&AddDevice, &o));
    cmd.AddValue("kstats",
                 "Write every instance's hook statistics to FILE (.csv or .json)",
                 o.kstats);
    cmd.AddValue("report",
                 "Write a JSON report of the run to FILE: traffic, packet counters, kstats, "
                 "zones, modules, findings (doc/report-format.md)",
                 o.report);
    measure.AddOptions(cmd);
    cmd.Parse(argc, argv);

    // name, lowest, highest, integral, where the value goes
    struct NumericOption
    {
        const char* name;
        double lo;
        double hi;
        bool integral;
        std::function<void(double)> set;
    };

    const NumericOption numeric[] = {
        {"nodes", 2, 64, true, [&](double v) { o.nodes = static_cast<uint32_t>(v); }},
        {"zones", 0, 64, true, [&](double v) { o.extraZones = static_cast<uint32_t>(v); }},
        {"churn", 0, kMaxSeconds, false, [&](double v) { o.churn = v; }},
        {"count", 1, 1000000, true, [&](double v) { o.count = static_cast<uint32_t>(v); }},
        {"interval", 1e-6, 3600, false, [&](double v) { o.interval = v; }},
        {"size", 0, 1400, true, [&](double v) { o.size = static_cast<uint32_t>(v); }},
        {"duration", 1e-6, kMaxSeconds, false, [&](double v) { o.duration = v; }},
    };
    for (const auto& n : numeric)
    {
        const std::string& t = text[n.name];
        if (std::string(n.name) == "duration" && t.empty())
        {
            continue; // not given: from the traffic and the modules' times
        }
        double v = 0;
        std::string expected = CheckedNumber(t, n.lo, n.hi, n.integral, &v);
        if (!expected.empty())
        {
            return PfhooksRunError("--" + std::string(n.name) + "=" + t + ": expected " + expected);
        }
        n.set(v);
    }
    if (!o.badModule.empty())
    {
        return PfhooksRunError("--module=" + o.badModule + ": expected FILE[@LOAD[,UNLOAD]] with " +
                               "0 <= LOAD < UNLOAD <= " + std::to_string(int(kMaxSeconds)));
    }
    if (!o.badDevice.empty())
    {
        return PfhooksRunError(o.badDevice);
    }
    for (const auto& t : o.tunableTexts)
    {
        std::string mod;
        std::string var;
        std::string val;
        std::string err = SolarisModule::ParseTunable(t, &mod, &var, &val);
        if (err.empty() && mod.empty())
        {
            err = "tunable \"" + t + "\": name the module (MODULE:VARIABLE=VALUE)";
        }
        bool known = false;
        for (const auto& m : o.modules)
        {
            std::string base = m.file.substr(m.file.rfind('/') + 1);
            known = known || base == mod + ".so" || base == mod;
        }
        if (err.empty() && !known)
        {
            err = "tunable \"" + t + "\": no --module named " + mod;
        }
        if (!err.empty())
        {
            return PfhooksRunError("--set-tunable=" + t + ": " + err);
        }
        o.tunables.push_back({mod, {var, val}});
    }
    if (!o.badZone.empty())
    {
        return PfhooksRunError("--zone=" + o.badZone +
                               ": expected NODE@BOOT[,HALT] with a node number and " +
                               "0 <= BOOT < HALT");
    }
    if (o.churn > 0 && o.extraZones == 0)
    {
        return PfhooksRunError("--churn must be > 0 and needs --zones");
    }
    for (const auto& z : o.zoneSpecs)
    {
        if (z.node >= o.nodes + o.extraZones)
        {
            return PfhooksRunError("--zone=" + z.text + ": no node " + std::to_string(z.node) +
                                   " (nodes 0.." + std::to_string(o.nodes + o.extraZones - 1) +
                                   ")");
        }
    }
    if (o.link != "p2p" && o.link != "csma")
    {
        return PfhooksRunError("--link must be p2p or csma");
    }
    if (o.traffic != "ping" && o.traffic != "udp" && o.traffic != "none")
    {
        return PfhooksRunError("--traffic must be ping, udp or none");
    }
    std::string faultError;
    if (!kmemFaults.empty() && !PfhooksKmemFaults::Parse(kmemFaults, &o.faults, &faultError))
    {
        return PfhooksRunError("--kmem-faults=" + kmemFaults + ": " + faultError);
    }
    if (!o.kstats.empty() && !PfhooksHelper::KstatFormatOf(o.kstats, &o.kstatFormat))
    {
        return PfhooksRunError("--kstats must name a .csv or .json file, got " + o.kstats);
    }
    // Output files are checked before the run, by the report's one rule
    // (a pcap prefix by a file it would write).
    for (const auto& [option, path, probe] : {std::make_tuple("kstats", o.kstats, o.kstats),
                                              std::make_tuple("pcap", o.pcap, o.pcap + "-0-1.pcap"),
                                              std::make_tuple("report", o.report, o.report)})
    {
        std::string why = path.empty() ? "" : PfhooksReport::CheckWritable(probe);
        if (!why.empty())
        {
            return PfhooksRunError("--" + std::string(option) + ": " + why);
        }
    }
    if (std::string why = measure.Check(); !why.empty())
    {
        return PfhooksRunError(why);
    }
    double trafficEnd = 1.0 + o.count * o.interval;
    if (text["duration"].empty())
    {
        o.duration = trafficEnd + 1.0;
        for (const auto& m : o.modules)
        {
            o.duration = std::max(o.duration, std::max(m.load, m.unload) + 1.0);
        }
        for (const auto& z : o.zoneSpecs)
        {
            o.duration = std::max(o.duration, std::max(z.boot, z.halt) + 1.0);
        }
    }
    return 0;
}

} // namespace ns3
