/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * mod_install(9F), mod_remove(9F) and mod_info(9F): each a thin call into
 * the loaded module the linkage lies in (SolarisModule).
 */
#include "pfhooks-modctl.h"

#include "ns3/solaris-kernel.h"

#include <cerrno>

using namespace ns3;

extern "C" int
mod_install(struct modlinkage* ml)
{
    SolarisModule* m = SolarisKernel::Get().ModuleAt(ml);
    if (m == nullptr)
    {
        SolarisKernel::Get().Log(nullptr,
                                 PFHOOKS_CE_WARN,
                                 "WARNING: mod_install: the linkage is not inside a loaded module");
        return EINVAL;
    }
    return m->Install(ml);
}

extern "C" int
mod_remove(struct modlinkage* ml)
{
    SolarisModule* m = SolarisKernel::Get().ModuleAt(ml);
    return m != nullptr ? m->Remove(ml) : EINVAL;
}

extern "C" int
mod_info(struct modlinkage* ml, struct modinfo* mi)
{
    SolarisModule* m = SolarisKernel::Get().ModuleAt(ml);
    return m != nullptr ? m->Info(ml, mi) : 0;
}
