/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/types.h>: glibc's types, plus the illumos ones glibc lacks
 * (uint_t, boolean_t, hrtime_t, timeout_id_t, ...).  Where both define a
 * name (caddr_t, daddr_t, id_t, dev_t, ...) glibc's stays: glibc's own
 * headers depend on it.
 */
#include_next <sys/types.h>

#ifndef PFHOOKS_SOL_SYS_TYPES_H
#define	PFHOOKS_SOL_SYS_TYPES_H

#include <stdint.h>
#include <bits/types/clock_t.h>	/* glibc hides clock_t in strict modes */

typedef long long		longlong_t;
typedef unsigned long long	u_longlong_t;

/* XTI/TPI/DLPI scalars: 32 bits on LP64 */
typedef int32_t		t_scalar_t;
typedef uint32_t	t_uscalar_t;

typedef unsigned char	uchar_t;
typedef unsigned short	ushort_t;
typedef unsigned int	uint_t;
typedef unsigned long	ulong_t;

#ifndef __daddr_t_defined
/* glibc hides caddr_t under strict standards modes; illumos always has it */
typedef char		*caddr_t;
#endif
typedef short		cnt_t;

/* A 32-bit process's pointer, as ioctl structures of ILP32 callers carry it */
typedef uint32_t	caddr32_t;
typedef int32_t		size32_t;

/* VM-related */
typedef ulong_t		pfn_t;
typedef ulong_t		pgcnt_t;
typedef long		spgcnt_t;
typedef uchar_t		use_t;
typedef short		sysid_t;
typedef short		index_t;

/* Opaque handles of timeout(9F) and bufcall(9F) */
typedef void		*timeout_id_t;
typedef void		*bufcall_id_t;

typedef enum {
	B_FALSE = 0,
	B_TRUE = 1,
	_B_FALSE = 0,
	_B_TRUE = 1
} boolean_t;

#ifdef _KERNEL
#define	VALID_BOOLEAN(x)	(((x) == B_FALSE) || ((x) == B_TRUE))
#define	VOID2BOOLEAN(x)		(((uintptr_t)(x) == 0) ? B_FALSE : B_TRUE)
#define	BOOLEAN2VOID(x)		((x) ? 1 : 0)
#endif

/* Structure padding that keeps 64- and 128-bit alignment and offsets */
typedef int64_t		pad64_t;
typedef uint64_t	upad64_t;
typedef union {
	long double	_q;
	int32_t		_l[4];
} pad128_t;
typedef union {
	long double	_q;
	uint32_t	_l[4];
} upad128_t;

typedef longlong_t	offset_t;
typedef u_longlong_t	u_offset_t;
typedef u_longlong_t	len_t;
typedef u_longlong_t	diskaddr_t;
#ifdef _KERNEL
typedef uint64_t	paddr_t;
#endif

typedef uint_t		k_fltset_t;

/* dev_t components */
typedef uint_t		major_t;
typedef uint_t		minor_t;

typedef short		pri_t;
typedef ushort_t	cpu_flag_t;

/* Old (SVR3) sizes, kept for structures that still carry them */
typedef ushort_t	o_mode_t;
typedef short		o_dev_t;
typedef ushort_t	o_uid_t;
typedef o_uid_t		o_gid_t;
typedef short		o_nlink_t;
typedef short		o_pid_t;
typedef ushort_t	o_ino_t;

typedef uint32_t	datalink_id_t;
typedef uint32_t	vrid_t;

/* illumos's id_t (int); glibc's id_t, which stays, is unsigned */
typedef int		taskid_t;
typedef int		projid_t;
typedef int		poolid_t;
typedef int		zoneid_t;
typedef int		ctid_t;
typedef int		lgrp_id_t;

/* High-resolution time in nanoseconds (illumos: <sys/time.h>) */
typedef longlong_t	hrtime_t;

#endif	/* PFHOOKS_SOL_SYS_TYPES_H */
