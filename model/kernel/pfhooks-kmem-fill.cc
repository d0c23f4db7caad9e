/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kmem-fill.h"

#include "pfhooks-mblk.h"

#include <cstdint>
#include <cstring>

namespace ns3
{

namespace
{

// The fill is written and checked 32 bytes at a time (one AVX2 register, or
// two SSE2 ones on a CPU without it): a message's worth in a few dozen
// instructions, not a loop over words.
typedef uint32_t FillVec __attribute__((vector_size(32), aligned(1), may_alias));
const size_t kVec = sizeof(FillVec);
static_assert(sizeof(mblk_t) % 4 == 0 && sizeof(dblk_t) % 4 == 0, "fill keeps its phase");

#if defined(__x86_64__) && !defined(__clang__)
#define PFHOOKS_FILL_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define PFHOOKS_FILL_CLONES
#endif

const FillVec kPattern = {0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef,
                          0xdeadbeef};

/// Fills @p n bytes (a multiple of 4, at least 32) with 0xdeadbeef.
inline void
FillBytesAt(unsigned char* b, size_t n)
{
    size_t i = 0;
    for (; i + 8 * kVec <= n; i += 8 * kVec)
    {
#pragma GCC unroll 8
        for (size_t k = 0; k < 8; ++k)
        {
            *reinterpret_cast<FillVec*>(b + i + k * kVec) = kPattern;
        }
    }
    for (; i + kVec <= n; i += kVec)
    {
        *reinterpret_cast<FillVec*>(b + i) = kPattern;
    }
    if (i < n)
    {
        // The last vector overlaps the one before; n is a multiple of 4, so
        // the pattern stays in phase.
        *reinterpret_cast<FillVec*>(b + n - kVec) = kPattern;
    }
}

/// ORs into @p acc the bits of @p n bytes (as FillBytesAt) that differ from 0xdeadbeef.
inline void
DiffBytesAt(const unsigned char* b, size_t n, FillVec* acc)
{
    size_t i = 0;
    for (; i + 8 * kVec <= n; i += 8 * kVec)
    {
#pragma GCC unroll 8
        for (size_t k = 0; k < 8; ++k)
        {
            *acc |= *reinterpret_cast<const FillVec*>(b + i + k * kVec) ^ kPattern;
        }
    }
    for (; i + kVec <= n; i += kVec)
    {
        *acc |= *reinterpret_cast<const FillVec*>(b + i) ^ kPattern;
    }
    if (i < n)
    {
        *acc |= *reinterpret_cast<const FillVec*>(b + n - kVec) ^ kPattern;
    }
}

/// ORs into @p acc the bits of a vector at @p d that differ from the
/// fill, then copies the one at @p s over it.  (Every access goes through
/// FillVec itself: a pointer declared `auto` loses its alignment of 1.)
inline void
CheckCopyAt(unsigned char* d, const unsigned char* s, FillVec* acc)
{
    *acc |= *reinterpret_cast<const FillVec*>(d) ^ kPattern;
    *reinterpret_cast<FillVec*>(d) = *reinterpret_cast<const FillVec*>(s);
}

/// \return true when no bit of @p acc is set
inline bool
NoneSet(const FillVec& acc)
{
    uint32_t any = 0;
    for (size_t k = 0; k < kVec / 4; ++k)
    {
        any |= acc[k];
    }
    return any == 0;
}

} // namespace

PFHOOKS_FILL_CLONES void
PfhooksFill(void* mp, void* db, size_t n)
{
    if (mp != nullptr)
    {
        FillBytesAt(static_cast<unsigned char*>(mp), sizeof(mblk_t));
    }
    if (n != 0)
    {
        FillBytesAt(static_cast<unsigned char*>(db), n);
    }
}

PFHOOKS_FILL_CLONES bool
PfhooksFillIntact(const void* mp, const void* db, size_t n)
{
    FillVec acc = {};
    if (mp != nullptr)
    {
        DiffBytesAt(static_cast<const unsigned char*>(mp), sizeof(mblk_t), &acc);
    }
    DiffBytesAt(static_cast<const unsigned char*>(db), n, &acc);
    return NoneSet(acc);
}

PFHOOKS_FILL_CLONES bool
PfhooksFillIntactCopy(const void* mp, void* db, size_t n, const void* src, size_t len)
{
    auto* d = static_cast<unsigned char*>(db);
    const auto* s = static_cast<const unsigned char*>(src);
    FillVec acc = {};
    DiffBytesAt(static_cast<const unsigned char*>(mp), sizeof(mblk_t), &acc);
    // The header and what the copy's whole vectors leave are checked before
    // anything is written: the last vector of each may overlap the bytes.
    DiffBytesAt(d, sizeof(dblk_t), &acc);
    size_t whole = len & ~(kVec - 1);
    size_t rest = n - sizeof(dblk_t) - whole;
    if (rest >= kVec)
    {
        DiffBytesAt(d + sizeof(dblk_t) + whole, rest, &acc);
    }
    else if (rest != 0)
    {
        acc |= *reinterpret_cast<const FillVec*>(d + n - kVec) ^ kPattern;
    }
    unsigned char* o = d + sizeof(dblk_t);
    size_t i = 0;
    for (; i + 4 * kVec <= whole; i += 4 * kVec)
    {
#pragma GCC unroll 4
        for (size_t k = 0; k < 4; ++k)
        {
            CheckCopyAt(o + i + k * kVec, s + i + k * kVec, &acc);
        }
    }
    for (; i < whole; i += kVec)
    {
        CheckCopyAt(o + i, s + i, &acc);
    }
    if (whole != len)
    {
        // The last bytes: one vector ending with them (checked above).
        if (len >= kVec)
        {
            *reinterpret_cast<FillVec*>(o + len - kVec) =
                *reinterpret_cast<const FillVec*>(s + len - kVec);
        }
        else
        {
            std::memcpy(o, s, len);
        }
    }
    return NoneSet(acc);
}

PFHOOKS_FILL_CLONES bool
PfhooksFillIfSame(void* mp, void* db, size_t n, const void* data, const void* src, size_t len)
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
        // An OR of XORs, with an overlapping last vector; the first vector
        // alone first: a header rewrite differs there, and is not compared
        // further.
        FillVec acc = *reinterpret_cast<const FillVec*>(a) ^ *reinterpret_cast<const FillVec*>(b);
        if (!NoneSet(acc))
        {
            return false;
        }
        size_t i = kVec;
        for (; i + 4 * kVec <= len; i += 4 * kVec)
        {
#pragma GCC unroll 4
            for (size_t k = 0; k < 4; ++k)
            {
                acc |= *reinterpret_cast<const FillVec*>(a + i + k * kVec) ^
                       *reinterpret_cast<const FillVec*>(b + i + k * kVec);
            }
        }
        for (; i + kVec <= len; i += kVec)
        {
            acc |=
                *reinterpret_cast<const FillVec*>(a + i) ^ *reinterpret_cast<const FillVec*>(b + i);
        }
        if (i < len)
        {
            acc |= *reinterpret_cast<const FillVec*>(a + len - kVec) ^
                   *reinterpret_cast<const FillVec*>(b + len - kVec);
        }
        if (!NoneSet(acc))
        {
            return false;
        }
    }
    FillBytesAt(static_cast<unsigned char*>(mp), sizeof(mblk_t));
    FillBytesAt(static_cast<unsigned char*>(db), n);
    return true;
}

PFHOOKS_FILL_CLONES void
PfhooksFill2(void* mp0, void* db0, size_t n0, void* mp1, void* db1, size_t n1)
{
    FillBytesAt(static_cast<unsigned char*>(mp0), sizeof(mblk_t));
    FillBytesAt(static_cast<unsigned char*>(db0), n0);
    FillBytesAt(static_cast<unsigned char*>(mp1), sizeof(mblk_t));
    FillBytesAt(static_cast<unsigned char*>(db1), n1);
}

PFHOOKS_FILL_CLONES bool
PfhooksFillIntact2(const void* mp0,
                   const void* db0,
                   size_t n0,
                   const void* mp1,
                   const void* db1,
                   size_t n1)
{
    FillVec acc = {};
    DiffBytesAt(static_cast<const unsigned char*>(mp0), sizeof(mblk_t), &acc);
    DiffBytesAt(static_cast<const unsigned char*>(db0), n0, &acc);
    DiffBytesAt(static_cast<const unsigned char*>(mp1), sizeof(mblk_t), &acc);
    DiffBytesAt(static_cast<const unsigned char*>(db1), n1, &acc);
    return NoneSet(acc);
}

} // namespace ns3
