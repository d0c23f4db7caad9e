/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The stack's spare messages (pfhooks_msg_spare_t): the message of a packet
 * event kept for the next one, freed to the debugging as freemsg() would
 * free it, and the fused passes of the C accept path (compare and fill,
 * check and copy).
 */
#include "pfhooks-kmem-fill.h"
#include "pfhooks-mblk-pool.h"
#include "pfhooks-mblk.h"

#include <cstring>

using ns3::PfhooksFill;
using ns3::PfhooksFill2;
using ns3::PfhooksFillBytes;
using ns3::PfhooksFillIntact;
using ns3::PfhooksFillIntact2;
using namespace ns3::pfhooks_mblk;

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
