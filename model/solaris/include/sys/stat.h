/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/stat.h>: glibc's.  The file type bits drivers pass to
 * ddi_create_minor_node(9F) (S_IFCHR, S_IFBLK) have the same values on
 * Linux and illumos; this file exists so that the Solaris tree is
 * searched first for every header a module includes.
 */
#include_next <sys/stat.h>

#ifndef PFHOOKS_SOL_SYS_STAT_H
#define	PFHOOKS_SOL_SYS_STAT_H

#include <sys/types.h>

#endif	/* PFHOOKS_SOL_SYS_STAT_H */
