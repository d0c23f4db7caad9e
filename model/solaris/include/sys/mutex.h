/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/mutex.h>: mutex(9F) on the simulated kernel's locks.  The owner
 * is the running kernel thread; a thread that must wait sleeps while
 * simulated time goes on.
 */
#ifndef PFHOOKS_SOL_SYS_MUTEX_H
#define	PFHOOKS_SOL_SYS_MUTEX_H

#include <sys/types.h>
#include <sys/pfhooks_solaris.h>

typedef enum {
	MUTEX_ADAPTIVE = 0,
	MUTEX_SPIN = 1,
	MUTEX_DRIVER = 4,	/* what drivers pass */
	MUTEX_DEFAULT = 6
} kmutex_type_t;

typedef pfhooks_kmutex_t kmutex_t;

#ifdef _KERNEL
#define	mutex_init(mp, name, type, ibc) \
	pfhooks_mutex_init((mp), (name), (int)(type), (ibc))
#define	mutex_destroy(mp)	pfhooks_mutex_destroy(mp)
#define	mutex_enter(mp)		pfhooks_mutex_enter(mp)
#define	mutex_tryenter(mp)	pfhooks_mutex_tryenter(mp)
#define	mutex_exit(mp)		pfhooks_mutex_exit(mp)
#define	mutex_owned(mp)		pfhooks_mutex_owned(mp)

#define	MUTEX_HELD(x)		(mutex_owned(x))
#define	MUTEX_NOT_HELD(x)	(!mutex_owned(x))
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_MUTEX_H */
