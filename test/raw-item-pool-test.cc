/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The raw queue-disc items PHYSICAL_OUT sends bytes in come from a free
 * list of their own: a reused item holds only what its own constructor
 * gave it (its datagram, no ports noted for an earlier one).
 */
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-queue-disc-item.h"
#include "ns3/mac48-address.h"
#include "ns3/packet.h"
#include "ns3/pfhooks-raw-queue-disc-item.h"
#include "ns3/udp-header.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

/// A UDP datagram: its IPv4 header and the payload behind it.
struct Datagram
{
    Ipv4Header header;
    Ptr<Packet> payload; // UDP header and data
    Ptr<Packet> whole;   // header first

    Datagram(uint16_t sport, uint16_t dport, uint32_t data)
    {
        payload = Create<Packet>(data);
        UdpHeader u;
        u.SetSourcePort(sport);
        u.SetDestinationPort(dport);
        payload->AddHeader(u);
        header.SetSource(Ipv4Address("10.9.0.1"));
        header.SetDestination(Ipv4Address("10.9.0.2"));
        header.SetProtocol(17);
        header.SetPayloadSize(payload->GetSize());
        whole = payload->Copy();
        whole->AddHeader(header);
    }
};

} // namespace

TEST(RawItemPoolTest, AReusedItemHoldsOnlyItsOwnDatagram)
{
    const Mac48Address to("00:00:00:00:00:02");
    Datagram a(1111, 2222, 200);
    Datagram b(3333, 4444, 20);
    std::vector<uint8_t> bytes(a.whole->GetSize());
    a.whole->CopyData(bytes.data(), bytes.size());

    Ptr<PfhooksRawIpv4QueueDiscItem> first =
        Create<PfhooksRawIpv4QueueDiscItem>(a.whole, to, 0x0800, a.header);
    first->NotePorts(bytes.data(), bytes.size());
    const void* firstAt = PeekPointer(first);
    first = nullptr;

    Ptr<PfhooksRawIpv4QueueDiscItem> second =
        Create<PfhooksRawIpv4QueueDiscItem>(b.whole, to, 0x0800, b.header);
#ifndef __SANITIZE_ADDRESS__
    // The free list gave the first one's memory back (not under ASan, which
    // sees every item freed).
    EXPECT_EQ(static_cast<const void*>(PeekPointer(second)), firstAt);
#else
    (void)firstAt;
#endif
    // Its own datagram and ports: as ns-3's own item of the same datagram.
    Ptr<Ipv4QueueDiscItem> own = Create<Ipv4QueueDiscItem>(b.payload, to, 0x0800, b.header);
    EXPECT_EQ(second->GetSize(), b.whole->GetSize());
    EXPECT_EQ(second->GetPacket(), b.whole);
    for (uint32_t perturbation : {0u, 7u})
    {
        EXPECT_EQ(second->Hash(perturbation), own->Hash(perturbation));
    }
    // And the first one's ports were its own, not the second's.
    Ptr<PfhooksRawIpv4QueueDiscItem> third =
        Create<PfhooksRawIpv4QueueDiscItem>(a.whole, to, 0x0800, a.header);
    Ptr<Ipv4QueueDiscItem> ownA = Create<Ipv4QueueDiscItem>(a.payload, to, 0x0800, a.header);
    EXPECT_EQ(third->Hash(0), ownA->Hash(0));
    EXPECT_NE(third->Hash(0), second->Hash(0));
}
