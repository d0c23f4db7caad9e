/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Queue discs mark and hash items through their header objects; a raw
 * item's header is in its bytes, so marking and hashing read and write
 * those, with the results ns-3's own items give.
 */
#include "pfhooks-raw-queue-disc-item.h"

#include "pfhooks-packet-rebuild.h"

#include "ns3/hash.h"

#include <cstring>

namespace ns3
{

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
    PfhooksPacketRebuild::PrepareHeader(&h);
    p->RemoveHeader(h);
    h.SetEcn(H::ECN_CE);
    p->AddHeader(h);
    return true;
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

void
PfhooksRawIpv4QueueDiscItem::NotePorts(const uint8_t* ip, uint32_t len)
{
    // What Hash() reads: the header object's size and protocol, as PortsBehind.
    const Ipv4Header& h = GetHeader();
    m_ports = PortsIn(ip, len, m_bytes->GetSize(), h.GetSerializedSize(), h.GetProtocol());
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
        if (m_ports >= 0)
        {
            sport = m_ports >> 16;
            dport = m_ports & 0xffff;
        }
        else
        {
            PortsBehind(GetPacket(), h.GetSerializedSize(), h.GetProtocol(), &sport, &dport);
        }
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

void
PfhooksRawIpv6QueueDiscItem::NotePorts(const uint8_t* ip, uint32_t len)
{
    m_ports = PortsIn(ip, len, m_bytes->GetSize(), 40, GetHeader().GetNextHeader());
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
    if (m_ports >= 0)
    {
        sport = m_ports >> 16;
        dport = m_ports & 0xffff;
    }
    else
    {
        PortsBehind(GetPacket(), 40, h.GetNextHeader(), &sport, &dport);
    }
    uint8_t addrs[32];
    h.GetSource().Serialize(addrs);
    h.GetDestination().Serialize(addrs + 16);
    return HashTuple(addrs, 16, h.GetNextHeader(), sport, dport, perturbation);
}

} // namespace ns3
