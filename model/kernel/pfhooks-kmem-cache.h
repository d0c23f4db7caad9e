/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_KMEM_CACHE_H
#define PFHOOKS_KMEM_CACHE_H

#include "pfhooks-kernel-types.h"

#include <cstdint>
#include <set>
#include <string>
#include <vector>

/** An object cache (kmem_cache_t; opaque to modules). */
struct kmem_cache
{
    std::string name;               //!< kmem_cache_create's name
    size_t size;                    //!< object size
    int (*ctor)(void*, void*, int); //!< constructor, or null
    void (*dtor)(void*, void*);     //!< destructor, or null
    void* priv;                     //!< the constructor's and destructor's argument
    uint32_t owner;                 //!< the creating module's id
    std::set<void*> out;            //!< objects allocated and not freed
    uint64_t allocs{0};             //!< kmem_cache_alloc calls that returned an object
};

namespace ns3
{

/**
 * \ingroup pfhooks
 * Object caches (illumos kmem.c's kmem_cache_*): each object is a kmem
 * buffer charged to the module at the kmem_cache_alloc site (so leaks,
 * redzones and fault injection work as for kmem_alloc); the constructor
 * runs on every allocation and the destructor on every free (illumos keeps
 * freed objects constructed in the cache; a module cannot tell, since it
 * must free them in their constructed state).  Destroying a cache with
 * objects out panics, as illumos's DEBUG kernel does; a cache a module
 * leaves at unload is reported and dropped (its objects are reported as
 * kmem leaks).
 */
class PfhooksKmemCaches
{
  public:
    /** kmem_cache_create. \return the cache (never null) */
    struct kmem_cache* Create(const pfhooks_site_t* site,
                              const char* name,
                              size_t size,
                              int (*ctor)(void*, void*, int),
                              void (*dtor)(void*, void*),
                              void* priv);
    /** kmem_cache_alloc: null for a failed KM_NOSLEEP allocation or a failing constructor. */
    void* Alloc(struct kmem_cache* cp, int kmflags, const pfhooks_site_t* site);
    /** kmem_cache_free: panics for an object that is not out of this cache. */
    void Free(struct kmem_cache* cp, void* buf, const pfhooks_site_t* site);
    /** kmem_cache_destroy: panics while objects are out. */
    void Destroy(struct kmem_cache* cp);
    /** Drops the caches of a going module. \return their names, with the objects still out */
    std::vector<std::string> TakeBack(uint32_t owner);

  private:
    std::vector<struct kmem_cache*> m_caches; //!< in creation order
};

} // namespace ns3

#endif /* PFHOOKS_KMEM_CACHE_H */
