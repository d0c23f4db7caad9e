/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-ddi.h"

#include "solaris-kernel.h"

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
PfhooksDdi::CreateMinorNode(dev_info_t* dip, const char* name, unsigned minor)
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
    dip->minorNums.push_back(minor);
    return DDI_SUCCESS;
}

void
PfhooksDdi::ReportDev(const dev_info_t* dip)
{
    if (dip == nullptr || dip->module == nullptr)
    {
        return;
    }
    // illumos: "pseudo-device: NAME0" on the console (the log only, '!').
    SolarisKernel::Get().Log(dip->module,
                             PFHOOKS_CE_CONT,
                             "pseudo-device: " + dip->module->GetName() + "0");
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
        dip->minorNums.clear();
        return;
    }
    for (size_t i = 0; i < dip->minors.size(); ++i)
    {
        if (dip->minors[i] == name)
        {
            dip->minors.erase(dip->minors.begin() + i);
            dip->minorNums.erase(dip->minorNums.begin() + i);
            return;
        }
    }
}

} // namespace ns3
