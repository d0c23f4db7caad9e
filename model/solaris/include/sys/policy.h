/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/policy.h>: privilege checks (secpolicy_*); every caller is root of
 * an exclusive-IP zone, so the network ones pass.
 */
#ifndef PFHOOKS_SOL_SYS_POLICY_H
#define	PFHOOKS_SOL_SYS_POLICY_H

#include <sys/types.h>
#include <sys/cred.h>

#endif	/* PFHOOKS_SOL_SYS_POLICY_H */
