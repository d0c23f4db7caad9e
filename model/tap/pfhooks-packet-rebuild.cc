/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A TOS or address rewrite changes a few header bytes of a datagram whose
 * payload ns-3 still holds as it was: Rebuild() keeps that payload (and its
 * byte tags) and puts only the changed leading bytes in front, which is most
 * of what makes a rewrite cheap.
 */
#include "pfhooks-packet-rebuild.h"

#include "ns3/arp-header.h"
#include "ns3/buffer.h"
#include "ns3/header.h"
#include "ns3/icmpv4.h"
#include "ns3/icmpv6-header.h"
#include "ns3/log.h"
#include "ns3/packet-checksums.h"
#include "ns3/tcp-header.h"
#include "ns3/udp-header.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksPacketRebuild");

/**
 * \ingroup pfhooks
 * Bytes put in front of a packet as they are, when they parse as no header
 * ns-3 knows (or packet metadata is off and nothing is ever printed).
 */
class PfhooksRawBytes : public Header
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::PfhooksRawBytes")
                                .SetParent<Header>()
                                .SetGroupName("Pfhooks")
                                .AddConstructor<PfhooksRawBytes>();
        return tid;
    }

    PfhooksRawBytes() = default;

    /**
     * \param b the bytes (they must outlive the AddHeader call)
     * \param n their number
     * \param shown the type the packet's metadata records: one that parses
     *        them, so that printing and RemoveHeader find that header
     */
    PfhooksRawBytes(const uint8_t* b, uint32_t n, TypeId shown = GetTypeId())
        : m_shown(shown),
          m_in(b),
          m_size(n)
    {
    }

    /**
     * Points the header at other bytes (one object serves every header
     * rewrite: no Header to make and destroy per packet).
     * \param b the bytes (they must outlive the AddHeader call)
     * \param n their number
     * \param shown the type the packet's metadata records
     */
    void Set(const uint8_t* b, uint32_t n, TypeId shown)
    {
        m_in = b;
        m_size = n;
        m_shown = shown;
    }

    TypeId GetInstanceTypeId() const override
    {
        return m_shown;
    }

    uint32_t GetSerializedSize() const override
    {
        return m_size;
    }

    void Serialize(Buffer::Iterator start) const override
    {
        start.Write(m_in, m_size);
    }

    uint32_t Deserialize(Buffer::Iterator start) override
    {
        m_size = start.GetRemainingSize();
        return m_size;
    }

    uint32_t Deserialize(Buffer::Iterator start, Buffer::Iterator end) override
    {
        // Packet::Print gives the item's own extent.
        m_size = start.GetDistanceFrom(end) > 0 ? start.GetDistanceFrom(end) : 0;
        return m_size;
    }

    void Print(std::ostream& os) const override
    {
        os << "bytes a hook left that parse as no header: " << m_size;
    }

  private:
    TypeId m_shown{GetTypeId()};
    const uint8_t* m_in{nullptr};
    uint32_t m_size{0};
};

NS_OBJECT_ENSURE_REGISTERED(PfhooksRawBytes);

namespace
{

/// A header of a datagram's bytes: the type that parses it and its size.
struct Shown
{
    TypeId tid;
    uint32_t size;
};

/// At most an IP, a transport and an ICMP echo header are shown.
constexpr uint32_t kMaxShown = 4;

/**
 * The headers ns-3 would print for a datagram's bytes (IPv4 or IPv6, then
 * UDP, TCP, ICMP (+ echo) or ICMPv6 (echo); an ARP packet), for a packet
 * rebuilt from them.  \return their number; 0 when the bytes parse as none
 */
uint32_t
ParseShown(const uint8_t* b, uint32_t n, Shown* out)
{
    if (n == 0)
    {
        return 0;
    }
    uint32_t k = 0;
    uint32_t at = 0;
    uint8_t proto = 0;
    if ((b[0] >> 4) == 4 && n >= 20 && (b[0] & 0x0f) * 4u >= 20 && (b[0] & 0x0f) * 4u <= n)
    {
        at = (b[0] & 0x0f) * 4u;
        out[k++] = {Ipv4Header::GetTypeId(), at};
        proto = ((b[6] & 0x3f) << 8 | b[7]) == 0 ? b[9] : 0; // a later fragment: payload
    }
    else if ((b[0] >> 4) == 6 && n >= 40)
    {
        at = 40;
        out[k++] = {Ipv6Header::GetTypeId(), at};
        proto = b[6];
    }
    else if (n >= 28 && b[0] == 0 && b[1] == 1 && b[4] == 6 && b[5] == 4)
    {
        out[k++] = {ArpHeader::GetTypeId(), 28}; // Ethernet/IPv4 ARP
        return k;
    }
    else
    {
        return 0;
    }
    const uint8_t* l4 = b + at;
    uint32_t left = n - at;
    if (proto == 17 && left >= 8)
    {
        out[k++] = {UdpHeader::GetTypeId(), 8};
    }
    else if (proto == 6 && left >= 20 && (l4[12] >> 4) * 4u >= 20 && (l4[12] >> 4) * 4u <= left)
    {
        out[k++] = {TcpHeader::GetTypeId(), (l4[12] >> 4) * 4u};
    }
    else if (proto == 1 && (b[0] >> 4) == 4 && left >= 4)
    {
        out[k++] = {Icmpv4Header::GetTypeId(), 4};
        if ((l4[0] == Icmpv4Header::ICMPV4_ECHO || l4[0] == Icmpv4Header::ICMPV4_ECHO_REPLY) &&
            left >= 8)
        {
            out[k++] = {Icmpv4Echo::GetTypeId(), left - 4}; // ns-3's echo holds its data
        }
    }
    else if (proto == 58 && left >= 4)
    {
        bool echo = (l4[0] == Icmpv6Header::ICMPV6_ECHO_REQUEST ||
                     l4[0] == Icmpv6Header::ICMPV6_ECHO_REPLY) &&
                    left >= 8;
        out[k++] = {echo ? Icmpv6Echo::GetTypeId() : Icmpv6Header::GetTypeId(), echo ? 8u : 4u};
    }
    return k;
}

/**
 * Puts the bytes b[0, n) in front of p as the headers `shown` says (the
 * last one first), so that the packet's metadata names real headers.
 */
void
AddShown(const Ptr<Packet>& p, const uint8_t* b, const Shown* shown, uint32_t count)
{
    uint32_t end = 0;
    for (uint32_t i = 0; i < count; i++)
    {
        end += shown[i].size;
    }
    for (uint32_t i = count; i-- > 0;)
    {
        end -= shown[i].size;
        p->AddHeader(PfhooksRawBytes(b + end, shown[i].size, shown[i].tid));
    }
}

} // namespace

void
PfhooksPacketRebuild::AddHead(const Ptr<Packet>& p, const uint8_t* b, uint32_t n, TypeId shown)
{
    // One object serves every call (a Header made and destroyed per
    // PHYSICAL_OUT rewrite was a seventh of its header swap); the packet
    // through its raw pointer (Ptr's operator-> is an out-of-line call).
    static PfhooksRawBytes head;
    head.Set(b, n, shown);
    PeekPointer(p)->AddHeader(head);
}

Ptr<Packet>
PfhooksPacketRebuild::FromBytes(const uint8_t* b, uint32_t n)
{
    Shown shown[kMaxShown];
    uint32_t count = ParseShown(b, n, shown);
    uint32_t head = 0;
    for (uint32_t i = 0; i < count; i++)
    {
        head += shown[i].size;
    }
    if (count == 0 && n > 0)
    {
        Ptr<Packet> p = Create<Packet>();
        p->AddHeader(PfhooksRawBytes(b, n));
        return p;
    }
    Ptr<Packet> p = Create<Packet>(b + head, n - head);
    AddShown(p, b, shown, count);
    return p;
}

Ptr<Packet>
PfhooksPacketRebuild::WithBytes(Ptr<const Packet> orig,
                                const std::vector<uint8_t>& bytes,
                                uint32_t shift)
{
    Ptr<Packet> np = orig->Copy();
    np->RemoveAtEnd(np->GetSize());
    np->RemoveAllByteTags();
    np->AddAtEnd(FromBytes(bytes.data(), bytes.size()));
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

namespace
{
/**
 * The IP header a same-length rewrite changed alone, when it did: then the
 * packet ns-3's IP receives is the old one with that header's bytes
 * replaced.  ns-3's IP takes the first header item of what it receives to
 * be its IP header (Ipv4L3Protocol::Receive removes an Ipv4Header there),
 * so the new bytes go in as that item, which is what the general path
 * finds in the packet's metadata, without the walk over it.
 * \param before the bytes the hooks were given
 * \param after the bytes they left, as many
 * \param len their number
 * \param end where the change ends
 * \param tid receives the header's type
 * \return the header's length; 0 when the change is not of it alone
 */
uint32_t
ChangedIpHeader(const uint8_t* before,
                const uint8_t* after,
                uint32_t len,
                std::size_t end,
                TypeId* tid)
{
    static const TypeId v4 = Ipv4Header::GetTypeId();
    static const TypeId v6 = Ipv6Header::GetTypeId();
    uint32_t hl = 0;
    if ((before[0] >> 4) == 4 && after[0] == before[0])
    {
        hl = (before[0] & 0x0f) * 4u;
        *tid = v4;
        hl = hl >= 20 ? hl : 0;
    }
    else if ((before[0] >> 4) == 6 && (after[0] >> 4) == 6)
    {
        hl = 40;
        *tid = v6;
    }
    return hl <= len && end <= hl ? hl : 0;
}
} // namespace

Packet*
PfhooksPacketRebuild::ReusedCopy(const Packet& orig, Ptr<Packet>* reuse)
{
    Packet* q = PeekPointer(*reuse);
    if (q != nullptr && q->GetReferenceCount() == 1)
    {
        *q = orig; // Packet's assignment: what its copy constructor copies
        return q;
    }
    // Copied, not made: a new Packet would take a uid of its own, which
    // every later packet's uid would show.
    *reuse = orig.Copy();
    return PeekPointer(*reuse);
}

bool
PfhooksPacketRebuild::RebuildIpHeader(const Packet& orig,
                                      const uint8_t* before,
                                      uint32_t len,
                                      const std::vector<uint8_t>& after,
                                      std::size_t changeEnd,
                                      Ptr<Packet>* reuse)
{
    TypeId tid;
    uint32_t hl =
        after.size() == len ? ChangedIpHeader(before, after.data(), len, changeEnd, &tid) : 0;
    if (hl == 0 || hl > orig.GetSize())
    {
        return false;
    }
    // One object serves every call, as in AddHead().
    static PfhooksRawBytes head;
    Packet* q = ReusedCopy(orig, reuse);
    q->RemoveAtStart(hl);
    head.Set(after.data(), hl, tid);
    q->AddHeader(head);
    return true;
}

Ptr<Packet>
PfhooksPacketRebuild::Rebuild(const Ptr<const Packet>& orig,
                              uint32_t shift,
                              const uint8_t* before,
                              uint32_t len,
                              const std::vector<uint8_t>& after,
                              TypeId shiftType,
                              std::size_t changeEnd,
                              Ptr<Packet>* reuse)
{
    // Headers live in the first bytes: a change that ends there keeps the
    // rest of the packet.
    constexpr std::size_t kHead = 64;
    std::size_t end = changeEnd;
    if (after.size() == len && end == kRewriteEndUnknown)
    {
        end = RewriteChangeEnd(before, after.data(), len);
    }
    if (after.size() == len && end <= kHead)
    {
        // A whole datagram's IP header rewrite (PHYSICAL_IN, LOOPBACK).
        Ptr<Packet> np;
        if (shift == 0 && RebuildIpHeader(*PeekPointer(orig),
                                          before,
                                          len,
                                          after,
                                          end,
                                          reuse != nullptr ? reuse : &np))
        {
            return reuse != nullptr ? *reuse : np;
        }
        auto k = std::max(static_cast<uint32_t>(end), shift);
        if (k - shift <= orig->GetSize())
        {
            // The changed bytes go in as the headers ns-3 had there (the
            // header kept apart, then the payload's leading header items),
            // so that Packet::Print, traces and RemoveHeader still find
            // them; without packet metadata nothing names them.
            Shown shown[kMaxShown];
            uint32_t count = 0;
            uint32_t covered = 0;
            if (shift > 0)
            {
                shown[count++] = {shiftType, shift};
            }
            PacketMetadata::ItemIterator it = orig->BeginItem();
            bool metadata = it.HasNext();
            while (covered < k - shift && count < kMaxShown && it.HasNext())
            {
                PacketMetadata::Item item = it.Next();
                if (item.type != PacketMetadata::Item::HEADER || item.isFragment)
                {
                    break;
                }
                shown[count++] = {item.tid, item.currentSize};
                covered += item.currentSize;
            }
            if (!metadata || covered >= k - shift)
            {
                uint32_t cut = metadata ? covered : k - shift;
                Ptr<Packet> np = orig->Copy();
                np->RemoveAtStart(cut);
                if (metadata)
                {
                    AddShown(np, after.data(), shown, count);
                }
                else
                {
                    np->AddHeader(PfhooksRawBytes(after.data(), shift + cut));
                }
                return np;
            }
        }
    }
    return WithBytes(orig, after, shift);
}

namespace
{
/// \return the 16-bit big-endian word at b
inline uint16_t
Word(const uint8_t* b)
{
    return static_cast<uint16_t>((b[0] << 8) | b[1]);
}

/// \return whether bytes [at, at + n) of a and b differ
inline bool
Differ(const uint8_t* a, const uint8_t* b, uint32_t at, uint32_t n)
{
    return std::memcmp(a + at, b + at, n) != 0;
}
} // namespace

bool
PfhooksPacketRebuild::CarriesChange(const uint8_t* before,
                                    const uint8_t* after,
                                    const Ipv4Header& h,
                                    uint32_t size)
{
    // ns-3 writes version 4, a 20-byte header and the total length of
    // header and payload, and has no field for the reserved flag.
    return (size != 0 ? size : h.GetSerializedSize()) == 20 && before[0] == 0x45 &&
           after[0] == before[0] && !Differ(before, after, 2, 2) && (after[6] & 0x80) == 0;
}

bool
PfhooksPacketRebuild::CarriesChange(const uint8_t* before,
                                    const uint8_t* after,
                                    const Ipv6Header&,
                                    uint32_t)
{
    // ns-3 writes version 6 and the payload's length.
    return (before[0] >> 4) == 6 && (after[0] >> 4) == 6 && !Differ(before, after, 4, 2);
}

void
PfhooksPacketRebuild::ApplyChangedFields(const uint8_t* before, const uint8_t* after, Ipv4Header* h)
{
    if (after[1] != before[1])
    {
        h->SetTos(after[1]);
    }
    if (Differ(before, after, 4, 2))
    {
        h->SetIdentification(Word(after + 4));
    }
    if (Differ(before, after, 6, 2))
    {
        if ((after[6] & 0x40) != 0)
        {
            h->SetDontFragment();
        }
        else
        {
            h->SetMayFragment();
        }
        if ((after[6] & 0x20) != 0)
        {
            h->SetMoreFragments();
        }
        else
        {
            h->SetLastFragment();
        }
        h->SetFragmentOffset(static_cast<uint16_t>((Word(after + 6) & 0x1fff) * 8));
    }
    if (after[8] != before[8])
    {
        h->SetTtl(after[8]);
    }
    if (after[9] != before[9])
    {
        h->SetProtocol(after[9]);
    }
    if (Differ(before, after, 12, 4))
    {
        h->SetSource(Ipv4Address::Deserialize(after + 12));
    }
    if (Differ(before, after, 16, 4))
    {
        h->SetDestination(Ipv4Address::Deserialize(after + 16));
    }
}

void
PfhooksPacketRebuild::ApplyChangedFields(const uint8_t* before, const uint8_t* after, Ipv6Header* h)
{
    if (Differ(before, after, 0, 4))
    {
        h->SetTrafficClass(static_cast<uint8_t>(((after[0] & 0x0f) << 4) | (after[1] >> 4)));
        h->SetFlowLabel(((after[1] & 0x0fu) << 16) | (after[2] << 8) | after[3]);
    }
    if (after[6] != before[6])
    {
        h->SetNextHeader(after[6]);
    }
    if (after[7] != before[7])
    {
        h->SetHopLimit(after[7]);
    }
    if (Differ(before, after, 8, 16))
    {
        h->SetSource(Ipv6Address::Deserialize(after + 8));
    }
    if (Differ(before, after, 24, 16))
    {
        h->SetDestination(Ipv6Address::Deserialize(after + 24));
    }
}

void
PfhooksPacketRebuild::SplitDatagram(Ptr<Packet> p, Ipv4Header* h)
{
    PrepareHeader(h);
    p->RemoveHeader(*h);
    uint32_t payload = h->GetPayloadSize();
    if (p->GetSize() > payload)
    {
        p->RemoveAtEnd(p->GetSize() - payload);
    }
}

void
PfhooksPacketRebuild::SplitDatagram(Ptr<Packet> p, Ipv6Header* h)
{
    p->RemoveHeader(*h);
    uint32_t payload = h->GetPayloadLength();
    if (p->GetSize() > payload)
    {
        p->RemoveAtEnd(p->GetSize() - payload);
    }
}

} // namespace ns3
