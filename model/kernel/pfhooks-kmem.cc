/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-kmem.h"

#include "pfhooks-kmem-debug.h"
#include "solaris-kernel.h"

#include "ns3/log.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>

NS_LOG_COMPONENT_DEFINE("PfhooksKmem");

namespace ns3
{

namespace
{
// Bytes after every kmem buffer that must be intact when it is freed: an
// overrun past the size asked for is reported with the allocation site.
const size_t kRedzone = 8;
const unsigned char kRedzoneByte = 0xbb;
} // namespace

PfhooksKmem::PfhooksKmem()
{
    pfhooks_mblk_set_untrack([](mblk_t* mp) { SolarisKernel::Get().Kmem().MessageFreed(mp); });
    // A DEBUG kernel's panic on message misuse, naming both sites.
    PfhooksKmemDebug::SetMisuse(
        [](const char* what, const void* block, const void* first, const void* second) {
            SolarisKernel& k = SolarisKernel::Get();
            SolarisModule* m = k.ModuleAt(second);
            k.Panic(m != nullptr ? m : k.ModuleAt(first),
                    std::string(what) + ": message block " + k.Describe(block) + " freed at " +
                        (first != nullptr ? k.Describe(first)
                                          : std::string("(not known: out of the quarantine)")) +
                        ", then at " +
                        (second != nullptr ? k.Describe(second) : std::string("(not known)")));
        });
}

std::vector<PfhooksKernelLeak>
PfhooksKmem::GetHeld(uint32_t owner) const
{
    NS_LOG_FUNCTION(this << owner);
    std::vector<PfhooksKernelLeak> out;
    std::map<uintptr_t, PfhooksKernelLeak> sorted; // address order: stable reports
    for (const auto& [p, a] : m_kmem)
    {
        if (a.owner == owner)
        {
            auto addr = reinterpret_cast<uintptr_t>(p);
            sorted[addr] =
                PfhooksKernelLeak{"kmem", addr, a.size, SolarisKernel::Site(a.file, a.line)};
        }
    }
    for (const auto& [mp, a] : m_mblks)
    {
        if (a.owner == owner)
        {
            auto addr = reinterpret_cast<uintptr_t>(mp);
            sorted[addr] =
                PfhooksKernelLeak{"mblk", addr, MBLKSIZE(mp), SolarisKernel::Site(a.file, a.line)};
        }
    }
    for (auto& [addr, l] : sorted)
    {
        out.push_back(l);
    }
    return out;
}

void
PfhooksKmem::Forget(uint32_t owner)
{
    NS_LOG_FUNCTION(this << owner);
    for (auto it = m_kmem.begin(); it != m_kmem.end();)
    {
        it = it->second.owner == owner ? m_kmem.erase(it) : std::next(it);
    }
    for (auto it = m_mblks.begin(); it != m_mblks.end();)
    {
        if (it->second.owner == owner)
        {
            const_cast<mblk_t*>(it->first)->b_flag &= ~PFHOOKS_MSG_TRACKED;
            it = m_mblks.erase(it);
        }
        else
        {
            ++it;
        }
    }
}

void*
PfhooksKmem::Alloc(size_t size, int kmflags, bool zero, const pfhooks_site_t* site)
{
    if (size == 0)
    {
        return nullptr; // illumos: kmem_alloc(0, ...) returns NULL
    }
    SolarisKernel& k = SolarisKernel::Get();
    SolarisModule* m = k.ModuleOf(site);
    if ((kmflags & ~(PFHOOKS_KM_NOSLEEP | 0x0002 /* KM_PANIC */ | 0x0004 /* KM_PUSHPAGE */ |
                     0x0008 /* KM_NORMALPRI */)) != 0)
    {
        k.Panic(m,
                "kmem_alloc: unknown flags " + std::to_string(kmflags) + " at " +
                    SolarisKernel::Site(site->ps_file, site->ps_line));
    }
    auto* buf = static_cast<unsigned char*>(zero ? std::calloc(1, size + kRedzone)
                                                 : std::malloc(size + kRedzone));
    if (buf == nullptr)
    {
        if ((kmflags & PFHOOKS_KM_NOSLEEP) != 0)
        {
            return nullptr;
        }
        k.Panic(m, "kmem_alloc(KM_SLEEP) of " + std::to_string(size) + " bytes: out of memory");
    }
    bool redzone = (PfhooksKmemDebug::GetFlags() & PFH_KMF_REDZONE) != 0;
    if (redzone)
    {
        std::memset(buf + size, kRedzoneByte, kRedzone);
    }
    uint32_t owner = m != nullptr ? m->GetId() : 0;
    if ((kmflags & PFHOOKS_KM_NOSLEEP) != 0 && m != nullptr && m->KmemFaultDue())
    {
        std::free(buf);
        ++k.FiguresOf(owner).kmemFailed;
        k.Log(m,
              PFHOOKS_CE_NOTE,
              "NOTICE: kmem_alloc(" + std::to_string(size) + ", KM_NOSLEEP) at " +
                  SolarisKernel::Site(site->ps_file, site->ps_line) + " fails (fault injection)");
        return nullptr;
    }
    m_kmem[buf] = Record{owner, size, site->ps_file, site->ps_line, redzone};
    SolarisKernel::Figures& f = k.FiguresOf(owner);
    ++f.kmemAllocs;
    f.kmemBytes += size;
    f.kmemPeakBytes = std::max(f.kmemPeakBytes, f.kmemBytes);
    return buf;
}

void
PfhooksKmem::Free(void* buf, size_t size, const pfhooks_site_t* site)
{
    SolarisKernel& k = SolarisKernel::Get();
    SolarisModule* m = k.ModuleOf(site);
    std::string where = SolarisKernel::Site(site->ps_file, site->ps_line);
    if (buf == nullptr && size == 0)
    {
        return; // illumos kmem_free: a NULL buffer of size 0 is nothing to free
    }
    if (buf == nullptr)
    {
        k.Panic(m, "kmem_free(NULL, " + std::to_string(size) + ") at " + where);
    }
    auto it = m_kmem.find(buf);
    if (it == m_kmem.end())
    {
        k.Panic(m,
                "kmem_free(" + k.Describe(buf) + ", " + std::to_string(size) + ") at " + where +
                    ": not a kmem buffer, or freed twice");
    }
    Record a = it->second;
    std::string allocated = SolarisKernel::Site(a.file, a.line);
    if (a.size != size)
    {
        k.Panic(m,
                "kmem_free(" + k.Describe(buf) + ", " + std::to_string(size) + ") at " + where +
                    ": the buffer was allocated with size " + std::to_string(a.size) + " at " +
                    allocated);
    }
    const auto* bytes = static_cast<const unsigned char*>(buf);
    for (size_t i = 0; a.redzone && i < kRedzone; ++i)
    {
        if (bytes[a.size + i] != kRedzoneByte)
        {
            k.Panic(m,
                    "kmem buffer " + std::to_string(reinterpret_cast<uintptr_t>(buf)) + " of " +
                        std::to_string(a.size) + " bytes from " + allocated +
                        " was written past its end (redzone byte " + std::to_string(i) + ")");
        }
    }
    m_kmem.erase(it);
    SolarisKernel::Figures& f = k.FiguresOf(a.owner);
    ++f.kmemFrees;
    f.kmemBytes -= a.size;
    if ((PfhooksKmemDebug::GetFlags() & PFH_KMF_DEADBEEF) != 0)
    {
        // A read through a stale pointer finds 0xdeadbeef, not old data.
        for (size_t i = 0; i < a.size; ++i)
        {
            static_cast<unsigned char*>(buf)[i] = "\xef\xbe\xad\xde"[i % 4];
        }
    }
    std::free(buf);
}

mblk_t*
PfhooksKmem::ChargeMessage(mblk_t* mp, const pfhooks_site_t* site)
{
    if (mp == nullptr)
    {
        return nullptr;
    }
    SolarisKernel& k = SolarisKernel::Get();
    uint32_t owner = k.OwnerOf(site);
    SolarisKernel::Figures& f = k.FiguresOf(owner);
    for (mblk_t* b = mp; b != nullptr; b = b->b_cont)
    {
        b->b_flag |= PFHOOKS_MSG_TRACKED;
        m_mblks[b] = Record{owner, 0, site->ps_file, site->ps_line};
        ++f.mblkAllocs;
    }
    return mp;
}

void
PfhooksKmem::MessageFreed(mblk_t* mp)
{
    auto it = m_mblks.find(mp);
    if (it != m_mblks.end())
    {
        ++SolarisKernel::Get().FiguresOf(it->second.owner).mblkFrees;
        m_mblks.erase(it);
    }
}

} // namespace ns3
