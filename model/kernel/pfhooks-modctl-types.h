/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Module linkage (modctl(9S): modlinkage, modldrv, modlmisc) and the
 * driver structures the DDI uses to attach a driver (dev_ops(9S),
 * cb_ops(9S)) with illumos's field order and constants.  Plain C: the
 * simulated kernel's loader reads these layouts and the Solaris face's
 * pfhooks-modctl.h (so <sys/modctl.h>, <sys/devops.h>, <sys/sunddi.h>)
 * includes this file, so that a layout is written once.
 */
#ifndef PFHOOKS_MODCTL_TYPES_H
#define PFHOOKS_MODCTL_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C"
{
#endif

    /* ---- DDI (sys/sunddi.h, sys/devops.h) ---- */

    /** A device node; the simulated kernel makes one per attached driver. */
    typedef struct dev_info dev_info_t;

#define DDI_SUCCESS 0
#define DDI_FAILURE -1
#define DDI_PSEUDO "ddi_pseudo"

    typedef enum
    {
        DDI_INFO_DEVT2DEVINFO = 0,
        DDI_INFO_DEVT2INSTANCE = 1
    } ddi_info_cmd_t;

    typedef enum
    {
        DDI_ATTACH = 0,
        DDI_RESUME = 1,
        DDI_PM_RESUME = 2
    } ddi_attach_cmd_t;

    typedef enum
    {
        DDI_DETACH = 0,
        DDI_SUSPEND = 1,
        DDI_PM_SUSPEND = 2,
        DDI_HOTPLUG_DETACH = 3
    } ddi_detach_cmd_t;

    typedef enum
    {
        DDI_RESET_FORCE = 0
    } ddi_reset_cmd_t;

    /** Character/block entry points; a pseudo driver without a device has none. */
    struct cb_ops
    {
        int (*cb_open)();
        int (*cb_close)();
        int (*cb_strategy)();
        int (*cb_print)();
        int (*cb_dump)();
        int (*cb_read)();
        int (*cb_write)();
        int (*cb_ioctl)();
        int (*cb_devmap)();
        int (*cb_mmap)();
        int (*cb_segmap)();
        int (*cb_chpoll)();
        int (*cb_prop_op)();
        void* cb_str;
        int cb_flag;
        int cb_rev;
        int (*cb_aread)();
        int (*cb_awrite)();
    };

    struct bus_ops;

#define DEVO_REV 4
#define CB_REV 1

    /** A driver's operations (dev_ops(9S)). */
    struct dev_ops
    {
        int devo_rev;
        int devo_refcnt;
        int (*devo_getinfo)(dev_info_t* dip, ddi_info_cmd_t infocmd, void* arg, void** result);
        int (*devo_identify)(dev_info_t* dip);
        int (*devo_probe)(dev_info_t* dip);
        int (*devo_attach)(dev_info_t* dip, ddi_attach_cmd_t cmd);
        int (*devo_detach)(dev_info_t* dip, ddi_detach_cmd_t cmd);
        int (*devo_reset)(dev_info_t* dip, ddi_reset_cmd_t cmd);
        struct cb_ops* devo_cb_ops;
        struct bus_ops* devo_bus_ops;
        int (*devo_power)(dev_info_t* dip, int component, int level);
        int (*devo_quiesce)(dev_info_t* dip);
    };

    /* ---- module linkage (sys/modctl.h) ---- */

    /** What kind of module a linkage structure describes. */
    struct mod_ops
    {
        int (*modm_install)();
        int (*modm_remove)();
        int (*modm_info)();
    };

    /** Linkage of a device driver. */
    struct modldrv
    {
        struct mod_ops* drv_modops;
        char* drv_linkinfo;
        struct dev_ops* drv_dev_ops;
    };

    /** Linkage of a miscellaneous module. */
    struct modlmisc
    {
        struct mod_ops* misc_modops;
        char* misc_linkinfo;
    };

#define MODREV_1 1
#define MODMAXNAMELEN 32
#define MODMAXLINKINFOLEN 32
#define MODMAXLINK 10

    /** The module's linkage: a revision and a NULL-terminated list of linkages. */
    struct modlinkage
    {
        int ml_rev;
        void* ml_linkage[7];
    };

    struct modspecific_info
    {
        char msi_linkinfo[MODMAXLINKINFOLEN];
        int msi_p0;
    };

    /** What mod_info() fills in. */
    struct modinfo
    {
        int mi_info;
        int mi_state;
        int mi_id;
        int mi_nextid;
        void* mi_base;
        size_t mi_size;
        int mi_rev;
        int mi_loadcnt;
        char mi_name[MODMAXNAMELEN];
        struct modspecific_info mi_msinfo[MODMAXLINK];
    };

    /**
     * The two kinds of modules pfhooks loads: the loader tells a driver
     * from a misc module by which of these its linkage points to.
     */
    extern struct mod_ops mod_driverops;
    extern struct mod_ops mod_miscops;

#ifdef __cplusplus
}
#endif

#endif /* PFHOOKS_MODCTL_TYPES_H */
