/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-avl-tree.h"

#include "solaris-kernel.h"

#include <string>
#include <utility>

namespace ns3
{

namespace
{
// avl_pcb on LP64: parent pointer | child index << 2 | (balance + 1).
avl_node_t*
Parent(const avl_node_t* n)
{
    return reinterpret_cast<avl_node_t*>(n->avl_pcb & ~uintptr_t(7));
}

int
ChildIndex(const avl_node_t* n)
{
    return static_cast<int>((n->avl_pcb >> 2) & 1);
}

int
Balance(const avl_node_t* n)
{
    return static_cast<int>(n->avl_pcb & 3) - 1;
}

void
SetLinks(avl_node_t* n, avl_node_t* parent, int index, int balance)
{
    n->avl_pcb =
        reinterpret_cast<uintptr_t>(parent) | (uintptr_t(index) << 2) | uintptr_t(balance + 1);
}

void
SetParent(avl_node_t* n, avl_node_t* parent, int index)
{
    SetLinks(n, parent, index, Balance(n));
}

void
SetBalance(avl_node_t* n, int balance)
{
    n->avl_pcb = (n->avl_pcb & ~uintptr_t(3)) | uintptr_t(balance + 1);
}

avl_node_t*
NodeOf(const avl_tree_t* tree, const void* data)
{
    return reinterpret_cast<avl_node_t*>(reinterpret_cast<uintptr_t>(data) + tree->avl_offset);
}

void*
DataOf(const avl_tree_t* tree, const avl_node_t* node)
{
    return reinterpret_cast<void*>(reinterpret_cast<uintptr_t>(node) - tree->avl_offset);
}

[[noreturn]] void
Fail(const void* caller, const std::string& what)
{
    SolarisKernel& k = SolarisKernel::Get();
    k.Panic(k.ModuleAt(caller), what);
}

/// Points whatever pointed at @p from (its parent or the root) at @p to.
void
Replace(avl_tree_t* tree, avl_node_t* parent, int index, avl_node_t* to)
{
    if (parent == nullptr)
    {
        tree->avl_root = to;
    }
    else
    {
        parent->avl_child[index] = to;
    }
}

int
Compare(const avl_tree_t* tree, const void* a, const void* b, const void* caller)
{
    int diff = tree->avl_compar(a, b);
    if (diff < -1 || diff > 1)
    {
        Fail(caller,
             "avl: the comparator returned " + std::to_string(diff) +
                 " (it must return -1, 0 or 1)");
    }
    return diff;
}

/**
 * Rotates the subtree at @p a, whose balance would be @p balance (-2 or
 * 2), back into balance.  \return true when the subtree got shorter (it
 * does, except when the heavy child was balanced: removal only).
 */
bool
Rotate(avl_tree_t* tree, avl_node_t* a, int balance)
{
    const int heavy = balance < 0 ? 0 : 1; // the taller side
    const int light = 1 - heavy;
    const int sign = balance < 0 ? -1 : 1;
    avl_node_t* parent = Parent(a);
    const int index = ChildIndex(a);
    avl_node_t* c = a->avl_child[heavy];
    const int cb = Balance(c);

    if (cb != -sign)
    {
        // Single rotation: c rises, its inner subtree moves under a.
        avl_node_t* inner = c->avl_child[light];
        a->avl_child[heavy] = inner;
        if (inner != nullptr)
        {
            SetParent(inner, a, heavy);
        }
        c->avl_child[light] = a;
        const bool shorter = cb != 0;
        SetLinks(a, c, light, shorter ? 0 : sign);
        SetLinks(c, parent, index, shorter ? 0 : -sign);
        Replace(tree, parent, index, c);
        return shorter;
    }
    // Double rotation: c's inner child g rises above both.
    avl_node_t* g = c->avl_child[light];
    const int gb = Balance(g);
    avl_node_t* gl = g->avl_child[light];
    avl_node_t* gh = g->avl_child[heavy];
    c->avl_child[light] = gh;
    if (gh != nullptr)
    {
        SetParent(gh, c, light);
    }
    a->avl_child[heavy] = gl;
    if (gl != nullptr)
    {
        SetParent(gl, a, heavy);
    }
    g->avl_child[heavy] = c;
    g->avl_child[light] = a;
    SetLinks(c, g, heavy, gb == -sign ? sign : 0);
    SetLinks(a, g, light, gb == sign ? -sign : 0);
    SetLinks(g, parent, index, 0);
    Replace(tree, parent, index, g);
    return true;
}
} // namespace

void
PfhooksAvlTree::Create(avl_tree_t* tree,
                       int (*compar)(const void*, const void*),
                       size_t size,
                       size_t offset,
                       const void* caller)
{
    if (tree == nullptr || compar == nullptr)
    {
        Fail(caller, "avl_create: a null tree or comparator");
    }
    if (size == 0 || size < offset + sizeof(avl_node_t))
    {
        Fail(caller,
             "avl_create: the node (offset " + std::to_string(offset) +
                 ") does not fit in an object of size " + std::to_string(size));
    }
    if (offset % sizeof(uintptr_t) != 0)
    {
        Fail(caller,
             "avl_create: the node's offset " + std::to_string(offset) + " is not pointer aligned");
    }
    tree->avl_root = nullptr;
    tree->avl_compar = compar;
    tree->avl_offset = offset;
    tree->avl_numnodes = 0;
    tree->avl_size = size;
}

void*
PfhooksAvlTree::Find(avl_tree_t* tree, const void* value, avl_index_t* where, const void* caller)
{
    avl_node_t* prev = nullptr;
    int child = 0;
    for (avl_node_t* n = tree->avl_root; n != nullptr; n = n->avl_child[child])
    {
        prev = n;
        int diff = Compare(tree, value, DataOf(tree, n), caller);
        if (diff == 0)
        {
            if (where != nullptr)
            {
                *where = 0; // illumos DEBUG: not a place to insert at
            }
            return DataOf(tree, n);
        }
        child = diff > 0 ? 1 : 0;
    }
    if (where != nullptr)
    {
        *where = reinterpret_cast<avl_index_t>(prev) | avl_index_t(child);
    }
    return nullptr;
}

void
PfhooksAvlTree::Insert(avl_tree_t* tree, void* data, avl_index_t where, const void* caller)
{
    avl_node_t* node = NodeOf(tree, data);
    auto* parent = reinterpret_cast<avl_node_t*>(where & ~avl_index_t(1));
    int which = static_cast<int>(where & 1);
    if (parent == nullptr ? tree->avl_root != nullptr : parent->avl_child[which] != nullptr)
    {
        Fail(caller, "avl_insert: the place given is taken (where did not come from avl_find)");
    }
    node->avl_child[0] = node->avl_child[1] = nullptr;
    SetLinks(node, parent, which, 0);
    ++tree->avl_numnodes;
    Replace(tree, parent, which, node);
    // Up the path, the side the new node is on grew taller by one.
    for (avl_node_t* n = parent; n != nullptr;)
    {
        int old = Balance(n);
        int now = old + (which == 1 ? 1 : -1);
        if (now == 0)
        {
            SetBalance(n, 0); // the short side caught up: height unchanged
            return;
        }
        if (old != 0)
        {
            Rotate(tree, n, now); // after an insertion it restores the height
            return;
        }
        SetBalance(n, now);
        which = ChildIndex(n);
        n = Parent(n);
    }
}

void
PfhooksAvlTree::InsertHere(avl_tree_t* tree,
                           void* data,
                           void* here,
                           int direction,
                           const void* caller)
{
    if (here == nullptr || (direction != AVL_BEFORE && direction != AVL_AFTER))
    {
        Fail(caller,
             "avl_insert_here: a null neighbour or a direction other than "
             "AVL_BEFORE/AVL_AFTER");
    }
    int diff = Compare(tree, data, here, caller);
    if (diff != (direction == AVL_AFTER ? 1 : -1))
    {
        Fail(caller,
             std::string("avl_insert_here: the object does not sort ") +
                 (direction == AVL_AFTER ? "after" : "before") + " the neighbour given");
    }
    // Next to here on that side: under here if the place is free, else at
    // the near end of here's subtree on that side.
    avl_node_t* n = NodeOf(tree, here);
    int child = direction;
    if (n->avl_child[child] != nullptr)
    {
        n = n->avl_child[child];
        child = 1 - direction;
        while (n->avl_child[child] != nullptr)
        {
            n = n->avl_child[child];
        }
    }
    Insert(tree, data, reinterpret_cast<avl_index_t>(n) | avl_index_t(child), caller);
}

void
PfhooksAvlTree::Add(avl_tree_t* tree, void* data, const void* caller)
{
    avl_index_t where = 0;
    if (Find(tree, data, &where, caller) != nullptr)
    {
        // illumos panics here even in a non-DEBUG kernel, with this text.
        Fail(caller, "avl_find() succeeded inside avl_add()");
    }
    Insert(tree, data, where, caller);
}

void
PfhooksAvlTree::Remove(avl_tree_t* tree, void* data, const void* caller)
{
    avl_node_t* node = NodeOf(tree, data);
    avl_node_t* up = Parent(node);
    if (tree->avl_root == nullptr ||
        (up == nullptr ? tree->avl_root != node : up->avl_child[ChildIndex(node)] != node))
    {
        Fail(caller, "avl_remove: the object is not in this tree");
    }
    if (node->avl_child[0] != nullptr && node->avl_child[1] != nullptr)
    {
        // Two children: the neighbour on the taller side takes node's
        // place, and node takes the neighbour's, where it has at most one.
        const int side = Balance(node) < 0 ? 0 : 1;
        avl_node_t* x = node->avl_child[side];
        while (x->avl_child[1 - side] != nullptr)
        {
            x = x->avl_child[1 - side];
        }
        avl_node_t* xParent = Parent(x);
        const int xIndex = ChildIndex(x);
        avl_node_t* xChild = x->avl_child[side];
        const int xBalance = Balance(x);

        x->avl_child[0] = node->avl_child[0];
        x->avl_child[1] = node->avl_child[1];
        x->avl_pcb = node->avl_pcb;
        Replace(tree, Parent(x), ChildIndex(x), x);
        if (x->avl_child[side] == x)
        {
            x->avl_child[side] = node; // x was node's child
        }
        for (int i = 0; i < 2; ++i)
        {
            SetParent(x->avl_child[i], x, i);
        }
        node->avl_child[1 - side] = nullptr;
        node->avl_child[side] = xChild;
        if (xChild != nullptr)
        {
            SetParent(xChild, node, side);
        }
        avl_node_t* np = xParent == node ? x : xParent;
        SetLinks(node, np, xIndex, xBalance);
        np->avl_child[xIndex] = node;
    }
    // node has at most one child now, which takes its place.
    avl_node_t* child = node->avl_child[0] != nullptr ? node->avl_child[0] : node->avl_child[1];
    avl_node_t* parent = Parent(node);
    int which = ChildIndex(node);
    if (child != nullptr)
    {
        SetParent(child, parent, which);
    }
    Replace(tree, parent, which, child);
    --tree->avl_numnodes;
    // Up the path, the side node was on got shorter by one.
    for (avl_node_t* n = parent; n != nullptr;)
    {
        int old = Balance(n);
        int now = old - (which == 1 ? 1 : -1);
        if (old == 0)
        {
            SetBalance(n, now); // one side shorter: height unchanged
            return;
        }
        avl_node_t* nParent = Parent(n);
        int nIndex = ChildIndex(n);
        if (now == 0)
        {
            SetBalance(n, 0);
        }
        else if (!Rotate(tree, n, now))
        {
            return;
        }
        which = nIndex;
        n = nParent;
    }
}

void*
PfhooksAvlTree::End(const avl_tree_t* tree, int direction)
{
    avl_node_t* n = tree->avl_root;
    if (n == nullptr)
    {
        return nullptr;
    }
    while (n->avl_child[direction] != nullptr)
    {
        n = n->avl_child[direction];
    }
    return DataOf(tree, n);
}

void*
PfhooksAvlTree::Walk(const avl_tree_t* tree, void* data, int direction)
{
    avl_node_t* n = NodeOf(tree, data);
    if (n->avl_child[direction] != nullptr)
    {
        n = n->avl_child[direction];
        while (n->avl_child[1 - direction] != nullptr)
        {
            n = n->avl_child[1 - direction];
        }
        return DataOf(tree, n);
    }
    // Up while n is on the walk's side of its parent.
    for (;;)
    {
        avl_node_t* p = Parent(n);
        if (p == nullptr)
        {
            return nullptr;
        }
        if (ChildIndex(n) != direction)
        {
            return DataOf(tree, p);
        }
        n = p;
    }
}

void*
PfhooksAvlTree::Nearest(const avl_tree_t* tree, avl_index_t where, int direction)
{
    auto* n = reinterpret_cast<avl_node_t*>(where & ~avl_index_t(1));
    if (n == nullptr)
    {
        return nullptr;
    }
    void* data = DataOf(tree, n);
    // The absent object would be n's child on side (where & 1): n itself
    // is its neighbour on the other side.
    if (static_cast<int>(where & 1) != direction)
    {
        return data;
    }
    return Walk(tree, data, direction);
}

bool
PfhooksAvlTree::Update(avl_tree_t* tree, void* data, int direction, const void* caller)
{
    void* neighbour = Walk(tree, data, direction);
    if (neighbour == nullptr ||
        Compare(tree, data, neighbour, caller) != (direction == AVL_AFTER ? 1 : -1))
    {
        return false;
    }
    Remove(tree, data, caller);
    Add(tree, data, caller);
    return true;
}

void
PfhooksAvlTree::Swap(avl_tree_t* a, avl_tree_t* b, const void* caller)
{
    if (a->avl_compar != b->avl_compar || a->avl_offset != b->avl_offset ||
        a->avl_size != b->avl_size)
    {
        Fail(caller, "avl_swap: the trees hold different kinds of objects");
    }
    std::swap(a->avl_root, b->avl_root);
    std::swap(a->avl_numnodes, b->avl_numnodes);
}

void*
PfhooksAvlTree::DestroyNodes(avl_tree_t* tree, void** cookie)
{
    // The cookie is the parent of the last object taken: the rest of its
    // subtree is still linked, so the next leaf is found from there.
    auto* n = static_cast<avl_node_t*>(*cookie);
    if (n == nullptr)
    {
        n = tree->avl_root;
    }
    if (n == nullptr)
    {
        tree->avl_root = nullptr;
        tree->avl_numnodes = 0;
        return nullptr;
    }
    while (n->avl_child[0] != nullptr || n->avl_child[1] != nullptr)
    {
        n = n->avl_child[n->avl_child[0] != nullptr ? 0 : 1];
    }
    avl_node_t* parent = Parent(n);
    Replace(tree, parent, ChildIndex(n), nullptr);
    --tree->avl_numnodes;
    *cookie = parent;
    return DataOf(tree, n);
}

void
PfhooksAvlTree::Destroy(avl_tree_t* tree, const void* caller)
{
    if (tree->avl_root != nullptr || tree->avl_numnodes != 0)
    {
        Fail(caller,
             "avl_destroy: the tree still holds " + std::to_string(tree->avl_numnodes) +
                 " objects");
    }
}

} // namespace ns3
