/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/avl.h>: avl(9F), AVL trees of objects that embed an avl_node_t.
 * The calls are in the simulated kernel (PfhooksAvlTree); misuse illumos
 * catches with ASSERT or panic() panics here (doc/solaris-kernel.md).
 */
#ifndef PFHOOKS_SOL_SYS_AVL_H
#define	PFHOOKS_SOL_SYS_AVL_H

#include <sys/types.h>
#include <sys/avl_impl.h>
#include "ns3/pfhooks-kernel-lib.h"

#define	AVL_NEXT(tree, node)	avl_walk((tree), (node), AVL_AFTER)
#define	AVL_PREV(tree, node)	avl_walk((tree), (node), AVL_BEFORE)

/* Returns -1, 0 or 1 from a comparison of a and b (illumos's helpers) */
#define	AVL_CMP(a, b)	(((a) > (b)) - ((a) < (b)))
#define	AVL_PCMP(a, b)	\
	(((uintptr_t)(a) > (uintptr_t)(b)) - ((uintptr_t)(a) < (uintptr_t)(b)))

#endif	/* PFHOOKS_SOL_SYS_AVL_H */
