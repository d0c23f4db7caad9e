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

#include <cstddef>
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
        : Base(datagram, addr, protocol, parsed),
          m_bytes(PeekPointer(datagram))
    {
    }

    /**
     * Items come from a small free list of their own: PHYSICAL_OUT makes
     * one per datagram it sends as bytes, and malloc and free were about a
     * third of an item's life.  Not under ASan, which is to see each item
     * freed as such.
     * \param n the bytes wanted
     * \return the memory
     */
    static void* operator new(std::size_t n)
    {
#ifndef __SANITIZE_ADDRESS__
        if (n == sizeof(PfhooksRawQueueDiscItem) && s_free != nullptr)
        {
            FreeBlock* b = s_free;
            s_free = b->next;
            --s_nFree;
            return b;
        }
#endif
        return ::operator new(n);
    }

    /**
     * \param p the memory (its item destroyed)
     * \param n its bytes
     */
    static void operator delete(void* p, std::size_t n)
    {
#ifndef __SANITIZE_ADDRESS__
        if (n == sizeof(PfhooksRawQueueDiscItem) && s_nFree < kMaxFree)
        {
            auto* b = static_cast<FreeBlock*>(p);
            b->next = s_free;
            s_free = b;
            ++s_nFree;
            return;
        }
#endif
        ::operator delete(p);
    }

    /**
     * \return the header object the item holds, to be given the fields of
     *         a header rewrite (PfhooksHeadedDatagram::ApplyHeaderRewrite)
     *         before the item is queued.  The item is pfhooks' own and its
     *         base keeps the header as a plain member, which it only hands
     *         out as const: setting it in place spares a header copied
     *         twice per rewrite.
     */
    Header* MutableHeader()
    {
        return const_cast<Header*>(&this->GetHeader());
    }

    /** \return the datagram's size: the header is in its bytes */
    uint32_t GetSize() const override
    {
        // Asked several times per packet by the queue discs: no GetPacket()
        // call and reference count.
        return m_bytes->GetSize();
    }

    /** Nothing to add: the header is already in the bytes. */
    void AddHeader() override
    {
        // The header is already in the bytes.
    }

    /**
     * Notes what Hash() reads behind the header from a copy of the bytes
     * at hand (the seam's), so that it need not copy them out of the
     * packet.  ARP: nothing to note.
     * \param ip the datagram's bytes, as in the packet
     * \param len their number
     */
    void NotePorts(const uint8_t* ip, uint32_t len)
    {
    }

  protected:
    /**
     * The ports behind a transport header of protocol prot `hl` bytes
     * into a datagram of `size` bytes, as Ipv4QueueDiscItem::Hash reads
     * them (none but for TCP and UDP).
     * \param ip the datagram's bytes
     * \param len their number
     * \param size the datagram's size
     * \param hl where the transport header starts
     * \param prot its protocol
     * \return sport << 16 | dport
     */
    static uint32_t PortsIn(const uint8_t* ip,
                            uint32_t len,
                            uint32_t size,
                            uint32_t hl,
                            uint8_t prot)
    {
        if ((prot == 6 || prot == 17) && size >= hl + 4 && hl <= 60 && len >= hl + 4)
        {
            return (uint32_t(ip[hl]) << 24) | (uint32_t(ip[hl + 1]) << 16) |
                   (uint32_t(ip[hl + 2]) << 8) | ip[hl + 3];
        }
        return 0;
    }

    const Packet* m_bytes; //!< the item's packet (the item holds it: GetPacket() without a Ptr)
    int64_t m_ports{-1};   //!< NotePorts(): sport << 16 | dport; -1 for not noted

  private:
    /// A freed item's memory on the free list.
    struct FreeBlock
    {
        FreeBlock* next; //!< the next one
    };

    /// Items kept for reuse at most: the queues in flight, not the traffic.
    static constexpr uint32_t kMaxFree = 64;
    static inline FreeBlock* s_free{nullptr}; //!< the free list
    static inline uint32_t s_nFree{0};        //!< its length
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
    /** \copydoc PfhooksRawQueueDiscItem::NotePorts */
    void NotePorts(const uint8_t* ip, uint32_t len);
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
    /** \copydoc PfhooksRawQueueDiscItem::NotePorts */
    void NotePorts(const uint8_t* ip, uint32_t len);
};

/**
 * \ingroup pfhooks
 * Raw ARP item.
 */
typedef PfhooksRawQueueDiscItem<ArpQueueDiscItem, ArpHeader> PfhooksRawArpQueueDiscItem;

} // namespace ns3

#endif /* PFHOOKS_RAW_QUEUE_DISC_ITEM_H */
