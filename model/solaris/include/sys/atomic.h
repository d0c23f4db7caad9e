/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/atomic.h>: atomic_ops(9F) and the memory barriers, as static
 * inline functions over GCC's __atomic builtins (sequentially
 * consistent, like illumos's lock-prefixed x86 versions), so that a
 * module needs no kernel symbol for them.
 */
#ifndef PFHOOKS_SOL_SYS_ATOMIC_H
#define	PFHOOKS_SOL_SYS_ATOMIC_H

#include <sys/types.h>
#include <stdint.h>

#define	_PFH_ATOMIC_ORDER	__ATOMIC_SEQ_CST

/*
 * One family of operations on type T.  S names the type in most names
 * (atomic_inc_32, atomic_or_uint, ...); A names it in the add operations,
 * whose delta has type D (atomic_add_32 takes int32_t, atomic_add_int an
 * int, atomic_add_long a long, as in illumos).  Each family defines:
 *   void atomic_inc_S(volatile T *), atomic_dec_S(volatile T *)
 *   void atomic_add_A(volatile T *, D)
 *   void atomic_or_S(volatile T *, T), atomic_and_S(volatile T *, T)
 *   T    the same with _nv: they return the new value
 *   T    atomic_cas_S(volatile T *, T cmp, T new): *target = new if it
 *        equals cmp; returns the old value
 *   T    atomic_swap_S(volatile T *, T new): returns the old value
 */
#define	_PFH_ATOMIC_FAMILY(S, A, T, D)					\
static inline void							\
atomic_inc_##S(volatile T *target)					\
{									\
	(void) __atomic_add_fetch(target, 1, _PFH_ATOMIC_ORDER);	\
}									\
static inline T								\
atomic_inc_##S##_nv(volatile T *target)					\
{									\
	return (__atomic_add_fetch(target, 1, _PFH_ATOMIC_ORDER));	\
}									\
static inline void							\
atomic_dec_##S(volatile T *target)					\
{									\
	(void) __atomic_sub_fetch(target, 1, _PFH_ATOMIC_ORDER);	\
}									\
static inline T								\
atomic_dec_##S##_nv(volatile T *target)					\
{									\
	return (__atomic_sub_fetch(target, 1, _PFH_ATOMIC_ORDER));	\
}									\
static inline void							\
atomic_add_##A(volatile T *target, D delta)				\
{									\
	(void) __atomic_add_fetch(target, (T)delta, _PFH_ATOMIC_ORDER);	\
}									\
static inline T								\
atomic_add_##A##_nv(volatile T *target, D delta)			\
{									\
	return (__atomic_add_fetch(target, (T)delta, _PFH_ATOMIC_ORDER)); \
}									\
static inline void							\
atomic_or_##S(volatile T *target, T bits)				\
{									\
	(void) __atomic_or_fetch(target, bits, _PFH_ATOMIC_ORDER);	\
}									\
static inline T								\
atomic_or_##S##_nv(volatile T *target, T bits)				\
{									\
	return (__atomic_or_fetch(target, bits, _PFH_ATOMIC_ORDER));	\
}									\
static inline void							\
atomic_and_##S(volatile T *target, T bits)				\
{									\
	(void) __atomic_and_fetch(target, bits, _PFH_ATOMIC_ORDER);	\
}									\
static inline T								\
atomic_and_##S##_nv(volatile T *target, T bits)				\
{									\
	return (__atomic_and_fetch(target, bits, _PFH_ATOMIC_ORDER));	\
}									\
static inline T								\
atomic_cas_##S(volatile T *target, T cmp, T newval)			\
{									\
	T old = cmp;							\
									\
	(void) __atomic_compare_exchange_n(target, &old, newval, 0,	\
	    _PFH_ATOMIC_ORDER, _PFH_ATOMIC_ORDER);			\
	return (old);							\
}									\
static inline T								\
atomic_swap_##S(volatile T *target, T newval)				\
{									\
	return (__atomic_exchange_n(target, newval, _PFH_ATOMIC_ORDER)); \
}

_PFH_ATOMIC_FAMILY(8, 8, uint8_t, int8_t)
_PFH_ATOMIC_FAMILY(uchar, char, uchar_t, signed char)
_PFH_ATOMIC_FAMILY(16, 16, uint16_t, int16_t)
_PFH_ATOMIC_FAMILY(ushort, short, ushort_t, short)
_PFH_ATOMIC_FAMILY(32, 32, uint32_t, int32_t)
_PFH_ATOMIC_FAMILY(uint, int, uint_t, int)
_PFH_ATOMIC_FAMILY(ulong, long, ulong_t, long)
_PFH_ATOMIC_FAMILY(64, 64, uint64_t, int64_t)

#undef	_PFH_ATOMIC_FAMILY

/*
 * Pointers: the target is the address of a pointer variable; add moves
 * it by delta bytes.
 */
static inline void
atomic_add_ptr(volatile void *target, ssize_t delta)
{
	(void) __atomic_add_fetch((volatile uintptr_t *)target,
	    (uintptr_t)delta, _PFH_ATOMIC_ORDER);
}

static inline void *
atomic_add_ptr_nv(volatile void *target, ssize_t delta)
{
	return ((void *)__atomic_add_fetch((volatile uintptr_t *)target,
	    (uintptr_t)delta, _PFH_ATOMIC_ORDER));
}

static inline void *
atomic_cas_ptr(volatile void *target, void *cmp, void *newval)
{
	void *old = cmp;

	(void) __atomic_compare_exchange_n((void *volatile *)target, &old,
	    newval, 0, _PFH_ATOMIC_ORDER, _PFH_ATOMIC_ORDER);
	return (old);
}

static inline void *
atomic_swap_ptr(volatile void *target, void *newval)
{
	return (__atomic_exchange_n((void *volatile *)target, newval,
	    _PFH_ATOMIC_ORDER));
}

/* Set or clear one bit that must not already be: 0, or -1 if it was */
static inline int
atomic_set_long_excl(volatile ulong_t *target, uint_t bit)
{
	ulong_t b = 1UL << bit;

	return ((__atomic_fetch_or(target, b, _PFH_ATOMIC_ORDER) & b) ?
	    -1 : 0);
}

static inline int
atomic_clear_long_excl(volatile ulong_t *target, uint_t bit)
{
	ulong_t b = 1UL << bit;

	return ((__atomic_fetch_and(target, ~b, _PFH_ATOMIC_ORDER) & b) ?
	    0 : -1);
}

/* After taking a lock: nothing later is seen before the lock is */
static inline void
membar_enter(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* Before releasing a lock: everything earlier is done first */
static inline void
membar_exit(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

/* Stores before it are visible before stores after it */
static inline void
membar_producer(void)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
}

/* Loads before it complete before loads after it */
static inline void
membar_consumer(void)
{
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
}

#ifdef _KERNEL
#define	atomic_add_ip		atomic_add_long
#define	atomic_add_ip_nv	atomic_add_long_nv
#define	casip			atomic_cas_ulong
#endif

#endif	/* PFHOOKS_SOL_SYS_ATOMIC_H */
