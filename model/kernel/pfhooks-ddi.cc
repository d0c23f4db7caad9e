/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-ddi.h"

#include "ns3/log.h"

NS_LOG_COMPONENT_DEFINE("PfhooksDdi");

namespace ns3
{

int
PfhooksDdi::GetInstance(const dev_info_t* /* dip */)
{
    return 0; // one instance per driver, as pseudo drivers have
}

int
PfhooksDdi::CreateMinorNode(dev_info_t* dip, const char* name)
{
    NS_LOG_FUNCTION(dip << (name != nullptr ? name : "(null)"));
    if (dip == nullptr || name == nullptr)
    {
        return DDI_FAILURE;
    }
    for (const auto& n : dip->minors)
    {
        if (n == name)
        {
            return DDI_FAILURE;
        }
    }
    dip->minors.emplace_back(name);
    return DDI_SUCCESS;
}

void
PfhooksDdi::RemoveMinorNode(dev_info_t* dip, const char* name)
{
    NS_LOG_FUNCTION(dip << (name != nullptr ? name : "(null)"));
    if (dip == nullptr)
    {
        return;
    }
    if (name == nullptr)
    {
        dip->minors.clear(); // NULL removes them all
        return;
    }
    for (auto it = dip->minors.begin(); it != dip->minors.end(); ++it)
    {
        if (*it == name)
        {
            dip->minors.erase(it);
            return;
        }
    }
}

} // namespace ns3
