/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-scenario-devices.h"

#include <nlohmann/json.hpp>

namespace ns3
{

void
ReadScenarioDevices(const YAML::Node& root, ScenarioYamlReader& r, ScenarioSpec* s)
{
    YAML::Node ds = root["devices"];
    if (!ds)
    {
        return;
    }
    if (!ds.IsSequence())
    {
        r.Fail(ds, "devices", "expected a list of device calls");
    }
    for (std::size_t i = 0; i < ds.size(); ++i)
    {
        std::string p = "devices." + std::to_string(i);
        const YAML::Node& d = ds[i];
        r.Keys(d, p, {"name", "at", "path", "op", "cmd", "arg", "zone", "flags"});
        ScenarioDeviceSpec x;
        x.name = r.String(d, p, "name", "", true);
        for (const auto& o : s->devices)
        {
            if (o.name == x.name)
            {
                r.Fail(d["name"], p + ".name", "another device call is named " + x.name);
            }
        }
        if (!d["at"])
        {
            r.Fail(d, p + ".at", "missing (required)");
        }
        x.at = r.Number(d, p, "at", 0, 0, 1e6);
        std::string path = r.String(d, p, "path", "", true);
        x.op = r.OneOf(d, p, "op", "", {"open", "ioctl", "close"});
        std::ostringstream script;
        script.precision(17);
        script << x.at << "," << path << "," << x.op;
        if (x.op == "ioctl")
        {
            script << "," << r.String(d, p, "cmd", "", true);
        }
        else if (d["cmd"] || d["arg"])
        {
            r.Fail(d[d["cmd"] ? "cmd" : "arg"], p, "cmd and arg are for ioctl");
        }
        if (d["arg"])
        {
            script << ",arg=" << r.String(d, p, "arg", "");
        }
        if (d["flags"])
        {
            script << ",flags=" << r.String(d, p, "flags", "");
        }
        if (d["zone"])
        {
            // kcred, or the zone a node runs when the call is made.
            if (d["zone"].IsScalar() && d["zone"].Scalar() == "kcred")
            {
                script << ",zone=kcred";
            }
            else
            {
                script << ",node=" << r.NodeRef(d["zone"], p + ".zone");
            }
        }
        x.script = script.str();
        std::string err = PfhooksDeviceScript().Add(x.script);
        if (!err.empty())
        {
            r.Fail(d, p, err.substr(err.find(": ") + 2)); // without --device=...
        }
        s->devices.push_back(x);
    }
}

void
ScenarioDevices::Install(const ScenarioSpec& s)
{
    m_spec = &s;
    for (const auto& d : s.devices)
    {
        m_script.Add(d.script); // checked when read
    }
    m_script.Schedule();
}

const PfhooksDeviceScript::Outcome*
ScenarioDevices::Find(const std::string& name) const
{
    for (const auto& o : m_script.GetOutcomes())
    {
        if (m_spec->devices[o.step].name == name)
        {
            return &o;
        }
    }
    return nullptr;
}

std::string
ScenarioDevices::Json() const
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& d : m_spec->devices)
    {
        const PfhooksDeviceScript::Outcome* o = Find(d.name);
        nlohmann::json j = {{"name", d.name}, {"at", d.at}, {"op", d.op}};
        if (o == nullptr)
        {
            j["call"] = nullptr; // the run ended before the call, or while it slept
        }
        else
        {
            j["call"] = o->call;
            j["zone"] = o->zoneid < 0 ? nlohmann::json("kcred") : nlohmann::json(o->zoneid);
            j["errno"] = PfhooksDeviceScript::ErrnoName(o->error);
            j["done_at"] = o->doneAt;
            if (d.op == "ioctl")
            {
                j["rval"] = o->rval;
                j["arg"] = o->hasArg ? nlohmann::json(o->arg) : nlohmann::json(nullptr);
            }
        }
        out.push_back(j);
    }
    return out.dump();
}

} // namespace ns3
