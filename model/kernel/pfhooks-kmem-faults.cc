/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kmem-faults.h"

#include "solaris-module.h"

#include "ns3/boolean.h"
#include "ns3/double.h"
#include "ns3/log.h"
#include "ns3/uinteger.h"

#include <cstdlib>

NS_LOG_COMPONENT_DEFINE("PfhooksKmemFaults");

namespace ns3
{

bool
PfhooksKmemFaults::Parse(const std::string& spec, PfhooksKmemFaults* faults, std::string* error)
{
    PfhooksKmemFaults f;
    std::string rule = spec.substr(0, spec.find(','));
    std::string rest = spec.size() > rule.size() ? spec.substr(rule.size() + 1) : "";
    char* end = nullptr;
    if (rule == "all")
    {
        f.every = true;
    }
    else if (rule.compare(0, 2, "p=") == 0)
    {
        f.probability = std::strtod(rule.c_str() + 2, &end);
        if (rule.size() == 2 || *end != '\0' || !(f.probability > 0 && f.probability <= 1))
        {
            *error = "p= takes a probability in (0, 1]";
            return false;
        }
    }
    else if (rule.compare(0, 4, "nth=") == 0)
    {
        f.nth = std::strtoull(rule.c_str() + 4, &end, 10);
        if (rule.size() == 4 || *end != '\0' || f.nth == 0 || rule[4] == '-')
        {
            *error = "nth= takes a call number from 1";
            return false;
        }
    }
    else
    {
        *error = "expected p=PROBABILITY, nth=N or all";
        return false;
    }
    if (!rest.empty())
    {
        if (rest.compare(0, 7, "module=") != 0 || rest.size() == 7)
        {
            *error = "after the rule only ,module=NAME may follow";
            return false;
        }
        f.module = rest.substr(7);
    }
    *faults = f;
    return true;
}

void
PfhooksKmemFaults::ApplyTo(Ptr<SolarisModule> m) const
{
    NS_LOG_FUNCTION(this << m);
    if (!module.empty() && module != m->GetName())
    {
        return;
    }
    m->SetAttribute("KmemFaultProbability", DoubleValue(probability));
    m->SetAttribute("KmemFaultNth", UintegerValue(nth));
    m->SetAttribute("KmemFaultAll", BooleanValue(every));
}

} // namespace ns3
