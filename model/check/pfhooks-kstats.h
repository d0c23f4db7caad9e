/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_KSTATS_H
#define PFHOOKS_KSTATS_H

#include "ns3/pfhooks-hook-types.h"

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

namespace ns3
{

class PfhooksIpInstance;

/**
 * \ingroup pfhooks
 * One row of an instance's statistics: an event (hook empty) or one hook
 * of an event.
 *
 * The illumos kstats are named as illumos names them: an event's are
 * module = the hook family name ("inet", "inet6", "arp"), name = the event,
 * class "hook_event" (hooksAdded, hooksRemoved, events); a hook's are
 * module = "family/event", name = the hook, class "hook" (version, flags,
 * hint, position, hook_hits).  pfhooks adds, per event, the counters of
 * PfhooksIpInstance::Counters (accepted, rewritten, dropped, injected,
 * badChecksums) and, per
 * hook, hook_drops (non-zero returns) and hook_injections (packets it
 * injected).
 *
 * A module's kstat (kstat_create, net_kstat_create; installed and named)
 * gives one row per numeric statistic, as kstat -p's module:instance:name:
 * statistic: hookFamily = its module, event = its name, kstatClass,
 * kstatInstance, statistic and value (family and hook empty).
 */
struct PfhooksKstatRow
{
    uint32_t node{0};       //!< ns-3 node id
    netid_t netid{-1};      //!< the instance
    std::string family;     //!< NHF_INET, NHF_INET6, NHF_ARP
    std::string hookFamily; //!< "inet", "inet6", "arp" (the kstat module)
    std::string event;      //!< event name
    std::string hook;       //!< hook name; empty for the event's row
    // event row
    uint64_t hooksAdded{0};   //!< hooksAdded
    uint64_t hooksRemoved{0}; //!< hooksRemoved
    uint64_t events{0};       //!< events (runs)
    uint64_t accepted{0};     //!< packets that went on unchanged
    uint64_t rewritten{0};    //!< packets that went on with other bytes
    uint64_t dropped{0};      //!< packets dropped there
    uint64_t injected{0};     //!< packets net_inject() put on this path
    uint64_t badChecksums{0}; //!< rewrites that left a wrong checksum (ChecksumEnabled on)
    // hook row
    int32_t version{0};     //!< version
    uint32_t flags{0};      //!< flags
    int32_t hint{0};        //!< hint
    int32_t position{0};    //!< position (1-based)
    uint64_t hits{0};       //!< hook_hits
    uint64_t drops{0};      //!< hook_drops
    uint64_t injections{0}; //!< hook_injections
    bool removed{false};    //!< totals of the hooks of this name unregistered so far
    // module kstat row
    std::string statistic;    //!< the named statistic; empty on the framework's rows
    std::string kstatClass;   //!< ks_class
    int32_t kstatInstance{0}; //!< ks_instance
    uint64_t value{0};        //!< the statistic's value
};

/**
 * \ingroup pfhooks
 * The rows of an instance, the one collection every export uses (--kstats,
 * the JSON report, the time series, the C face's net_kstat_walk).
 * \param ip the instance
 * \param withRemoved also, after each event's live hooks, one row per hook
 *        name unregistered from it (removed set, its runs, drops and
 *        injections summed over every registration of that name): what
 *        illumos deletes with the hook, kept for reports
 * \return per event, its row then one row per hook in run order, then the
 *         rows of the modules' kstats of its stack
 *         (PfhooksModuleKstats::Snapshot) in creation order; nothing for a
 *         stopped instance
 */
std::vector<PfhooksKstatRow> CollectKstats(const PfhooksIpInstance& ip, bool withRemoved = false);

/**
 * \ingroup pfhooks
 * Reads one statistic by its illumos kstat names (see PfhooksKstatRow).
 * \param ip the instance
 * \param module "inet" (an event's kstat), "inet/PHYSICAL_IN" (a hook's)
 *        or a module kstat's module ("ipd")
 * \param name the event, the hook, or the module kstat's name
 * \param statistic e.g. "events", "hook_hits"
 * \param value receives the value
 * \return 0, ENOENT when no such kstat or statistic exists, EINVAL for a null argument
 */
int ReadKstat(const PfhooksIpInstance& ip,
              const char* module,
              const char* name,
              const char* statistic,
              uint64_t* value);

/** Export formats of WriteKstatRows. \ingroup pfhooks */
enum KstatFormat
{
    KSTATS_CSV,
    KSTATS_JSON
};

/**
 * \ingroup pfhooks
 * Writes rows as CSV (a header line, then one line per row; the event
 * columns empty on hook rows and the hook columns empty on event rows;
 * module kstat rows fill family with the kstat's module, event with its
 * name, and statistic and value only) or JSON ({"kstats": [ one object
 * per row and line ]}, each object with the fields of its kind).
 */
void WriteKstatRows(std::ostream& os, const std::vector<PfhooksKstatRow>& rows, KstatFormat format);

/**
 * \ingroup pfhooks
 * Writes one row as the JSON object that WriteKstatRows puts on each line
 * (no separator, no newline): the JSON report and the time series use it,
 * so that a row reads the same everywhere.
 */
void WriteKstatRowJson(std::ostream& os, const PfhooksKstatRow& row);

} // namespace ns3

#endif /* PFHOOKS_KSTATS_H */
