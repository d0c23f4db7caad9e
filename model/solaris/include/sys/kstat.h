/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/kstat.h>: kernel statistics, the provider's side: kstat_t,
 * kstat_named_t, kstat_create(9F), kstat_named_init, kstat_install,
 * kstat_delete, kstat_zone_add.  Installed named kstats are read through
 * net_kstat_read, --kstats and the run's report (docs: solaris-kernel.md).
 */
#ifndef PFHOOKS_SOL_SYS_KSTAT_H
#define	PFHOOKS_SOL_SYS_KSTAT_H

#include <sys/types.h>
#include <sys/time.h>
#include <sys/pfhooks_solaris.h>
#include "ns3/pfhooks-kstat-types.h"
#include "ns3/pfhooks-kernel-lib.h"

#define	KSTAT_NAMED_PTR(kptr)	((kstat_named_t *)(kptr)->ks_data)
#define	KSTAT_NAMED_STR_PTR(knptr)	((knptr)->value.str.addr.ptr)
#define	KSTAT_NAMED_STR_BUFLEN(knptr)	((knptr)->value.str.len)

#ifdef _KERNEL
#define	kstat_create(module, instance, name, ks_class, type, ndata, flags) \
	pfhooks_kstat_create(PFHOOKS_SITE, (module), (instance), (name), \
	    (ks_class), (type), (ndata), (flags), GLOBAL_ZONEID)
#define	kstat_create_zone(module, instance, name, ks_class, type, ndata, \
	    flags, zoneid) \
	pfhooks_kstat_create(PFHOOKS_SITE, (module), (instance), (name), \
	    (ks_class), (type), (ndata), (flags), (zoneid))
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_KSTAT_H */
