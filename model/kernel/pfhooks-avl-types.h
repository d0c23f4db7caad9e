/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * avl(9F): the layouts modules and the simulated kernel share, as
 * illumos's sys/avl_impl.h on LP64: a node embedded in each object (two
 * children and one word packing the parent pointer, the node's index in
 * its parent and its balance + 1), and the tree's header.  Plain C;
 * <sys/avl_impl.h> includes it, the functions are in pfhooks-kernel-lib.h.
 */
#ifndef PFHOOKS_AVL_TYPES_H
#define PFHOOKS_AVL_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C"
{
#endif

    /** A node embedded in each object of a tree (avl_node_t). */
    struct avl_node
    {
        struct avl_node* avl_child[2]; /**< less than, greater than */
        uintptr_t avl_pcb;             /**< parent | child index << 2 | balance + 1 */
    };

    /** An AVL tree (avl_tree_t): illumos's field order and sizes. */
    struct avl_tree
    {
        struct avl_node* avl_root;                   /**< NULL when empty */
        int (*avl_compar)(const void*, const void*); /**< -1, 0 or 1 */
        size_t avl_offset;                           /**< the node's offset in an object */
        unsigned long avl_numnodes;                  /**< objects in the tree */
        size_t avl_size;                             /**< an object's size */
    };

    typedef struct avl_node avl_node_t; /**< avl(9F) */
    typedef struct avl_tree avl_tree_t; /**< avl(9F) */
    /** Where avl_find says an absent object goes: node | child index. */
    typedef uintptr_t avl_index_t;

#define AVL_BEFORE 0 /**< avl_nearest/avl_insert_here: the smaller side */
#define AVL_AFTER 1  /**< the greater side */

#ifdef __cplusplus
}
#endif

#endif /* PFHOOKS_AVL_TYPES_H */
