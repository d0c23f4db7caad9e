/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A packet disruptor pseudo driver written the way illumos's third-party
 * modules are (ipd is the model: its API, not its code): per-stack state
 * on a list(9F), per-stack named kstats (net_kstat_create), a character
 * device /dev/dsr whose ioctls (ddi_copyin/ddi_copyout, the STRUCT_*
 * data-model macros, credentials and zones) set a drop percentage per
 * zone and list the zones; objects from a kmem cache, ids from an id
 * space, a task queue and a condition variable (DSRIOC_SYNC), and a
 * tunable (dsr_max_percent).  It builds unmodified against the Solaris
 * header tree; the kernel API tests load it.
 */
#include <sys/types.h>
#include <sys/kmem.h>
#include <sys/conf.h>
#include <sys/stat.h>
#include <sys/cmn_err.h>
#include <sys/ddi.h>
#include <sys/sunddi.h>
#include <sys/modctl.h>
#include <sys/kstat.h>
#include <sys/neti.h>
#include <sys/list.h>
#include <sys/ksynch.h>
#include <sys/sysmacros.h>
#include <sys/policy.h>
#include <sys/atomic.h>
#include <sys/model.h>
#include <sys/strsun.h>
#include <sys/netstack.h>
#include <sys/hook.h>
#include <sys/hook_event.h>
#include <sys/open.h>
#include <sys/file.h>
#include <sys/cred.h>
#include <sys/condvar.h>
#include <sys/taskq.h>
#include <sys/id_space.h>
#include <sys/errno.h>

#include "disruptor.h"

/* Kernel code's NULL is illumos's: a long zero, usable as an int flag. */
_Static_assert(sizeof (NULL) == sizeof (long), "NULL is 0L");
/* The names <sys/neti.h> gives (sys/hook_impl.h's among them) */
_Static_assert(MAP_IPIF_ID(0) == 1 && UNMAP_IPIF_ID(1) == 0 &&
    UNMAP_IPIF_ID(0) == 0, "lif ids");
_Static_assert(NET_HCK_NONE == 0 && NET_HCK_L3_FULL == 0x01 &&
    NET_HCK_L3_PART == 0x02 && NET_HCK_L4_FULL == 0x10 &&
    NET_HCK_L4_PART == 0x20, "NIC checksum capabilities");
_Static_assert(sizeof (Hn_IPV4) == sizeof ("inet") &&
    sizeof (Hn_IPV6) == sizeof ("inet6") && sizeof (Hn_ARP) == sizeof ("arp"),
    "hook family names");
_Static_assert(FREAD == 1 && FWRITE == 2 && FNDELAY == 4 && FEXCL == 0x400,
    "illumos's open flags");

typedef struct dsr_kstats {
	kstat_named_t	dk_packets;
	kstat_named_t	dk_drops;
} dsr_kstats_t;

typedef struct dsr_stack {
	list_node_t	ds_link;
	netid_t		ds_netid;
	zoneid_t	ds_zoneid;
	int		ds_id;
	kstat_t		*ds_kstat;
	dsr_kstats_t	ds_ks;
	kmutex_t	ds_lock;
	boolean_t	ds_condemned;
	uint32_t	ds_drop;
	uint64_t	ds_count;
	net_handle_t	ds_v4;
	hook_t		*ds_hook;
} dsr_stack_t;

/* Tunable: set module:variable=value (pfhooks-run --set-tunable) */
static uint32_t dsr_max_percent = 100;

static dev_info_t *dsr_devi;
static net_instance_t *dsr_neti;
static kmutex_t dsr_lock;		/* the list, dsr_nhooked, the sync */
static list_t dsr_stacks;
static unsigned int dsr_nhooked;
static kmem_cache_t *dsr_cache;
static id_space_t *dsr_ids;
static ddi_taskq_t *dsr_tq;
static kcondvar_t dsr_cv;
static unsigned int dsr_tasks_run;
static int dsr_ctor_calls;

static int
dsr_ctor(void *buf, void *arg, int kmflags)
{
	dsr_stack_t *ds = buf;

	ASSERT(arg == &dsr_ctor_calls);
	bzero(ds, sizeof (*ds));
	mutex_init(&ds->ds_lock, NULL, MUTEX_DRIVER, NULL);
	list_link_init(&ds->ds_link);
	dsr_ctor_calls++;
	return (0);
}

static void
dsr_dtor(void *buf, void *arg)
{
	dsr_stack_t *ds = buf;

	ASSERT(!list_link_active(&ds->ds_link));
	mutex_destroy(&ds->ds_lock);
}

static int
dsr_hook(hook_event_token_t event, hook_data_t data, void *arg)
{
	dsr_stack_t *ds = arg;
	hook_pkt_event_t *pkt = (hook_pkt_event_t *)data;
	uint64_t n;
	uint32_t drop;

	mutex_enter(&ds->ds_lock);
	n = ds->ds_count++;
	drop = ds->ds_drop;
	mutex_exit(&ds->ds_lock);
	atomic_inc_64(&ds->ds_ks.dk_packets.value.ui64);
	/* Every NIC checks nothing in hardware here */
	VERIFY(!NET_IS_HCK_L34_FULL(ds->ds_v4, *pkt->hpe_mp));
	if (n % 100 < drop) {
		freemsg(*pkt->hpe_mp);
		*pkt->hpe_mp = NULL;
		pkt->hpe_mb = NULL;
		pkt->hpe_hdr = NULL;
		atomic_inc_64(&ds->ds_ks.dk_drops.value.ui64);
		return (1);
	}
	return (0);
}

/* Called with ds_lock held; drops it around the framework's calls */
static int
dsr_hook_up(dsr_stack_t *ds)
{
	ds->ds_v4 = net_protocol_lookup(ds->ds_netid, NHF_INET);
	if (ds->ds_v4 == NULL)
		return (ENXIO);
	ds->ds_hook = hook_alloc(HOOK_VERSION);
	ds->ds_hook->h_func = dsr_hook;
	ds->ds_hook->h_arg = ds;
	ds->ds_hook->h_name = "dsr";
	ds->ds_hook->h_hint = HH_NONE;
	if (net_hook_register(ds->ds_v4, NH_PHYSICAL_IN, ds->ds_hook) != 0) {
		hook_free(ds->ds_hook);
		ds->ds_hook = NULL;
		(void) net_protocol_release(ds->ds_v4);
		ds->ds_v4 = NULL;
		return (EIO);
	}
	dsr_nhooked++;
	return (0);
}

static void
dsr_hook_down(dsr_stack_t *ds)
{
	if (ds->ds_hook == NULL)
		return;
	VERIFY0(net_hook_unregister(ds->ds_v4, NH_PHYSICAL_IN, ds->ds_hook));
	hook_free(ds->ds_hook);
	ds->ds_hook = NULL;
	VERIFY0(net_protocol_release(ds->ds_v4));
	ds->ds_v4 = NULL;
	dsr_nhooked--;
}

static void *
dsr_nin_create(const netid_t id)
{
	dsr_stack_t *ds = kmem_cache_alloc(dsr_cache, KM_SLEEP);

	ds->ds_netid = id;
	ds->ds_zoneid = netstackid_to_zoneid(net_getnetstackidbynetid(id));
	ds->ds_id = id_alloc(dsr_ids);
	ds->ds_kstat = net_kstat_create(id, "dsr", 0, "dsr", "net",
	    KSTAT_TYPE_NAMED, sizeof (dsr_kstats_t) / sizeof (kstat_named_t),
	    KSTAT_FLAG_VIRTUAL);
	if (ds->ds_kstat != NULL) {
		if (ds->ds_zoneid != GLOBAL_ZONEID)
			kstat_zone_add(ds->ds_kstat, GLOBAL_ZONEID);
		ds->ds_kstat->ks_data = &ds->ds_ks;
		kstat_named_init(&ds->ds_ks.dk_packets, "packets",
		    KSTAT_DATA_UINT64);
		kstat_named_init(&ds->ds_ks.dk_drops, "drops",
		    KSTAT_DATA_UINT64);
		kstat_install(ds->ds_kstat);
	}
	mutex_enter(&dsr_lock);
	list_insert_tail(&dsr_stacks, ds);
	mutex_exit(&dsr_lock);
	return (ds);
}

static void
dsr_nin_shutdown(const netid_t id, void *arg)
{
	dsr_stack_t *ds = arg;

	VERIFY3S(id, ==, ds->ds_netid);
	/* The stack's families go before nin_destroy: unhook now */
	mutex_enter(&dsr_lock);
	dsr_hook_down(ds);
	mutex_exit(&dsr_lock);
	mutex_enter(&ds->ds_lock);
	ds->ds_condemned = B_TRUE;
	if (ds->ds_kstat != NULL) {
		net_kstat_delete(id, ds->ds_kstat);
		ds->ds_kstat = NULL;
	}
	mutex_exit(&ds->ds_lock);
}

static void
dsr_nin_destroy(const netid_t id, void *arg)
{
	dsr_stack_t *ds = arg;

	mutex_enter(&dsr_lock);
	list_remove(&dsr_stacks, ds);
	dsr_hook_down(ds);
	mutex_exit(&dsr_lock);
	id_free(dsr_ids, ds->ds_id);
	kmem_cache_free(dsr_cache, ds);
}

static dsr_stack_t *
dsr_find(zoneid_t zid)
{
	dsr_stack_t *ds;

	ASSERT(MUTEX_HELD(&dsr_lock));
	for (ds = list_head(&dsr_stacks); ds != NULL;
	    ds = list_next(&dsr_stacks, ds)) {
		if (ds->ds_zoneid == zid)
			return (ds);
	}
	return (NULL);
}

static int
dsr_set(dsr_ioc_set_t *set, cred_t *cr, int cmd)
{
	zoneid_t zid = crgetzoneid(cr);
	dsr_stack_t *ds;
	int rv = 0;

	/* Only the global zone may name another zone */
	if (zid != GLOBAL_ZONEID) {
		if (set->dis_zoneid != zid)
			return (EPERM);
	}
	if (zoneid_to_netstackid(set->dis_zoneid) < 0)
		return (EINVAL);
	if (cmd == DSRIOC_DROP && set->dis_arg > dsr_max_percent)
		return (ERANGE);

	mutex_enter(&dsr_lock);
	ds = dsr_find(set->dis_zoneid);
	if (ds == NULL || ds->ds_condemned) {
		mutex_exit(&dsr_lock);
		return (ds == NULL ? EINVAL : ESHUTDOWN);
	}
	mutex_enter(&ds->ds_lock);
	ds->ds_drop = cmd == DSRIOC_DROP ? set->dis_arg : 0;
	mutex_exit(&ds->ds_lock);
	if (ds->ds_drop != 0 && ds->ds_hook == NULL)
		rv = dsr_hook_up(ds);
	else if (ds->ds_drop == 0)
		dsr_hook_down(ds);
	mutex_exit(&dsr_lock);
	return (rv);
}

static int
dsr_list(intptr_t arg, cred_t *cr)
{
	zoneid_t zid = crgetzoneid(cr);
	dsr_ioc_info_t *info;
	dsr_stack_t *ds;
	uint_t room, n = 0, total;
	int rv = 0;
	STRUCT_DECL(dsr_ioc_list, h);

	STRUCT_INIT(h, get_udatamodel());
	if (ddi_copyin((void *)arg, STRUCT_BUF(h), STRUCT_SIZE(h), 0) != 0)
		return (EFAULT);
	room = STRUCT_FGET(h, dil_nzones);

	mutex_enter(&dsr_lock);
	total = dsr_nhooked;
	info = kmem_zalloc(sizeof (*info) * MAX(total, 1), KM_SLEEP);
	for (ds = list_head(&dsr_stacks); ds != NULL;
	    ds = list_next(&dsr_stacks, ds)) {
		if (ds->ds_hook == NULL)
			continue;
		if (zid != GLOBAL_ZONEID && zid != ds->ds_zoneid)
			continue;
		info[n].dii_zoneid = ds->ds_zoneid;
		info[n].dii_drop = ds->ds_drop;
		info[n].dii_id = ds->ds_id;
		n++;
	}
	mutex_exit(&dsr_lock);

	STRUCT_FSET(h, dil_nzones, n);
	if (room != 0 && n != 0 &&
	    ddi_copyout(info, STRUCT_FGETP(h, dil_info),
	    MIN(n, room) * sizeof (*info), NULL) != 0)
		rv = EFAULT;
	kmem_free(info, sizeof (*info) * MAX(total, 1));
	if (ddi_copyout(STRUCT_BUF(h), (void *)arg, STRUCT_SIZE(h), 0) != 0)
		return (EFAULT);
	return (rv);
}

static void
dsr_task(void *arg)
{
	unsigned int *done = arg;

	delay(drv_usectohz(2000));	/* a task may sleep */
	mutex_enter(&dsr_lock);
	dsr_tasks_run++;
	*done = 1;
	cv_broadcast(&dsr_cv);
	mutex_exit(&dsr_lock);
}

static int
dsr_sync(int *rvalp)
{
	unsigned int done = 0;

	(void) ddi_taskq_dispatch(dsr_tq, dsr_task, &done, DDI_SLEEP);
	mutex_enter(&dsr_lock);
	while (!done)
		cv_wait(&dsr_cv, &dsr_lock);
	*rvalp = (int)dsr_tasks_run;
	mutex_exit(&dsr_lock);
	return (0);
}

static int
dsr_open(dev_t *devp, int flag, int otyp, cred_t *credp)
{
	if (flag & FEXCL || flag & FNDELAY)
		return (EINVAL);
	if (otyp != OTYP_CHR)
		return (EINVAL);
	if (!(flag & FREAD && flag & FWRITE))
		return (EINVAL);
	if (getminor(*devp) != 0)
		return (ENXIO);
	if (secpolicy_ip_config(credp, B_FALSE) != 0)
		return (EPERM);
	return (0);
}

static int
dsr_close(dev_t dev, int flag, int otyp, cred_t *credp)
{
	return (0);
}

static int
dsr_ioctl(dev_t dev, int cmd, intptr_t arg, int md, cred_t *cr, int *rv)
{
	dsr_ioc_set_t set;

	drv_usecwait(10);	/* a busy wait outside hooks: no time passes */
	switch (cmd) {
	case DSRIOC_DROP:
	case DSRIOC_REMOVE:
		if (ddi_copyin((void *)arg, &set, sizeof (set), md) != 0)
			return (EFAULT);
		return (dsr_set(&set, cr, cmd));
	case DSRIOC_LIST:
		return (dsr_list(arg, cr));
	case DSRIOC_SYNC:
		return (dsr_sync(rv));
	default:
		return (ENOTTY);
	}
}

static int
dsr_getinfo(dev_info_t *dip, ddi_info_cmd_t cmd, void *arg, void **result)
{
	switch (cmd) {
	case DDI_INFO_DEVT2DEVINFO:
		*result = dsr_devi;
		return (DDI_SUCCESS);
	case DDI_INFO_DEVT2INSTANCE:
		*result = (void *)(uintptr_t)getminor((dev_t)arg);
		return (DDI_SUCCESS);
	default:
		return (DDI_FAILURE);
	}
}

static int
dsr_attach(dev_info_t *dip, ddi_attach_cmd_t cmd)
{
	if (cmd != DDI_ATTACH || dsr_devi != NULL)
		return (DDI_FAILURE);
	if (ddi_create_minor_node(dip, "dsr", S_IFCHR, ddi_get_instance(dip),
	    DDI_PSEUDO, 0) == DDI_FAILURE)
		return (DDI_FAILURE);

	list_create(&dsr_stacks, sizeof (dsr_stack_t),
	    offsetof(dsr_stack_t, ds_link));
	mutex_init(&dsr_lock, NULL, MUTEX_DRIVER, NULL);
	cv_init(&dsr_cv, NULL, CV_DRIVER, NULL);
	dsr_cache = kmem_cache_create("dsr_stack", sizeof (dsr_stack_t), 0,
	    dsr_ctor, dsr_dtor, NULL, &dsr_ctor_calls, NULL, 0);
	dsr_ids = id_space_create("dsr_ids", 1, 1000);
	dsr_tq = ddi_taskq_create(dip, "dsr_tq", 1, TASKQ_DEFAULTPRI, 0);

	dsr_neti = net_instance_alloc(NETINFO_VERSION);
	dsr_neti->nin_name = "dsr";
	dsr_neti->nin_create = dsr_nin_create;
	dsr_neti->nin_shutdown = dsr_nin_shutdown;
	dsr_neti->nin_destroy = dsr_nin_destroy;
	if (net_instance_register(dsr_neti) != 0) {
		net_instance_free(dsr_neti);
		ddi_remove_minor_node(dip, NULL);
		return (DDI_FAILURE);
	}
	ddi_report_dev(dip);
	dsr_devi = dip;
	VERIFY(strcmp(Hn_IPV4, "inet") == 0 && strcmp(Hn_IPV6, "inet6") == 0 &&
	    strcmp(Hn_ARP, "arp") == 0);
	cmn_err(CE_CONT, "dsr: attached, max %u%%\n", dsr_max_percent);
	return (DDI_SUCCESS);
}

static int
dsr_detach(dev_info_t *dip, ddi_detach_cmd_t cmd)
{
	if (cmd != DDI_DETACH)
		return (DDI_FAILURE);
	mutex_enter(&dsr_lock);
	if (dsr_nhooked > 0) {
		mutex_exit(&dsr_lock);
		return (DDI_FAILURE);
	}
	mutex_exit(&dsr_lock);
	VERIFY0(net_instance_unregister(dsr_neti));
	net_instance_free(dsr_neti);
	ddi_taskq_destroy(dsr_tq);
	id_space_destroy(dsr_ids);
	kmem_cache_destroy(dsr_cache);
	cv_destroy(&dsr_cv);
	mutex_destroy(&dsr_lock);
	list_destroy(&dsr_stacks);
	ddi_remove_minor_node(dip, NULL);
	dsr_devi = NULL;
	cmn_err(CE_CONT, "dsr: detached after %d objects, %u tasks\n",
	    dsr_ctor_calls, dsr_tasks_run);
	return (DDI_SUCCESS);
}

static struct cb_ops dsr_cb_ops = {
	dsr_open,		/* open */
	dsr_close,		/* close */
	nodev,			/* strategy */
	nodev,			/* print */
	nodev,			/* dump */
	nodev,			/* read */
	nodev,			/* write */
	dsr_ioctl,		/* ioctl */
	nodev,			/* devmap */
	nodev,			/* mmap */
	nodev,			/* segmap */
	nochpoll,		/* poll */
	ddi_prop_op,		/* prop_op */
	NULL,			/* streamtab */
	D_NEW | D_MP,		/* flags */
	CB_REV,			/* rev */
	nodev,			/* aread */
	nodev			/* awrite */
};

static struct dev_ops dsr_dev_ops = {
	DEVO_REV,		/* rev */
	0,			/* refcnt */
	dsr_getinfo,		/* getinfo */
	nulldev,		/* identify */
	nulldev,		/* probe */
	dsr_attach,		/* attach */
	dsr_detach,		/* detach */
	nodev,			/* reset */
	&dsr_cb_ops,		/* cb_ops */
	NULL,			/* bus_ops */
	nodev,			/* power */
	ddi_quiesce_not_needed	/* quiesce */
};

static struct modldrv dsr_modldrv = {
	&mod_driverops,
	"packet disruptor",
	&dsr_dev_ops
};

static struct modlinkage dsr_modlinkage = {
	MODREV_1,
	{ (void *)&dsr_modldrv, NULL }
};

int
_init(void)
{
	return (mod_install(&dsr_modlinkage));
}

int
_info(struct modinfo *modinfop)
{
	return (mod_info(&dsr_modlinkage, modinfop));
}

int
_fini(void)
{
	kmem_free(NULL, 0);	/* nothing to free: returns, as illumos's */
	return (mod_remove(&dsr_modlinkage));
}
