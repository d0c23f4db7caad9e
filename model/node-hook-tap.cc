/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "node-hook-tap.h"

#include "ip-instance.h"

#include "ns3/arp-l3-protocol.h"
#include "ns3/buffer.h"
#include "ns3/hash.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksNodeTap");

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

    void SetTap(NodeHookTap* tap)
    {
        m_tap = tap;
    }

    void Send(Ptr<NetDevice> device, Ptr<QueueDiscItem> item) override
    {
        m_tap->Send(device, item);
    }

    void Receive(Ptr<NetDevice> device,
                 Ptr<const Packet> p,
                 uint16_t protocol,
                 const Address& from,
                 const Address& to,
                 NetDevice::PacketType packetType) override
    {
        m_tap->LocalReceive(device, p, protocol, from, to, packetType);
    }

  private:
    NodeHookTap* m_tap{nullptr};
};

NS_OBJECT_ENSURE_REGISTERED(PfhooksTrafficControl);

/**
 * \ingroup pfhooks
 * A routing protocol that routes nothing: a member of the node's
 * Ipv4ListRouting at the lowest priority, it only listens to interface and
 * address changes so that new interfaces get tapped.
 */
class Ipv4HookWatcher : public Ipv4RoutingProtocol
{
  public:
    static TypeId GetTypeId()
    {
        static TypeId tid =
            TypeId("ns3::Ipv4HookWatcher").SetParent<Ipv4RoutingProtocol>().SetGroupName("Pfhooks");
        return tid;
    }

    void SetTap(NodeHookTap* tap)
    {
        m_tap = tap;
    }

    Ptr<Ipv4Route> RouteOutput(Ptr<Packet>,
                               const Ipv4Header&,
                               Ptr<NetDevice>,
                               Socket::SocketErrno& sockerr) override
    {
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }

    bool RouteInput(Ptr<const Packet>,
                    const Ipv4Header&,
                    Ptr<const NetDevice>,
                    UnicastForwardCallback,
                    MulticastForwardCallback,
                    LocalDeliverCallback,
                    ErrorCallback) override
    {
        return false;
    }

    void NotifyInterfaceUp(uint32_t) override
    {
        Changed();
    }

    void NotifyInterfaceDown(uint32_t) override
    {
        Changed();
    }

    void NotifyAddAddress(uint32_t, Ipv4InterfaceAddress) override
    {
        Changed();
    }

    void NotifyRemoveAddress(uint32_t, Ipv4InterfaceAddress) override
    {
        Changed();
    }

    void SetIpv4(Ptr<Ipv4>) override
    {
    }

    void PrintRoutingTable(Ptr<OutputStreamWrapper>, Time::Unit) const override
    {
    }

  protected:
    void DoDispose() override
    {
        m_tap = nullptr;
        Ipv4RoutingProtocol::DoDispose();
    }

  private:
    void Changed()
    {
        if (m_tap != nullptr)
        {
            m_tap->AddressesChanged();
        }
    }

    NodeHookTap* m_tap{nullptr};
};

NS_OBJECT_ENSURE_REGISTERED(Ipv4HookWatcher);
NS_OBJECT_ENSURE_REGISTERED(NodeHookTap);

TypeId
NodeHookTap::GetTypeId()
{
    static TypeId tid = TypeId("ns3::NodeHookTap").SetParent<Object>().SetGroupName("Pfhooks");
    return tid;
}

NodeHookTap::NodeHookTap() = default;
NodeHookTap::~NodeHookTap() = default;

void
NodeHookTap::DoDispose()
{
    if (m_watcher)
    {
        m_watcher->SetTap(nullptr);
    }
    if (m_wrapper)
    {
        DynamicCast<PfhooksTrafficControl>(m_wrapper)->SetTap(nullptr);
    }
    m_ip = nullptr;
    m_node = nullptr;
    m_ipv4 = nullptr;
    m_tc = nullptr;
    m_wrapper = nullptr;
    m_watcher = nullptr;
    Object::DoDispose();
}

void
NodeHookTap::Attach(IpInstance* ip)
{
    m_ip = ip;
    m_node = ip->GetNode();
    m_ipv4 = m_node->GetObject<Ipv4L3Protocol>();
    m_tc = m_node->GetObject<TrafficControlLayer>();
    NS_ABORT_MSG_IF(!m_ipv4 || !m_tc,
                    "pfhooks: node " << m_node->GetId()
                                     << " lacks Ipv4L3Protocol or TrafficControlLayer");
    Ptr<PfhooksTrafficControl> wrapper = CreateObject<PfhooksTrafficControl>();
    wrapper->SetTap(this);
    m_wrapper = wrapper;

    // ARP requests and replies leave through the wrapper too (ARP hooks).
    if (Ptr<ArpL3Protocol> arp = m_node->GetObject<ArpL3Protocol>())
    {
        arp->SetTrafficControl(m_wrapper);
    }

    m_watcher = CreateObject<Ipv4HookWatcher>();
    m_watcher->SetTap(this);
    Ptr<Ipv4ListRouting> list = DynamicCast<Ipv4ListRouting>(m_ipv4->GetRoutingProtocol());
    if (list)
    {
        list->AddRoutingProtocol(m_watcher, INT16_MIN);
    }
    else
    {
        NS_LOG_WARN("node " << m_node->GetId()
                            << ": routing is not an Ipv4ListRouting; interfaces added after "
                               "pfhooks is installed are tapped only at the next Start()");
    }
    TapNewInterfaces();
}

void
NodeHookTap::TapNewInterfaces()
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
                fresh6.push_back(dev);
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
    Node::ProtocolHandler mine = MakeCallback(&NodeHookTap::Receive, this);
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
NodeHookTap::CheckIpv4(const uint8_t* b, uint32_t len)
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

int
NodeHookTap::InboundFlags(Ptr<NetDevice> device, const uint8_t* ip)
{
    // illumos sets the flags from the link-layer destination
    // (IRAF_L2DST_MULTICAST/BROADCAST).  ns-3's non-promiscuous receive path
    // does not tell it, but on a broadcast-capable link ns-3's IPv4 sends
    // exactly the multicast and broadcast IP destinations to the link's
    // multicast and broadcast addresses, so the IP destination tells it; a
    // point-to-point link has neither.
    if (!device->NeedsArp())
    {
        return 0;
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
NodeHookTap::AddressesChanged()
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
        uint32_t k = kHead;
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
NodeHookTap::RewriteIsValid(PfhooksEvent e)
{
    const char* why = CheckIpv4(m_out.data(), m_out.size());
    if (why != nullptr)
    {
        m_ip->ReportDrop(PFH_INET, e, why, m_out.size());
    }
    return why == nullptr;
}

void
NodeHookTap::Receive(Ptr<NetDevice> device,
                     Ptr<const Packet> p,
                     uint16_t protocol,
                     const Address& from,
                     const Address& to,
                     NetDevice::PacketType packetType)
{
    if (protocol == Ipv4L3Protocol::PROT_NUMBER && m_ip != nullptr && m_ip->IsRunning())
    {
        Ptr<HookEvent> ev = m_ip->GetEvent(PFH_INET, PFH_PHYSICAL_IN);
        if (ev && ev->HasHooks())
        {
            uint32_t size = p->GetSize();
            m_scratch.resize(size);
            p->CopyData(m_scratch.data(), size);
            // Malformed datagrams are not shown to hooks: ns-3 judges them.
            if (CheckIpv4(m_scratch.data(), size) == nullptr)
            {
                // Hooks see the datagram without link-layer padding.
                uint32_t len = (uint32_t(m_scratch[2]) << 8) | m_scratch[3];
                PfhooksVerdict v = m_ip->RunPacketEvent(PFH_INET,
                                                        PFH_PHYSICAL_IN,
                                                        m_scratch.data(),
                                                        len,
                                                        IpInstance::PhyIf(device),
                                                        0,
                                                        InboundFlags(device, m_scratch.data()),
                                                        &m_out);
                if (v == PFH_DROP)
                {
                    return;
                }
                if (v == PFH_REWRITE)
                {
                    if (!RewriteIsValid(PFH_PHYSICAL_IN))
                    {
                        return;
                    }
                    p = Rebuild(p, 0, m_scratch.data(), len, m_out);
                }
            }
        }
    }
    m_tc->Receive(device, p, protocol, from, to, packetType);
}

void
NodeHookTap::LocalReceive(Ptr<NetDevice> device,
                          Ptr<const Packet> p,
                          uint16_t protocol,
                          const Address& from,
                          const Address& to,
                          NetDevice::PacketType packetType)
{
    // A datagram the node sends to its own address on a physical interface
    // never leaves the node: not a PHYSICAL event (LOOPBACK, another issue).
    if (m_tc)
    {
        m_tc->Receive(device, p, protocol, from, to, packetType);
    }
}

void
NodeHookTap::Send(Ptr<NetDevice> device, Ptr<QueueDiscItem> item)
{
    if (!m_tc)
    {
        return;
    }
    if (item->GetProtocol() == Ipv4L3Protocol::PROT_NUMBER && m_ip != nullptr && m_ip->IsRunning())
    {
        Ptr<HookEvent> ev = m_ip->GetEvent(PFH_INET, PFH_PHYSICAL_OUT);
        Ptr<Ipv4QueueDiscItem> ipItem = DynamicCast<Ipv4QueueDiscItem>(item);
        if (ev && ev->HasHooks() && ipItem)
        {
            Ptr<Packet> full = ipItem->GetPacket()->Copy();
            full->AddHeader(ipItem->GetHeader());
            uint32_t len = full->GetSize();
            m_scratch.resize(len);
            full->CopyData(m_scratch.data(), len);
            PfhooksVerdict v = m_ip->RunPacketEvent(PFH_INET,
                                                    PFH_PHYSICAL_OUT,
                                                    m_scratch.data(),
                                                    len,
                                                    0,
                                                    IpInstance::PhyIf(device),
                                                    0, // illumos passes no flags on PHYSICAL_OUT
                                                    &m_out);
            if (v == PFH_DROP)
            {
                return;
            }
            if (v == PFH_ACCEPT)
            {
                // The datagram is already serialized: send those bytes rather
                // than have ns-3 serialize the header (and its checksum) again.
                item = Create<RawIpv4QueueDiscItem>(full,
                                                    item->GetAddress(),
                                                    item->GetProtocol(),
                                                    ipItem->GetHeader());
            }
            else
            {
                if (!RewriteIsValid(PFH_PHYSICAL_OUT))
                {
                    return;
                }
                Ptr<Packet> datagram = Rebuild(ipItem->GetPacket(),
                                               ipItem->GetHeader().GetSerializedSize(),
                                               m_scratch.data(),
                                               len,
                                               m_out);
                Ipv4Header parsed;
                datagram->PeekHeader(parsed);
                item = Create<RawIpv4QueueDiscItem>(datagram,
                                                    item->GetAddress(),
                                                    item->GetProtocol(),
                                                    parsed);
            }
        }
    }
    m_tc->Send(device, item);
}

bool
NodeHookTap::SplitDatagram(Ptr<Packet> p, Ipv4Header* h)
{
    if (Node::ChecksumEnabled())
    {
        h->EnableChecksum();
    }
    p->RemoveHeader(*h);
    uint32_t payload = h->GetPayloadSize();
    if (p->GetSize() > payload)
    {
        p->RemoveAtEnd(p->GetSize() - payload);
    }
    return true;
}

int
NodeHookTap::Inject(inject_t style,
                    const uint8_t* bytes,
                    uint32_t len,
                    phy_if_t phy,
                    const struct sockaddr_storage* nextHop)
{
    if (const char* why = CheckIpv4(bytes, len))
    {
        NS_LOG_WARN("node " << m_node->GetId() << " net_inject: " << why);
        return 1;
    }
    uint32_t total = (uint32_t(bytes[2]) << 8) | bytes[3];
    Ptr<Packet> p = Create<Packet>(bytes, total);
    switch (style)
    {
    case NI_QUEUE_IN: {
        Ptr<NetDevice> dev = m_ip->DeviceOf(phy);
        if (!dev || m_ipv4->GetInterfaceForDevice(dev) < 0 || DynamicCast<LoopbackNetDevice>(dev))
        {
            NS_LOG_WARN("node " << m_node->GetId() << " net_inject(NI_QUEUE_IN): no IPv4 interface "
                                << phy);
            return 1;
        }
        m_ip->CountInjection(PFH_INET, PFH_PHYSICAL_IN);
        Simulator::ScheduleWithContext(m_node->GetId(),
                                       Seconds(0),
                                       &NodeHookTap::QueueIn,
                                       Ptr<NodeHookTap>(this),
                                       dev,
                                       p);
        return 0;
    }
    case NI_QUEUE_OUT:
        m_ip->CountInjection(PFH_INET, PFH_PHYSICAL_OUT);
        Simulator::ScheduleWithContext(m_node->GetId(),
                                       Seconds(0),
                                       &NodeHookTap::QueueOut,
                                       Ptr<NodeHookTap>(this),
                                       p);
        return 0;
    case NI_DIRECT_OUT: {
        Ptr<NetDevice> dev = m_ip->DeviceOf(phy);
        int32_t i = dev ? m_ipv4->GetInterfaceForDevice(dev) : -1;
        if (i < 0)
        {
            NS_LOG_WARN("node " << m_node->GetId()
                                << " net_inject(NI_DIRECT_OUT): no IPv4 interface " << phy);
            return 1;
        }
        if (nextHop == nullptr || nextHop->ss_family != AF_INET)
        {
            NS_LOG_WARN("node " << m_node->GetId()
                                << " net_inject(NI_DIRECT_OUT): ni_addr is not an AF_INET address");
            return 1;
        }
        const auto* sin = reinterpret_cast<const struct sockaddr_in*>(nextHop);
        Ipv4Address hop(ntohl(sin->sin_addr.s_addr));
        Ipv4Header h;
        SplitDatagram(p, &h);
        m_ip->CountInjection(PFH_INET, PFH_PHYSICAL_OUT);
        m_ipv4->GetInterface(i)->Send(p, h, hop);
        return 0;
    }
    default:
        NS_LOG_WARN("node " << m_node->GetId() << " net_inject: unknown style " << style);
        return 1;
    }
}

void
NodeHookTap::QueueIn(Ptr<NetDevice> device, Ptr<Packet> p)
{
    if (m_ip == nullptr || !m_ip->IsRunning())
    {
        return; // the instance went away before the queue ran
    }
    Receive(device,
            p,
            Ipv4L3Protocol::PROT_NUMBER,
            device->GetBroadcast(),
            device->GetAddress(),
            NetDevice::PACKET_HOST);
}

void
NodeHookTap::QueueOut(Ptr<Packet> p)
{
    if (m_ip == nullptr || !m_ip->IsRunning())
    {
        return;
    }
    Ipv4Header h;
    SplitDatagram(p, &h);
    Socket::SocketErrno err;
    Ptr<Ipv4Route> route = m_ipv4->GetRoutingProtocol()->RouteOutput(p, h, nullptr, err);
    if (!route)
    {
        m_ip->ReportDrop(PFH_INET, PFH_PHYSICAL_OUT, "injected packet has no route", p->GetSize());
        return;
    }
    m_ipv4->SendWithHeader(p, h, route);
}

RawIpv4QueueDiscItem::RawIpv4QueueDiscItem(Ptr<Packet> datagram,
                                           const Address& addr,
                                           uint16_t protocol,
                                           const Ipv4Header& parsed)
    : Ipv4QueueDiscItem(datagram, addr, protocol, parsed)
{
}

uint32_t
RawIpv4QueueDiscItem::GetSize() const
{
    return GetPacket()->GetSize();
}

void
RawIpv4QueueDiscItem::AddHeader()
{
    // The header is already in the bytes.
}

bool
RawIpv4QueueDiscItem::Mark()
{
    // As Ipv4QueueDiscItem::Mark(), but on the bytes: set CE on an
    // ECN-capable datagram and recompute the header checksum.
    if (GetHeader().GetEcn() == Ipv4Header::ECN_NotECT)
    {
        return false;
    }
    Ptr<Packet> p = GetPacket();
    Ipv4Header h;
    p->RemoveHeader(h);
    h.SetEcn(Ipv4Header::ECN_CE);
    if (Node::ChecksumEnabled())
    {
        h.EnableChecksum();
    }
    p->AddHeader(h);
    return true;
}

uint32_t
RawIpv4QueueDiscItem::Hash(uint32_t perturbation) const
{
    // The 5-tuple and perturbation, hashed as Ipv4QueueDiscItem::Hash() does
    // (murmur3 over 17 bytes), with the ports read from behind the header
    // in the bytes (an ordinary item has them at the front of its payload).
    const Ipv4Header& h = GetHeader();
    uint8_t prot = h.GetProtocol();
    uint16_t srcPort = 0;
    uint16_t dstPort = 0;
    uint32_t hl = h.GetSerializedSize();
    if ((prot == 6 || prot == 17) && h.GetFragmentOffset() == 0 && GetPacket()->GetSize() >= hl + 4)
    {
        uint8_t b[60 + 4];
        GetPacket()->CopyData(b, hl + 4);
        srcPort = (b[hl] << 8) | b[hl + 1];
        dstPort = (b[hl + 2] << 8) | b[hl + 3];
    }
    uint8_t buf[17];
    h.GetSource().Serialize(buf);
    h.GetDestination().Serialize(buf + 4);
    buf[8] = prot;
    buf[9] = (srcPort >> 8) & 0xff;
    buf[10] = srcPort & 0xff;
    buf[11] = (dstPort >> 8) & 0xff;
    buf[12] = dstPort & 0xff;
    buf[13] = (perturbation >> 24) & 0xff;
    buf[14] = (perturbation >> 16) & 0xff;
    buf[15] = (perturbation >> 8) & 0xff;
    buf[16] = perturbation & 0xff;
    return Hash32(reinterpret_cast<char*>(buf), 17);
}

} // namespace ns3
