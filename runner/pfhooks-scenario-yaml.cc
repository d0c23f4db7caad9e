/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-scenario-yaml.h"

namespace ns3
{

/// --set KEY=VALUE on the tree.
void
ApplyScenarioSet(YAML::Node root, const std::string& set, ScenarioYamlReader& r)
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
    std::string path; // the dotted path above parts[i], with a trailing dot
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
                // A section the file leaves to its defaults (--set=run.seed=3
                // without run:); the checks name it as --set's if it is wrong.
                cur[p] = YAML::Node(YAML::NodeType::Map);
                r.m_overridden.insert(path + p);
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
        path += p + ".";
    }
    r.m_overridden.insert(key);
}

/// The tree as JSON: plain numbers and booleans as such, the rest (quoted
/// scalars included) strings.
nlohmann::json
ScenarioYamlToJson(const YAML::Node& n)
{
    if (n.IsMap())
    {
        nlohmann::json j = nlohmann::json::object();
        for (const auto& kv : n)
        {
            j[kv.first.Scalar()] = ScenarioYamlToJson(kv.second);
        }
        return j;
    }
    if (n.IsSequence())
    {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& e : n)
        {
            j.push_back(ScenarioYamlToJson(e));
        }
        return j;
    }
    if (!n.IsScalar())
    {
        return nullptr;
    }
    const std::string& s = n.Scalar();
    if (n.Tag() == "!")
    {
        return s; // quoted in the file: a string, even when it looks like a number
    }
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

} // namespace ns3
