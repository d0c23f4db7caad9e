/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <netinet/ip_icmp.h>: glibc's BSD struct icmp (illumos's layout) and
 * ICMP_* type and code names, plus the few illumos has and glibc lacks.
 * illumos's kernel spellings (ICMP_ECHO_REQUEST, icmph_t) are in
 * <inet/ip.h>.
 */
#include_next <netinet/ip_icmp.h>

#ifndef PFHOOKS_SOL_NETINET_IP_ICMP_H
#define	PFHOOKS_SOL_NETINET_IP_ICMP_H

#include <sys/types.h>

#ifndef ICMP_ROUTERADVERT_COMMON
#define	ICMP_ROUTERADVERT_COMMON	0	/* common traffic */
#endif
#ifndef ICMP_ROUTERADVERT_NOCOMMON
#define	ICMP_ROUTERADVERT_NOCOMMON	16	/* no common traffic */
#endif
#ifndef ICMP_PARAMPROB_BADLENGTH
#define	ICMP_PARAMPROB_BADLENGTH	2
#endif

#endif	/* PFHOOKS_SOL_NETINET_IP_ICMP_H */
