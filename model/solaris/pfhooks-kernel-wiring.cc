/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What ties the layers above to the simulated kernel, which includes none
 * of them: at library load, the unload hooks that take back what a going
 * module left in the engine and retire it in the contract checker, and the
 * device face's zone check.  (The
 * per-module counts of registrations, hook runs and notifications come from
 * the engine's observers: model/check/pfhooks-module-counters.cc.)
 */
#include "pfhooks-neti.h"
#include "pfhooks-neti-allocations.h"

#include "ns3/pfhooks-contract-checker.h"
#include "ns3/pfhooks-take-back.h"
#include "ns3/pfhooks-unload-hook.h"
#include "ns3/solaris-kernel.h"

using namespace ns3;

namespace
{
/** Net instances, hooks and notify callbacks of the going module. */
class EngineTakeBack : public PfhooksUnloadHook
{
  public:
    void TakeBack(const SolarisModule& /* module */,
                  const InModule& in,
                  const TakenBack& report) override
    {
        PfhooksTakeBack(in, report);
    }
};

/**
 * What the module's code got from net_instance_alloc and friends and never
 * freed; after EngineTakeBack, which unregisters the instances using them.
 */
class NetiAllocationsTakeBack : public PfhooksUnloadHook
{
  public:
    void TakeBack(const SolarisModule& /* module */,
                  const InModule& in,
                  const TakenBack& report) override
    {
        PfhooksNetiAllocations::TakeBack(in, report);
    }
};

/** The contract checker forgets an unmapped module; its findings count in the report. */
class CheckerUnload : public PfhooksUnloadHook
{
  public:
    void Unmapped(uint32_t moduleId) override
    {
        PfhooksContractChecker::Get().ModuleGone(moduleId);
    }

    std::string Report(const SolarisModule& module) const override
    {
        const PfhooksContractChecker& c = PfhooksContractChecker::Get();
        uint64_t findings = 0;
        uint64_t repeats = 0;
        for (const auto& f : c.GetFindings(module.GetName()))
        {
            ++findings;
            repeats += f.repeats;
        }
        uint64_t unkept = c.GetUnkept(module.GetName());
        if (findings == 0)
        {
            return "";
        }
        // Repeats are not printed again: the report says how many there were.
        return "\n  contract: " + std::to_string(findings) + " finding(s) (see the console)" +
               (repeats != 0 ? " and " + std::to_string(repeats) + " more (repeats, merged)"
                             : std::string()) +
               (unkept != 0 ? "; " + std::to_string(unkept) + " more not kept" : std::string());
    }
};

bool
Wire()
{
    PfhooksUnloadHook::Register(new EngineTakeBack());
    PfhooksUnloadHook::Register(new NetiAllocationsTakeBack());
    PfhooksUnloadHook::Register(new CheckerUnload());
    // A device call's zone must be a running instance's (zone_get_kcred).
    SolarisKernel::Get().Devices().SetZoneCheck(
        [](int zoneid) { return net_getzoneidbynetid(zoneid) == zoneid; });
    return true;
}

const bool g_wired = Wire();
} // namespace
