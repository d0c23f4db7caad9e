/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * When a node's seams have work: the wrapper goes into the interfaces with
 * the instance's first hook (or a halt, or a packet to skip) and out with
 * the last, so that a node without hooks sends as plain ns-3 does.
 */
#include "pfhooks-ip-instance.h"
#include "pfhooks-node-tap.h"
#include "pfhooks-tc-wrapper.h"

#include "ns3/arp-l3-protocol.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/pfhooks-net-instance-registry.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksTapActivity");

namespace
{
/// An event got its first hook or lost its last: its instance's seams may
/// go in or out.
void
HooksChanged(PfhooksHookEvent* ev)
{
    PfhooksHookFamily* family = ev->GetFamily();
    PfhooksHookStack* stack = family != nullptr ? family->GetStack() : nullptr;
    if (stack == nullptr)
    {
        return; // detached: its instance is going, Stop() refreshes
    }
    auto* ip = dynamic_cast<PfhooksIpInstance*>(
        PfhooksNetInstanceRegistry::Get().GetIpInstance(stack->GetNetid()));
    if (ip != nullptr && ip->GetTap())
    {
        ip->GetTap()->Refresh();
    }
}
} // namespace

void
PfhooksNodeTap::ListenForHooks()
{
    PfhooksHookEvent::SetHooksChanged(&HooksChanged);
}

void
PfhooksNodeTap::Refresh()
{
    bool active = m_halted || (m_noPfhook && !m_noPfhook->empty()) || AnyHooks();
    if (active == m_active || !m_node)
    {
        return;
    }
    NS_LOG_FUNCTION(this << active);
    m_active = active;
    if (!active)
    {
        // The wrapper stays, passing packets straight on: taking it out
        // could run while the node is being disposed (Stop, a module's
        // last hook going), and ARP or an interface disposed already would
        // then hold the node's layer again, an aggregate cycle that never
        // frees the node.
        return;
    }
    if (!m_wrapper)
    {
        Ptr<PfhooksTrafficControl> wrapper = CreateObject<PfhooksTrafficControl>();
        wrapper->SetTap(this, m_tc);
        m_wrapper = wrapper;
    }
    // A pointer the interfaces read at each send: nothing in flight moves.
    Ptr<TrafficControlLayer> tc = m_wrapper;
    // ARP requests and replies leave through the wrapper too (ARP hooks).
    if (Ptr<ArpL3Protocol> arp = m_node->GetObject<ArpL3Protocol>())
    {
        arp->SetTrafficControl(tc);
    }
    // (A node being disposed has dropped its interfaces: none to swap.)
    for (uint32_t i = 0; i < m_tappedV4; i++)
    {
        Ptr<Ipv4Interface> iface = m_ipv4->GetInterface(i);
        if (iface && !DynamicCast<LoopbackNetDevice>(iface->GetDevice()))
        {
            iface->SetTrafficControl(tc);
        }
    }
    if (Ptr<Ipv6L3Protocol> ipv6 = m_ipv6 ? m_ipv6 : m_node->GetObject<Ipv6L3Protocol>())
    {
        for (uint32_t i = 0; i < m_tappedV6; i++)
        {
            Ptr<Ipv6Interface> iface = ipv6->GetInterface(i);
            if (iface && !DynamicCast<LoopbackNetDevice>(iface->GetDevice()))
            {
                iface->SetTrafficControl(tc);
            }
        }
    }
}

bool
PfhooksNodeTap::AnyHooks() const
{
    if (m_ip == nullptr || !m_ip->IsRunning())
    {
        return false;
    }
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        for (int e = 0; e < PFH_NEVENTS; e++)
        {
            const PfhooksHookEvent* ev =
                m_ip->PeekEvent(static_cast<PfhooksFamily>(f), static_cast<PfhooksEvent>(e));
            if (ev != nullptr && ev->HasHooks())
            {
                return true;
            }
        }
    }
    return false;
}

bool
PfhooksNodeTap::Skip(uint64_t uid)
{
    if (m_noPfhook->erase(uid) == 0)
    {
        return false;
    }
    if (m_noPfhook->empty())
    {
        Refresh();
    }
    return true;
}

} // namespace ns3
