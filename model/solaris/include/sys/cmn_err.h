/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * <sys/cmn_err.h>: cmn_err(9F), the kernel's printf and panic, all into
 * the simulation's log, and the kernel's sprintf family (glibc's
 * functions; glibc's int return types, not illumos's char * and size_t,
 * so that a <stdio.h> included too agrees).
 */
#ifndef PFHOOKS_SOL_SYS_CMN_ERR_H
#define	PFHOOKS_SOL_SYS_CMN_ERR_H

#include <stdarg.h>
#include <stddef.h>
#include <sys/pfhooks_solaris.h>

/* Severity levels */
#define	CE_CONT		PFHOOKS_CE_CONT		/* continues the last message */
#define	CE_NOTE		PFHOOKS_CE_NOTE
#define	CE_WARN		PFHOOKS_CE_WARN
#define	CE_PANIC	PFHOOKS_CE_PANIC	/* stops the run */
#define	CE_IGNORE	PFHOOKS_CE_IGNORE	/* prints nothing */

/*
 * Declared here rather than by including <stdio.h>, which would bring
 * all of userland's stdio into a kernel module.
 */
extern int sprintf(char *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
extern int snprintf(char *, size_t, const char *, ...)
    __attribute__((format(printf, 3, 4)));
extern int vsprintf(char *, const char *, va_list)
    __attribute__((format(printf, 2, 0)));
extern int vsnprintf(char *, size_t, const char *, va_list)
    __attribute__((format(printf, 3, 0)));

#ifdef _KERNEL
#define	cmn_err(level, ...) \
	pfhooks_cmn_err(PFHOOKS_SITE, (level), __VA_ARGS__)
#define	panic(...)	pfhooks_panic(PFHOOKS_SITE, __VA_ARGS__)
/*
 * A function-like macro, so that a later <stdio.h> is not rewritten:
 * the Solaris tree's stdio.h steps it aside while glibc declares printf.
 */
#define	printf(...)	pfhooks_printf(PFHOOKS_SITE, __VA_ARGS__)
#endif	/* _KERNEL */

#endif	/* PFHOOKS_SOL_SYS_CMN_ERR_H */
