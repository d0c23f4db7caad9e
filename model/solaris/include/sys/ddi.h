/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/ddi.h>: what DDI-conforming drivers use: min/max, the clock
 * conversions and delay(9F), on the simulated clock.
 */
#ifndef PFHOOKS_SOL_SYS_DDI_H
#define	PFHOOKS_SOL_SYS_DDI_H

#include <sys/types.h>
#include <sys/param.h>
#include <sys/stream.h>
#include <sys/pfhooks_solaris.h>

/* Macros, so that drivers do not get a function's signed-only compare */
#undef	min
#define	min(a, b)	((a) < (b) ? (a) : (b))
#undef	max
#define	max(a, b)	((a) < (b) ? (b) : (a))

/* dev_t: major in the high 32 bits, minor in the low 32, as illumos's LP64 */
#define	NBITSMAJOR64	32
#define	NBITSMINOR64	32
#define	MAXMAJ64	0xffffffffUL
#define	MAXMIN64	0xffffffffUL
#define	getmajor(dev)	((major_t)(((dev) >> NBITSMINOR64) & MAXMAJ64))
#define	getminor(dev)	((minor_t)((dev) & MAXMIN64))
#define	makedevice(maj, min) \
	((dev_t)(((dev_t)(maj) << NBITSMINOR64) | ((min) & MAXMIN64)))

#ifdef _KERNEL
#define	drv_usectohz(usec)	pfhooks_drv_usectohz(usec)
#define	drv_hztousec(ticks)	pfhooks_drv_hztousec(ticks)
/* Sleeps the calling kernel thread while the simulation goes on */
#define	delay(ticks)		pfhooks_delay(ticks)
/* Holds a kernel thread (a hook that may sleep) that long; else no time */
#define	drv_usecwait(usec)	pfhooks_drv_usecwait(usec)
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_DDI_H */
