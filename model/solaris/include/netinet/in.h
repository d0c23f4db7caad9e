/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <netinet/in.h>: glibc's (struct in_addr, sockaddr_in, htons, the
 * IPPROTO_* most modules use), plus illumos's additions: ipaddr_t,
 * in6_addr_t and the protocol and group numbers glibc lacks.
 */
#include_next <netinet/in.h>

#ifndef PFHOOKS_SOL_NETINET_IN_H
#define	PFHOOKS_SOL_NETINET_IN_H

#include <sys/types.h>
#include <stdint.h>

/* An IPv4 address as the kernel keeps it: network byte order */
#ifndef _IPADDR_T
#define	_IPADDR_T
typedef uint32_t	ipaddr_t;
#endif

typedef struct in6_addr	in6_addr_t;

/* illumos's protocol numbers that glibc does not name */
#ifndef IPPROTO_GGP
#define	IPPROTO_GGP	3	/* gateway^2 (deprecated) */
#endif
#ifndef IPPROTO_HELLO
#define	IPPROTO_HELLO	63	/* "hello" routing protocol */
#endif
#ifndef IPPROTO_ND
#define	IPPROTO_ND	77	/* unofficial net disk protocol */
#endif
#ifndef IPPROTO_EON
#define	IPPROTO_EON	80	/* ISO clnp */
#endif
#ifndef IPPROTO_OSPF
#define	IPPROTO_OSPF	89
#endif
/*
 * illumos's IPPROTO_ENCAP is IP in IP (4); glibc's is RFC 1241's (98).
 * Modules are illumos code: theirs wins.  (IPPROTO_MAX stays glibc's,
 * which is larger than illumos's 256, so arrays sized by it still fit.)
 */
#undef	IPPROTO_ENCAP
#define	IPPROTO_ENCAP	4
#define	PROTO_SDP	257	/* Sockets Direct Protocol */

#ifndef INADDR_ALLRPTS_GROUP
#define	INADDR_ALLRPTS_GROUP	0xe0000016U	/* 224.0.0.22, IGMPv3 */
#endif

#endif	/* PFHOOKS_SOL_NETINET_IN_H */
