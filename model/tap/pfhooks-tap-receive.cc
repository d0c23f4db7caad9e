/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * PfhooksNodeTap, inbound: what a node receives from its devices and its
 * loopback (PHYSICAL_IN, LOOPBACK_OUT/IN, inbound OBSERVING) before
 * ns-3's IP sees it.
 */
#include "pfhooks-datagram-check.h"
#include "pfhooks-inject.h"
#include "pfhooks-ip-instance.h"
#include "pfhooks-nic-events.h"
#include "pfhooks-node-tap.h"
#include "pfhooks-packet-rebuild.h"
#include "pfhooks-pass-on.h"
#include "pfhooks-raw-queue-disc-item.h"
#include "pfhooks-routing-watcher.h"
#include "pfhooks-sleeping-seam.h"
#include "pfhooks-tc-wrapper.h"

#include "ns3/arp-l3-protocol.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node.h"

#include <type_traits>
#include <typeinfo>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksTapReceive");

namespace
{

/**
 * Hands a received frame on to traffic control with the seam's own
 * arguments, not copies (pfhooks-pass-on.h).
 * \param tc the node's traffic control
 * \param device as PfhooksNodeTap::Receive got it
 * \param p the packet (the rewritten one after a rewrite)
 * \param protocol as PfhooksNodeTap::Receive got it
 * \param from as PfhooksNodeTap::Receive got it
 * \param to as PfhooksNodeTap::Receive got it
 * \param packetType as PfhooksNodeTap::Receive got it
 */
inline void
PassUp(TrafficControlLayer* tc,
       const Ptr<NetDevice>& device,
       const Ptr<const Packet>& p,
       const uint16_t& protocol,
       const Address& from,
       const Address& to,
       const NetDevice::PacketType& packetType)
{
    PfhooksPassOn(tc, &TrafficControlLayer::Receive, device, p, protocol, from, to, packetType);
}

} // namespace

int
PfhooksNodeTap::InboundFlags(const NetDevice& device, PfhooksFamily f, const uint8_t* ip)
{
    // illumos sets the flags from the link-layer destination
    // (IRAF_L2DST_MULTICAST/BROADCAST); its ARP hook leaves them unset (0
    // here).  ns-3's non-promiscuous receive path does not tell the
    // link-layer destination, but on a broadcast-capable link ns-3's IP sends
    // exactly the multicast and broadcast IP destinations to the link's
    // multicast and broadcast addresses, so the IP destination tells it; a
    // point-to-point link has neither.
    if (f == PFH_ARP)
    {
        return 0;
    }
    if (&device != m_flagsDevice)
    {
        // A call per packet otherwise; a device's answer never changes.
        m_flagsDevice = &device;
        m_flagsNeedArp = device.NeedsArp();
    }
    if (!m_flagsNeedArp)
    {
        return 0;
    }
    if (f == PFH_INET6)
    {
        return ip[24] == 0xff ? HPE_MULTICAST : 0;
    }
    Ipv4Address dst = Ipv4Address::Deserialize(ip + 16);
    if (dst.IsMulticast())
    {
        return HPE_MULTICAST;
    }
    if (dst.IsBroadcast())
    {
        return HPE_BROADCAST;
    }
    for (const auto& a : Ipv4Addresses())
    {
        if (PeekPointer(a.device) == &device && dst.IsSubnetDirectedBroadcast(a.mask) &&
            dst.CombineMask(a.mask) == a.local.CombineMask(a.mask))
        {
            return HPE_BROADCAST;
        }
    }
    return 0;
}

void
PfhooksNodeTap::Receive(Ptr<NetDevice> device,
                        Ptr<const Packet> p,
                        uint16_t protocol,
                        const Address& from,
                        const Address& to,
                        NetDevice::PacketType packetType)
{
    if (!m_active)
    {
        // No hook anywhere, zone running, nothing to skip: straight on
        // (this call's own arguments, not copies: pfhooks-pass-on.h).
        PassUp(PeekPointer(m_tc), device, p, protocol, from, to, packetType);
        return;
    }
    if (m_halted)
    {
        // A halted host takes nothing off the wire, ARP included.
        m_haltedRxDrops++;
        return;
    }
    PfhooksFamily f;
    if (m_ip != nullptr && m_ip->IsRunning() && FamilyOfProtocol(protocol, &f))
    {
        // Only around the hooks: ns-3's delivery below may send (forwarding).
        PfhooksSeamRunner::Scope scope(&m_runner);
        // The event is looked up once (the instance runs, the seams are on).
        PfhooksHookEvent* inEvent = m_ip->PeekEvent(f, PFH_PHYSICAL_IN);
        bool in = !SkipOnce(*PeekPointer(p)) && inEvent != nullptr && inEvent->HasHooks();
        if (in && inEvent->MaySleep() &&
            PfhooksSleepingSeam::Receive(this, f, device, p, protocol, from, to, packetType))
        {
            return; // held: it comes back here when the hooks are done
        }
        bool observe = HasHooks(f, PFH_OBSERVING); // ARP has no OBSERVING: false
        if (!in && observe)
        {
            // Observers alone: the head is checked (malformed datagrams
            // are not shown: ns-3 judges them), the datagram copied only
            // into their message, when one of them wants it.
            uint8_t head[PfhooksWholeDatagram::kHeadBytes];
            if (uint32_t len = PfhooksIpInstance::ObserveHead(f, *p, head))
            {
                m_ip->RunObserve(f,
                                 IPOBS_HOOK_INBOUND,
                                 PfhooksIpInstance::ObservePacket(*p),
                                 len,
                                 PfhooksIpInstance::PhyIf(device),
                                 ALL_ZONES, // from the wire: unknown
                                 ZoneOfDestination(f, head),
                                 m_runner.GetObserveSpares());
            }
        }
        else if (in)
        {
            // Malformed datagrams are not shown to hooks: ns-3 judges them.
            // Hooks see the datagram without link-layer padding.  Without
            // an observer the seam needs no copy of its own: the header
            // alone is copied, the rest when a hook asks for the bytes (a
            // C hook first does at once).
            PfhooksWholeDatagram datagram(p, !observe && !inEvent->FirstHookReadsMessage());
            Ptr<Packet> rewritten;
            PfhooksSeamOutcome o = m_runner.Run(
                f,
                PFH_PHYSICAL_IN,
                datagram,
                PfhooksIpInstance::PhyIf(device),
                0,
                [&](const uint8_t* ip) {
                    // A link without ARP (point-to-point) has no flags: no
                    // call for the device seen last.
                    return PeekPointer(device) == m_flagsDevice && !m_flagsNeedArp
                               ? 0
                               : InboundFlags(*device, f, ip);
                },
                &rewritten,
                inEvent);
            if (o == PFH_SEAM_DROP)
            {
                return;
            }
            const uint8_t* seen = m_runner.GetCopied();
            if (o == PFH_SEAM_REWRITE)
            {
                p = rewritten;
                seen = m_runner.GetRewritten();
            }
            // illumos observes inbound packets after PHYSICAL_IN let them in.
            if (o != PFH_SEAM_UNSHOWN && HasHooks(f, PFH_OBSERVING))
            {
                if (!observe && o == PFH_SEAM_ACCEPT)
                {
                    // A hook added the observer: the copy may be the header alone.
                    m_runner.Copy(f, datagram);
                    seen = m_runner.GetCopied();
                }
                m_ip->RunObserve(f,
                                 IPOBS_HOOK_INBOUND,
                                 seen,
                                 PfhooksDatagramCheck::Length(f, seen),
                                 PfhooksIpInstance::PhyIf(device),
                                 ALL_ZONES, // from the wire: unknown
                                 ZoneOfDestination(f, seen),
                                 m_runner.GetObserveSpares());
            }
        }
    }
    PassUp(PeekPointer(m_tc), device, p, protocol, from, to, packetType);
}

zoneid_t
PfhooksNodeTap::ZoneOfDestination(PfhooksFamily f, const uint8_t* ip)
{
    // illumos ip_get_zoneid_v4/v6: the zone owning the destination when it
    // is a local address, else ALL_ZONES (forwarded, multicast, broadcast).
    if (f == PFH_INET)
    {
        // The cached addresses, as Ipv4L3Protocol::GetInterfaceForAddress
        // would find them (its walk was a tenth of an inbound observation).
        uint32_t dst =
            (uint32_t(ip[16]) << 24) | (uint32_t(ip[17]) << 16) | (uint32_t(ip[18]) << 8) | ip[19];
        for (const auto& a : Ipv4Addresses())
        {
            if (a.localBits == dst)
            {
                return m_ip->GetZoneId();
            }
        }
        return ALL_ZONES;
    }
    Ipv6Address dst = Ipv6Address::Deserialize(ip + 24);
    return m_ipv6 && m_ipv6->GetInterfaceForAddress(dst) >= 0 ? m_ip->GetZoneId() : ALL_ZONES;
}

void
PfhooksNodeTap::LocalReceive(Ptr<NetDevice> device,
                             Ptr<const Packet> p,
                             uint16_t protocol,
                             const Address& from,
                             const Address& to,
                             NetDevice::PacketType packetType)
{
    // A datagram the node sends to its own address on a physical interface
    // never leaves the node: the LOOPBACK events, not the PHYSICAL ones.
    if (m_halted)
    {
        m_haltedRxDrops++;
        return;
    }
    PfhooksFamily f;
    if (FamilyOfProtocol(protocol, &f) && !RunLoopback(f, device, &p))
    {
        return;
    }
    if (m_tc)
    {
        m_tc->Receive(device, p, protocol, from, to, packetType);
    }
}

void
PfhooksNodeTap::LoopbackReceive(Ptr<NetDevice> device,
                                Ptr<const Packet> p,
                                uint16_t protocol,
                                const Address& from,
                                const Address& to,
                                NetDevice::PacketType packetType)
{
    // Frames of ns-3's LoopbackNetDevice (127.0.0.1, ::1): they were handed
    // straight to the L3 protocol, which is where they still go.
    if (m_halted)
    {
        m_haltedRxDrops++;
        return;
    }
    PfhooksFamily f;
    if (!FamilyOfProtocol(protocol, &f) || !RunLoopback(f, device, &p))
    {
        return;
    }
    if (f == PFH_INET && m_ipv4)
    {
        m_ipv4->Receive(device, p, protocol, from, to, packetType);
    }
    else if (f == PFH_INET6 && m_ipv6)
    {
        m_ipv6->Receive(device, p, protocol, from, to, packetType);
    }
}

bool
PfhooksNodeTap::RunLoopback(PfhooksFamily f, Ptr<const NetDevice> device, Ptr<const Packet>* p)
{
    // ns-3 hands such a datagram over at once, so LOOPBACK_OUT, the
    // observers (IPOBS_HOOK_LOCAL) and LOOPBACK_IN run here back to back, in
    // illumos's order (ire_send_local); what OUT leaves is what IN sees.
    PfhooksSeamRunner::Scope scope(&m_runner);
    const phy_if_t phy = PfhooksIpInstance::PhyIf(device);
    for (PfhooksEvent e : {PFH_LOOPBACK_OUT, PFH_OBSERVING, PFH_LOOPBACK_IN})
    {
        if (!HasHooks(f, e))
        {
            continue;
        }
        PfhooksWholeDatagram datagram(*p);
        if (e == PFH_OBSERVING)
        {
            uint8_t head[PfhooksWholeDatagram::kHeadBytes];
            uint32_t len = PfhooksIpInstance::ObserveHead(f, **p, head);
            if (len == 0)
            {
                return true; // malformed: not shown to hooks, ns-3 judges it
            }
            zoneid_t zone = m_ip->GetZoneId(); // exclusive-IP: both ends here
            m_ip->RunObserve(f,
                             IPOBS_HOOK_LOCAL,
                             PfhooksIpInstance::ObservePacket(**p),
                             len,
                             phy,
                             zone,
                             zone,
                             m_runner.GetObserveSpares());
            continue;
        }
        Ptr<Packet> rewritten;
        switch (m_runner.Run(f,
                             e,
                             datagram,
                             e == PFH_LOOPBACK_IN ? phy : 0,
                             e == PFH_LOOPBACK_OUT ? phy : 0,
                             PfhooksSeamRunner::NoFlags,
                             &rewritten))
        {
        case PFH_SEAM_UNSHOWN:
            return true; // malformed: not shown to hooks, ns-3 judges it
        case PFH_SEAM_DROP:
            return false;
        case PFH_SEAM_REWRITE:
            *p = rewritten;
            break;
        case PFH_SEAM_ACCEPT:
            break;
        }
    }
    return true;
}

} // namespace ns3
