/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <stddef.h>: the compiler's, then, in kernel code, illumos's NULL: 0L
 * (a long zero, which a driver may pass where an int flag is expected,
 * as ipd passes NULL to ddi_copyout's flags), not glibc's ((void *)0).
 * No include guard: glibc's headers include <stddef.h> with __need_NULL
 * and the like to get one name each, and every such pass must end with
 * illumos's NULL.
 */
#include_next <stddef.h>

#if defined(_KERNEL) && !defined(__cplusplus)
#undef	NULL
#define	NULL	0L
#endif
