/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The inline judgements of a header rewrite (packet-checksums.h): the
 * fields an IPv4 rewrite may change without the checks having anything new
 * to read (Ipv4FixedFieldsSame), and the checksum judgement of the usual
 * rewrite (RewriteKeepsChecksumsInline), which must answer exactly as the
 * whole RewriteKeepsChecksums() does.
 */
#include "ns3/packet-checksums.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <random>
#include <vector>

using namespace ns3;

namespace
{

/// An IPv4/UDP datagram of n bytes (n >= 28), checksums right.
std::vector<uint8_t>
Datagram(std::size_t n, std::mt19937& rng)
{
    std::vector<uint8_t> b(n);
    for (auto& x : b)
    {
        x = static_cast<uint8_t>(rng());
    }
    b[0] = 0x45;
    b[2] = static_cast<uint8_t>(n >> 8);
    b[3] = static_cast<uint8_t>(n);
    b[6] = 0x40; // DF, offset 0
    b[7] = 0;
    b[9] = 17;
    b[24] = static_cast<uint8_t>((n - 20) >> 8);
    b[25] = static_cast<uint8_t>(n - 20);
    FixTransportChecksum(b.data(), n);
    FixIpv4HeaderChecksum(b.data(), n);
    return b;
}

} // namespace

TEST(RewriteJudge, FixedFieldsAreTheShapeBytes)
{
    std::mt19937 rng(7);
    std::vector<uint8_t> before = Datagram(100, rng);
    for (std::size_t i = 0; i < 12; ++i)
    {
        std::vector<uint8_t> after = before;
        after[i] ^= 0x10;
        bool shape = i == 0 || i == 2 || i == 3 || i == 6 || i == 7 || i == 9;
        EXPECT_EQ(Ipv4FixedFieldsSame(before.data(), after.data()), !shape) << "byte " << i;
    }
    EXPECT_TRUE(Ipv4FixedFieldsSame(before.data(), before.data()));
}

TEST(RewriteJudge, UsualRewritesJudgedInline)
{
    std::mt19937 rng(11);
    std::vector<uint8_t> before = Datagram(200, rng);
    // TOS changed, header checksum fixed: nothing broke.
    std::vector<uint8_t> fixed = before;
    fixed[1] ^= 0x48;
    FixIpv4HeaderChecksum(fixed.data(), fixed.size());
    std::size_t end = RewriteChangeEnd(before.data(), fixed.data(), before.size());
    EXPECT_LE(end, 12u);
    EXPECT_TRUE(RewriteKeepsChecksumsInline(before.data(), fixed.data(), 200, true, end));
    // Not fixed: the header checksum broke (the whole check decides).
    std::vector<uint8_t> broken = before;
    broken[1] ^= 0x48;
    end = RewriteChangeEnd(before.data(), broken.data(), before.size());
    EXPECT_FALSE(RewriteKeepsChecksumsInline(before.data(), broken.data(), 200, true, end));
    // After FORWARDING the stack writes the header checksum anew.
    EXPECT_TRUE(RewriteKeepsChecksumsInline(before.data(), broken.data(), 200, false, end));
}

TEST(RewriteJudge, InlineAnswersAsTheWholeJudgement)
{
    // Random changes of the first 20 bytes (fixed or not, of any field),
    // of datagrams whose checksums verified or not: the inline judgement
    // answers what RewriteKeepsChecksums() does, every time.
    std::mt19937 rng(1624);
    for (int round = 0; round < 20000; ++round)
    {
        std::size_t n = 28 + rng() % 200;
        std::vector<uint8_t> before = Datagram(n, rng);
        if (rng() % 4 == 0)
        {
            before[10] ^= 0x01; // wrong before the rewrite
        }
        std::vector<uint8_t> after = before;
        int changes = 1 + static_cast<int>(rng() % 3);
        for (int k = 0; k < changes; ++k)
        {
            std::size_t at = rng() % (rng() % 2 == 0 ? 12 : 20);
            after[at] = static_cast<uint8_t>(rng());
        }
        if (rng() % 2 == 0)
        {
            FixIpv4HeaderChecksum(after.data(), after.size());
        }
        std::size_t end = RewriteChangeEnd(before.data(), after.data(), n);
        for (bool ipv4Header : {true, false})
        {
            for (std::size_t given : {end, kRewriteEndUnknown})
            {
                EXPECT_EQ(
                    RewriteKeepsChecksumsInline(before.data(), after.data(), n, ipv4Header, given),
                    RewriteKeepsChecksums(before.data(), after.data(), n, ipv4Header, given))
                    << "round " << round << " end " << given << " ipv4Header " << ipv4Header;
            }
        }
    }
}
