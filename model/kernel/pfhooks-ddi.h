/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_DDI_H
#define PFHOOKS_DDI_H

#include "pfhooks-modctl-types.h"

#include <string>
#include <vector>

namespace ns3
{
class SolarisModule;
}

/** A device node (dev_info_t): pfhooks makes one per attached driver (instance 0). */
struct dev_info
{
    ns3::SolarisModule* module;      //!< the driver
    std::vector<std::string> minors; //!< ddi_create_minor_node() names
    std::vector<unsigned> minorNums; //!< their minor numbers, in the same order
};

namespace ns3
{

/**
 * \ingroup pfhooks
 * The part of the DDI (illumos sunddi.c) a pseudo driver uses: one
 * instance (0) per driver, and minor nodes kept by name so that the ones
 * a driver leaves at unload are reported.
 */
class PfhooksDdi
{
  public:
    /** ddi_get_instance(9F): \return 0, as for a pseudo driver's single instance */
    static int GetInstance(const dev_info_t* dip);
    /**
     * ddi_create_minor_node(9F).
     * \return DDI_SUCCESS, or DDI_FAILURE for a null node or name, or a name already there
     */
    static int CreateMinorNode(dev_info_t* dip, const char* name, unsigned minor = 0);
    /** ddi_report_dev(9F): a console line naming the driver's device, as illumos prints. */
    static void ReportDev(const dev_info_t* dip);
    /** ddi_remove_minor_node(9F): a null name removes them all. */
    static void RemoveMinorNode(dev_info_t* dip, const char* name);
};

} // namespace ns3

#endif /* PFHOOKS_DDI_H */
