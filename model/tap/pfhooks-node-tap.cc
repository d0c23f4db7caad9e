/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Where each seam sits in ns-3 and what differs between them: how a seam
 * gets its datagram and hands the outcome on.  What they share (copy, run
 * the hooks, check, rebuild) is PfhooksSeamRunner's.
 */
#include "pfhooks-node-tap.h"

#include "pfhooks-datagram-check.h"
#include "pfhooks-inject.h"
#include "pfhooks-ip-instance.h"
#include "pfhooks-nic-events.h"
#include "pfhooks-packet-rebuild.h"
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

NS_LOG_COMPONENT_DEFINE("PfhooksNodeTap");
NS_OBJECT_ENSURE_REGISTERED(PfhooksNodeTap);

TypeId
PfhooksNodeTap::GetTypeId()
{
    static TypeId tid = TypeId("ns3::PfhooksNodeTap").SetParent<Object>().SetGroupName("Pfhooks");
    return tid;
}

PfhooksNodeTap::PfhooksNodeTap() = default;
PfhooksNodeTap::~PfhooksNodeTap() = default;

void
PfhooksNodeTap::DoDispose()
{
    NS_LOG_FUNCTION(this);
    if (m_watcher)
    {
        m_watcher->SetTap(nullptr);
    }
    if (m_watcher6)
    {
        m_watcher6->SetTap(nullptr);
    }
    if (m_wrapper)
    {
        // Interfaces keep the wrapper: from now on it hands packets straight
        // to the node's own layer.
        DynamicCast<PfhooksTrafficControl>(m_wrapper)->SetTap(nullptr, m_tc);
    }
    m_ip = nullptr;
    m_runner.SetInstance(nullptr);
    m_node = nullptr;
    m_ipv4 = nullptr;
    m_ipv6 = nullptr;
    m_tc = nullptr;
    m_wrapper = nullptr;
    m_watcher = nullptr;
    m_watcher6 = nullptr;
    Object::DoDispose();
}

template <typename Watcher, typename List, typename L3>
Ptr<Watcher>
PfhooksNodeTap::Front(Ptr<L3> l3)
{
    // The watcher takes the list's place (Ipv4L3Protocol::SetRoutingProtocol)
    // and fronts it; a tap of an earlier instance left one, reused.
    Ptr<Watcher> watcher = DynamicCast<Watcher>(l3->GetRoutingProtocol());
    if (!watcher)
    {
        Ptr<List> list = DynamicCast<List>(l3->GetRoutingProtocol());
        if (!list)
        {
            return nullptr;
        }
        watcher = CreateObject<Watcher>();
        watcher->Front(list);
        l3->SetRoutingProtocol(watcher);
    }
    watcher->SetTap(this);
    return watcher;
}

void
PfhooksNodeTap::Attach(PfhooksIpInstance* ip)
{
    NS_LOG_FUNCTION(this << ip);
    m_ip = ip;
    m_runner.SetInstance(ip);
    m_node = ip->GetNode();
    m_ipv4 = m_node->GetObject<Ipv4L3Protocol>();
    m_ipv6 = m_node->GetObject<Ipv6L3Protocol>();
    m_tc = m_node->GetObject<TrafficControlLayer>();
    NS_ABORT_MSG_IF((!m_ipv4 && !m_ipv6) || !m_tc,
                    "pfhooks: node " << m_node->GetId()
                                     << " has neither IPv4 nor IPv6 (or no TrafficControlLayer); "
                                        "install an internet stack before pfhooks");
    // A family the node has no stack for gets no watcher: it has no
    // interfaces and no traffic (doc/semantics.md, "Single-family nodes").
    if (m_ipv4)
    {
        m_watcher = Front<PfhooksIpv4Watcher, Ipv4ListRouting>(m_ipv4);
        if (!m_watcher)
        {
            NS_LOG_WARN("node " << m_node->GetId()
                                << ": routing is not an Ipv4ListRouting; interfaces added after "
                                   "pfhooks is installed are tapped only at the next Start()");
        }
    }
    if (m_ipv6)
    {
        m_watcher6 = Front<PfhooksIpv6Watcher, Ipv6ListRouting>(m_ipv6);
        if (!m_watcher6)
        {
            // InternetStackHelper's default IPv6 routing is a bare
            // Ipv6StaticRouting, which cannot be wrapped without setting it
            // up twice.  PfhooksHelper::ConfigureStack() gives a list.
            NS_LOG_WARN("node " << m_node->GetId()
                                << ": IPv6 routing is not an Ipv6ListRouting: IPv6 FORWARDING "
                                   "hooks will not run and IPv6 interfaces added later are "
                                   "tapped only when IPv4 changes (see "
                                   "PfhooksHelper::ConfigureStack)");
        }
    }
    TapLoopback();
    TapNewInterfaces();
    m_attached = true; // interfaces found from now on are plumbed while we watch
    Refresh();
}

void
PfhooksNodeTap::NicEvent(PfhooksFamily f,
                         uint32_t interface,
                         nic_event_t kind,
                         const struct sockaddr_storage* addr)
{
    NS_LOG_FUNCTION(this << f << interface << kind << addr);
    PfhooksNicEvents::Queue(this, f, interface, kind, addr);
}

int
PfhooksNodeTap::Inject(PfhooksFamily f,
                       inject_t style,
                       const uint8_t* bytes,
                       uint32_t len,
                       phy_if_t phy,
                       const struct sockaddr_storage* nextHop)
{
    return PfhooksInjector::Inject(this, f, style, bytes, len, phy, nextHop);
}

namespace
{
/// The loopback devices' handler, one for every node: finding the node's
/// tap per frame costs little on this rare path, and a callback bound to
/// each tap was about 200 bytes of every idle instance.
void
LoopbackToTap(Ptr<NetDevice> device,
              Ptr<const Packet> p,
              uint16_t protocol,
              const Address& from,
              const Address& to,
              NetDevice::PacketType packetType)
{
    Ptr<PfhooksIpInstance> ip = device->GetNode()->GetObject<PfhooksIpInstance>();
    if (ip && ip->GetTap())
    {
        ip->GetTap()->LoopbackReceive(device, p, protocol, from, to, packetType);
    }
}
} // namespace

void
PfhooksNodeTap::TapLoopback()
{
    // Ipv4L3Protocol/Ipv6L3Protocol::SetupLoopback registered their own
    // Receive for the loopback device (no traffic control there): put the
    // tap's handler in its place, once per protocol.
    static const Node::ProtocolHandler mine = MakeCallback(&LoopbackToTap);
    for (uint32_t i = 0; m_ipv4 && i < m_ipv4->GetNInterfaces(); i++)
    {
        Ptr<NetDevice> dev = m_ipv4->GetInterface(i)->GetDevice();
        if (DynamicCast<LoopbackNetDevice>(dev))
        {
            m_node->UnregisterProtocolHandler(
                MakeCallback(&Ipv4L3Protocol::Receive, PeekPointer(m_ipv4)));
            m_node->RegisterProtocolHandler(mine, Ipv4L3Protocol::PROT_NUMBER, dev);
            break;
        }
    }
    for (uint32_t i = 0; m_ipv6 && i < m_ipv6->GetNInterfaces(); i++)
    {
        Ptr<NetDevice> dev = m_ipv6->GetInterface(i)->GetDevice();
        if (DynamicCast<LoopbackNetDevice>(dev))
        {
            m_node->UnregisterProtocolHandler(
                MakeCallback(&Ipv6L3Protocol::Receive, PeekPointer(m_ipv6)));
            m_node->RegisterProtocolHandler(mine, Ipv6L3Protocol::PROT_NUMBER, dev);
            break;
        }
    }
}

void
PfhooksNodeTap::TapNewInterfaces()
{
    NS_LOG_FUNCTION(this);
    // Ipv4L3Protocol::AddInterface registered TrafficControlLayer::Receive
    // twice per device (IPv4 and ARP), and Ipv6L3Protocol::AddInterface once
    // (IPv6).  Node::UnregisterProtocolHandler drops one match per call, so
    // take exactly the new ones and put this tap's handler in their place.
    uint32_t v4Devices = 0;
    std::vector<Ptr<NetDevice>> fresh;
    for (uint32_t i = 0; m_ipv4 && i < m_ipv4->GetNInterfaces(); i++)
    {
        Ptr<Ipv4Interface> iface = m_ipv4->GetInterface(i);
        Ptr<NetDevice> dev = iface->GetDevice();
        if (DynamicCast<LoopbackNetDevice>(dev))
        {
            continue;
        }
        v4Devices++;
        if (i >= m_tappedV4)
        {
            if (m_active)
            {
                iface->SetTrafficControl(m_wrapper);
            }
            fresh.push_back(dev);
            if (m_attached)
            {
                NicEvent(PFH_INET, i, NE_PLUMB, nullptr);
            }
        }
    }
    if (m_ipv4)
    {
        m_tappedV4 = m_ipv4->GetNInterfaces();
    }
    uint32_t v6Devices = 0;
    std::vector<Ptr<NetDevice>> fresh6;
    if (Ptr<Ipv6L3Protocol> ipv6 = m_ipv6 ? m_ipv6 : m_node->GetObject<Ipv6L3Protocol>())
    {
        for (uint32_t i = 0; i < ipv6->GetNInterfaces(); i++)
        {
            Ptr<NetDevice> dev = ipv6->GetInterface(i)->GetDevice();
            if (DynamicCast<LoopbackNetDevice>(dev))
            {
                continue;
            }
            v6Devices++;
            if (i >= m_tappedV6)
            {
                if (m_active)
                {
                    ipv6->GetInterface(i)->SetTrafficControl(m_wrapper);
                }
                fresh6.push_back(dev);
                if (m_attached)
                {
                    NicEvent(PFH_INET6, i, NE_PLUMB, nullptr);
                }
            }
        }
        m_tappedV6 = ipv6->GetNInterfaces();
    }
    uint32_t expected = 2 * v4Devices + v6Devices;
    if (expected == m_handlersTaken)
    {
        return;
    }
    Node::ProtocolHandler real = MakeCallback(&TrafficControlLayer::Receive, m_tc);
    for (uint32_t n = m_handlersTaken; n < expected; n++)
    {
        m_node->UnregisterProtocolHandler(real);
    }
    m_handlersTaken = expected;
    Node::ProtocolHandler mine = MakeCallback(&PfhooksNodeTap::Receive, this);
    for (const auto& dev : fresh6)
    {
        m_node->RegisterProtocolHandler(mine, Ipv6L3Protocol::PROT_NUMBER, dev);
    }
    for (const auto& dev : fresh)
    {
        m_node->RegisterProtocolHandler(mine, Ipv4L3Protocol::PROT_NUMBER, dev);
        m_node->RegisterProtocolHandler(mine, ArpL3Protocol::PROT_NUMBER, dev);
        NS_LOG_LOGIC("node " << m_node->GetId() << ": tapped device " << dev->GetIfIndex());
    }
}

/// The family a link-layer protocol number carries.
static bool
FamilyOfProtocol(uint16_t protocol, PfhooksFamily* f)
{
    // (PROT_NUMBER are static members, not constant expressions: no switch.)
    if (protocol == Ipv4L3Protocol::PROT_NUMBER)
    {
        *f = PFH_INET;
    }
    else if (protocol == Ipv6L3Protocol::PROT_NUMBER)
    {
        *f = PFH_INET6;
    }
    else if (protocol == ArpL3Protocol::PROT_NUMBER)
    {
        *f = PFH_ARP;
    }
    else
    {
        return false;
    }
    return true;
}

int
PfhooksNodeTap::InboundFlags(Ptr<NetDevice> device, PfhooksFamily f, const uint8_t* ip)
{
    // illumos sets the flags from the link-layer destination
    // (IRAF_L2DST_MULTICAST/BROADCAST); its ARP hook leaves them unset (0
    // here).  ns-3's non-promiscuous receive path does not tell the
    // link-layer destination, but on a broadcast-capable link ns-3's IP sends
    // exactly the multicast and broadcast IP destinations to the link's
    // multicast and broadcast addresses, so the IP destination tells it; a
    // point-to-point link has neither.
    if (f == PFH_ARP || !device->NeedsArp())
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
        if (a.device == device && dst.IsSubnetDirectedBroadcast(a.mask) &&
            dst.CombineMask(a.mask) == a.local.CombineMask(a.mask))
        {
            return HPE_BROADCAST;
        }
    }
    return 0;
}

const std::vector<PfhooksNodeTap::IfAddr>&
PfhooksNodeTap::Ipv4Addresses()
{
    if (!m_ifAddrs)
    {
        m_ifAddrs = std::make_unique<std::vector<IfAddr>>();
        for (uint32_t i = 0; m_ipv4 && i < m_ipv4->GetNInterfaces(); i++)
        {
            for (uint32_t a = 0; a < m_ipv4->GetNAddresses(i); a++)
            {
                Ipv4InterfaceAddress ia = m_ipv4->GetAddress(i, a);
                m_ifAddrs->push_back(
                    {m_ipv4->GetInterface(i)->GetDevice(), ia.GetLocal(), ia.GetMask()});
            }
        }
    }
    return *m_ifAddrs;
}

void
PfhooksNodeTap::AddressesChanged()
{
    NS_LOG_FUNCTION(this);
    m_ifAddrs.reset();
    TapNewInterfaces();
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
        // No hook anywhere, zone running, nothing to skip: straight on.
        m_tc->Receive(device, p, protocol, from, to, packetType);
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
        bool in = !SkipOnce(*p) && HasHooks(f, PFH_PHYSICAL_IN);
        if (in && MaySleep(f, PFH_PHYSICAL_IN) &&
            PfhooksSleepingSeam::Receive(this, f, device, p, protocol, from, to, packetType))
        {
            return; // held: it comes back here when the hooks are done
        }
        bool observe = HasHooks(f, PFH_OBSERVING); // ARP has no OBSERVING: false
        if (in || observe)
        {
            // Malformed datagrams are not shown to hooks: ns-3 judges them.
            // Hooks see the datagram without link-layer padding.
            PfhooksWholeDatagram datagram(p);
            Ptr<Packet> rewritten;
            PfhooksSeamOutcome o =
                !in ? (m_runner.Copy(f, datagram) ? PFH_SEAM_ACCEPT : PFH_SEAM_UNSHOWN)
                    : m_runner.Run(
                          f,
                          PFH_PHYSICAL_IN,
                          datagram,
                          PfhooksIpInstance::PhyIf(device),
                          0,
                          [&](const uint8_t* ip) { return InboundFlags(device, f, ip); },
                          &rewritten);
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
    m_tc->Receive(device, p, protocol, from, to, packetType);
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
        Ipv4Address dst = Ipv4Address::Deserialize(ip + 16);
        for (const auto& a : Ipv4Addresses())
        {
            if (a.local == dst)
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
PfhooksNodeTap::ObserveOut(PfhooksFamily f, Ptr<NetDevice> device, Ptr<const QueueDiscItem> item)
{
    // The datagram as it leaves: a raw item already holds it whole; an
    // item of ns-3's is its header serialized in front of its payload.
    uint32_t len;
    // ns-3's own items first, by their exact type: three dynamic casts
    // were a tenth of an outbound observation.
    const QueueDiscItem& it = *item;
    if (typeid(it) == typeid(Ipv4QueueDiscItem))
    {
        const auto& v4 = static_cast<const Ipv4QueueDiscItem&>(it);
        PfhooksHeadedDatagram<Ipv4Header> datagram(v4.GetPacket(), v4.GetHeader());
        len = m_runner.CopyChecked(f, datagram);
    }
    else if (typeid(it) == typeid(Ipv6QueueDiscItem))
    {
        const auto& v6 = static_cast<const Ipv6QueueDiscItem&>(it);
        PfhooksHeadedDatagram<Ipv6Header> datagram(v6.GetPacket(), v6.GetHeader());
        len = m_runner.CopyChecked(f, datagram);
    }
    else if (DynamicCast<const PfhooksRawIpv4QueueDiscItem>(item) ||
             DynamicCast<const PfhooksRawIpv6QueueDiscItem>(item))
    {
        PfhooksWholeDatagram datagram(item->GetPacket());
        len = m_runner.Copy(f, datagram);
    }
    else if (Ptr<const Ipv4QueueDiscItem> v4 = DynamicCast<const Ipv4QueueDiscItem>(item))
    {
        PfhooksHeadedDatagram<Ipv4Header> datagram(v4->GetPacket(), v4->GetHeader());
        len = m_runner.CopyChecked(f, datagram);
    }
    else if (Ptr<const Ipv6QueueDiscItem> v6 = DynamicCast<const Ipv6QueueDiscItem>(item))
    {
        PfhooksHeadedDatagram<Ipv6Header> datagram(v6->GetPacket(), v6->GetHeader());
        len = m_runner.CopyChecked(f, datagram);
    }
    else
    {
        return;
    }
    if (len == 0)
    {
        return;
    }
    // illumos ip_xmit(): the sending zone (in an exclusive-IP zone, the
    // stack's), destination unknown.
    m_ip->RunObserve(f,
                     IPOBS_HOOK_OUTBOUND,
                     m_runner.GetCopied(),
                     len,
                     PfhooksIpInstance::PhyIf(device),
                     m_ip->GetZoneId(),
                     ALL_ZONES,
                     m_runner.GetObserveSpares());
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
            uint32_t len = m_runner.Copy(f, datagram);
            if (len == 0)
            {
                return true; // malformed: not shown to hooks, ns-3 judges it
            }
            zoneid_t zone = m_ip->GetZoneId(); // exclusive-IP: both ends here
            m_ip->RunObserve(f,
                             IPOBS_HOOK_LOCAL,
                             m_runner.GetCopied(),
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

bool
PfhooksNodeTap::EventHasHooks(PfhooksFamily f, PfhooksEvent e) const
{
    if (m_ip == nullptr || !m_ip->IsRunning())
    {
        return false;
    }
    // Asked several times per packet: no reference count traffic.
    const PfhooksHookEvent* ev = m_ip->PeekEvent(f, e);
    return ev != nullptr && ev->HasHooks();
}

bool
PfhooksNodeTap::MaySleep(PfhooksFamily f, PfhooksEvent e) const
{
    const PfhooksHookEvent* ev = m_ip->PeekEvent(f, e);
    return ev != nullptr && ev->MaySleep();
}

template <typename HeaderT>
bool
PfhooksNodeTap::RunForwarding(PfhooksFamily f,
                              Ptr<const NetDevice> idev,
                              Ptr<NetDevice> odev,
                              Ptr<const Packet>* p,
                              HeaderT* header)
{
    if (!HasHooks(f, PFH_FORWARDING))
    {
        return true; // removed or the instance stopped since the route was found
    }
    PfhooksSeamRunner::Scope scope(&m_runner);
    PfhooksHeadedDatagram<HeaderT> datagram(*p, *header);
    Ptr<Packet> rewritten;
    switch (m_runner.Run(f,
                         PFH_FORWARDING,
                         datagram,
                         PfhooksIpInstance::PhyIf(idev),
                         PfhooksIpInstance::PhyIf(odev),
                         PfhooksSeamRunner::NoFlags,
                         &rewritten))
    {
    case PFH_SEAM_DROP:
        return false;
    case PFH_SEAM_REWRITE: {
        // (As in illumos, the route chosen before the hooks stands.)
        if (const HeaderT* h = datagram.GetRewrittenHeader())
        {
            *header = *h; // the header alone changed: the payload goes on
            return true;
        }
        // ns-3 forwards a payload and a header object: split the new bytes.
        HeaderT fresh;
        PfhooksPacketRebuild::PrepareHeader(&fresh);
        rewritten->RemoveHeader(fresh);
        *header = fresh;
        *p = rewritten;
        return true;
    }
    default:
        return true;
    }
}

void
PfhooksNodeTap::Forward4(Ipv4RoutingProtocol::UnicastForwardCallback forward,
                         Ptr<const NetDevice> idev,
                         Ptr<Ipv4Route> route,
                         Ptr<const Packet> p,
                         const Ipv4Header& header)
{
    Ipv4Header h = header;
    PfhooksPacketRebuild::PrepareHeader(&h);
    if (RunForwarding(PFH_INET, idev, route->GetOutputDevice(), &p, &h))
    {
        forward(route, p, h);
    }
}

/**
 * \param ipv6 the node's IPv6
 * \param device an IPv6 interface's device
 * \param dst a next hop
 * \return whether ns-3 can solicit @p dst on the device: multicast,
 *         link-local, or on the prefix of one of its addresses
 */
static bool
OnLink6(Ptr<Ipv6L3Protocol> ipv6, Ptr<const NetDevice> device, Ipv6Address dst)
{
    if (dst.IsMulticast() || dst.IsLinkLocal())
    {
        return true; // no solicitation, or one from the link-local address
    }
    int32_t i = ipv6->GetInterfaceForDevice(device);
    for (uint32_t a = 0; i >= 0 && a < ipv6->GetNAddresses(i); a++)
    {
        // As Ipv6Interface::GetAddressMatchingDestination.
        Ipv6InterfaceAddress ia = ipv6->GetAddress(i, a);
        if (ia.GetPrefix().IsMatch(ia.GetAddress(), dst))
        {
            return true;
        }
    }
    return false;
}

void
PfhooksNodeTap::Forward6(Ipv6RoutingProtocol::UnicastForwardCallback forward,
                         Ptr<const NetDevice> idev,
                         Ptr<Ipv6Route> route,
                         Ptr<const Packet> p,
                         const Ipv6Header& header)
{
    Ipv6Header h = header;
    if (!RunForwarding(PFH_INET6, idev, route->GetOutputDevice(), &p, &h))
    {
        return;
    }
    if (h.GetDestination() != header.GetDestination() && route->GetGateway().IsAny() &&
        !OnLink6(m_ipv6, route->GetOutputDevice(), h.GetDestination()))
    {
        // On a route without gateway ns-3 takes the next hop from the header
        // and solicits it from the outgoing interface's address on its
        // prefix; with none, ns-3 3.37 solicits from :: and crashes
        // (Ipv6L3Protocol::Send -> GetNetDevice(-1)).
        m_ip->ReportDrop(PFH_INET6,
                         PFH_FORWARDING,
                         "IPv6 destination rewritten off the outgoing link",
                         p->GetSize() + h.GetSerializedSize());
        return;
    }
    forward(idev, route, p, h);
}

namespace
{
/**
 * PHYSICAL_OUT's datagram: when a hook wants the bytes they are serialized
 * through a packet, which is then sent as it is if the hooks accept it
 * (ns-3 would serialize the header a second time).
 */
template <typename HeaderT>
struct SentDatagram : public PfhooksHeadedDatagram<HeaderT>
{
    using PfhooksHeadedDatagram<HeaderT>::PfhooksHeadedDatagram;

    /**
     * Serializes header and payload into a packet kept for the send and
     * copies its bytes out.
     * \param f the family (unused: not checked)
     * \param b receives the bytes
     * \return their number
     */
    uint32_t CopyTo(PfhooksFamily f, std::vector<uint8_t>* b) const
    {
        if (!serialized)
        {
            serialized = this->GetSerialized();
        }
        uint32_t len = serialized->GetSize();
        b->resize(len);
        serialized->CopyData(b->data(), len);
        return len;
    }

    /** \return the datagram as one packet, header first (for the traces) */
    Ptr<const Packet> GetDatagram() const
    {
        return serialized ? Ptr<const Packet>(serialized)
                          : PfhooksHeadedDatagram<HeaderT>::GetDatagram();
    }

    mutable Ptr<Packet> serialized; //!< the bytes shown, once a hook wanted them
};
} // namespace

template <typename ItemT, typename RawT>
bool
PfhooksNodeTap::RunPhysicalOut(PfhooksFamily f, Ptr<NetDevice> device, Ptr<QueueDiscItem>* item)
{
    // ns-3's own item by its exact type, else a dynamic cast (a tenth of
    // a C++ accept's run when done every time).
    QueueDiscItem& it = **item;
    ItemT* l3 = typeid(it) == typeid(ItemT) ? static_cast<ItemT*>(&it) : dynamic_cast<ItemT*>(&it);
    if (l3 == nullptr)
    {
        return true; // already bytes (an earlier rewrite) or unknown: pass
    }
    const auto& header = l3->GetHeader();
    typedef typename std::decay<decltype(header)>::type HeaderT;
    SentDatagram<HeaderT> datagram(l3->GetPacket(), header);
    Ptr<Packet> rewritten;
    switch (m_runner.Run(f,
                         PFH_PHYSICAL_OUT,
                         datagram,
                         0,
                         PfhooksIpInstance::PhyIf(device),
                         PfhooksSeamRunner::NoFlags, // illumos passes no flags on PHYSICAL_OUT
                         &rewritten))
    {
    case PFH_SEAM_DROP:
        return false;
    case PFH_SEAM_REWRITE: {
        if (const HeaderT* h = datagram.GetRewrittenHeader())
        {
            // The header alone changed: the packet serialized for the hooks
            // (no one else's) gets the new header bytes in place of the old
            // ones, in its own buffer, and goes out as they are; the header
            // object, already set, serves the queue discs.
            uint32_t hs = h->GetSerializedSize();
            Ptr<Packet> p = datagram.serialized;
            if (p)
            {
                p->RemoveAtStart(hs);
            }
            else
            {
                p = l3->GetPacket()->Copy();
            }
            PfhooksPacketRebuild::AddHead(p, m_runner.GetRewritten(), hs, HeaderT::GetTypeId());
            *item = Create<RawT>(p, l3->GetAddress(), l3->GetProtocol(), *h);
            return true;
        }
        HeaderT parsed;
        rewritten->PeekHeader(parsed);
        *item = Create<RawT>(rewritten, l3->GetAddress(), l3->GetProtocol(), parsed);
        return true;
    }
    default:
        if (datagram.serialized)
        {
            // Serialized for the hooks already: send those bytes rather
            // than have ns-3 serialize the header (and its checksum) again.
            *item = Create<RawT>(datagram.serialized, l3->GetAddress(), l3->GetProtocol(), header);
        }
        return true; // else unchanged: ns-3 serializes it as without hooks
    }
}

void
PfhooksNodeTap::Send(Ptr<NetDevice> device, Ptr<QueueDiscItem> item)
{
    if (!m_tc)
    {
        return;
    }
    if (m_halted)
    {
        // Whatever is still on its way out of a halted host (an ARP retry,
        // a timer of a socket) never reaches the device.
        m_haltedTxDrops++;
        return;
    }
    PfhooksFamily f;
    if (m_ip != nullptr && m_ip->IsRunning() && FamilyOfProtocol(item->GetProtocol(), &f))
    {
        PfhooksSeamRunner::Scope scope(&m_runner);
        if (!SkipOnce(*item) && HasHooks(f, PFH_PHYSICAL_OUT))
        {
            if (MaySleep(f, PFH_PHYSICAL_OUT) && PfhooksSleepingSeam::Send(this, f, device, item))
            {
                return; // held: it comes back here when the hooks are done
            }
            bool goesOn =
                f == PFH_INET
                    ? RunPhysicalOut<Ipv4QueueDiscItem, PfhooksRawIpv4QueueDiscItem>(f,
                                                                                     device,
                                                                                     &item)
                : f == PFH_INET6
                    ? RunPhysicalOut<Ipv6QueueDiscItem, PfhooksRawIpv6QueueDiscItem>(f,
                                                                                     device,
                                                                                     &item)
                    : RunPhysicalOut<ArpQueueDiscItem, PfhooksRawArpQueueDiscItem>(f,
                                                                                   device,
                                                                                   &item);
            if (!goesOn)
            {
                return;
            }
        }
        // illumos observes outbound packets after PHYSICAL_OUT let them go.
        if (HasHooks(f, PFH_OBSERVING))
        {
            ObserveOut(f, device, item);
        }
    }
    m_tc->Send(device, item);
}

bool
PfhooksNodeTap::StillRunning(netid_t netid) const
{
    // netids are never reused: a rebooted zone's new instance has another.
    return m_ip != nullptr && m_ip->IsRunning() && m_ip->GetNetid() == netid;
}

void
PfhooksNodeTap::SetHalted(bool halted)
{
    NS_LOG_FUNCTION(this << halted);
    m_halted = halted;
    Refresh();
}

} // namespace ns3
