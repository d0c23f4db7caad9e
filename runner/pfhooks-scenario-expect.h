/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A scenario's expectations: read from its `expect` list, and checked at
 * the end of its run, each giving a name, what was expected, what came,
 * and whether that is fine.
 */
#ifndef PFHOOKS_SCENARIO_EXPECT_H
#define PFHOOKS_SCENARIO_EXPECT_H

#include "pfhooks-scenario-devices.h"
#include "pfhooks-scenario-spec.h"
#include "pfhooks-scenario-topology.h"
#include "pfhooks-scenario-traffic.h"
#include "pfhooks-scenario-yaml.h"

#include "ns3/solaris-module.h"

#include <string>
#include <vector>

namespace ns3
{

/** The outcome of every expectation. */
struct ScenarioVerdict
{
    std::string json;               //!< the "expectations" report section (JSON text)
    std::vector<std::string> lines; //!< one human-readable line each
    bool ok{true};                  //!< all met
};

/**
 * Reads the `expect` list into s->expects (flows, modules and devices read before).
 * \param root the scenario's tree
 * \param r its reader
 * \param s the scenario
 */
void ReadScenarioExpects(const YAML::Node& root, ScenarioYamlReader& r, ScenarioSpec* s);

/**
 * Checks the expectations after Simulator::Run() and before
 * Simulator::Destroy() (instances and modules still there).
 * \param s the scenario
 * \param net its network
 * \param traffic its flows
 * \param modules its modules, in the spec's order
 * \param hookErrors built-in hooks that could not be registered (each fails the run)
 * \param devices its device calls
 * \return the outcome
 */
ScenarioVerdict CheckScenarioExpectations(const ScenarioSpec& s,
                                          const ScenarioNet& net,
                                          const ScenarioTraffic& traffic,
                                          const std::vector<Ptr<SolarisModule>>& modules,
                                          const std::vector<std::string>& hookErrors,
                                          const ScenarioDevices& devices);

} // namespace ns3

#endif /* PFHOOKS_SCENARIO_EXPECT_H */
