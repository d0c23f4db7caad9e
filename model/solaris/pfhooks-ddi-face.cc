/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The DDI functions of pfhooks-modctl.h and pfhooks-kernel-lib.h
 * (sunddi.c): each a thin call into the simulated kernel's PfhooksDdi; the
 * do-nothing entry points a pseudo driver's dev_ops name; and the device
 * side (ddi_copyin/ddi_copyout on the caller's buffer, the data model).
 */
#include "pfhooks-kernel-lib.h"
#include "pfhooks-modctl.h"

#include "ns3/pfhooks-ddi.h"
#include "ns3/solaris-kernel.h"

#include <cerrno>
#include <cstring>

namespace
{
/// DDI_PROP_NOT_FOUND (sys/sunddi.h)
constexpr int DDI_PROP_NOT_FOUND_VALUE = 1;
} // namespace

using namespace ns3;

extern "C"
{
    struct cb_ops no_cb_ops = {};
}

extern "C" int
nulldev()
{
    return 0;
}

extern "C" int
nodev()
{
    return ENXIO;
}

extern "C" int
ddi_get_instance(dev_info_t* dip)
{
    return PfhooksDdi::GetInstance(dip);
}

extern "C" int
ddi_create_minor_node(dev_info_t* dip,
                      const char* name,
                      int /* spec_type */,
                      unsigned int minor_num,
                      const char* /* node_type */,
                      int /* flag */)
{
    return PfhooksDdi::CreateMinorNode(dip, name, minor_num);
}

extern "C" void
ddi_remove_minor_node(dev_info_t* dip, const char* name)
{
    PfhooksDdi::RemoveMinorNode(dip, name);
}

// ---- the device side ----

namespace
{
/// Whether a caller's address can be copied from or to (no page 0).
bool
BadAddress(const void* p, size_t n)
{
    return n != 0 && reinterpret_cast<uintptr_t>(p) < 4096;
}
} // namespace

extern "C" int
ddi_copyin(const void* buf, void* driverbuf, size_t cn, int flags)
{
    // The caller's buffer is in this process (the simulation's caller: a
    // C++ or Python program, or the runner), as FKIOCTL's kernel buffers
    // are: the flags change nothing.
    (void)flags;
    if (BadAddress(buf, cn) || BadAddress(driverbuf, cn))
    {
        return -1;
    }
    std::memmove(driverbuf, buf, cn);
    return 0;
}

extern "C" int
ddi_copyout(const void* driverbuf, void* buf, size_t cn, int flags)
{
    (void)flags;
    if (BadAddress(buf, cn) || BadAddress(driverbuf, cn))
    {
        return -1;
    }
    std::memmove(buf, driverbuf, cn);
    return 0;
}

extern "C" void
ddi_report_dev(dev_info_t* dip)
{
    PfhooksDdi::ReportDev(dip);
}

extern "C" int
ddi_prop_op()
{
    return DDI_PROP_NOT_FOUND_VALUE; // no properties: every lookup fails as an unknown one
}

extern "C" int
ddi_quiesce_not_needed(dev_info_t* /* dip */)
{
    return DDI_SUCCESS;
}

extern "C" int
nochpoll()
{
    return ENXIO;
}

extern "C" unsigned int
get_udatamodel(void)
{
    return 0x00200000; // DATAMODEL_LP64: every caller is a 64-bit process
}

extern "C" void
drv_usecwait(clock_t usec)
{
    SolarisKernel::Get().Callouts().UsecWait(usec);
}
