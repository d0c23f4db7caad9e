/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Hooks may leave any bytes, and net_inject() takes any bytes, but ns-3 must
 * only ever be handed a datagram it can take: what "a whole datagram" is,
 * for each family, is said here once.
 */
#ifndef PFHOOKS_DATAGRAM_CHECK_H
#define PFHOOKS_DATAGRAM_CHECK_H

#include "pfhooks-transport-check.h"

#include "ns3/pfhooks-event-table.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup pfhooks
 * Checks that bytes are a whole datagram of a family, and tells its length.
 */
class PfhooksDatagramCheck
{
  public:
    /**
     * Checks that bytes are a whole IPv4 datagram a stack can take.
     * \param b the bytes, IP header first (may be null)
     * \param len their number
     * \return null when valid, else why not
     *
     * Inline: every received IPv4 datagram with hooks passes here.
     */
    static const char* CheckIpv4(const uint8_t* b, uint32_t len)
    {
        if (b == nullptr || len < 20)
        {
            return "shorter than an IPv4 header";
        }
        if ((b[0] >> 4) != 4)
        {
            return "IP version is not 4";
        }
        uint32_t hl = (b[0] & 0x0f) * 4u;
        if (hl < 20)
        {
            return "IPv4 header length below 20";
        }
        uint32_t total = (uint32_t(b[2]) << 8) | b[3];
        if (total < hl)
        {
            return "IPv4 total length below the header length";
        }
        if (total > len)
        {
            return "IPv4 total length beyond the bytes";
        }
        return nullptr;
    }

    /** \copydoc CheckIpv4 (An IPv6 datagram: fixed header, payload length.) */
    static const char* CheckIpv6(const uint8_t* b, uint32_t len);
    /** \copydoc CheckIpv4 (An ARP packet: fixed part, both address pairs.) */
    static const char* CheckArp(const uint8_t* b, uint32_t len);

    /**
     * The check of a family's packets.
     * \param f the family
     * \param b the bytes (may be null)
     * \param len their number
     * \return null when valid, else why not
     */
    static const char* Check(PfhooksFamily f, const uint8_t* b, uint32_t len)
    {
        switch (f)
        {
        case PFH_INET:
            return CheckIpv4(b, len);
        case PFH_INET6:
            return CheckIpv6(b, len);
        default:
            return CheckArp(b, len);
        }
    }

    /**
     * Check() and then the layers behind the IP header
     * (PfhooksTransportCheck): what bytes from a hook or net_inject() must
     * pass before any ns-3 code parses them.
     * \param f the family
     * \param b the bytes (may be null)
     * \param len their number
     * \param link IPv6: the link the datagram is on, or null when not known
     * \return null when valid, else why not
     */
    static const char* CheckForStack(PfhooksFamily f,
                                     const uint8_t* b,
                                     uint32_t len,
                                     const PfhooksTransportCheck::Link* link = nullptr);

    /**
     * \param f the family
     * \param b bytes that passed Check()
     * \return the length of the datagram at b, without what follows it
     *         (link-layer padding): what hooks see
     */
    static uint32_t Length(PfhooksFamily f, const uint8_t* b)
    {
        switch (f)
        {
        case PFH_INET:
            return (uint32_t(b[2]) << 8) | b[3];
        case PFH_INET6:
            return 40 + ((uint32_t(b[4]) << 8) | b[5]);
        default:
            return 8 + 2u * (b[4] + b[5]);
        }
    }
};

} // namespace ns3

#endif /* PFHOOKS_DATAGRAM_CHECK_H */
