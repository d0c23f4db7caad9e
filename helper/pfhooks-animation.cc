/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Counters are read from the kstats when written, not counted from the
 * traces, so that NetAnim's last value is the kstat itself.
 */
#include "pfhooks-animation.h"

#include "ns3/animation-interface.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/pfhooks-zone.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksAnimation");

namespace
{
/// The packet events: their runs are the "hook runs" counter.
const PfhooksEvent PACKET_EVENTS[] = {PFH_PHYSICAL_IN,
                                      PFH_PHYSICAL_OUT,
                                      PFH_FORWARDING,
                                      PFH_LOOPBACK_IN,
                                      PFH_LOOPBACK_OUT};
} // namespace

const char*
PfhooksAnimation::GetCounterName(Counter c)
{
    static const char* const names[N_COUNTERS] = {"pfhooks drops",
                                                  "pfhooks rewrites",
                                                  "pfhooks injections",
                                                  "pfhooks hook runs"};
    return names[c];
}

uint64_t
PfhooksAnimation::Read(const PfhooksIpInstance& ip, Counter c)
{
    uint64_t sum = 0;
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        auto fam = static_cast<PfhooksFamily>(f);
        if (c == HOOK_RUNS)
        {
            for (PfhooksEvent e : PACKET_EVENTS)
            {
                const PfhooksHookEvent* ev = ip.PeekEvent(fam, e);
                sum += ev ? ev->m_events : 0;
            }
            continue;
        }
        for (int e = 0; e < PFH_NEVENTS; e++)
        {
            PfhooksIpInstance::Counters k = ip.GetCounters(fam, static_cast<PfhooksEvent>(e));
            sum += c == DROPS ? k.dropped : c == REWRITES ? k.rewritten : k.injected;
        }
    }
    return sum;
}

Ptr<PfhooksIpInstance>
PfhooksAnimation::Instance(uint32_t node)
{
    return node < NodeList::GetNNodes() ? NodeList::GetNode(node)->GetObject<PfhooksIpInstance>()
                                        : nullptr;
}

PfhooksAnimation::PfhooksAnimation(AnimationInterface& anim, NodeContainer nodes, Time flashTime)
    : m_anim(&anim),
      m_flashTime(flashTime)
{
    NS_LOG_FUNCTION(this << flashTime);
    for (int c = 0; c < N_COUNTERS; c++)
    {
        m_ids[c] = anim.AddNodeCounter(GetCounterName(static_cast<Counter>(c)),
                                       AnimationInterface::UINT32_COUNTER);
    }
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<PfhooksIpInstance> ip = (*it)->GetObject<PfhooksIpInstance>();
        if (ip)
        {
            m_nodes[(*it)->GetId()] = Shown();
        }
    }
}

Ptr<PfhooksAnimation>
PfhooksAnimation::Enable(AnimationInterface& anim, NodeContainer nodes, Time flashTime)
{
    NS_ABORT_MSG_IF(!flashTime.IsStrictlyPositive(),
                    "PfhooksAnimation::Enable: the flash time must be > 0, not " << flashTime);
    Ptr<PfhooksAnimation> a = Create<PfhooksAnimation>(anim, nodes, flashTime);
    for (auto& [id, shown] : a->m_nodes)
    {
        Ptr<PfhooksIpInstance> ip = Instance(id);
        // The node's traces hold the object: it lives as long as they can fire.
        ip->TraceConnectWithoutContext("HookVerdict",
                                       MakeCallback(&PfhooksAnimation::OnVerdict, a));
        // Drops outside the seams (an injected datagram without a route).
        ip->TraceConnect("Ipv4Drop",
                         std::to_string(id),
                         MakeCallback(&PfhooksAnimation::OnDrop4, a));
        ip->TraceConnect("Ipv6Drop",
                         std::to_string(id),
                         MakeCallback(&PfhooksAnimation::OnDrop6, a));
        ip->TraceConnectWithoutContext("Injected", MakeCallback(&PfhooksAnimation::OnInjected, a));
        if (Ptr<PfhooksZone> zone = ip->GetNode()->GetObject<PfhooksZone>())
        {
            zone->TraceConnectWithoutContext("ZoneState",
                                             MakeCallback(&PfhooksAnimation::OnZone, a));
        }
        a->ShowZone(id, ip->IsRunning(), ip->GetNetid());
        // Every counter once at the start, so that each has a value.
        for (int c = 0; c < N_COUNTERS; c++)
        {
            shown.last[c] = Read(*ip, static_cast<Counter>(c));
            anim.UpdateNodeCounter(a->m_ids[c], id, static_cast<double>(shown.last[c]));
        }
    }
    return a;
}

void
PfhooksAnimation::Refresh()
{
    for (auto& n : m_nodes)
    {
        Update(n.first);
    }
}

void
PfhooksAnimation::Update(uint32_t node)
{
    Ptr<PfhooksIpInstance> ip = Instance(node);
    auto it = m_nodes.find(node);
    if (!ip || it == m_nodes.end())
    {
        return;
    }
    for (int c = 0; c < N_COUNTERS; c++)
    {
        uint64_t v = Read(*ip, static_cast<Counter>(c));
        if (v != it->second.last[c])
        {
            it->second.last[c] = v;
            m_anim->UpdateNodeCounter(m_ids[c], node, static_cast<double>(v));
        }
    }
}

void
PfhooksAnimation::Flash(uint32_t node, uint8_t r, uint8_t g, uint8_t b)
{
    auto it = m_nodes.find(node);
    if (it == m_nodes.end())
    {
        return;
    }
    m_anim->UpdateNodeColor(node, r, g, b);
    Simulator::Schedule(m_flashTime,
                        &PfhooksAnimation::EndFlash,
                        Ptr<PfhooksAnimation>(this),
                        node,
                        ++it->second.flashes);
}

void
PfhooksAnimation::EndFlash(uint32_t node, uint64_t generation)
{
    auto it = m_nodes.find(node);
    if (it != m_nodes.end() && it->second.flashes == generation)
    {
        bool running = it->second.running;
        m_anim->UpdateNodeColor(node, running ? 0 : 128, running ? 170 : 128, running ? 0 : 128);
    }
}

void
PfhooksAnimation::ShowZone(uint32_t node, bool running, netid_t netid)
{
    auto it = m_nodes.find(node);
    if (it == m_nodes.end())
    {
        return;
    }
    it->second.running = running;
    it->second.flashes++; // a flash under way ends in the new colour
    m_anim->UpdateNodeColor(node, running ? 0 : 128, running ? 170 : 128, running ? 0 : 128);
    std::ostringstream d;
    d << "node " << node << ": zone ";
    if (running)
    {
        d << "booted (netid " << netid << ")";
    }
    else
    {
        d << "halted";
    }
    m_anim->UpdateNodeDescription(node, d.str());
}

void
PfhooksAnimation::OnVerdict(Ptr<const Packet>,
                            uint32_t node,
                            const std::string&,
                            const std::string&,
                            const std::string&,
                            PfhooksVerdict verdict)
{
    if (verdict == PFH_DROP)
    {
        Flash(node, 220, 0, 0);
    }
    Update(node);
}

void
PfhooksAnimation::OnDrop4(std::string node,
                          const Ipv4Header&,
                          Ptr<const Packet>,
                          Ipv4L3Protocol::DropReason,
                          Ptr<Ipv4>,
                          uint32_t,
                          const std::string&,
                          const std::string&)
{
    Update(std::stoul(node));
}

void
PfhooksAnimation::OnDrop6(std::string node,
                          const Ipv6Header&,
                          Ptr<const Packet>,
                          Ipv6L3Protocol::DropReason,
                          Ptr<Ipv6>,
                          uint32_t,
                          const std::string&,
                          const std::string&)
{
    Update(std::stoul(node));
}

void
PfhooksAnimation::OnInjected(Ptr<const Packet>, uint32_t node, int, int result)
{
    if (result == 0)
    {
        Flash(node, 0, 80, 255);
        Update(node);
    }
}

void
PfhooksAnimation::OnZone(uint32_t node, netid_t netid, bool booted)
{
    ShowZone(node, booted, netid);
    Update(node);
}

} // namespace ns3
