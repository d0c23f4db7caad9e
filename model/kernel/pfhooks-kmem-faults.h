/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_KMEM_FAULTS_H
#define PFHOOKS_KMEM_FAULTS_H

#include "ns3/ptr.h"

#include <cstdint>
#include <string>

namespace ns3
{

class SolarisModule;

/**
 * \ingroup pfhooks
 * A fault-injection spec as the programs take it (--kmem-faults=SPEC):
 * which KM_NOSLEEP allocations fail on purpose.  It is turned into the
 * module attributes KmemFaultProbability, KmemFaultNth and KmemFaultAll,
 * where the rule lives (SolarisModule::KmemFaultDue).
 */
struct PfhooksKmemFaults
{
    double probability{0}; //!< each call fails with this probability
    uint64_t nth{0};       //!< the nth call fails (1-based; 0: none)
    bool every{false};     //!< every call fails
    std::string module;    //!< only this module's calls ("": every module's)

    /**
     * Parses "p=0.1", "nth=5" or "all", each optionally followed by
     * ",module=NAME".
     * \return false with @p error set for anything else
     */
    static bool Parse(const std::string& spec, PfhooksKmemFaults* faults, std::string* error);

    /**
     * Sets the module's fault attributes from this spec when it names the
     * module or no module; leaves other modules alone.  Call it after
     * SolarisModule::SetPath (the name comes from the file).
     */
    void ApplyTo(Ptr<SolarisModule> module) const;
};

} // namespace ns3

#endif /* PFHOOKS_KMEM_FAULTS_H */
