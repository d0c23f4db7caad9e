/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-scenario-expect.h"

#include "ns3/pfhooks-contract-checker.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-kstats.h"
#include "ns3/pfhooks-zone-helper.h"
#include "ns3/solaris-kernel.h"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace ns3
{
namespace
{

nlohmann::json
RangeJson(const ScenarioRange& r)
{
    if (r.min == r.max)
    {
        return r.min;
    }
    nlohmann::json j = {{"min", r.min}};
    if (r.max != INT64_MAX)
    {
        j["max"] = r.max;
    }
    return j;
}

bool
InRange(const ScenarioRange& r, uint64_t v)
{
    return v <= static_cast<uint64_t>(INT64_MAX) && static_cast<int64_t>(v) >= r.min &&
           static_cast<int64_t>(v) <= r.max;
}

} // namespace

void
ReadScenarioExpects(const YAML::Node& root, ScenarioYamlReader& r, ScenarioSpec* s)
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
        else if (e["device"])
        {
            r.Keys(e, p, {"name", "device", "errno", "rval", "arg"});
            x.kind = "device";
            x.subject = r.As<std::string>(e["device"], p + ".device", "a device call's name");
            bool known = false;
            for (const auto& d : s->devices)
            {
                known = known || d.name == x.subject;
            }
            if (!known)
            {
                r.Fail(e["device"], p + ".device", "no device call named " + x.subject);
            }
            for (const char* f : {"errno", "rval", "arg"})
            {
                if (!e[f])
                {
                    continue;
                }
                x.field = f;
                if (x.field == "rval")
                {
                    x.value = r.Range(e[f], p + "." + f);
                }
                else
                {
                    // errno: a name (EPERM) or a number; arg: the buffer, hex
                    x.state = r.String(e, p, f, "");
                }
                x.name = (given.empty() ? "device " + x.subject : given) + " " + f;
                out.push_back(x);
            }
            if (out.empty())
            {
                r.Fail(e, p, "a device expectation needs errno, rval or arg");
            }
        }
        else
        {
            r.Fail(e, p, "expected one of ping, flow, kstat, findings, held, module, zone, device");
        }
        s->expects.insert(s->expects.end(), out.begin(), out.end());
    }
}

ScenarioVerdict
CheckScenarioExpectations(const ScenarioSpec& s,
                          const ScenarioNet& net,
                          const ScenarioTraffic& traffic,
                          const std::vector<Ptr<SolarisModule>>& modules,
                          const std::vector<std::string>& hookErrors,
                          const ScenarioDevices& devices)
{
    ScenarioVerdict v;
    nlohmann::json out = nlohmann::json::array();
    auto record =
        [&](const std::string& name, nlohmann::json expected, nlohmann::json actual, bool ok) {
            out.push_back({{"name", name}, {"expected", expected}, {"actual", actual}, {"ok", ok}});
            v.lines.push_back(std::string(ok ? "ok   " : "FAIL ") + name + ": expected " +
                              expected.dump() + ", got " + actual.dump());
            v.ok = v.ok && ok;
        };
    auto flowIndex = [&](const std::string& name) {
        for (std::size_t i = 0; i < s.flows.size(); ++i)
        {
            if (s.flows[i].name == name)
            {
                return i;
            }
        }
        return s.flows.size(); // the spec checked the name
    };
    if (!s.hooks.empty())
    {
        record("built-in hooks registered",
               nlohmann::json::array(),
               hookErrors,
               hookErrors.empty());
    }
    for (const ScenarioExpectSpec& e : s.expects)
    {
        if (e.kind == "ping")
        {
            std::map<uint16_t, uint32_t> replies = traffic.Replies(flowIndex(e.subject));
            if (e.field == "total")
            {
                uint64_t total = 0;
                for (const auto& [seq, n] : replies)
                {
                    total += n;
                }
                record(e.name, RangeJson(e.value), total, InRange(e.value, total));
                continue;
            }
            nlohmann::json expected = nlohmann::json::array();
            nlohmann::json actual = nlohmann::json::array();
            bool ok = replies.size() == e.list.size();
            std::size_t k = 0;
            for (const auto& [seq, n] : replies)
            {
                actual.push_back(n);
                ok = ok && k < e.list.size() && InRange(e.list[k], n);
                ++k;
            }
            for (const auto& r : e.list)
            {
                expected.push_back(RangeJson(r));
            }
            record(e.name, expected, actual, ok);
        }
        else if (e.kind == "flow")
        {
            ScenarioTraffic::Figures g = traffic.Get(flowIndex(e.subject));
            uint64_t a = e.field == "sent"        ? g.sent
                         : e.field == "delivered" ? g.delivered
                         : e.field == "lost"      ? g.lost
                                                  : g.hookDrops;
            record(e.name, RangeJson(e.value), a, InRange(e.value, a));
        }
        else if (e.kind == "kstat")
        {
            Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(net.nodes.Get(e.node));
            uint64_t value = 0;
            int rv = ip ? ReadKstat(*ip, e.module.c_str(), e.kname.c_str(), e.stat.c_str(), &value)
                        : ENOENT;
            if (rv != 0)
            {
                record(e.name, RangeJson(e.value), "no such kstat", false);
            }
            else
            {
                record(e.name, RangeJson(e.value), value, InRange(e.value, value));
            }
        }
        else if (e.kind == "findings")
        {
            const auto& f = PfhooksContractChecker::Get().GetFindings();
            record(e.name, RangeJson(e.value), f.size(), InRange(e.value, f.size()));
        }
        else if (e.kind == "held")
        {
            uint64_t held = 0;
            for (const auto& m : modules)
            {
                held += m->GetLeaks().size();
            }
            record(e.name, RangeJson(e.value), held, InRange(e.value, held));
        }
        else if (e.kind == "module")
        {
            auto named = [&](std::size_t i) {
                const std::string& file = s.modules[i].file;
                std::string base = file.substr(file.rfind('/') + 1);
                return base == e.subject || base == e.subject + ".so";
            };
            std::size_t same = 0;
            for (std::size_t i = 0; i < modules.size(); ++i)
            {
                same += named(i);
            }
            for (std::size_t i = 0; i < modules.size(); ++i)
            {
                if (!named(i))
                {
                    continue;
                }
                // Two loads of one file: told apart by their place in modules.
                std::string name = e.name + (same > 1 ? " #" + std::to_string(i) : "");
                if (e.field == "state")
                {
                    std::string state = SolarisModule::StateName(modules[i]->GetState());
                    record(name, e.state, state, state == e.state);
                    continue;
                }
                SolarisKernel::Figures f = SolarisKernel::Get().GetFigures(modules[i]->GetId());
                uint64_t n = e.field == "kmem-allocs"  ? f.kmemAllocs
                             : e.field == "kmem-frees" ? f.kmemFrees
                                                       : f.kmemFailed;
                record(name, RangeJson(e.value), n, InRange(e.value, n));
            }
        }
        else if (e.kind == "device")
        {
            const PfhooksDeviceScript::Outcome* o = devices.Find(e.subject);
            if (o == nullptr)
            {
                record(e.name,
                       e.field == "rval" ? RangeJson(e.value) : nlohmann::json(e.state),
                       "not made (or not finished) before the run ended",
                       false);
            }
            else if (e.field == "errno")
            {
                std::string name = PfhooksDeviceScript::ErrnoName(o->error);
                record(e.name,
                       e.state,
                       name,
                       e.state == name || e.state == std::to_string(o->error));
            }
            else if (e.field == "rval")
            {
                record(e.name,
                       RangeJson(e.value),
                       o->rval,
                       o->rval >= 0 && InRange(e.value, static_cast<uint64_t>(o->rval)));
            }
            else
            {
                std::string want = e.state;
                std::transform(want.begin(), want.end(), want.begin(), ::tolower);
                record(e.name, e.state, o->arg, o->hasArg && want == o->arg);
            }
        }
        else if (e.kind == "zone")
        {
            Ptr<PfhooksZone> z = PfhooksZoneHelper::GetZone(net.nodes.Get(e.node));
            uint64_t n = !z ? 0 : (e.field == "boots" ? z->GetBoots() : z->GetHalts());
            record(e.name, RangeJson(e.value), n, InRange(e.value, n));
        }
    }
    v.json = out.dump();
    return v;
}

} // namespace ns3
