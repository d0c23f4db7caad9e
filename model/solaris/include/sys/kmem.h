/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/kmem.h>: kmem_alloc(9F), kmem_zalloc, kmem_free.  Every allocation
 * is charged to the calling module with its file and line; kmem_free()
 * must be given the size that was allocated.
 */
#ifndef PFHOOKS_SOL_SYS_KMEM_H
#define	PFHOOKS_SOL_SYS_KMEM_H

#include <sys/types.h>
#include <sys/pfhooks_solaris.h>

#define	KM_SLEEP	PFHOOKS_KM_SLEEP	/* may block; never fails */
#define	KM_NOSLEEP	PFHOOKS_KM_NOSLEEP	/* may fail (NULL) */
#define	KM_PANIC	0x0002
#define	KM_PUSHPAGE	0x0004
#define	KM_NORMALPRI	0x0008
#define	KM_VMFLAGS	0x00ff
#define	KM_FLAGS	0xffff

#ifdef _KERNEL
#define	kmem_alloc(size, flags) \
	pfhooks_kmem_alloc((size), (flags), 0, PFHOOKS_SITE)
#define	kmem_zalloc(size, flags) \
	pfhooks_kmem_alloc((size), (flags), 1, PFHOOKS_SITE)
#define	kmem_free(buf, size) \
	pfhooks_kmem_free((buf), (size), PFHOOKS_SITE)
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_KMEM_H */
