/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-node-tap.h"

#include "pfhooks-ip-instance.h"

#include "ns3/arp-l3-protocol.h"
#include "ns3/arp-queue-disc-item.h"
#include "ns3/buffer.h"
#include "ns3/hash.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-list-routing.h"
#include "ns3/ipv6-queue-disc-item.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <type_traits>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksNodeTap");

/// A header about to be parsed from bytes that ns-3 will write out again.
static void
PrepareHeader(Ipv4Header* h)
{
    if (Node::ChecksumEnabled())
    {
        h->EnableChecksum();
    }
}

static void
PrepareHeader(Ipv6Header*)
{
}

/**
 * Sets ECN CE in the bytes of a datagram whose parsed header is `parsed`,
 * as Ipv4/Ipv6QueueDiscItem::Mark() do on their header objects.
 * \return false for a datagram that is not ECN-capable
 */
template <typename H>
static bool
MarkCeInBytes(const H& parsed, Ptr<Packet> p)
{
    if (parsed.GetEcn() == H::ECN_NotECT)
    {
        return false;
    }
    H h;
    PrepareHeader(&h);
    p->RemoveHeader(h);
    h.SetEcn(H::ECN_CE);
    p->AddHeader(h);
    return true;
}

/**
 * \ingroup pfhooks
 * The TrafficControlLayer the node's IPv4 interfaces send through: runs
 * PHYSICAL_OUT, then hands the item to the node's real layer.
 */
class PfhooksTrafficControl : public TrafficControlLayer
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::PfhooksTrafficControl")
                                .SetParent<TrafficControlLayer>()
                                .SetGroupName("Pfhooks");
        return tid;
    }

    /**
     * \param tap the tap that runs the events, or null once it is gone
     * \param real the node's own layer, where packets go without a tap
     */
    void SetTap(PfhooksNodeHookTap* tap, Ptr<TrafficControlLayer> real)
    {
        m_tap = tap;
        m_real = real;
    }

    void Send(Ptr<NetDevice> device, Ptr<QueueDiscItem> item) override
    {
        if (m_tap != nullptr)
        {
            m_tap->Send(device, item);
        }
        else if (m_real)
        {
            m_real->Send(device, item);
        }
    }

    void Receive(Ptr<NetDevice> device,
                 Ptr<const Packet> p,
                 uint16_t protocol,
                 const Address& from,
                 const Address& to,
                 NetDevice::PacketType packetType) override
    {
        if (m_tap != nullptr)
        {
            m_tap->LocalReceive(device, p, protocol, from, to, packetType);
        }
        else if (m_real)
        {
            m_real->Receive(device, p, protocol, from, to, packetType);
        }
    }

  protected:
    void DoDispose() override
    {
        m_tap = nullptr;
        m_real = nullptr;
        TrafficControlLayer::DoDispose();
    }

  private:
    PfhooksNodeHookTap* m_tap{nullptr};
    Ptr<TrafficControlLayer> m_real; //!< interfaces keep the wrapper after the tap goes
};

NS_OBJECT_ENSURE_REGISTERED(PfhooksTrafficControl);

/**
 * \ingroup pfhooks
 * A routing protocol that routes nothing, put first in the node's
 * Ipv4ListRouting or Ipv6ListRouting.  It hears every interface and address
 * change (so new interfaces get tapped), and when FORWARDING has hooks its
 * RouteInput asks the node's real routing protocols itself, handing them a
 * forward callback that runs the hooks before ns-3's IpForward.  One
 * template serves both versions; Traits names the types and binds the
 * forward callback.
 */
template <typename Traits>
class PfhooksWatcher : public Traits::Protocol
{
  public:
    typedef typename Traits::Protocol Protocol;
    typedef typename Traits::List List;

    static TypeId GetTypeId()
    {
        static TypeId tid =
            TypeId(Traits::kName).template SetParent<Protocol>().SetGroupName("Pfhooks");
        return tid;
    }

    void SetTap(PfhooksNodeHookTap* tap)
    {
        m_tap = tap;
    }

    void SetList(List* list)
    {
        m_list = list;
    }

    Ptr<typename Traits::Route> RouteOutput(Ptr<Packet>,
                                            const typename Traits::Header&,
                                            Ptr<NetDevice>,
                                            Socket::SocketErrno& sockerr) override
    {
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }

    bool RouteInput(Ptr<const Packet> p,
                    const typename Traits::Header& header,
                    Ptr<const NetDevice> idev,
                    typename Protocol::UnicastForwardCallback ucb,
                    typename Protocol::MulticastForwardCallback mcb,
                    typename Protocol::LocalDeliverCallback lcb,
                    typename Protocol::ErrorCallback ecb) override
    {
        if (m_tap == nullptr || m_list == nullptr ||
            !m_tap->HasHooks(Traits::kFamily, PFH_FORWARDING))
        {
            return false; // no hook: the list goes on as if we were not there
        }
        typename Protocol::UnicastForwardCallback hooked = Traits::Hook(m_tap, ucb, idev);
        for (uint32_t i = 0; i < m_list->GetNRoutingProtocols(); i++)
        {
            int16_t priority;
            Ptr<Protocol> rp = m_list->GetRoutingProtocol(i, priority);
            if (PeekPointer(rp) != this && rp->RouteInput(p, header, idev, hooked, mcb, lcb, ecb))
            {
                return true;
            }
        }
        return false;
    }

    void NotifyInterfaceUp(uint32_t i) override
    {
        Changed();
        Nic(i, NE_UP, nullptr);
    }

    void NotifyInterfaceDown(uint32_t i) override
    {
        Changed();
        Nic(i, NE_DOWN, nullptr);
    }

    void NotifyAddAddress(uint32_t i, typename Traits::IfAddr a) override
    {
        Changed();
        struct sockaddr_storage sa;
        Traits::ToSockaddr(a, &sa);
        Nic(i, NE_LIF_UP, &sa);
        Nic(i, NE_ADDRESS_CHANGE, &sa);
    }

    void NotifyRemoveAddress(uint32_t i, typename Traits::IfAddr a) override
    {
        Changed();
        struct sockaddr_storage sa;
        Traits::ToSockaddr(a, &sa);
        Nic(i, NE_LIF_DOWN, &sa);
    }

    void PrintRoutingTable(Ptr<OutputStreamWrapper>, Time::Unit) const override
    {
    }

  protected:
    void DoDispose() override
    {
        m_tap = nullptr;
        m_list = nullptr;
        Protocol::DoDispose();
    }

    void Changed()
    {
        if (m_tap != nullptr)
        {
            m_tap->AddressesChanged();
        }
    }

    void Nic(uint32_t i, nic_event_t kind, const struct sockaddr_storage* addr)
    {
        if (m_tap != nullptr)
        {
            m_tap->NicEvent(Traits::kFamily, i, kind, addr);
        }
    }

  private:
    PfhooksNodeHookTap* m_tap{nullptr};
    List* m_list{nullptr}; //!< the list holding us (not owned: it owns us)
};

/// IPv4 types for PfhooksWatcher.
struct Ipv4WatcherTraits
{
    typedef Ipv4RoutingProtocol Protocol;
    typedef Ipv4ListRouting List;
    typedef Ipv4Header Header;
    typedef Ipv4Route Route;
    typedef Ipv4InterfaceAddress IfAddr;
    static constexpr const char* kName = "ns3::PfhooksIpv4Watcher";
    static constexpr PfhooksFamily kFamily = PFH_INET;

    // IPv4's forward callback lacks the receiving device: bind it.
    static Protocol::UnicastForwardCallback Hook(PfhooksNodeHookTap* tap,
                                                 Protocol::UnicastForwardCallback ucb,
                                                 Ptr<const NetDevice> idev)
    {
        return MakeCallback(&PfhooksNodeHookTap::Forward4, tap, ucb, idev);
    }

    static void ToSockaddr(const IfAddr& a, struct sockaddr_storage* ss)
    {
        std::memset(ss, 0, sizeof(*ss));
        auto* sin = reinterpret_cast<struct sockaddr_in*>(ss);
        sin->sin_family = AF_INET;
        sin->sin_addr.s_addr = htonl(a.GetLocal().Get());
    }
};

/// IPv6 types for PfhooksWatcher.
struct Ipv6WatcherTraits
{
    typedef Ipv6RoutingProtocol Protocol;
    typedef Ipv6ListRouting List;
    typedef Ipv6Header Header;
    typedef Ipv6Route Route;
    typedef Ipv6InterfaceAddress IfAddr;
    static constexpr const char* kName = "ns3::PfhooksIpv6Watcher";
    static constexpr PfhooksFamily kFamily = PFH_INET6;

    static Protocol::UnicastForwardCallback Hook(PfhooksNodeHookTap* tap,
                                                 Protocol::UnicastForwardCallback ucb,
                                                 Ptr<const NetDevice>)
    {
        return MakeCallback(&PfhooksNodeHookTap::Forward6, tap, ucb);
    }

    static void ToSockaddr(const IfAddr& a, struct sockaddr_storage* ss)
    {
        std::memset(ss, 0, sizeof(*ss));
        auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(ss);
        sin6->sin6_family = AF_INET6;
        a.GetAddress().Serialize(sin6->sin6_addr.s6_addr);
    }
};

/** \ingroup pfhooks  The IPv4 watcher. */
class PfhooksIpv4Watcher : public PfhooksWatcher<Ipv4WatcherTraits>
{
  public:
    void SetIpv4(Ptr<Ipv4>) override
    {
    }
};

/** \ingroup pfhooks  The IPv6 watcher (IPv6 routing also hears routes). */
class PfhooksIpv6Watcher : public PfhooksWatcher<Ipv6WatcherTraits>
{
  public:
    void SetIpv6(Ptr<Ipv6>) override
    {
    }

    void NotifyAddRoute(Ipv6Address, Ipv6Prefix, Ipv6Address, uint32_t, Ipv6Address) override
    {
    }

    void NotifyRemoveRoute(Ipv6Address, Ipv6Prefix, Ipv6Address, uint32_t, Ipv6Address) override
    {
    }
};

NS_OBJECT_ENSURE_REGISTERED(PfhooksIpv4Watcher);
NS_OBJECT_ENSURE_REGISTERED(PfhooksIpv6Watcher);
NS_OBJECT_ENSURE_REGISTERED(PfhooksNodeHookTap);

TypeId
PfhooksNodeHookTap::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PfhooksNodeHookTap").SetParent<Object>().SetGroupName("Pfhooks");
    return tid;
}

PfhooksNodeHookTap::PfhooksNodeHookTap() = default;
PfhooksNodeHookTap::~PfhooksNodeHookTap() = default;

void
PfhooksNodeHookTap::DoDispose()
{
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
    m_node = nullptr;
    m_ipv4 = nullptr;
    m_ipv6 = nullptr;
    m_tc = nullptr;
    m_wrapper = nullptr;
    m_watcher = nullptr;
    m_watcher6 = nullptr;
    Object::DoDispose();
}

void
PfhooksNodeHookTap::Attach(PfhooksIpInstance* ip)
{
    m_ip = ip;
    m_node = ip->GetNode();
    m_ipv4 = m_node->GetObject<Ipv4L3Protocol>();
    m_tc = m_node->GetObject<TrafficControlLayer>();
    NS_ABORT_MSG_IF(!m_ipv4 || !m_tc,
                    "pfhooks: node " << m_node->GetId()
                                     << " lacks Ipv4L3Protocol or TrafficControlLayer");
    Ptr<PfhooksTrafficControl> wrapper = CreateObject<PfhooksTrafficControl>();
    wrapper->SetTap(this, m_tc);
    m_wrapper = wrapper;

    // ARP requests and replies leave through the wrapper too (ARP hooks).
    if (Ptr<ArpL3Protocol> arp = m_node->GetObject<ArpL3Protocol>())
    {
        arp->SetTrafficControl(m_wrapper);
    }

    m_watcher = CreateObject<PfhooksIpv4Watcher>();
    m_watcher->SetTap(this);
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(m_ipv4->GetRoutingProtocol());
    if (list)
    {
        // First in the list, so that it can wrap forwarding (see RouteInput).
        m_watcher->SetList(PeekPointer(list));
        list->AddRoutingProtocol(m_watcher, INT16_MAX);
    }
    else
    {
        NS_LOG_WARN("node " << m_node->GetId()
                            << ": routing is not an Ipv4ListRouting; interfaces added after "
                               "pfhooks is installed are tapped only at the next Start()");
    }
    if (Ptr<Ipv6L3Protocol> ipv6 = m_node->GetObject<Ipv6L3Protocol>())
    {
        m_watcher6 = CreateObject<PfhooksIpv6Watcher>();
        m_watcher6->SetTap(this);
        if (Ptr<Ipv6ListRouting> list6 = DynamicCast<Ipv6ListRouting>(ipv6->GetRoutingProtocol()))
        {
            m_watcher6->SetList(PeekPointer(list6));
            list6->AddRoutingProtocol(m_watcher6, INT16_MAX);
        }
        else
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
}

void
PfhooksNodeHookTap::NicEvent(PfhooksFamily f,
                             uint32_t interface,
                             nic_event_t kind,
                             const struct sockaddr_storage* addr)
{
    // illumos queues NIC events (ip_ne_queue_func on a taskq) when the event
    // has hooks: here they run at the current time from the event queue.
    if (!HasHooks(f, PFH_NIC_EVENTS))
    {
        return;
    }
    Ptr<NetDevice> dev = f == PFH_INET ? m_ipv4->GetInterface(interface)->GetDevice()
                                       : m_ipv6->GetInterface(interface)->GetDevice();
    // The logical interface: 1-based address index (illumos MAP_IPIF_ID);
    // an address being added is the interface's last one.
    lif_if_t lif = 0;
    if (kind == NE_LIF_UP || kind == NE_ADDRESS_CHANGE)
    {
        lif = f == PFH_INET ? m_ipv4->GetNAddresses(interface) : m_ipv6->GetNAddresses(interface);
    }
    auto data = std::make_shared<std::vector<uint8_t>>();
    if (addr != nullptr)
    {
        size_t n =
            addr->ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
        data->assign(reinterpret_cast<const uint8_t*>(addr),
                     reinterpret_cast<const uint8_t*>(addr) + n);
    }
    Simulator::ScheduleWithContext(m_node->GetId(),
                                   Seconds(0),
                                   &PfhooksNodeHookTap::RunNicEvent,
                                   Ptr<PfhooksNodeHookTap>(this),
                                   m_ip->GetNetid(),
                                   f,
                                   PfhooksIpInstance::PhyIf(dev),
                                   lif,
                                   kind,
                                   data);
}

void
PfhooksNodeHookTap::RunNicEvent(netid_t netid,
                                PfhooksFamily f,
                                phy_if_t nic,
                                lif_if_t lif,
                                nic_event_t kind,
                                std::shared_ptr<std::vector<uint8_t>> data)
{
    // Queued by an instance that has gone since (its zone halted, perhaps
    // booted again): its events die with it, the new one never sees them.
    if (!StillRunning(netid) || !HasHooks(f, PFH_NIC_EVENTS))
    {
        return;
    }
    hook_nic_event_t hne;
    hne.hne_protocol = m_ip->GetFamilyHandle(f);
    hne.hne_nic = nic;
    hne.hne_lif = lif;
    hne.hne_event = kind;
    hne.hne_data = data->empty() ? nullptr : data->data();
    hne.hne_datalen = data->size();
    // A read-only event: what the hooks return changes nothing.
    m_ip->GetEvent(f, PFH_NIC_EVENTS)->Run(reinterpret_cast<hook_data_t>(&hne));
}

void
PfhooksNodeHookTap::TapLoopback()
{
    // Ipv4L3Protocol/Ipv6L3Protocol::SetupLoopback registered their own
    // Receive for the loopback device (no traffic control there): put the
    // tap's handler in its place, once per protocol.
    Node::ProtocolHandler mine = MakeCallback(&PfhooksNodeHookTap::LoopbackReceive, this);
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); i++)
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
    m_ipv6 = m_node->GetObject<Ipv6L3Protocol>();
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
PfhooksNodeHookTap::TapNewInterfaces()
{
    if (!m_ipv4)
    {
        return;
    }
    // Ipv4L3Protocol::AddInterface registered TrafficControlLayer::Receive
    // twice per device (IPv4 and ARP), and Ipv6L3Protocol::AddInterface once
    // (IPv6).  Node::UnregisterProtocolHandler drops one match per call, so
    // take exactly the new ones and put this tap's handler in their place.
    uint32_t v4Devices = 0;
    std::vector<Ptr<NetDevice>> fresh;
    for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); i++)
    {
        Ptr<Ipv4Interface> iface = m_ipv4->GetInterface(i);
        Ptr<NetDevice> dev = iface->GetDevice();
        if (DynamicCast<LoopbackNetDevice>(dev))
        {
            continue;
        }
        v4Devices++;
        if (m_tappedV4.insert(i).second)
        {
            iface->SetTrafficControl(m_wrapper);
            fresh.push_back(dev);
            if (m_attached)
            {
                NicEvent(PFH_INET, i, NE_PLUMB, nullptr);
            }
        }
    }
    uint32_t v6Devices = 0;
    std::vector<Ptr<NetDevice>> fresh6;
    if (Ptr<Ipv6L3Protocol> ipv6 = m_node->GetObject<Ipv6L3Protocol>())
    {
        for (uint32_t i = 0; i < ipv6->GetNInterfaces(); i++)
        {
            Ptr<NetDevice> dev = ipv6->GetInterface(i)->GetDevice();
            if (DynamicCast<LoopbackNetDevice>(dev))
            {
                continue;
            }
            v6Devices++;
            if (m_tappedV6.insert(i).second)
            {
                ipv6->GetInterface(i)->SetTrafficControl(m_wrapper);
                fresh6.push_back(dev);
                if (m_attached)
                {
                    NicEvent(PFH_INET6, i, NE_PLUMB, nullptr);
                }
            }
        }
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
    Node::ProtocolHandler mine = MakeCallback(&PfhooksNodeHookTap::Receive, this);
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

const char*
PfhooksNodeHookTap::CheckIpv4(const uint8_t* b, uint32_t len)
{
    if (b == nullptr || len < 20)
    {
        return "shorter than an IPv4 header";
    }
    if ((b[0] >> 4) != 4)
    {
        return "IP version is not 4";
    }
    uint32_t hl = (b[0] & 0x0f) * 4u;
    if (hl < 20)
    {
        return "IPv4 header length below 20";
    }
    uint32_t total = (uint32_t(b[2]) << 8) | b[3];
    if (total < hl)
    {
        return "IPv4 total length below the header length";
    }
    if (total > len)
    {
        return "IPv4 total length beyond the bytes";
    }
    return nullptr;
}

const char*
PfhooksNodeHookTap::CheckIpv6(const uint8_t* b, uint32_t len)
{
    if (b == nullptr || len < 40)
    {
        return "shorter than an IPv6 header";
    }
    if ((b[0] >> 4) != 6)
    {
        return "IP version is not 6";
    }
    uint32_t payload = (uint32_t(b[4]) << 8) | b[5];
    if (40 + payload > len)
    {
        return "IPv6 payload length beyond the bytes";
    }
    return nullptr;
}

const char*
PfhooksNodeHookTap::CheckArp(const uint8_t* b, uint32_t len)
{
    if (b == nullptr || len < 8)
    {
        return "shorter than an ARP header";
    }
    // illumos's arp input drops these before its hooks run.
    if (b[5] == 0)
    {
        return "ARP protocol address length 0";
    }
    if (8 + 2u * (b[4] + b[5]) > len)
    {
        return "ARP addresses beyond the bytes";
    }
    return nullptr;
}

const char*
PfhooksNodeHookTap::Check(PfhooksFamily f, const uint8_t* b, uint32_t len)
{
    switch (f)
    {
    case PFH_INET:
        return CheckIpv4(b, len);
    case PFH_INET6:
        return CheckIpv6(b, len);
    default:
        return CheckArp(b, len);
    }
}

/// Length of the datagram at b (checked by Check()): what hooks see.
static uint32_t
DatagramLength(PfhooksFamily f, const uint8_t* b)
{
    switch (f)
    {
    case PFH_INET:
        return (uint32_t(b[2]) << 8) | b[3];
    case PFH_INET6:
        return 40 + ((uint32_t(b[4]) << 8) | b[5]);
    default:
        return 8 + 2u * (b[4] + b[5]);
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
PfhooksNodeHookTap::InboundFlags(Ptr<NetDevice> device, PfhooksFamily f, const uint8_t* ip)
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
    if (m_addrsDirty)
    {
        m_ifAddrs.clear();
        for (uint32_t i = 0; i < m_ipv4->GetNInterfaces(); i++)
        {
            for (uint32_t a = 0; a < m_ipv4->GetNAddresses(i); a++)
            {
                Ipv4InterfaceAddress ia = m_ipv4->GetAddress(i, a);
                m_ifAddrs.push_back(
                    {m_ipv4->GetInterface(i)->GetDevice(), ia.GetLocal(), ia.GetMask()});
            }
        }
        m_addrsDirty = false;
    }
    for (const auto& a : m_ifAddrs)
    {
        if (a.device == device && dst.IsSubnetDirectedBroadcast(a.mask) &&
            dst.CombineMask(a.mask) == a.local.CombineMask(a.mask))
        {
            return HPE_BROADCAST;
        }
    }
    return 0;
}

void
PfhooksNodeHookTap::AddressesChanged()
{
    m_addrsDirty = true;
    TapNewInterfaces();
}

/**
 * A copy of `orig` whose bytes are `bytes`: packet tags are kept as they
 * are, byte tags are moved by `shift` bytes (the header put in front of a
 * payload) and clipped to the new length, so FlowMonitor and friends still
 * find theirs.
 */
static Ptr<Packet>
WithBytes(Ptr<const Packet> orig, const std::vector<uint8_t>& bytes, uint32_t shift)
{
    Ptr<Packet> np = orig->Copy();
    np->RemoveAtEnd(np->GetSize());
    np->RemoveAllByteTags();
    np->AddAtEnd(Create<Packet>(bytes.data(), bytes.size()));
    const uint32_t size = np->GetSize();
    ByteTagIterator it = orig->GetByteTagIterator();
    while (it.HasNext())
    {
        ByteTagIterator::Item item = it.Next();
        Callback<ObjectBase*> ctor = item.GetTypeId().GetConstructor();
        if (ctor.IsNull())
        {
            NS_LOG_WARN("byte tag " << item.GetTypeId().GetName()
                                    << " has no constructor and is lost in a rewrite");
            continue;
        }
        ObjectBase* instance = ctor();
        Tag* tag = dynamic_cast<Tag*>(instance);
        uint32_t start = std::min(item.GetStart() + shift, size);
        uint32_t end = std::min(item.GetEnd() + shift, size);
        if (tag != nullptr && start < end)
        {
            item.GetTag(*tag);
            np->AddByteTag(*tag, start, end);
        }
        delete instance;
    }
    return np;
}

/**
 * \ingroup pfhooks
 * Bytes put in front of a packet as they are: the new leading bytes of a
 * datagram whose hooks rewrote only its beginning (a header rewrite).
 */
class PfhooksRawBytes : public Header
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::PfhooksRawBytes")
                                .SetParent<Header>()
                                .SetGroupName("Pfhooks")
                                .AddConstructor<PfhooksRawBytes>();
        return tid;
    }

    PfhooksRawBytes() = default;

    PfhooksRawBytes(const uint8_t* b, uint32_t n)
        : m_bytes(b, b + n)
    {
    }

    TypeId GetInstanceTypeId() const override
    {
        return GetTypeId();
    }

    uint32_t GetSerializedSize() const override
    {
        return m_bytes.size();
    }

    void Serialize(Buffer::Iterator start) const override
    {
        start.Write(m_bytes.data(), m_bytes.size());
    }

    uint32_t Deserialize(Buffer::Iterator start) override
    {
        // Only printing deserializes an unknown header: take what is there.
        m_bytes.resize(start.GetRemainingSize());
        start.Read(m_bytes.data(), m_bytes.size());
        return m_bytes.size();
    }

    void Print(std::ostream& os) const override
    {
        os << "pfhooks rewritten bytes: " << m_bytes.size();
    }

  private:
    std::vector<uint8_t> m_bytes;
};

NS_OBJECT_ENSURE_REGISTERED(PfhooksRawBytes);

/**
 * A copy of `orig` that carries the bytes the hooks left.  `orig` holds the
 * datagram the hooks were given (`before`, `len` bytes) less its first
 * `shift` bytes (the header of an outbound item is not in its packet).
 * When the length is kept and only a leading part changed (a header
 * rewrite), the rest of `orig` is kept as it is, with its tags, and the new
 * leading bytes put in front; otherwise the packet is rebuilt from the bytes.
 */
static Ptr<Packet>
Rebuild(Ptr<const Packet> orig,
        uint32_t shift,
        const uint8_t* before,
        uint32_t len,
        const std::vector<uint8_t>& after)
{
    // Headers live in the first bytes: look for the changes there only.
    const uint32_t kHead = std::min<uint32_t>(len, 64);
    if (after.size() == len && std::memcmp(before + kHead, after.data() + kHead, len - kHead) == 0)
    {
        // The last changed byte, eight at a time first: a TOS rewrite
        // changes bytes 1 and 10-11 only, and a byte loop over the rest of
        // the head was a third of the rewrite's own cost.
        uint32_t k = kHead;
        while (k >= 8)
        {
            uint64_t x;
            uint64_t y;
            std::memcpy(&x, before + k - 8, 8);
            std::memcpy(&y, after.data() + k - 8, 8);
            if (x != y)
            {
                break;
            }
            k -= 8;
        }
        while (k > 0 && before[k - 1] == after[k - 1])
        {
            --k;
        }
        k = std::max(k, shift);
        if (k - shift <= orig->GetSize())
        {
            Ptr<Packet> np = orig->Copy();
            np->RemoveAtStart(k - shift);
            np->AddHeader(PfhooksRawBytes(after.data(), k));
            return np;
        }
    }
    return WithBytes(orig, after, shift);
}

bool
PfhooksNodeHookTap::RewriteIsValid(PfhooksFamily f, PfhooksEvent e)
{
    const char* why = Check(f, m_out.data(), m_out.size());
    if (why != nullptr)
    {
        m_ip->ReportDrop(f, e, why, m_out.size());
    }
    return why == nullptr;
}

PfhooksNodeHookTap::BufferGuard::BufferGuard(PfhooksNodeHookTap* tap)
    : m_tap(tap),
      m_nested(tap->m_busy++ > 0)
{
    if (m_nested)
    {
        m_scratch.swap(m_tap->m_scratch);
        m_out.swap(m_tap->m_out);
    }
}

PfhooksNodeHookTap::BufferGuard::~BufferGuard()
{
    if (m_nested)
    {
        m_scratch.swap(m_tap->m_scratch);
        m_out.swap(m_tap->m_out);
    }
    m_tap->m_busy--;
}

void
PfhooksNodeHookTap::Receive(Ptr<NetDevice> device,
                            Ptr<const Packet> p,
                            uint16_t protocol,
                            const Address& from,
                            const Address& to,
                            NetDevice::PacketType packetType)
{
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
        BufferGuard guard(this);
        bool in = HasHooks(f, PFH_PHYSICAL_IN);
        bool observe = HasHooks(f, PFH_OBSERVING); // ARP has no OBSERVING: false
        if (in || observe)
        {
            uint32_t size = p->GetSize();
            m_scratch.resize(size);
            p->CopyData(m_scratch.data(), size);
            // Malformed datagrams are not shown to hooks: ns-3 judges them.
            if (Check(f, m_scratch.data(), size) == nullptr)
            {
                // Hooks see the datagram without link-layer padding.
                uint32_t len = DatagramLength(f, m_scratch.data());
                const uint8_t* seen = m_scratch.data();
                PfhooksVerdict v = PFH_ACCEPT;
                if (in)
                {
                    v = m_ip->RunPacketEvent(f,
                                             PFH_PHYSICAL_IN,
                                             m_scratch.data(),
                                             len,
                                             PfhooksIpInstance::PhyIf(device),
                                             0,
                                             InboundFlags(device, f, m_scratch.data()),
                                             &m_out);
                }
                if (v == PFH_DROP)
                {
                    return;
                }
                if (v == PFH_REWRITE)
                {
                    if (!RewriteIsValid(f, PFH_PHYSICAL_IN))
                    {
                        return;
                    }
                    p = Rebuild(p, 0, m_scratch.data(), len, m_out);
                    seen = m_out.data();
                    len = DatagramLength(f, seen);
                }
                // illumos observes inbound packets after PHYSICAL_IN let them in.
                if (HasHooks(f, PFH_OBSERVING))
                {
                    m_ip->RunObserve(f,
                                     IPOBS_HOOK_INBOUND,
                                     seen,
                                     len,
                                     PfhooksIpInstance::PhyIf(device),
                                     ALL_ZONES, // from the wire: unknown
                                     ZoneOfDestination(f, seen));
                }
            }
        }
    }
    m_tc->Receive(device, p, protocol, from, to, packetType);
}

zoneid_t
PfhooksNodeHookTap::ZoneOfDestination(PfhooksFamily f, const uint8_t* ip) const
{
    // illumos ip_get_zoneid_v4/v6: the zone owning the destination when it
    // is a local address, else ALL_ZONES (forwarded, multicast, broadcast).
    if (f == PFH_INET)
    {
        Ipv4Address dst = Ipv4Address::Deserialize(ip + 16);
        return m_ipv4->GetInterfaceForAddress(dst) >= 0 ? m_ip->GetZoneId() : ALL_ZONES;
    }
    Ipv6Address dst = Ipv6Address::Deserialize(ip + 24);
    return m_ipv6 && m_ipv6->GetInterfaceForAddress(dst) >= 0 ? m_ip->GetZoneId() : ALL_ZONES;
}

void
PfhooksNodeHookTap::ObserveOut(PfhooksFamily f,
                               Ptr<NetDevice> device,
                               Ptr<const QueueDiscItem> item)
{
    // The datagram as it leaves: a raw item already holds it whole.
    Ptr<Packet> full;
    if (DynamicCast<const PfhooksRawIpv4QueueDiscItem>(item) ||
        DynamicCast<const PfhooksRawIpv6QueueDiscItem>(item))
    {
        full = item->GetPacket()->Copy();
    }
    else if (Ptr<const Ipv4QueueDiscItem> v4 = DynamicCast<const Ipv4QueueDiscItem>(item))
    {
        full = v4->GetPacket()->Copy();
        full->AddHeader(v4->GetHeader());
    }
    else if (Ptr<const Ipv6QueueDiscItem> v6 = DynamicCast<const Ipv6QueueDiscItem>(item))
    {
        full = v6->GetPacket()->Copy();
        full->AddHeader(v6->GetHeader());
    }
    else
    {
        return;
    }
    uint32_t len = full->GetSize();
    m_scratch.resize(len);
    full->CopyData(m_scratch.data(), len);
    if (Check(f, m_scratch.data(), len) != nullptr)
    {
        return;
    }
    // illumos ip_xmit(): the sending zone (in an exclusive-IP zone, the
    // stack's), destination unknown.
    m_ip->RunObserve(f,
                     IPOBS_HOOK_OUTBOUND,
                     m_scratch.data(),
                     DatagramLength(f, m_scratch.data()),
                     PfhooksIpInstance::PhyIf(device),
                     m_ip->GetZoneId(),
                     ALL_ZONES);
}

void
PfhooksNodeHookTap::LocalReceive(Ptr<NetDevice> device,
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
PfhooksNodeHookTap::LoopbackReceive(Ptr<NetDevice> device,
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
PfhooksNodeHookTap::RunLoopback(PfhooksFamily f, Ptr<const NetDevice> device, Ptr<const Packet>* p)
{
    // ns-3 hands such a datagram over at once, so LOOPBACK_OUT, the
    // observers (IPOBS_HOOK_LOCAL) and LOOPBACK_IN run here back to back, in
    // illumos's order (ire_send_local); what OUT leaves is what IN sees.
    BufferGuard guard(this);
    const phy_if_t phy = PfhooksIpInstance::PhyIf(device);
    for (PfhooksEvent e : {PFH_LOOPBACK_OUT, PFH_OBSERVING, PFH_LOOPBACK_IN})
    {
        if (!HasHooks(f, e))
        {
            continue;
        }
        uint32_t size = (*p)->GetSize();
        m_scratch.resize(size);
        (*p)->CopyData(m_scratch.data(), size);
        if (Check(f, m_scratch.data(), size) != nullptr)
        {
            return true; // malformed: not shown to hooks, ns-3 judges it
        }
        uint32_t len = DatagramLength(f, m_scratch.data());
        if (e == PFH_OBSERVING)
        {
            zoneid_t zone = m_ip->GetZoneId(); // exclusive-IP: both ends here
            m_ip->RunObserve(f, IPOBS_HOOK_LOCAL, m_scratch.data(), len, phy, zone, zone);
            continue;
        }
        PfhooksVerdict v = m_ip->RunPacketEvent(f,
                                                e,
                                                m_scratch.data(),
                                                len,
                                                e == PFH_LOOPBACK_IN ? phy : 0,
                                                e == PFH_LOOPBACK_OUT ? phy : 0,
                                                0,
                                                &m_out);
        if (v == PFH_DROP)
        {
            return false;
        }
        if (v == PFH_REWRITE)
        {
            if (!RewriteIsValid(f, e))
            {
                return false;
            }
            *p = Rebuild(*p, 0, m_scratch.data(), len, m_out);
        }
    }
    return true;
}

bool
PfhooksNodeHookTap::HasHooks(PfhooksFamily f, PfhooksEvent e) const
{
    if (m_ip == nullptr || !m_ip->IsRunning())
    {
        return false;
    }
    // Asked several times per packet: no reference count traffic.
    const PfhooksHookEvent* ev = m_ip->PeekEvent(f, e);
    return ev != nullptr && ev->HasHooks();
}

template <typename HeaderT>
bool
PfhooksNodeHookTap::RunForwarding(PfhooksFamily f,
                                  Ptr<const NetDevice> idev,
                                  Ptr<NetDevice> odev,
                                  Ptr<const Packet>* p,
                                  HeaderT* header)
{
    if (!HasHooks(f, PFH_FORWARDING))
    {
        return true; // removed or the instance stopped since the route was found
    }
    BufferGuard guard(this);
    Ptr<Packet> full = (*p)->Copy();
    full->AddHeader(*header);
    uint32_t len = full->GetSize();
    m_scratch.resize(len);
    full->CopyData(m_scratch.data(), len);
    PfhooksVerdict v = m_ip->RunPacketEvent(f,
                                            PFH_FORWARDING,
                                            m_scratch.data(),
                                            len,
                                            PfhooksIpInstance::PhyIf(idev),
                                            PfhooksIpInstance::PhyIf(odev),
                                            0,
                                            &m_out);
    if (v == PFH_DROP)
    {
        return false;
    }
    if (v == PFH_REWRITE)
    {
        if (!RewriteIsValid(f, PFH_FORWARDING))
        {
            return false;
        }
        // ns-3 forwards a payload and a header object: split the new bytes.
        // (As in illumos, the route chosen before the hooks stands.)
        Ptr<Packet> dg = Rebuild(*p, header->GetSerializedSize(), m_scratch.data(), len, m_out);
        HeaderT fresh;
        PrepareHeader(&fresh);
        dg->RemoveHeader(fresh);
        *header = fresh;
        *p = dg;
    }
    return true;
}

void
PfhooksNodeHookTap::Forward4(Ipv4RoutingProtocol::UnicastForwardCallback forward,
                             Ptr<const NetDevice> idev,
                             Ptr<Ipv4Route> route,
                             Ptr<const Packet> p,
                             const Ipv4Header& header)
{
    Ipv4Header h = header;
    PrepareHeader(&h);
    if (RunForwarding(PFH_INET, idev, route->GetOutputDevice(), &p, &h))
    {
        forward(route, p, h);
    }
}

void
PfhooksNodeHookTap::Forward6(Ipv6RoutingProtocol::UnicastForwardCallback forward,
                             Ptr<const NetDevice> idev,
                             Ptr<Ipv6Route> route,
                             Ptr<const Packet> p,
                             const Ipv6Header& header)
{
    Ipv6Header h = header;
    if (RunForwarding(PFH_INET6, idev, route->GetOutputDevice(), &p, &h))
    {
        forward(idev, route, p, h);
    }
}

template <typename ItemT, typename RawT>
bool
PfhooksNodeHookTap::RunPhysicalOut(PfhooksFamily f, Ptr<NetDevice> device, Ptr<QueueDiscItem>* item)
{
    Ptr<ItemT> l3 = DynamicCast<ItemT>(*item);
    if (!l3)
    {
        return true; // already bytes (an earlier rewrite) or unknown: pass
    }
    const auto& header = l3->GetHeader();
    Ptr<Packet> full = l3->GetPacket()->Copy();
    full->AddHeader(header);
    uint32_t len = full->GetSize();
    m_scratch.resize(len);
    full->CopyData(m_scratch.data(), len);
    PfhooksVerdict v = m_ip->RunPacketEvent(f,
                                            PFH_PHYSICAL_OUT,
                                            m_scratch.data(),
                                            len,
                                            0,
                                            PfhooksIpInstance::PhyIf(device),
                                            0, // illumos passes no flags on PHYSICAL_OUT
                                            &m_out);
    if (v == PFH_DROP)
    {
        return false;
    }
    if (v == PFH_ACCEPT)
    {
        // The datagram is already serialized: send those bytes rather than
        // have ns-3 serialize the header (and its checksum) again.
        *item = Create<RawT>(full, l3->GetAddress(), l3->GetProtocol(), header);
        return true;
    }
    if (!RewriteIsValid(f, PFH_PHYSICAL_OUT))
    {
        return false;
    }
    Ptr<Packet> datagram =
        Rebuild(l3->GetPacket(), header.GetSerializedSize(), m_scratch.data(), len, m_out);
    typename std::decay<decltype(header)>::type parsed;
    datagram->PeekHeader(parsed);
    *item = Create<RawT>(datagram, l3->GetAddress(), l3->GetProtocol(), parsed);
    return true;
}

void
PfhooksNodeHookTap::Send(Ptr<NetDevice> device, Ptr<QueueDiscItem> item)
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
        BufferGuard guard(this);
        if (HasHooks(f, PFH_PHYSICAL_OUT))
        {
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
PfhooksNodeHookTap::SplitDatagram(Ptr<Packet> p, Ipv4Header* h)
{
    PrepareHeader(h);
    p->RemoveHeader(*h);
    uint32_t payload = h->GetPayloadSize();
    if (p->GetSize() > payload)
    {
        p->RemoveAtEnd(p->GetSize() - payload);
    }
    return true;
}

bool
PfhooksNodeHookTap::SplitDatagram(Ptr<Packet> p, Ipv6Header* h)
{
    p->RemoveHeader(*h);
    uint32_t payload = h->GetPayloadLength();
    if (p->GetSize() > payload)
    {
        p->RemoveAtEnd(p->GetSize() - payload);
    }
    return true;
}

int32_t
PfhooksNodeHookTap::InterfaceOf(PfhooksFamily f, Ptr<NetDevice> dev) const
{
    if (!dev || DynamicCast<LoopbackNetDevice>(dev))
    {
        return -1;
    }
    if (f == PFH_INET)
    {
        return m_ipv4->GetInterfaceForDevice(dev);
    }
    return m_ipv6 ? m_ipv6->GetInterfaceForDevice(dev) : -1;
}

int
PfhooksNodeHookTap::Inject(PfhooksFamily f,
                           inject_t style,
                           const uint8_t* bytes,
                           uint32_t len,
                           phy_if_t phy,
                           const struct sockaddr_storage* nextHop)
{
    const char* ip = f == PFH_INET ? "IPv4" : "IPv6";
    if (!PfhooksNetProtocol::Of(f).CanInject() || (f == PFH_INET6 && !m_ipv6))
    {
        return -1;
    }
    if (const char* why = Check(f, bytes, len))
    {
        NS_LOG_WARN("node " << m_node->GetId() << " net_inject: " << why);
        return 1;
    }
    Ptr<Packet> p = Create<Packet>(bytes, DatagramLength(f, bytes));
    switch (style)
    {
    case NI_QUEUE_IN: {
        Ptr<NetDevice> dev = m_ip->DeviceOf(phy);
        if (InterfaceOf(f, dev) < 0)
        {
            NS_LOG_WARN("node " << m_node->GetId() << " net_inject(NI_QUEUE_IN): no " << ip
                                << " interface " << phy);
            return 1;
        }
        m_ip->CountInjection(f, PFH_PHYSICAL_IN);
        uint16_t protocol =
            f == PFH_INET ? Ipv4L3Protocol::PROT_NUMBER : Ipv6L3Protocol::PROT_NUMBER;
        Simulator::ScheduleWithContext(m_node->GetId(),
                                       Seconds(0),
                                       &PfhooksNodeHookTap::QueueIn,
                                       Ptr<PfhooksNodeHookTap>(this),
                                       m_ip->GetNetid(),
                                       dev,
                                       p,
                                       protocol);
        return 0;
    }
    case NI_QUEUE_OUT:
        m_ip->CountInjection(f, PFH_PHYSICAL_OUT);
        Simulator::ScheduleWithContext(m_node->GetId(),
                                       Seconds(0),
                                       &PfhooksNodeHookTap::QueueOut,
                                       Ptr<PfhooksNodeHookTap>(this),
                                       m_ip->GetNetid(),
                                       f,
                                       p);
        return 0;
    case NI_DIRECT_OUT: {
        int32_t i = InterfaceOf(f, m_ip->DeviceOf(phy));
        if (i < 0)
        {
            NS_LOG_WARN("node " << m_node->GetId() << " net_inject(NI_DIRECT_OUT): no " << ip
                                << " interface " << phy);
            return 1;
        }
        int want = f == PFH_INET ? AF_INET : AF_INET6;
        if (nextHop == nullptr || nextHop->ss_family != want)
        {
            NS_LOG_WARN("node " << m_node->GetId()
                                << " net_inject(NI_DIRECT_OUT): ni_addr is not an "
                                << (f == PFH_INET ? "AF_INET" : "AF_INET6") << " address");
            return 1;
        }
        m_ip->CountInjection(f, PFH_PHYSICAL_OUT);
        if (f == PFH_INET)
        {
            const auto* sin = reinterpret_cast<const struct sockaddr_in*>(nextHop);
            Ipv4Header h;
            SplitDatagram(p, &h);
            m_ipv4->GetInterface(i)->Send(p, h, Ipv4Address(ntohl(sin->sin_addr.s_addr)));
        }
        else
        {
            const auto* sin6 = reinterpret_cast<const struct sockaddr_in6*>(nextHop);
            Ipv6Header h;
            SplitDatagram(p, &h);
            uint8_t a[16];
            std::memcpy(a, sin6->sin6_addr.s6_addr, 16);
            m_ipv6->GetInterface(i)->Send(p, h, Ipv6Address(a));
        }
        return 0;
    }
    default:
        NS_LOG_WARN("node " << m_node->GetId() << " net_inject: unknown style " << style);
        return 1;
    }
}

bool
PfhooksNodeHookTap::StillRunning(netid_t netid) const
{
    // netids are never reused: a rebooted zone's new instance has another.
    return m_ip != nullptr && m_ip->IsRunning() && m_ip->GetNetid() == netid;
}

void
PfhooksNodeHookTap::SetHalted(bool halted)
{
    NS_LOG_FUNCTION(this << halted);
    m_halted = halted;
}

void
PfhooksNodeHookTap::QueueIn(netid_t netid, Ptr<NetDevice> device, Ptr<Packet> p, uint16_t protocol)
{
    if (!StillRunning(netid))
    {
        // The instance that injected went away before the queue ran (as
        // illumos's taskq entries die with their netstack).
        NS_LOG_LOGIC("NI_QUEUE_IN packet of gone instance " << netid << " dropped");
        return;
    }
    Receive(device,
            p,
            protocol,
            device->GetBroadcast(),
            device->GetAddress(),
            NetDevice::PACKET_HOST);
}

void
PfhooksNodeHookTap::QueueOut(netid_t netid, PfhooksFamily f, Ptr<Packet> p)
{
    if (!StillRunning(netid))
    {
        NS_LOG_LOGIC("NI_QUEUE_OUT packet of gone instance " << netid << " dropped");
        return;
    }
    Socket::SocketErrno err;
    if (f == PFH_INET)
    {
        Ipv4Header h;
        SplitDatagram(p, &h);
        Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(p, h, nullptr, err);
        if (route)
        {
            m_ipv4->SendWithHeader(p, h, route);
            return;
        }
    }
    else
    {
        // Ipv6L3Protocol has no SendWithHeader: route, then send on the
        // route's interface towards its gateway (or the destination).
        Ipv6Header h;
        SplitDatagram(p, &h);
        Ptr<Ipv6Route> route = m_ipv6->GetRoutingProtocol()->RouteOutput(p, h, nullptr, err);
        int32_t i = route ? m_ipv6->GetInterfaceForDevice(route->GetOutputDevice()) : -1;
        if (i >= 0)
        {
            Ipv6Address hop =
                route->GetGateway().IsAny() ? h.GetDestination() : route->GetGateway();
            m_ipv6->GetInterface(i)->Send(p, h, hop);
            return;
        }
    }
    m_ip->ReportDrop(f, PFH_PHYSICAL_OUT, "injected packet has no route", p->GetSize());
}

/// Source and destination ports of the TCP or UDP header `hl` bytes into p.
static void
PortsBehind(Ptr<const Packet> p, uint32_t hl, uint8_t prot, uint16_t* sport, uint16_t* dport)
{
    *sport = 0;
    *dport = 0;
    if ((prot == 6 || prot == 17) && p->GetSize() >= hl + 4 && hl <= 60)
    {
        uint8_t b[64];
        p->CopyData(b, hl + 4);
        *sport = (b[hl] << 8) | b[hl + 1];
        *dport = (b[hl + 2] << 8) | b[hl + 3];
    }
}

/// The 5-tuple hash of Ipv4QueueDiscItem::Hash / Ipv6QueueDiscItem::Hash
/// (murmur3 over addresses, protocol, ports and perturbation).
static uint32_t
HashTuple(const uint8_t* addrs,
          uint32_t addrLen,
          uint8_t prot,
          uint16_t sport,
          uint16_t dport,
          uint32_t perturbation)
{
    uint8_t buf[41];
    uint32_t n = 2 * addrLen;
    std::memcpy(buf, addrs, n);
    buf[n++] = prot;
    buf[n++] = (sport >> 8) & 0xff;
    buf[n++] = sport & 0xff;
    buf[n++] = (dport >> 8) & 0xff;
    buf[n++] = dport & 0xff;
    buf[n++] = (perturbation >> 24) & 0xff;
    buf[n++] = (perturbation >> 16) & 0xff;
    buf[n++] = (perturbation >> 8) & 0xff;
    buf[n++] = perturbation & 0xff;
    return Hash32(reinterpret_cast<char*>(buf), n);
}

PfhooksRawIpv4QueueDiscItem::PfhooksRawIpv4QueueDiscItem(Ptr<Packet> datagram,
                                                         const Address& addr,
                                                         uint16_t protocol,
                                                         const Ipv4Header& parsed)
    : PfhooksRawQueueDiscItem<Ipv4QueueDiscItem, Ipv4Header>(datagram, addr, protocol, parsed)
{
}

bool
PfhooksRawIpv4QueueDiscItem::Mark()
{
    return MarkCeInBytes(GetHeader(), GetPacket());
}

uint32_t
PfhooksRawIpv4QueueDiscItem::Hash(uint32_t perturbation) const
{
    const Ipv4Header& h = GetHeader();
    uint16_t sport = 0;
    uint16_t dport = 0;
    if (h.GetFragmentOffset() == 0)
    {
        PortsBehind(GetPacket(), h.GetSerializedSize(), h.GetProtocol(), &sport, &dport);
    }
    uint8_t addrs[8];
    h.GetSource().Serialize(addrs);
    h.GetDestination().Serialize(addrs + 4);
    return HashTuple(addrs, 4, h.GetProtocol(), sport, dport, perturbation);
}

PfhooksRawIpv6QueueDiscItem::PfhooksRawIpv6QueueDiscItem(Ptr<Packet> datagram,
                                                         const Address& addr,
                                                         uint16_t protocol,
                                                         const Ipv6Header& parsed)
    : PfhooksRawQueueDiscItem<Ipv6QueueDiscItem, Ipv6Header>(datagram, addr, protocol, parsed)
{
}

bool
PfhooksRawIpv6QueueDiscItem::Mark()
{
    return MarkCeInBytes(GetHeader(), GetPacket());
}

uint32_t
PfhooksRawIpv6QueueDiscItem::Hash(uint32_t perturbation) const
{
    const Ipv6Header& h = GetHeader();
    uint16_t sport = 0;
    uint16_t dport = 0;
    PortsBehind(GetPacket(), 40, h.GetNextHeader(), &sport, &dport);
    uint8_t addrs[32];
    h.GetSource().Serialize(addrs);
    h.GetDestination().Serialize(addrs + 16);
    return HashTuple(addrs, 16, h.GetNextHeader(), sport, dport, perturbation);
}

} // namespace ns3
