/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/param.h>: glibc's, plus the illumos kernel's clock rate (hz) and
 * name and page sizes.
 */
#include_next <sys/param.h>

#ifndef PFHOOKS_SOL_SYS_PARAM_H
#define	PFHOOKS_SOL_SYS_PARAM_H

#include <sys/types.h>

#ifndef MAXNAMELEN
#define	MAXNAMELEN	256	/* a file name component, NUL included */
#endif
#ifndef MAXLINKNAMELEN
#define	MAXLINKNAMELEN	32	/* a datalink name, NUL included */
#endif

/* x86-64 pages */
#ifndef PAGESIZE
#define	PAGESIZE	4096
#endif
#ifndef PAGESHIFT
#define	PAGESHIFT	12
#endif
#ifndef PAGEOFFSET
#define	PAGEOFFSET	(PAGESIZE - 1)
#endif
#ifndef PAGEMASK
#define	PAGEMASK	(~PAGEOFFSET)
#endif

#ifdef _KERNEL
#include <sys/pfhooks_solaris.h>

/* Clock ticks per second: illumos's variable, here the simulated clock's */
#define	hz	(pfhooks_hz())
#endif

#endif	/* PFHOOKS_SOL_SYS_PARAM_H */
