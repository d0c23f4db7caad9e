/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-mblk.h"

#include "pfhooks-kmem-debug.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

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

using ns3::PfhooksKmemDebug;

// kmem_flags (pfhooks-kmem-debug.h): a DEBUG kernel's unless set otherwise.
uint32_t g_flags = PfhooksKmemDebug::kDefaultFlags & (ns3::PFH_KMF_AUDIT | ns3::PFH_KMF_DEADBEEF);
PfhooksKmemDebug::MisuseFn g_misuse = nullptr;

// What a freed block's b_datap reads under audit or deadbeef (the fill's
// own pattern): no live block has it.
dblk_t* const kFreedMark = reinterpret_cast<dblk_t*>(0xdeadbeefdeadbeefULL);
const unsigned char kFill[8] = {0xef, 0xbe, 0xad, 0xde, 0xef, 0xbe, 0xad, 0xde};

/** A freed block, in the quarantine or a pool. */
struct Freed
{
    void* block;      //!< the block (null: none)
    uint32_t bytes;   //!< bytes filled with 0xdeadbeef (0: not filled)
    bool mblk;        //!< a message block (else a data block)
    const void* site; //!< where it was freed (audit), or null
};

Freed g_dblkPool[kPoolMax];
size_t g_dblkPoolN = 0;
Freed g_mblkPool[kPoolMax];
size_t g_mblkPoolN = 0;

// The quarantine: the last freed blocks, oldest out first into the pools.
// Never destroyed: the blocks stay reachable for a leak checker at exit.
std::vector<Freed>& g_ring = *new std::vector<Freed>(PfhooksKmemDebug::kDefaultQuarantine,
                                                     Freed{nullptr, 0, false, nullptr});
size_t g_ringHead = 0;
size_t g_ringN = 0;

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

/// Fills a freed block with 0xdeadbeef (deadbeef) or marks it (audit); ASan sees it.
uint32_t
Poison(void* p, size_t bytes, bool mblk)
{
    uint32_t filled = 0;
    if ((g_flags & ns3::PFH_KMF_DEADBEEF) != 0)
    {
        auto* b = static_cast<unsigned char*>(p);
        size_t i = 0;
        for (; i + 8 <= bytes; i += 8)
        {
            std::memcpy(b + i, kFill, 8);
        }
        std::memcpy(b + i, kFill, bytes - i);
        filled = static_cast<uint32_t>(bytes);
    }
    else if (mblk)
    {
        static_cast<mblk_t*>(p)->b_datap = kFreedMark;
    }
    PFHOOKS_ASAN_POISON(p, bytes);
    return filled;
}

/// A freed block goes back into use (or to malloc): its fill must be intact.
void
Unpoison(const Freed& f, size_t bytes, const void* site)
{
    PFHOOKS_ASAN_UNPOISON(f.block, bytes);
    const auto* b = static_cast<const unsigned char*>(f.block);
    size_t i = 0;
    for (; i + 8 <= f.bytes; i += 8)
    {
        if (std::memcmp(b + i, kFill, 8) != 0)
        {
            break;
        }
    }
    if (i < f.bytes && std::memcmp(b + i, kFill, std::min<size_t>(8, f.bytes - i)) != 0)
    {
        Misuse("a freed block was written to (found when it was reused)", f.block, f.site, site);
    }
}

size_t
BlockBytes(const Freed& f)
{
    return f.mblk ? sizeof(mblk_t) : sizeof(dblk_t) + kPooledBytes;
}

/// A block leaves the quarantine: to its pool, still poisoned, or to malloc.
/// (Only pool-sized data blocks are quarantined: see DblkFree.)
void
Release(const Freed& f)
{
    if (f.block == nullptr)
    {
        return;
    }
    Freed* pool = f.mblk ? g_mblkPool : g_dblkPool;
    size_t* n = f.mblk ? &g_mblkPoolN : &g_dblkPoolN;
    if (*n < kPoolMax)
    {
        pool[(*n)++] = f;
        return;
    }
    Unpoison(f, BlockBytes(f), nullptr);
    std::free(f.block);
}

/// Puts a freed block in the quarantine; \return the block that leaves it.
Freed
Hold(const Freed& f)
{
    if (g_ring.empty())
    {
        return f;
    }
    if (g_ringN < g_ring.size())
    {
        g_ring[(g_ringHead + g_ringN++) % g_ring.size()] = f;
        return Freed{nullptr, 0, false, nullptr};
    }
    Freed out = g_ring[g_ringHead];
    g_ring[g_ringHead] = f;
    g_ringHead = (g_ringHead + 1) % g_ring.size();
    return out;
}

/// Everything freed under the old flags goes back to malloc (checked).
void
Drain()
{
    auto drop = [](const Freed& f) {
        if (f.block != nullptr)
        {
            Unpoison(f, BlockBytes(f), nullptr);
            std::free(f.block);
        }
    };
    for (size_t i = 0; i < g_ringN; ++i)
    {
        drop(g_ring[(g_ringHead + i) % g_ring.size()]);
    }
    g_ringHead = 0;
    g_ringN = 0;
    for (size_t i = 0; i < g_dblkPoolN; ++i)
    {
        drop(g_dblkPool[i]);
    }
    for (size_t i = 0; i < g_mblkPoolN; ++i)
    {
        drop(g_mblkPool[i]);
    }
    g_dblkPoolN = 0;
    g_mblkPoolN = 0;
}

} // namespace

static dblk_t*
DblkAlloc(size_t size)
{
    // One allocation holds the data block header and its bytes.  The bytes
    // are not zeroed (allocb(9F) does not promise that); the header is.
    dblk_t* db;
    if (size <= kPooledBytes && g_dblkPoolN > 0)
    {
        const Freed& f = g_dblkPool[--g_dblkPoolN];
        Unpoison(f, sizeof(dblk_t) + kPooledBytes, __builtin_return_address(0));
        db = static_cast<dblk_t*>(f.block);
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
    std::memset(db, 0, sizeof(dblk_t));
    db->db_base = reinterpret_cast<unsigned char*>(db + 1);
    db->db_lim = db->db_base + size;
    db->db_ref = 1;
    db->db_type = M_DATA;
    ++g_dblkLive;
    return db;
}

static void
DblkFree(dblk_t* db, const void* site)
{
    --g_dblkLive;
    // The size class is known from the buffer the block was made with.
    size_t size = static_cast<size_t>(db->db_lim - db->db_base);
    bool pooled = size <= kPooledBytes;
    if (!pooled)
    {
        std::free(db);
        return;
    }
    Freed f{db, 0, false, site};
    if (g_flags != 0)
    {
        f.bytes = Poison(db, sizeof(dblk_t) + size, false);
        PFHOOKS_ASAN_POISON(db, sizeof(dblk_t) + kPooledBytes);
        f = Hold(f);
    }
    Release(f);
}

static mblk_t*
MblkAlloc(dblk_t* db)
{
    mblk_t* mp;
    if (g_mblkPoolN > 0)
    {
        const Freed& f = g_mblkPool[--g_mblkPoolN];
        Unpoison(f, sizeof(mblk_t), __builtin_return_address(0));
        mp = static_cast<mblk_t*>(f.block);
    }
    else
    {
        mp = static_cast<mblk_t*>(std::malloc(sizeof(mblk_t)));
        if (mp == nullptr)
        {
            return nullptr;
        }
    }
    std::memset(mp, 0, sizeof(mblk_t));
    mp->b_datap = db;
    mp->b_rptr = db->db_base;
    mp->b_wptr = db->db_base;
    ++g_mblkLive;
    return mp;
}

static void
MblkFree(mblk_t* mp, const void* site)
{
    --g_mblkLive;
    Freed f{mp, 0, true, site};
    if (g_flags != 0)
    {
        f.bytes = Poison(mp, sizeof(mblk_t), true);
        f = Hold(f);
    }
    Release(f);
}

extern "C" int
pfhooks_msg_freed(const mblk_t* mp)
{
#if PFHOOKS_ASAN
    if (__asan_address_is_poisoned(mp) != 0)
    {
        return 1;
    }
#endif
    return g_flags != 0 && mp->b_datap == kFreedMark;
}

extern "C" const void*
pfhooks_msg_freed_at(const mblk_t* mp)
{
    for (size_t i = 0; i < g_ringN; ++i)
    {
        const Freed& f = g_ring[(g_ringHead + i) % g_ring.size()];
        if (f.block == mp)
        {
            return f.site;
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
    g_ring.assign(quarantine, Freed{nullptr, 0, false, nullptr});
}

extern "C" void
pfhooks_mblk_set_misuse(void (*fn)(const char*, const void*, const void*, const void*))
{
    g_misuse = fn;
}

extern "C" mblk_t*
allocb(size_t size, unsigned int /* pri */)
{
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

/// freeb() for a caller at @p site (freeb, freemsg).
static void
FreeBlock(mblk_t* mp, const void* site)
{
    if (pfhooks_msg_freed(mp))
    {
        Misuse("double free of a message block", mp, pfhooks_msg_freed_at(mp), site);
    }
    if ((mp->b_flag & PFHOOKS_MSG_TRACKED) != 0 && g_untrack != nullptr)
    {
        g_untrack(mp);
    }
    dblk_t* db = mp->b_datap;
    if (db != nullptr && --db->db_ref == 0)
    {
        if (db->db_frtnp != nullptr && db->db_frtnp->free_func != nullptr)
        {
            db->db_frtnp->free_func(db->db_frtnp->free_arg);
        }
        DblkFree(db, site);
    }
    MblkFree(mp, site);
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
        if (pfhooks_msg_freed(mp))
        {
            Misuse("double free of a message block", mp, pfhooks_msg_freed_at(mp), site);
        }
        mblk_t* next = mp->b_cont;
        FreeBlock(mp, site);
        mp = next;
    }
}

extern "C" size_t
msgdsize(const mblk_t* mp)
{
    size_t n = 0;
    for (; mp != nullptr; mp = mp->b_cont)
    {
        if (mp->b_datap->db_type == M_DATA && mp->b_wptr > mp->b_rptr)
        {
            n += MBLKL(mp);
        }
    }
    return n;
}

extern "C" mblk_t*
copyb(mblk_t* mp)
{
    if (mp == nullptr)
    {
        return nullptr;
    }
    // Like illumos, the copy keeps the offset of b_rptr in the buffer.
    size_t size = MBLKSIZE(mp);
    mblk_t* n = allocb(size, BPRI_MED);
    if (n == nullptr)
    {
        return nullptr;
    }
    size_t off = mp->b_rptr - mp->b_datap->db_base;
    size_t len = mp->b_wptr > mp->b_rptr ? MBLKL(mp) : 0;
    n->b_rptr = n->b_datap->db_base + off;
    n->b_wptr = n->b_rptr + len;
    std::memcpy(n->b_rptr, mp->b_rptr, len);
    n->b_datap->db_type = mp->b_datap->db_type;
    n->b_band = mp->b_band;
    n->b_flag = mp->b_flag & ~PFHOOKS_MSG_TRACKED; // a copy is charged by its own allocator
    return n;
}

/// A new message made of `each(b)` for every block b; nothing when one fails.
static mblk_t*
MapMsg(mblk_t* mp, mblk_t* (*each)(mblk_t*))
{
    mblk_t* head = nullptr;
    mblk_t** tail = &head;
    for (; mp != nullptr; mp = mp->b_cont)
    {
        mblk_t* n = each(mp);
        if (n == nullptr)
        {
            freemsg(head);
            return nullptr;
        }
        *tail = n;
        tail = &n->b_cont;
    }
    return head;
}

extern "C" mblk_t*
copymsg(mblk_t* mp)
{
    return MapMsg(mp, copyb);
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

extern "C" mblk_t*
dupmsg(mblk_t* mp)
{
    return MapMsg(mp, dupb);
}

extern "C" size_t
pfhooks_msg_copy(const mblk_t* mp, unsigned char* out)
{
    size_t n = 0;
    for (; mp != nullptr; mp = mp->b_cont)
    {
        if (mp->b_wptr > mp->b_rptr && mp->b_datap->db_type == M_DATA)
        {
            std::memcpy(out + n, mp->b_rptr, MBLKL(mp));
            n += MBLKL(mp);
        }
    }
    return n;
}

extern "C" mblk_t*
msgpullup(mblk_t* mp, ssize_t len)
{
    if (mp == nullptr)
    {
        return nullptr;
    }
    size_t total = msgdsize(mp);
    if (len == -1)
    {
        len = static_cast<ssize_t>(total);
    }
    if (len < 0 || static_cast<size_t>(len) > total)
    {
        return nullptr;
    }
    mblk_t* n = allocb(total, BPRI_MED);
    if (n == nullptr)
    {
        return nullptr;
    }
    // All data is copied into one block (illumos pulls up len bytes and
    // copies the rest behind them; one block holds both here).
    n->b_wptr += pfhooks_msg_copy(mp, n->b_wptr);
    n->b_datap->db_type = mp->b_datap->db_type;
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

extern "C" void
linkb(mblk_t* mp, mblk_t* bp)
{
    while (mp->b_cont != nullptr)
    {
        mp = mp->b_cont;
    }
    mp->b_cont = bp;
}

extern "C" mblk_t*
unlinkb(mblk_t* mp)
{
    mblk_t* bp = mp->b_cont;
    mp->b_cont = nullptr;
    return bp;
}

extern "C" size_t
pfhooks_msg_nblocks(const mblk_t* mp)
{
    size_t n = 0;
    for (; mp != nullptr; mp = mp->b_cont)
    {
        ++n;
    }
    return n;
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
