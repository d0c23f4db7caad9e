/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/systm.h>: the kernel's C library (string and memory functions,
 * glibc's), timeout(9F)/untimeout(9F) on the simulated clock, and the
 * headers illumos drivers get with it.
 */
#ifndef PFHOOKS_SOL_SYS_SYSTM_H
#define	PFHOOKS_SOL_SYS_SYSTM_H

#include <sys/types.h>
#include <sys/param.h>
#include <string.h>	/* strcpy, strcmp, strlen, memcpy, ... */
#include <strings.h>	/* bcopy, bzero, bcmp */
#include <sys/cmn_err.h>
#include <sys/debug.h>
#include <sys/pfhooks_solaris.h>

/* bcopy() for overlapping buffers */
#define	ovbcopy(from, to, count) \
	((void) memmove((to), (from), (count)))

#if !defined(__GLIBC_PREREQ) || !__GLIBC_PREREQ(2, 38)
/* glibc has no strlcpy/strlcat before 2.38; illumos kernels have them */
static inline size_t
strlcpy(char *dst, const char *src, size_t dstsize)
{
	size_t len = strlen(src);

	if (dstsize != 0) {
		size_t n = len < dstsize - 1 ? len : dstsize - 1;
		(void) memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return (len);
}

static inline size_t
strlcat(char *dst, const char *src, size_t dstsize)
{
	size_t dl = 0;

	while (dl < dstsize && dst[dl] != '\0')
		dl++;

	if (dl == dstsize)
		return (dl + strlen(src));
	return (dl + strlcpy(dst + dl, src, dstsize - dl));
}
#endif

#ifdef _KERNEL
/*
 * The callout runs on a kernel thread of its own, which may sleep;
 * untimeout() returns the ticks that were left, or -1.
 */
#define	timeout(func, arg, ticks) \
	pfhooks_timeout(PFHOOKS_SITE, (func), (arg), (ticks))
#define	untimeout(id)	pfhooks_untimeout(id)
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_SYSTM_H */
