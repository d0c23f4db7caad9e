/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/strsun.h>: Sun's STREAMS conveniences: the message-block size
 * macros (MBLKL, MBLKSIZE, MBLKTAIL, MBLKHEAD, MBLKIN), DB_* and
 * msgdsize, all from <sys/stream.h>.
 */
#ifndef PFHOOKS_SOL_SYS_STRSUN_H
#define	PFHOOKS_SOL_SYS_STRSUN_H

#include <sys/types.h>
#include <sys/stream.h>

#endif	/* PFHOOKS_SOL_SYS_STRSUN_H */
