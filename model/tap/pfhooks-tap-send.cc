/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * PfhooksNodeTap, outbound: FORWARDING in the routing protocol's forward
 * callback, PHYSICAL_OUT and outbound OBSERVING in the traffic-control
 * wrapper's Send.
 */
#include "pfhooks-datagram-check.h"
#include "pfhooks-inject.h"
#include "pfhooks-ip-instance.h"
#include "pfhooks-ipv4-header-bytes.h"
#include "pfhooks-nic-events.h"
#include "pfhooks-node-tap.h"
#include "pfhooks-packet-rebuild.h"
#include "pfhooks-pass-on.h"
#include "pfhooks-raw-queue-disc-item.h"
#include "pfhooks-routing-watcher.h"
#include "pfhooks-sleeping-seam.h"
#include "pfhooks-tc-wrapper.h"
#include "pfhooks-transport-check.h"

#include "ns3/arp-l3-protocol.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv6-interface.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/node.h"

#include <cstring>
#include <type_traits>
#include <typeinfo>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksTapSend");

namespace
{
/**
 * Where outbound observations serialize ns-3's header objects: one for the
 * process (a Buffer made and freed per observation was about a quarter of
 * one; one per tap cost every idle instance about 80 bytes).  Shared
 * safely: CopyTo is done with it before any hook runs.
 * \return the buffer
 */
Buffer&
HeaderScratch()
{
    static Buffer scratch;
    return scratch;
}

/**
 * The datagram of the outbound observation of an ns-3 item: its header
 * object's bytes, then its payload.
 */
struct ItemBytes
{
    const Ipv4Header* v4;  //!< written from its getters into the message, or null
    const uint8_t* header; //!< else the serialized header
    uint32_t headerSize;   //!< its bytes
    const Packet* payload; //!< the payload

    /** ObserveSource::copy: the header's bytes, then the payload's. */
    static void Copy(const void* self, uint8_t* to, uint32_t size)
    {
        const auto* b = static_cast<const ItemBytes*>(self);
        if (b->v4 != nullptr)
        {
            PfhooksIpv4HeaderBytes::Write(*b->v4, to);
        }
        else
        {
            std::memcpy(to, b->header, b->headerSize);
        }
        b->payload->CopyData(to + b->headerSize, size - b->headerSize);
    }
};

/**
 * The outbound observation of an ns-3 item: its header object serialized
 * (through the process's scratch buffer) and checked as a whole datagram's
 * head would be; the payload is copied only into the message, when an
 * observer wants it.  An IPv4 header without options is written from its
 * getters: its first four bytes for the check, the whole into the message.
 * \param f the family
 * \param payload the item's payload
 * \param header its header object
 * \param head receives the header's bytes (those the check reads at least)
 * \param bytes receives the source of the observation's bytes
 * \return the datagram's length; 0 when not shown
 */
template <typename HeaderT>
uint32_t
ObserveItem(PfhooksFamily f,
            const Packet& payload,
            const HeaderT& header,
            uint8_t (&head)[PfhooksWholeDatagram::kHeadBytes],
            ItemBytes* bytes)
{
    uint32_t h = header.GetSerializedSize();
    if (h > sizeof(head))
    {
        return 0; // no IP header is that long
    }
    const Ipv4Header* v4 = nullptr;
    if constexpr (std::is_same_v<HeaderT, Ipv4Header>)
    {
        // From the getters: no Buffer, no byte-at-a-time checksum; the
        // check reads the first four bytes, the rest is written into the
        // message if it is built.
        if (h == 20 && PfhooksIpv4HeaderBytes::WriteHead(header, head))
        {
            v4 = &header;
        }
    }
    if (v4 == nullptr)
    {
        Buffer& headerBytes = HeaderScratch();
        if (headerBytes.GetSize() < h)
        {
            headerBytes.AddAtStart(h - headerBytes.GetSize());
        }
        header.Serialize(headerBytes.Begin());
        headerBytes.CopyData(head, h);
    }
    uint32_t size = h + payload.GetSize();
    if (PfhooksDatagramCheck::Check(f, head, size) != nullptr)
    {
        return 0;
    }
    *bytes = ItemBytes{v4, head, h, &payload};
    return PfhooksDatagramCheck::Length(f, head);
}
} // namespace

void
PfhooksNodeTap::ObserveOut(PfhooksFamily f, const NetDevice& device, const QueueDiscItem& it)
{
    // The datagram as it leaves: a raw item already holds it whole; an
    // item of ns-3's is its header serialized in front of its payload.
    uint8_t head[PfhooksWholeDatagram::kHeadBytes];
    ItemBytes item{};
    ObserveSource src{&ItemBytes::Copy, &item, 0};
    uint32_t len;
    // ns-3's own items first, by their exact type: three dynamic casts
    // were a tenth of an outbound observation.
    if (typeid(it) == typeid(Ipv4QueueDiscItem))
    {
        const auto& v4 = static_cast<const Ipv4QueueDiscItem&>(it);
        len = ObserveItem(f, *PeekPointer(v4.GetPacket()), v4.GetHeader(), head, &item);
    }
    else if (typeid(it) == typeid(Ipv6QueueDiscItem))
    {
        const auto& v6 = static_cast<const Ipv6QueueDiscItem&>(it);
        len = ObserveItem(f, *PeekPointer(v6.GetPacket()), v6.GetHeader(), head, &item);
    }
    else if (typeid(it) == typeid(PfhooksRawIpv4QueueDiscItem) ||
             typeid(it) == typeid(PfhooksRawIpv6QueueDiscItem) ||
             dynamic_cast<const PfhooksRawIpv4QueueDiscItem*>(&it) != nullptr ||
             dynamic_cast<const PfhooksRawIpv6QueueDiscItem*>(&it) != nullptr)
    {
        const Packet& p = *PeekPointer(it.GetPacket());
        len = PfhooksIpInstance::ObserveHead(f, p, head);
        src = PfhooksIpInstance::ObservePacket(p);
    }
    else if (const auto* v4 = dynamic_cast<const Ipv4QueueDiscItem*>(&it))
    {
        len = ObserveItem(f, *PeekPointer(v4->GetPacket()), v4->GetHeader(), head, &item);
    }
    else if (const auto* v6 = dynamic_cast<const Ipv6QueueDiscItem*>(&it))
    {
        len = ObserveItem(f, *PeekPointer(v6->GetPacket()), v6->GetHeader(), head, &item);
    }
    else
    {
        return;
    }
    if (len == 0)
    {
        return; // not shown
    }
    if (src.source == &item)
    {
        src.size = item.headerSize + item.payload->GetSize();
    }
    // illumos ip_xmit(): the sending zone (in an exclusive-IP zone, the
    // stack's), destination unknown.
    m_ip->RunObserve(f,
                     IPOBS_HOOK_OUTBOUND,
                     src,
                     len,
                     PfhooksIpInstance::PhyIf(&device),
                     m_ip->GetZoneId(),
                     ALL_ZONES,
                     m_runner.GetObserveSpares());
}

template <typename HeaderT>
bool
PfhooksNodeTap::RunForwarding(PfhooksFamily f,
                              const NetDevice* idev,
                              const NetDevice* odev,
                              Ptr<const Packet>* p,
                              HeaderT* header)
{
    // HasHooks(), keeping the event for the runner (whose length is then
    // asked of ns-3 only when wanted).
    PfhooksHookEvent* ev = m_active ? EventWithHooks(f, PFH_FORWARDING) : nullptr;
    if (ev == nullptr)
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
                         &rewritten,
                         ev))
    {
    case PFH_SEAM_DROP:
        return false;
    case PFH_SEAM_REWRITE: {
        // (As in illumos, the route chosen before the hooks stands.)
        if (datagram.HeaderRewritten())
        {
            // The header alone changed: its fields set, the payload goes on.
            datagram.ApplyHeaderRewrite(header);
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
    if (RunForwarding(PFH_INET, PeekPointer(idev), PeekPointer(route->GetOutputDevice()), &p, &h))
    {
        forward(route, p, h);
    }
}

void
PfhooksNodeTap::Forward6(Ipv6RoutingProtocol::UnicastForwardCallback forward,
                         Ptr<const NetDevice> idev,
                         Ptr<Ipv6Route> route,
                         Ptr<const Packet> p,
                         const Ipv6Header& header)
{
    Ipv6Header h = header;
    if (!RunForwarding(PFH_INET6, PeekPointer(idev), PeekPointer(route->GetOutputDevice()), &p, &h))
    {
        return;
    }
    if (h.GetDestination() != header.GetDestination() && route->GetGateway().IsAny() &&
        !PfhooksTransportCheck::OnLink6(m_ipv6, route->GetOutputDevice(), h.GetDestination()))
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
 * PHYSICAL_OUT's datagram: when a hook wants the bytes, an IPv4 header
 * without options is written from its getters in front of the payload's
 * bytes (ns-3's Serialize sums the checksum a byte at a time, and a packet
 * made for the copy had its payload's buffer copied too); the packet sent
 * is built from the bytes once the hooks are done.  Other headers are
 * serialized through a packet, which is then sent as it is if the hooks
 * accept it (ns-3 would serialize the header a second time).
 */
template <typename HeaderT>
struct SentDatagram : public PfhooksHeadedDatagram<HeaderT>
{
    /**
     * \param item the item (its payload is asked for when wanted)
     * \param header its header
     */
    SentDatagram(const QueueItem& item, const HeaderT& header)
        : PfhooksHeadedDatagram<HeaderT>(item, header)
    {
    }

    /**
     * Writes or serializes header and payload and copies their bytes out.
     * \param f the family (unused: not checked)
     * \param b receives the bytes
     * \return their number
     */
    uint32_t CopyTo(PfhooksFamily f, std::vector<uint8_t>* b) const
    {
        if constexpr (std::is_same_v<HeaderT, Ipv4Header>)
        {
            if (this->HeaderSize() == 20)
            {
                uint32_t len = 20 + this->Payload()->GetSize();
                b->resize(len);
                if (PfhooksIpv4HeaderBytes::Write(this->GetHeader(), b->data()))
                {
                    this->Payload()->CopyData(b->data() + 20, len - 20);
                    written = true;
                    return len;
                }
            }
        }
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

    /**
     * \param bytes the datagram's header bytes (those shown or left)
     * \param reuse the seam's packet the copy is made in when nothing else
     *        holds it (PfhooksPacketRebuild::ReusedCopy()); it then holds
     *        the copy
     * \return a copy of the payload with them in front, as one header item
     */
    Ptr<Packet> WithHead(const uint8_t* bytes, Ptr<Packet>* reuse) const
    {
        PfhooksPacketRebuild::ReusedCopy(*this->Payload(), reuse);
        PfhooksPacketRebuild::AddHead(*reuse, bytes, this->HeaderSize(), HeaderT::GetTypeId());
        return *reuse;
    }

    mutable Ptr<Packet> serialized; //!< the bytes shown, serialized through a packet
    mutable bool written{false};    //!< the bytes shown, written without one
};
} // namespace

template <typename ItemT, typename RawT>
bool
PfhooksNodeTap::RunPhysicalOut(PfhooksFamily f,
                               const NetDevice& device,
                               Ptr<QueueDiscItem>* item,
                               PfhooksHookEvent* ev)
{
    // ns-3's own item by its exact type, else a dynamic cast (a tenth of
    // a C++ accept's run when done every time).
    QueueDiscItem& it = *PeekPointer(*item);
    ItemT* l3 = typeid(it) == typeid(ItemT) ? static_cast<ItemT*>(&it) : dynamic_cast<ItemT*>(&it);
    if (l3 == nullptr)
    {
        return true; // already bytes (an earlier rewrite) or unknown: pass
    }
    const auto& header = l3->GetHeader();
    typedef typename std::decay<decltype(header)>::type HeaderT;
    SentDatagram<HeaderT> datagram(*l3, header);
    Ptr<Packet> rewritten;
    switch (m_runner.Run(f,
                         PFH_PHYSICAL_OUT,
                         datagram,
                         0,
                         PfhooksIpInstance::PhyIf(&device),
                         PfhooksSeamRunner::NoFlags, // illumos passes no flags on PHYSICAL_OUT
                         &rewritten,
                         ev))
    {
    case PFH_SEAM_DROP:
        return false;
    case PFH_SEAM_REWRITE: {
        if (datagram.HeaderRewritten())
        {
            // The header alone changed: the hooks' header bytes go out in
            // front of the payload as they are (in place of the old ones in
            // the packet serialized for the hooks, its own buffer); the
            // item's header object, given the changed fields, serves the
            // queue discs.
            Ptr<Packet> p = datagram.serialized;
            if (p)
            {
                uint32_t hs = datagram.HeaderSize(); // a header rewrite keeps the size
                PeekPointer(p)->RemoveAtStart(hs);
                PfhooksPacketRebuild::AddHead(p, m_runner.GetRewritten(), hs, HeaderT::GetTypeId());
            }
            else
            {
                p = datagram.WithHead(m_runner.GetRewritten(), m_runner.GetSentCopy());
            }
            // Raw pointers below: Ptr's operator-> is an out-of-line call.
            Ptr<RawT> raw = Create<RawT>(p, l3->GetAddress(), l3->GetProtocol(), header);
            RawT* r = PeekPointer(raw);
            datagram.ApplyHeaderRewrite(r->MutableHeader());
            r->NotePorts(m_runner.GetRewritten(), PeekPointer(p)->GetSize()); // the hooks' bytes
            *item = raw;
            return true;
        }
        HeaderT parsed;
        rewritten->PeekHeader(parsed);
        *item = Create<RawT>(rewritten, l3->GetAddress(), l3->GetProtocol(), parsed);
        return true;
    }
    default:
        if (datagram.serialized || datagram.written)
        {
            // The bytes shown go out: ns-3 would serialize the header (and
            // sum its checksum a byte at a time) again.
            Ptr<Packet> p = datagram.serialized
                                ? datagram.serialized
                                : datagram.WithHead(m_runner.GetCopied(), m_runner.GetSentCopy());
            Ptr<RawT> raw = Create<RawT>(p, l3->GetAddress(), l3->GetProtocol(), header);
            // Raw pointers: Ptr's operator-> is an out-of-line call.
            PeekPointer(raw)->NotePorts(m_runner.GetCopied(), PeekPointer(p)->GetSize());
            *item = raw;
        }
        return true; // else unchanged: ns-3 serializes it as without hooks
    }
}

void
PfhooksNodeTap::Send(const Ptr<NetDevice>& device, Ptr<QueueDiscItem>& item)
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
    // ns-3's own IPv4 and IPv6 items by their exact type (always their
    // family's protocol number): QueueDiscItem::GetProtocol() is a call per
    // packet.  The type_info objects are compared by address: ns-3's
    // library has the one of each, and a failed operator== is a strcmp of
    // the names.  Any other item is asked, as before.
    PfhooksFamily f = PFH_INET;
    const QueueDiscItem& it = *PeekPointer(item);
    const std::type_info& type = typeid(it);
    bool known = &type == &typeid(Ipv4QueueDiscItem);
    if (!known && &type == &typeid(Ipv6QueueDiscItem))
    {
        f = PFH_INET6;
        known = true;
    }
    if (m_ip != nullptr && m_ip->IsRunning() && (known || FamilyOfProtocol(it.GetProtocol(), &f)))
    {
        PfhooksSeamRunner::Scope scope(&m_runner);
        // The event is looked up once (the instance runs, the seams are on).
        PfhooksHookEvent* outEvent = m_ip->PeekEvent(f, PFH_PHYSICAL_OUT);
        if (!SkipOnce(it) && m_active && outEvent != nullptr && outEvent->HasHooks())
        {
            if (outEvent->MaySleep() && PfhooksSleepingSeam::Send(this, f, device, item))
            {
                return; // held: it comes back here when the hooks are done
            }
            const NetDevice& dev = *PeekPointer(device);
            bool goesOn =
                f == PFH_INET
                    ? RunPhysicalOut<Ipv4QueueDiscItem, PfhooksRawIpv4QueueDiscItem>(f,
                                                                                     dev,
                                                                                     &item,
                                                                                     outEvent)
                : f == PFH_INET6
                    ? RunPhysicalOut<Ipv6QueueDiscItem, PfhooksRawIpv6QueueDiscItem>(f,
                                                                                     dev,
                                                                                     &item,
                                                                                     outEvent)
                    : RunPhysicalOut<ArpQueueDiscItem, PfhooksRawArpQueueDiscItem>(f,
                                                                                   dev,
                                                                                   &item,
                                                                                   outEvent);
            if (!goesOn)
            {
                return;
            }
        }
        // illumos observes outbound packets after PHYSICAL_OUT let them go.
        if (HasHooks(f, PFH_OBSERVING))
        {
            ObserveOut(f, *device, *item);
        }
    }
    PfhooksPassOn(PeekPointer(m_tc), &TrafficControlLayer::Send, device, item);
}

} // namespace ns3
