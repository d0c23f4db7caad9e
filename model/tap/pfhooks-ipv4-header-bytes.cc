/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-ipv4-header-bytes.h"

#include <cstddef>
#include <cstring>
#include <new>

namespace ns3
{

namespace
{

/// Offset of Ipv4Header's checksum flag in its object, or -1 when not found.
std::ptrdiff_t
ChecksumFlagOffset()
{
    // Two headers built in zeroed storage (so that padding compares equal)
    // that differ in the flag alone.
    alignas(Ipv4Header) unsigned char off[sizeof(Ipv4Header)];
    alignas(Ipv4Header) unsigned char on[sizeof(Ipv4Header)];
    std::memset(off, 0, sizeof(off));
    std::memset(on, 0, sizeof(on));
    auto* a = new (off) Ipv4Header;
    auto* b = new (on) Ipv4Header;
    b->EnableChecksum();
    std::ptrdiff_t at = -1;
    int differ = 0;
    for (std::size_t i = 0; i < sizeof(Ipv4Header); ++i)
    {
        if (off[i] != on[i])
        {
            differ++;
            at = off[i] == 0 && on[i] == 1 ? static_cast<std::ptrdiff_t>(i) : -1;
        }
    }
    a->~Ipv4Header();
    b->~Ipv4Header();
    return differ == 1 ? at : -1;
}

/// \return the flag's offset, found once
std::ptrdiff_t
FlagAt()
{
    static const std::ptrdiff_t flagAt = ChecksumFlagOffset();
    return flagAt;
}

/// \return the header's first word (version, header length, TOS)
uint16_t
FirstWord(const Ipv4Header& h)
{
    return static_cast<uint16_t>(0x4500 | h.GetTos());
}

/// \return its total length, as Serialize writes it
uint16_t
TotalLength(const Ipv4Header& h)
{
    return static_cast<uint16_t>(h.GetPayloadSize() + 20);
}

} // namespace

bool
PfhooksIpv4HeaderBytes::WriteHead(const Ipv4Header& h, uint8_t* out)
{
    if (FlagAt() < 0)
    {
        return false;
    }
    uint16_t first = FirstWord(h);
    uint16_t total = TotalLength(h);
    out[0] = static_cast<uint8_t>(first >> 8);
    out[1] = static_cast<uint8_t>(first & 0xff);
    out[2] = static_cast<uint8_t>(total >> 8);
    out[3] = static_cast<uint8_t>(total & 0xff);
    return true;
}

bool
PfhooksIpv4HeaderBytes::Write(const Ipv4Header& h, uint8_t* out)
{
    const std::ptrdiff_t flagAt = FlagAt();
    if (flagAt < 0)
    {
        return false;
    }
    // Words of 32 bits, summed and stored whole: a loop over 16-bit
    // words and bytes was most of the call.
    uint32_t frag = (h.GetFragmentOffset() / 8) & 0x1fff;
    frag |= h.IsDontFragment() ? 0x4000 : 0;
    frag |= h.IsLastFragment() ? 0 : 0x2000;
    uint32_t w0 = (uint32_t(FirstWord(h)) << 16) | TotalLength(h);
    uint32_t w1 = (uint32_t(h.GetIdentification()) << 16) | frag;
    uint32_t w2 = (uint32_t(h.GetTtl()) << 24) | (uint32_t(h.GetProtocol()) << 16);
    uint32_t src = h.GetSource().Get();
    uint32_t dst = h.GetDestination().Get();
    if (reinterpret_cast<const unsigned char*>(&h)[flagAt] != 0)
    {
        // The one's-complement sum of the ten 16-bit words, checksum 0.
        uint64_t sum = uint64_t(w0) + w1 + w2 + src + dst;
        sum = (sum & 0xffff) + ((sum >> 16) & 0xffff) + (sum >> 32);
        sum = (sum & 0xffff) + (sum >> 16);
        sum = (sum & 0xffff) + (sum >> 16);
        w2 |= static_cast<uint16_t>(~sum);
    }
    const uint32_t words[5] = {w0, w1, w2, src, dst};
    for (int i = 0; i < 5; ++i)
    {
        out[4 * i] = static_cast<uint8_t>(words[i] >> 24);
        out[4 * i + 1] = static_cast<uint8_t>(words[i] >> 16);
        out[4 * i + 2] = static_cast<uint8_t>(words[i] >> 8);
        out[4 * i + 3] = static_cast<uint8_t>(words[i]);
    }
    return true;
}

} // namespace ns3
