/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The interface flags net_getlifflags() answers with, under illumos's names
 * and with illumos's values (<net/if.h> on illumos).  Linux's <net/if.h>
 * uses the same names with other values (IFF_MULTICAST is 0x1000 there,
 * 0x800 here), so a file that includes both is refused.
 */
#ifndef PFHOOKS_IF_FLAGS_H
#define PFHOOKS_IF_FLAGS_H

#if defined(_NET_IF_H) || defined(_LINUX_IF_H)
#error "pfhooks-if-flags.h has illumos's IFF_ values; do not include Linux's <net/if.h> with it"
#endif

#define IFF_UP 0x0000000001ULL          /* address is up */
#define IFF_BROADCAST 0x0000000002ULL   /* broadcast address valid (IPv4) */
#define IFF_LOOPBACK 0x0000000008ULL    /* the loopback interface */
#define IFF_POINTOPOINT 0x0000000010ULL /* a point-to-point link */
#define IFF_RUNNING 0x0000000040ULL     /* the link is up */
#define IFF_NOARP 0x0000000080ULL       /* no address resolution */
#define IFF_MULTICAST 0x0000000800ULL   /* supports multicast */
#define IFF_DEPRECATED 0x0000040000ULL  /* IPv6 address deprecated */
#define IFF_ROUTER 0x0000100000ULL      /* forwards packets */
#define IFF_IPV4 0x0001000000ULL        /* IPv4 interface */
#define IFF_IPV6 0x0002000000ULL        /* IPv6 interface */
#define IFF_DUPLICATE 0x4000000000ULL   /* IPv6 address found a duplicate (DAD) */

#endif /* PFHOOKS_IF_FLAGS_H */
