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
#include "ns3/packet-checksums.h"
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
     * \param changeEnd RewriteChangeEnd() of `before` and `after` when the
     *        caller knows it, else kRewriteEndUnknown
     * \param reuse null, or a packet a header rewrite of a whole datagram
     *        may make the copy in (see ReusedCopy()); it then holds the
     *        copy
     * \return the whole datagram, header first; its packet metadata (when
     *         on) names the real headers, so that Packet::Print and traces
     *         show them
     */
    static Ptr<Packet> Rebuild(const Ptr<const Packet>& orig,
                               uint32_t shift,
                               const uint8_t* before,
                               uint32_t len,
                               const std::vector<uint8_t>& after,
                               TypeId shiftType = TypeId(),
                               std::size_t changeEnd = kRewriteEndUnknown,
                               Ptr<Packet>* reuse = nullptr);

    /**
     * A copy of a packet (as Packet::Copy(): its bytes shared until
     * written, its uid, tags and metadata) made in the packet `reuse`
     * holds when nothing else holds that one any more (its reference count
     * is 1: the copy a seam handed ns-3 last, which ns-3's IP copied in
     * turn), else a new one that `reuse` then holds.  A seam that rewrites
     * datagram after datagram so pays no allocation and free of a Packet
     * per rewrite (a sixth of a PHYSICAL_IN header rewrite), and nothing
     * anyone still holds changes.
     * \param orig the packet copied
     * \param reuse the seam's packet (null at first)
     * \return the copy: *reuse's packet
     */
    static Packet* ReusedCopy(const Packet& orig, Ptr<Packet>* reuse);

    /**
     * Rebuild() of a whole datagram (shift 0) whose IP header alone
     * changed, the usual rewrite: the copy made in *reuse (ReusedCopy()),
     * its header's bytes replaced, the rest kept with its tags and uid.
     * \param orig the packet the hooks' bytes came from
     * \param before the bytes the hooks were given
     * \param len their number
     * \param after the bytes the hooks left
     * \param changeEnd RewriteChangeEnd() of the two (kRewriteEndUnknown:
     *        not known, not this case)
     * \param reuse as ReusedCopy()'s
     * \return false, nothing made, when the rewrite is not of that kind
     */
    static bool RebuildIpHeader(const Packet& orig,
                                const uint8_t* before,
                                uint32_t len,
                                const std::vector<uint8_t>& after,
                                std::size_t changeEnd,
                                Ptr<Packet>* reuse);

    /**
     * Puts bytes in front of a packet as one header item of type `shown`
     * (one that parses them, so that printing finds that header).
     * \param p the packet
     * \param b the bytes
     * \param n their number
     * \param shown the header type recorded in the packet's metadata
     */
    static void AddHead(const Ptr<Packet>& p, const uint8_t* b, uint32_t n, TypeId shown);

    /**
     * Whether an IPv4 header can carry a rewrite of its bytes as fields
     * (SetChangedFields() would take it): what ns-3 writes of its own
     * stays, version 4, a 20-byte header, the total length of header and
     * payload, and the reserved flag, for which it has no field, clear.
     * \param before the header's bytes as `h` serializes them (20)
     * \param after the bytes the hooks left there
     * \param h the header
     * \param size its serialized size when the caller knows it, else 0
     *        (asked of it: a call into ns-3 and a logging check)
     * \return true when SetChangedFields() would take the change
     */
    static bool CarriesChange(const uint8_t* before,
                              const uint8_t* after,
                              const Ipv4Header& h,
                              uint32_t size = 0);

    /**
     * \copydoc CarriesChange(const uint8_t*,const uint8_t*,const Ipv4Header&,uint32_t)
     * (IPv6: 40 bytes; the version and payload length must stay.)
     */
    static bool CarriesChange(const uint8_t* before,
                              const uint8_t* after,
                              const Ipv6Header& h,
                              uint32_t size = 0);

    /**
     * Any other header (ARP): its rewrites are rebuilt from the bytes.
     * \return false
     */
    template <typename HeaderT>
    static bool CarriesChange(const uint8_t*, const uint8_t*, const HeaderT&, uint32_t = 0)
    {
        return false;
    }

    /**
     * Gives a header the fields a rewrite of its bytes changed, so that
     * the payload ns-3 keeps apart from it goes on as it is (its tags, uid
     * and buffer with it): CarriesChange(), then ApplyChangedFields().  The
     * IPv4 checksum is not a field of the object: the stack writes it anew
     * after FORWARDING, and PHYSICAL_OUT sends the hooks' bytes.
     * \param before the header's bytes as `h` serializes them
     * \param after the bytes the hooks left there
     * \param h the header (IPv4, IPv6; any other takes no change), given
     *        the changed fields
     * \param size as CarriesChange()
     * \return false when CarriesChange() is false: `h` is then untouched,
     *         the datagram is rebuilt from its bytes
     */
    template <typename HeaderT>
    static bool SetChangedFields(const uint8_t* before,
                                 const uint8_t* after,
                                 HeaderT* h,
                                 uint32_t size = 0)
    {
        if (!CarriesChange(before, after, *h, size))
        {
            return false;
        }
        ApplyChangedFields(before, after, h);
        return true;
    }

    /**
     * SetChangedFields() of a change CarriesChange() took already (not
     * checked again).
     * \param before the header's bytes as `h` serializes them
     * \param after the bytes the hooks left there
     * \param h the header, given the changed fields
     */
    static void ApplyChangedFields(const uint8_t* before, const uint8_t* after, Ipv4Header* h);
    /** \copydoc ApplyChangedFields(const uint8_t*,const uint8_t*,Ipv4Header*) */
    static void ApplyChangedFields(const uint8_t* before, const uint8_t* after, Ipv6Header* h);

    /** Any other header: CarriesChange() takes no change of it. */
    template <typename HeaderT>
    static void ApplyChangedFields(const uint8_t*, const uint8_t*, HeaderT*)
    {
    }

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
