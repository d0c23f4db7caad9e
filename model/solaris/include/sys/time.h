/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/time.h>: glibc's, plus illumos's time units, tick conversions and
 * gethrtime(9F) on the simulated clock.
 */
#include_next <sys/time.h>

#ifndef PFHOOKS_SOL_SYS_TIME_H
#define	PFHOOKS_SOL_SYS_TIME_H

#include <sys/types.h>	/* hrtime_t */

#define	SEC		1
#define	MILLISEC	1000
#define	MICROSEC	1000000
#define	NANOSEC		1000000000LL

#define	MSEC2NSEC(m)	((hrtime_t)(m) * (NANOSEC / MILLISEC))
#define	NSEC2MSEC(n)	((n) / (NANOSEC / MILLISEC))
#define	USEC2NSEC(m)	((hrtime_t)(m) * (NANOSEC / MICROSEC))
#define	NSEC2USEC(n)	((n) / (NANOSEC / MICROSEC))
#define	SEC2NSEC(m)	((hrtime_t)(m) * NANOSEC)
#define	NSEC2SEC(n)	((n) / NANOSEC)

#ifdef _KERNEL
#include <sys/param.h>	/* hz */
#include <sys/pfhooks_solaris.h>

/* Ticks <-> units; hz is the simulated clock's */
#define	TICK_TO_SEC(tick)	((tick) / hz)
#define	SEC_TO_TICK(sec)	((sec) * hz)
#define	TICK_TO_MSEC(tick)	((tick) * (MILLISEC / hz))
#define	MSEC_TO_TICK(msec)	((msec) / (MILLISEC / hz))
#define	MSEC_TO_TICK_ROUNDUP(msec) \
	(((msec) + (MILLISEC / hz) - 1) / (MILLISEC / hz))
#define	TICK_TO_USEC(tick)	((tick) * (MICROSEC / hz))
#define	USEC_TO_TICK(usec)	((usec) / (MICROSEC / hz))
#define	USEC_TO_TICK_ROUNDUP(usec) \
	(((usec) + (MICROSEC / hz) - 1) / (MICROSEC / hz))
#define	TICK_TO_NSEC(tick)	((hrtime_t)(tick) * (NANOSEC / hz))
#define	NSEC_TO_TICK(nsec)	((nsec) / (NANOSEC / hz))

/* Nanoseconds of simulated time: monotonic, as illumos's */
#define	gethrtime()	((hrtime_t)pfhooks_gethrtime())
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_TIME_H */
