/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The scenario schema (doc/scenarios.md): yaml-cpp reads the file, --set
 * overrides scalars in the tree, then every key is checked here.  Errors
 * carry yaml-cpp's Mark, so they name file:line:column and the key.
 */
#include "pfhooks-scenario-spec.h"

#include "pfhooks-scenario-devices.h"
#include "pfhooks-scenario-expect.h"
#include "pfhooks-scenario-yaml.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

namespace ns3
{
namespace
{

const std::regex kRate("[0-9]+(\\.[0-9]+)?(bps|kbps|Kbps|Mbps|Gbps)");
const std::regex kDelay("[0-9]+(\\.[0-9]+)?(s|ms|us|ns)");

std::string
FindModule(const std::string& file,
           const std::string& scenarioFile,
           const std::vector<std::string>& dirs)
{
    std::vector<std::string> candidates;
    if (!file.empty() && file[0] == '/')
    {
        candidates.push_back(file);
    }
    else
    {
        candidates.push_back(file);
        std::string::size_type slash = scenarioFile.rfind('/');
        if (slash != std::string::npos)
        {
            candidates.push_back(scenarioFile.substr(0, slash + 1) + file);
        }
        for (const auto& d : dirs)
        {
            candidates.push_back(d + "/" + file);
        }
    }
    for (const auto& c : candidates)
    {
        if (access(c.c_str(), R_OK) == 0)
        {
            return c;
        }
    }
    return "";
}

void
ReadTopology(const YAML::Node& root, ScenarioYamlReader& r, ScenarioSpec* s)
{
    YAML::Node links = root["links"];
    YAML::Node none(YAML::NodeType::Map);
    if (links)
    {
        r.Keys(links, "links", {"type", "rate", "delay"});
    }
    const YAML::Node& l = links ? links : none;
    std::string type = r.OneOf(l, "links", "type", "p2p", {"p2p", "csma"});
    std::string rate = r.Pattern(l, "links", "rate", "100Mbps", kRate, "a rate such as 100Mbps");
    std::string delay = r.Pattern(l, "links", "delay", "1ms", kDelay, "a time such as 2ms");

    YAML::Node t = root["topology"];
    if (!t)
    {
        r.Fail(root, "topology", "missing (required)");
    }
    r.Keys(t, "topology", {"kind", "nodes", "links", "bottleneck"});
    s->topology =
        r.OneOf(t, "topology", "kind", "", {"chain", "star", "dumbbell", "lan", "explicit"});
    YAML::Node nodes = t["nodes"];
    if (!nodes)
    {
        r.Fail(t, "topology.nodes", "missing (required)");
    }
    if ((t["links"] && s->topology != "explicit") || (t["bottleneck"] && s->topology != "dumbbell"))
    {
        r.Fail(t[t["links"] ? "links" : "bottleneck"],
               t["links"] ? "topology.links" : "topology.bottleneck",
               "not for a " + s->topology + " topology");
    }
    auto add = [&](std::vector<uint32_t> n,
                   const std::string& ty,
                   const std::string& ra,
                   const std::string& de) {
        s->links.push_back({std::move(n), ty, ra, de});
    };
    uint32_t n = 0;
    if (s->topology == "explicit" && nodes.IsSequence())
    {
        for (std::size_t i = 0; i < nodes.size(); ++i)
        {
            std::string name = r.As<std::string>(nodes[i], "topology.nodes", "a node name");
            if (std::find(s->nodeNames.begin(), s->nodeNames.end(), name) != s->nodeNames.end() ||
                std::regex_match(name, std::regex("[0-9]+")))
            {
                r.Fail(nodes[i],
                       "topology.nodes." + std::to_string(i),
                       "node names are unique and not numbers");
            }
            s->nodeNames.push_back(name);
        }
        n = s->nodeNames.size();
        if (n < 2 || n > 256)
        {
            r.Fail(nodes, "topology.nodes", "2..256 nodes");
        }
    }
    else
    {
        int64_t lo = s->topology == "star" || s->topology == "dumbbell" ? 1 : 2;
        n = static_cast<uint32_t>(r.IntegerOf(nodes, "topology.nodes", lo, 126));
    }
    if (s->topology == "chain")
    {
        for (uint32_t i = 0; i + 1 < n; ++i)
        {
            add({i, i + 1}, type, rate, delay);
        }
    }
    else if (s->topology == "star")
    {
        for (uint32_t i = 1; i <= n; ++i)
        {
            add({0, i}, type, rate, delay);
        }
        n += 1;
    }
    else if (s->topology == "dumbbell")
    {
        YAML::Node b = t["bottleneck"];
        std::string brate = rate;
        std::string bdelay = delay;
        if (b)
        {
            r.Keys(b, "topology.bottleneck", {"rate", "delay"});
            brate = r.Pattern(b, "topology.bottleneck", "rate", rate, kRate, "a rate");
            bdelay = r.Pattern(b, "topology.bottleneck", "delay", delay, kDelay, "a time");
        }
        add({0, 1}, "p2p", brate, bdelay);
        for (uint32_t i = 0; i < n; ++i)
        {
            add({0, 2 + i}, type, rate, delay);
            add({1, 2 + n + i}, type, rate, delay);
        }
        n = 2 + 2 * n;
    }
    else if (s->topology == "lan")
    {
        std::vector<uint32_t> all;
        for (uint32_t i = 0; i < n; ++i)
        {
            all.push_back(i);
        }
        add(all, "csma", rate, delay);
    }
    if (s->nodeNames.empty())
    {
        for (uint32_t i = 0; i < n; ++i)
        {
            s->nodeNames.push_back("n" + std::to_string(i));
        }
    }
    r.m_nodeNames = s->nodeNames;
    if (s->topology == "explicit")
    {
        YAML::Node ls = t["links"];
        if (!ls || !ls.IsSequence() || ls.size() == 0)
        {
            r.Fail(ls ? ls : t, "topology.links", "expected a non-empty list of links");
        }
        for (std::size_t i = 0; i < ls.size(); ++i)
        {
            std::string p = "topology.links." + std::to_string(i);
            r.Keys(ls[i], p, {"nodes", "type", "rate", "delay"});
            if (!ls[i]["nodes"])
            {
                r.Fail(ls[i], p + ".nodes", "missing (required)");
            }
            std::vector<uint32_t> ns = r.NodeList(ls[i]["nodes"], p + ".nodes");
            std::string ty = r.OneOf(ls[i], p, "type", type, {"p2p", "csma"});
            if (ns.size() < 2 || (ty == "p2p" && ns.size() != 2))
            {
                r.Fail(ls[i]["nodes"],
                       p + ".nodes",
                       ty == "p2p" ? "a p2p link joins exactly 2 nodes" : "at least 2 nodes");
            }
            add(ns,
                ty,
                r.Pattern(ls[i], p, "rate", rate, kRate, "a rate"),
                r.Pattern(ls[i], p, "delay", delay, kDelay, "a time"));
        }
    }
}

void
ReadFlows(const YAML::Node& root, ScenarioYamlReader& r, ScenarioSpec* s)
{
    YAML::Node tr = root["traffic"];
    if (!tr)
    {
        return;
    }
    if (!tr.IsSequence())
    {
        r.Fail(tr, "traffic", "expected a list of flows");
    }
    for (std::size_t i = 0; i < tr.size(); ++i)
    {
        std::string p = "traffic." + std::to_string(i);
        const YAML::Node& f = tr[i];
        r.Keys(
            f,
            p,
            {"name", "kind", "family", "from", "to", "start", "count", "interval", "size", "port"});
        ScenarioFlowSpec fl;
        fl.kind = r.OneOf(f, p, "kind", "", {"ping", "udp", "tcp"});
        fl.name = r.String(f, p, "name", fl.kind + std::to_string(i));
        for (const auto& o : s->flows)
        {
            if (o.name == fl.name)
            {
                r.Fail(f["name"], p + ".name", "flow name used twice");
            }
        }
        fl.v6 = r.OneOf(f, p, "family", "inet", {"inet", "inet6"}) == "inet6";
        if ((fl.v6 && !s->ipv6) || (!fl.v6 && !s->ipv4))
        {
            r.Fail(f,
                   p + ".family",
                   std::string("needs addressing.") + (fl.v6 ? "ipv6" : "ipv4") + ": true");
        }
        fl.from = r.NodeKey(f, p, "from");
        fl.to = r.NodeKey(f, p, "to");
        if (fl.from == fl.to && fl.kind == "tcp")
        {
            r.Fail(f["to"], p + ".to", "a TCP flow needs two different nodes");
        }
        fl.start = r.Number(f, p, "start", 1, 0, 1e6);
        fl.count = static_cast<uint32_t>(r.Integer(f, p, "count", 5, 1, 100000));
        fl.interval = r.Number(f, p, "interval", fl.kind == "tcp" ? 0 : 1, 0, 1e6);
        if (fl.kind != "tcp" && !(fl.interval > 0))
        {
            r.Fail(f["interval"], p + ".interval", "must be > 0");
        }
        int64_t minSize = fl.kind == "ping" ? 0 : (fl.kind == "udp" ? 12 : 1);
        fl.size = static_cast<uint32_t>(
            r.Integer(f, p, "size", fl.kind == "ping" ? 56 : 512, minSize, 1400));
        if (f["port"] && fl.kind == "ping")
        {
            r.Fail(f["port"], p + ".port", "a ping has no port");
        }
        fl.port = static_cast<uint16_t>(r.Integer(f, p, "port", 9 + i, 1, 65535));
        s->flows.push_back(fl);
    }
}

void
ReadModules(const YAML::Node& root,
            ScenarioYamlReader& r,
            ScenarioSpec* s,
            const std::vector<std::string>& dirs)
{
    YAML::Node ms = root["modules"];
    if (!ms)
    {
        return;
    }
    if (!ms.IsSequence())
    {
        r.Fail(ms, "modules", "expected a list of modules");
    }
    for (std::size_t i = 0; i < ms.size(); ++i)
    {
        std::string p = "modules." + std::to_string(i);
        r.Keys(ms[i], p, {"file", "load", "unload", "kmem-faults"});
        ScenarioModuleSpec m;
        m.file = r.String(ms[i], p, "file", "", true);
        m.path = FindModule(m.file, r.m_file, dirs);
        if (m.path.empty())
        {
            std::string where = "the current directory, the scenario's";
            for (const auto& d : dirs)
            {
                where += ", " + d;
            }
            r.Fail(ms[i]["file"],
                   p + ".file",
                   "no module " + m.file + " (looked in " + where + ")");
        }
        m.load = r.Number(ms[i], p, "load", 0, 0, 1e6);
        m.unload = r.Number(ms[i], p, "unload", -1, -1, 1e6);
        if (ms[i]["unload"] && !(m.unload > m.load))
        {
            r.Fail(ms[i]["unload"], p + ".unload", "must be later than load");
        }
        YAML::Node kf = ms[i]["kmem-faults"];
        if (kf)
        {
            std::string q = p + ".kmem-faults";
            r.Keys(kf, q, {"probability", "nth", "all"});
            m.faultProbability = r.Number(kf, q, "probability", 0, 0, 1);
            m.faultNth = static_cast<uint64_t>(r.Integer(kf, q, "nth", 0, 1, INT64_MAX));
            m.faultAll = r.Bool(kf, q, "all", false);
        }
        s->modules.push_back(m);
    }
}

int
Protocol(const YAML::Node& n, const std::string& key, ScenarioYamlReader& r)
{
    static const std::map<std::string, int> names = {{"icmp", 1},
                                                     {"tcp", 6},
                                                     {"udp", 17},
                                                     {"icmp6", 58}};
    auto it = names.find(n.IsScalar() ? n.Scalar() : "");
    if (it != names.end())
    {
        return it->second;
    }
    if (n.IsScalar() && std::regex_match(n.Scalar(), std::regex("[0-9]+")))
    {
        return static_cast<int>(r.IntegerOf(n, key, 0, 255));
    }
    r.Fail(n, key, "expected icmp, tcp, udp, icmp6 or a protocol number");
}

void
ReadHooks(const YAML::Node& root, ScenarioYamlReader& r, ScenarioSpec* s)
{
    YAML::Node hs = root["hooks"];
    if (!hs)
    {
        return;
    }
    if (!hs.IsSequence())
    {
        r.Fail(hs, "hooks", "expected a list of hooks");
    }
    for (std::size_t i = 0; i < hs.size(); ++i)
    {
        std::string p = "hooks." + std::to_string(i);
        const YAML::Node& h = hs[i];
        r.Keys(h,
               p,
               {"name",
                "nodes",
                "family",
                "event",
                "match",
                "action",
                "field",
                "value",
                "style",
                "next-hop",
                "limit",
                "start",
                "stop"});
        ScenarioHookSpec k;
        k.name = r.String(h, p, "name", "scenario-hook-" + std::to_string(i));
        for (const auto& o : s->hooks)
        {
            if (o.name == k.name)
            {
                r.Fail(h["name"], p + ".name", "hook name used twice");
            }
        }
        k.nodes =
            h["nodes"] ? r.NodeList(h["nodes"], p + ".nodes") : r.NodeList(YAML::Node("all"), "");
        k.family = r.OneOf(h, p, "family", "inet", {"inet", "inet6", "arp"});
        k.event =
            r.OneOf(h,
                    p,
                    "event",
                    "",
                    {"PHYSICAL_IN", "PHYSICAL_OUT", "FORWARDING", "LOOPBACK_IN", "LOOPBACK_OUT"});
        if (k.family == "arp" && k.event != "PHYSICAL_IN" && k.event != "PHYSICAL_OUT")
        {
            r.Fail(h["event"],
                   p + ".event",
                   "the arp family has PHYSICAL_IN and PHYSICAL_OUT only");
        }
        if ((k.family == "inet6" && !s->ipv6) || (k.family == "inet" && !s->ipv4))
        {
            r.Fail(h["family"], p + ".family", "the scenario has no addresses of that family");
        }
        YAML::Node m = h["match"];
        if (m)
        {
            std::string q = p + ".match";
            r.Keys(
                m,
                q,
                {"protocol", "src", "dst", "src-node", "dst-node", "sport", "dport", "icmp-type"});
            if (k.family == "arp" && m.size() > 0)
            {
                r.Fail(m, q, "an arp hook matches every ARP packet (no match keys)");
            }
            if (m["protocol"])
            {
                k.match.protocol = Protocol(m["protocol"], q + ".protocol", r);
            }
            k.match.src = r.String(m, q, "src", "");
            k.match.dst = r.String(m, q, "dst", "");
            if (m["src-node"])
            {
                k.match.srcNode = r.NodeRef(m["src-node"], q + ".src-node");
            }
            if (m["dst-node"])
            {
                k.match.dstNode = r.NodeRef(m["dst-node"], q + ".dst-node");
            }
            k.match.sport = static_cast<int32_t>(r.Integer(m, q, "sport", -1, 0, 65535));
            k.match.dport = static_cast<int32_t>(r.Integer(m, q, "dport", -1, 0, 65535));
            k.match.icmpType = static_cast<int32_t>(r.Integer(m, q, "icmp-type", -1, 0, 255));
        }
        k.action = r.OneOf(h, p, "action", "accept", {"accept", "drop", "rewrite", "inject"});
        if (k.family == "arp" && (k.action == "rewrite" || k.action == "inject"))
        {
            r.Fail(h["action"], p + ".action", "an arp hook can accept or drop only");
        }
        auto only = [&](const char* key, const char* action) {
            if (h[key] && k.action != action)
            {
                r.Fail(h[key], p + "." + key, std::string("only with action: ") + action);
            }
        };
        only("field", "rewrite");
        only("value", "rewrite");
        only("style", "inject");
        only("next-hop", "inject");
        if (k.action == "rewrite")
        {
            std::vector<std::string> fields =
                k.family == "inet" ? std::vector<std::string>{"ttl", "tos", "sport", "dport"}
                                   : std::vector<std::string>{"hlim", "tclass", "sport", "dport"};
            k.field = r.OneOf(h, p, "field", "", fields);
            bool port = k.field == "sport" || k.field == "dport";
            k.value = static_cast<uint32_t>(r.Integer(h, p, "value", 0, 0, port ? 65535 : 255));
            if (!h["value"])
            {
                r.Fail(h, p + ".value", "missing (required for rewrite)");
            }
        }
        if (k.action == "inject")
        {
            k.style = r.OneOf(h, p, "style", "", {"NI_QUEUE_IN", "NI_QUEUE_OUT", "NI_DIRECT_OUT"});
            k.nextHop = r.String(h, p, "next-hop", "");
        }
        k.limit = static_cast<uint64_t>(r.Integer(h, p, "limit", 0, 0, INT64_MAX));
        k.start = r.Number(h, p, "start", 0, 0, 1e6);
        k.stop = r.Number(h, p, "stop", -1, 0, 1e6);
        if (h["stop"] && !(k.stop > k.start))
        {
            r.Fail(h["stop"], p + ".stop", "must be later than start");
        }
        s->hooks.push_back(k);
    }
}

void
ReadZones(const YAML::Node& root, ScenarioYamlReader& r, ScenarioSpec* s)
{
    YAML::Node zs = root["zones"];
    if (zs)
    {
        if (!zs.IsSequence())
        {
            r.Fail(zs, "zones", "expected a list of zone plans");
        }
        for (std::size_t i = 0; i < zs.size(); ++i)
        {
            std::string p = "zones." + std::to_string(i);
            r.Keys(zs[i], p, {"node", "boot", "halt"});
            ScenarioZoneSpec z;
            z.node = r.NodeKey(zs[i], p, "node");
            z.boot = r.Number(zs[i], p, "boot", 0, 0, 1e6);
            z.halt = r.Number(zs[i], p, "halt", -1, 0, 1e6);
            if (zs[i]["halt"] && !(z.halt > z.boot))
            {
                r.Fail(zs[i]["halt"], p + ".halt", "must be later than boot");
            }
            for (const auto& o : s->zones)
            {
                // Plans of one node follow each other: a boot after the last halt.
                if (o.node == z.node && (o.halt < 0 || z.boot <= o.halt) &&
                    (z.halt < 0 || o.boot <= z.halt))
                {
                    r.Fail(zs[i], p, "overlaps another plan of node " + std::to_string(z.node));
                }
            }
            s->zones.push_back(z);
        }
    }
    YAML::Node c = root["churn"];
    if (c)
    {
        r.Keys(c, "churn", {"nodes", "period", "start"});
        if (!c["nodes"] || !c["period"])
        {
            r.Fail(c, "churn", "needs nodes and period");
        }
        s->churn.nodes = r.NodeList(c["nodes"], "churn.nodes");
        s->churn.period = r.Number(c, "churn", "period", 0, 0.001, 1e6);
        s->churn.start = r.Number(c, "churn", "start", 0, 0, 1e6);
        for (uint32_t node : s->churn.nodes)
        {
            for (const auto& z : s->zones)
            {
                if (z.node == node)
                {
                    r.Fail(c["nodes"],
                           "churn.nodes",
                           "node " + std::to_string(node) + " has a zone plan already");
                }
            }
        }
    }
}

} // namespace

ScenarioSpec
LoadScenarioSpec(const std::string& file,
                 const std::vector<std::string>& sets,
                 const std::vector<std::string>& moduleDirs)
{
    ScenarioYamlReader r(file);
    YAML::Node root;
    try
    {
        root = YAML::LoadFile(file);
    }
    catch (const YAML::BadFile&)
    {
        throw ScenarioError(file + ": cannot read the file");
    }
    catch (const YAML::Exception& e)
    {
        std::ostringstream os;
        os << file << ":" << e.mark.line + 1 << ":" << e.mark.column + 1 << ": " << e.msg;
        throw ScenarioError(os.str());
    }
    if (!root.IsMap())
    {
        r.Fail(root, "", "a scenario is a mapping (name, topology, traffic, ...)");
    }
    for (const auto& set : sets)
    {
        ApplyScenarioSet(root, set, r);
    }
    r.Keys(root,
           "",
           {"name",
            "description",
            "tags",
            "run",
            "topology",
            "links",
            "addressing",
            "flow-monitor",
            "traffic",
            "modules",
            "hooks",
            "zones",
            "churn",
            "devices",
            "expect"});
    ScenarioSpec s;
    s.file = file;
    s.name = r.String(root, "", "name", "", true);
    s.description = r.String(root, "", "description", "");
    if (root["tags"])
    {
        if (!root["tags"].IsSequence())
        {
            r.Fail(root["tags"], "tags", "expected a list such as [fast]");
        }
        for (std::size_t i = 0; i < root["tags"].size(); ++i)
        {
            s.tags.push_back(
                r.As<std::string>(root["tags"][i], "tags." + std::to_string(i), "a tag"));
        }
    }
    YAML::Node run = root["run"];
    YAML::Node none(YAML::NodeType::Map);
    if (run)
    {
        r.Keys(run, "run", {"duration", "seed", "run", "timeout"});
    }
    const YAML::Node& rn = run ? run : none;
    s.duration = r.Number(rn, "run", "duration", 10, 0.001, 1e6);
    s.seed = static_cast<uint32_t>(r.Integer(rn, "run", "seed", 1, 1, UINT32_MAX));
    s.run = static_cast<uint64_t>(r.Integer(rn, "run", "run", 1, 0, INT64_MAX));
    s.timeout = r.Number(rn, "run", "timeout", 60, 0.001, 86400);
    YAML::Node a = root["addressing"];
    if (a)
    {
        r.Keys(a, "addressing", {"ipv4", "ipv6"});
    }
    s.ipv4 = r.Bool(a ? a : none, "addressing", "ipv4", true);
    s.ipv6 = r.Bool(a ? a : none, "addressing", "ipv6", false);
    if (!s.ipv4 && !s.ipv6)
    {
        r.Fail(a, "addressing", "ipv4, ipv6 or both");
    }
    s.flowMonitor = r.Bool(root, "", "flow-monitor", false);
    ReadTopology(root, r, &s);
    ReadFlows(root, r, &s);
    if (s.flowMonitor)
    {
        // ns-3 3.37's classifiers number their flows each from 1, and the
        // monitor keys its figures by that number alone.
        bool v4 = false;
        bool v6 = false;
        for (const auto& f : s.flows)
        {
            v4 = v4 || (f.kind != "ping" && !f.v6);
            v6 = v6 || (f.kind != "ping" && f.v6);
        }
        if (v4 && v6)
        {
            r.Fail(root["flow-monitor"],
                   "flow-monitor",
                   "needs the UDP and TCP flows in one family (ns-3 3.37's FlowMonitor "
                   "mixes up the flow ids of IPv4 and IPv6)");
        }
    }
    ReadModules(root, r, &s, moduleDirs);
    ReadHooks(root, r, &s);
    ReadZones(root, r, &s);
    ReadScenarioDevices(root, r, &s);
    ReadScenarioExpects(root, r, &s);
    s.parameters = ScenarioYamlToJson(root).dump();
    return s;
}

} // namespace ns3
