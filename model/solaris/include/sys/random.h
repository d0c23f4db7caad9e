/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/random.h>: glibc's (getrandom), plus the kernel's
 * random_get_bytes(9F) family.  All of them draw from the calling
 * module's own ns-3 random stream, so runs are reproducible.
 */
#include_next <sys/random.h>

#ifndef PFHOOKS_SOL_SYS_RANDOM_H
#define	PFHOOKS_SOL_SYS_RANDOM_H

#include <sys/types.h>
#include <sys/atomic.h>
#include <sys/pfhooks_solaris.h>

#ifdef _KERNEL
#define	random_get_pseudo_bytes(ptr, len) \
	pfhooks_random_get_pseudo_bytes(PFHOOKS_SITE, (ptr), (len))
#define	random_get_bytes(ptr, len) \
	pfhooks_random_get_pseudo_bytes(PFHOOKS_SITE, (ptr), (len))
#define	random_get_blocking_bytes(ptr, len) \
	pfhooks_random_get_pseudo_bytes(PFHOOKS_SITE, (ptr), (len))
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_RANDOM_H */
