/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_ZONE_HELPER_H
#define PFHOOKS_ZONE_HELPER_H

#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/pfhooks-zone.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup pfhooks
 * Makes nodes zones that boot and halt while the simulation runs (see
 * PfhooksZone): each boot gives the node a new IP instance, each halt tears it
 * down for every module and cuts the node off the network.
 *
 * \code
 *   PfhooksZoneHelper::Install(zones, false);                  // halted until their first boot
 *   PfhooksZoneHelper::ScheduleBoot(zones.Get(0), Seconds(1));
 *   PfhooksZoneHelper::ScheduleHalt(zones.Get(0), Seconds(4));
 *   PfhooksZoneHelper::ScheduleBoot(zones.Get(0), Seconds(6)); // a new netid
 *   PfhooksZoneHelper::GetZone(zones.Get(0))->TraceConnectWithoutContext("ZoneState",
 *                                                                MakeCallback(&Seen));
 * \endcode
 *
 * Install zones after addresses and routes are in place (a zone halted at
 * install keeps them for its first boot) and after global routing is
 * populated.
 */
class PfhooksZoneHelper
{
  public:
    /**
     * Makes a node a zone, booted now (its instance running, as
     * PfhooksHelper::Install) or halted until its first boot (no instance,
     * interfaces down, NICs closed).  Aborts on a node without an internet
     * stack or one that is a zone already.
     * \param node the node
     * \param booted the state it starts in
     * \return the zone
     */
    static Ptr<PfhooksZone> Install(Ptr<Node> node, bool booted = true);
    /** Install() on every node of the container. */
    static void Install(NodeContainer nodes, bool booted = true);
    /**
     * \return the node's zone, made one first (in the state its instance is
     *         in) if it is none yet; null for a node without an internet stack
     */
    static Ptr<PfhooksZone> ZoneOf(Ptr<Node> node);

    /** \return the node's zone, or null */
    static Ptr<PfhooksZone> GetZone(Ptr<Node> node);

    /**
     * Boots the node's zone at simulated time `at` (absolute).  A node that
     * is no zone yet becomes one, booted if its instance runs.
     * \return 0; EALREADY when the zone would be booted then; EINVAL for a
     *         time in the past or planned already, or a node without an
     *         internet stack (see PfhooksZone::ScheduleBoot)
     */
    static int ScheduleBoot(Ptr<Node> node, Time at);
    /** Halts the node's zone at `at`. \return as ScheduleBoot */
    static int ScheduleHalt(Ptr<Node> node, Time at);

    /** \return true when the node's zone is booted (a node that is no zone: its instance runs) */
    static bool IsBooted(Ptr<Node> node);

    /**
     * Churn with PfhooksZoneChurn's default draws (uniform) on `stream`:
     * each zone of the container toggles (boots when halted, halts when
     * booted) at a time drawn in [start, start + period), then again after
     * each draw in [period / 2, 3 period / 2), until `stop`.
     * \return the boots and halts scheduled (see PfhooksZoneChurn::Schedule)
     */
    static uint32_t ScheduleChurn(NodeContainer zones,
                                  Time start,
                                  Time stop,
                                  Time period,
                                  int64_t stream = 0);
};

} // namespace ns3

#endif /* PFHOOKS_ZONE_HELPER_H */
