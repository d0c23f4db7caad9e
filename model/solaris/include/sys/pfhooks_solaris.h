/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Glue every header of the Solaris tree includes: the simulated kernel's C
 * API and PFHOOKS_SITE, the "who and where" that kernel services which
 * charge or log per module take.  Not an illumos header.  C only (a C99
 * compound literal); modules are built by pfhooks_add_solaris_module().
 */
#ifndef PFHOOKS_SOL_SYS_PFHOOKS_SOLARIS_H
#define PFHOOKS_SOL_SYS_PFHOOKS_SOLARIS_H

#include "ns3/pfhooks-kernel.h"

/*
 * One anchor per translation unit: its address lies inside the module's
 * shared object, so the kernel finds the calling module with dladdr().
 */
static const char pfhooks_anchor __attribute__((unused)) = 0;

/* The call site: module anchor, file and line (for accounting and reports). */
#define	PFHOOKS_SITE \
	(&(const pfhooks_site_t){ &pfhooks_anchor, __FILE__, __LINE__ })

#endif	/* PFHOOKS_SOL_SYS_PFHOOKS_SOLARIS_H */
