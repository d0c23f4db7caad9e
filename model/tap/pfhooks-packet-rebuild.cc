/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A TOS or address rewrite changes a few header bytes of a datagram whose
 * payload ns-3 still holds as it was: Rebuild() keeps that payload (and its
 * byte tags) and puts only the changed leading bytes in front, which is most
 * of what makes a rewrite cheap.
 */
#include "pfhooks-packet-rebuild.h"

#include "ns3/buffer.h"
#include "ns3/header.h"
#include "ns3/log.h"

#include <algorithm>
#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksPacketRebuild");

/**
 * \ingroup pfhooks
 * Bytes put in front of a packet as they are: the new leading bytes of a
 * datagram whose hooks rewrote only its beginning (a header rewrite).
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
     * \param b the bytes
     * \param n their number
     */
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

Ptr<Packet>
PfhooksPacketRebuild::WithBytes(Ptr<const Packet> orig,
                                const std::vector<uint8_t>& bytes,
                                uint32_t shift)
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

Ptr<Packet>
PfhooksPacketRebuild::Rebuild(Ptr<const Packet> orig,
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
