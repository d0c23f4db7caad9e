/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks-run: loads Solaris modules into a standard scenario without
 * writing C++.
 *
 *   node 0 -- node 1 -- ... -- node N-1     (point-to-point links, or one CSMA LAN)
 *
 * Node 0 pings node N-1 (or sends it UDP datagrams); each --module is
 * loaded and unloaded at the times given.  At the end it prints the
 * traffic's figures, the packet counters of every node and every module's
 * report (kmem, messages, and whatever it left behind).
 *
 *   pfhooks-run --module=build/examples/solaris/pamp_drv.so@2,6 --count=8 --kstats=k.csv
 *
 * Zones: --zones=N adds N leaf nodes (on the LAN, or each on a link to the
 * last node) that node 0 pings too; --zone=NODE@BOOT[,HALT] boots and
 * halts any node; --churn=PERIOD makes the extra zones boot and halt on
 * their own, drawn from ns-3's RNG (--RngRun changes the pattern; the
 * attributes of PfhooksZoneChurn, e.g. --ns3::PfhooksZoneChurn::Draw=...,
 * its shape).
 *
 *   pfhooks-run --link=csma --nodes=3 --zones=4 --churn=2 --zone=2@3,7 --count=10
 */
#include "pfhooks-scenario-run.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-module.h"
#include "ns3/point-to-point-module.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <tuple>

using namespace ns3;

NS_LOG_COMPONENT_DEFINE("PfhooksRun");

namespace
{
struct ModuleSpec
{
    std::string file;
    double load{0};
    double unload{-1};
};

std::vector<ModuleSpec> g_modules;
std::string g_badModule;

struct ZoneSpec
{
    std::string text; //!< as given, for messages
    uint32_t node{0};
    double boot{0};
    double halt{-1};
};

std::vector<ZoneSpec> g_zones;
std::string g_badZone;

/** --set-tunable=MODULE:VARIABLE=VALUE, in the order given. */
std::vector<std::string> g_tunables;
/** --device=...: device calls at given times (PfhooksDeviceScript). */
PfhooksDeviceScript g_devices;
std::string g_badDevice;

bool
AddTunable(std::string value)
{
    g_tunables.push_back(value);
    return true;
}

bool
AddDevice(std::string value)
{
    std::string err = g_devices.Add(value);
    if (!err.empty() && g_badDevice.empty())
    {
        g_badDevice = err; // reported after parsing
    }
    return true;
}

/// Simulated seconds any time option may name (11.6 days: far inside ns-3's Time).
const double kMaxSeconds = 1e6;

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
AddModule(std::string value)
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
            g_badModule = value; // reported after parsing, with the expected form
            return true;
        }
    }
    if (m.file.empty())
    {
        g_badModule = value.empty() ? "(empty)" : value;
        return true;
    }
    g_modules.push_back(m);
    return true;
}

/** --zone=NODE@BOOT[,HALT]; called once per occurrence. */
bool
AddZone(std::string value)
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
        g_badZone = value; // reported after parsing, with the expected form
        return true;
    }
    g_zones.push_back(z);
    return true;
}

std::string
Sec(double s)
{
    std::ostringstream out;
    out << s << " s";
    return out.str();
}

int
Fail(const std::string& why)
{
    std::cerr << "error: " << why << std::endl;
    return 2;
}
} // namespace

/** The traffic's figures as the report's "traffic" section (doc/report-format.md). */
std::string
TrafficJson(const std::vector<Ptr<PfhooksEchoPinger>>& pingers,
            const std::string& udpTarget,
            uint64_t udpSent,
            uint64_t udpReceived)
{
    std::ostringstream os;
    os << "{\"pings\": [";
    for (size_t i = 0; i < pingers.size(); i++)
    {
        os << (i ? ", " : "") << PfhooksPingJson(pingers[i]);
    }
    os << "]";
    if (!udpTarget.empty())
    {
        os << ", \"udp\": {\"target\": \"" << udpTarget << "\", \"sent\": " << udpSent
           << ", \"received\": " << udpReceived << "}";
    }
    os << "}";
    return os.str();
}

int
main(int argc, char* argv[])
{
    // A scenario file describes all of the run (doc/scenarios.md).
    for (int i = 1; i < argc; ++i)
    {
        if (std::string(argv[i]).rfind("--scenario", 0) == 0)
        {
            return PfhooksRunScenario(argc, argv);
        }
    }
    PfhooksMeasurement measure("pfhooks-run",
                               argc,
                               argv,
                               PfhooksMeasurement::SERIES | PfhooksMeasurement::PROGRESS);
    uint32_t nNodes = 2;
    std::string link = "p2p";
    std::string traffic = "ping";
    uint32_t count = 10;
    double interval = 1.0;
    uint32_t size = 56;
    double duration = -1;
    // Numeric options are taken as text and checked by CheckedNumber below.
    std::map<std::string, std::string> text = {{"nodes", "2"},
                                               {"zones", "0"},
                                               {"churn", "0"},
                                               {"count", "10"},
                                               {"interval", "1"},
                                               {"size", "56"},
                                               {"duration", ""}};
    std::string pcap;
    std::string kstats;
    std::string reportFile;
    std::string kmemFaults;
    uint32_t nZones = 0;
    double churn = 0;
    for (int i = 1; i < argc; ++i)
    {
        std::string a = argv[i];
        if (a.size() > 3 && a.compare(0, 2, "--") == 0 && a.back() == '=')
        {
            return Fail(a.substr(0, a.size() - 1) + ": empty value");
        }
    }

    CommandLine cmd(__FILE__);
    cmd.Usage("Loads Solaris modules (built with pfhooks_add_solaris_module) into a chain of "
              "nodes while node 0 sends traffic to the last node.");
    cmd.AddValue("module",
                 "FILE[@LOAD[,UNLOAD]]: load FILE at LOAD s (default 0), unload it at UNLOAD s "
                 "(default: never); repeatable",
                 MakeCallback(&AddModule));
    cmd.AddValue("zone",
                 "NODE@BOOT[,HALT]: node NODE (0.. nodes + zones - 1) is a zone that boots at "
                 "BOOT s (0: booted from the start; else halted until then) and halts at HALT "
                 "s; repeatable, also for one node",
                 MakeCallback(&AddZone));
    cmd.AddValue("zones",
                 "Extra leaf nodes that are zones, pinged by node 0 (0..64)",
                 text["zones"]);
    cmd.AddValue("churn",
                 "Seconds: the extra zones not named by --zone boot and halt about every "
                 "PERIOD s (drawn from ns-3's RNG; --RngRun changes the pattern)",
                 text["churn"]);
    cmd.AddValue("nodes", "Nodes in the chain (2..64)", text["nodes"]);
    cmd.AddValue("link", "p2p (a link between neighbours) or csma (one LAN)", link);
    cmd.AddValue("traffic", "ping, udp or none", traffic);
    cmd.AddValue("count", "Pings or datagrams to send (1..1000000)", text["count"]);
    cmd.AddValue("interval",
                 "Seconds between two pings or datagrams (0.000001..3600)",
                 text["interval"]);
    cmd.AddValue("size", "Bytes of ICMP or UDP payload (0..1400)", text["size"]);
    cmd.AddValue("duration",
                 "Simulated seconds, 0.000001..1000000 (default: the traffic's end plus 2 s)",
                 text["duration"]);
    cmd.AddValue("pcap", "Write pcap files with this prefix", pcap);
    cmd.AddValue("kmem-faults",
                 "Make KM_NOSLEEP allocations fail: p=PROBABILITY, nth=N or all, optionally "
                 "followed by ,module=NAME",
                 kmemFaults);
    cmd.AddValue("set-tunable",
                 "MODULE:VARIABLE=VALUE: set a variable of --module MODULE before its _init, as "
                 "/etc/system's \"set\" (repeatable)",
                 MakeCallback(&AddTunable));
    cmd.AddValue("device",
                 "T,PATH,open|ioctl,CMD|close[,zone=ID|kcred][,arg=HEX][,flags=rw]: a call on a "
                 "module's device at T seconds (repeatable; results under --- devices)",
                 MakeCallback(&AddDevice));
    cmd.AddValue("kstats",
                 "Write every instance's hook statistics to FILE (.csv or .json)",
                 kstats);
    cmd.AddValue("report",
                 "Write a JSON report of the run to FILE: traffic, packet counters, kstats, "
                 "zones, modules, findings (doc/report-format.md)",
                 reportFile);
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
        {"nodes", 2, 64, true, [&](double v) { nNodes = static_cast<uint32_t>(v); }},
        {"zones", 0, 64, true, [&](double v) { nZones = static_cast<uint32_t>(v); }},
        {"churn", 0, kMaxSeconds, false, [&](double v) { churn = v; }},
        {"count", 1, 1000000, true, [&](double v) { count = static_cast<uint32_t>(v); }},
        {"interval", 1e-6, 3600, false, [&](double v) { interval = v; }},
        {"size", 0, 1400, true, [&](double v) { size = static_cast<uint32_t>(v); }},
        {"duration", 1e-6, kMaxSeconds, false, [&](double v) { duration = v; }},
    };
    for (const auto& o : numeric)
    {
        const std::string& t = text[o.name];
        if (std::string(o.name) == "duration" && t.empty())
        {
            continue; // not given: from the traffic and the modules' times
        }
        double v = 0;
        std::string expected = CheckedNumber(t, o.lo, o.hi, o.integral, &v);
        if (!expected.empty())
        {
            return Fail("--" + std::string(o.name) + "=" + t + ": expected " + expected);
        }
        o.set(v);
    }
    if (!g_badModule.empty())
    {
        return Fail("--module=" + g_badModule + ": expected FILE[@LOAD[,UNLOAD]] with " +
                    "0 <= LOAD < UNLOAD <= " + std::to_string(int(kMaxSeconds)));
    }
    if (!g_badDevice.empty())
    {
        return Fail(g_badDevice);
    }
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> tunables;
    for (const auto& t : g_tunables)
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
        for (const auto& m : g_modules)
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
            return Fail("--set-tunable=" + t + ": " + err);
        }
        tunables.push_back({mod, {var, val}});
    }
    if (!g_badZone.empty())
    {
        return Fail("--zone=" + g_badZone + ": expected NODE@BOOT[,HALT] with a node number and " +
                    "0 <= BOOT < HALT");
    }
    if (churn > 0 && nZones == 0)
    {
        return Fail("--churn must be > 0 and needs --zones");
    }
    for (const auto& z : g_zones)
    {
        if (z.node >= nNodes + nZones)
        {
            return Fail("--zone=" + z.text + ": no node " + std::to_string(z.node) + " (nodes 0.." +
                        std::to_string(nNodes + nZones - 1) + ")");
        }
    }
    if (link != "p2p" && link != "csma")
    {
        return Fail("--link must be p2p or csma");
    }
    if (traffic != "ping" && traffic != "udp" && traffic != "none")
    {
        return Fail("--traffic must be ping, udp or none");
    }
    PfhooksKmemFaults faults;
    std::string faultError;
    if (!kmemFaults.empty() && !PfhooksKmemFaults::Parse(kmemFaults, &faults, &faultError))
    {
        return Fail("--kmem-faults=" + kmemFaults + ": " + faultError);
    }
    KstatFormat kstatFormat = KSTATS_CSV;
    if (!kstats.empty() && !PfhooksHelper::KstatFormatOf(kstats, &kstatFormat))
    {
        return Fail("--kstats must name a .csv or .json file, got " + kstats);
    }
    // Output files are checked before the run, by the report's one rule
    // (a pcap prefix by a file it would write).
    for (const auto& [option, path, probe] : {std::make_tuple("kstats", kstats, kstats),
                                              std::make_tuple("pcap", pcap, pcap + "-0-1.pcap"),
                                              std::make_tuple("report", reportFile, reportFile)})
    {
        std::string why = path.empty() ? "" : PfhooksReport::CheckWritable(probe);
        if (!why.empty())
        {
            return Fail("--" + std::string(option) + ": " + why);
        }
    }
    if (std::string why = measure.Check(); !why.empty())
    {
        return Fail(why);
    }
    double trafficEnd = 1.0 + count * interval;
    if (text["duration"].empty())
    {
        duration = trafficEnd + 1.0;
        for (const auto& m : g_modules)
        {
            duration = std::max(duration, std::max(m.load, m.unload) + 1.0);
        }
        for (const auto& z : g_zones)
        {
            duration = std::max(duration, std::max(z.boot, z.halt) + 1.0);
        }
    }

    GlobalValue::Bind("ChecksumEnabled", BooleanValue(true));

    NodeContainer nodes;
    nodes.Create(nNodes);
    NodeContainer zoneNodes;
    zoneNodes.Create(nZones);
    NodeContainer all(nodes, zoneNodes);
    InternetStackHelper stack;
    PfhooksHelper::ConfigureStack(stack);
    stack.Install(all);
    std::vector<Ipv4Address> zoneAddrs;
    Ipv4AddressHelper addr;
    Ipv4Address target;
    PointToPointHelper p2p;
    CsmaHelper csma;
    if (link == "p2p")
    {
        p2p.SetDeviceAttribute("DataRate", StringValue("100Mbps"));
        p2p.SetChannelAttribute("Delay", StringValue("1ms"));
        for (uint32_t i = 0; i + 1 < nNodes; ++i)
        {
            std::ostringstream net;
            net << "10." << (i / 250) + 1 << "." << (i % 250) + 1 << ".0";
            addr.SetBase(net.str().c_str(), "255.255.255.0");
            Ipv4InterfaceContainer ifs = addr.Assign(p2p.Install(nodes.Get(i), nodes.Get(i + 1)));
            target = ifs.GetAddress(1);
        }
        // Each extra zone on a link of its own to the last node.
        for (uint32_t k = 0; k < nZones; ++k)
        {
            std::ostringstream net;
            net << "10.100." << k + 1 << ".0";
            addr.SetBase(net.str().c_str(), "255.255.255.0");
            Ipv4InterfaceContainer ifs =
                addr.Assign(p2p.Install(nodes.Get(nNodes - 1), zoneNodes.Get(k)));
            zoneAddrs.push_back(ifs.GetAddress(1));
        }
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    else
    {
        csma.SetChannelAttribute("DataRate", StringValue("100Mbps"));
        csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(10)));
        addr.SetBase("10.1.1.0", "255.255.255.0");
        Ipv4InterfaceContainer ifs = addr.Assign(csma.Install(all));
        target = ifs.GetAddress(nNodes - 1);
        for (uint32_t k = 0; k < nZones; ++k)
        {
            zoneAddrs.push_back(ifs.GetAddress(nNodes + k));
        }
    }

    // A node named by --zone whose first boot is later than 0 is halted
    // from the start: no instance until then.
    std::map<uint32_t, double> firstBoot;
    for (const auto& z : g_zones)
    {
        auto it = firstBoot.find(z.node);
        firstBoot[z.node] = it == firstBoot.end() ? z.boot : std::min(it->second, z.boot);
    }
    PfhooksHelper pfhooks;
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        auto it = firstBoot.find(i);
        if (it == firstBoot.end() || it->second == 0)
        {
            pfhooks.Install(all.Get(i));
        }
    }
    for (uint32_t k = 0; k < nZones; ++k)
    {
        if (firstBoot.count(nNodes + k) == 0)
        {
            PfhooksZoneHelper::Install(zoneNodes.Get(k), true);
        }
    }
    for (const auto& [node, boot] : firstBoot)
    {
        PfhooksZoneHelper::Install(all.Get(node), boot == 0);
    }
    // In time order, so that each boot and halt finds the zone as the
    // earlier ones leave it.
    std::stable_sort(g_zones.begin(), g_zones.end(), [](const ZoneSpec& a, const ZoneSpec& b) {
        return a.boot < b.boot;
    });
    for (const auto& z : g_zones)
    {
        Ptr<Node> n = all.Get(z.node);
        int rv = 0;
        std::string what;
        if (z.boot > 0)
        {
            rv = PfhooksZoneHelper::ScheduleBoot(n, Seconds(z.boot));
            what = "boot at " + Sec(z.boot);
        }
        if (rv == 0 && z.halt >= 0)
        {
            rv = PfhooksZoneHelper::ScheduleHalt(n, Seconds(z.halt));
            what = "halt at " + Sec(z.halt);
        }
        if (rv != 0)
        {
            return Fail("--zone=" + z.text + ": the " + what + " of node " +
                        std::to_string(z.node) +
                        (rv == EALREADY ? " finds the zone " +
                                              std::string(what[0] == 'b' ? "booted" : "halted") +
                                              " already (another --zone overlaps)"
                                        : " is planned twice"));
        }
    }
    uint32_t churned = 0;
    if (churn > 0)
    {
        NodeContainer churning;
        for (uint32_t k = 0; k < nZones; ++k)
        {
            if (firstBoot.count(nNodes + k) == 0)
            {
                churning.Add(zoneNodes.Get(k));
            }
        }
        // Other attributes (the Draw) from the command line:
        // --ns3::PfhooksZoneChurn::Draw=ns3::ExponentialRandomVariable[Mean=1]
        Ptr<PfhooksZoneChurn> churner = CreateObject<PfhooksZoneChurn>();
        churner->SetAttribute("Stop", TimeValue(Seconds(duration)));
        churner->SetAttribute("Period", TimeValue(Seconds(churn)));
        churned = churner->Schedule(churning);
    }

    Ptr<PfhooksEchoPinger> pinger;
    Ptr<PacketSink> sink;
    if (traffic == "ping")
    {
        pinger = CreateObject<PfhooksEchoPinger>();
        pinger->SetAttribute("Remote", Ipv4AddressValue(target));
        pinger->SetAttribute("Count", UintegerValue(count));
        pinger->SetAttribute("Interval", TimeValue(Seconds(interval)));
        pinger->SetAttribute("Size", UintegerValue(size));
        nodes.Get(0)->AddApplication(pinger);
        pinger->SetStartTime(Seconds(1));
    }
    else if (traffic == "udp")
    {
        UdpClientHelper client(target, 9);
        client.SetAttribute("MaxPackets", UintegerValue(count));
        client.SetAttribute("Interval", TimeValue(Seconds(interval)));
        client.SetAttribute("PacketSize", UintegerValue(std::max<uint32_t>(size, 12)));
        client.Install(nodes.Get(0)).Start(Seconds(1));
        PacketSinkHelper sinkHelper("ns3::UdpSocketFactory",
                                    InetSocketAddress(Ipv4Address::GetAny(), 9));
        ApplicationContainer apps = sinkHelper.Install(nodes.Get(nNodes - 1));
        sink = DynamicCast<PacketSink>(apps.Get(0));
    }
    // Node 0 pings every extra zone as well: what a halted zone loses.
    std::vector<Ptr<PfhooksEchoPinger>> zonePingers;
    for (uint32_t k = 0; k < nZones && traffic != "none"; ++k)
    {
        Ptr<PfhooksEchoPinger> zp = CreateObject<PfhooksEchoPinger>();
        zp->SetAttribute("Remote", Ipv4AddressValue(zoneAddrs[k]));
        zp->SetAttribute("Count", UintegerValue(count));
        zp->SetAttribute("Interval", TimeValue(Seconds(interval)));
        zp->SetAttribute("Size", UintegerValue(size));
        // Every raw ICMP socket of node 0 hears every reply: one id each.
        zp->SetAttribute("Identifier", UintegerValue(0x7a00 + k));
        nodes.Get(0)->AddApplication(zp);
        zp->SetStartTime(Seconds(1));
        zonePingers.push_back(zp);
    }

    std::vector<Ptr<SolarisModule>> modules;
    for (const auto& spec : g_modules)
    {
        Ptr<SolarisModule> m = CreateObject<SolarisModule>();
        m->SetPath(spec.file);
        faults.ApplyTo(m);
        for (const auto& [mod, tv] : tunables)
        {
            if (mod == m->GetName())
            {
                m->SetTunable(tv.first, tv.second); // checked above
            }
        }
        m->ScheduleLoad(Seconds(spec.load));
        if (spec.unload >= 0)
        {
            m->ScheduleUnload(Seconds(spec.unload));
        }
        modules.push_back(m);
    }

    if (!pcap.empty())
    {
        if (link == "p2p")
        {
            p2p.EnablePcapAll(pcap);
        }
        else
        {
            csma.EnablePcapAll(pcap);
        }
    }

    measure.Start(Seconds(duration));
    g_devices.Schedule();
    Simulator::Stop(Seconds(duration));
    Simulator::Run();
    bool unwritten = measure.Finish(std::cout) != 0;

    std::cout << "--- traffic\n";
    if (pinger)
    {
        std::cout << "ping " << target << ": " << pinger->GetSent() << " requests, "
                  << pinger->GetReplies() << " replies\n";
        for (const auto& [seq, s] : pinger->GetSequences())
        {
            std::cout << "  seq " << seq << " at " << s.sent.As(Time::S) << ": " << s.replies
                      << " repl" << (s.replies == 1 ? "y" : "ies") << "\n";
        }
    }
    if (sink)
    {
        std::cout << "udp to " << target << ": " << count << " sent, "
                  << sink->GetTotalRx() / std::max<uint32_t>(size, 12) << " received\n";
    }
    if (!g_zones.empty() || nZones > 0)
    {
        std::cout << "--- zones";
        if (churn > 0)
        {
            std::cout << " (churn: " << churned << " boots and halts scheduled)";
        }
        std::cout << "\n";
        for (uint32_t i = 0; i < all.GetN(); ++i)
        {
            Ptr<PfhooksZone> zone = PfhooksZoneHelper::GetZone(all.Get(i));
            if (!zone)
            {
                continue;
            }
            std::cout << "zone node " << i << ": " << zone->GetBoots() << " boots, "
                      << zone->GetHalts() << " halts, " << (zone->IsBooted() ? "booted" : "halted")
                      << " at the end; netids";
            for (const auto& t : zone->GetHistory())
            {
                if (t.booted)
                {
                    std::cout << " " << t.netid;
                }
            }
            std::cout << "; frames dropped while halted: " << zone->GetHaltedRxDrops() << " in, "
                      << zone->GetHaltedTxDrops() << " out\n";
            for (const auto& t : zone->GetHistory())
            {
                std::cout << "  " << t.when.As(Time::S) << (t.booted ? " boot" : " halt")
                          << " netid " << t.netid << "\n";
            }
            if (i >= nNodes && !zonePingers.empty())
            {
                const Ptr<PfhooksEchoPinger>& zp = zonePingers[i - nNodes];
                std::cout << "  ping " << zoneAddrs[i - nNodes] << ": " << zp->GetSent()
                          << " requests, " << zp->GetReplies() << " replies\n";
            }
        }
    }
    std::cout << "--- packet counters (inet)\n"
              << "node  PHYSICAL_IN acc/rew/drop/inj  PHYSICAL_OUT acc/rew/drop/inj\n";
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(all.Get(i));
        std::cout << std::setw(4) << i;
        for (PfhooksEvent e : {PFH_PHYSICAL_IN, PFH_PHYSICAL_OUT})
        {
            const PfhooksIpInstance::Counters& c = ip->GetCounters(PFH_INET, e);
            std::cout << "  " << std::setw(28)
                      << (std::to_string(c.accepted) + "/" + std::to_string(c.rewritten) + "/" +
                          std::to_string(c.dropped) + "/" + std::to_string(c.injected));
        }
        std::cout << "\n";
    }
    for (uint32_t i = 0; i < all.GetN(); ++i)
    {
        for (const auto& [why, n] : PfhooksHelper::GetInstance(all.Get(i))->GetDropReasons())
        {
            std::cout << "node " << i << " dropped " << n << " datagram(s) left malformed: " << why
                      << "\n";
        }
    }
    bool failed = false;
    if (!kstats.empty())
    {
        // Before the modules' reports: hooks of modules still loaded are in it.
        if (PfhooksHelper::WriteKstats(kstats, kstatFormat) != 0)
        {
            std::cerr << "error: --kstats=" << kstats << ": cannot write it" << std::endl;
            failed = true; // the modules' reports still follow
        }
        else
        {
            std::cout << "kstats written to " << kstats << "\n";
        }
    }
    if (!reportFile.empty())
    {
        std::vector<Ptr<PfhooksEchoPinger>> pingers;
        if (pinger)
        {
            pingers.push_back(pinger);
        }
        pingers.insert(pingers.end(), zonePingers.begin(), zonePingers.end());
        std::ostringstream udpTarget;
        if (sink)
        {
            udpTarget << target;
        }
        PfhooksReport& report = measure.GetReport();
        report.SetSection(
            "traffic",
            TrafficJson(pingers,
                        udpTarget.str(),
                        sink ? count : 0,
                        sink ? sink->GetTotalRx() / std::max<uint32_t>(size, 12) : 0));
        std::string why = report.Write(reportFile);
        if (!why.empty())
        {
            std::cerr << "error: --report: " << why << std::endl;
            failed = true; // the modules' reports still follow
        }
        else
        {
            std::cout << "report written to " << reportFile << "\n";
        }
    }
    if (!g_devices.GetResults().empty())
    {
        std::cout << "--- devices\n";
        for (const auto& line : g_devices.GetResults())
        {
            std::cout << line << "\n";
        }
    }
    std::cout << "--- modules\n";
    for (const auto& m : modules)
    {
        std::cout << m->GetReport();
        failed = failed || m->GetState() == SolarisModule::FAILED;
    }
    Simulator::Destroy();
    return failed || unwritten ? 1 : 0;
}
