/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The message blocks' pools and debugging state that the allocator
 * (pfhooks-mblk.cc) and the stack's spare messages (pfhooks-mblk-spare.cc)
 * share: what a freed block is, how it is poisoned and checked, how a
 * block is set up.  Hidden: not part of the C face.
 */
#ifndef PFHOOKS_MBLK_POOL_H
#define PFHOOKS_MBLK_POOL_H

#include "pfhooks-kmem-debug.h"
#include "pfhooks-kmem-fill.h"
#include "pfhooks-mblk.h"
#include "pfhooks-visibility.h"

#include <cstdint>
#include <cstring>

#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/asan_interface.h>
#define PFHOOKS_ASAN 1
#define PFHOOKS_ASAN_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define PFHOOKS_ASAN_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define PFHOOKS_ASAN 0
#define PFHOOKS_ASAN_POISON(p, n) ((void)(p), (void)(n))
#define PFHOOKS_ASAN_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

namespace ns3
{
/// The allocator's own state and helpers (pfhooks-mblk.cc defines them).
namespace pfhooks_mblk
{

/// Data blocks up to this size share one size class (an Ethernet-sized
/// datagram fits); larger ones go straight to malloc.
constexpr size_t kPooledBytes = 2048;

/// What a freed block's b_datap reads under audit or deadbeef (the fill's
/// own pattern): no live block has it.
inline dblk_t* const kFreedMark = reinterpret_cast<dblk_t*>(0xdeadbeefdeadbeefULL);

/// kmem_flags' audit and deadbeef bits, as the messages use them.
extern PFHOOKS_LOCAL uint32_t g_flags;
/// Live message blocks: tests and the leak report prove that every message
/// a hook or the framework allocated was freed.
extern PFHOOKS_LOCAL uint64_t g_mblkLive;
/// Live data blocks, as g_mblkLive.
extern PFHOOKS_LOCAL uint64_t g_dblkLive;
/// Every spare (pfhooks_msg_spare_t), for pfhooks_msg_freed_at() and the drain.
extern PFHOOKS_LOCAL pfhooks_msg_spare_t* g_spares;

/**
 * Freed blocks, in the quarantine or a pool.  A message block freed with
 * the last reference to its data block (what allocb made, freemsg frees:
 * nearly every message) is kept as one pair, filled, checked and handed out
 * again together; a block freed alone (dupb, pullupmsg) is kept alone.
 */
struct Freed
{
    mblk_t* mp;       //!< a message block, or null
    dblk_t* db;       //!< a pooled data block, or null
    uint32_t dbBytes; //!< bytes of db filled with 0xdeadbeef (0: not filled)
    const void* site; //!< where it was freed (audit), or null
};

/**
 * Panics (through the simulated kernel's panic, when set) naming a block
 * and the two sites that touched it.
 * \param what what happened
 * \param block the block
 * \param first where it was freed (or kept) first, or null
 * \param second where it was touched again
 */
[[noreturn]] PFHOOKS_LOCAL void Misuse(const char* what,
                                       const void* block,
                                       const void* first,
                                       const void* second);

/**
 * What leaves the quarantine goes to its pool, still poisoned, or to malloc.
 * \param f the freed blocks
 */
PFHOOKS_LOCAL void Release(const Freed& f);

/// Fills (deadbeef) or marks (audit) what @p f holds; ASan sees it poisoned.
inline void
Poison(Freed* f)
{
    if ((g_flags & ns3::PFH_KMF_DEADBEEF) != 0)
    {
        if (f->db != nullptr)
        {
            size_t size = static_cast<size_t>(f->db->db_lim - f->db->db_base);
            f->dbBytes = static_cast<uint32_t>(ns3::PfhooksFillBytes(sizeof(dblk_t) + size));
        }
        ns3::PfhooksFill(f->mp, f->db, f->dbBytes);
    }
    else if (f->mp != nullptr)
    {
        f->mp->b_datap = kFreedMark;
    }
    if (f->db != nullptr)
    {
        PFHOOKS_ASAN_POISON(f->db, sizeof(dblk_t) + kPooledBytes);
    }
    if (f->mp != nullptr)
    {
        PFHOOKS_ASAN_POISON(f->mp, sizeof(mblk_t));
    }
}

/// What @p f holds goes back into use (or to malloc): its fill must be intact.
inline void
Unpoison(const Freed& f, const void* site)
{
    if (f.mp != nullptr)
    {
        PFHOOKS_ASAN_UNPOISON(f.mp, sizeof(mblk_t));
    }
    if (f.db != nullptr)
    {
        PFHOOKS_ASAN_UNPOISON(f.db, sizeof(dblk_t) + kPooledBytes);
    }
    if ((g_flags & ns3::PFH_KMF_DEADBEEF) != 0)
    {
        if (!ns3::PfhooksFillIntact(f.mp, f.db, f.dbBytes))
        {
            // Name the block that was written to.
            const void* block = f.mp != nullptr && !ns3::PfhooksFillIntact(f.mp, nullptr, 0)
                                    ? static_cast<const void*>(f.mp)
                                    : static_cast<const void*>(f.db);
            Misuse("a freed block was written to (found when it was reused)", block, f.site, site);
        }
    }
}

/// Sets up a data block's header for @p size bytes.
inline dblk_t*
DblkInit(dblk_t* db, size_t size)
{
    // The bytes are not zeroed (allocb(9F) does not promise that); the header is.
    std::memset(db, 0, sizeof(dblk_t));
    db->db_base = reinterpret_cast<unsigned char*>(db + 1);
    db->db_lim = db->db_base + size;
    db->db_ref = 1;
    db->db_type = M_DATA;
    ++g_dblkLive;
    return db;
}

/// Sets up a message block onto @p db.
inline mblk_t*
MblkInit(mblk_t* mp, dblk_t* db)
{
    std::memset(mp, 0, sizeof(mblk_t));
    mp->b_datap = db;
    mp->b_rptr = db->db_base;
    mp->b_wptr = db->db_base;
    ++g_mblkLive;
    return mp;
}

/// pfhooks_msg_freed(), inline for the free path.
inline bool
MsgFreed(const mblk_t* mp)
{
#if PFHOOKS_ASAN
    if (__asan_address_is_poisoned(mp) != 0)
    {
        return true;
    }
#endif
    return g_flags != 0 && mp->b_datap == kFreedMark;
}

} // namespace pfhooks_mblk
} // namespace ns3

#endif /* PFHOOKS_MBLK_POOL_H */
