/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kmem-fill.h"

#include "pfhooks-mblk.h"

#include <cstdint>

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
    uint32_t any = 0;
    for (size_t k = 0; k < kVec / 4; ++k)
    {
        any |= acc[k];
    }
    return any == 0;
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
    uint32_t any = 0;
    for (size_t k = 0; k < kVec / 4; ++k)
    {
        any |= acc[k];
    }
    return any == 0;
}

} // namespace ns3
