/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/strsun.h>: Sun's STREAMS conveniences: the message-block size
 * macros (MBLKL, MBLKSIZE, MBLKTAIL, MBLKHEAD, MBLKIN), DB_* and the
 * message-level sizes.
 */
#ifndef PFHOOKS_SOL_SYS_STRSUN_H
#define	PFHOOKS_SOL_SYS_STRSUN_H

#include <sys/types.h>
#include <sys/stream.h>

/* Bytes of data in every block of a message */
#define	msgdsize(mp)	pfhooks_msgdsize(mp)

static inline size_t
pfhooks_msgdsize(const mblk_t *mp)
{
	size_t n = 0;

	for (; mp != NULL; mp = mp->b_cont) {
		if (DB_TYPE(mp) == M_DATA)
			n += MBLKL(mp);
	}
	return (n);
}

#endif	/* PFHOOKS_SOL_SYS_STRSUN_H */
