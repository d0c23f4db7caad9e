/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <netinet/in_systm.h>: glibc's (n_short, n_long, n_time: the legacy
 * "network types", the same as illumos's).
 */
#include_next <netinet/in_systm.h>

#ifndef PFHOOKS_SOL_NETINET_IN_SYSTM_H
#define	PFHOOKS_SOL_NETINET_IN_SYSTM_H

#include <sys/types.h>

#endif	/* PFHOOKS_SOL_NETINET_IN_SYSTM_H */
