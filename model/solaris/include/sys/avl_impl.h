/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/avl_impl.h>: avl(9F)'s layouts (pfhooks-avl-types.h, illumos's on
 * LP64) and the macros over them that some modules use.
 */
#ifndef PFHOOKS_SOL_SYS_AVL_IMPL_H
#define	PFHOOKS_SOL_SYS_AVL_IMPL_H

#include <sys/types.h>
#include "ns3/pfhooks-avl-types.h"

#define	AVL_XPARENT(n)	((struct avl_node *)((n)->avl_pcb & ~7))
#define	AVL_XCHILD(n)	(((n)->avl_pcb >> 2) & 1)
#define	AVL_XBALANCE(n)	((int)(((n)->avl_pcb & 3) - 1))

#define	AVL_NODE2DATA(n, o)	((void *)((uintptr_t)(n) - (o)))
#define	AVL_DATA2NODE(d, o)	((struct avl_node *)((uintptr_t)(d) + (o)))

#define	AVL_INDEX2NODE(x)	((avl_node_t *)((x) & ~1))
#define	AVL_INDEX2CHILD(x)	((x) & 1)
#define	AVL_MKINDEX(n, c)	((avl_index_t)(n) | (c))

#endif	/* PFHOOKS_SOL_SYS_AVL_IMPL_H */
