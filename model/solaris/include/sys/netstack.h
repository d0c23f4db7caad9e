/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/netstack.h>: stack ids.  Every instance is an exclusive-IP zone's
 * stack; its netstack id and zone id are its netid, and the global zone's
 * stack (netid 0) is GLOBAL_NETSTACKID.
 */
#ifndef PFHOOKS_SOL_SYS_NETSTACK_H
#define	PFHOOKS_SOL_SYS_NETSTACK_H

#include <sys/types.h>
#include "ns3/pfhooks-kernel-lib.h"

typedef int netstackid_t;

#define	GLOBAL_NETSTACKID	0

#endif	/* PFHOOKS_SOL_SYS_NETSTACK_H */
