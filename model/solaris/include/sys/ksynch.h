/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/ksynch.h>: the DDI's synchronization primitives: mutexes and
 * readers/writer locks, condition variables.  (Semaphores are not
 * provided by the simulated kernel.)
 */
#ifndef PFHOOKS_SOL_SYS_KSYNCH_H
#define	PFHOOKS_SOL_SYS_KSYNCH_H

#include <sys/param.h>
#include <sys/mutex.h>
#include <sys/rwlock.h>
#include <sys/condvar.h>

#endif	/* PFHOOKS_SOL_SYS_KSYNCH_H */
