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

/**
 * \ingroup pfhooks
 * Zone churn, configured through attributes (Config::SetDefault, or
 * --ns3::PfhooksZoneChurn::Period=2s on a CommandLine): each zone toggles
 * (boots when halted, halts when booted) first at Start + D * Period, then
 * each time Period / 2 + D * Period after its last toggle (at least 1 ms),
 * until Stop; D is a fresh draw of Draw each time, zone after zone in
 * container order, and times are rounded to milliseconds.  Draw's default,
 * uniform on [0, 1) on stream 0, gives gaps uniform in [Period / 2,
 * 3 Period / 2); another variable changes the pattern's shape (an
 * ExponentialRandomVariable: memoryless toggles).  The same seed, run and
 * stream give the same pattern.
 *
 * \code
 *   Ptr<PfhooksZoneChurn> churn = CreateObjectWithAttributes<PfhooksZoneChurn>(
 *       "Stop", TimeValue(Seconds(30)), "Period", TimeValue(Seconds(2)));
 *   churn->Schedule(zones);
 * \endcode
 */
class PfhooksZoneChurn : public Object
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId();

    /**
     * Schedules the churn of every zone of the container (a node that is no
     * zone yet becomes one, as PfhooksZoneHelper::ScheduleBoot makes it).  A
     * zone starts from the state its plan leaves it in at its first toggle,
     * and should have no other plan after that.
     * \return the boots and halts scheduled
     */
    uint32_t Schedule(NodeContainer zones);

    /**
     * Sets the stream of Draw.
     * \param stream the stream index
     * \return the number of streams used (1)
     */
    int64_t AssignStreams(int64_t stream);

  private:
    Time m_start;                     ///< the earliest first toggle
    Time m_stop;                      ///< no toggle from then on
    Time m_period;                    ///< the scale of the gaps
    Ptr<RandomVariableStream> m_draw; ///< D
};

} // namespace ns3

#endif /* PFHOOKS_ZONE_HELPER_H */
