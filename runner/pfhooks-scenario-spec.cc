/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The scenario schema (doc/scenarios.md): yaml-cpp reads the file, --set
 * overrides scalars in the tree, then every key is checked here.  Errors
 * carry yaml-cpp's Mark, so they name file:line:column and the key.
 */
#include "pfhooks-scenario-spec.h"

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

/// Reads one scenario tree; knows its file and which keys --set changed.
class Reader
{
  public:
    explicit Reader(std::string file)
        : m_file(std::move(file))
    {
    }

    std::string m_file;                   //!< for messages
    std::set<std::string> m_overridden;   //!< dotted paths set by --set
    std::vector<std::string> m_nodeNames; //!< for node references

    /// Bad input at a node: FILE:LINE:COL: KEY: WHAT.
    [[noreturn]] void Fail(const YAML::Node& at,
                           const std::string& key,
                           const std::string& what) const
    {
        std::ostringstream os;
        if (m_overridden.count(key))
        {
            os << m_file << ": --set " << key << ": " << what;
        }
        else
        {
            YAML::Mark m = at.IsDefined() ? at.Mark() : YAML::Mark::null_mark();
            os << m_file;
            if (!m.is_null())
            {
                os << ":" << m.line + 1 << ":" << m.column + 1;
            }
            os << ": " << (key.empty() ? "(top level)" : key) << ": " << what;
        }
        throw ScenarioError(os.str());
    }

    /// A mapping whose keys are all among `allowed`.
    void Keys(const YAML::Node& n, const std::string& path, const std::vector<std::string>& allowed)
    {
        if (!n.IsMap())
        {
            Fail(n, path, "expected a mapping");
        }
        for (const auto& kv : n)
        {
            std::string k = kv.first.Scalar();
            if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
            {
                std::string list;
                for (const auto& a : allowed)
                {
                    list += (list.empty() ? "" : ", ") + a;
                }
                Fail(kv.first, Join(path, k), "unknown key (expected one of: " + list + ")");
            }
        }
    }

    static std::string Join(const std::string& path, const std::string& key)
    {
        return path.empty() ? key : path + "." + key;
    }

    template <typename T>
    T As(const YAML::Node& n, const std::string& key, const char* what)
    {
        if (!n.IsScalar())
        {
            Fail(n, key, std::string("expected ") + what);
        }
        try
        {
            return n.as<T>();
        }
        catch (const YAML::Exception&)
        {
            Fail(n, key, std::string("expected ") + what + ", got \"" + n.Scalar() + "\"");
        }
    }

    double Number(const YAML::Node& map,
                  const std::string& path,
                  const std::string& key,
                  double def,
                  double lo,
                  double hi)
    {
        YAML::Node n = map[key];
        if (!n)
        {
            return def;
        }
        auto v = As<double>(n, Join(path, key), "a number");
        if (!(v >= lo && v <= hi))
        {
            std::ostringstream os;
            os << "must be in " << lo << ".." << hi << ", got " << n.Scalar();
            Fail(n, Join(path, key), os.str());
        }
        return v;
    }

    int64_t Integer(const YAML::Node& map,
                    const std::string& path,
                    const std::string& key,
                    int64_t def,
                    int64_t lo,
                    int64_t hi)
    {
        YAML::Node n = map[key];
        if (!n)
        {
            return def;
        }
        return IntegerOf(n, Join(path, key), lo, hi);
    }

    int64_t IntegerOf(const YAML::Node& n, const std::string& key, int64_t lo, int64_t hi)
    {
        auto v = As<int64_t>(n, key, "an integer");
        if (v < lo || v > hi)
        {
            Fail(n,
                 key,
                 "must be in " + std::to_string(lo) + ".." + std::to_string(hi) + ", got " +
                     n.Scalar());
        }
        return v;
    }

    bool Bool(const YAML::Node& map, const std::string& path, const std::string& key, bool def)
    {
        YAML::Node n = map[key];
        return n ? As<bool>(n, Join(path, key), "true or false") : def;
    }

    std::string String(const YAML::Node& map,
                       const std::string& path,
                       const std::string& key,
                       const std::string& def,
                       bool required = false)
    {
        YAML::Node n = map[key];
        if (!n)
        {
            if (required)
            {
                Fail(map, Join(path, key), "missing (required)");
            }
            return def;
        }
        return As<std::string>(n, Join(path, key), "a string");
    }

    std::string OneOf(const YAML::Node& map,
                      const std::string& path,
                      const std::string& key,
                      const std::string& def,
                      const std::vector<std::string>& choices)
    {
        std::string v = String(map, path, key, def, def.empty());
        if (std::find(choices.begin(), choices.end(), v) == choices.end())
        {
            std::string list;
            for (const auto& c : choices)
            {
                list += (list.empty() ? "" : ", ") + c;
            }
            Fail(map[key], Join(path, key), "expected one of " + list + ", got \"" + v + "\"");
        }
        return v;
    }

    /// A string matching `re` (rates, delays).
    std::string Pattern(const YAML::Node& map,
                        const std::string& path,
                        const std::string& key,
                        const std::string& def,
                        const std::regex& re,
                        const char* what)
    {
        std::string v = String(map, path, key, def);
        if (!std::regex_match(v, re))
        {
            Fail(map[key],
                 Join(path, key),
                 std::string("expected ") + what + ", got \"" + v + "\"");
        }
        return v;
    }

    /// A node by index or name.
    uint32_t NodeRef(const YAML::Node& n, const std::string& key)
    {
        if (!n.IsScalar())
        {
            Fail(n, key, "expected a node (index or name)");
        }
        auto it = std::find(m_nodeNames.begin(), m_nodeNames.end(), n.Scalar());
        if (it != m_nodeNames.end())
        {
            return static_cast<uint32_t>(it - m_nodeNames.begin());
        }
        if (!m_nodeNames.empty() && std::regex_match(n.Scalar(), std::regex("[0-9]+")))
        {
            return static_cast<uint32_t>(IntegerOf(n, key, 0, m_nodeNames.size() - 1));
        }
        Fail(n,
             key,
             "no node \"" + n.Scalar() + "\" (nodes 0.." + std::to_string(m_nodeNames.size() - 1) +
                 " or their names)");
    }

    uint32_t NodeKey(const YAML::Node& map, const std::string& path, const std::string& key)
    {
        if (!map[key])
        {
            Fail(map, Join(path, key), "missing (required)");
        }
        return NodeRef(map[key], Join(path, key));
    }

    std::vector<uint32_t> NodeList(const YAML::Node& n, const std::string& key)
    {
        std::vector<uint32_t> out;
        if (n.IsScalar() && n.Scalar() == "all")
        {
            for (uint32_t i = 0; i < m_nodeNames.size(); ++i)
            {
                out.push_back(i);
            }
            return out;
        }
        if (!n.IsSequence() || n.size() == 0)
        {
            Fail(n, key, "expected a non-empty list of nodes, or all");
        }
        for (std::size_t i = 0; i < n.size(); ++i)
        {
            uint32_t v = NodeRef(n[i], key + "." + std::to_string(i));
            if (std::find(out.begin(), out.end(), v) != out.end())
            {
                Fail(n[i], key + "." + std::to_string(i), "node listed twice");
            }
            out.push_back(v);
        }
        return out;
    }

    /// An integer or {min, max}.
    ScenarioRange Range(const YAML::Node& n, const std::string& key)
    {
        ScenarioRange r;
        if (n.IsMap())
        {
            Keys(n, key, {"min", "max"});
            r.min = Integer(n, key, "min", 0, 0, INT64_MAX);
            r.max = Integer(n, key, "max", INT64_MAX, 0, INT64_MAX);
            if (r.min > r.max)
            {
                Fail(n, key, "min is larger than max");
            }
            return r;
        }
        r.min = r.max = IntegerOf(n, key, 0, INT64_MAX);
        return r;
    }
};

const std::regex kRate("[0-9]+(\\.[0-9]+)?(bps|kbps|Kbps|Mbps|Gbps)");
const std::regex kDelay("[0-9]+(\\.[0-9]+)?(s|ms|us|ns)");

/// --set KEY=VALUE on the tree.
void
ApplySet(YAML::Node root, const std::string& set, Reader& r)
{
    std::string::size_type eq = set.find('=');
    if (eq == std::string::npos || eq == 0)
    {
        throw ScenarioError(r.m_file + ": --set=" + set + ": expected KEY=VALUE");
    }
    std::string key = set.substr(0, eq);
    std::string value = set.substr(eq + 1);
    std::vector<std::string> parts;
    std::stringstream ss(key);
    for (std::string p; std::getline(ss, p, '.');)
    {
        parts.push_back(p);
    }
    YAML::Node cur = root;
    for (std::size_t i = 0; i < parts.size(); ++i)
    {
        const std::string& p = parts[i];
        bool last = i + 1 == parts.size();
        YAML::Node next;
        if (cur.IsSequence())
        {
            if (!std::regex_match(p, std::regex("[0-9]+")) || std::stoul(p) >= cur.size())
            {
                throw ScenarioError(r.m_file + ": --set " + key + ": no element " + p + " (" +
                                    std::to_string(cur.size()) + " in the list)");
            }
            next = cur[std::stoul(p)];
        }
        else if (cur.IsMap())
        {
            if (!cur[p] && !last)
            {
                throw ScenarioError(r.m_file + ": --set " + key + ": no key " + p);
            }
            next = cur[p];
        }
        else
        {
            throw ScenarioError(r.m_file + ": --set " + key + ": " + p +
                                " is below a scalar, not a mapping or list");
        }
        if (last)
        {
            if (next && !next.IsScalar())
            {
                throw ScenarioError(r.m_file + ": --set " + key +
                                    ": not a scalar (only scalars can be set)");
            }
            next = value;
        }
        cur.reset(next); // rebinds; operator= would overwrite cur's content
    }
    r.m_overridden.insert(key);
}

/// The tree as JSON: numbers and booleans as such, the rest strings.
nlohmann::json
ToJson(const YAML::Node& n)
{
    if (n.IsMap())
    {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& kv : n)
        {
            j[kv.first.Scalar()] = ToJson(kv.second);
        }
        return j;
    }
    if (n.IsSequence())
    {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& e : n)
        {
            j.push_back(ToJson(e));
        }
        return j;
    }
    if (!n.IsScalar())
    {
        return nullptr;
    }
    const std::string& s = n.Scalar();
    if (std::regex_match(s, std::regex("-?[0-9]+")))
    {
        return std::stoll(s);
    }
    if (std::regex_match(s, std::regex("-?[0-9]*\\.[0-9]+([eE][-+]?[0-9]+)?")))
    {
        return std::stod(s);
    }
    if (s == "true" || s == "false")
    {
        return s == "true";
    }
    return s;
}

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
ReadTopology(const YAML::Node& root, Reader& r, ScenarioSpec* s)
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
ReadFlows(const YAML::Node& root, Reader& r, ScenarioSpec* s)
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
            Reader& r,
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
Protocol(const YAML::Node& n, const std::string& key, Reader& r)
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
ReadHooks(const YAML::Node& root, Reader& r, ScenarioSpec* s)
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
ReadZones(const YAML::Node& root, Reader& r, ScenarioSpec* s)
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

void
ReadExpects(const YAML::Node& root, Reader& r, ScenarioSpec* s)
{
    YAML::Node es = root["expect"];
    if (!es)
    {
        return;
    }
    if (!es.IsSequence())
    {
        r.Fail(es, "expect", "expected a list of expectations");
    }
    auto flowOf = [&](const YAML::Node& n, const std::string& key, const char* kind) {
        std::string name = r.As<std::string>(n, key, "a flow name");
        for (const auto& f : s->flows)
        {
            if (f.name == name && (std::string(kind).empty() || f.kind == kind))
            {
                return name;
            }
        }
        r.Fail(n, key, std::string("no ") + (*kind ? kind : "flow") + " flow named " + name);
    };
    for (std::size_t i = 0; i < es.size(); ++i)
    {
        std::string p = "expect." + std::to_string(i);
        const YAML::Node& e = es[i];
        if (!e.IsMap())
        {
            r.Fail(e, p, "expected a mapping");
        }
        ScenarioExpectSpec x;
        std::string given = r.String(e, p, "name", "");
        std::vector<ScenarioExpectSpec> out;
        if (e["ping"])
        {
            r.Keys(e, p, {"name", "ping", "replies", "total"});
            x.kind = "ping";
            x.subject = flowOf(e["ping"], p + ".ping", "ping");
            if (!e["replies"] && !e["total"])
            {
                r.Fail(e, p, "a ping expectation needs replies or total");
            }
            if (e["replies"])
            {
                if (!e["replies"].IsSequence())
                {
                    r.Fail(e["replies"],
                           p + ".replies",
                           "expected a list, one per sequence number");
                }
                for (std::size_t k = 0; k < e["replies"].size(); ++k)
                {
                    x.list.push_back(r.Range(e["replies"][k], p + ".replies." + std::to_string(k)));
                }
                x.field = "replies";
                x.name = given.empty() ? "ping " + x.subject + " replies" : given;
                out.push_back(x);
                x.list.clear();
            }
            if (e["total"])
            {
                x.hasTotal = true;
                x.field = "total";
                x.value = r.Range(e["total"], p + ".total");
                x.name = given.empty() ? "ping " + x.subject + " total" : given + " (total)";
                out.push_back(x);
            }
        }
        else if (e["flow"])
        {
            r.Keys(e, p, {"name", "flow", "sent", "delivered", "lost", "hook-drops"});
            x.kind = "flow";
            x.subject = flowOf(e["flow"], p + ".flow", "");
            for (const char* f : {"sent", "delivered", "lost", "hook-drops"})
            {
                if (e[f])
                {
                    x.field = f;
                    x.value = r.Range(e[f], p + "." + f);
                    x.name = (given.empty() ? "flow " + x.subject : given) + " " + f;
                    out.push_back(x);
                }
            }
            if (out.empty())
            {
                r.Fail(e, p, "a flow expectation needs sent, delivered, lost or hook-drops");
            }
        }
        else if (e["kstat"])
        {
            r.Keys(e, p, {"name", "kstat", "value"});
            std::string q = p + ".kstat";
            r.Keys(e["kstat"], q, {"node", "module", "name", "stat"});
            x.kind = "kstat";
            x.node = r.NodeKey(e["kstat"], q, "node");
            x.module = r.String(e["kstat"], q, "module", "", true);
            x.kname = r.String(e["kstat"], q, "name", "", true);
            x.stat = r.String(e["kstat"], q, "stat", "", true);
            if (!e["value"])
            {
                r.Fail(e, p + ".value", "missing (required)");
            }
            x.value = r.Range(e["value"], p + ".value");
            x.name = given.empty() ? "kstat " + s->nodeNames[x.node] + " " + x.module + " " +
                                         x.kname + " " + x.stat
                                   : given;
            out.push_back(x);
        }
        else if (e["findings"] || e["held"])
        {
            x.kind = e["findings"] ? "findings" : "held";
            r.Keys(e, p, {"name", x.kind});
            x.value = r.Range(e[x.kind], p + "." + x.kind);
            x.name = given.empty() ? (x.kind == "findings" ? "contract findings" : "held at unload")
                                   : given;
            out.push_back(x);
        }
        else if (e["module"])
        {
            r.Keys(e, p, {"name", "module", "state", "kmem-allocs", "kmem-frees", "kmem-failed"});
            x.kind = "module";
            x.subject = r.As<std::string>(e["module"], p + ".module", "a module name");
            bool known = false;
            for (const auto& m : s->modules)
            {
                std::string base = m.file.substr(m.file.rfind('/') + 1);
                known = known || base == x.subject || base == x.subject + ".so";
            }
            if (!known)
            {
                r.Fail(e["module"], p + ".module", "no module " + x.subject + " in modules");
            }
            std::string prefix = given.empty() ? "module " + x.subject : given;
            if (e["state"])
            {
                x.field = "state";
                x.state = r.OneOf(e, p, "state", "", {"loaded", "unloaded", "failed"});
                x.name = prefix + " state";
                out.push_back(x);
            }
            for (const char* f : {"kmem-allocs", "kmem-frees", "kmem-failed"})
            {
                if (e[f])
                {
                    x.field = f;
                    x.value = r.Range(e[f], p + "." + f);
                    x.name = prefix + " " + f;
                    out.push_back(x);
                }
            }
            if (out.empty())
            {
                r.Fail(e,
                       p,
                       "a module expectation needs state, kmem-allocs, kmem-frees or kmem-failed");
            }
        }
        else if (e["zone"])
        {
            r.Keys(e, p, {"name", "zone", "boots", "halts"});
            x.kind = "zone";
            x.node = r.NodeRef(e["zone"], p + ".zone");
            for (const char* f : {"boots", "halts"})
            {
                if (e[f])
                {
                    x.field = f;
                    x.value = r.Range(e[f], p + "." + f);
                    x.name = (given.empty() ? "zone " + s->nodeNames[x.node] : given) + " " + f;
                    out.push_back(x);
                }
            }
            if (out.empty())
            {
                r.Fail(e, p, "a zone expectation needs boots or halts");
            }
        }
        else
        {
            r.Fail(e, p, "expected one of ping, flow, kstat, findings, held, module, zone");
        }
        s->expects.insert(s->expects.end(), out.begin(), out.end());
    }
}

} // namespace

ScenarioSpec
LoadScenarioSpec(const std::string& file,
                 const std::vector<std::string>& sets,
                 const std::vector<std::string>& moduleDirs)
{
    Reader r(file);
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
        ApplySet(root, set, r);
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
    ReadExpects(root, r, &s);
    s.parameters = ToJson(root).dump();
    return s;
}

} // namespace ns3
