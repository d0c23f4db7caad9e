/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Built-in hooks: a scenario's hooks, run through the C++ hook API
 * (PacketHookCallback), so that a scenario exercises every hook point with
 * no C code.  Each matches packets (protocol, addresses, ports) and
 * accepts, drops, rewrites a field (checksums fixed) or injects a copy.
 */
#ifndef PFHOOKS_SCENARIO_HOOKS_H
#define PFHOOKS_SCENARIO_HOOKS_H

#include "pfhooks-scenario-spec.h"
#include "pfhooks-scenario-topology.h"
#include "pfhooks-scenario-traffic.h"

#include "ns3/packet-hook.h"
#include "ns3/simple-ref-count.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

class ScenarioBuiltinHook;

/** Every built-in hook of a scenario, on every node it names. */
class ScenarioHooks
{
  public:
    ScenarioHooks();
    ~ScenarioHooks();

    /**
     * Schedules each hook's registration (at its start on every node whose
     * instance runs then, and again at each boot of a zone among them) and
     * its removal.  Call after the zones are installed.
     * \param s the scenario
     * \param net its network
     */
    void Install(const ScenarioSpec& s, const ScenarioNet& net);

    /**
     * \return registration failures ("hook NAME on node N: errno E"), in
     *         the order they happened
     */
    const std::vector<std::string>& GetErrors() const
    {
        return m_errors;
    }

  private:
    /** Registers one hook on its node if its instance runs and the hook is due. */
    void Register(Ptr<ScenarioBuiltinHook> h);
    /** Unregisters one hook from its node. */
    void Unregister(Ptr<ScenarioBuiltinHook> h);
    /** A zone booted: its hooks come back. */
    void ZoneState(uint32_t nodeId, netid_t netid, bool booted);

    std::vector<Ptr<ScenarioBuiltinHook>> m_hooks;
    std::vector<std::string> m_errors;
};

} // namespace ns3

#endif /* PFHOOKS_SCENARIO_HOOKS_H */
