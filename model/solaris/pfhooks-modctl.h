/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Module linkage (modctl(9S): modlinkage, modldrv, modlmisc) and the
 * driver structures the DDI uses to attach a driver (dev_ops(9S),
 * cb_ops(9S)) with illumos's field order and constants.  Plain C: the
 * Solaris face's <sys/modctl.h>, <sys/devops.h>, <sys/ddi.h> and
 * <sys/sunddi.h> include this file, and so does the simulated kernel
 * (model/kernel/solaris-kernel.cc), so that a layout is written once.
 */
#ifndef PFHOOKS_MODCTL_H
#define PFHOOKS_MODCTL_H

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
        int (*cb_open)();     /**< open(9E); never called here */
        int (*cb_close)();    /**< close(9E); never called here */
        int (*cb_strategy)(); /**< strategy(9E); never called here */
        int (*cb_print)();    /**< print(9E); never called here */
        int (*cb_dump)();     /**< dump(9E); never called here */
        int (*cb_read)();     /**< read(9E); never called here */
        int (*cb_write)();    /**< write(9E); never called here */
        int (*cb_ioctl)();    /**< ioctl(9E); never called here */
        int (*cb_devmap)();   /**< devmap(9E); never called here */
        int (*cb_mmap)();     /**< mmap(9E); never called here */
        int (*cb_segmap)();   /**< segmap(9E); never called here */
        int (*cb_chpoll)();   /**< chpoll(9E); never called here */
        int (*cb_prop_op)();  /**< prop_op(9E); never called here */
        void* cb_str;         /**< STREAMS tab (NULL) */
        int cb_flag;          /**< driver flags */
        int cb_rev;           /**< CB_REV */
        int (*cb_aread)();    /**< aread(9E); never called here */
        int (*cb_awrite)();   /**< awrite(9E); never called here */
    };

    struct bus_ops;

#define DEVO_REV 4
#define CB_REV 1

    /** A driver's operations (dev_ops(9S)). */
    struct dev_ops
    {
        int devo_rev;    /**< DEVO_REV */
        int devo_refcnt; /**< references (0) */
        /** getinfo(9E); never called here. */
        int (*devo_getinfo)(dev_info_t* dip, ddi_info_cmd_t infocmd, void* arg, void** result);
        int (*devo_identify)(dev_info_t* dip); /**< identify(9E) (nulldev); never called here */
        int (*devo_probe)(dev_info_t* dip);    /**< probe(9E); never called here */
        /** attach(9E): DDI_ATTACH once the module is loaded. */
        int (*devo_attach)(dev_info_t* dip, ddi_attach_cmd_t cmd);
        /** detach(9E): DDI_DETACH before _fini; a failure keeps the module. */
        int (*devo_detach)(dev_info_t* dip, ddi_detach_cmd_t cmd);
        /** reset(9E); never called here. */
        int (*devo_reset)(dev_info_t* dip, ddi_reset_cmd_t cmd);
        struct cb_ops* devo_cb_ops;   /**< character/block entry points (no_cb_ops) */
        struct bus_ops* devo_bus_ops; /**< bus operations (NULL for a leaf driver) */
        /** power(9E); never called here. */
        int (*devo_power)(dev_info_t* dip, int component, int level);
        int (*devo_quiesce)(dev_info_t* dip); /**< quiesce(9E); never called here */
    };

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

    /** What kind of module a linkage structure describes. */
    struct mod_ops
    {
        int (*modm_install)(); /**< unused: mod_install() knows the two kinds */
        int (*modm_remove)();  /**< unused */
        int (*modm_info)();    /**< unused */
    };

    /** Linkage of a device driver. */
    struct modldrv
    {
        struct mod_ops* drv_modops;  /**< &mod_driverops */
        char* drv_linkinfo;          /**< the module's description (modinfo, the load notice) */
        struct dev_ops* drv_dev_ops; /**< the driver's operations */
    };

    /** Linkage of a miscellaneous module. */
    struct modlmisc
    {
        struct mod_ops* misc_modops; /**< &mod_miscops */
        char* misc_linkinfo;         /**< the module's description (modinfo, the load notice) */
    };

#define MODREV_1 1
#define MODMAXNAMELEN 32
#define MODMAXLINKINFOLEN 32
#define MODMAXLINK 10

    /** The module's linkage: a revision and a NULL-terminated list of linkages. */
    struct modlinkage
    {
        int ml_rev;          /**< MODREV_1 */
        void* ml_linkage[7]; /**< modldrv or modlmisc pointers, NULL-terminated */
    };

    /** What mod_info() tells of one linkage. */
    struct modspecific_info
    {
        char msi_linkinfo[MODMAXLINKINFOLEN]; /**< the linkage's description */
        int msi_p0;                           /**< kept for layout, unused */
    };

    /** What mod_info() fills in. */
    struct modinfo
    {
        int mi_info;                                   /**< unused */
        int mi_state;                                  /**< unused */
        int mi_id;                                     /**< the module's id */
        int mi_nextid;                                 /**< unused */
        void* mi_base;                                 /**< unused */
        size_t mi_size;                                /**< unused */
        int mi_rev;                                    /**< ml_rev of the linkage */
        int mi_loadcnt;                                /**< unused */
        char mi_name[MODMAXNAMELEN];                   /**< the module's name */
        struct modspecific_info mi_msinfo[MODMAXLINK]; /**< one per linkage */
    };

    /** The two kinds of modules pfhooks loads. */
    extern struct mod_ops mod_driverops;
    extern struct mod_ops mod_miscops;

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
