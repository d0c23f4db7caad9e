/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/neti.h>: netinfo(9F): net instances, protocol handles, event and
 * hook registration, notifications, injection and interface queries.
 */
#ifndef PFHOOKS_SOL_SYS_NETI_H
#define	PFHOOKS_SOL_SYS_NETI_H

#include <sys/types.h>
#include <netinet/in.h>
#include <sys/hook.h>
#include <sys/hook_event.h>
#include "ns3/pfhooks-neti.h"

#endif	/* PFHOOKS_SOL_SYS_NETI_H */
