/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-mblk.h"

#include "pfhooks-kmem-debug.h"
#include "pfhooks-kmem-fill.h"
#include "pfhooks-mblk-pool.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>

using ns3::PfhooksFill2;
using ns3::PfhooksFillIntact2;
using ns3::PfhooksKmemDebug;
using namespace ns3::pfhooks_mblk;

// Who hears of a block charged to a module being freed (the simulated kernel).
static void (*g_untrack)(mblk_t*) = nullptr;

extern "C" void
pfhooks_mblk_set_untrack(void (*fn)(mblk_t*))
{
    g_untrack = fn;
}

// A packet hook allocates and frees a message per packet: small free lists
// keep that off malloc (kPooledBytes, pfhooks-mblk-pool.h).  Pooled memory
// stays reachable from these lists, so leak checkers see no leak.
static const size_t kPoolMax = 256;

namespace ns3
{
namespace pfhooks_mblk
{
// kmem_flags (pfhooks-kmem-debug.h): a DEBUG kernel's unless set otherwise.
uint32_t g_flags = PfhooksKmemDebug::kDefaultFlags & (PFH_KMF_AUDIT | PFH_KMF_DEADBEEF);
uint64_t g_mblkLive = 0;
uint64_t g_dblkLive = 0;
pfhooks_msg_spare_t* g_spares = nullptr;
} // namespace pfhooks_mblk
} // namespace ns3

namespace
{

PfhooksKmemDebug::MisuseFn g_misuse = nullptr;

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

namespace ns3
{
namespace pfhooks_mblk
{

void
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

void
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

} // namespace pfhooks_mblk
} // namespace ns3

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
