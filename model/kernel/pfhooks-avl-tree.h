/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_AVL_TREE_H
#define PFHOOKS_AVL_TREE_H

#include "pfhooks-avl-types.h"

namespace ns3
{

/**
 * \ingroup pfhooks
 * avl(9F), the engine behind the C face (illumos common/avl/avl.c):
 * height-balanced binary trees of objects that embed an avl_node_t, on
 * illumos's layouts, so that a module's macros over them (AVL_XPARENT,
 * AVL_NODE2DATA, ...) still work.  Misuse illumos catches with ASSERT,
 * panic() or not at all panics here, naming the call: a comparator that
 * answers other than -1/0/1, avl_add of an object equal to one in the
 * tree, avl_insert where avl_find did not point, avl_remove of an object
 * not in the tree, avl_destroy of a tree not empty.  Every call takes the
 * module's return address (@p caller) only to name the module in a panic.
 */
class PfhooksAvlTree
{
  public:
    /** avl_create: an empty tree of objects of @p size with the node at @p offset. */
    static void Create(avl_tree_t* tree,
                       int (*compar)(const void*, const void*),
                       size_t size,
                       size_t offset,
                       const void* caller);
    /** avl_find: the object equal to @p value, or null and where it would go. */
    static void* Find(avl_tree_t* tree, const void* value, avl_index_t* where, const void* caller);
    /** avl_insert: links @p data at @p where (from avl_find), and rebalances. */
    static void Insert(avl_tree_t* tree, void* data, avl_index_t where, const void* caller);
    /** avl_insert_here: links @p data next to @p here, on side @p direction. */
    static void InsertHere(avl_tree_t* tree,
                           void* data,
                           void* here,
                           int direction,
                           const void* caller);
    /** avl_add: find and insert; panics when an equal object is there. */
    static void Add(avl_tree_t* tree, void* data, const void* caller);
    /** avl_remove: unlinks @p data, and rebalances. */
    static void Remove(avl_tree_t* tree, void* data, const void* caller);
    /** avl_first (@p direction AVL_BEFORE) / avl_last (AVL_AFTER); null when empty. */
    static void* End(const avl_tree_t* tree, int direction);
    /** avl_walk (AVL_NEXT/AVL_PREV): the neighbour of @p data on side @p direction. */
    static void* Walk(const avl_tree_t* tree, void* data, int direction);
    /** avl_nearest: the object before or after where an absent one would go. */
    static void* Nearest(const avl_tree_t* tree, avl_index_t where, int direction);
    /**
     * avl_update_lt / avl_update_gt: moves @p data if it sorts before its
     * predecessor (@p direction AVL_BEFORE) or after its successor.
     * \return true when it moved
     */
    static bool Update(avl_tree_t* tree, void* data, int direction, const void* caller);
    /** avl_swap: exchanges two trees of the same kind of object. */
    static void Swap(avl_tree_t* a, avl_tree_t* b, const void* caller);
    /**
     * avl_destroy_nodes: unlinks one object without rebalancing, so that
     * a tree can be emptied in linear time; @p cookie (null at first)
     * keeps where to go on.  Null when empty, the tree then reset.
     */
    static void* DestroyNodes(avl_tree_t* tree, void** cookie);
    /** avl_destroy: panics for a tree not empty. */
    static void Destroy(avl_tree_t* tree, const void* caller);
};

} // namespace ns3

#endif /* PFHOOKS_AVL_TREE_H */
