/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * After PHYSICAL_OUT the datagram is bytes already (serialized for the
 * hooks, or as they left it): these items carry those bytes to the device
 * instead of letting ns-3 serialize the header, and its checksum, again.
 */
#ifndef PFHOOKS_RAW_QUEUE_DISC_ITEM_H
#define PFHOOKS_RAW_QUEUE_DISC_ITEM_H

#include "ns3/arp-header.h"
#include "ns3/arp-queue-disc-item.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-queue-disc-item.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-queue-disc-item.h"
#include "ns3/packet.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup pfhooks
 * A queue disc item that already holds a whole datagram, header included,
 * exactly as the hooks left it (or as serialized for them): AddHeader()
 * adds nothing, so the device sends those bytes.  The parsed header serves
 * queue discs for classification.
 */
template <typename Base, typename Header>
class PfhooksRawQueueDiscItem : public Base
{
  public:
    /**
     * \param datagram header and payload bytes
     * \param addr destination link-layer address
     * \param protocol link-layer protocol number
     * \param parsed the header parsed from the bytes
     */
    PfhooksRawQueueDiscItem(Ptr<Packet> datagram,
                            const Address& addr,
                            uint16_t protocol,
                            const Header& parsed)
        : Base(datagram, addr, protocol, parsed)
    {
    }

    /** \return the datagram's size: the header is in its bytes */
    uint32_t GetSize() const override
    {
        return this->GetPacket()->GetSize();
    }

    /** Nothing to add: the header is already in the bytes. */
    void AddHeader() override
    {
        // The header is already in the bytes.
    }
};

/**
 * \ingroup pfhooks
 * Raw IPv4 item: Mark() sets ECN CE in the bytes (checksum fixed), Hash()
 * hashes the 5-tuple as Ipv4QueueDiscItem does.
 */
class PfhooksRawIpv4QueueDiscItem : public PfhooksRawQueueDiscItem<Ipv4QueueDiscItem, Ipv4Header>
{
  public:
    /** \copydoc PfhooksRawQueueDiscItem::PfhooksRawQueueDiscItem */
    PfhooksRawIpv4QueueDiscItem(Ptr<Packet> datagram,
                                const Address& addr,
                                uint16_t protocol,
                                const Ipv4Header& parsed);
    /** \return false for a datagram that is not ECN-capable, else true (CE set) */
    bool Mark() override;
    /**
     * \param perturbation the hash perturbation
     * \return the hash of the 5-tuple
     */
    uint32_t Hash(uint32_t perturbation) const override;
};

/**
 * \ingroup pfhooks
 * Raw IPv6 item: Mark() sets ECN CE in the bytes, Hash() hashes the
 * 5-tuple as Ipv6QueueDiscItem does.
 */
class PfhooksRawIpv6QueueDiscItem : public PfhooksRawQueueDiscItem<Ipv6QueueDiscItem, Ipv6Header>
{
  public:
    /** \copydoc PfhooksRawQueueDiscItem::PfhooksRawQueueDiscItem */
    PfhooksRawIpv6QueueDiscItem(Ptr<Packet> datagram,
                                const Address& addr,
                                uint16_t protocol,
                                const Ipv6Header& parsed);
    /** \return false for a datagram that is not ECN-capable, else true (CE set) */
    bool Mark() override;
    /**
     * \param perturbation the hash perturbation
     * \return the hash of the 5-tuple
     */
    uint32_t Hash(uint32_t perturbation) const override;
};

/**
 * \ingroup pfhooks
 * Raw ARP item.
 */
typedef PfhooksRawQueueDiscItem<ArpQueueDiscItem, ArpHeader> PfhooksRawArpQueueDiscItem;

} // namespace ns3

#endif /* PFHOOKS_RAW_QUEUE_DISC_ITEM_H */
