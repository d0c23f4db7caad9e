/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/conf.h>: the driver configuration table's side drivers see:
 * cb_ops(9S)/dev_ops(9S) (<sys/devops.h>) and the cb_flag bits.
 */
#ifndef PFHOOKS_SOL_SYS_CONF_H
#define	PFHOOKS_SOL_SYS_CONF_H

#include <sys/types.h>
#include <sys/devops.h>
#include <sys/open.h>

/* cb_flag */
#define	D_NEW		0x00	/* a DDI/DKI-conforming driver */
#define	D_MTSAFE	0x0020	/* multithreaded */
#define	D_MP		D_MTSAFE
#define	D_HOTPLUG	0x4	/* hot-pluggable */
#define	D_64BIT		0x200000	/* 64-bit offsets */
#define	D_OPEN_RETURNS_EINTR	0x100000

#endif	/* PFHOOKS_SOL_SYS_CONF_H */
