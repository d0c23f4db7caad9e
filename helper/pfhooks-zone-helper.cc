/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-zone-helper.h"

#include "pfhooks-zone-churn.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/pointer.h"
#include "ns3/simulator.h"
#include "ns3/string.h"

#include <cerrno>
#include <cmath>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksZoneHelper");

Ptr<PfhooksZone>
PfhooksZoneHelper::Install(Ptr<Node> node, bool booted)
{
    NS_LOG_FUNCTION(node << booted);
    NS_ABORT_MSG_IF(!node->GetObject<Ipv4>() && !node->GetObject<Ipv6>(),
                    "PfhooksZoneHelper::Install: node "
                        << node->GetId()
                        << " has neither IPv4 nor IPv6 (InternetStackHelper first)");
    NS_ABORT_MSG_IF(node->GetObject<PfhooksZone>(),
                    "PfhooksZoneHelper::Install: node " << node->GetId() << " is a zone already");
    Ptr<PfhooksZone> zone = CreateObject<PfhooksZone>();
    node->AggregateObject(zone);
    zone->Initialize(booted);
    return zone;
}

void
PfhooksZoneHelper::Install(NodeContainer nodes, bool booted)
{
    NS_LOG_FUNCTION(nodes.GetN() << booted);
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it, booted);
    }
}

Ptr<PfhooksZone>
PfhooksZoneHelper::GetZone(Ptr<Node> node)
{
    return node->GetObject<PfhooksZone>();
}

Ptr<PfhooksZone>
PfhooksZoneHelper::ZoneOf(Ptr<Node> node)
{
    if (Ptr<PfhooksZone> zone = node->GetObject<PfhooksZone>())
    {
        return zone;
    }
    if (!node->GetObject<Ipv4>() && !node->GetObject<Ipv6>())
    {
        NS_LOG_WARN("node " << node->GetId() << " has no internet stack: it cannot be a zone");
        return nullptr;
    }
    return Install(node, IsBooted(node));
}

int
PfhooksZoneHelper::ScheduleBoot(Ptr<Node> node, Time at)
{
    NS_LOG_FUNCTION(node << at);
    Ptr<PfhooksZone> zone = ZoneOf(node);
    return zone ? zone->ScheduleBoot(at) : EINVAL;
}

int
PfhooksZoneHelper::ScheduleHalt(Ptr<Node> node, Time at)
{
    NS_LOG_FUNCTION(node << at);
    Ptr<PfhooksZone> zone = ZoneOf(node);
    return zone ? zone->ScheduleHalt(at) : EINVAL;
}

bool
PfhooksZoneHelper::IsBooted(Ptr<Node> node)
{
    if (Ptr<PfhooksZone> zone = node->GetObject<PfhooksZone>())
    {
        return zone->IsBooted();
    }
    Ptr<PfhooksIpInstance> ip = node->GetObject<PfhooksIpInstance>();
    return ip && ip->IsRunning();
}

uint32_t
PfhooksZoneHelper::ScheduleChurn(NodeContainer zones,
                                 Time start,
                                 Time stop,
                                 Time period,
                                 int64_t stream)
{
    NS_LOG_FUNCTION(zones.GetN() << start << stop << period << stream);
    Ptr<PfhooksZoneChurn> churn = CreateObjectWithAttributes<PfhooksZoneChurn>("Start",
                                                                               TimeValue(start),
                                                                               "Stop",
                                                                               TimeValue(stop),
                                                                               "Period",
                                                                               TimeValue(period));
    churn->AssignStreams(stream);
    return churn->Schedule(zones);
}

} // namespace ns3
