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
        int (*cb_open)();     /**< open(9E) */
        int (*cb_close)();    /**< close(9E) */
        int (*cb_strategy)(); /**< strategy(9E), block devices */
        int (*cb_print)();    /**< print(9E) */
        int (*cb_dump)();     /**< dump(9E) */
        int (*cb_read)();     /**< read(9E) */
        int (*cb_write)();    /**< write(9E) */
        int (*cb_ioctl)();    /**< ioctl(9E) */
        int (*cb_devmap)();   /**< devmap(9E) */
        int (*cb_mmap)();     /**< mmap(9E) */
        int (*cb_segmap)();   /**< segmap(9E) */
        int (*cb_chpoll)();   /**< chpoll(9E) */
        int (*cb_prop_op)();  /**< prop_op(9E) */
        void* cb_str;         /**< STREAMS table (streamtab), NULL if none */
        int cb_flag;          /**< driver flags (D_MP, ...) */
        int cb_rev;           /**< CB_REV */
        int (*cb_aread)();    /**< aread(9E) */
        int (*cb_awrite)();   /**< awrite(9E) */
    };

    struct bus_ops;

#define DEVO_REV 4
#define CB_REV 1

    /** A driver's operations (dev_ops(9S)). */
    struct dev_ops
    {
        int devo_rev;    /**< DEVO_REV */
        int devo_refcnt; /**< reference count, kept by the framework */
        int (*devo_getinfo)(dev_info_t* dip,
                            ddi_info_cmd_t infocmd,
                            void* arg,
                            void** result);    /**< getinfo(9E) */
        int (*devo_identify)(dev_info_t* dip); /**< identify(9E), obsolete: nulldev */
        int (*devo_probe)(dev_info_t* dip);    /**< probe(9E) */
        int (*devo_attach)(dev_info_t* dip, ddi_attach_cmd_t cmd); /**< attach(9E) */
        int (*devo_detach)(dev_info_t* dip, ddi_detach_cmd_t cmd); /**< detach(9E) */
        int (*devo_reset)(dev_info_t* dip, ddi_reset_cmd_t cmd);   /**< reset, obsolete: nodev */
        struct cb_ops* devo_cb_ops;   /**< character/block entry points */
        struct bus_ops* devo_bus_ops; /**< nexus drivers only; NULL for a leaf */
        int (*devo_power)(dev_info_t* dip, int component, int level); /**< power(9E) */
        int (*devo_quiesce)(dev_info_t* dip); /**< quiesce(9E), fast reboot */
    };

    /* ---- module linkage (sys/modctl.h) ---- */

    /** What kind of module a linkage structure describes. */
    struct mod_ops
    {
        int (*modm_install)(); /**< installs the module */
        int (*modm_remove)();  /**< removes the module */
        int (*modm_info)();    /**< reports the module's information */
    };

    /** Linkage of a device driver. */
    struct modldrv
    {
        struct mod_ops* drv_modops;  /**< &mod_driverops */
        char* drv_linkinfo;          /**< name shown by modinfo(8) */
        struct dev_ops* drv_dev_ops; /**< the driver's operations */
    };

    /** Linkage of a miscellaneous module. */
    struct modlmisc
    {
        struct mod_ops* misc_modops; /**< &mod_miscops */
        char* misc_linkinfo;         /**< name shown by modinfo(8) */
    };

#define MODREV_1 1
#define MODMAXNAMELEN 32
#define MODMAXLINKINFOLEN 32
#define MODMAXLINK 10

    /** The module's linkage: a revision and a NULL-terminated list of linkages. */
    struct modlinkage
    {
        int ml_rev;          /**< MODREV_1 */
        void* ml_linkage[7]; /**< modldrv/modlmisc pointers, NULL-terminated */
    };

    /** One linkage's part of mod_info()'s answer. */
    struct modspecific_info
    {
        char msi_linkinfo[MODMAXLINKINFOLEN]; /**< a linkage's linkinfo string */
        int msi_p0;                           /**< type-specific value (a driver's major number) */
    };

    /** What mod_info() fills in. */
    struct modinfo
    {
        int mi_info;                 /**< which information is asked for */
        int mi_state;                /**< loaded/installed state */
        int mi_id;                   /**< module id */
        int mi_nextid;               /**< the next module's id, for a walk of all */
        void* mi_base;               /**< load address */
        size_t mi_size;              /**< size in memory */
        int mi_rev;                  /**< loadable module revision */
        int mi_loadcnt;              /**< times the module was loaded */
        char mi_name[MODMAXNAMELEN]; /**< module name */
        struct modspecific_info mi_msinfo[MODMAXLINK]; /**< one entry per linkage */
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
