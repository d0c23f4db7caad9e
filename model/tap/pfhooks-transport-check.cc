/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Each rule below is what one ns-3 3.37 parser needs not to read past its
 * bytes or spin; where illumos is stricter (ICMP_MINLEN, tiny first
 * fragments) its rule is taken, so a drop here is one illumos makes too.
 */
#include "pfhooks-transport-check.h"

#include <cstring>

namespace ns3
{

namespace
{

uint32_t
U16(const uint8_t* p)
{
    return (uint32_t(p[0]) << 8) | p[1];
}

// IP protocol numbers.
constexpr uint8_t kHopByHop = 0;
constexpr uint8_t kIcmp = 1;
constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;
constexpr uint8_t kRouting = 43;
constexpr uint8_t kFragment = 44;
constexpr uint8_t kAh = 51;
constexpr uint8_t kIcmp6 = 58;
constexpr uint8_t kDestOpts = 60;

constexpr uint32_t kMaxDatagram = 65535;

/// \return true for an address in fe80::/64, link-local as ns-3 has it
bool
IsLinkLocal(const uint8_t* a)
{
    static const uint8_t kLinkLocal[8] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0};
    return std::memcmp(a, kLinkLocal, 8) == 0;
}

} // namespace

const char*
PfhooksTransportCheck::CheckIpv4(const uint8_t* b)
{
    uint32_t hl = (b[0] & 0x0f) * 4u;
    uint32_t len = U16(b + 2) - hl;
    bool more = (b[6] & 0x20) != 0;
    uint32_t offset = (U16(b + 6) & 0x1fff) * 8u;
    if (more && (len == 0 || len % 8 != 0))
    {
        return "IPv4 fragment with more to come: payload not a multiple of 8";
    }
    if (offset + len > kMaxDatagram)
    {
        return "IPv4 fragment past 65535 bytes";
    }
    if (offset != 0)
    {
        return nullptr; // the transport header is in the first fragment
    }
    return CheckTransport(b[9], b + hl, len, !more);
}

bool
PfhooksTransportCheck::OnLink6(Ptr<Ipv6L3Protocol> ipv6,
                               Ptr<const NetDevice> device,
                               Ipv6Address dst)
{
    if (dst.IsMulticast() || dst.IsLinkLocal())
    {
        return true; // no solicitation, or one from the link-local address
    }
    int32_t i = ipv6->GetInterfaceForDevice(device);
    for (uint32_t a = 0; i >= 0 && a < ipv6->GetNAddresses(i); a++)
    {
        // As Ipv6Interface::GetAddressMatchingDestination.
        Ipv6InterfaceAddress ia = ipv6->GetAddress(i, a);
        if (ia.GetPrefix().IsMatch(ia.GetAddress(), dst))
        {
            return true;
        }
    }
    return false;
}

const char*
PfhooksTransportCheck::CheckIpv6(const uint8_t* b, const Link* link)
{
    // ns-3 3.37 answers some datagrams with an ICMPv6 error to their source
    // without checking it; to a link-local multicast one it routes with no
    // interface and crashes (Ipv6StaticRouting::LookupStatic).  RFC 4291
    // forbids a multicast source anyway.
    if (b[8] == 0xff)
    {
        return "IPv6 source address multicast";
    }
    // ns-3 3.37 answers a next header it has no protocol for with a
    // parameter problem sent to the datagram's destination (not its source);
    // to a link-local multicast one it routes with no interface and crashes.
    const bool linkLocalMulticast = b[24] == 0xff && (b[25] & 0x0f) == 2;
    static const char* const kNoProtocol =
        "IPv6 next header without an ns-3 protocol, to link-local multicast";
    const uint8_t* p = b + 40;
    uint32_t plen = U16(b + 4);
    uint8_t next = b[6];
    uint32_t off = 0;
    bool whole = true;
    for (;;)
    {
        switch (next)
        {
        case kHopByHop:
        case kRouting:
        case kDestOpts:
        case kAh: {
            if (next == kAh && linkLocalMulticast)
            {
                return kNoProtocol; // ns-3 3.37 has no AH
            }
            if (off + 2 > plen)
            {
                return "IPv6 extension header beyond the payload";
            }
            uint32_t hl = next == kAh ? (p[off + 1] + 2u) * 4 : (p[off + 1] + 1u) * 8;
            if (off + hl > plen)
            {
                return "IPv6 extension header beyond the payload";
            }
            if (next == kHopByHop || next == kDestOpts)
            {
                if (const char* why = CheckIpv6Options(p + off, hl))
                {
                    return why;
                }
            }
            next = p[off];
            off += hl;
            break;
        }
        case kFragment: {
            if (off + 8 > plen)
            {
                return "IPv6 fragment header beyond the payload";
            }
            uint32_t fragOffset = U16(p + off + 2) & 0xfff8;
            bool more = (p[off + 3] & 1) != 0;
            uint32_t data = plen - off - 8;
            if (more && (data == 0 || data % 8 != 0))
            {
                return "IPv6 fragment with more to come: data not a multiple of 8";
            }
            if (fragOffset + data > kMaxDatagram)
            {
                return "IPv6 fragment past 65535 bytes";
            }
            if (fragOffset != 0)
            {
                return nullptr;
            }
            whole = whole && !more;
            next = p[off];
            off += 8;
            break;
        }
        default:
            if (next != kTcp && next != kUdp && next != kIcmp6 && linkLocalMulticast)
            {
                return kNoProtocol;
            }
            // ns-3 3.37 sends the packets waiting for a neighbour advertisement's
            // target to the advertisement's source; one on no prefix of the
            // link it solicits from :: and crashes (Ipv6L3Protocol::Send ->
            // GetNetDevice(-1)).  ns-3 itself advertises from the target.
            if (next == kIcmp6 && plen - off >= 24 && p[off] == 136 && !IsLinkLocal(b + 8) &&
                std::memcmp(b + 8, p + off + 8, 16) != 0)
            {
                return "ICMPv6 neighbour advertisement from neither a link-local address nor its "
                       "target";
            }
            // RFC 4861 6.1.2: a router advertisement comes from a link-local
            // address; ns-3 3.37 takes any source as the default router and
            // would solicit one on no prefix of the link from :: likewise.
            if (next == kIcmp6 && plen - off >= 1 && p[off] == 134 && !IsLinkLocal(b + 8))
            {
                return "ICMPv6 router advertisement from a source not link-local";
            }
            // RFC 4861 8.1: a redirect whose target is its destination says
            // the destination is on the link.  ns-3 3.37 then routes it
            // straight there and, when it is on no prefix of the link,
            // solicits it from :: and crashes likewise.
            if (link != nullptr && link->ipv6 && link->device && next == kIcmp6 &&
                plen - off >= 40 && p[off] == 137 &&
                std::memcmp(p + off + 8, p + off + 24, 16) == 0 &&
                !OnLink6(link->ipv6, link->device, Ipv6Address::Deserialize(p + off + 24)))
            {
                return "ICMPv6 redirect to an on-link destination on no prefix of the link";
            }
            return CheckTransport(next, p + off, plen - off, whole);
        }
    }
}

const char*
PfhooksTransportCheck::CheckIpv6Options(const uint8_t* h, uint32_t len)
{
    for (uint32_t i = 2; i < len;)
    {
        if (h[i] == 0) // Pad1
        {
            i++;
            continue;
        }
        if (i + 2 > len || i + 2 + h[i + 1] > len)
        {
            return "IPv6 option beyond its extension header";
        }
        // ns-3 reads these at their fixed size whatever the length says.
        if ((h[i] == 0xc2 && h[i + 1] != 4) || (h[i] == 5 && h[i + 1] != 2))
        {
            return "IPv6 jumbogram or router alert option of the wrong length";
        }
        i += 2 + h[i + 1];
    }
    return nullptr;
}

const char*
PfhooksTransportCheck::CheckTransport(uint8_t proto, const uint8_t* t, uint32_t len, bool whole)
{
    switch (proto)
    {
    case kIcmp:
        return CheckIcmp(t, len);
    case kIcmp6:
        return CheckIcmp6(t, len, whole);
    case kTcp:
        return CheckTcp(t, len);
    case kUdp:
        if (len < 8)
        {
            return "UDP shorter than its 8-byte header";
        }
        if (whole && (U16(t + 4) < 8 || U16(t + 4) > len))
        {
            return "UDP length outside 8 .. the IP payload";
        }
        return nullptr;
    default:
        return nullptr;
    }
}

const char*
PfhooksTransportCheck::CheckIcmp(const uint8_t* t, uint32_t len)
{
    if (len < 8)
    {
        return "ICMP shorter than 8 bytes";
    }
    uint8_t type = t[0];
    if (type == 3 || type == 11) // unreachable, time exceeded: ns-3 parses the inner header
    {
        if (len < 8 + 20 + 8)
        {
            return "ICMP error shorter than 8 + an IPv4 header + 8 bytes";
        }
        uint32_t inner = (t[8] & 0x0f) * 4u;
        if ((t[8] >> 4) == 4 && (inner < 20 || len < 8 + inner + 8))
        {
            return "ICMP error: its inner IPv4 header length is wrong";
        }
    }
    return nullptr;
}

const char*
PfhooksTransportCheck::CheckIcmp6(const uint8_t* t, uint32_t len, bool whole)
{
    if (len < 8)
    {
        return "ICMPv6 shorter than 8 bytes";
    }
    // RFC 8201 4: a path MTU is never reduced below 1280.  ns-3 3.37 takes
    // any (Ipv6PmtuCache::SetPmtu) and, for 48 to 55, fragments every later
    // datagram to that destination forever.
    if (t[0] == 2 && (uint32_t(t[4]) << 24 | uint32_t(t[5]) << 16 | U16(t + 6)) < 1280)
    {
        return "ICMPv6 packet too big with an MTU under 1280";
    }
    uint32_t fixed;
    switch (t[0])
    {
    case 134: // router advertisement
        fixed = 16;
        break;
    case 135: // neighbour solicitation
    case 136: // neighbour advertisement
        fixed = 24;
        break;
    case 137: // redirect
        fixed = 40;
        break;
    case 133: // router solicitation
        fixed = 8;
        break;
    default:
        return nullptr;
    }
    if (len < fixed)
    {
        return "ICMPv6 neighbour discovery message shorter than its type's minimum";
    }
    if (!whole)
    {
        return "ICMPv6 neighbour discovery message in a fragment";
    }
    // The options: ns-3 reads each at the size its type has, and loops
    // forever on a second source address or MTU option it does not remove.
    uint32_t seen = 0;
    uint32_t count = 0;
    bool redirected = false;
    for (uint32_t i = fixed; i < len; count++)
    {
        if (i + 2 > len || t[i + 1] == 0)
        {
            return "ICMPv6 ND option of length 0";
        }
        uint8_t type = t[i];
        uint32_t size = t[i + 1] * 8u;
        if (i + size > len)
        {
            return "ICMPv6 ND option beyond the message";
        }
        if ((type == 1 || type == 2) && t[i + 1] > 2)
        {
            return "ICMPv6 ND link-layer address option longer than an address";
        }
        if ((type == 3 && t[i + 1] != 4) || (type == 5 && t[i + 1] != 1))
        {
            return "ICMPv6 ND prefix or MTU option of the wrong length";
        }
        // ns-3 3.37 makes an Ipv6Prefix of a router advertisement's prefix
        // length, which for one over 128 writes past its 16 bytes.
        if (type == 3 && t[0] == 134 && t[i + 2] > 128)
        {
            return "ICMPv6 router advertisement prefix longer than 128 bits";
        }
        if (type == 1 || type == 2 || type == 5)
        {
            if (seen & (1u << type))
            {
                return "ICMPv6 ND address or MTU option repeated";
            }
            seen |= 1u << type;
        }
        // ns-3 takes the option after an optional target address as the
        // redirected header, whatever its type.
        redirected = redirected || count == 1 || (count == 0 && type != 2);
        i += size;
    }
    if (t[0] == 137 && !redirected)
    {
        return "ICMPv6 redirect without its redirected header option";
    }
    // RFC 4861 8.1: the target is a link-local router, or the destination
    // itself.  ns-3 3.37 checks neither: it routes the destination through
    // any target, solicits one on no prefix of the link from :: and crashes
    // (Ipv6L3Protocol::Send -> GetNetDevice(-1)).  Link-local as ns-3 has
    // it: fe80::/64.
    if (t[0] == 137 && !IsLinkLocal(t + 8) && std::memcmp(t + 8, t + 24, 16) != 0)
    {
        return "ICMPv6 redirect to a target neither link-local nor its destination";
    }
    return nullptr;
}

const char*
PfhooksTransportCheck::CheckTcp(const uint8_t* t, uint32_t len)
{
    if (len < 20)
    {
        return "TCP shorter than its 20-byte header";
    }
    uint32_t hl = (t[12] >> 4) * 4u;
    if (hl < 20)
    {
        return "TCP data offset below 5";
    }
    if (hl > len)
    {
        return "TCP data offset beyond the segment";
    }
    for (uint32_t i = 20; i < hl;)
    {
        uint8_t kind = t[i];
        if (kind == 0)
        {
            break;
        }
        if (kind == 1)
        {
            i++;
            continue;
        }
        if (i + 2 > hl || t[i + 1] < 2 || i + t[i + 1] > hl)
        {
            return "TCP option beyond the header or of length below 2";
        }
        uint8_t l = t[i + 1];
        bool ok = true;
        switch (kind)
        {
        case 2: // MSS
            ok = l == 4;
            break;
        case 3: // window scale
            ok = l == 3;
            break;
        case 4: // SACK permitted
            ok = l == 2;
            break;
        case 5: // SACK
            ok = (l - 2) % 8 == 0;
            break;
        case 8: // timestamps
            ok = l == 10;
            break;
        default:
            break;
        }
        if (!ok)
        {
            return "TCP option of the wrong length for its kind";
        }
        i += l;
    }
    return nullptr;
}

} // namespace ns3
