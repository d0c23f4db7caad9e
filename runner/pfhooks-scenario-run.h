/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks-run --scenario=FILE: runs one scenario file (doc/scenarios.md).
 */
#ifndef PFHOOKS_SCENARIO_RUN_H
#define PFHOOKS_SCENARIO_RUN_H

namespace ns3
{

/**
 * Runs the scenario the command line names.
 * \param argc as main's
 * \param argv as main's
 * \return 0 every expectation met, 1 one failed, 2 bad input, 3 timeout
 *         (the watchdog ends the process with 3)
 */
int PfhooksRunScenario(int argc, char* argv[]);

} // namespace ns3

#endif /* PFHOOKS_SCENARIO_RUN_H */
