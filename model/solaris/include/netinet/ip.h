/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <netinet/ip.h>: glibc's struct ip (the same layout as illumos's) and IP
 * constants, plus the option and TOS names illumos has and glibc lacks.
 */
#include_next <netinet/ip.h>

#ifndef PFHOOKS_SOL_NETINET_IP_H
#define	PFHOOKS_SOL_NETINET_IP_H

#include <sys/types.h>

#ifndef IPTOS_ECT
#define	IPTOS_ECT		0x02	/* ECN-capable transport */
#endif
#ifndef IPTOS_CE
#define	IPTOS_CE		0x01	/* ECN congestion experienced */
#endif
#ifndef IPOPT_COPY
#define	IPOPT_COPY		0x80
#endif
#ifndef IPOPT_RTRALERT
#define	IPOPT_RTRALERT		0x14
#endif
#ifndef IPOPT_EXTSEC
#define	IPOPT_EXTSEC		0x85
#endif
#ifndef IPOPT_COMSEC
#define	IPOPT_COMSEC		0x86
#endif
#ifndef IPOPT_SDMDD
#define	IPOPT_SDMDD		0x95
#endif
#ifndef IPOPT_POS_OV_FLG
#define	IPOPT_POS_OV_FLG	3
#endif
#ifndef IPOPT_MINOFF_SR
#define	IPOPT_MINOFF_SR		IPOPT_MINOFF
#endif
#ifndef IPOPT_TS_PRESPEC_RFC791
#define	IPOPT_TS_PRESPEC_RFC791	3
#endif
#ifndef IPOPT_MINOFF_IT
#define	IPOPT_MINOFF_IT		5
#endif
#ifndef IPOPT_MINLEN_IT
#define	IPOPT_MINLEN_IT		5
#endif
#ifndef IPOPT_TS_TIMELEN
#define	IPOPT_TS_TIMELEN	4
#endif

#endif	/* PFHOOKS_SOL_NETINET_IP_H */
