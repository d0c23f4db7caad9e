/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "packet-checksums.h"

#include <cstdio>

namespace ns3
{

uint32_t
OnesSum(const uint8_t* bytes, std::size_t len, uint32_t sum)
{
    std::size_t k = 0;
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
        if (OnesFold(h) != 0xffff)
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

} // namespace ns3
