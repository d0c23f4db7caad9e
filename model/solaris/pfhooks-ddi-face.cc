/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The DDI functions of pfhooks-modctl.h (sunddi.c): each a thin call into
 * the simulated kernel's PfhooksDdi; and the do-nothing entry points a
 * pseudo driver's dev_ops name.
 */
#include "pfhooks-modctl.h"

#include "ns3/pfhooks-ddi.h"

#include <cerrno>

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
                      unsigned int /* minor_num */,
                      const char* /* node_type */,
                      int /* flag */)
{
    return PfhooksDdi::CreateMinorNode(dip, name);
}

extern "C" void
ddi_remove_minor_node(dev_info_t* dip, const char* name)
{
    PfhooksDdi::RemoveMinorNode(dip, name);
}
