/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-mblk.h"

#include <cstdlib>
#include <cstring>

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
static dblk_t* g_dblkPool[kPoolMax];
static size_t g_dblkPoolN = 0;
static mblk_t* g_mblkPool[kPoolMax];
static size_t g_mblkPoolN = 0;

static dblk_t*
DblkAlloc(size_t size)
{
    // One allocation holds the data block header and its bytes.  The bytes
    // are not zeroed (allocb(9F) does not promise that); the header is.
    dblk_t* db;
    if (size <= kPooledBytes && g_dblkPoolN > 0)
    {
        db = g_dblkPool[--g_dblkPoolN];
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
DblkFree(dblk_t* db)
{
    --g_dblkLive;
    // The size class is known from the buffer the block was made with.
    bool pooled = static_cast<size_t>(db->db_lim - db->db_base) <= kPooledBytes;
    if (pooled && g_dblkPoolN < kPoolMax)
    {
        g_dblkPool[g_dblkPoolN++] = db;
        return;
    }
    std::free(db);
}

static mblk_t*
MblkAlloc(dblk_t* db)
{
    mblk_t* mp;
    if (g_mblkPoolN > 0)
    {
        mp = g_mblkPool[--g_mblkPoolN];
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
MblkFree(mblk_t* mp)
{
    --g_mblkLive;
    if (g_mblkPoolN < kPoolMax)
    {
        g_mblkPool[g_mblkPoolN++] = mp;
        return;
    }
    std::free(mp);
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
        DblkFree(db);
    }
    return mp;
}

extern "C" void
freeb(mblk_t* mp)
{
    if (mp == nullptr)
    {
        return;
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
        DblkFree(db);
    }
    MblkFree(mp);
}

extern "C" void
freemsg(mblk_t* mp)
{
    while (mp != nullptr)
    {
        mblk_t* next = mp->b_cont;
        freeb(mp);
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
        DblkFree(old);
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
