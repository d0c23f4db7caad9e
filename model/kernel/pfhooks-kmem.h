/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_KMEM_H
#define PFHOOKS_KMEM_H

#include "pfhooks-kernel-types.h"
#include "pfhooks-mblk.h"
#include "solaris-module.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The simulated kernel's memory accounting (illumos kmem.c, and the
 * STREAMS messages a module allocates): every kmem buffer and message
 * block is charged to the module whose site asked for it, with the site,
 * so that what a module still holds at unload can be reported and taken
 * back.  A kmem buffer has a redzone: writing past its end panics at
 * kmem_free, naming the allocation site.  KM_NOSLEEP allocations fail on
 * purpose when the module's fault attributes say so
 * (SolarisModule::KmemFaultDue); KM_SLEEP ones never fail, as in illumos.
 */
class PfhooksKmem
{
  public:
    PfhooksKmem();

    /**
     * kmem_alloc/kmem_zalloc.
     * \param size bytes (0: NULL, as illumos)
     * \param kmflags KM_SLEEP or KM_NOSLEEP (other known flags are ignored)
     * \param zero true for kmem_zalloc
     * \param site the caller
     * \return the buffer, or null (a KM_NOSLEEP failure)
     */
    void* Alloc(size_t size, int kmflags, bool zero, const pfhooks_site_t* site);
    /** kmem_free: NULL with size 0 does nothing; panics on another NULL, a buffer that is not one,
     * a wrong size, an overrun. */
    void Free(void* buf, size_t size, const pfhooks_site_t* site);
    /** Charges every block of @p mp to the site's module. \return mp */
    mblk_t* ChargeMessage(mblk_t* mp, const pfhooks_site_t* site);
    /** A tracked block is being freed. */
    void MessageFreed(mblk_t* mp);
    /** \return what an owner holds now: kmem buffers and message blocks with their sites */
    std::vector<PfhooksKernelLeak> GetHeld(uint32_t owner) const;
    /** Forgets what an owner holds (after it was reported at unload). */
    void Forget(uint32_t owner);

  private:
    /** One tracked allocation. */
    struct Record
    {
        uint32_t owner;      //!< the module's id (0: "kernel")
        size_t size;         //!< bytes asked for (0 for a message block)
        const char* file;    //!< where it was made
        int line;            //!< where it was made
        bool redzone{false}; //!< a redzone was filled (kmem_flags redzone at allocation)
    };

    std::unordered_map<const void*, Record> m_kmem;
    std::unordered_map<const mblk_t*, Record> m_mblks;
};

} // namespace ns3

#endif /* PFHOOKS_KMEM_H */
