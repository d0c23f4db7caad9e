/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/debug.h>: ASSERT(9F) and VERIFY.  Unlike illumos, where ASSERT is
 * compiled only into DEBUG kernels, every assertion here is checked: the
 * simulated kernel exists to find a module's mistakes.  A failure stops
 * the run naming the expression, file and line.
 */
#ifndef PFHOOKS_SOL_SYS_DEBUG_H
#define	PFHOOKS_SOL_SYS_DEBUG_H

#include <sys/types.h>
#include <sys/pfhooks_solaris.h>

#define	VERIFY(EX) \
	((void)((EX) || (pfhooks_assert_failed(#EX, __FILE__, __LINE__), 0)))
/* Stringified here, not through VERIFY: the message shows EX as written. */
#define	ASSERT(EX) \
	((void)((EX) || (pfhooks_assert_failed(#EX, __FILE__, __LINE__), 0)))

/* Data-model variants: this is LP64 */
#define	ASSERT64(x)	ASSERT(x)
#define	ASSERT32(x)	((void)0)

/*
 * VERIFY3*: also show both values.  The message is formatted into a
 * buffer of the assertion's own (static), so it outlives the call.
 */
#define	VERIFY3_IMPL(LEFT, OP, RIGHT, TYPE) do {			\
	const TYPE _pfh_left = (TYPE)(LEFT);				\
	const TYPE _pfh_right = (TYPE)(RIGHT);				\
	if (!(_pfh_left OP _pfh_right)) {				\
		static char _pfh_msg[256];				\
		(void) __builtin_snprintf(_pfh_msg, sizeof (_pfh_msg),	\
		    "%s (0x%llx %s 0x%llx)", #LEFT " " #OP " " #RIGHT,	\
		    (unsigned long long)_pfh_left, #OP,			\
		    (unsigned long long)_pfh_right);			\
		pfhooks_assert_failed(_pfh_msg, __FILE__, __LINE__);	\
	}								\
} while (0)

#define	VERIFY3S(x, y, z)	VERIFY3_IMPL(x, y, z, int64_t)
#define	VERIFY3U(x, y, z)	VERIFY3_IMPL(x, y, z, uint64_t)
#define	VERIFY3P(x, y, z)	VERIFY3_IMPL(x, y, z, uintptr_t)
#define	VERIFY0(x)		VERIFY3_IMPL(x, ==, 0, uintmax_t)
#define	ASSERT3S(x, y, z)	VERIFY3S(x, y, z)
#define	ASSERT3U(x, y, z)	VERIFY3U(x, y, z)
#define	ASSERT3P(x, y, z)	VERIFY3P(x, y, z)
#define	ASSERT0(x)		VERIFY0(x)

/* A implies B; A if and only if B */
#define	IMPLY(A, B)	((void)(!(A) || (B) || \
	(pfhooks_assert_failed("(" #A ") implies (" #B ")", \
	__FILE__, __LINE__), 0)))
#define	EQUIV(A, B)	((void)(!!(A) == !!(B) || \
	(pfhooks_assert_failed("(" #A ") is equivalent to (" #B ")", \
	__FILE__, __LINE__), 0)))

/* Compile-time assertion */
#define	CTASSERT(x)	_Static_assert((x), #x)

#define	STATIC	static

#endif	/* PFHOOKS_SOL_SYS_DEBUG_H */
