/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-helper.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-list-routing-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/node-list.h"

#include <cerrno>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksHelper");

PfhooksHelper::PfhooksHelper() = default;

void
PfhooksHelper::ConfigureStack(InternetStackHelper& stack)
{
    Ipv6ListRoutingHelper list;
    Ipv6StaticRoutingHelper staticRouting;
    list.Add(staticRouting, 0);
    stack.SetRoutingHelper(list);
}

Ptr<IpInstance>
PfhooksHelper::Install(Ptr<Node> node) const
{
    NS_ABORT_MSG_IF(!node->GetObject<Ipv4>(),
                    "PfhooksHelper::Install: node "
                        << node->GetId() << " has no internet stack (InternetStackHelper first)");
    Ptr<IpInstance> ip = node->GetObject<IpInstance>();
    if (!ip)
    {
        ip = CreateObject<IpInstance>();
        node->AggregateObject(ip);
    }
    ip->Start();
    return ip;
}

void
PfhooksHelper::Install(NodeContainer nodes) const
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

void
PfhooksHelper::InstallAll() const
{
    Install(NodeContainer::GetGlobal());
}

Ptr<IpInstance>
PfhooksHelper::GetInstance(Ptr<Node> node)
{
    return node->GetObject<IpInstance>();
}

int
PfhooksHelper::AddPacketHook(NodeContainer nodes,
                             const std::string& family,
                             const std::string& event,
                             const std::string& name,
                             PacketHookCallback cb,
                             hook_hint_t hint,
                             const std::string& hintValue)
{
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<IpInstance> ip = GetInstance(*it);
        if (!ip)
        {
            NS_LOG_WARN("AddPacketHook: pfhooks is not installed on node " << (*it)->GetId());
            return ENXIO;
        }
        int rv = ip->AddPacketHook(family, event, name, cb, hint, hintValue);
        if (rv != 0)
        {
            return rv;
        }
    }
    return 0;
}

IpInstance::Counters
PfhooksHelper::GetCounters(NodeContainer nodes, PfhooksFamily family, PfhooksEvent event)
{
    IpInstance::Counters sum;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<IpInstance> ip = GetInstance(*it))
        {
            const IpInstance::Counters& c = ip->GetCounters(family, event);
            sum.accepted += c.accepted;
            sum.rewritten += c.rewritten;
            sum.dropped += c.dropped;
            sum.injected += c.injected;
        }
    }
    return sum;
}

} // namespace ns3
