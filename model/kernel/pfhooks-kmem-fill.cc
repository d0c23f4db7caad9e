/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kmem-fill.h"

namespace ns3
{

using pfhooks_fill::DiffAt;
using pfhooks_fill::FillAt;
using pfhooks_fill::NoneSet;
using pfhooks_fill::Vec;

PFHOOKS_FILL_CLONES void
PfhooksFill(void* mp, void* db, size_t n)
{
    if (mp != nullptr)
    {
        FillAt(static_cast<unsigned char*>(mp), sizeof(mblk_t));
    }
    if (n != 0)
    {
        FillAt(static_cast<unsigned char*>(db), n);
    }
}

PFHOOKS_FILL_CLONES bool
PfhooksFillIntact(const void* mp, const void* db, size_t n)
{
    Vec acc = {};
    if (mp != nullptr)
    {
        DiffAt(static_cast<const unsigned char*>(mp), sizeof(mblk_t), &acc);
    }
    DiffAt(static_cast<const unsigned char*>(db), n, &acc);
    return NoneSet(acc);
}

PFHOOKS_FILL_CLONES void
PfhooksFill2(void* mp0, void* db0, size_t n0, void* mp1, void* db1, size_t n1)
{
    FillAt(static_cast<unsigned char*>(mp0), sizeof(mblk_t));
    FillAt(static_cast<unsigned char*>(db0), n0);
    FillAt(static_cast<unsigned char*>(mp1), sizeof(mblk_t));
    FillAt(static_cast<unsigned char*>(db1), n1);
}

PFHOOKS_FILL_CLONES bool
PfhooksFillIntact2(const void* mp0,
                   const void* db0,
                   size_t n0,
                   const void* mp1,
                   const void* db1,
                   size_t n1)
{
    Vec acc = {};
    DiffAt(static_cast<const unsigned char*>(mp0), sizeof(mblk_t), &acc);
    DiffAt(static_cast<const unsigned char*>(db0), n0, &acc);
    DiffAt(static_cast<const unsigned char*>(mp1), sizeof(mblk_t), &acc);
    DiffAt(static_cast<const unsigned char*>(db1), n1, &acc);
    return NoneSet(acc);
}

} // namespace ns3
