/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-zone-churn.h"

#include "pfhooks-zone-helper.h"

#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/string.h"

#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksZoneChurn");

NS_OBJECT_ENSURE_REGISTERED(PfhooksZoneChurn);

TypeId
PfhooksZoneChurn::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PfhooksZoneChurn")
            .SetParent<Object>()
            .SetGroupName("Pfhooks")
            .AddConstructor<PfhooksZoneChurn>()
            .AddAttribute("Start",
                          "The earliest first toggle of a zone",
                          TimeValue(Seconds(0)),
                          MakeTimeAccessor(&PfhooksZoneChurn::m_start),
                          MakeTimeChecker())
            .AddAttribute("Stop",
                          "No toggle from this time on",
                          TimeValue(Seconds(10)),
                          MakeTimeAccessor(&PfhooksZoneChurn::m_stop),
                          MakeTimeChecker())
            .AddAttribute(
                "Period",
                "The scale of the gaps: first toggle at Start + D * Period, the next ones "
                "Period / 2 + D * Period after the last",
                TimeValue(Seconds(1)),
                MakeTimeAccessor(&PfhooksZoneChurn::m_period),
                MakeTimeChecker())
            .AddAttribute("Draw",
                          "D, drawn afresh for each toggle (default: uniform on [0, 1), stream 0)",
                          StringValue("ns3::UniformRandomVariable[Min=0.0|Max=1.0|Stream=0]"),
                          MakePointerAccessor(&PfhooksZoneChurn::m_draw),
                          MakePointerChecker<RandomVariableStream>());
    return tid;
}

int64_t
PfhooksZoneChurn::AssignStreams(int64_t stream)
{
    NS_LOG_FUNCTION(this << stream);
    m_draw->SetStream(stream);
    return 1;
}

uint32_t
PfhooksZoneChurn::Schedule(NodeContainer zones)
{
    NS_LOG_FUNCTION(this << zones.GetN());
    NS_ABORT_MSG_IF(!m_period.IsStrictlyPositive(), "PfhooksZoneChurn: Period must be > 0");
    const double p = m_period.GetSeconds();
    auto ms = [](double s) { return MilliSeconds(static_cast<int64_t>(std::llround(s * 1000))); };
    // Written as ns-3 draws uniform values (min + D * (max - min)), so that
    // the default reproduces, bit for bit, the one UniformRandomVariable
    // churn once drew from.
    auto between = [this](double min, double max) {
        return min + m_draw->GetValue() * (max - min);
    };
    uint32_t scheduled = 0;
    for (auto it = zones.Begin(); it != zones.End(); ++it)
    {
        Ptr<PfhooksZone> zone = PfhooksZoneHelper::ZoneOf(*it);
        if (!zone)
        {
            continue;
        }
        Time t = m_start + ms(between(0, p));
        bool booted = zone->IsBootedAt(t);
        while (t < m_stop)
        {
            int rv = booted ? zone->ScheduleHalt(t) : zone->ScheduleBoot(t);
            if (rv != 0)
            {
                NS_LOG_WARN("churn of zone node " << (*it)->GetId() << " stops at " << t.As(Time::S)
                                                  << ": error " << rv);
                break;
            }
            scheduled++;
            booted = !booted;
            // At least a millisecond apart: one event per time and zone.
            t += std::max(MilliSeconds(1), ms(between(p / 2, 3 * p / 2)));
        }
    }
    return scheduled;
}

} // namespace ns3
