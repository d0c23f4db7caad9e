/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * An ns-3 Ipv4Header's bytes, written from its getters: what
 * Ipv4Header::Serialize writes, without a Buffer and without ns-3's
 * byte-at-a-time checksum (the outbound observation's serialization was a
 * quarter of it).
 */
#ifndef PFHOOKS_IPV4_HEADER_BYTES_H
#define PFHOOKS_IPV4_HEADER_BYTES_H

#include "ns3/ipv4-header.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup pfhooks
 * Writes the 20 bytes Ipv4Header::Serialize writes.  Whether the header
 * carries a checksum (Ipv4Header::EnableChecksum) has no getter: it is read
 * from the object at the offset where two headers that differ in that flag
 * alone differ, found once; when that is not one byte (another ns-3
 * layout), Write() declines and the caller serializes with ns-3.
 */
class PfhooksIpv4HeaderBytes
{
  public:
    /**
     * \param h the header, whose GetSerializedSize() is 20 (no options)
     * \param out receives 20 bytes
     * \return false when they cannot be written here (the checksum flag
     *         not found): use h.Serialize
     */
    static bool Write(const Ipv4Header& h, uint8_t* out);

    /**
     * The first four of Write()'s bytes alone (version and header length,
     * TOS, total length): what a datagram check reads, for an observation
     * whose message may never be built.
     * \param h as Write()
     * \param out receives 4 bytes
     * \return as Write()
     */
    static bool WriteHead(const Ipv4Header& h, uint8_t* out);
};

} // namespace ns3

#endif /* PFHOOKS_IPV4_HEADER_BYTES_H */
