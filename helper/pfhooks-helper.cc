/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-helper.h"

#include "pfhooks-ascii-drops.h"

#include "ns3/abort.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-list-routing-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/log.h"
#include "ns3/node-list.h"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksHelper");

PfhooksHelper::PfhooksHelper() = default;

void
PfhooksHelper::ConfigureStack(InternetStackHelper& stack)
{
    NS_LOG_FUNCTION(&stack);
    Ipv6ListRoutingHelper list;
    Ipv6StaticRoutingHelper staticRouting;
    list.Add(staticRouting, 0);
    stack.SetRoutingHelper(list);
}

namespace
{
/**
 * node->GetObject<PfhooksIpInstance>() without ns-3's walk up the TypeId
 * parents of every aggregate, which was a tenth of Install's cost (an
 * instance of a subclass is not found).
 * \param node the node
 * \return its instance, or null
 */
Ptr<PfhooksIpInstance>
Aggregated(Ptr<Node> node)
{
    const TypeId tid = PfhooksIpInstance::GetTypeId();
    Object::AggregateIterator it = node->GetAggregateIterator();
    while (it.HasNext())
    {
        Ptr<const Object> o = it.Next();
        if (o->GetInstanceTypeId() == tid)
        {
            return Ptr<PfhooksIpInstance>(const_cast<PfhooksIpInstance*>(
                static_cast<const PfhooksIpInstance*>(PeekPointer(o))));
        }
    }
    return nullptr;
}
} // namespace

Ptr<PfhooksIpInstance>
PfhooksHelper::Install(Ptr<Node> node) const
{
    NS_LOG_FUNCTION(this << node);
    // A node without IPv4 and IPv6 is refused by the instance's tap, with
    // its id, before anything is put into it.
    Ptr<PfhooksIpInstance> ip =
        PfhooksIpInstance::MayBeOn(node->GetId()) ? Aggregated(node) : nullptr;
    if (!ip)
    {
        ip = PfhooksIpInstance::CreateDefault();
        node->AggregateObject(ip);
    }
    ip->Start();
    return ip;
}

void
PfhooksHelper::Install(NodeContainer nodes) const
{
    NS_LOG_FUNCTION(this << nodes.GetN());
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Install(*it);
    }
}

void
PfhooksHelper::InstallAll() const
{
    NS_LOG_FUNCTION(this);
    Install(NodeContainer::GetGlobal());
}

Ptr<PfhooksIpInstance>
PfhooksHelper::GetInstance(Ptr<Node> node)
{
    return node->GetObject<PfhooksIpInstance>();
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
    NS_LOG_FUNCTION(nodes.GetN() << family << event << name << hint << hintValue);
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<PfhooksIpInstance> ip = GetInstance(*it);
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

int
PfhooksHelper::WriteKstats(const std::string& filename, KstatFormat format, NodeContainer nodes)
{
    NS_LOG_FUNCTION(filename << format << nodes.GetN());
    std::vector<PfhooksKstatRow> rows;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<PfhooksIpInstance> ip = GetInstance(*it))
        {
            std::vector<PfhooksKstatRow> mine = CollectKstats(*ip, true);
            rows.insert(rows.end(), mine.begin(), mine.end());
        }
    }
    std::ofstream out(filename);
    if (!out)
    {
        NS_LOG_WARN("WriteKstats: cannot open " << filename);
        return EIO;
    }
    WriteKstatRows(out, rows, format);
    out.close();
    if (!out)
    {
        NS_LOG_WARN("WriteKstats: cannot write " << filename);
        return EIO;
    }
    return 0;
}

bool
PfhooksHelper::KstatFormatOf(const std::string& filename, KstatFormat* format)
{
    std::string lower = filename;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
        return std::tolower(c);
    });
    auto endsWith = [&lower](const std::string& suffix) {
        return lower.size() > suffix.size() &&
               lower.compare(lower.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    if (endsWith(".csv"))
    {
        *format = KSTATS_CSV;
        return true;
    }
    if (endsWith(".json"))
    {
        *format = KSTATS_JSON;
        return true;
    }
    return false;
}

PfhooksIpInstance::Counters
PfhooksHelper::GetCounters(NodeContainer nodes, PfhooksFamily family, PfhooksEvent event)
{
    PfhooksIpInstance::Counters sum;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if (Ptr<PfhooksIpInstance> ip = GetInstance(*it))
        {
            PfhooksIpInstance::Counters c = ip->GetCounters(family, event);
            sum.accepted += c.accepted;
            sum.rewritten += c.rewritten;
            sum.dropped += c.dropped;
            sum.injected += c.injected;
        }
    }
    return sum;
}

Ptr<PfhooksFlowDropReasons>
PfhooksHelper::EnableFlowMonitor(FlowMonitorHelper& flowmon, NodeContainer nodes)
{
    return PfhooksFlowProbe::Install(flowmon, nodes);
}

void
PfhooksHelper::EnableAsciiDrops(Ptr<OutputStreamWrapper> stream, NodeContainer nodes)
{
    PfhooksAsciiDrops::Enable(stream, nodes);
}

Ptr<PfhooksAnimation>
PfhooksHelper::EnableAnimation(AnimationInterface& anim, NodeContainer nodes)
{
    return PfhooksAnimation::Enable(anim, nodes);
}

} // namespace ns3
