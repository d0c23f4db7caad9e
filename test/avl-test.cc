/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * avl(9F) through its C face: random insertions and removals checked
 * against std::set with the tree's invariants (order, heights and
 * balances, parent links, count) after each; avl_find's where with
 * avl_nearest, avl_insert and avl_insert_here; avl_update, avl_swap,
 * avl_destroy_nodes; the misuse that panics.  Then a module of our own
 * (test/solaris/avl-flows.c) keeping flow tables in trees in a network.
 */
#include "scenario.h"

#include "ns3/pfhooks-kernel-lib.h"
#include "ns3/solaris-kernel.h"
#include "ns3/solaris-module.h"

#include <cstddef>
#include <gtest/gtest.h>
#include <random>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace ns3;

namespace
{
struct Item
{
    int key;
    avl_node_t link;
};

int
ItemCmp(const void* a, const void* b)
{
    int l = static_cast<const Item*>(a)->key;
    int r = static_cast<const Item*>(b)->key;
    return (l > r) - (l < r);
}

int
BadCmp(const void* a, const void* b)
{
    return static_cast<const Item*>(a)->key - static_cast<const Item*>(b)->key;
}

avl_node_t*
XParent(const avl_node_t* n)
{
    return reinterpret_cast<avl_node_t*>(n->avl_pcb & ~uintptr_t(7));
}

/// The subtree's height; fails the test where an invariant does not hold.
int
Check(const avl_tree_t* t, const avl_node_t* n, const avl_node_t* parent, int index, int* count)
{
    if (n == nullptr)
    {
        return 0;
    }
    EXPECT_EQ(XParent(n), parent);
    EXPECT_EQ(static_cast<int>((n->avl_pcb >> 2) & 1), index);
    ++*count;
    int l = Check(t, n->avl_child[0], n, 0, count);
    int r = Check(t, n->avl_child[1], n, 1, count);
    int balance = static_cast<int>(n->avl_pcb & 3) - 1;
    EXPECT_EQ(balance, r - l) << "balance of a node";
    EXPECT_LE(std::abs(r - l), 1);
    return 1 + std::max(l, r);
}

/// The keys in order through avl_first/AVL_NEXT, checked against AVL_PREV.
std::vector<int>
Keys(avl_tree_t* t)
{
    std::vector<int> keys;
    for (auto* i = static_cast<Item*>(avl_first(t)); i != nullptr;
         i = static_cast<Item*>(avl_walk(t, i, AVL_AFTER)))
    {
        keys.push_back(i->key);
    }
    std::vector<int> back;
    for (auto* i = static_cast<Item*>(avl_last(t)); i != nullptr;
         i = static_cast<Item*>(avl_walk(t, i, AVL_BEFORE)))
    {
        back.insert(back.begin(), i->key);
    }
    EXPECT_EQ(keys, back);
    return keys;
}

void
Create(avl_tree_t* t, int (*cmp)(const void*, const void*) = ItemCmp)
{
    avl_create(t, cmp, sizeof(Item), offsetof(Item, link));
}
} // namespace

TEST(AvlTest, RandomInsertionsAndRemovalsKeepTheInvariants)
{
    std::vector<Item> items(300);
    for (int i = 0; i < 300; ++i)
    {
        items[i].key = i;
    }
    avl_tree_t t;
    Create(&t);
    std::set<int> model;
    std::mt19937 rng(15);
    for (int step = 0; step < 3000; ++step)
    {
        Item* it = &items[rng() % items.size()];
        if (model.count(it->key) != 0)
        {
            avl_remove(&t, it);
            model.erase(it->key);
        }
        else if (rng() % 2 == 0)
        {
            avl_add(&t, it);
            model.insert(it->key);
        }
        else
        {
            avl_index_t where = 0;
            ASSERT_EQ(avl_find(&t, it, &where), nullptr);
            avl_insert(&t, it, where);
            model.insert(it->key);
        }
        int count = 0;
        Check(&t, t.avl_root, nullptr, 0, &count);
        ASSERT_EQ(count, static_cast<int>(model.size())) << "at step " << step;
        ASSERT_EQ(avl_numnodes(&t), model.size());
        if (step % 100 == 0)
        {
            ASSERT_EQ(Keys(&t), std::vector<int>(model.begin(), model.end()));
        }
    }
    EXPECT_EQ(avl_is_empty(&t), model.empty() ? 1 : 0);
    void* cookie = nullptr;
    std::set<int> taken;
    while (auto* i = static_cast<Item*>(avl_destroy_nodes(&t, &cookie)))
    {
        EXPECT_TRUE(taken.insert(i->key).second) << "each once";
    }
    EXPECT_EQ(taken, model);
    EXPECT_EQ(avl_numnodes(&t), 0u);
    EXPECT_EQ(avl_is_empty(&t), 1);
    avl_destroy(&t);
}

TEST(AvlTest, FindGivesWhereAndNearestAndInsertHereFollowIt)
{
    Item items[] = {{10, {}}, {20, {}}, {30, {}}, {40, {}}};
    avl_tree_t t;
    Create(&t);
    Item probe{25, {}};
    avl_index_t where = 1;
    EXPECT_EQ(avl_find(&t, &probe, &where), nullptr);
    EXPECT_EQ(where, 0u) << "empty: no node";
    EXPECT_EQ(avl_nearest(&t, where, AVL_AFTER), nullptr);
    for (Item& i : items)
    {
        avl_add(&t, &i);
    }
    EXPECT_EQ(avl_find(&t, &items[2], nullptr), &items[2]);
    ASSERT_EQ(avl_find(&t, &probe, &where), nullptr);
    EXPECT_EQ(avl_nearest(&t, where, AVL_BEFORE), &items[1]);
    EXPECT_EQ(avl_nearest(&t, where, AVL_AFTER), &items[2]);
    Item low{5, {}};
    ASSERT_EQ(avl_find(&t, &low, &where), nullptr);
    EXPECT_EQ(avl_nearest(&t, where, AVL_BEFORE), nullptr);
    EXPECT_EQ(avl_nearest(&t, where, AVL_AFTER), &items[0]);
    avl_insert(&t, &probe, [&]() {
        avl_index_t w;
        avl_find(&t, &probe, &w);
        return w;
    }());
    Item a{21, {}};
    Item b{39, {}};
    avl_insert_here(&t, &a, &items[1], AVL_AFTER);
    avl_insert_here(&t, &b, &items[3], AVL_BEFORE);
    EXPECT_EQ(Keys(&t), (std::vector<int>{10, 20, 21, 25, 30, 39, 40}));
    int count = 0;
    Check(&t, t.avl_root, nullptr, 0, &count);
    EXPECT_EQ(count, 7);
}

TEST(AvlTest, UpdateMovesAnObjectWhoseKeyChangedAndSwapExchangesTrees)
{
    Item items[] = {{1, {}}, {2, {}}, {3, {}}, {4, {}}};
    avl_tree_t t;
    Create(&t);
    for (Item& i : items)
    {
        avl_add(&t, &i);
    }
    EXPECT_EQ(avl_update(&t, &items[1]), 0) << "in order: stays";
    items[0].key = 9;
    EXPECT_EQ(avl_update_lt(&t, &items[0]), 0) << "greater: _lt does not move it";
    EXPECT_EQ(avl_update_gt(&t, &items[0]), 1);
    items[3].key = 0;
    EXPECT_EQ(avl_update(&t, &items[3]), 1);
    EXPECT_EQ(Keys(&t), (std::vector<int>{0, 2, 3, 9}));
    avl_tree_t u;
    Create(&u);
    avl_swap(&t, &u);
    EXPECT_EQ(avl_numnodes(&t), 0u);
    EXPECT_EQ(Keys(&u), (std::vector<int>{0, 2, 3, 9}));
    avl_destroy(&t);
    void* cookie = nullptr;
    while (avl_destroy_nodes(&u, &cookie) != nullptr)
    {
    }
    avl_destroy(&u);
}

namespace
{
// Each misuse on its own (braced initializers cannot be macro arguments).
void
AddTwice()
{
    Item a{1, {}};
    Item b{1, {}};
    avl_tree_t t;
    Create(&t);
    avl_add(&t, &a);
    avl_add(&t, &b);
}

void
CompareBadly()
{
    Item a{1, {}};
    Item b{5, {}};
    avl_tree_t t;
    Create(&t, BadCmp);
    avl_add(&t, &a);
    avl_add(&t, &b);
}

void
DestroyNotEmpty()
{
    Item a{1, {}};
    avl_tree_t t;
    Create(&t);
    avl_add(&t, &a);
    avl_destroy(&t);
}

void
RemoveAbsent()
{
    Item a{1, {}};
    Item b{2, {}};
    Item c{3, {}};
    avl_tree_t t;
    Create(&t);
    avl_add(&t, &a);
    avl_add(&t, &b);
    c.link = b.link; // looks linked, is not
    avl_remove(&t, &c);
}

void
InsertAtStaleWhere()
{
    Item a{1, {}};
    Item b{2, {}};
    avl_tree_t t;
    Create(&t);
    avl_index_t where;
    avl_find(&t, &a, &where);
    avl_add(&t, &b);
    avl_insert(&t, &a, where); // stale: the tree changed
}

void
CreateTooSmall()
{
    avl_tree_t t;
    avl_create(&t, ItemCmp, sizeof(Item), sizeof(Item));
}
} // namespace

TEST(AvlDeathTest, MisuseIllumosAssertsPanics)
{
    EXPECT_DEATH(AddTwice(), "avl_find\\(\\) succeeded inside avl_add\\(\\)");
    EXPECT_DEATH(CompareBadly(), "the comparator returned 4 \\(it must return -1, 0 or 1\\)");
    EXPECT_DEATH(DestroyNotEmpty(), "avl_destroy: the tree still holds 1 objects");
    EXPECT_DEATH(RemoveAbsent(), "avl_remove: the object is not in this tree");
    EXPECT_DEATH(InsertAtStaleWhere(), "avl_insert: the place given is taken");
    EXPECT_DEATH(CreateTooSmall(),
                 "avl_create: the node \\(offset 32\\) does not fit in an object of size 32");
}

namespace
{
Ptr<SolarisModule>
AvlFlows(const char* name)
{
    Ptr<SolarisModule> m = CreateObject<SolarisModule>();
    m->SetPath(std::string(PFHOOKS_TEST_MODULE_DIR) + "/" + name + ".so");
    return m;
}

std::vector<std::string> g_lines;

void
Capture(const PfhooksKernelLogRecord& r)
{
    g_lines.push_back(r.text);
}

void
RunFlows(Ptr<SolarisModule> m)
{
    pfhooks_test::Scenario s;
    m->ScheduleLoad(Seconds(0.5));
    m->ScheduleUnload(Seconds(2.5));
    // 5 datagrams of 100 bytes, 3 of 300, 1 of 200 (IP lengths 128, 328, 228)
    for (auto [n, size] : {std::pair<uint32_t, uint32_t>{5, 100}, {3, 300}, {1, 200}})
    {
        UdpClientHelper client(s.i12.GetAddress(1), 9);
        client.SetAttribute("MaxPackets", UintegerValue(n));
        client.SetAttribute("Interval", TimeValue(MilliSeconds(1)));
        client.SetAttribute("PacketSize", UintegerValue(size));
        ApplicationContainer apps = client.Install(s.nodes.Get(0));
        apps.Start(Seconds(1));
    }
    s.Run();
}
} // namespace

TEST(AvlModuleTest, AModuleKeepsItsFlowTablesInTrees)
{
    g_lines.clear();
    SolarisKernel::Get().SetLogSink(MakeCallback(&Capture));
    Ptr<SolarisModule> m = AvlFlows("avl-flows");
    RunFlows(m);
    SolarisKernel::Get().SetLogSink(SolarisKernel::LogSink());
    EXPECT_EQ(m->GetState(), SolarisModule::UNLOADED) << m->GetError();
    std::ostringstream all;
    for (const auto& l : g_lines)
    {
        all << l << "\n";
    }
    // The router and the server saw the same flows: by count, most first.
    const std::regex expect(": proto 17 len 128 packets 5\n"
                            "NOTICE: avlflows [0-9]+: proto 17 len 328 packets 3\n"
                            "NOTICE: avlflows [0-9]+: proto 17 len 228 packets 1\n"
                            "NOTICE: avlflows [0-9]+: 3 flows\n");
    EXPECT_TRUE(std::regex_search(all.str(), expect)) << all.str();
    EXPECT_EQ(SolarisKernel::Get().GetFigures(m->GetId()).kmemBytes, 0u) << "every flow freed";
}

TEST(AvlModuleDeathTest, AModuleAddingADuplicatePanicsNamingIt)
{
    EXPECT_DEATH(RunFlows(AvlFlows("avl-flows-duplicate")),
                 "avl-flows-duplicate.*avl_find\\(\\) succeeded inside avl_add\\(\\)");
}
