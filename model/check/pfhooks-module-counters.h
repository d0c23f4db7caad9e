/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_MODULE_COUNTERS_H
#define PFHOOKS_MODULE_COUNTERS_H

#include "ns3/pfhooks-observer.h"

namespace ns3
{

/**
 * \ingroup pfhooks
 * Feeds the simulated kernel's per-module figures (SolarisKernel::Figures)
 * from what the engine tells: net instance registrations, runs of a
 * module's hooks (counted when the hook is unregistered) and notifications
 * to a module's callbacks.  The kernel keeps the figures and tells which
 * module an address lies in; this observer only forwards.  It registers
 * itself when the library loads.
 */
class PfhooksModuleCounters : public PfhooksObserver
{
  public:
    /** \return the process-wide counters observer */
    static PfhooksModuleCounters& Get();

    void NetInstanceRegistered(const void* caller, const std::string& name) override;
    void HookUnregistered(const void* caller,
                          netid_t netid,
                          const std::string& family,
                          const std::string& event,
                          const char* name,
                          uint64_t hits) override;
    void NotifyCalled(hook_notify_fn_t fn,
                      hook_notify_cmd_t cmd,
                      const char* family,
                      const char* event,
                      const char* name) override;

  private:
    PfhooksModuleCounters() = default;
};

} // namespace ns3

#endif /* PFHOOKS_MODULE_COUNTERS_H */
