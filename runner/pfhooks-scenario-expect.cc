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

ScenarioVerdict
CheckScenarioExpectations(const ScenarioSpec& s,
                          const ScenarioNet& net,
                          const ScenarioTraffic& traffic,
                          const std::vector<Ptr<SolarisModule>>& modules,
                          const std::vector<std::string>& hookErrors)
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
