/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/stream.h>: STREAMS messages (mblk_t, dblk_t, MBLKL, ...) from
 * pfhooks-mblk.h.  The calls that make messages (allocb, copyb, copymsg,
 * dupb, dupmsg, msgpullup) are charged to the calling module with file
 * and line; freeing and inspecting ones are the plain functions.
 */
#ifndef PFHOOKS_SOL_SYS_STREAM_H
#define	PFHOOKS_SOL_SYS_STREAM_H

#include <sys/types.h>
#include <sys/pfhooks_solaris.h>
#include "ns3/pfhooks-mblk.h"

typedef struct queue queue_t;

/* The data block behind a message block */
#define	DB_BASE(mp)	((mp)->b_datap->db_base)
#define	DB_LIM(mp)	((mp)->b_datap->db_lim)
#define	DB_REF(mp)	((mp)->b_datap->db_ref)
#define	DB_TYPE(mp)	((mp)->b_datap->db_type)
#define	DB_FLAGS(mp)	((mp)->b_datap->db_flags)

/* Bytes before b_rptr; is [off, off + len) inside the block's data */
#define	MBLKHEAD(mp)	((mp)->b_rptr - (mp)->b_datap->db_base)
#define	MBLKIN(mp, off, len) \
	((off) <= MBLKL(mp) && ((mp)->b_rptr + (off) + (len)) <= (mp)->b_wptr)

#ifdef _KERNEL
#define	allocb(size, pri)	pfhooks_allocb((size), (pri), PFHOOKS_SITE)
#define	copyb(mp)		pfhooks_copyb((mp), PFHOOKS_SITE)
#define	copymsg(mp)		pfhooks_copymsg((mp), PFHOOKS_SITE)
#define	dupb(mp)		pfhooks_dupb((mp), PFHOOKS_SITE)
#define	dupmsg(mp)		pfhooks_dupmsg((mp), PFHOOKS_SITE)
#define	msgpullup(mp, len)	pfhooks_msgpullup((mp), (len), PFHOOKS_SITE)
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_STREAM_H */
