/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/hook_impl.h>: the hook framework's names modules use: the hook
 * family names (Hn_IPV4 "inet", Hn_IPV6 "inet6", Hn_ARP "arp"), which are
 * also the kstat modules of the framework's event kstats.
 */
#ifndef PFHOOKS_SOL_SYS_HOOK_IMPL_H
#define	PFHOOKS_SOL_SYS_HOOK_IMPL_H

#include <sys/hook.h>

#define	Hn_IPV4	"inet"
#define	Hn_IPV6	"inet6"
#define	Hn_ARP	"arp"

#endif	/* PFHOOKS_SOL_SYS_HOOK_IMPL_H */
