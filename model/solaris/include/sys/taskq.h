/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/taskq.h>: task queues.  A dispatched task runs on a kernel thread
 * of its queue (it may sleep) at the current simulated time, after the
 * dispatching code returns; at most nthreads run at once.
 */
#ifndef PFHOOKS_SOL_SYS_TASKQ_H
#define	PFHOOKS_SOL_SYS_TASKQ_H

#include <sys/types.h>
#include <sys/pfhooks_solaris.h>
#include "ns3/pfhooks-kernel-lib.h"

#define	TASKQID_INVALID	((taskqid_t)0)

/* taskq_create flags (accepted; nothing changes here) */
#define	TASKQ_PREPOPULATE	0x0001
#define	TASKQ_CPR_SAFE		0x0002
#define	TASKQ_DYNAMIC		0x0004
#define	TASKQ_THREADS_CPU_PCT	0x0008
#define	TASKQ_DC_BATCH		0x0010

/* taskq_dispatch flags */
#define	TQ_SLEEP	0x00
#define	TQ_NOSLEEP	0x01
#define	TQ_NOQUEUE	0x02
#define	TQ_NOALLOC	0x04
#define	TQ_FRONT	0x08

#ifdef _KERNEL
#define	taskq_create(name, nthreads, pri, minalloc, maxalloc, flags) \
	pfhooks_taskq_create(PFHOOKS_SITE, (name), (nthreads))
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_TASKQ_H */
