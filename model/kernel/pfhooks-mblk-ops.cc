/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The STREAMS message functions made of allocb(), dupb() and freemsg():
 * copies, pull-ups, links and sizes.  They never touch a block's
 * debugging state themselves (pfhooks-mblk.cc keeps it).
 */
#include "pfhooks-mblk.h"

#include <cstring>

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
