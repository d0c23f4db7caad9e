/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-mblk.h"

#include "pfhooks-kmem-debug.h"
#include "pfhooks-kmem-fill.h"

#include <cstdio>
#include <cstdlib>
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

// Live counts let tests and the leak report prove that every message a hook
// or the framework allocated was freed.
static uint64_t g_mblkLive = 0;
static uint64_t g_dblkLive = 0;
// Who hears of a block charged to a module being freed (the simulated kernel).
static void (*g_untrack)(mblk_t*) = nullptr;

extern "C" void
pfhooks_mblk_set_untrack(void (*fn)(mblk_t*))
{
    g_untrack = fn;
}

// A packet hook allocates and frees a message per packet: small free lists
// keep that off malloc.  Data blocks up to kPooledBytes share one size class
// (an Ethernet-sized datagram fits); larger ones go straight to malloc.
// Pooled memory stays reachable from these lists, so leak checkers see no leak.
static const size_t kPooledBytes = 2048;
static const size_t kPoolMax = 256;

namespace
{

using ns3::PfhooksFill;
using ns3::PfhooksFill2;
using ns3::PfhooksFillBytes;
using ns3::PfhooksFillIntact;
using ns3::PfhooksFillIntact2;
using ns3::PfhooksKmemDebug;

// kmem_flags (pfhooks-kmem-debug.h): a DEBUG kernel's unless set otherwise.
uint32_t g_flags = PfhooksKmemDebug::kDefaultFlags & (ns3::PFH_KMF_AUDIT | ns3::PFH_KMF_DEADBEEF);
PfhooksKmemDebug::MisuseFn g_misuse = nullptr;

// What a freed block's b_datap reads under audit or deadbeef (the fill's
// own pattern): no live block has it.
dblk_t* const kFreedMark = reinterpret_cast<dblk_t*>(0xdeadbeefdeadbeefULL);

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

Freed g_pairPool[kPoolMax];
size_t g_pairPoolN = 0;
Freed g_dblkPool[kPoolMax];
size_t g_dblkPoolN = 0;
Freed g_mblkPool[kPoolMax];
size_t g_mblkPoolN = 0;

// The quarantine: the last freed entries, oldest out first into the pools.
// Never destroyed: the blocks stay reachable for a leak checker at exit.
Freed* g_ring = new Freed[PfhooksKmemDebug::kDefaultQuarantine];
size_t g_ringCap = PfhooksKmemDebug::kDefaultQuarantine;
size_t g_ringHead = 0; // the oldest entry, once the ring is full
size_t g_ringN = 0;    // entries in use (they start at g_ringHead)

// Every spare (pfhooks_msg_spare_t), for pfhooks_msg_freed_at() and Drain().
pfhooks_msg_spare_t* g_spares = nullptr;

[[noreturn]] void
Misuse(const char* what, const void* block, const void* first, const void* second)
{
    if (g_misuse != nullptr)
    {
        g_misuse(what, block, first, second);
    }
    std::fprintf(stderr,
                 "panic: %s: block %p freed at %p, then at %p\n",
                 what,
                 block,
                 first,
                 second);
    std::abort();
}

/// Fills (deadbeef) or marks (audit) what @p f holds; ASan sees it poisoned.
inline void
Poison(Freed* f)
{
    if ((g_flags & ns3::PFH_KMF_DEADBEEF) != 0)
    {
        if (f->db != nullptr)
        {
            size_t size = static_cast<size_t>(f->db->db_lim - f->db->db_base);
            f->dbBytes = static_cast<uint32_t>(PfhooksFillBytes(sizeof(dblk_t) + size));
        }
        PfhooksFill(f->mp, f->db, f->dbBytes);
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
        if (!PfhooksFillIntact(f.mp, f.db, f.dbBytes))
        {
            // Name the block that was written to.
            const void* block = f.mp != nullptr && !PfhooksFillIntact(f.mp, nullptr, 0)
                                    ? static_cast<const void*>(f.mp)
                                    : static_cast<const void*>(f.db);
            Misuse("a freed block was written to (found when it was reused)", block, f.site, site);
        }
    }
}

/// What leaves the quarantine goes to its pool, still poisoned, or to malloc.
inline void
Release(const Freed& f)
{
    Freed* pool = f.mp == nullptr ? g_dblkPool : f.db == nullptr ? g_mblkPool : g_pairPool;
    size_t* n = f.mp == nullptr ? &g_dblkPoolN : f.db == nullptr ? &g_mblkPoolN : &g_pairPoolN;
    if (*n < kPoolMax)
    {
        pool[(*n)++] = f;
        return;
    }
    Unpoison(f, nullptr);
    std::free(f.mp);
    std::free(f.db);
}

/// Puts freed blocks in the quarantine and releases what leaves it.
inline void
Retire(Freed f)
{
    if (g_flags == 0)
    {
        Release(f);
        return;
    }
    Poison(&f);
    if (g_ringN < g_ringCap)
    {
        size_t at = g_ringHead + g_ringN++;
        g_ring[at < g_ringCap ? at : at - g_ringCap] = f;
        return;
    }
    if (g_ringCap == 0)
    {
        Release(f);
        return;
    }
    Freed out = g_ring[g_ringHead];
    g_ring[g_ringHead] = f;
    g_ringHead = g_ringHead + 1 == g_ringCap ? 0 : g_ringHead + 1;
    Release(out);
}

/// Everything freed under the old flags goes back to malloc (checked).
void
Drain()
{
    auto drop = [](const Freed& f) {
        Unpoison(f, nullptr);
        std::free(f.mp);
        std::free(f.db);
    };
    for (size_t i = 0; i < g_ringN; ++i)
    {
        drop(g_ring[(g_ringHead + i) % g_ringCap]);
    }
    g_ringHead = 0;
    g_ringN = 0;
    for (Freed* pool : {g_pairPool, g_dblkPool, g_mblkPool})
    {
        size_t* n = pool == g_pairPool   ? &g_pairPoolN
                    : pool == g_dblkPool ? &g_dblkPoolN
                                         : &g_mblkPoolN;
        for (size_t i = 0; i < *n; ++i)
        {
            drop(pool[i]);
        }
        *n = 0;
    }
    for (pfhooks_msg_spare_t* s = g_spares; s != nullptr; s = s->ps_next)
    {
        if (s->ps_mp != nullptr)
        {
            drop(Freed{s->ps_mp, s->ps_db, s->ps_filled, nullptr});
            s->ps_mp = nullptr;
        }
    }
}

} // namespace

/// Sets up a data block's header for @p size bytes.
static inline dblk_t*
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
static inline mblk_t*
MblkInit(mblk_t* mp, dblk_t* db)
{
    std::memset(mp, 0, sizeof(mblk_t));
    mp->b_datap = db;
    mp->b_rptr = db->db_base;
    mp->b_wptr = db->db_base;
    ++g_mblkLive;
    return mp;
}

static dblk_t*
DblkAlloc(size_t size)
{
    // One allocation holds the data block header and its bytes.
    dblk_t* db;
    if (size <= kPooledBytes && g_dblkPoolN > 0)
    {
        const Freed& f = g_dblkPool[--g_dblkPoolN];
        Unpoison(f, __builtin_return_address(0));
        db = f.db;
    }
    else
    {
        size_t room = size <= kPooledBytes ? kPooledBytes : size;
        db = static_cast<dblk_t*>(std::malloc(sizeof(dblk_t) + room));
        if (db == nullptr)
        {
            return nullptr;
        }
    }
    return DblkInit(db, size);
}

static void
DblkFree(dblk_t* db, const void* site)
{
    --g_dblkLive;
    // The size class is known from the buffer the block was made with.
    if (static_cast<size_t>(db->db_lim - db->db_base) > kPooledBytes)
    {
        std::free(db);
        return;
    }
    Retire(Freed{nullptr, db, 0, site});
}

static mblk_t*
MblkAlloc(dblk_t* db)
{
    mblk_t* mp;
    if (g_mblkPoolN > 0)
    {
        const Freed& f = g_mblkPool[--g_mblkPoolN];
        Unpoison(f, __builtin_return_address(0));
        mp = f.mp;
    }
    else
    {
        mp = static_cast<mblk_t*>(std::malloc(sizeof(mblk_t)));
        if (mp == nullptr)
        {
            return nullptr;
        }
    }
    return MblkInit(mp, db);
}

/// pfhooks_msg_freed(), inline for the free path.
static inline bool
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

extern "C" int
pfhooks_msg_freed(const mblk_t* mp)
{
    return MsgFreed(mp) ? 1 : 0;
}

extern "C" const void*
pfhooks_msg_freed_at(const mblk_t* mp)
{
    for (size_t i = 0; i < g_ringN; ++i)
    {
        const Freed& f = g_ring[(g_ringHead + i) % g_ringCap];
        if (f.mp == mp || static_cast<const void*>(f.db) == mp)
        {
            return f.site;
        }
    }
    for (const pfhooks_msg_spare_t* s = g_spares; s != nullptr; s = s->ps_next)
    {
        if (s->ps_mp != nullptr && (s->ps_mp == mp || static_cast<const void*>(s->ps_db) == mp))
        {
            return reinterpret_cast<const void*>(&pfhooks_msg_keep);
        }
    }
    return nullptr;
}

extern "C" void
pfhooks_msg_misuse(const char* what, const mblk_t* mp, const void* site)
{
    Misuse(what, mp, pfhooks_msg_freed_at(mp), site);
}

extern "C" void
pfhooks_mblk_set_debug(uint32_t flags, uint32_t quarantine)
{
    Drain();
    // Redzones are kmem's (pfhooks-kmem.cc); messages use audit and deadbeef.
    g_flags = flags & (ns3::PFH_KMF_AUDIT | ns3::PFH_KMF_DEADBEEF);
    delete[] g_ring;
    g_ring = new Freed[quarantine];
    g_ringCap = quarantine;
}

extern "C" void
pfhooks_mblk_set_misuse(void (*fn)(const char*, const void*, const void*, const void*))
{
    g_misuse = fn;
}

// ---- the stack's spare messages (pfhooks_msg_spare_t) ----

extern "C" void
pfhooks_msg_spare_init(pfhooks_msg_spare_t* s)
{
    *s = pfhooks_msg_spare_t{};
    s->ps_next = g_spares;
    if (g_spares != nullptr)
    {
        g_spares->ps_prev = s;
    }
    g_spares = s;
}

extern "C" void
pfhooks_msg_spare_drop(pfhooks_msg_spare_t* s)
{
    if (s->ps_mp != nullptr)
    {
        // Already freed to the debugging: into the pools as a freed pair.
        Freed f{s->ps_mp, s->ps_db, s->ps_filled, reinterpret_cast<const void*>(&pfhooks_msg_keep)};
        s->ps_mp = nullptr;
        Release(f);
    }
}

extern "C" void
pfhooks_msg_spare_fini(pfhooks_msg_spare_t* s)
{
    pfhooks_msg_spare_drop(s);
    (s->ps_prev != nullptr ? s->ps_prev->ps_next : g_spares) = s->ps_next;
    if (s->ps_next != nullptr)
    {
        s->ps_next->ps_prev = s->ps_prev;
    }
}

/// pfhooks_msg_keep()'s test of one block (b_cont aside). \return its data block's size, or 0
static inline size_t
Keepable(const mblk_t* mp)
{
    if (MsgFreed(mp) || mp->b_next != nullptr || mp->b_prev != nullptr ||
        (mp->b_flag & PFHOOKS_MSG_TRACKED) != 0)
    {
        return 0;
    }
    const dblk_t* db = mp->b_datap;
    size_t size = static_cast<size_t>(db->db_lim - db->db_base);
    return db->db_ref == 1 && db->db_frtnp == nullptr && size <= kPooledBytes ? size : 0;
}

extern "C" int
pfhooks_msg_keep(pfhooks_msg_spare_t* s, mblk_t* mp)
{
    if (s->ps_mp != nullptr || mp == nullptr || MsgFreed(mp) || mp->b_cont != nullptr ||
        mp->b_next != nullptr || mp->b_prev != nullptr || (mp->b_flag & PFHOOKS_MSG_TRACKED) != 0)
    {
        return 0;
    }
    dblk_t* db = mp->b_datap;
    size_t size = static_cast<size_t>(db->db_lim - db->db_base);
    if (db->db_ref != 1 || db->db_frtnp != nullptr || size > kPooledBytes)
    {
        return 0;
    }
    // Freed, to the debugging: what freemsg() does, without the
    // quarantine's and the pools' bookkeeping.
    --g_mblkLive;
    --g_dblkLive;
    Freed f{mp, db, 0, nullptr};
    if (g_flags != 0)
    {
        Poison(&f);
    }
    else
    {
        PFHOOKS_ASAN_POISON(db, sizeof(dblk_t) + kPooledBytes);
        PFHOOKS_ASAN_POISON(mp, sizeof(mblk_t));
    }
    s->ps_mp = mp;
    s->ps_db = db;
    s->ps_size = static_cast<uint32_t>(size);
    s->ps_filled = f.dbBytes;
    return 1;
}

extern "C" mblk_t*
pfhooks_msg_reuse(pfhooks_msg_spare_t* s, size_t len)
{
    if (s->ps_mp == nullptr || s->ps_size < len)
    {
        return nullptr;
    }
    Freed f{s->ps_mp, s->ps_db, s->ps_filled, reinterpret_cast<const void*>(&pfhooks_msg_keep)};
    s->ps_mp = nullptr;
    Unpoison(f, reinterpret_cast<const void*>(&pfhooks_msg_reuse));
    return MblkInit(f.mp, DblkInit(f.db, s->ps_size));
}

// The spare's calls on the C accept path run the fused passes in their own
// frame (inline from pfhooks-kmem-fill.h), cloned as the fill is.
extern "C" PFHOOKS_FILL_CLONES int
pfhooks_msg_keep_same(pfhooks_msg_spare_t* s,
                      mblk_t* mp,
                      const void* bytes,
                      size_t len,
                      unsigned char* out,
                      size_t* change_end)
{
    size_t size = s->ps_mp == nullptr ? Keepable(mp) : 0;
    if (size == 0 || mp->b_cont != nullptr || mp->b_datap->db_type != M_DATA)
    {
        return 0;
    }
    // As pfhooks_msg_keep(), the comparison done by the fill's walker.
    dblk_t* db = mp->b_datap;
    uint32_t filled = 0;
    int same = 1;
    if ((g_flags & ns3::PFH_KMF_DEADBEEF) != 0)
    {
        filled = static_cast<uint32_t>(PfhooksFillBytes(sizeof(dblk_t) + size));
        if (!ns3::pfhooks_fill::FillIfSame(mp, db, filled, mp->b_rptr, bytes, len))
        {
            // A rewrite: its bytes go out, with where the change ends
            // found in the same pass (the stack compares no more); the
            // blocks are kept all the same.
            if (mp->b_rptr == reinterpret_cast<unsigned char*>(db + 1) && len >= 64)
            {
                // The data filled in the copy's pass (in phase: it starts
                // right after the data block's header), the rest after.
                *change_end = ns3::pfhooks_fill::CopyChangeEnd<true>(out, mp->b_rptr, bytes, len);
                ns3::pfhooks_fill::FillAroundCopied(mp, db, filled, len);
            }
            else
            {
                *change_end = ns3::pfhooks_fill::CopyChangeEnd(out, mp->b_rptr, bytes, len);
                PfhooksFill(mp, db, filled);
            }
            same = -1;
        }
    }
    else
    {
        if (std::memcmp(mp->b_rptr, bytes, len) != 0)
        {
            *change_end = ns3::pfhooks_fill::CopyChangeEnd(out, mp->b_rptr, bytes, len);
            same = -1;
        }
        if (g_flags != 0)
        {
            mp->b_datap = kFreedMark;
        }
    }
    --g_mblkLive;
    --g_dblkLive;
    PFHOOKS_ASAN_POISON(db, sizeof(dblk_t) + kPooledBytes);
    PFHOOKS_ASAN_POISON(mp, sizeof(mblk_t));
    s->ps_mp = mp;
    s->ps_db = db;
    s->ps_size = static_cast<uint32_t>(size);
    s->ps_filled = filled;
    return same;
}

extern "C" PFHOOKS_FILL_CLONES mblk_t*
pfhooks_msg_reuse_copy(pfhooks_msg_spare_t* s, const void* bytes, size_t len)
{
    mblk_t* mp = s->ps_mp;
    if (mp == nullptr || s->ps_size < len)
    {
        return nullptr;
    }
    dblk_t* db = s->ps_db;
    s->ps_mp = nullptr;
    PFHOOKS_ASAN_UNPOISON(mp, sizeof(mblk_t));
    PFHOOKS_ASAN_UNPOISON(db, sizeof(dblk_t) + kPooledBytes);
    // ps_filled is 0 unless deadbeef was on when it was kept (a change of
    // the flags drops what is kept).
    if (s->ps_filled == 0)
    {
        std::memcpy(db + 1, bytes, len);
    }
    else if (!ns3::pfhooks_fill::IntactCopy(mp, db, s->ps_filled, bytes, len))
    {
        // Name the block that was written to, as Unpoison() does.
        const void* block = !PfhooksFillIntact(mp, nullptr, 0) ? static_cast<const void*>(mp)
                                                               : static_cast<const void*>(db);
        Misuse("a freed block was written to (found when it was reused)",
               block,
               reinterpret_cast<const void*>(&pfhooks_msg_keep),
               reinterpret_cast<const void*>(&pfhooks_msg_reuse));
    }
    mp = MblkInit(mp, DblkInit(db, s->ps_size));
    mp->b_wptr += len;
    return mp;
}

extern "C" int
pfhooks_msg_keep_pair(pfhooks_msg_spare_t* s, mblk_t* head)
{
    mblk_t* tail =
        head != nullptr && s[0].ps_mp == nullptr && s[1].ps_mp == nullptr && !MsgFreed(head)
            ? head->b_cont
            : nullptr;
    size_t size0 = tail != nullptr ? Keepable(head) : 0;
    size_t size1 = size0 != 0 && tail->b_cont == nullptr ? Keepable(tail) : 0;
    if (size1 == 0)
    {
        return 0;
    }
    // As pfhooks_msg_keep() on each block, with one fill for both.
    head->b_cont = nullptr;
    g_mblkLive -= 2;
    g_dblkLive -= 2;
    pfhooks_msg_spare_t* k[2] = {&s[0], &s[1]};
    mblk_t* mp[2] = {head, tail};
    size_t size[2] = {size0, size1};
    bool deadbeef = (g_flags & ns3::PFH_KMF_DEADBEEF) != 0;
    for (int i = 0; i < 2; ++i)
    {
        k[i]->ps_mp = mp[i];
        k[i]->ps_db = mp[i]->b_datap;
        k[i]->ps_size = static_cast<uint32_t>(size[i]);
        k[i]->ps_filled =
            deadbeef ? static_cast<uint32_t>(PfhooksFillBytes(sizeof(dblk_t) + size[i])) : 0;
        if (!deadbeef && g_flags != 0)
        {
            mp[i]->b_datap = kFreedMark;
        }
    }
    if (deadbeef)
    {
        PfhooksFill2(s[0].ps_mp,
                     s[0].ps_db,
                     s[0].ps_filled,
                     s[1].ps_mp,
                     s[1].ps_db,
                     s[1].ps_filled);
    }
    for (int i = 0; i < 2; ++i)
    {
        PFHOOKS_ASAN_POISON(k[i]->ps_db, sizeof(dblk_t) + kPooledBytes);
        PFHOOKS_ASAN_POISON(k[i]->ps_mp, sizeof(mblk_t));
    }
    return 1;
}

extern "C" mblk_t*
pfhooks_msg_reuse_pair(pfhooks_msg_spare_t* s, size_t size0, size_t size1)
{
    if (s[0].ps_mp == nullptr || s[1].ps_mp == nullptr || size0 > kPooledBytes ||
        size1 > kPooledBytes)
    {
        return nullptr;
    }
    const void* kept = reinterpret_cast<const void*>(&pfhooks_msg_keep);
    for (int i = 0; i < 2; ++i)
    {
        PFHOOKS_ASAN_UNPOISON(s[i].ps_mp, sizeof(mblk_t));
        PFHOOKS_ASAN_UNPOISON(s[i].ps_db, sizeof(dblk_t) + kPooledBytes);
    }
    if ((g_flags & ns3::PFH_KMF_DEADBEEF) != 0 && !PfhooksFillIntact2(s[0].ps_mp,
                                                                      s[0].ps_db,
                                                                      s[0].ps_filled,
                                                                      s[1].ps_mp,
                                                                      s[1].ps_db,
                                                                      s[1].ps_filled))
    {
        // Name the block that was written to, as Unpoison() does.
        for (int i = 0; i < 2; ++i)
        {
            Unpoison(Freed{s[i].ps_mp, s[i].ps_db, s[i].ps_filled, kept},
                     reinterpret_cast<const void*>(&pfhooks_msg_reuse));
        }
    }
    // Every kept data block has a pooled buffer's room: sized as asked, so
    // that the next fill covers what this use can reach.
    mblk_t* head = MblkInit(s[0].ps_mp, DblkInit(s[0].ps_db, size0));
    head->b_cont = MblkInit(s[1].ps_mp, DblkInit(s[1].ps_db, size1));
    s[0].ps_mp = nullptr;
    s[1].ps_mp = nullptr;
    return head;
}

extern "C" mblk_t*
allocb(size_t size, unsigned int /* pri */)
{
    if (size <= kPooledBytes && g_pairPoolN > 0)
    {
        // The common case: a message block and data block freed together.
        const Freed& f = g_pairPool[--g_pairPoolN];
        Unpoison(f, __builtin_return_address(0));
        return MblkInit(f.mp, DblkInit(f.db, size));
    }
    dblk_t* db = DblkAlloc(size);
    if (db == nullptr)
    {
        return nullptr;
    }
    mblk_t* mp = MblkAlloc(db);
    if (mp == nullptr)
    {
        DblkFree(db, nullptr);
    }
    return mp;
}

/// freeb() for a caller at @p site (freeb, freemsg). \return the next block (b_cont)
static inline mblk_t*
FreeBlock(mblk_t* mp, const void* site)
{
    if (MsgFreed(mp))
    {
        Misuse("double free of a message block", mp, pfhooks_msg_freed_at(mp), site);
    }
    mblk_t* next = mp->b_cont;
    if ((mp->b_flag & PFHOOKS_MSG_TRACKED) != 0 && g_untrack != nullptr)
    {
        g_untrack(mp);
    }
    Freed f{mp, nullptr, 0, site};
    dblk_t* db = mp->b_datap;
    if (db != nullptr && --db->db_ref == 0)
    {
        if (db->db_frtnp != nullptr && db->db_frtnp->free_func != nullptr)
        {
            db->db_frtnp->free_func(db->db_frtnp->free_arg);
        }
        --g_dblkLive;
        if (static_cast<size_t>(db->db_lim - db->db_base) > kPooledBytes)
        {
            std::free(db);
        }
        else
        {
            f.db = db;
        }
    }
    --g_mblkLive;
    Retire(f);
    return next;
}

extern "C" void
freeb(mblk_t* mp)
{
    if (mp != nullptr)
    {
        FreeBlock(mp, __builtin_return_address(0));
    }
}

extern "C" void
freemsg(mblk_t* mp)
{
    const void* site = __builtin_return_address(0);
    while (mp != nullptr)
    {
        mp = FreeBlock(mp, site);
    }
}

extern "C" mblk_t*
dupb(mblk_t* mp)
{
    if (mp == nullptr || mp->b_datap->db_ref == 255)
    {
        return nullptr;
    }
    mblk_t* n = MblkAlloc(mp->b_datap);
    if (n == nullptr)
    {
        return nullptr;
    }
    mp->b_datap->db_ref++;
    n->b_rptr = mp->b_rptr;
    n->b_wptr = mp->b_wptr;
    n->b_band = mp->b_band;
    n->b_flag = mp->b_flag & ~PFHOOKS_MSG_TRACKED; // a copy is charged by its own allocator
    return n;
}

extern "C" int
pullupmsg(mblk_t* mp, ssize_t len)
{
    if (mp == nullptr)
    {
        return 0;
    }
    size_t total = msgdsize(mp);
    if (len == -1)
    {
        len = static_cast<ssize_t>(total);
    }
    if (len < 0 || static_cast<size_t>(len) > total)
    {
        return 0;
    }
    if (static_cast<size_t>(len) <= MBLKL(mp))
    {
        return 1;
    }
    dblk_t* db = DblkAlloc(total);
    if (db == nullptr)
    {
        return 0;
    }
    unsigned char* w = db->db_base;
    for (mblk_t* b = mp; b != nullptr; b = b->b_cont)
    {
        std::memcpy(w, b->b_rptr, MBLKL(b));
        w += MBLKL(b);
    }
    freemsg(mp->b_cont);
    mp->b_cont = nullptr;
    dblk_t* old = mp->b_datap;
    db->db_type = old->db_type;
    if (--old->db_ref == 0)
    {
        DblkFree(old, __builtin_return_address(0));
    }
    mp->b_datap = db;
    mp->b_rptr = db->db_base;
    mp->b_wptr = w;
    return 1;
}

extern "C" uint64_t
pfhooks_mblk_live(void)
{
    return g_mblkLive;
}

extern "C" uint64_t
pfhooks_dblk_live(void)
{
    return g_dblkLive;
}
