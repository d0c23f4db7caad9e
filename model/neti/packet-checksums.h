/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_PACKET_CHECKSUMS_H
#define PFHOOKS_PACKET_CHECKSUMS_H

#include <cstddef>
#include <cstdint>
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

} // namespace ns3

#endif /* PFHOOKS_PACKET_CHECKSUMS_H */
