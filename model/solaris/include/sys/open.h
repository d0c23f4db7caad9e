/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/open.h>: the open types of open(9E)/close(9E), illumos's values.
 */
#ifndef PFHOOKS_SOL_SYS_OPEN_H
#define	PFHOOKS_SOL_SYS_OPEN_H

#define	OTYP_BLK	0	/* block device */
#define	OTYP_MNT	1	/* mounted file system (obsolete) */
#define	OTYP_CHR	2	/* character device */
#define	OTYP_SWP	3	/* swap (obsolete) */
#define	OTYP_LYR	4	/* layered open */
#define	OTYPCNT		5

#endif	/* PFHOOKS_SOL_SYS_OPEN_H */
