/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/modctl.h>: module linkage (modlinkage, modldrv, modlmisc,
 * mod_install(9F), mod_remove, mod_info), from pfhooks-modctl.h.  The
 * entry points _init/_fini/_info are renamed at compile time
 * (pfhooks_module_init, ...: see cmake/pfhooks-solaris.cmake), since
 * Linux's crti.o owns _init and _fini.
 */
#ifndef PFHOOKS_SOL_SYS_MODCTL_H
#define	PFHOOKS_SOL_SYS_MODCTL_H

#include <sys/types.h>
#include <sys/devops.h>
#include "ns3/pfhooks-modctl.h"

#ifdef _KERNEL
/* The module's entry points: the only part of modctl in the DDI */
extern int _init(void);
extern int _fini(void);
extern int _info(struct modinfo *);
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_MODCTL_H */
