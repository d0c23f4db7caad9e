/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The seams' spare message on the C packet event's path: TakeCopy checks
 * the kept message's fill in the pass that copies a datagram in, and
 * GiveIfSame compares the message with what it was given in the call that
 * keeps it.  Every length, a change anywhere and a write anywhere in a
 * kept message are told as by the unfused calls.  A C++ hook's lazy
 * message (PacketHookLazyMessage) is built with TakeCopy too.
 */
#include "ns3/packet-checksums.h"
#include "ns3/packet-hook.h"
#include "ns3/pfhooks-kmem-debug.h"
#include "ns3/pfhooks-mblk.h"
#include "ns3/solaris-kernel.h"

#include <algorithm>
#include <cstring>
#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

#if defined(__SANITIZE_ADDRESS__)
const bool kSanitized = true; //!< kept blocks are poisoned: pfhooks_msg_freed() tells
#else
const bool kSanitized = false; //!< no poisoning: only the flags make a kept block freed
#endif

/// \return len bytes that differ from the fill and from each other's neighbours
std::vector<uint8_t>
Datagram(size_t len)
{
    std::vector<uint8_t> b(len);
    for (size_t i = 0; i < len; ++i)
    {
        b[i] = static_cast<uint8_t>(i * 7 + 1);
    }
    return b;
}

/// \return true when the bytes [from, to) of mp's buffer hold 0xdeadbeef, in phase
bool
StillFilled(const mblk_t* mp, size_t from, size_t to)
{
    const unsigned char pattern[4] = {0xef, 0xbe, 0xad, 0xde};
    for (size_t i = from; i < to; ++i)
    {
        // The fill starts at the data block's header (sizeof(dblk_t) bytes).
        if (mp->b_datap->db_base[i] != pattern[(sizeof(dblk_t) + i) % 4])
        {
            return false;
        }
    }
    return true;
}

// TakeCopy checks a kept message's fill in the pass that copies the bytes
// in: every length lands whole, in a block of its size or a larger one,
// and the bytes past it are not written (they are still the fill).
TEST(SpareMessage, TakeCopyCopiesEveryLengthAndNothingPast)
{
    for (uint32_t flags : {uint32_t{PfhooksKmemDebug::kDefaultFlags}, uint32_t{PFH_KMF_REDZONE}})
    {
        uint32_t was = PfhooksKmemDebug::GetFlags();
        PfhooksKmemDebug::SetFlags(flags);
        uint64_t mblks = pfhooks_mblk_live();
        {
            PacketHookSpareMessage spare;
            for (size_t len : {1, 20, 31, 32, 33, 63, 64, 65, 127, 128, 129, 255, 256, 540, 2048})
            {
                for (size_t extra : {0, 37})
                {
                    size_t size = len + extra > 2048 ? 2048 : len + extra;
                    mblk_t* kept = spare.Take(size);
                    ASSERT_NE(kept, nullptr);
                    spare.Give(kept);
                    std::vector<uint8_t> b = Datagram(len);
                    mblk_t* mp = spare.TakeCopy(b.data(), len);
                    ASSERT_EQ(mp, kept) << len << " in " << size;
                    EXPECT_EQ(pfhooks_mblk_live(), mblks + 1);
                    EXPECT_EQ(mp->b_rptr, mp->b_datap->db_base);
                    ASSERT_EQ(MBLKL(mp), len);
                    EXPECT_EQ(MBLKSIZE(mp), size);
                    EXPECT_EQ(std::memcmp(mp->b_rptr, b.data(), len), 0) << len;
                    if (flags == PfhooksKmemDebug::kDefaultFlags)
                    {
                        EXPECT_TRUE(StillFilled(mp, len, size)) << len << " in " << size;
                    }
                    freemsg(mp);
                }
            }
            // Nothing kept: a new message, the bytes copied all the same.
            std::vector<uint8_t> b = Datagram(100);
            mblk_t* mp = spare.TakeCopy(b.data(), 100);
            ASSERT_NE(mp, nullptr);
            EXPECT_EQ(MBLKL(mp), 100u);
            EXPECT_EQ(std::memcmp(mp->b_rptr, b.data(), 100), 0);
            freemsg(mp);
        }
        EXPECT_EQ(pfhooks_mblk_live(), mblks);
        PfhooksKmemDebug::SetFlags(was);
    }
}

// GiveIfSame compares the message with the bytes it was given in the call
// that keeps it: equal, it is kept; a change anywhere is told (its bytes
// copied out) and it is kept all the same; what cannot be kept is left
// to the caller, uncompared.
TEST(SpareMessage, GiveIfSameTellsAChangeAnywhere)
{
    for (uint32_t flags : {uint32_t{PfhooksKmemDebug::kDefaultFlags}, uint32_t{PFH_KMF_REDZONE}})
    {
        uint32_t was = PfhooksKmemDebug::GetFlags();
        PfhooksKmemDebug::SetFlags(flags);
        bool debug = flags == PfhooksKmemDebug::kDefaultFlags;
        uint64_t mblks = pfhooks_mblk_live();
        {
            PacketHookSpareMessage spare;
            std::size_t end = 0;
            for (size_t len : {20, 31, 32, 33, 100, 540})
            {
                spare.Drop(); // the last length's block is too small: a new one
                std::vector<uint8_t> b = Datagram(len);
                std::vector<uint8_t> out(len);
                mblk_t* mp = spare.TakeCopy(b.data(), len);
                ASSERT_NE(mp, nullptr);
                EXPECT_EQ(spare.GiveIfSame(mp, b.data(), len, out.data(), &end), 1) << len;
                EXPECT_EQ(pfhooks_mblk_live(), mblks);
                // Freed to the debugging (ASan's poisoning tells it without).
                EXPECT_EQ(pfhooks_msg_freed(mp), debug || kSanitized ? 1 : 0);
                for (size_t at :
                     {size_t{0}, size_t{1}, std::min(size_t{31}, len - 1), len / 2, len - 1})
                {
                    mblk_t* again = spare.TakeCopy(b.data(), len);
                    ASSERT_EQ(again, mp);
                    again->b_rptr[at] ^= 0x10; // what a hook's rewrite leaves
                    std::fill(out.begin(), out.end(), 0);
                    end = 0;
                    EXPECT_EQ(spare.GiveIfSame(again, b.data(), len, out.data(), &end), -1)
                        << len << " at " << at;
                    std::vector<uint8_t> want = b;
                    want[at] ^= 0x10;
                    EXPECT_EQ(out, want) << len << " at " << at;
                    // Where the change ends, from the copy's pass.
                    EXPECT_EQ(end, at + 1) << len << " at " << at;
                    EXPECT_EQ(pfhooks_mblk_live(), mblks); // kept all the same
                    if (debug)
                    {
                        EXPECT_EQ(pfhooks_msg_freed_at(again),
                                  reinterpret_cast<const void*>(&pfhooks_msg_keep));
                    }
                }
            }
            // Not keepable: not compared, not touched.
            std::vector<uint8_t> b = Datagram(64);
            std::vector<uint8_t> out(64);
            mblk_t* mp = spare.TakeCopy(b.data(), 64);
            mblk_t* dup = dupb(mp);
            EXPECT_EQ(spare.GiveIfSame(mp, b.data(), 64, out.data(), &end), 0);
            EXPECT_EQ(pfhooks_msg_freed(mp), 0);
            freemsg(dup);
            mp->b_cont = allocb(8, BPRI_MED);
            EXPECT_EQ(spare.GiveIfSame(mp, b.data(), 64, out.data(), &end), 0);
            freemsg(mp->b_cont);
            mp->b_cont = nullptr;
            mblk_t* second = allocb(64, BPRI_MED);
            std::memcpy(second->b_wptr, b.data(), 64);
            second->b_wptr += 64;
            EXPECT_EQ(spare.GiveIfSame(mp, b.data(), 64, out.data(), &end), 1);
            EXPECT_EQ(spare.GiveIfSame(second, b.data(), 64, out.data(), &end), 0); // slot taken
            EXPECT_EQ(pfhooks_msg_freed(second), 0);
            freemsg(second);
        }
        EXPECT_EQ(pfhooks_mblk_live(), mblks);
        PfhooksKmemDebug::SetFlags(was);
    }
}

// The fill's walker covers a length with overlapping vectors (eight at a
// time, four, then four ending at the length; under 128 bytes, up to three
// and one ending at the length): for every
// length through each of its branches, GiveIfSame tells a change at every
// byte, and fills every byte it keeps (the next TakeCopy checks them all:
// a byte left unfilled still holds the datagram, and would panic).
TEST(SpareMessage, GiveIfSameComparesAndFillsEveryByteOfEveryLength)
{
    uint32_t was = PfhooksKmemDebug::GetFlags();
    PfhooksKmemDebug::SetFlags(PfhooksKmemDebug::kDefaultFlags);
    uint64_t mblks = pfhooks_mblk_live();
    {
        PacketHookSpareMessage spare;
        std::vector<size_t> lens;
        for (size_t len = 1; len <= 300; ++len)
        {
            lens.push_back(len);
        }
        for (size_t len : {383, 384, 385, 511, 512, 513, 540, 2047, 2048})
        {
            lens.push_back(len);
        }
        for (size_t len : lens)
        {
            spare.Drop(); // a block of this length's size
            std::vector<uint8_t> b = Datagram(len);
            std::vector<uint8_t> out(len);
            std::size_t end = kRewriteEndUnknown;
            mblk_t* mp = spare.TakeCopy(b.data(), len);
            ASSERT_NE(mp, nullptr);
            ASSERT_EQ(spare.GiveIfSame(mp, b.data(), len, out.data(), &end), 1) << len;
            for (size_t at = 0; at < len; ++at)
            {
                mblk_t* again = spare.TakeCopy(b.data(), len);
                ASSERT_EQ(again, mp) << len;
                again->b_rptr[at] ^= 0x80;
                ASSERT_EQ(spare.GiveIfSame(again, b.data(), len, out.data(), &end), -1)
                    << len << " at " << at;
                ASSERT_EQ(out[at], b[at] ^ 0x80) << len << " at " << at;
            }
            mblk_t* last = spare.TakeCopy(b.data(), len);
            ASSERT_EQ(std::memcmp(last->b_rptr, b.data(), len), 0) << len;
            ASSERT_EQ(spare.GiveIfSame(last, b.data(), len, out.data(), &end), 1) << len;
        }
    }
    EXPECT_EQ(pfhooks_mblk_live(), mblks);
    PfhooksKmemDebug::SetFlags(was);
}

// A rewrite's change end comes from the pass that copies its bytes out:
// it is RewriteChangeEnd() of what was given and what is left, wherever
// the change ends (in the header, the payload, the overlapping last
// vector, a short datagram) and however many bytes changed before it.
TEST(SpareMessage, GiveIfSameFindsWhereTheChangeEnds)
{
    for (uint32_t flags : {uint32_t{PfhooksKmemDebug::kDefaultFlags}, uint32_t{PFH_KMF_REDZONE}})
    {
        uint32_t was = PfhooksKmemDebug::GetFlags();
        PfhooksKmemDebug::SetFlags(flags);
        uint64_t mblks = pfhooks_mblk_live();
        {
            PacketHookSpareMessage spare;
            uint32_t seed = 1;
            auto next = [&seed]() {
                seed = seed * 1103515245u + 12345u;
                return seed >> 8;
            };
            for (size_t len : {1, 8, 20, 31, 32, 33, 40, 63, 64, 65, 100, 512, 540})
            {
                spare.Drop();
                std::vector<uint8_t> b = Datagram(len);
                for (int round = 0; round < 40; ++round)
                {
                    mblk_t* mp = spare.TakeCopy(b.data(), len);
                    ASSERT_NE(mp, nullptr);
                    // One to four bytes changed: a header field, a port, a
                    // payload byte, the last one.
                    int changes = 1 + static_cast<int>(next() % 4);
                    for (int c = 0; c < changes; ++c)
                    {
                        size_t at = round == 0 ? len - 1 : next() % len;
                        mp->b_rptr[at] ^= static_cast<uint8_t>(1 + next() % 255);
                    }
                    std::vector<uint8_t> after(mp->b_rptr, mp->b_rptr + len);
                    std::size_t want = RewriteChangeEnd(b.data(), after.data(), len);
                    std::vector<uint8_t> out(len);
                    std::size_t end = kRewriteEndUnknown;
                    int same = spare.GiveIfSame(mp, b.data(), len, out.data(), &end);
                    ASSERT_EQ(same, want == 0 ? 1 : -1) << len << " round " << round;
                    if (same < 0)
                    {
                        EXPECT_EQ(out, after) << len << " round " << round;
                        EXPECT_EQ(end, want) << len << " round " << round;
                    }
                }
            }
        }
        EXPECT_EQ(pfhooks_mblk_live(), mblks);
        PfhooksKmemDebug::SetFlags(was);
    }
}

// A rewrite's kept message is filled in the pass that copies its bytes
// out, the rest of its blocks after: in a block larger than the datagram
// (every phase of the length's end), and in one whose bytes a hook moved
// off the start of its buffer (filled as before), every byte is filled:
// the next TakeCopy checks them all and would panic.
TEST(SpareMessage, ARewritesKeptMessageIsFilledWhole)
{
    uint32_t was = PfhooksKmemDebug::GetFlags();
    PfhooksKmemDebug::SetFlags(PfhooksKmemDebug::kDefaultFlags);
    uint64_t mblks = pfhooks_mblk_live();
    {
        PacketHookSpareMessage spare;
        for (size_t len : {64, 65, 66, 67, 95, 96, 97, 100, 540})
        {
            for (size_t extra : {0, 1, 2, 3, 4, 31, 37, 100})
            {
                for (bool moved : {false, true})
                {
                    spare.Drop();
                    mblk_t* kept = spare.Take(len + extra + (moved ? 1 : 0));
                    ASSERT_NE(kept, nullptr);
                    spare.Give(kept);
                    std::vector<uint8_t> b = Datagram(len);
                    mblk_t* mp = spare.TakeCopy(b.data(), len);
                    ASSERT_EQ(mp, kept);
                    if (moved)
                    {
                        std::memmove(mp->b_rptr + 1, mp->b_rptr, len);
                        mp->b_rptr++;
                        mp->b_wptr++;
                    }
                    mp->b_rptr[1] ^= 0x04; // a TOS rewrite
                    std::vector<uint8_t> out(len);
                    std::size_t end = kRewriteEndUnknown;
                    ASSERT_EQ(spare.GiveIfSame(mp, b.data(), len, out.data(), &end), -1)
                        << len << " + " << extra;
                    EXPECT_EQ(end, 2u) << len << " + " << extra;
                    std::vector<uint8_t> want = b;
                    want[1] ^= 0x04;
                    EXPECT_EQ(out, want) << len << " + " << extra;
                    mblk_t* again = spare.TakeCopy(b.data(), len); // checks the whole fill
                    ASSERT_EQ(again, kept) << len << " + " << extra;
                    EXPECT_EQ(std::memcmp(again->b_rptr, b.data(), len), 0);
                    EXPECT_TRUE(StillFilled(again, len, MBLKSIZE(again)))
                        << len << " + " << extra << (moved ? " moved" : "");
                    freemsg(again);
                }
            }
        }
    }
    EXPECT_EQ(pfhooks_mblk_live(), mblks);
    PfhooksKmemDebug::SetFlags(was);
}

/**
 * Keeps a message of 100 bytes, writes to one byte of it (0: its message
 * block, 1: its data block's header, 2: a byte the copy goes over, 3: one
 * past what it copies) and takes it back for 80 bytes.
 * \param at which byte
 */
void
WriteThenTakeCopy(int at)
{
    SolarisKernel::Get(); // its panic names the sites
    PacketHookSpareMessage spare;
    mblk_t* mp = spare.Take(100);
    unsigned char* target = at == 0   ? reinterpret_cast<unsigned char*>(mp) + 8
                            : at == 1 ? reinterpret_cast<unsigned char*>(mp->b_datap) + 25
                            : at == 2 ? mp->b_rptr + 37
                                      : mp->b_rptr + 99;
    spare.Give(mp);
    reinterpret_cast<volatile unsigned char*>(target)[0] ^= 1;
    std::vector<uint8_t> b = Datagram(80);
    spare.TakeCopy(b.data(), 80);
}

// TakeCopy's check covers the whole kept pair: a write to its message
// block, its data block's header, the bytes copied over or those past them
// is found when the seam takes it back.
TEST(SpareMessageDeathTest, AWriteAnywhereInAKeptMessageIsFoundByTakeCopy)
{
    for (int at = 0; at < 4; ++at)
    {
        EXPECT_DEATH(WriteThenTakeCopy(at),
                     "a freed block was written to \\(found when it was reused\\): message "
                     "block .* freed at pfhooks_msg_keep \\(.*\\), then at "
                     "pfhooks_msg_reuse|use-after-poison")
            << at;
    }
}

/// PacketHookBytes of a vector
const uint8_t*
BytesOf(void* v)
{
    return static_cast<std::vector<uint8_t>*>(v)->data();
}

// A lazy message is built in the kept one, with TakeCopy's one pass: the
// bytes land whole, the fill past them stays, and the event data names
// the message; without a spare it is a new one.
TEST(SpareMessage, ALazyMessageIsBuiltInTheKeptOne)
{
    ASSERT_EQ(PfhooksKmemDebug::GetFlags(), uint32_t{PfhooksKmemDebug::kDefaultFlags});
    uint64_t mblks = pfhooks_mblk_live();
    {
        PacketHookSpareMessage spare;
        mblk_t* kept = spare.Take(200);
        ASSERT_NE(kept, nullptr);
        spare.Give(kept);
        for (PacketHookSpareMessage* from : {&spare, static_cast<PacketHookSpareMessage*>(nullptr)})
        {
            std::vector<uint8_t> b = Datagram(150);
            hook_pkt_event_t hpe{};
            mblk_t* mp = nullptr;
            hpe.hpe_mp = &mp;
            {
                PacketHookLazyMessage lazy(&hpe, PacketHookBytes{&BytesOf, &b}, 150, from);
                EXPECT_EQ(PacketHookLazyMessage::Of(&hpe), &lazy);
                EXPECT_EQ(mp, nullptr); // nothing built before a hook asks
                lazy.Build();
                EXPECT_TRUE(lazy.IsBuilt());
            }
            ASSERT_NE(mp, nullptr);
            if (from != nullptr)
            {
                EXPECT_EQ(mp, kept);
                EXPECT_TRUE(StillFilled(mp, 150, 200));
            }
            EXPECT_EQ(hpe.hpe_mb, mp);
            EXPECT_EQ(hpe.hpe_hdr, mp->b_rptr);
            ASSERT_EQ(MBLKL(mp), 150u);
            EXPECT_EQ(std::memcmp(mp->b_rptr, b.data(), 150), 0);
            EXPECT_EQ(pfhooks_mblk_live(), mblks + 1);
            freemsg(mp);
        }
    }
    EXPECT_EQ(pfhooks_mblk_live(), mblks);
}

/// Keeps a message, writes to a byte of its buffer and builds a lazy message in it.
void
WriteThenBuild()
{
    SolarisKernel::Get(); // its panic names the sites
    PacketHookSpareMessage spare;
    mblk_t* mp = spare.Take(100);
    unsigned char* stale = mp->b_rptr;
    spare.Give(mp);
    reinterpret_cast<volatile unsigned char*>(stale)[42] ^= 1;
    std::vector<uint8_t> b = Datagram(100);
    hook_pkt_event_t hpe{};
    mblk_t* built = nullptr;
    hpe.hpe_mp = &built;
    PacketHookLazyMessage lazy(&hpe, PacketHookBytes{&BytesOf, &b}, 100, &spare);
    lazy.Build();
}

// ... and a write to the kept message is found when it is built.
TEST(SpareMessageDeathTest, AWriteToAKeptMessageIsFoundWhenALazyMessageIsBuilt)
{
    EXPECT_DEATH(WriteThenBuild(),
                 "a freed block was written to \\(found when it was reused\\): message "
                 "block .* freed at pfhooks_msg_keep \\(.*\\), then at "
                 "pfhooks_msg_reuse|use-after-poison");
}

} // namespace
