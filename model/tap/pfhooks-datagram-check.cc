/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The checks look only at the fields a stack reads before it trusts a
 * datagram's length; everything past them is ns-3's to judge.
 */
#include "pfhooks-datagram-check.h"

#include "pfhooks-transport-check.h"

namespace ns3
{

const char*
PfhooksDatagramCheck::CheckIpv6(const uint8_t* b, uint32_t len)
{
    if (b == nullptr || len < 40)
    {
        return "shorter than an IPv6 header";
    }
    if ((b[0] >> 4) != 6)
    {
        return "IP version is not 6";
    }
    uint32_t payload = (uint32_t(b[4]) << 8) | b[5];
    if (40 + payload > len)
    {
        return "IPv6 payload length beyond the bytes";
    }
    return nullptr;
}

const char*
PfhooksDatagramCheck::CheckArp(const uint8_t* b, uint32_t len)
{
    if (b == nullptr || len < 8)
    {
        return "shorter than an ARP header";
    }
    // illumos's arp input drops these before its hooks run.
    if (b[5] == 0)
    {
        return "ARP protocol address length 0";
    }
    // ns-3 copies the hardware addresses into its Address, 20 bytes at most.
    if (b[4] > 20)
    {
        return "ARP hardware address longer than 20 bytes";
    }
    if (8 + 2u * (b[4] + b[5]) > len)
    {
        return "ARP addresses beyond the bytes";
    }
    return nullptr;
}

const char*
PfhooksDatagramCheck::CheckForStack(PfhooksFamily f,
                                    const uint8_t* b,
                                    uint32_t len,
                                    const PfhooksTransportCheck::Link* link)
{
    if (const char* why = Check(f, b, len))
    {
        return why;
    }
    switch (f)
    {
    case PFH_INET:
        return PfhooksTransportCheck::CheckIpv4(b);
    case PFH_INET6:
        return PfhooksTransportCheck::CheckIpv6(b, link);
    default:
        return nullptr;
    }
}

} // namespace ns3
