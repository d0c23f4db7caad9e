/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/errno.h>: the error numbers.  The simulated kernel returns the host
 * C library's values (it is built against the same <errno.h>), so the names
 * are glibc's; illumos's own spellings that glibc lacks are added with
 * numbers no host errno uses.
 */
#ifndef PFHOOKS_SOL_SYS_ERRNO_H
#define	PFHOOKS_SOL_SYS_ERRNO_H

#include <errno.h>

#ifndef ELOCKUNMAPPED
#define	ELOCKUNMAPPED	1072	/* illumos: locked lock was unmapped */
#endif
#ifndef ENOTACTIVE
#define	ENOTACTIVE	1073	/* illumos: facility is not active */
#endif

#endif /* PFHOOKS_SOL_SYS_ERRNO_H */
