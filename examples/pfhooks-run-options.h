/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks-run's command line: every option, checked before the run starts
 * (numbers finite and in range, no empty values, output files writable);
 * every error names its option.
 */
#ifndef PFHOOKS_RUN_OPTIONS_H
#define PFHOOKS_RUN_OPTIONS_H

#include "ns3/pfhooks-module.h"

#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/// Simulated seconds any time option may name (11.6 days: far inside ns-3's Time).
constexpr double kPfhooksRunMaxSeconds = 1e6;

/** What pfhooks-run was asked for, checked; defaults as documented in --help. */
struct PfhooksRunOptions
{
    /// --module=FILE[@LOAD[,UNLOAD]]
    struct ModuleSpec
    {
        std::string file;  //!< the module's file
        double load{0};    //!< when it loads, s
        double unload{-1}; //!< when it unloads, s (-1: never)
    };

    /// --zone=NODE@BOOT[,HALT]
    struct ZoneSpec
    {
        std::string text; //!< as given, for messages
        uint32_t node{0}; //!< the node
        double boot{0};   //!< when it boots, s (0: booted from the start)
        double halt{-1};  //!< when it halts, s (-1: never)
    };

    uint32_t nodes{2};                   //!< --nodes
    uint32_t extraZones{0};              //!< --zones
    double churn{0};                     //!< --churn (period, s)
    std::string link{"p2p"};             //!< --link
    std::string traffic{"ping"};         //!< --traffic
    uint32_t count{10};                  //!< --count
    double interval{1.0};                //!< --interval, s
    uint32_t size{56};                   //!< --size, bytes of payload
    double duration{-1};                 //!< --duration, or the traffic's and the plans' end + 1 s
    std::string pcap;                    //!< --pcap prefix
    std::string kstats;                  //!< --kstats file
    KstatFormat kstatFormat{KSTATS_CSV}; //!< from the --kstats file's name
    std::string report;                  //!< --report file
    PfhooksKmemFaults faults;            //!< --kmem-faults
    std::vector<ModuleSpec> modules;     //!< --module, in the order given
    std::vector<ZoneSpec> zoneSpecs;     //!< --zone, in the order given
    /// --set-tunable, checked: (module, (variable, value))
    std::vector<std::pair<std::string, std::pair<std::string, std::string>>> tunables;
    PfhooksDeviceScript devices; //!< --device calls

    // What the repeatable options' callbacks found, reported after parsing.
    std::vector<std::string> tunableTexts; //!< --set-tunable as given
    std::string badModule;                 //!< a --module that did not parse
    std::string badZone;                   //!< a --zone that did not parse
    std::string badDevice;                 //!< the first --device error
};

/**
 * Parses and checks pfhooks-run's options (the measurement's too).
 * eturn 0, or the exit status after the error was printed
 */
int ParsePfhooksRunOptions(int argc,
                           char* argv[],
                           PfhooksMeasurement& measure,
                           PfhooksRunOptions* out);

/** Prints "error: WHY" to stderr. \return the exit status of a usage error (2) */
int PfhooksRunError(const std::string& why);

} // namespace ns3

#endif /* PFHOOKS_RUN_OPTIONS_H */
