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

/*
 * Object caches: every object is a kmem buffer charged to the module at
 * the kmem_cache_alloc site; the constructor runs at each allocation, the
 * destructor at each free.
 */
#include "ns3/pfhooks-kernel-lib.h"

/* kmem_cache_create cflags (accepted; nothing changes here) */
#define	KMC_NOTOUCH	0x00010000
#define	KMC_NODEBUG	0x00020000
#define	KMC_NOMAGAZINE	0x00040000
#define	KMC_NOHASH	0x00080000
#define	KMC_QCACHE	0x00100000
#define	KMC_KMEM_ALLOC	0x00200000
#define	KMC_IDENTIFIER	0x00400000
#define	KMC_PREFILL	0x00800000

#ifdef _KERNEL
#define	kmem_cache_create(name, bufsize, align, ctor, dtor, reclaim, priv, \
	    vmp, cflags) \
	pfhooks_kmem_cache_create(PFHOOKS_SITE, (name), (bufsize), (align), \
	    (ctor), (dtor), (reclaim), (priv), (vmp), (cflags))
#define	kmem_cache_alloc(cp, kmflags) \
	pfhooks_kmem_cache_alloc((cp), (kmflags), PFHOOKS_SITE)
#define	kmem_cache_free(cp, buf) \
	pfhooks_kmem_cache_free((cp), (buf), PFHOOKS_SITE)
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_KMEM_H */
