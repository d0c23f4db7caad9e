/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The rest of the kernel API third-party modules use (illumos's IP
 * disruptor ipd is the yardstick): kstats, credentials and zones, the
 * DDI's device-side calls, condition variables, task queues, object
 * caches, id spaces and AVL trees, under their illumos names where no call site is
 * needed.  Their behaviour is in the simulated kernel (model/kernel/);
 * model/solaris/pfhooks-*-face.cc turn each into a call to it.  The
 * Solaris headers (<sys/kstat.h>, <sys/cred.h>, <sys/condvar.h>,
 * <sys/taskq.h>, ...) map illumos's names onto these.
 */
#ifndef PFHOOKS_KERNEL_LIB_H
#define PFHOOKS_KERNEL_LIB_H

#include "ns3/pfhooks-avl-types.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/pfhooks-kernel-types.h"
#include "ns3/pfhooks-kstat-types.h"
#include "ns3/pfhooks-modctl-types.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C"
{
#endif

    /* ---- kstat(9S) ---- */
    /** kstat_create(9F): NULL for a bad argument. */
    kstat_t* pfhooks_kstat_create(const pfhooks_site_t* site,
                                  const char* module,
                                  int instance,
                                  const char* name,
                                  const char* ks_class,
                                  uint8_t type,
                                  unsigned int ndata,
                                  uint8_t flags,
                                  zoneid_t zoneid);
    /** net_kstat_create (netinfo): a kstat of stack @p netid. */
    kstat_t* pfhooks_net_kstat_create(const pfhooks_site_t* site,
                                      netid_t netid,
                                      const char* module,
                                      int instance,
                                      const char* name,
                                      const char* ks_class,
                                      uint8_t type,
                                      unsigned long ndata,
                                      uint8_t ks_flag);
    void kstat_install(kstat_t* ksp);
    void kstat_delete(kstat_t* ksp);
    void kstat_zone_add(kstat_t* ksp, zoneid_t zoneid);
    void kstat_named_init(kstat_named_t* knp, const char* name, uint8_t data_type);
    void net_kstat_delete(netid_t netid, kstat_t* ksp);

    /* ---- credentials, zones and stacks ---- */
    typedef struct cred cred_t;
    /** The global zone's kernel credential (illumos: a variable). */
    cred_t* pfhooks_kcred(void);
    zoneid_t crgetzoneid(const cred_t* cr);
    uid_t crgetuid(const cred_t* cr);
    void crhold(cred_t* cr);
    void crfree(cred_t* cr);
    /** The root credential of zone @p zoneid, held; NULL for no such zone. */
    cred_t* zone_get_kcred(zoneid_t zoneid);
    /** 0: every caller is root of its exclusive-IP zone. */
    int secpolicy_ip_config(const cred_t* cr, int checkonly);
    int secpolicy_net_config(const cred_t* cr, int checkonly);
    /** Every instance is an exclusive stack whose netstack id is its zone id; -1 for none. */
    zoneid_t netstackid_to_zoneid(int stackid);
    int zoneid_to_netstackid(zoneid_t zoneid);

    /* ---- the DDI's device side ---- */
    /** ddi_copyin(9F): 0, or -1 for a bad address (the driver returns EFAULT). */
    int ddi_copyin(const void* buf, void* driverbuf, size_t cn, int flags);
    /** ddi_copyout(9F): 0, or -1 for a bad address. */
    int ddi_copyout(const void* driverbuf, void* buf, size_t cn, int flags);
    void ddi_report_dev(dev_info_t* dip);
    int ddi_prop_op();
    int ddi_quiesce_not_needed(dev_info_t* dip);
    int nochpoll();
    /** get_udatamodel(9F): the caller's data model; always DATAMODEL_LP64 here. */
    unsigned int get_udatamodel(void);
    /** drv_usecwait(9F): a busy wait (no simulated time passes outside hooks). */
    void drv_usecwait(clock_t usec);

    /* ---- condition variables (condvar(9F)) ---- */
    void cv_init(pfhooks_kcondvar_t* cvp, const char* name, int type, void* arg);
    void cv_destroy(pfhooks_kcondvar_t* cvp);
    void cv_wait(pfhooks_kcondvar_t* cvp, pfhooks_kmutex_t* mp);
    /** Signals do not exist here: as cv_wait, \return 1 */
    int cv_wait_sig(pfhooks_kcondvar_t* cvp, pfhooks_kmutex_t* mp);
    /** \return -1 when lbolt reached @p abstime first, else 1 */
    clock_t cv_timedwait(pfhooks_kcondvar_t* cvp, pfhooks_kmutex_t* mp, clock_t abstime);
    /** \return -1 when @p delta (in units of @p res) passed first, else 1 */
    clock_t cv_reltimedwait(pfhooks_kcondvar_t* cvp, pfhooks_kmutex_t* mp, clock_t delta, int res);
    void cv_signal(pfhooks_kcondvar_t* cvp);
    void cv_broadcast(pfhooks_kcondvar_t* cvp);

    /* ---- task queues (taskq, ddi_taskq(9F)) ---- */
    typedef struct taskq taskq_t;
    typedef struct taskq ddi_taskq_t;
    typedef uintptr_t taskqid_t;
    typedef void(task_func_t)(void*);
    taskq_t* pfhooks_taskq_create(const pfhooks_site_t* site, const char* name, int nthreads);
    /** taskq_dispatch: the task's id (never 0). */
    taskqid_t taskq_dispatch(taskq_t* tq, task_func_t func, void* arg, unsigned int flags);
    void taskq_wait(taskq_t* tq);
    void taskq_destroy(taskq_t* tq);
    /** ddi_taskq_dispatch: DDI_SUCCESS. */
    int ddi_taskq_dispatch(ddi_taskq_t* tq, void (*func)(void*), void* arg, unsigned int dflags);
    void ddi_taskq_wait(ddi_taskq_t* tq);
    void ddi_taskq_destroy(ddi_taskq_t* tq);
    void ddi_taskq_suspend(ddi_taskq_t* tq);
    void ddi_taskq_resume(ddi_taskq_t* tq);

    /* ---- object caches (kmem_cache_create(9F)) ---- */
    typedef struct kmem_cache kmem_cache_t;
    kmem_cache_t* pfhooks_kmem_cache_create(const pfhooks_site_t* site,
                                            const char* name,
                                            size_t bufsize,
                                            size_t align,
                                            int (*constructor)(void*, void*, int),
                                            void (*destructor)(void*, void*),
                                            void (*reclaim)(void*),
                                            void* priv,
                                            void* vmp,
                                            int cflags);
    void* pfhooks_kmem_cache_alloc(kmem_cache_t* cp, int kmflags, const pfhooks_site_t* site);
    void pfhooks_kmem_cache_free(kmem_cache_t* cp, void* buf, const pfhooks_site_t* site);
    void kmem_cache_destroy(kmem_cache_t* cp);

    /* ---- id spaces (id_space(9F)) ---- */
    typedef struct id_space id_space_t;
    id_space_t* id_space_create(const char* name, int low, int high);
    void id_space_destroy(id_space_t* isp);
    int id_alloc(id_space_t* isp);
    int id_alloc_nosleep(id_space_t* isp);
    int id_allocff(id_space_t* isp);
    int id_allocff_nosleep(id_space_t* isp);
    int id_alloc_specific_nosleep(id_space_t* isp, int id);
    void id_free(id_space_t* isp, int id);

    /* ---- AVL trees (avl(9F)); booleans are boolean_t's 0/1 ---- */
    void avl_create(avl_tree_t* tree,
                    int (*compar)(const void*, const void*),
                    size_t size,
                    size_t offset);
    void* avl_find(avl_tree_t* tree, const void* value, avl_index_t* where);
    void avl_insert(avl_tree_t* tree, void* new_data, avl_index_t where);
    void avl_insert_here(avl_tree_t* tree, void* new_data, void* here, int direction);
    void* avl_first(avl_tree_t* tree);
    void* avl_last(avl_tree_t* tree);
    /** AVL_NEXT (@p direction AVL_AFTER) and AVL_PREV (AVL_BEFORE). */
    void* avl_walk(avl_tree_t* tree, void* data, int direction);
    void* avl_nearest(avl_tree_t* tree, avl_index_t where, int direction);
    /** Panics when an equal object is in the tree, as illumos does. */
    void avl_add(avl_tree_t* tree, void* node);
    void avl_remove(avl_tree_t* tree, void* node);
    int avl_update(avl_tree_t* tree, void* node);
    int avl_update_lt(avl_tree_t* tree, void* node);
    int avl_update_gt(avl_tree_t* tree, void* node);
    void avl_swap(avl_tree_t* tree1, avl_tree_t* tree2);
    unsigned long avl_numnodes(avl_tree_t* tree);
    int avl_is_empty(avl_tree_t* tree);
    void* avl_destroy_nodes(avl_tree_t* tree, void** cookie);
    void avl_destroy(avl_tree_t* tree);

#ifdef __cplusplus
}
#endif

#endif /* PFHOOKS_KERNEL_LIB_H */
