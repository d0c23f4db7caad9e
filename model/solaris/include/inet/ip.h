/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <inet/ip.h>: the part of illumos's private IP header that modules
 * use: the aligned IPv4 header ipha_t and its macros (IPH_HDR_LENGTH,
 * ...), the ICMP header icmph_t, and the kernel's ICMP type and code
 * names (ICMP_ECHO_REQUEST, ICMP_ECHO_REPLY, ...).
 */
#ifndef PFHOOKS_SOL_INET_IP_H
#define	PFHOOKS_SOL_INET_IP_H

#include <sys/types.h>
#include <sys/atomic.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <sys/neti.h>
#include <sys/hook.h>
#include <sys/hook_event.h>

#ifdef _KERNEL
#include <sys/systm.h>
#endif

#define	IP_MOD_NAME		"ip"

#define	IP_ABITS		32
#define	IPV6_ABITS		128
#define	IP_HOST_MASK		(ipaddr_t)0xffffffffU

#define	IPV4_ADDR_LEN		4
#define	IP_ADDR_LEN		IPV4_ADDR_LEN
#define	IP_ARP_PROTO_TYPE	0x0800

#define	IPV4_VERSION		4
#define	IP_VERSION		IPV4_VERSION
#define	IP_SIMPLE_HDR_LENGTH_IN_WORDS	5
#define	IP_SIMPLE_HDR_LENGTH	20
#define	IP_MAX_HDR_LENGTH	60
#define	IP_MAX_OPT_LENGTH	(IP_MAX_HDR_LENGTH - IP_SIMPLE_HDR_LENGTH)
#define	IP_MIN_MTU		(IP_MAX_HDR_LENGTH + 8)	/* 68 bytes */
#ifndef IP_MAXPACKET
#define	IP_MAXPACKET		65535
#endif
#define	IP_SIMPLE_HDR_VERSION \
	((IP_VERSION << 4) | IP_SIMPLE_HDR_LENGTH_IN_WORDS)
#define	UDPH_SIZE		8

/* The aligned IPv4 header; fields in network byte order */
typedef struct ipha_s {
	uint8_t		ipha_version_and_hdr_length;
	uint8_t		ipha_type_of_service;
	uint16_t	ipha_length;
	uint16_t	ipha_ident;
	uint16_t	ipha_fragment_offset_and_flags;
	uint8_t		ipha_ttl;
	uint8_t		ipha_protocol;
	uint16_t	ipha_hdr_checksum;
	ipaddr_t	ipha_src;
	ipaddr_t	ipha_dst;
} ipha_t;

/* Header length in bytes and version, of any pointer to an IPv4 header */
#define	IPH_HDR_LENGTH(ipha) \
	((int)(((ipha_t *)(ipha))->ipha_version_and_hdr_length & 0xF) << 2)
#define	IPH_HDR_VERSION(ipha) \
	((int)(((ipha_t *)(ipha))->ipha_version_and_hdr_length) >> 4)

/* ipha_fragment_offset_and_flags (host order) */
#define	IPH_DF		0x4000	/* don't fragment */
#define	IPH_MF		0x2000	/* more fragments */
#define	IPH_OFFSET	0x1FFF	/* fragment offset, 8-byte units */
#define	IPH_FRAG_HDR	0x8000	/* IPv6 don't-fragment bit */

/* ECN code points of the TOS byte */
#define	IPH_ECN_NECT	0x0
#define	IPH_ECN_ECT1	0x1
#define	IPH_ECN_ECT0	0x2
#define	IPH_ECN_CE	0x3

/* ICMP types */
#define	ICMP_ECHO_REPLY			0
#define	ICMP_DEST_UNREACHABLE		3
#define	ICMP_SOURCE_QUENCH		4
#define	ICMP_REDIRECT			5
#define	ICMP_ECHO_REQUEST		8
#define	ICMP_ROUTER_ADVERTISEMENT	9
#define	ICMP_ROUTER_SOLICITATION	10
#define	ICMP_TIME_EXCEEDED		11
#define	ICMP_PARAM_PROBLEM		12
#define	ICMP_TIME_STAMP_REQUEST		13
#define	ICMP_TIME_STAMP_REPLY		14
#define	ICMP_INFO_REQUEST		15
#define	ICMP_INFO_REPLY			16
#define	ICMP_ADDRESS_MASK_REQUEST	17
#define	ICMP_ADDRESS_MASK_REPLY		18

/* ICMP_TIME_EXCEEDED codes */
#define	ICMP_TTL_EXCEEDED		0
#define	ICMP_REASSEMBLY_TIME_EXCEEDED	1

/* ICMP_DEST_UNREACHABLE codes */
#define	ICMP_NET_UNREACHABLE		0
#define	ICMP_HOST_UNREACHABLE		1
#define	ICMP_PROTOCOL_UNREACHABLE	2
#define	ICMP_PORT_UNREACHABLE		3
#define	ICMP_FRAGMENTATION_NEEDED	4
#define	ICMP_SOURCE_ROUTE_FAILED	5
#define	ICMP_DEST_NET_UNKNOWN		6
#define	ICMP_DEST_HOST_UNKNOWN		7
#define	ICMP_SRC_HOST_ISOLATED		8
#define	ICMP_DEST_NET_UNREACH_ADMIN	9
#define	ICMP_DEST_HOST_UNREACH_ADMIN	10
#define	ICMP_DEST_NET_UNREACH_TOS	11
#define	ICMP_DEST_HOST_UNREACH_TOS	12

/* The ICMP header; fields in network byte order */
typedef struct icmph_s {
	uint8_t		icmph_type;
	uint8_t		icmph_code;
	uint16_t	icmph_checksum;
	union {
		struct {	/* echo request and reply */
			uint16_t	u_echo_ident;
			uint16_t	u_echo_seqnum;
		} u_echo;
		struct {	/* destination unreachable */
			uint16_t	u_du_zero;
			uint16_t	u_du_mtu;
		} u_du;
		struct {	/* parameter problem */
			uint8_t		u_pp_ptr;
			uint8_t		u_pp_rsvd[3];
		} u_pp;
		struct {	/* redirect */
			ipaddr_t	u_rd_gateway;
		} u_rd;
	} icmph_u;
} icmph_t;

#define	icmph_echo_ident	icmph_u.u_echo.u_echo_ident
#define	icmph_echo_seqnum	icmph_u.u_echo.u_echo_seqnum
#define	icmph_du_zero		icmph_u.u_du.u_du_zero
#define	icmph_du_mtu		icmph_u.u_du.u_du_mtu
#define	icmph_pp_ptr		icmph_u.u_pp.u_pp_ptr
#define	icmph_rd_gateway	icmph_u.u_rd.u_rd_gateway

#define	ICMPH_SIZE		8
/* Transport header bytes an ICMP error must carry to be believed */
#define	ICMP_MIN_TP_HDR_LEN	8

#endif	/* PFHOOKS_SOL_INET_IP_H */
