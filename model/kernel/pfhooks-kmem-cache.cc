/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kmem-cache.h"

#include "pfhooks-unload-hook.h"
#include "solaris-kernel.h"

#include "ns3/log.h"

#include <algorithm>

NS_LOG_COMPONENT_DEFINE("PfhooksKmemCache");

namespace ns3
{

namespace
{
/// The caches a going module left.
class CacheUnloadHook : public PfhooksUnloadHook
{
  public:
    void TakeBack(const SolarisModule& module, const InModule&, const TakenBack& report) override
    {
        for (const std::string& n : SolarisKernel::Get().KmemCaches().TakeBack(module.GetId()))
        {
            report("kmem_cache", nullptr, n);
        }
    }
};

const bool g_registered = []() {
    PfhooksUnloadHook::Register(new CacheUnloadHook());
    return true;
}();
} // namespace

struct kmem_cache*
PfhooksKmemCaches::Create(const pfhooks_site_t* site,
                          const char* name,
                          size_t size,
                          int (*ctor)(void*, void*, int),
                          void (*dtor)(void*, void*),
                          void* priv)
{
    NS_LOG_FUNCTION(this << (name ? name : "") << size);
    SolarisKernel& k = SolarisKernel::Get();
    if (size == 0)
    {
        k.Panic(k.ModuleOf(site),
                std::string("kmem_cache_create(\"") + (name ? name : "") +
                    "\") with object size 0 at " +
                    SolarisKernel::Site(site->ps_file, site->ps_line));
    }
    auto* cp = new kmem_cache{name ? name : "", size, ctor, dtor, priv, k.OwnerOf(site), {}};
    m_caches.push_back(cp);
    return cp;
}

void*
PfhooksKmemCaches::Alloc(struct kmem_cache* cp, int kmflags, const pfhooks_site_t* site)
{
    SolarisKernel& k = SolarisKernel::Get();
    void* buf = k.Kmem().Alloc(cp->size, kmflags, false, site);
    if (buf == nullptr)
    {
        return nullptr;
    }
    if (cp->ctor != nullptr && cp->ctor(buf, cp->priv, kmflags) != 0)
    {
        k.Kmem().Free(buf, cp->size, site);
        return nullptr;
    }
    cp->out.insert(buf);
    ++cp->allocs;
    return buf;
}

void
PfhooksKmemCaches::Free(struct kmem_cache* cp, void* buf, const pfhooks_site_t* site)
{
    SolarisKernel& k = SolarisKernel::Get();
    if (cp->out.erase(buf) == 0)
    {
        k.Panic(k.ModuleOf(site),
                "kmem_cache_free(" + cp->name + ", " + k.Describe(buf) + ") at " +
                    SolarisKernel::Site(site->ps_file, site->ps_line) +
                    ": not an object of this cache, or freed twice");
    }
    if (cp->dtor != nullptr)
    {
        cp->dtor(buf, cp->priv);
    }
    k.Kmem().Free(buf, cp->size, site);
}

void
PfhooksKmemCaches::Destroy(struct kmem_cache* cp)
{
    NS_LOG_FUNCTION(this << cp);
    auto it = std::find(m_caches.begin(), m_caches.end(), cp);
    if (it == m_caches.end())
    {
        SolarisKernel::Get().Panic(nullptr, "kmem_cache_destroy of an unknown cache");
    }
    if (!cp->out.empty())
    {
        SolarisKernel::Get().Panic(nullptr,
                                   "kmem_cache_destroy: '" + cp->name + "' not empty (" +
                                       std::to_string(cp->out.size()) + " objects out)");
    }
    m_caches.erase(it);
    delete cp;
}

std::vector<std::string>
PfhooksKmemCaches::TakeBack(uint32_t owner)
{
    std::vector<std::string> gone;
    for (auto it = m_caches.begin(); it != m_caches.end();)
    {
        struct kmem_cache* cp = *it;
        if (cp->owner != owner)
        {
            ++it;
            continue;
        }
        gone.push_back("kmem cache \"" + cp->name + "\" not destroyed (" +
                       std::to_string(cp->out.size()) + " objects out): dropped");
        it = m_caches.erase(it);
        delete cp;
    }
    return gone;
}

} // namespace ns3
