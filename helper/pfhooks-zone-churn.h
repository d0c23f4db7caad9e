/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_ZONE_CHURN_H
#define PFHOOKS_ZONE_CHURN_H

#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/random-variable-stream.h"

#include <cstdint>

namespace ns3
{

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

#endif /* PFHOOKS_ZONE_CHURN_H */
