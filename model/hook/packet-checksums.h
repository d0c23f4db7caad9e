/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_PACKET_CHECKSUMS_H
#define PFHOOKS_PACKET_CHECKSUMS_H

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The Internet checksum's one's-complement sum of @p len bytes (RFC 1071),
 * added to @p sum and not yet folded or complemented.
 */
uint32_t OnesSum(const uint8_t* bytes, std::size_t len, uint32_t sum = 0);

/** Folds a one's-complement sum to 16 bits. \ingroup pfhooks */
uint16_t OnesFold(uint32_t sum);

/**
 * \ingroup pfhooks
 * Checks what a receiver would check in a datagram's bytes: the IPv4 header
 * checksum and the ICMP, TCP or UDP checksum (with the pseudo-header) of an
 * IPv4 or IPv6 datagram that is not a fragment.  A UDP checksum of 0 over
 * IPv4 means "none" and passes.
 * \return "" when every checksum verifies, else what is wrong (e.g. "ICMP
 *         checksum 0x0000, should be 0xffff")
 */
std::string CheckDatagramChecksums(const uint8_t* bytes, std::size_t len);

/**
 * \ingroup pfhooks
 * CheckDatagramChecksums(), optionally without the IPv4 header checksum.
 * \return "" when every checksum checked verifies, else what is wrong
 * \param bytes the datagram
 * \param len its length
 * \param ipv4Header false: the IPv4 header checksum is not checked (the
 *        stack writes it anew, as after FORWARDING)
 */
std::string CheckDatagramChecksums(const uint8_t* bytes, std::size_t len, bool ipv4Header);

/**
 * \ingroup pfhooks
 * Writes the IPv4 header checksum of a datagram's bytes.
 * \return false (nothing written) when they hold no whole IPv4 header
 */
bool FixIpv4HeaderChecksum(uint8_t* bytes, std::size_t len);

/**
 * \ingroup pfhooks
 * Writes the ICMP, ICMPv6, TCP or UDP checksum (with the pseudo-header) of
 * an IPv4 datagram that is not a fragment or an IPv6 one whose transport
 * header follows the IPv6 header (a UDP sum of 0 is sent as 0xffff).
 * \return false (nothing written) when there is no such checksum
 */
bool FixTransportChecksum(uint8_t* bytes, std::size_t len);

/**
 * \ingroup pfhooks
 * Where a rewrite that kept a datagram's length ends: one past the last
 * byte that differs (0 when none does).  Headers live in the first bytes,
 * so the rest is compared at once and the head word by word from its end.
 * \param before the bytes given to the rewrite
 * \param after the bytes it left, as many
 * \param len their number
 * \return the end of the change
 */
std::size_t RewriteChangeEnd(const uint8_t* before, const uint8_t* after, std::size_t len);

/// A change end that is not known (RewriteBrokenChecksum, rebuilds). \ingroup pfhooks
constexpr std::size_t kRewriteEndUnknown = ~std::size_t{0};

/**
 * \ingroup pfhooks
 * The cheap part of RewriteBrokenChecksum(), for the rewrites hooks make
 * most (TOS, identification, TTL; IPv6 traffic class, flow label, hop
 * limit; the IPv4 header checksum fixed or not): a rewrite that kept the
 * length (at least 64 bytes) and changed only header fields no checksum
 * but IPv4's header one covers, whose IPv4 header checksum verifies after,
 * or whose changed words sum as before (RFC 1624), or that did not verify
 * before.  No string is made: this runs on every rewrite.
 * \param before the bytes given to the rewrite
 * \param after the bytes it left, as many
 * \param len their number
 * \param ipv4Header false: the IPv4 header checksum is not judged
 * \param changeEnd RewriteChangeEnd() of the two, or kRewriteEndUnknown
 * \return true when no checksum broke for sure (RewriteBrokenChecksum()
 *         returns ""); false when the whole check must decide
 */
bool RewriteKeepsChecksums(const uint8_t* before,
                           const uint8_t* after,
                           std::size_t len,
                           bool ipv4Header,
                           std::size_t changeEnd = kRewriteEndUnknown);

/**
 * \ingroup pfhooks
 * An IPv4 header's first 12 bytes as two words, in memory order (what the
 * inline rewrite judgements below compare and sum).
 */
struct Ipv4HeadWords
{
    /** \param ip the header (at least 12 bytes) */
    explicit Ipv4HeadWords(const uint8_t* ip)
    {
        std::memcpy(&w0, ip, 8);
        std::memcpy(&w1, ip + 8, 4);
    }

    uint64_t w0; //!< bytes 0-7
    uint32_t w1; //!< bytes 8-11
};

/**
 * \ingroup pfhooks
 * Whether two IPv4 headers agree on the bytes that say the datagram's
 * shape and that the transport's pseudo-header and checks read: version
 * and header length (byte 0), total length (2-3), flags and fragment
 * offset (6-7), protocol (9).  Two loads of each side, masked.
 * \param before one header (at least 12 bytes)
 * \param after the other
 * \return true when those bytes are the same
 */
inline bool
Ipv4FixedFieldsSame(const uint8_t* before, const uint8_t* after)
{
    const Ipv4HeadWords b(before);
    const Ipv4HeadWords a(after);
    // The kept bytes' bits, in memory order as the words were loaded.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    constexpr uint64_t keep0 = 0xff00ffff0000ffffull;
    constexpr uint32_t keep1 = 0x00ff0000u;
#else
    constexpr uint64_t keep0 = 0xffff0000ffff00ffull;
    constexpr uint32_t keep1 = 0x0000ff00u;
#endif
    return ((b.w0 ^ a.w0) & keep0) == 0 && ((b.w1 ^ a.w1) & keep1) == 0;
}

/**
 * \ingroup pfhooks
 * RewriteKeepsChecksums() of the rewrite hooks make most, inline: an IPv4
 * datagram (at least 64 bytes) whose change ends within the first 12
 * bytes and touched only TOS, identification, TTL and the header checksum
 * (no checksum but the header's covers them), the changed words summing
 * as before (RFC 1624: the header checksum verifies after exactly when it
 * did before; a hook that fixes it, as most do, leaves that).  Three words
 * of each side, no call: the usual TOS rewrite is judged in about twenty
 * instructions.  Anything else is RewriteKeepsChecksums()'s to judge.
 * \param before the bytes given to the rewrite
 * \param after the bytes it left, as many
 * \param len their number
 * \param ipv4Header false: the IPv4 header checksum is not judged
 * \param changeEnd RewriteChangeEnd() of the two, or kRewriteEndUnknown
 * \return RewriteKeepsChecksums(before, after, len, ipv4Header, changeEnd)
 */
inline bool
RewriteKeepsChecksumsInline(const uint8_t* before,
                            const uint8_t* after,
                            std::size_t len,
                            bool ipv4Header,
                            std::size_t changeEnd)
{
    if (changeEnd <= 12 && len >= 64 && (before[0] >> 4) == 4 && Ipv4FixedFieldsSame(before, after))
    {
        if (!ipv4Header)
        {
            return true;
        }
        // The changed words summed in host order, 32 bits at a time (the
        // one's-complement sum commutes with the byte swap: equal either
        // way), and compared mod 0xffff, which is what the one's-complement
        // sum keeps (2^16 is 1 mod 0xffff: no folds needed).  Both sums are
        // below 3 x 2^32; 0xffff x 2^18 is above that and a multiple of
        // 0xffff, so adding it keeps the difference positive.
        const Ipv4HeadWords b(before);
        const Ipv4HeadWords a(after);
        uint64_t sb = (b.w0 & 0xffffffff) + (b.w0 >> 32) + b.w1;
        uint64_t sa = (a.w0 & 0xffffffff) + (a.w0 >> 32) + a.w1;
        if ((sb + (uint64_t{0xffff} << 18) - sa) % 0xffff == 0)
        {
            return true;
        }
    }
    return RewriteKeepsChecksums(before, after, len, ipv4Header, changeEnd);
}

/**
 * \ingroup pfhooks
 * What a rewrite of a datagram broke: a checksum that verified in `before`
 * and does not in `after` (one wrong before is not the rewrite's doing).
 * A rewrite that kept the length and changed only the first 64 bytes is
 * judged by the sums of those bytes alone (the rest cancels out), so that
 * a header rewrite costs no pass over the payload; one that changed only
 * header fields no checksum but IPv4's header one covers (TOS,
 * identification, TTL; IPv6 traffic class, flow label, hop limit) is
 * judged by the sums of the changed words alone (RFC 1624).
 * \param before the bytes given to the rewrite
 * \param beforeLen their number
 * \param after the bytes it left
 * \param afterLen their number
 * \param ipv4Header false: the IPv4 header checksum is not judged (the
 *        stack writes it anew after the FORWARDING hooks, as illumos does
 *        after it decrements the TTL)
 * \param changeEnd RewriteChangeEnd() of the two when the caller knows it
 *        (the lengths are equal), else kRewriteEndUnknown
 * \return "" when none broke, else what is wrong (CheckDatagramChecksums)
 */
std::string RewriteBrokenChecksum(const uint8_t* before,
                                  std::size_t beforeLen,
                                  const uint8_t* after,
                                  std::size_t afterLen,
                                  bool ipv4Header = true,
                                  std::size_t changeEnd = kRewriteEndUnknown);

} // namespace ns3

#endif /* PFHOOKS_PACKET_CHECKSUMS_H */
