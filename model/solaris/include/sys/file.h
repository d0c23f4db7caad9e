/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/file.h>: glibc's, then the open(9E) flags drivers test, with
 * illumos's values (FNDELAY is illumos's 0x04, not glibc's O_NDELAY), and
 * the ioctl mode bits (FKIOCTL, the data model).
 */
#include_next <sys/file.h>

#ifndef PFHOOKS_SOL_SYS_FILE_H
#define	PFHOOKS_SOL_SYS_FILE_H

#undef	FREAD
#undef	FWRITE
#undef	FNDELAY
#undef	FAPPEND
#undef	FSYNC
#undef	FNONBLOCK
#undef	FCREAT
#undef	FTRUNC
#undef	FEXCL
#undef	FASYNC
#define	FREAD		0x01
#define	FWRITE		0x02
#define	FNDELAY		0x04
#define	FAPPEND		0x08
#define	FSYNC		0x10
#define	FNONBLOCK	0x80
#define	FCREAT		0x0100
#define	FTRUNC		0x0200
#define	FEXCL		0x0400
#define	FASYNC		0x1000
#define	FOFFMAX		0x2000
#define	FNOCTTY		0x0800
#define	FMASK		0xa0ffff

/* ioctl(9E) mode bits */
#define	FKIOCTL		0x80000000	/* the argument is a kernel address */
#define	FNATIVE		0x00200000	/* DATAMODEL_NATIVE on LP64 */

#endif	/* PFHOOKS_SOL_SYS_FILE_H */
