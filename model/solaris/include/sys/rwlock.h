/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/rwlock.h>: rwlock(9F), readers/writer locks of the simulated
 * kernel.
 */
#ifndef PFHOOKS_SOL_SYS_RWLOCK_H
#define	PFHOOKS_SOL_SYS_RWLOCK_H

#include <sys/types.h>
#include <sys/pfhooks_solaris.h>

typedef enum {
	RW_DRIVER = 2,		/* what drivers pass */
	RW_DEFAULT = 4
} krw_type_t;

typedef enum {
	RW_WRITER = PFHOOKS_RW_WRITER,
	RW_READER = PFHOOKS_RW_READER
} krw_t;

typedef pfhooks_krwlock_t krwlock_t;

#ifdef _KERNEL
#define	rw_init(rwlp, name, type, arg) \
	pfhooks_rw_init((rwlp), (name), (int)(type), (arg))
#define	rw_destroy(rwlp)	pfhooks_rw_destroy(rwlp)
#define	rw_enter(rwlp, rw)	pfhooks_rw_enter((rwlp), (int)(rw))
#define	rw_tryenter(rwlp, rw)	pfhooks_rw_tryenter((rwlp), (int)(rw))
#define	rw_exit(rwlp)		pfhooks_rw_exit(rwlp)
#define	rw_downgrade(rwlp)	pfhooks_rw_downgrade(rwlp)
#define	rw_tryupgrade(rwlp)	pfhooks_rw_tryupgrade(rwlp)
#define	rw_read_held(rwlp)	pfhooks_rw_read_held(rwlp)
#define	rw_write_held(rwlp)	pfhooks_rw_write_held(rwlp)
#define	rw_lock_held(rwlp)	(rw_read_held(rwlp) || rw_write_held(rwlp))

#define	RW_READ_HELD(x)		(rw_read_held((x)))
#define	RW_WRITE_HELD(x)	(rw_write_held((x)))
#define	RW_LOCK_HELD(x)		(rw_lock_held((x)))
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_RWLOCK_H */
