/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A scenario's `devices`: calls on modules' minor nodes (open, ioctl,
 * close) at given simulated times with a chosen zone's credential, made by
 * PfhooksDeviceScript as pfhooks-run's --device options are; their results
 * go into the report's `devices` section and can be expectations.
 */
#ifndef PFHOOKS_SCENARIO_DEVICES_H
#define PFHOOKS_SCENARIO_DEVICES_H

#include "pfhooks-scenario-spec.h"
#include "pfhooks-scenario-yaml.h"

#include "ns3/pfhooks-device-script.h"

#include <string>
#include <vector>

namespace ns3
{

/**
 * Reads the `devices` list into s->devices (nodes read before), each call
 * checked as PfhooksDeviceScript::Add checks --device.
 * \param root the scenario's tree
 * \param r its reader
 * \param s the scenario
 */
void ReadScenarioDevices(const YAML::Node& root, ScenarioYamlReader& r, ScenarioSpec* s);

/** The device calls of one run. */
class ScenarioDevices
{
  public:
    /** Schedules every call of @p s (before Simulator::Run). */
    void Install(const ScenarioSpec& s);

    /**
     * \param name a call's name
     * \return its outcome, or null when it was not made (the run ended first)
     */
    const PfhooksDeviceScript::Outcome* Find(const std::string& name) const;

    /** \return the "devices" report section (JSON text), one entry per call in file order */
    std::string Json() const;

  private:
    const ScenarioSpec* m_spec{nullptr};
    PfhooksDeviceScript m_script;
};

} // namespace ns3

#endif /* PFHOOKS_SCENARIO_DEVICES_H */
