/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/neti.h>: netinfo(9F): net instances, protocol handles, event and
 * hook registration, notifications, injection and interface queries; the
 * lif id mapping (MAP_IPIF_ID), the NIC checksum capabilities (NET_HCK_*)
 * and a stack's kstats (net_kstat_create).
 */
#ifndef PFHOOKS_SOL_SYS_NETI_H
#define	PFHOOKS_SOL_SYS_NETI_H

#include <sys/types.h>
#include <netinet/in.h>
#include <sys/hook.h>
#include <sys/hook_event.h>
#include <sys/hook_impl.h>
#include <sys/kstat.h>
#include "ns3/pfhooks-neti.h"

/*
 * lif ids are IP's ipif ids plus one, so that 0 can end net_lifgetnext's
 * list; UNMAP_IPIF_ID leaves 0 alone (it names the primary address).
 */
#define	MAP_IPIF_ID(x)		((x) + 1)
#define	UNMAP_IPIF_ID(x)	(((x) > 0) ? (x) - 1 : (x))

/* What a NIC checks in hardware (net_ispartialchecksum) */
#define	NET_HCK_NONE	0x00
#define	NET_HCK_L3_FULL	0x01
#define	NET_HCK_L3_PART	0x02
#define	NET_HCK_L4_FULL	0x10
#define	NET_HCK_L4_PART	0x20

#define	NET_IS_HCK_L3_FULL(n, x) \
	((net_ispartialchecksum(n, x) & NET_HCK_L3_FULL) == NET_HCK_L3_FULL)
#define	NET_IS_HCK_L3_PART(n, x) \
	((net_ispartialchecksum(n, x) & NET_HCK_L3_PART) == NET_HCK_L3_PART)
#define	NET_IS_HCK_L4_FULL(n, x) \
	((net_ispartialchecksum(n, x) & NET_HCK_L4_FULL) == NET_HCK_L4_FULL)
#define	NET_IS_HCK_L4_PART(n, x) \
	((net_ispartialchecksum(n, x) & NET_HCK_L4_PART) == NET_HCK_L4_PART)
#define	NET_IS_HCK_L34_FULL(n, x) \
	((net_ispartialchecksum(n, x) & (NET_HCK_L3_FULL | NET_HCK_L4_FULL)) \
	    == (NET_HCK_L3_FULL | NET_HCK_L4_FULL))

#ifdef _KERNEL
/* A kstat of stack netid, made in its zone; charged to the caller */
#define	net_kstat_create(netid, module, instance, name, ks_class, type, \
	    ndata, ks_flag) \
	pfhooks_net_kstat_create(PFHOOKS_SITE, (netid), (module), \
	    (instance), (name), (ks_class), (type), (ndata), (ks_flag))
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_NETI_H */
