/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The kstat functions of pfhooks-kernel-lib.h (illumos kstat.c's provider
 * side, and netinfo's net_kstat_create/net_kstat_delete): thin calls into
 * the simulated kernel's PfhooksModuleKstats.
 */
#include "pfhooks-kernel-lib.h"

#include "ns3/solaris-kernel.h"

#include <cstring>

using namespace ns3;

extern "C" kstat_t*
pfhooks_kstat_create(const pfhooks_site_t* site,
                     const char* module,
                     int instance,
                     const char* name,
                     const char* ks_class,
                     uint8_t type,
                     unsigned int ndata,
                     uint8_t flags,
                     zoneid_t zoneid)
{
    return SolarisKernel::Get()
        .Kstats()
        .Create(site, module, instance, name, ks_class, type, ndata, flags, zoneid, -1);
}

extern "C" kstat_t*
pfhooks_net_kstat_create(const pfhooks_site_t* site,
                         netid_t netid,
                         const char* module,
                         int instance,
                         const char* name,
                         const char* ks_class,
                         uint8_t type,
                         unsigned long ndata,
                         uint8_t ks_flag)
{
    if (netid < 0)
    {
        return nullptr;
    }
    // illumos makes the kstat in the stack's zone (net_kstat_create).
    return SolarisKernel::Get().Kstats().Create(site,
                                                module,
                                                instance,
                                                name,
                                                ks_class,
                                                type,
                                                static_cast<unsigned int>(ndata),
                                                ks_flag,
                                                netid,
                                                netid);
}

extern "C" void
kstat_install(kstat_t* ksp)
{
    SolarisKernel::Get().Kstats().Install(ksp);
}

extern "C" void
kstat_delete(kstat_t* ksp)
{
    SolarisKernel::Get().Kstats().Delete(ksp);
}

extern "C" void
net_kstat_delete(netid_t /* netid */, kstat_t* ksp)
{
    SolarisKernel::Get().Kstats().Delete(ksp);
}

extern "C" void
kstat_zone_add(kstat_t* ksp, zoneid_t zoneid)
{
    SolarisKernel::Get().Kstats().ZoneAdd(ksp, zoneid);
}

extern "C" void
kstat_named_init(kstat_named_t* knp, const char* name, uint8_t data_type)
{
    // As illumos: the name is truncated to KSTAT_STRLEN, the value zeroed.
    std::strncpy(knp->name, name, KSTAT_STRLEN);
    knp->name[KSTAT_STRLEN] = '\0';
    knp->data_type = data_type;
    std::memset(&knp->value, 0, sizeof(knp->value));
}
