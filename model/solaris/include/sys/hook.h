/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/hook.h>: hook(9S) (hook_t, HOOK_INIT, hints, notify commands) and
 * hook_alloc(9F)/hook_free, from the pfhooks engine's C headers.
 */
#ifndef PFHOOKS_SOL_SYS_HOOK_H
#define	PFHOOKS_SOL_SYS_HOOK_H

#include <sys/types.h>
#include "ns3/pfhooks-hook-types.h"
#include "ns3/pfhooks-neti.h"	/* hook_alloc, hook_free */

#endif	/* PFHOOKS_SOL_SYS_HOOK_H */
