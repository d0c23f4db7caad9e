/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-module-counters.h"

#include "ns3/log.h"
#include "ns3/solaris-kernel.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksModuleCounters");

PfhooksModuleCounters&
PfhooksModuleCounters::Get()
{
    static PfhooksModuleCounters c;
    return c;
}

namespace
{
/// Counting from the start, as ns-3 registers its types.
[[maybe_unused]] const bool g_counting =
    (PfhooksObserver::Add(&PfhooksModuleCounters::Get()), true);
} // namespace

void
PfhooksModuleCounters::NetInstanceRegistered(const void* caller, const std::string& name)
{
    NS_LOG_FUNCTION(this << caller << name);
    SolarisKernel::Get().CountRegistration(caller);
}

void
PfhooksModuleCounters::HookUnregistered(const void* caller,
                                        netid_t netid,
                                        const std::string& family,
                                        const std::string& event,
                                        const char* name,
                                        uint64_t hits)
{
    NS_LOG_FUNCTION(this << caller << netid << family << event << hits);
    SolarisKernel::Get().CountHookRuns(caller, family, hits);
}

void
PfhooksModuleCounters::NotifyCalled(hook_notify_fn_t fn,
                                    hook_notify_cmd_t cmd,
                                    const char* family,
                                    const char* event,
                                    const char* name)
{
    NS_LOG_FUNCTION(this << reinterpret_cast<void*>(fn) << cmd);
    SolarisKernel::Get().CountNotify(reinterpret_cast<const void*>(fn), family, event, name);
}

} // namespace ns3
