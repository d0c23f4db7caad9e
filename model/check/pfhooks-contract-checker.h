/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_CONTRACT_CHECKER_H
#define PFHOOKS_CONTRACT_CHECKER_H

#include "ns3/nstime.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/pfhooks-observer.h"

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

class SolarisModule;

/** One breach of the netinfo/hook contract by a loaded module. \ingroup pfhooks */
struct PfhooksContractFinding
{
    Time time;           //!< simulated time
    std::string module;  //!< the module ("kernel" when the caller is no loaded module)
    int32_t node;        //!< the node of the instance concerned, -1 if none
    netid_t netid;       //!< the instance concerned, -1 if none
    std::string what;    //!< what the module did wrong
    std::string site;    //!< where: the calling function in the module, or the hook
    uint64_t repeats{0}; //!< the same breach again later (module, instance, what, site): merged
};

/**
 * \ingroup pfhooks
 * Watches what loaded Solaris modules do through the C face and reports
 * what illumos would let pass silently or punish later: a hook left on an
 * instance that was destroyed, a handle used after net_protocol_release(),
 * a packet injected with a checksum a receiver rejects, a hook that frees
 * the packet and returns 0, a net instance freed while registered.  (Leaked
 * kmem and messages, and a kmem_free with the wrong size, are reported by
 * the kernel itself: SolarisModule, SolarisKernel.)
 *
 * Always on (it registers itself as an engine observer): it costs a map
 * lookup on the C face's registration calls and a checksum pass per
 * injected packet.  Each finding is a console warning
 * ("contract: ...") and is kept for GetFindings().  Calls from code that is
 * no loaded module (C++ users, tests of the C face) are not checked.
 */
class PfhooksContractChecker : public PfhooksObserver
{
  public:
    /** \return the process-wide checker */
    static PfhooksContractChecker& Get();

    /** \return every finding so far */
    const std::vector<PfhooksContractFinding>& GetFindings() const
    {
        return m_findings;
    }

    /** \return the findings about one module */
    std::vector<PfhooksContractFinding> GetFindings(const std::string& module) const;
    /** Forgets the findings (between runs of a test). */
    void Clear();

    /// \name What the engine tells (PfhooksObserver)
    /// \{
    /** The caller looked up @p h (net_protocol_lookup): one more reference it holds. */
    void ProtocolLookup(const void* caller, net_handle_t h) override;
    /** The caller releases @p h; reports a release of a handle it does not hold. */
    void ProtocolRelease(const void* caller, net_handle_t h) override;
    /** A handle is used by @p who; reports a use after the caller released it. */
    void HandleUse(const void* caller, net_handle_t h, const char* who) override;
    /** The caller registered @p hook on @p event: remembered until unregistered. */
    void HookRegistered(const void* caller,
                        netid_t netid,
                        const std::string& family,
                        const std::string& event,
                        const hook_t* hook) override;
    /** The hook @p name left @p event. */
    void HookUnregistered(const void* caller,
                          netid_t netid,
                          const std::string& family,
                          const std::string& event,
                          const char* name,
                          uint64_t hits) override;
    /** An injected datagram; reports checksums a receiver would reject. */
    void Injected(const void* caller,
                  net_handle_t h,
                  const uint8_t* bytes,
                  std::size_t len) override;
    /** net_instance_free() of a net instance that is still registered. */
    void NetInstanceFreedWhileRegistered(const void* caller, const std::string& name) override;
    /** A hook freed the packet and returned 0. */
    void FreedAndAccepted(netid_t netid,
                          const std::string& where,
                          const std::vector<hook_t>& hooks) override;
    /** An instance is gone: hooks modules left on it are findings. */
    void InstanceDestroyed(netid_t netid, int32_t node) override;
    /// \}

    /** Distinct findings kept at most; later new ones are counted by module. */
    static const size_t kMaxFindings = 10000;

    /**
     * \param module a module's name
     * \return its findings past kMaxFindings, counted but not kept
     */
    uint64_t GetUnkept(const std::string& module) const
    {
        auto it = m_unkept.find(module);
        return it != m_unkept.end() ? it->second : 0;
    }

    /** A module's code is going (unload): forget what it registered. */
    void ModuleGone(uint32_t moduleId);

  private:
    PfhooksContractChecker() = default;

    /**
     * Keeps a finding and writes its console line; a repeat of a kept one
     * is only counted (its repeats), and past kMaxFindings distinct ones
     * new ones are only counted (GetUnkept): memory stays bounded however
     * long a module misbehaves.
     * \return the kept finding, or null when it was not kept
     */
    PfhooksContractFinding* Report(SolarisModule* m,
                                   netid_t netid,
                                   const std::string& what,
                                   const std::string& site);
    static int32_t NodeOf(netid_t netid);
    static std::string Where(const void* addr);
    bool KeyOf(net_handle_t h, std::pair<netid_t, std::string>* key) const;

    /** (module id, netid, family) -> lookups not yet released; absent: never looked up. */
    std::map<std::tuple<uint32_t, netid_t, std::string>, int64_t> m_refs;

    struct LiveHook
    {
        SolarisModule* module;
        uint32_t moduleId;
        std::string site;
    };

    /** (netid, family, event, hook name) -> who registered it. */
    std::map<std::tuple<netid_t, std::string, std::string, std::string>, LiveHook> m_hooks;
    /** Handles a module released to zero: what they were, should it use them again. */
    std::map<const void*, std::pair<netid_t, std::string>> m_released;
    std::vector<PfhooksContractFinding> m_findings;
    /** (module, netid, what, site) -> index in m_findings: repeats are merged. */
    std::map<std::tuple<std::string, netid_t, std::string, std::string>, size_t> m_index;
    /** Findings past kMaxFindings distinct ones, by module: counted, not kept. */
    std::map<std::string, uint64_t> m_unkept;
};

} // namespace ns3

#endif /* PFHOOKS_CONTRACT_CHECKER_H */
