/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_ID_SPACE_H
#define PFHOOKS_ID_SPACE_H

#include "pfhooks-kernel-types.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

/** An id space (id_space_t; opaque to modules). */
struct id_space
{
    std::string name;   //!< id_space_create's name
    int low;            //!< first id
    int high;           //!< one past the last id
    int next;           //!< where id_alloc looks first (illumos: next fit)
    std::set<int> used; //!< ids allocated
    uint32_t owner;     //!< the module that made it (0: the kernel)
};

namespace ns3
{

/**
 * \ingroup pfhooks
 * Id spaces (illumos id_space.c, id_space(9F)): ids in [low, high).
 * id_alloc hands out ids in a rotating (next-fit) order, as illumos's
 * vmem-backed one does; id_allocff the lowest free one.  An exhausted
 * space returns -1 for the nosleep calls and panics for the sleeping ones
 * (they would sleep for ever); freeing an id not allocated panics.
 */
class PfhooksIdSpaces
{
  public:
    /**
     * id_space_create.
     * \param name its name
     * \param low first id
     * \param high one past the last id
     * \param owner the calling module's id (0: the kernel)
     * \return the space, or null when low >= high
     */
    static struct id_space* Create(const char* name, int low, int high, uint32_t owner = 0);
    /** id_space_destroy: panics while ids are allocated. */
    static void Destroy(struct id_space* isp);
    /**
     * Destroys the spaces a going module left (as the kmem caches it left).
     * \param owner the module's id
     * \return their names
     */
    static std::vector<std::string> TakeBack(uint32_t owner);
    /** id_alloc (sleep: panics when exhausted) / id_alloc_nosleep (-1). */
    static int Alloc(struct id_space* isp, bool sleep);
    /** id_allocff / id_allocff_nosleep: the lowest free id. */
    static int AllocFirstFit(struct id_space* isp, bool sleep);
    /** id_alloc_specific_nosleep: @p id, or -1 if taken or out of range. */
    static int AllocSpecific(struct id_space* isp, int id);
    /** id_free: panics for an id not allocated. */
    static void Free(struct id_space* isp, int id);
};

} // namespace ns3

#endif /* PFHOOKS_ID_SPACE_H */
