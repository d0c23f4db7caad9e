/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/sysmacros.h>: glibc's (major, minor, makedev), then illumos's
 * arithmetic macros (MIN, MAX, howmany, roundup, P2*, ...).
 */
#include_next <sys/sysmacros.h>

#ifndef PFHOOKS_SOL_SYS_SYSMACROS_H
#define	PFHOOKS_SOL_SYS_SYSMACROS_H

#include <sys/param.h>

#ifndef MIN
#define	MIN(a, b)	((a) < (b) ? (a) : (b))
#endif
#ifndef MAX
#define	MAX(a, b)	((a) < (b) ? (b) : (a))
#endif
#ifndef ABS
#define	ABS(a)		((a) < 0 ? -(a) : (a))
#endif
#ifndef SIGNOF
#define	SIGNOF(a)	((a) < 0 ? -1 : (a) > 0)
#endif
#ifndef howmany
#define	howmany(x, y)	(((x) + ((y) - 1)) / (y))
#endif
#ifndef roundup
#define	roundup(x, y)	((((x) + ((y) - 1)) / (y)) * (y))
#endif
#ifndef NBBY
#define	NBBY		8
#endif
#define	ARRAY_SIZE(x)	(sizeof (x) / sizeof (x[0]))

/* Powers of two */
#define	ISP2(x)			(((x) & ((x) - 1)) == 0)
#define	IS_P2ALIGNED(v, a)	((((uintptr_t)(v)) & ((uintptr_t)(a) - 1)) == 0)
#define	P2ALIGN(x, align)	((x) & -(align))
#define	P2PHASE(x, align)	((x) & ((align) - 1))
#define	P2NPHASE(x, align)	(-(x) & ((align) - 1))
#define	P2ROUNDUP(x, align)	(-(-(x) & -(align)))
#define	P2END(x, align)		(-(~(x) & -(align)))
#define	P2SAMEHIGHBIT(x, y)	(((x) ^ (y)) < ((x) & (y)))

#endif	/* PFHOOKS_SOL_SYS_SYSMACROS_H */
