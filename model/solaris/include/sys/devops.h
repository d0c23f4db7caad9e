/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/devops.h>: dev_ops(9S), cb_ops(9S), nodev/nulldev and the DDI
 * command enums, from pfhooks-modctl.h (shared with the kernel).
 */
#ifndef PFHOOKS_SOL_SYS_DEVOPS_H
#define	PFHOOKS_SOL_SYS_DEVOPS_H

#include <sys/types.h>
#include "ns3/pfhooks-modctl.h"

#endif	/* PFHOOKS_SOL_SYS_DEVOPS_H */
