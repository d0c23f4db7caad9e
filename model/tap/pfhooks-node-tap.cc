/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A node's seams into ns-3: attaching them (the IP protocols' receive
 * handlers, the loopback, the traffic-control wrapper, the routing
 * watcher), the addresses they cache, injection and halting.  What a seam
 * does with a datagram is in pfhooks-tap-receive.cc (inbound) and
 * pfhooks-tap-send.cc (FORWARDING, PHYSICAL_OUT); what they share (copy,
 * run the hooks, check, rebuild) is PfhooksSeamRunner's.
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

TypeId
PfhooksNodeTap::GetInstanceTypeId() const
{
    return GetTypeId();
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

namespace
{
/**
 * \param tid a TypeId
 * \return true when neither it nor a parent has an attribute: an object of
 *         it made without CreateObject (whose attribute walk is all it
 *         would do) is the same
 */
bool
NothingToConstruct(TypeId tid)
{
    for (;; tid = tid.GetParent())
    {
        if (tid.GetAttributeN() != 0)
        {
            return false;
        }
        if (tid == tid.GetParent())
        {
            return true;
        }
    }
}
} // namespace

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
        // Its GetInstanceTypeId is the list's, which ns-3 constructs.
        static const bool plain = NothingToConstruct(List::GetTypeId());
        watcher = plain ? Ptr<Watcher>(new Watcher(), false) : CreateObject<Watcher>();
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
    // One walk over the node's aggregates by exact TypeId: three
    // GetObject walks up every aggregate's parents were a twentieth of
    // Install.  A subclass (or none) is left to GetObject.
    const TypeId v4 = Ipv4L3Protocol::GetTypeId();
    const TypeId v6 = Ipv6L3Protocol::GetTypeId();
    const TypeId tc = TrafficControlLayer::GetTypeId();
    Object::AggregateIterator it = m_node->GetAggregateIterator();
    while ((!m_ipv4 || !m_ipv6 || !m_tc) && it.HasNext())
    {
        Ptr<const Object> o = it.Next();
        const TypeId t = o->GetInstanceTypeId();
        auto* p = const_cast<Object*>(PeekPointer(o));
        if (t == v4)
        {
            m_ipv4 = static_cast<Ipv4L3Protocol*>(p);
        }
        else if (t == v6)
        {
            m_ipv6 = static_cast<Ipv6L3Protocol*>(p);
        }
        else if (t == tc)
        {
            m_tc = static_cast<TrafficControlLayer*>(p);
        }
    }
    m_ipv4 = m_ipv4 ? m_ipv4 : m_node->GetObject<Ipv4L3Protocol>();
    m_ipv6 = m_ipv6 ? m_ipv6 : m_node->GetObject<Ipv6L3Protocol>();
    m_tc = m_tc ? m_tc : m_node->GetObject<TrafficControlLayer>();
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
                m_ifAddrs->push_back({m_ipv4->GetInterface(i)->GetDevice(),
                                      ia.GetLocal(),
                                      ia.GetMask(),
                                      ia.GetLocal().Get()});
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
