/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/hook_event.h>: what hooks receive: hook_pkt_event_t,
 * hook_nic_event_t, HPE_* flags and NIC event kinds.
 */
#ifndef PFHOOKS_SOL_SYS_HOOK_EVENT_H
#define	PFHOOKS_SOL_SYS_HOOK_EVENT_H

#include <sys/hook.h>
#include <sys/stream.h>

#endif	/* PFHOOKS_SOL_SYS_HOOK_EVENT_H */
