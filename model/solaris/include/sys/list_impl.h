/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/list_impl.h>: the layouts of list(9F)'s list_t and list_node_t,
 * as illumos's: a circular doubly linked list through a node embedded in
 * each object, at the offset list_create was given.
 */
#ifndef PFHOOKS_SOL_SYS_LIST_IMPL_H
#define	PFHOOKS_SOL_SYS_LIST_IMPL_H

#include <sys/types.h>

struct list_node {
	struct list_node *list_next;
	struct list_node *list_prev;
};

struct list {
	size_t	list_size;
	size_t	list_offset;
	struct list_node list_head;
};

#endif	/* PFHOOKS_SOL_SYS_LIST_IMPL_H */
