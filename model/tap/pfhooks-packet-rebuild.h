/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Hooks work on bytes, ns-3 on packets that carry tags and header objects.
 * Going back from bytes to a packet is said here once, so that every seam
 * keeps the tags (FlowMonitor's among them) and reuses what did not change.
 */
#ifndef PFHOOKS_PACKET_REBUILD_H
#define PFHOOKS_PACKET_REBUILD_H

#include "ns3/ipv4-header.h"
#include "ns3/ipv6-header.h"
#include "ns3/node.h"
#include "ns3/packet.h"

#include <cstdint>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * ns-3 packets rebuilt from the bytes hooks left or a module injected.
 */
class PfhooksPacketRebuild
{
  public:
    /**
     * Readies an IPv4 header about to be parsed from bytes that ns-3 will
     * write out again: its checksum is computed when the node's are.
     * \param h the header
     */
    static void PrepareHeader(Ipv4Header* h)
    {
        if (Node::ChecksumEnabled())
        {
            h->EnableChecksum();
        }
    }

    /** \copydoc PrepareHeader(Ipv4Header*) (Nothing to do for IPv6.) */
    static void PrepareHeader(Ipv6Header* h)
    {
    }

    /**
     * A packet of a datagram's bytes, put in as the headers they parse as
     * (IPv4 or IPv6, then UDP, TCP, ICMP (+ echo) or ICMPv6; ARP), then a
     * payload, so that Packet::Print and traces show them; bytes that parse
     * as none are one PfhooksRawBytes header.
     * \param b the bytes
     * \param n their number
     * \return the packet
     */
    static Ptr<Packet> FromBytes(const uint8_t* b, uint32_t n);

    /**
     * A copy of `orig` whose bytes are `bytes`: packet tags are kept as
     * they are, byte tags are moved by `shift` bytes (the header put in
     * front of a payload) and clipped to the new length.  The bytes are put
     * in as the headers they parse as (IP, then UDP, TCP, ICMP...), so that
     * printing shows them.
     * \param orig the packet replaced
     * \param bytes the new bytes
     * \param shift bytes put in front of what `orig` held
     * \return the new packet
     */
    static Ptr<Packet> WithBytes(Ptr<const Packet> orig,
                                 const std::vector<uint8_t>& bytes,
                                 uint32_t shift);

    /**
     * A copy of `orig` that carries the bytes the hooks left.  `orig` holds
     * the datagram the hooks were given (`before`, `len` bytes) less its
     * first `shift` bytes (a header ns-3 keeps apart).  When the length is
     * kept and only a leading part changed (a header rewrite), the rest of
     * `orig` is kept as it is, with its tags, and the new leading bytes put
     * in front; otherwise the packet is rebuilt from the bytes.
     * \param orig the packet the hooks' bytes came from
     * \param shift leading bytes of the datagram not in `orig`
     * \param before the bytes the hooks were given
     * \param len their number
     * \param after the bytes the hooks left
     * \param shiftType the type of the header kept apart (when shift > 0)
     * \return the whole datagram, header first; its packet metadata (when
     *         on) names the real headers, so that Packet::Print and traces
     *         show them
     */
    static Ptr<Packet> Rebuild(Ptr<const Packet> orig,
                               uint32_t shift,
                               const uint8_t* before,
                               uint32_t len,
                               const std::vector<uint8_t>& after,
                               TypeId shiftType = TypeId());

    /**
     * Splits a whole datagram into its header and payload, dropping what
     * follows the payload.
     * \param p the datagram, left holding the payload
     * \param h receives the header
     */
    static void SplitDatagram(Ptr<Packet> p, Ipv4Header* h);
    /** \copydoc SplitDatagram(Ptr<Packet>,Ipv4Header*) */
    static void SplitDatagram(Ptr<Packet> p, Ipv6Header* h);
};

} // namespace ns3

#endif /* PFHOOKS_PACKET_REBUILD_H */
