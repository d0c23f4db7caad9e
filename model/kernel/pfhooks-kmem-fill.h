/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The deadbeef fill of freed message blocks (kmem_flags' deadbeef, as
 * illumos's kmem fills a freed buffer and checks it when it hands the
 * buffer out again), for pfhooks-mblk.cc: written and checked 32 bytes at
 * a time.  Not part of the C face.
 */
#ifndef PFHOOKS_KMEM_FILL_H
#define PFHOOKS_KMEM_FILL_H

#include <cstddef>

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
 * PfhooksFillIntact() of a kept pair fused with the copy of the bytes it is
 * taken back for (one pass over the data: each vector is checked, then
 * overwritten): the whole fill is checked, as PfhooksFillIntact() does.
 * \param mp the message block
 * \param db the data block
 * \param n the bytes of db filled (at least sizeof(dblk_t) + len)
 * \param src the bytes to write at the start of db's buffer (db + 1)
 * \param len their number
 * \return true when the fill was intact (the bytes are written either way)
 */
bool PfhooksFillIntactCopy(const void* mp, void* db, size_t n, const void* src, size_t len)
    __attribute__((visibility("hidden")));

/**
 * \ingroup pfhooks
 * The accept path's comparison and the kept pair's fill in one call: when
 * the len bytes at data are src's, PfhooksFill(mp, db, n).
 * \param mp the message block
 * \param db the data block
 * \param n the bytes of db to fill
 * \param data the message's bytes (in db's buffer)
 * \param src the bytes to compare them with
 * \param len their number
 * \return true when they are equal (then filled); false: nothing written
 */
bool PfhooksFillIfSame(void* mp, void* db, size_t n, const void* data, const void* src, size_t len)
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

} // namespace ns3

#endif /* PFHOOKS_KMEM_FILL_H */
