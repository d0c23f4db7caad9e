/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The ioctl interface of disruptor.c, shared with the tests that call it
 * (C and C++).
 */
#ifndef DISRUPTOR_H
#define	DISRUPTOR_H

#include <stdint.h>

#define	DSR_IOC		(('d' << 24) | ('s' << 16) | ('r' << 8))
#define	DSRIOC_DROP	(DSR_IOC | 1)	/* dsr_ioc_set_t: drop percent */
#define	DSRIOC_REMOVE	(DSR_IOC | 2)	/* dsr_ioc_set_t: stop dropping */
#define	DSRIOC_LIST	(DSR_IOC | 3)	/* dsr_ioc_list_t */
#define	DSRIOC_SYNC	(DSR_IOC | 4)	/* runs a task, waits for it; *rvalp: tasks run */

typedef struct dsr_ioc_set {
	int32_t		dis_zoneid;	/* the zone (the caller's, unless global) */
	uint32_t	dis_arg;	/* percent of packets to drop */
} dsr_ioc_set_t;

typedef struct dsr_ioc_info {
	int32_t		dii_zoneid;
	uint32_t	dii_drop;
	int32_t		dii_id;		/* the stack's id from the module's id space */
	uint32_t	dii_pad;
} dsr_ioc_info_t;

typedef struct dsr_ioc_list {
	uint32_t	dil_nzones;	/* in: room in dil_info (0: ask); out: zones */
	uint32_t	dil_pad;
	dsr_ioc_info_t	*dil_info;	/* the caller's array */
} dsr_ioc_list_t;

#endif	/* DISRUPTOR_H */
