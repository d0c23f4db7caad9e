/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "packet-checksums.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <initializer_list>

namespace ns3
{

uint32_t
OnesSum(const uint8_t* bytes, std::size_t len, uint32_t sum)
{
    // 32 bits at a time in host order, folded and put in network order at
    // the end (RFC 1071: the sum does not depend on the byte order): a
    // rewrite's check sums a header per packet, and a byte loop was most of
    // its cost.  The result is congruent modulo 0xffff to the sum of the
    // big-endian 16-bit words, and non-zero exactly when that is.
    std::size_t k = 0;
    uint64_t acc = 0;
    for (; k + 4 <= len; k += 4)
    {
        uint32_t w;
        std::memcpy(&w, bytes + k, 4);
        acc += w;
    }
    while (acc >> 16)
    {
        acc = (acc & 0xffff) + (acc >> 16);
    }
    auto host = static_cast<uint16_t>(acc);
    const uint16_t one = 1;
    bool little = *reinterpret_cast<const uint8_t*>(&one) == 1;
    sum += little ? static_cast<uint16_t>((host << 8) | (host >> 8)) : host;
    for (; k + 1 < len; k += 2)
    {
        sum += (bytes[k] << 8) | bytes[k + 1];
    }
    if (k < len)
    {
        sum += bytes[k] << 8; // an odd byte is padded with zero
    }
    return sum;
}

uint16_t
OnesFold(uint32_t sum)
{
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(sum);
}

namespace
{
std::string
Wrong(const char* what, const uint8_t* field, uint16_t should)
{
    char buf[96];
    std::snprintf(buf,
                  sizeof(buf),
                  "%s checksum 0x%02x%02x, should be 0x%04x",
                  what,
                  field[0],
                  field[1],
                  should);
    return buf;
}

/** Checks the transport checksum given the pseudo-header's sum. */
std::string
CheckTransport(uint8_t proto, const uint8_t* l4, std::size_t n, uint32_t pseudo, bool v6)
{
    const char* name = nullptr;
    std::size_t at = 0;
    bool withPseudo = true;
    switch (proto)
    {
    case 1: // ICMP: no pseudo-header
        name = "ICMP";
        at = 2;
        withPseudo = false;
        break;
    case 58:
        name = "ICMPv6";
        at = 2;
        break;
    case 6:
        name = "TCP";
        at = 16;
        break;
    case 17:
        name = "UDP";
        at = 6;
        break;
    default:
        return "";
    }
    if (n < at + 2)
    {
        return std::string(name) + " header truncated";
    }
    if (proto == 17 && !v6 && l4[at] == 0 && l4[at + 1] == 0)
    {
        return ""; // no UDP checksum over IPv4
    }
    uint32_t sum = OnesSum(l4, n, withPseudo ? pseudo : 0);
    if (OnesFold(sum) == 0xffff)
    {
        return "";
    }
    // What the field should hold: the sum with the field taken as zero.
    uint32_t without = sum + 0xffff - ((l4[at] << 8) | l4[at + 1]);
    auto should = static_cast<uint16_t>(~OnesFold(without));
    if (should == 0 && proto != 1)
    {
        should = 0xffff; // TCP/UDP/ICMPv6 send 0 as 0xffff
    }
    return Wrong(name, l4 + at, should);
}
} // namespace

std::string
CheckDatagramChecksums(const uint8_t* b, std::size_t len)
{
    return CheckDatagramChecksums(b, len, true);
}

std::string
CheckDatagramChecksums(const uint8_t* b, std::size_t len, bool ipv4Header)
{
    if (len < 1)
    {
        return "empty datagram";
    }
    int version = b[0] >> 4;
    if (version == 4)
    {
        std::size_t hl = (b[0] & 0x0f) * 4u;
        if (len < 20 || hl < 20 || hl > len)
        {
            return "IPv4 header truncated";
        }
        uint32_t h = OnesSum(b, hl);
        if (ipv4Header && OnesFold(h) != 0xffff)
        {
            uint32_t without = h + 0xffff - ((b[10] << 8) | b[11]);
            return Wrong("IPv4 header", b + 10, static_cast<uint16_t>(~OnesFold(without)));
        }
        std::size_t total = (b[2] << 8) | b[3];
        if (total > len || total < hl)
        {
            return "IPv4 total length does not match the bytes";
        }
        if (((b[6] & 0x3f) << 8 | b[7]) != 0)
        {
            return ""; // a fragment: the transport checksum covers all of them
        }
        std::size_t n = total - hl;
        uint32_t pseudo = OnesSum(b + 12, 8) + b[9] + static_cast<uint32_t>(n);
        return CheckTransport(b[9], b + hl, n, pseudo, false);
    }
    if (version == 6)
    {
        if (len < 40)
        {
            return "IPv6 header truncated";
        }
        std::size_t n = (b[4] << 8) | b[5];
        if (40 + n > len)
        {
            return "IPv6 payload length does not match the bytes";
        }
        // Extension headers are not walked: a transport right after the header.
        uint32_t pseudo = OnesSum(b + 8, 32) + b[6] + static_cast<uint32_t>(n);
        return CheckTransport(b[6], b + 40, n, pseudo, true);
    }
    return "not an IP datagram";
}

namespace
{
/// Where a datagram's transport checksum lives and what it covers.
struct Transport
{
    std::size_t l4;  //!< offset of the transport header
    std::size_t n;   //!< bytes it covers
    std::size_t at;  //!< offset of the checksum field in the transport header
    uint32_t pseudo; //!< the pseudo-header's sum (0 for ICMP)
    uint8_t proto;   //!< the protocol
};

/// \return false when the bytes carry no transport checksum we know
bool
Locate(const uint8_t* b, std::size_t len, Transport* t)
{
    if (len >= 20 && (b[0] >> 4) == 4)
    {
        std::size_t hl = (b[0] & 0x0f) * 4u;
        std::size_t total = (b[2] << 8) | b[3];
        if (hl < 20 || total > len || total < hl || ((b[6] & 0x3f) << 8 | b[7]) != 0)
        {
            return false;
        }
        t->l4 = hl;
        t->n = total - hl;
        t->proto = b[9];
        t->pseudo = OnesSum(b + 12, 8) + b[9] + static_cast<uint32_t>(t->n);
    }
    else if (len >= 40 && (b[0] >> 4) == 6)
    {
        t->l4 = 40;
        t->n = (b[4] << 8) | b[5];
        t->proto = b[6];
        if (40 + t->n > len)
        {
            return false;
        }
        t->pseudo = OnesSum(b + 8, 32) + b[6] + static_cast<uint32_t>(t->n);
    }
    else
    {
        return false;
    }
    switch (t->proto)
    {
    case 1:
        t->at = 2;
        t->pseudo = 0;
        return (b[0] >> 4) == 4 && t->n >= 4;
    case 58:
        t->at = 2;
        return t->n >= 4;
    case 6:
        t->at = 16;
        return t->n >= 20;
    case 17:
        t->at = 6;
        return t->n >= 8;
    default:
        return false;
    }
}

/// The one's-complement sums that decide whether a datagram's checksums
/// verify, over its first `head` bytes only.
struct HeadSums
{
    bool ipOk;      //!< IPv4 header checksum verifies (true for IPv6)
    uint16_t trans; //!< folded sum of pseudo-header and transport bytes in the head
    bool udpNone;   //!< a UDP checksum of 0 over IPv4 (none)
};

/**
 * A 64-bit mask that clears the given bytes of a word loaded from memory
 * (byte i of the word is the i-th byte in memory, whatever the machine's
 * byte order).
 */
constexpr uint64_t
ByteMask(std::initializer_list<unsigned> bytes)
{
    uint64_t m = ~uint64_t{0};
    for (unsigned b : bytes)
    {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        m &= ~(uint64_t{0xff} << (56 - 8 * b));
#else
        m &= ~(uint64_t{0xff} << (8 * b));
#endif
    }
    return m;
}

/**
 * Whether a rewrite changed only header fields no checksum covers but
 * IPv4's own header checksum: the TOS, identification and TTL of IPv4, the
 * traffic class, flow label and hop limit of IPv6 (what firewalls and
 * markers rewrite most).  Then the transport checksum verifies after
 * exactly when it did before, with no sum over the transport.
 * \param before the bytes given, at least 16
 * \param after the bytes left, as many
 * \param len their number
 * \param end the bytes from here on are known to be the same (len: not known)
 * \return true when every other byte is the same
 */
bool
OnlyUncoveredFields(const uint8_t* before, const uint8_t* after, std::size_t len, std::size_t end)
{
    // The first 16 bytes are compared as two words, masked where a field
    // may differ (constants: this runs on every rewrite).
    unsigned v = before[0] >> 4;
    if ((after[0] >> 4) != v || (v != 4 && v != 6))
    {
        return false;
    }
    // IPv4: TOS (1), identification (4-5), TTL (8), header checksum
    // (10-11).  IPv6: traffic class and flow label (low nibble of 0, 1-3;
    // the version nibble is compared above), hop limit (7).
    constexpr uint64_t kV6 = ByteMask({0, 1, 2, 3, 7});
    uint64_t w0b;
    uint64_t w0a;
    uint64_t w1b;
    uint64_t w1a;
    std::memcpy(&w0b, before, 8);
    std::memcpy(&w0a, after, 8);
    std::memcpy(&w1b, before + 8, 8);
    std::memcpy(&w1a, after + 8, 8);
    if (v == 4)
    {
        // Bytes 0-7: TOS and identification; bytes 8-15: TTL and checksum.
        constexpr uint64_t kLo = ByteMask({1, 4, 5});
        constexpr uint64_t kHi = ByteMask({0, 2, 3});
        if (((w0b ^ w0a) & kLo) != 0 || ((w1b ^ w1a) & kHi) != 0)
        {
            return false;
        }
    }
    else if (((w0b ^ w0a) & kV6) != 0 || w1b != w1a)
    {
        return false;
    }
    return end <= 16 || std::memcmp(before + 16, after + 16, end - 16) == 0;
}
} // namespace

namespace
{
/// RewriteChangeEnd() of bytes known to be the same past `k`.
std::size_t
ChangeEndBefore(const uint8_t* before, const uint8_t* after, std::size_t k)
{
    // Eight bytes at a time from the end: a TOS rewrite changes bytes 1
    // and 10-11 only, and a byte loop over the head cost a third of it.
    while (k >= 8)
    {
        uint64_t x;
        uint64_t y;
        std::memcpy(&x, before + k - 8, 8);
        std::memcpy(&y, after + k - 8, 8);
        if (uint64_t d = x ^ y)
        {
            // The word's last byte in memory that differs.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
            return k - 8 + (63 - __builtin_clzll(d)) / 8 + 1;
#else
            break;
#endif
        }
        k -= 8;
    }
    while (k > 0 && before[k - 1] == after[k - 1])
    {
        --k;
    }
    return k;
}
} // namespace

std::size_t
RewriteChangeEnd(const uint8_t* before, const uint8_t* after, std::size_t len)
{
    constexpr std::size_t kHead = 64;
    std::size_t k = len;
    if (len > kHead && std::memcmp(before + kHead, after + kHead, len - kHead) == 0)
    {
        // Most rewrites change an IP header (20 or 40 bytes): halving the
        // head with memcmp first leaves a word or two to scan, not eight.
        k = kHead;
        while (k > 16 && std::memcmp(before + k / 2, after + k / 2, k / 2) == 0)
        {
            k /= 2;
        }
    }
    return ChangeEndBefore(before, after, k);
}

bool
FixIpv4HeaderChecksum(uint8_t* b, std::size_t len)
{
    if (len < 20 || (b[0] >> 4) != 4 || (b[0] & 0x0f) * 4u < 20 || (b[0] & 0x0f) * 4u > len)
    {
        return false;
    }
    std::size_t hl = (b[0] & 0x0f) * 4u;
    b[10] = 0;
    b[11] = 0;
    auto sum = static_cast<uint16_t>(~OnesFold(OnesSum(b, hl)));
    b[10] = sum >> 8;
    b[11] = sum & 0xff;
    return true;
}

bool
FixTransportChecksum(uint8_t* b, std::size_t len)
{
    Transport t;
    if (!Locate(b, len, &t))
    {
        return false;
    }
    uint8_t* field = b + t.l4 + t.at;
    field[0] = 0;
    field[1] = 0;
    auto sum = static_cast<uint16_t>(~OnesFold(OnesSum(b + t.l4, t.n, t.pseudo)));
    if (sum == 0 && t.proto != 1)
    {
        sum = 0xffff;
    }
    field[0] = sum >> 8;
    field[1] = sum & 0xff;
    return true;
}

namespace
{
/**
 * Whether an IPv4 header's checksum verifies: its 32-bit words summed in
 * host order and folded (0xffff reads the same in either byte order), a
 * third of OnesSum()'s cost on a 20-byte header.
 * \param b the header
 * \param ihl its length, a multiple of 4, at least 20
 * \return true when it verifies
 */
inline bool
HeaderSumOk(const uint8_t* b, std::size_t ihl)
{
    uint32_t w[5];
    std::memcpy(w, b, 20); // no options: five words, no loop
    uint64_t acc = uint64_t{w[0]} + w[1] + w[2] + w[3] + w[4];
    for (std::size_t k = 20; k < ihl; k += 4)
    {
        uint32_t o;
        std::memcpy(&o, b + k, 4);
        acc += o;
    }
    acc = (acc & 0xffffffff) + (acc >> 32);
    acc = (acc & 0xffff) + (acc >> 16);
    acc = (acc & 0xffff) + (acc >> 16);
    acc = (acc & 0xffff) + (acc >> 16);
    return acc == 0xffff;
}
} // namespace

bool
RewriteKeepsChecksums(const uint8_t* before,
                      const uint8_t* after,
                      std::size_t len,
                      bool ipv4Header,
                      std::size_t changeEnd)
{
    constexpr std::size_t kHead = 64;
    if (len < kHead || !OnlyUncoveredFields(before, after, len, std::min(changeEnd, len)))
    {
        return false;
    }
    // Only the IPv4 header checksum can have broken: a sum of 20 to 60
    // bytes, no pass over the transport.
    std::size_t ihl = (before[0] & 0x0f) * 4u;
    if (!ipv4Header || (before[0] >> 4) != 4 || ihl < 20 || ihl > len || HeaderSumOk(after, ihl))
    {
        return true; // the hooks fixed it (the usual case): nothing broke
    }
    // RFC 1624: when the changed words sum to what they summed to before,
    // the header sum is what it was: the checksum verifies after exactly
    // when it did before.
    std::size_t words = std::min((std::min(changeEnd, len) + 1) & ~std::size_t{1}, ihl);
    uint32_t sb = 0;
    uint32_t sa = 0;
    for (std::size_t i = 0; i < words; i += 2)
    {
        sb += (before[i] << 8) | before[i + 1];
        sa += (after[i] << 8) | after[i + 1];
    }
    return OnesFold(sb) % 0xffff == OnesFold(sa) % 0xffff ||
           OnesFold(OnesSum(before, ihl)) != 0xffff;
}

std::string
RewriteBrokenChecksum(const uint8_t* before,
                      std::size_t beforeLen,
                      const uint8_t* after,
                      std::size_t afterLen,
                      bool ipv4Header,
                      std::size_t changeEnd)
{
    constexpr std::size_t kHead = 64;
    std::size_t end = beforeLen == afterLen ? std::min(changeEnd, beforeLen) : beforeLen;
    if (beforeLen == afterLen && RewriteKeepsChecksums(before, after, beforeLen, ipv4Header, end))
    {
        return "";
    }
    Transport tb;
    Transport ta;
    bool hasB = Locate(before, beforeLen, &tb);
    bool hasA = Locate(after, afterLen, &ta);
    // The head alone decides when the rest is the same bytes at the same
    // place, covered by the same checksum (same length, header length and
    // protocol).
    if (beforeLen == afterLen && beforeLen > kHead && hasB && hasA && tb.l4 == ta.l4 &&
        tb.n == ta.n && tb.proto == ta.proto && tb.l4 + tb.n == beforeLen && tb.l4 < kHead &&
        (end <= kHead || std::memcmp(before + kHead, after + kHead, beforeLen - kHead) == 0))
    {
        auto sums = [&](const uint8_t* b, const Transport& t) {
            HeadSums h;
            h.ipOk = !ipv4Header || (b[0] >> 4) != 4 || OnesFold(OnesSum(b, t.l4)) == 0xffff;
            h.trans = OnesFold(OnesSum(b + t.l4, kHead - t.l4, t.pseudo));
            h.udpNone = t.proto == 17 && (b[0] >> 4) == 4 && b[t.l4 + 6] == 0 && b[t.l4 + 7] == 0;
            return h;
        };
        HeadSums hb = sums(before, tb);
        HeadSums ha = sums(after, ta);
        // Equal one's-complement sums (0 and 0xffff are one value): the
        // transport checksum verifies after exactly when it did before.
        bool same = hb.trans % 0xffff == ha.trans % 0xffff;
        if (!(hb.ipOk && !ha.ipOk) && (same || ha.udpNone))
        {
            return "";
        }
        // Something may have broken (rare): the whole check decides.
    }
    std::string now = CheckDatagramChecksums(after, afterLen, ipv4Header);
    if (now.empty() || !CheckDatagramChecksums(before, beforeLen, ipv4Header).empty())
    {
        return "";
    }
    return now;
}

} // namespace ns3
