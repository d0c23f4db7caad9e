/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Condition variables, task queues, object caches and id spaces of
 * pfhooks-kernel-lib.h: thin calls into the simulated kernel
 * (PfhooksKernelCv, PfhooksTaskqs, PfhooksKmemCaches, PfhooksIdSpaces).
 */
#include "pfhooks-kernel-lib.h"

#include "ns3/pfhooks-id-space.h"
#include "ns3/solaris-kernel.h"

using namespace ns3;

namespace
{
SolarisKernel&
K()
{
    return SolarisKernel::Get();
}
} // namespace

// ---- condition variables ----

extern "C" void
cv_init(pfhooks_kcondvar_t* cvp, const char* /* name */, int /* type */, void* /* arg */)
{
    cvp->_opaque = 0;
}

extern "C" void
cv_destroy(pfhooks_kcondvar_t* cvp)
{
    K().Cv().Destroy(cvp);
}

extern "C" void
cv_wait(pfhooks_kcondvar_t* cvp, pfhooks_kmutex_t* mp)
{
    K().Cv().Wait(cvp, mp, Time(-1));
}

extern "C" int
cv_wait_sig(pfhooks_kcondvar_t* cvp, pfhooks_kmutex_t* mp)
{
    K().Cv().Wait(cvp, mp, Time(-1));
    return 1;
}

extern "C" clock_t
cv_timedwait(pfhooks_kcondvar_t* cvp, pfhooks_kmutex_t* mp, clock_t abstime)
{
    int64_t left = static_cast<int64_t>(abstime) - PfhooksCallouts::Lbolt64();
    if (left <= 0)
    {
        return -1; // illumos: the time has passed, no wait
    }
    return K().Cv().Wait(cvp, mp, PfhooksCallouts::Tick() * left);
}

extern "C" clock_t
cv_reltimedwait(pfhooks_kcondvar_t* cvp, pfhooks_kmutex_t* mp, clock_t delta, int res)
{
    // res is a time_res_t: TR_NANOSEC .. TR_CLOCK_TICK; ticks for the rest.
    Time t;
    switch (res)
    {
    case 0: // TR_NANOSEC
        t = NanoSeconds(delta);
        break;
    case 1: // TR_MICROSEC
        t = MicroSeconds(delta);
        break;
    case 2: // TR_MILLISEC
        t = MilliSeconds(delta);
        break;
    case 3: // TR_SEC
        t = Seconds(delta);
        break;
    default: // TR_CLOCK_TICK
        t = PfhooksCallouts::Tick() * static_cast<int64_t>(delta);
    }
    if (!t.IsStrictlyPositive())
    {
        return -1;
    }
    return K().Cv().Wait(cvp, mp, t);
}

extern "C" void
cv_signal(pfhooks_kcondvar_t* cvp)
{
    K().Cv().Signal(cvp);
}

extern "C" void
cv_broadcast(pfhooks_kcondvar_t* cvp)
{
    K().Cv().Broadcast(cvp);
}

// ---- task queues ----

extern "C" taskq_t*
pfhooks_taskq_create(const pfhooks_site_t* site, const char* name, int nthreads)
{
    return K().Taskqs().Create(site, name, nthreads);
}

extern "C" taskqid_t
taskq_dispatch(taskq_t* tq, task_func_t func, void* arg, unsigned int /* flags */)
{
    return static_cast<taskqid_t>(K().Taskqs().Dispatch(tq, func, arg));
}

extern "C" void
taskq_wait(taskq_t* tq)
{
    K().Taskqs().Wait(tq);
}

extern "C" void
taskq_destroy(taskq_t* tq)
{
    K().Taskqs().Destroy(tq);
}

extern "C" int
ddi_taskq_dispatch(ddi_taskq_t* tq, void (*func)(void*), void* arg, unsigned int /* dflags */)
{
    K().Taskqs().Dispatch(tq, func, arg);
    return DDI_SUCCESS;
}

extern "C" void
ddi_taskq_wait(ddi_taskq_t* tq)
{
    K().Taskqs().Wait(tq);
}

extern "C" void
ddi_taskq_destroy(ddi_taskq_t* tq)
{
    K().Taskqs().Destroy(tq);
}

extern "C" void
ddi_taskq_suspend(ddi_taskq_t* tq)
{
    K().Taskqs().Suspend(tq, true);
}

extern "C" void
ddi_taskq_resume(ddi_taskq_t* tq)
{
    K().Taskqs().Suspend(tq, false);
}

// ---- object caches ----

extern "C" kmem_cache_t*
pfhooks_kmem_cache_create(const pfhooks_site_t* site,
                          const char* name,
                          size_t bufsize,
                          size_t /* align */,
                          int (*constructor)(void*, void*, int),
                          void (*destructor)(void*, void*),
                          void (* /* reclaim */)(void*),
                          void* priv,
                          void* /* vmp */,
                          int /* cflags */)
{
    return K().KmemCaches().Create(site, name, bufsize, constructor, destructor, priv);
}

extern "C" void*
pfhooks_kmem_cache_alloc(kmem_cache_t* cp, int kmflags, const pfhooks_site_t* site)
{
    return K().KmemCaches().Alloc(cp, kmflags, site);
}

extern "C" void
pfhooks_kmem_cache_free(kmem_cache_t* cp, void* buf, const pfhooks_site_t* site)
{
    K().KmemCaches().Free(cp, buf, site);
}

extern "C" void
kmem_cache_destroy(kmem_cache_t* cp)
{
    K().KmemCaches().Destroy(cp);
}

// ---- id spaces ----

extern "C" id_space_t*
id_space_create(const char* name, int low, int high)
{
    // The caller's code tells which module's it is (taken back at unload).
    SolarisModule* m = SolarisKernel::Get().ModuleAt(__builtin_return_address(0));
    return PfhooksIdSpaces::Create(name, low, high, m != nullptr ? m->GetId() : 0);
}

extern "C" void
id_space_destroy(id_space_t* isp)
{
    PfhooksIdSpaces::Destroy(isp);
}

extern "C" int
id_alloc(id_space_t* isp)
{
    return PfhooksIdSpaces::Alloc(isp, true);
}

extern "C" int
id_alloc_nosleep(id_space_t* isp)
{
    return PfhooksIdSpaces::Alloc(isp, false);
}

extern "C" int
id_allocff(id_space_t* isp)
{
    return PfhooksIdSpaces::AllocFirstFit(isp, true);
}

extern "C" int
id_allocff_nosleep(id_space_t* isp)
{
    return PfhooksIdSpaces::AllocFirstFit(isp, false);
}

extern "C" int
id_alloc_specific_nosleep(id_space_t* isp, int id)
{
    return PfhooksIdSpaces::AllocSpecific(isp, id);
}

extern "C" void
id_free(id_space_t* isp, int id)
{
    PfhooksIdSpaces::Free(isp, id);
}
