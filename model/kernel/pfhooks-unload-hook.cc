/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-unload-hook.h"

namespace ns3
{

namespace
{
std::vector<PfhooksUnloadHook*>&
Hooks()
{
    // Never destroyed: a module unmapped while the process exits may still
    // run the hooks after other statics are gone.
    static auto* hooks = new std::vector<PfhooksUnloadHook*>();
    return *hooks;
}
} // namespace

void
PfhooksUnloadHook::TakeBack(const SolarisModule& /* module */,
                            const InModule& /* in */,
                            const TakenBack& /* report */)
{
}

void
PfhooksUnloadHook::Unmapped(uint32_t /* moduleId */)
{
}

std::string
PfhooksUnloadHook::Report(const SolarisModule& /* module */) const
{
    return "";
}

// No logging here: hooks register from static initializers, possibly
// before any log component exists.
void
PfhooksUnloadHook::Register(PfhooksUnloadHook* hook)
{
    Hooks().push_back(hook);
}

const std::vector<PfhooksUnloadHook*>&
PfhooksUnloadHook::GetRegistered()
{
    return Hooks();
}

} // namespace ns3
