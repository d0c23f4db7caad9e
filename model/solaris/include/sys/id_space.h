/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/id_space.h>: id spaces (id_space(9F)): integer ids in [low, high).
 */
#ifndef PFHOOKS_SOL_SYS_ID_SPACE_H
#define	PFHOOKS_SOL_SYS_ID_SPACE_H

#include <sys/types.h>
#include "ns3/pfhooks-kernel-lib.h"

#endif	/* PFHOOKS_SOL_SYS_ID_SPACE_H */
