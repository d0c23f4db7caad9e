/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/cred.h>: credentials (cred_t, opaque), kcred, crgetzoneid,
 * crhold/crfree.  Every caller is root of its zone.
 */
#ifndef PFHOOKS_SOL_SYS_CRED_H
#define	PFHOOKS_SOL_SYS_CRED_H

#include <sys/types.h>
#include "ns3/pfhooks-kernel-lib.h"

#ifdef _KERNEL
/* The global zone's kernel credential */
#define	kcred	(pfhooks_kcred())
#define	CRED()	(kcred)
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_CRED_H */
