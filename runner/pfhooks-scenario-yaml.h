/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Reading a scenario's YAML tree with located errors: every getter checks
 * its value and, when it is wrong, throws a ScenarioError naming the file,
 * line and column (yaml-cpp's Mark) and the key's dotted path.
 */
#ifndef PFHOOKS_SCENARIO_YAML_H
#define PFHOOKS_SCENARIO_YAML_H

#include "pfhooks-scenario-spec.h"

#include <algorithm>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>
#include <yaml-cpp/yaml.h>

namespace ns3
{

/// Reads one scenario tree; knows its file and which keys --set changed.
class ScenarioYamlReader
{
  public:
    explicit ScenarioYamlReader(std::string file)
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

/**
 * Applies one --set KEY=VALUE to the tree (a scalar by dotted path; a
 * missing last key of a mapping is added) and records the key in
 * r.m_overridden, so that errors about it name --set.
 */
void ApplyScenarioSet(YAML::Node root, const std::string& set, ScenarioYamlReader& r);

/** \return the tree as JSON: numbers and booleans as such, the rest strings */
nlohmann::json ScenarioYamlToJson(const YAML::Node& n);

} // namespace ns3

#endif /* PFHOOKS_SCENARIO_YAML_H */
