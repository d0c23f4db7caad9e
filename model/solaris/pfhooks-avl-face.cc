/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * avl(9F) of pfhooks-kernel-lib.h: thin calls into PfhooksAvlTree, each
 * passing its caller's address so that a panic names the module.
 */
#include "pfhooks-kernel-lib.h"

#include "ns3/pfhooks-avl-tree.h"

using namespace ns3;

#define PFHOOKS_CALLER __builtin_return_address(0)

extern "C" void
avl_create(avl_tree_t* tree, int (*compar)(const void*, const void*), size_t size, size_t offset)
{
    PfhooksAvlTree::Create(tree, compar, size, offset, PFHOOKS_CALLER);
}

extern "C" void*
avl_find(avl_tree_t* tree, const void* value, avl_index_t* where)
{
    return PfhooksAvlTree::Find(tree, value, where, PFHOOKS_CALLER);
}

extern "C" void
avl_insert(avl_tree_t* tree, void* new_data, avl_index_t where)
{
    PfhooksAvlTree::Insert(tree, new_data, where, PFHOOKS_CALLER);
}

extern "C" void
avl_insert_here(avl_tree_t* tree, void* new_data, void* here, int direction)
{
    PfhooksAvlTree::InsertHere(tree, new_data, here, direction, PFHOOKS_CALLER);
}

extern "C" void*
avl_first(avl_tree_t* tree)
{
    return PfhooksAvlTree::End(tree, AVL_BEFORE);
}

extern "C" void*
avl_last(avl_tree_t* tree)
{
    return PfhooksAvlTree::End(tree, AVL_AFTER);
}

extern "C" void*
avl_walk(avl_tree_t* tree, void* data, int direction)
{
    return PfhooksAvlTree::Walk(tree, data, direction);
}

extern "C" void*
avl_nearest(avl_tree_t* tree, avl_index_t where, int direction)
{
    return PfhooksAvlTree::Nearest(tree, where, direction);
}

extern "C" void
avl_add(avl_tree_t* tree, void* node)
{
    PfhooksAvlTree::Add(tree, node, PFHOOKS_CALLER);
}

extern "C" void
avl_remove(avl_tree_t* tree, void* node)
{
    PfhooksAvlTree::Remove(tree, node, PFHOOKS_CALLER);
}

extern "C" int
avl_update_lt(avl_tree_t* tree, void* node)
{
    return PfhooksAvlTree::Update(tree, node, AVL_BEFORE, PFHOOKS_CALLER) ? 1 : 0;
}

extern "C" int
avl_update_gt(avl_tree_t* tree, void* node)
{
    return PfhooksAvlTree::Update(tree, node, AVL_AFTER, PFHOOKS_CALLER) ? 1 : 0;
}

extern "C" int
avl_update(avl_tree_t* tree, void* node)
{
    const void* caller = PFHOOKS_CALLER;
    return PfhooksAvlTree::Update(tree, node, AVL_BEFORE, caller) ||
                   PfhooksAvlTree::Update(tree, node, AVL_AFTER, caller)
               ? 1
               : 0;
}

extern "C" void
avl_swap(avl_tree_t* tree1, avl_tree_t* tree2)
{
    PfhooksAvlTree::Swap(tree1, tree2, PFHOOKS_CALLER);
}

extern "C" unsigned long
avl_numnodes(avl_tree_t* tree)
{
    return tree->avl_numnodes;
}

extern "C" int
avl_is_empty(avl_tree_t* tree)
{
    return tree->avl_numnodes == 0 ? 1 : 0;
}

extern "C" void*
avl_destroy_nodes(avl_tree_t* tree, void** cookie)
{
    return PfhooksAvlTree::DestroyNodes(tree, cookie);
}

extern "C" void
avl_destroy(avl_tree_t* tree)
{
    PfhooksAvlTree::Destroy(tree, PFHOOKS_CALLER);
}
