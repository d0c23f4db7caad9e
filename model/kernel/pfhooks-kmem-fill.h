/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The deadbeef fill of freed message blocks (kmem_flags' deadbeef, as
 * illumos's kmem fills a freed buffer and checks it when it hands the
 * buffer out again), for pfhooks-mblk.cc: written and checked 32 bytes at
 * a time.  The walker and the spare message's fused passes are inline here,
 * so that the spare's calls (pfhooks_msg_keep_same, pfhooks_msg_reuse_copy)
 * run them in their own frame.  Not part of the C face.
 */
#ifndef PFHOOKS_KMEM_FILL_H
#define PFHOOKS_KMEM_FILL_H

#include "pfhooks-mblk.h"

#include <cstddef>
#include <cstdint>
#include <cstring>

/// Functions that walk the fill get an AVX2 clone next to the default one
/// (picked once, when the library loads).
#if defined(__x86_64__) && !defined(__clang__)
#define PFHOOKS_FILL_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PFHOOKS_FILL_CLONES
#endif
/// The walker's functions are inlined into their callers, clones included:
/// one left out of line would be compiled for the default target alone.
#define PFHOOKS_FILL_INLINE inline __attribute__((always_inline))

namespace ns3
{

/**
 * \ingroup pfhooks
 * \param bytes a block's size
 * \return the bytes a fill of it covers: a whole number of pattern words
 */
inline size_t
PfhooksFillBytes(size_t bytes)
{
    return (bytes + 3) & ~static_cast<size_t>(3);
}

/**
 * \ingroup pfhooks
 * Fills a message block and a data block's bytes with 0xdeadbeef.
 * \param mp the message block (sizeof(mblk_t) bytes), or null
 * \param db the data block
 * \param n its bytes to fill: 0, or PfhooksFillBytes() of at least 32
 */
void PfhooksFill(void* mp, void* db, size_t n) __attribute__((visibility("hidden")));

/**
 * \ingroup pfhooks
 * \param mp the message block PfhooksFill() filled, or null
 * \param db the data block
 * \param n the bytes filled
 * \return true when what PfhooksFill(mp, db, n) filled is intact
 */
bool PfhooksFillIntact(const void* mp, const void* db, size_t n)
    __attribute__((visibility("hidden")));

/**
 * \ingroup pfhooks
 * PfhooksFill() of two message and data block pairs in one call
 * (OBSERVING's header and packet blocks); neither message block is null.
 * \param mp0 the first message block
 * \param db0 its data block
 * \param n0 the bytes of db0 to fill
 * \param mp1 the second message block
 * \param db1 its data block
 * \param n1 the bytes of db1 to fill
 */
void PfhooksFill2(void* mp0, void* db0, size_t n0, void* mp1, void* db1, size_t n1)
    __attribute__((visibility("hidden")));

/**
 * \ingroup pfhooks
 * \param mp0 the first message block
 * \param db0 its data block
 * \param n0 the bytes of db0 filled
 * \param mp1 the second message block
 * \param db1 its data block
 * \param n1 the bytes of db1 filled
 * \return true when what PfhooksFill2() filled is intact
 */
bool PfhooksFillIntact2(const void* mp0,
                        const void* db0,
                        size_t n0,
                        const void* mp1,
                        const void* db1,
                        size_t n1) __attribute__((visibility("hidden")));

/// The fill's walker: 32 bytes at a time (one AVX2 register, or two SSE2
/// ones on a CPU without it), a message's worth in a few dozen
/// instructions, not a loop over words.
namespace pfhooks_fill
{

/// 32 bytes of a block, read or written whole (any alignment).
typedef uint32_t Vec __attribute__((vector_size(32), aligned(1), may_alias));
/// Its size.
constexpr size_t kVec = sizeof(Vec);
/// 0xdeadbeef in every word.
constexpr Vec kPattern = {0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef};
static_assert(sizeof(mblk_t) % 4 == 0 && sizeof(dblk_t) % 4 == 0, "fill keeps its phase");

/// \param p where \return the vector at p (a reference: a vector passed
/// by value would change the ABI of the default clone)
PFHOOKS_FILL_INLINE const Vec&
At(const unsigned char* p)
{
    return *reinterpret_cast<const Vec*>(p);
}

/// \param p where \return the vector at p, to be written
PFHOOKS_FILL_INLINE Vec&
At(unsigned char* p)
{
    return *reinterpret_cast<Vec*>(p);
}

/**
 * Calls op(offset) for vectors that cover @p n bytes (0, or at least 32): whole
 * ones, eight and then four at a time, then four (or, under 128 bytes,
 * one) ending at n that overlap the ones before.  An op is called more
 * than once on some bytes, so it must not care (a fill, a check, a
 * comparison; not a copy over the bytes it reads).  No loop over single
 * vectors: the last ones cost no more than the rest (n a multiple of 4
 * keeps the pattern in phase).
 * \param n the bytes
 * \param op what to do with the vector at an offset
 */
template <typename Op>
PFHOOKS_FILL_INLINE void
ForEachVec(size_t n, Op op)
{
    if (n < 4 * kVec)
    {
        if (n == 0)
        {
            return; // nothing filled (a message block kept alone)
        }
        op(0);
        if (n > 2 * kVec)
        {
            op(kVec);
        }
        if (n > 3 * kVec)
        {
            op(2 * kVec);
        }
        op(n - kVec);
        return;
    }
    size_t i = 0;
    for (; i + 8 * kVec <= n; i += 8 * kVec)
    {
#pragma GCC unroll 8
        for (size_t k = 0; k < 8; ++k)
        {
            op(i + k * kVec);
        }
    }
    if (i + 4 * kVec <= n)
    {
#pragma GCC unroll 4
        for (size_t k = 0; k < 4; ++k)
        {
            op(i + k * kVec);
        }
        i += 4 * kVec;
    }
    if (i < n)
    {
#pragma GCC unroll 4
        for (size_t k = 0; k < 4; ++k)
        {
            op(n - (4 - k) * kVec);
        }
    }
}

/// Fills @p n bytes (a multiple of 4, at least 32) at @p b with 0xdeadbeef.
PFHOOKS_FILL_INLINE void
FillAt(unsigned char* b, size_t n)
{
    ForEachVec(n, [b](size_t o) { At(b + o) = kPattern; });
}

/// ORs into @p acc the bits of @p n bytes at @p b (as FillAt) that differ from the fill.
PFHOOKS_FILL_INLINE void
DiffAt(const unsigned char* b, size_t n, Vec* acc)
{
    Vec a = *acc;
    ForEachVec(n, [b, &a](size_t o) { a |= At(b + o) ^ kPattern; });
    *acc = a;
}

/// \return true when no bit of @p acc is set
PFHOOKS_FILL_INLINE bool
NoneSet(const Vec& acc)
{
    // The halves ORed as vectors first: one vector OR and two words to
    // test, not four words.
    typedef uint64_t Quads __attribute__((vector_size(32)));
    typedef uint64_t Pair __attribute__((vector_size(16)));
    Quads q = reinterpret_cast<const Quads&>(acc);
    Pair h = __builtin_shufflevector(q, q, 0, 1) | __builtin_shufflevector(q, q, 2, 3);
    return (h[0] | h[1]) == 0;
}

/**
 * The check of a kept pair's fill (as PfhooksFillIntact) fused with the
 * copy of the bytes it is taken back for: one pass over the data, each
 * vector checked, then overwritten.
 * \param mp the message block
 * \param db the data block
 * \param n the bytes of db filled (at least sizeof(dblk_t) + len)
 * \param src the bytes to write at the start of db's buffer (db + 1)
 * \param len their number
 * \return true when the fill was intact (the bytes are written either way)
 */
PFHOOKS_FILL_INLINE bool
IntactCopy(const void* mp, void* db, size_t n, const void* src, size_t len)
{
    auto* d = static_cast<unsigned char*>(db);
    const auto* s = static_cast<const unsigned char*>(src);
    Vec acc = {};
    DiffAt(static_cast<const unsigned char*>(mp), sizeof(mblk_t), &acc);
    // The header and what the copy's whole vectors leave are checked before
    // anything is written: the last vector of each may overlap the bytes.
    DiffAt(d, sizeof(dblk_t), &acc);
    size_t whole = len & ~(kVec - 1);
    size_t rest = n - sizeof(dblk_t) - whole;
    if (rest >= kVec)
    {
        DiffAt(d + sizeof(dblk_t) + whole, rest, &acc);
    }
    else if (rest != 0)
    {
        acc |= At(d + n - kVec) ^ kPattern;
    }
    unsigned char* o = d + sizeof(dblk_t);
    size_t i = 0;
    for (; i + 4 * kVec <= whole; i += 4 * kVec)
    {
#pragma GCC unroll 4
        for (size_t k = 0; k < 4; ++k)
        {
            acc |= At(o + i + k * kVec) ^ kPattern;
            At(o + i + k * kVec) = At(s + i + k * kVec);
        }
    }
    for (; i < whole; i += kVec)
    {
        acc |= At(o + i) ^ kPattern;
        At(o + i) = At(s + i);
    }
    if (whole != len)
    {
        // The last bytes: one vector ending with them (checked above).
        if (len >= kVec)
        {
            At(o + len - kVec) = At(s + len - kVec);
        }
        else
        {
            std::memcpy(o, s, len);
        }
    }
    return NoneSet(acc);
}

/**
 * The accept path's comparison and a kept pair's fill in one pass: when
 * the len bytes at data are src's, FillAt() of the message block and of n
 * bytes of the data block.
 * \param mp the message block
 * \param db the data block
 * \param n the bytes of db to fill
 * \param data the message's bytes (in db's buffer)
 * \param src the bytes to compare them with
 * \param len their number
 * \return true when they are equal (then filled); false: nothing written
 */
PFHOOKS_FILL_INLINE bool
FillIfSame(void* mp, void* db, size_t n, const void* data, const void* src, size_t len)
{
    const auto* a = static_cast<const unsigned char*>(data);
    const auto* b = static_cast<const unsigned char*>(src);
    if (len < kVec)
    {
        if (std::memcmp(a, b, len) != 0)
        {
            return false;
        }
    }
    else
    {
        // An OR of XORs (the fill's walker); the first vector alone
        // first: a header rewrite differs there, and is not compared
        // further.
        Vec acc = At(a) ^ At(b);
        if (!NoneSet(acc))
        {
            return false;
        }
        if (len >= 2 * kVec)
        {
            a += kVec;
            b += kVec;
            ForEachVec(len - kVec, [a, b, &acc](size_t o) { acc |= At(a + o) ^ At(b + o); });
        }
        else
        {
            acc |= At(a + len - kVec) ^ At(b + len - kVec);
        }
        if (!NoneSet(acc))
        {
            return false;
        }
    }
    FillAt(static_cast<unsigned char*>(mp), sizeof(mblk_t));
    FillAt(static_cast<unsigned char*>(db), n);
    return true;
}

/**
 * A rewrite's bytes copied out in one pass with the search for where its
 * change ends (RewriteChangeEnd()), so that the stack does not compare the
 * datagram a second time.  Headers live in the first 64 bytes: the rest is
 * copied and compared with no test per vector (an OR of XORs, as
 * FillIfSame()), and only the vectors where the change ends are tested.
 * With @p Fill, each vector of the message read is then filled (as
 * FillAt(), in phase when @p data is 4-aligned from its data block): the
 * rewrite's kept message pays no second pass for its fill.  The bytes
 * within 3 of the end may be left unfilled, for the caller's fill of what
 * follows them.
 * \tparam Fill whether to fill the bytes read (len at least 64)
 * \param out receives the len bytes at data
 * \param data the message's bytes
 * \param src the bytes it was given
 * \param len their number
 * \return one past the last byte of data that differs from src (0: none)
 */
template <bool Fill = false>
PFHOOKS_FILL_INLINE size_t
CopyChangeEnd(unsigned char* out, const void* data, const void* src, size_t len)
{
    auto* a = static_cast<unsigned char*>(const_cast<void*>(data));
    const auto* b = static_cast<const unsigned char*>(src);
    constexpr size_t kHead = 2 * kVec;
    size_t end = len;
    if (len >= kHead)
    {
        // The last vector first: it may overlap bytes a fill writes over.
        Vec last = At(a + len - kVec);
        At(out) = At(a);
        At(out + kVec) = At(a + kVec);
        if constexpr (Fill)
        {
            At(a) = kPattern;
            At(a + kVec) = kPattern;
        }
        Vec acc = {};
        size_t i = kHead;
        for (; i + 4 * kVec <= len; i += 4 * kVec)
        {
#pragma GCC unroll 4
            for (size_t k = 0; k < 4; ++k)
            {
                Vec v = At(a + i + k * kVec);
                At(out + i + k * kVec) = v;
                acc |= v ^ At(b + i + k * kVec);
                if constexpr (Fill)
                {
                    At(a + i + k * kVec) = kPattern;
                }
            }
        }
        for (; i + kVec <= len; i += kVec)
        {
            Vec v = At(a + i);
            At(out + i) = v;
            acc |= v ^ At(b + i);
            if constexpr (Fill)
            {
                At(a + i) = kPattern;
            }
        }
        if (i < len)
        {
            At(out + len - kVec) = last;
            acc |= last ^ At(b + len - kVec);
            if constexpr (Fill)
            {
                At(a + ((len - kVec) & ~static_cast<size_t>(3))) = kPattern;
            }
        }
        end = NoneSet(acc) ? kHead : len;
        // The last vector that differs, from the end (the head's two when
        // the rest is the same: a header rewrite); read from the copy, the
        // message may be filled.
        for (; end >= kVec; end -= kVec)
        {
            Vec x = At(out + end - kVec) ^ At(b + end - kVec);
            if (!NoneSet(x))
            {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
                // Its last byte that differs: in the highest quad that does
                // (no second pass over the vector's bytes).
                typedef uint64_t Quads __attribute__((vector_size(32)));
                Quads q = (Quads)x; // a vector cast: same bits, no aliasing
#pragma GCC unroll 4
                for (int k = 3; k >= 0; --k)
                {
                    if (q[k] != 0)
                    {
                        return end - kVec + k * 8 + (63 - __builtin_clzll(q[k])) / 8 + 1;
                    }
                }
#endif
                break;
            }
        }
    }
    else
    {
        std::memcpy(out, a, len);
    }
    // The byte: eight at a time from the end, then one at a time.
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    for (; end >= 8; end -= 8)
    {
        uint64_t x;
        uint64_t y;
        std::memcpy(&x, out + end - 8, 8);
        std::memcpy(&y, b + end - 8, 8);
        if (uint64_t d = x ^ y)
        {
            return end - 8 + (63 - __builtin_clzll(d)) / 8 + 1;
        }
    }
#endif
    while (end > 0 && out[end - 1] == b[end - 1])
    {
        --end;
    }
    return end;
}

/**
 * The fill of a kept message whose data CopyChangeEnd<true>() filled: the
 * message block, the data block's header, and its bytes from the last
 * ones the pass may have left (within 3 of @p len) to @p n.
 * \param mp the message block
 * \param db the data block (its bytes at db + 1)
 * \param n the bytes of db to fill (PfhooksFillBytes(), at least
 *        sizeof(dblk_t) + len)
 * \param len the bytes the pass filled (at least 64)
 */
PFHOOKS_FILL_INLINE void
FillAroundCopied(void* mp, void* db, size_t n, size_t len)
{
    auto* d = static_cast<unsigned char*>(db);
    FillAt(static_cast<unsigned char*>(mp), sizeof(mblk_t));
    FillAt(d, sizeof(dblk_t));
    size_t from = (sizeof(dblk_t) + len) & ~static_cast<size_t>(3);
    from = from + kVec <= n ? from : n - kVec;
    FillAt(d + from, n - from);
}

} // namespace pfhooks_fill

} // namespace ns3

#endif /* PFHOOKS_KMEM_FILL_H */
