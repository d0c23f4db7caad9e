/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The layouts and constants the simulated kernel and the C face share:
 * the call site, the clock's types, kmem flags, console levels and the
 * storage of kmutex_t and krwlock_t.  Plain C (modules include it through
 * pfhooks-kernel.h); the functions are declared in pfhooks-kernel.h.
 */
#ifndef PFHOOKS_KERNEL_TYPES_H
#define PFHOOKS_KERNEL_TYPES_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C"
{
#endif

    /** Where a kernel service was called from. */
    typedef struct pfhooks_site
    {
        const void* ps_anchor; /**< an address inside the calling module */
        const char* ps_file;   /**< __FILE__ */
        int ps_line;           /**< __LINE__ */
    } pfhooks_site_t;

    /** Simulated-time types of the illumos kernel. */
    typedef int64_t pfhooks_hrtime_t;
    typedef void* pfhooks_timeout_id_t;

    /* ---- kmem(9F) flags ---- */
#define PFHOOKS_KM_SLEEP 0x0000
#define PFHOOKS_KM_NOSLEEP 0x0001

    /* ---- console levels (cmn_err(9F)) ---- */
#define PFHOOKS_CE_CONT 0
#define PFHOOKS_CE_NOTE 1
#define PFHOOKS_CE_WARN 2
#define PFHOOKS_CE_PANIC 3
#define PFHOOKS_CE_IGNORE 4

    /** kmutex_t's storage: the owner, or NULL when free. */
    typedef struct pfhooks_kmutex
    {
        void* _opaque[1]; /**< the owner, NULL when free */
    } pfhooks_kmutex_t;

    /** krwlock_t's storage: a writer, or a count of readers. */
    typedef struct pfhooks_krwlock
    {
        void* _writer;      /**< the writing thread, NULL if none */
        uintptr_t _readers; /**< readers holding the lock */
    } pfhooks_krwlock_t;

    /** kcondvar_t's storage (illumos: a ushort_t); the waiters are kept by the kernel. */
    typedef struct pfhooks_kcondvar
    {
        unsigned short _opaque; /**< unused */
    } pfhooks_kcondvar_t;

#define PFHOOKS_RW_WRITER 0
#define PFHOOKS_RW_READER 1

#ifdef __cplusplus
}
#endif

#endif /* PFHOOKS_KERNEL_TYPES_H */
