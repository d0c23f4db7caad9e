/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/condvar.h>: condition variables (condvar(9F)) on the simulated
 * kernel's threads: cv_wait sleeps the calling kernel thread while the
 * simulation goes on; waiting in a packet hook panics, as in interrupt
 * context.
 */
#ifndef PFHOOKS_SOL_SYS_CONDVAR_H
#define	PFHOOKS_SOL_SYS_CONDVAR_H

#include <sys/types.h>
#include <sys/time.h>
#include <sys/mutex.h>
#include "ns3/pfhooks-kernel-lib.h"

typedef pfhooks_kcondvar_t kcondvar_t;

typedef enum {
	CV_DEFAULT,
	CV_DRIVER
} kcv_type_t;

/* cv_reltimedwait's resolutions */
typedef enum {
	TR_NANOSEC,
	TR_MICROSEC,
	TR_MILLISEC,
	TR_SEC,
	TR_CLOCK_TICK,
	TR_COUNT
} time_res_t;

#endif	/* PFHOOKS_SOL_SYS_CONDVAR_H */
