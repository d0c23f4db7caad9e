/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/sunddi.h>: Sun's DDI: DDI_* codes and node types, the
 * ddi_* functions (pfhooks-modctl.h), the lbolt clock, and what the
 * illumos header brings along in practice (kmem, locks, cmn_err,
 * ASSERT, the string functions, STREAMS, module linkage types).
 */
#ifndef PFHOOKS_SOL_SYS_SUNDDI_H
#define	PFHOOKS_SOL_SYS_SUNDDI_H

#include <sys/types.h>
#include <sys/param.h>
#include <sys/time.h>
#include <sys/debug.h>
#include <sys/cmn_err.h>
#include <sys/kmem.h>
#include <sys/ksynch.h>
#include <sys/systm.h>
#include <sys/stream.h>
#include <sys/ddi.h>
#include <sys/devops.h>
#include <sys/conf.h>
#include <sys/cred.h>
#include <sys/taskq.h>
#include "ns3/pfhooks-kernel-lib.h"
#include <sys/pfhooks_solaris.h>
#include "ns3/pfhooks-modctl.h"	/* DDI_SUCCESS, DDI_FAILURE, ddi_* */

#define	DDI_NOT_WELL_FORMED	(-2)
#define	DDI_EAGAIN		(-3)
#define	DDI_EINVAL		(-4)
#define	DDI_ENOTSUP		(-5)
#define	DDI_EPENDING		(-6)

#define	DDI_ENOMEM		1
#define	DDI_EBUSY		2
#define	DDI_ETRANSPORT		3
#define	DDI_ECONTEXT		4

/* ddi_prop_op(9F) answers */
#define	DDI_PROP_SUCCESS	0
#define	DDI_PROP_NOT_FOUND	1

/* ddi_taskq_create(9F)'s priority */
#define	TASKQ_DEFAULTPRI	(-1)

#define	DDI_SLEEP		0
#define	DDI_NOSLEEP		1

#define	DEVI_PSEUDO_NODEID	((int)-1)
#define	DEVI_SID_NODEID		((int)-2)
#define	DEVI_PSEUDO_NEXNAME	"pseudo"

/* ddi_create_minor_node(9F) flags */
#define	CLONE_DEV		1
#define	PRIVONLY_DEV		0x10

/* Node types (DDI_PSEUDO comes from pfhooks-modctl.h) */
#define	DDI_NT_NET		"ddi_network"

#define	DDI_STRSAME(s1, s2) \
	((*(s1) == *(s2)) && (strcmp((s1), (s2)) == 0))

#ifdef _KERNEL
/* Ticks of the simulated clock since it started */
#define	ddi_get_lbolt()		pfhooks_ddi_get_lbolt()
#define	ddi_get_lbolt64()	pfhooks_ddi_get_lbolt64()
#define	ddi_taskq_create(dip, name, nthreads, pri, cflags) \
	pfhooks_taskq_create(PFHOOKS_SITE, (name), (nthreads))
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_SUNDDI_H */
