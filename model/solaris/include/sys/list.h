/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/list.h>: list(9F), generic doubly linked lists of objects that
 * embed a list_node_t.  Static inline functions (no kernel symbol
 * needed); misuse that illumos's DEBUG kernel catches (inserting a linked
 * node, removing an unlinked one, destroying a list that is not empty)
 * fails an ASSERT here, which is always on.
 */
#ifndef PFHOOKS_SOL_SYS_LIST_H
#define	PFHOOKS_SOL_SYS_LIST_H

#include <sys/types.h>
#include <sys/debug.h>
#include <sys/list_impl.h>

typedef struct list_node list_node_t;
typedef struct list list_t;

#define	_PFH_LIST_D2L(a, obj)	((list_node_t *)(((char *)(obj)) + \
	(a)->list_offset))
#define	_PFH_LIST_L2D(a, node)	((void *)(((char *)(node)) - \
	(a)->list_offset))
#define	_PFH_LIST_OBJ(a, node)	((node) == &(a)->list_head ? NULL : \
	_PFH_LIST_L2D(a, node))

static inline void
list_create(list_t *list, size_t size, size_t offset)
{
	ASSERT(size > 0);
	ASSERT(size >= offset + sizeof (list_node_t));
	list->list_size = size;
	list->list_offset = offset;
	list->list_head.list_next = list->list_head.list_prev =
	    &list->list_head;
}

static inline void
list_destroy(list_t *list)
{
	ASSERT(list->list_head.list_next == &list->list_head);
	list->list_head.list_next = list->list_head.list_prev = NULL;
}

static inline void
list_link_init(list_node_t *node)
{
	node->list_next = node->list_prev = NULL;
}

static inline int
list_link_active(list_node_t *node)
{
	return (node->list_next != NULL);
}

static inline int
list_is_empty(list_t *list)
{
	return (list->list_head.list_next == &list->list_head);
}

/* Links node in after prev */
static inline void
_pfh_list_link(list_node_t *prev, list_node_t *node)
{
	ASSERT(!list_link_active(node));
	node->list_prev = prev;
	node->list_next = prev->list_next;
	prev->list_next->list_prev = node;
	prev->list_next = node;
}

static inline void
_pfh_list_unlink(list_node_t *node)
{
	ASSERT(list_link_active(node));
	node->list_prev->list_next = node->list_next;
	node->list_next->list_prev = node->list_prev;
	node->list_next = node->list_prev = NULL;
}

/* object NULL: at the head (after) or the tail (before), as illumos */
static inline void
list_insert_after(list_t *list, void *object, void *nobject)
{
	_pfh_list_link(object == NULL ? &list->list_head :
	    _PFH_LIST_D2L(list, object), _PFH_LIST_D2L(list, nobject));
}

static inline void
list_insert_before(list_t *list, void *object, void *nobject)
{
	_pfh_list_link(object == NULL ? list->list_head.list_prev :
	    _PFH_LIST_D2L(list, object)->list_prev,
	    _PFH_LIST_D2L(list, nobject));
}

static inline void
list_insert_head(list_t *list, void *object)
{
	_pfh_list_link(&list->list_head, _PFH_LIST_D2L(list, object));
}

static inline void
list_insert_tail(list_t *list, void *object)
{
	_pfh_list_link(list->list_head.list_prev, _PFH_LIST_D2L(list, object));
}

static inline void
list_remove(list_t *list, void *object)
{
	_pfh_list_unlink(_PFH_LIST_D2L(list, object));
}

static inline void *
list_head(list_t *list)
{
	return (_PFH_LIST_OBJ(list, list->list_head.list_next));
}

static inline void *
list_tail(list_t *list)
{
	return (_PFH_LIST_OBJ(list, list->list_head.list_prev));
}

static inline void *
list_next(list_t *list, void *object)
{
	return (_PFH_LIST_OBJ(list, _PFH_LIST_D2L(list, object)->list_next));
}

static inline void *
list_prev(list_t *list, void *object)
{
	return (_PFH_LIST_OBJ(list, _PFH_LIST_D2L(list, object)->list_prev));
}

static inline void *
list_remove_head(list_t *list)
{
	void *obj = list_head(list);

	if (obj != NULL)
		list_remove(list, obj);
	return (obj);
}

static inline void *
list_remove_tail(list_t *list)
{
	void *obj = list_tail(list);

	if (obj != NULL)
		list_remove(list, obj);
	return (obj);
}

/* Appends src's objects to dst, leaving src empty */
static inline void
list_move_tail(list_t *dst, list_t *src)
{
	list_node_t *dh = &dst->list_head;
	list_node_t *sh = &src->list_head;

	ASSERT(dst->list_size == src->list_size);
	ASSERT(dst->list_offset == src->list_offset);
	if (list_is_empty(src))
		return;
	dh->list_prev->list_next = sh->list_next;
	sh->list_next->list_prev = dh->list_prev;
	dh->list_prev = sh->list_prev;
	sh->list_prev->list_next = dh;
	sh->list_next = sh->list_prev = sh;
}

/* lold's place in its list goes to lnew */
static inline void
list_link_replace(list_node_t *lold, list_node_t *lnew)
{
	ASSERT(list_link_active(lold));
	ASSERT(!list_link_active(lnew));
	lnew->list_next = lold->list_next;
	lnew->list_prev = lold->list_prev;
	lold->list_prev->list_next = lnew;
	lold->list_next->list_prev = lnew;
	lold->list_next = lold->list_prev = NULL;
}

#endif	/* PFHOOKS_SOL_SYS_LIST_H */
