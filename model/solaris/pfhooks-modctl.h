/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The C functions of module linkage (mod_install(9F), mod_remove,
 * mod_info) and of the DDI a pseudo driver uses (ddi_get_instance,
 * minor nodes, nulldev/nodev), under their illumos names.  The layouts
 * (modlinkage, dev_ops, cb_ops, ...) are in pfhooks-modctl-types.h, which
 * the simulated kernel's loader shares; model/solaris/pfhooks-modctl-face.cc
 * and pfhooks-ddi-face.cc implement these as calls into the kernel.
 */
#ifndef PFHOOKS_MODCTL_H
#define PFHOOKS_MODCTL_H

#include "ns3/pfhooks-modctl-types.h"

#ifdef __cplusplus
extern "C"
{
#endif

    /* ---- DDI (sys/sunddi.h, sys/devops.h) ---- */

    /** cb_ops of a driver with no device entry points (illumos: no_cb_ops). */
    extern struct cb_ops no_cb_ops;
    /** Entry points that do nothing and succeed / fail with ENXIO. */
    int nulldev();
    int nodev();

    int ddi_get_instance(dev_info_t* dip);
    int ddi_create_minor_node(dev_info_t* dip,
                              const char* name,
                              int spec_type,
                              unsigned int minor_num,
                              const char* node_type,
                              int flag);
    void ddi_remove_minor_node(dev_info_t* dip, const char* name);

    /* ---- module linkage (sys/modctl.h) ---- */

    /** mod_install(9F): 0, or an errno (EINVAL for a linkage pfhooks cannot use). */
    int mod_install(struct modlinkage* ml);
    /** mod_remove(9F): 0, or EBUSY while the module's driver is attached. */
    int mod_remove(struct modlinkage* ml);
    /** mod_info(9F): fills @p mi; returns non-zero on success. */
    int mod_info(struct modlinkage* ml, struct modinfo* mi);

#ifdef __cplusplus
}
#endif

#endif /* PFHOOKS_MODCTL_H */
