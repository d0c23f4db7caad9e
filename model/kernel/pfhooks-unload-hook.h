/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_UNLOAD_HOOK_H
#define PFHOOKS_UNLOAD_HOOK_H

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace ns3
{

class SolarisModule;

/**
 * \ingroup pfhooks
 * What a layer above the kernel does when a module goes: the loader
 * (SolarisModule) knows nothing of hooks, net instances or contracts, so
 * each layer that keeps pointers into modules registers one of these
 * (from model/solaris/, at library load) and takes back its own.
 *
 * The registered hooks live in a function-local list, so registering from
 * a static initializer of any file is safe; they are never unregistered.
 */
class PfhooksUnloadHook
{
  public:
    /** \return true when @p addr lies in the going module's code or data */
    typedef std::function<bool(const void* addr)> InModule;
    /**
     * Reports one thing taken back, as a line of the module's leak report.
     * \param kind what it is ("hook", "notify", "net_instance", ...)
     * \param addr the object (0 where there is none)
     * \param what what it was and what was done ("... still registered: unregistered")
     */
    typedef std::function<void(const std::string& kind, const void* addr, const std::string& what)>
        TakenBack;

    virtual ~PfhooksUnloadHook() = default;

    /**
     * The module's code is about to go (unload, a failed _init, the end of
     * the run): unregister whatever points into it, reporting each thing.
     * The default does nothing.
     */
    virtual void TakeBack(const SolarisModule& module, const InModule& in, const TakenBack& report);

    /**
     * The module's code is gone (unmapped); its id is not used again for
     * this load.  The default does nothing.
     */
    virtual void Unmapped(uint32_t moduleId);

    /**
     * \return lines to add to the module's report, each starting with
     *         "\n  " ("" for none; the default)
     */
    virtual std::string Report(const SolarisModule& module) const;

    /** Adds a hook (kept, never deleted, for the life of the process). */
    static void Register(PfhooksUnloadHook* hook);

    /** \return every registered hook, in registration order */
    static const std::vector<PfhooksUnloadHook*>& GetRegistered();
};

} // namespace ns3

#endif /* PFHOOKS_UNLOAD_HOOK_H */
