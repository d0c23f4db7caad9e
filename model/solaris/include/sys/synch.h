/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/synch.h>: the layouts of illumos's user-level (LWP) mutexes,
 * condition variables, semaphores and readers/writer locks, and their
 * type flags.  Kernel modules use kmutex_t (<sys/ksynch.h>); these are
 * here for structures that carry the user-level objects.
 */
#ifndef PFHOOKS_SOL_SYS_SYNCH_H
#define	PFHOOKS_SOL_SYS_SYNCH_H

#include <sys/types.h>
#include <stdint.h>

typedef struct _lwp_mutex {
	struct {
		uint16_t	flag1;
		uint8_t		flag2;
		uint8_t		ceiling;
		union {
			uint16_t	bcptype;
			struct {
				uint8_t	count_type1;
				uint8_t	count_type2;
			} mtype_rcount;
		} mbcp_type_un;
		uint16_t	magic;
	} flags;
	union {
		struct {
			uint8_t	pad[8];
		} lock64;
		struct {
			uint32_t	ownerpid;
			uint32_t	lockword;
		} lock32;
		upad64_t	owner64;
	} lock;
	upad64_t	data;
} lwp_mutex_t;

typedef struct _lwp_cond {
	struct {
		uint8_t		flag[4];
		uint16_t	type;
		uint16_t	magic;
	} flags;
	upad64_t	data;
} lwp_cond_t;

typedef struct _lwp_sema {
	uint32_t	count;
	uint16_t	type;
	uint16_t	magic;
	uint8_t		flags[8];	/* the last byte: waiters */
	upad64_t	data;
} lwp_sema_t;

typedef struct _lwp_rwlock {
	int32_t		readers;
	uint16_t	type;
	uint16_t	magic;
	lwp_mutex_t	mutex;
	lwp_cond_t	readercv;
	lwp_cond_t	writercv;
} lwp_rwlock_t;

/* Synchronization object types */
#define	USYNC_THREAD		0x00	/* private to a process */
#define	USYNC_PROCESS		0x01	/* shared between processes */
#define	LOCK_NORMAL		0x00
#define	LOCK_ERRORCHECK		0x02
#define	LOCK_RECURSIVE		0x04
#define	USYNC_PROCESS_ROBUST	0x08
#define	LOCK_PRIO_NONE		0x00
#define	LOCK_PRIO_INHERIT	0x10
#define	LOCK_PRIO_PROTECT	0x20
#define	LOCK_STALL_NP		0x00
#define	LOCK_ROBUST_NP		0x40

/* lwp_mutex_t state flags */
#define	LOCK_OWNERDEAD		0x1
#define	LOCK_NOTRECOVERABLE	0x2
#define	LOCK_INITED		0x4
#define	LOCK_UNMAPPED		0x8

#endif	/* PFHOOKS_SOL_SYS_SYNCH_H */
