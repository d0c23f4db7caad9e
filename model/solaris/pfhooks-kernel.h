/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The simulated kernel's services for Solaris modules, in C: memory
 * (kmem), STREAMS allocations that remember where they were made, locks,
 * the clock (timeout, delay, lbolt, hrtime), console output (cmn_err,
 * printf), ASSERT, random bytes and module linkage.  The Solaris headers
 * under model/solaris/include map illumos's names onto these functions;
 * their behaviour is implemented once, in the simulated kernel
 * (model/kernel/), and model/solaris/pfhooks-kernel-face.cc turns each
 * function into a call to it.  The layouts and constants are in
 * pfhooks-kernel-types.h, which the kernel shares.
 *
 * Calls that must know which module made them (accounting, log prefixes,
 * per-module random streams) take a pfhooks_site_t: the address of a
 * variable of the calling module (so the kernel can tell which loaded
 * object it belongs to) and the source file and line, for reports.
 */
#ifndef PFHOOKS_KERNEL_H
#define PFHOOKS_KERNEL_H

#include "ns3/pfhooks-kernel-types.h"
#include "ns3/pfhooks-mblk.h"

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C"
{
#endif

    /* ---- kmem(9F) ---- */
    /** kmem_alloc/kmem_zalloc; KM_SLEEP never returns NULL, KM_NOSLEEP may. */
    void* pfhooks_kmem_alloc(size_t size, int kmflags, int zero, const pfhooks_site_t* site);
    /** kmem_free; the size must be the allocated one (a panic otherwise). */
    void pfhooks_kmem_free(void* buf, size_t size, const pfhooks_site_t* site);

    /* ---- STREAMS allocations charged to the calling module ---- */
    mblk_t* pfhooks_allocb(size_t size, unsigned int pri, const pfhooks_site_t* site);
    mblk_t* pfhooks_copyb(mblk_t* mp, const pfhooks_site_t* site);
    mblk_t* pfhooks_copymsg(mblk_t* mp, const pfhooks_site_t* site);
    mblk_t* pfhooks_dupb(mblk_t* mp, const pfhooks_site_t* site);
    mblk_t* pfhooks_dupmsg(mblk_t* mp, const pfhooks_site_t* site);
    mblk_t* pfhooks_msgpullup(mblk_t* mp, ssize_t len, const pfhooks_site_t* site);

    /* ---- console and assertions ---- */
    /** cmn_err(9F): CE_PANIC stops the run. */
    void pfhooks_cmn_err(const pfhooks_site_t* site, int level, const char* fmt, ...)
        __attribute__((format(printf, 3, 4)));
    /** The kernel's printf: into the simulation's log. */
    int pfhooks_printf(const pfhooks_site_t* site, const char* fmt, ...)
        __attribute__((format(printf, 2, 3)));
    /** A failed ASSERT(9F): stops the run naming the expression, file and line. */
    void pfhooks_assert_failed(const char* expr, const char* file, int line)
        __attribute__((noreturn));
    /** panic(9F). */
    void pfhooks_panic(const pfhooks_site_t* site, const char* fmt, ...)
        __attribute__((noreturn, format(printf, 2, 3)));

    /* ---- the clock: ticks of 1 ms (hz = 1000, illumos with hires_tick) ---- */
    /** timeout(9F): fn(arg) after `ticks`, on a kernel thread of its own (it may sleep). */
    pfhooks_timeout_id_t pfhooks_timeout(const pfhooks_site_t* site,
                                         void (*fn)(void*),
                                         void* arg,
                                         clock_t ticks);
    /** untimeout(9F): ticks that were left, or -1; waits for a running callout when it can. */
    clock_t pfhooks_untimeout(pfhooks_timeout_id_t id);
    /** delay(9F): sleeps `ticks` of simulated time while the simulation goes on. */
    void pfhooks_delay(clock_t ticks);
    /**
     * drv_usecwait(9F): on a kernel thread (a packet hook that may sleep, a
     * callout) the caller is held `usec` of simulated time; elsewhere the
     * busy wait takes no simulated time.
     */
    void pfhooks_drv_usecwait(clock_t usec);
    clock_t pfhooks_drv_usectohz(clock_t usec);
    clock_t pfhooks_drv_hztousec(clock_t ticks);
    clock_t pfhooks_ddi_get_lbolt(void);
    int64_t pfhooks_ddi_get_lbolt64(void);
    pfhooks_hrtime_t pfhooks_gethrtime(void);
    /** Ticks per second of the simulated clock. */
    int pfhooks_hz(void);

    /* ---- locks (the owner is the running kernel thread) ---- */
    void pfhooks_mutex_init(pfhooks_kmutex_t* mp, const char* name, int type, void* arg);
    void pfhooks_mutex_destroy(pfhooks_kmutex_t* mp);
    void pfhooks_mutex_enter(pfhooks_kmutex_t* mp);
    int pfhooks_mutex_tryenter(pfhooks_kmutex_t* mp);
    void pfhooks_mutex_exit(pfhooks_kmutex_t* mp);
    int pfhooks_mutex_owned(const pfhooks_kmutex_t* mp);

    void pfhooks_rw_init(pfhooks_krwlock_t* rwlp, const char* name, int type, void* arg);
    void pfhooks_rw_destroy(pfhooks_krwlock_t* rwlp);
    void pfhooks_rw_enter(pfhooks_krwlock_t* rwlp, int enter_type);
    int pfhooks_rw_tryenter(pfhooks_krwlock_t* rwlp, int enter_type);
    void pfhooks_rw_exit(pfhooks_krwlock_t* rwlp);
    void pfhooks_rw_downgrade(pfhooks_krwlock_t* rwlp);
    int pfhooks_rw_tryupgrade(pfhooks_krwlock_t* rwlp);
    int pfhooks_rw_read_held(pfhooks_krwlock_t* rwlp);
    int pfhooks_rw_write_held(pfhooks_krwlock_t* rwlp);

    /* ---- random bytes from the calling module's ns-3 RNG stream ---- */
    int pfhooks_random_get_pseudo_bytes(const pfhooks_site_t* site, uint8_t* buf, size_t len);

    /* Module linkage (mod_install, mod_remove, mod_info) and the DDI keep
     * their illumos names: see pfhooks-modctl.h. */

#ifdef __cplusplus
}
#endif

#endif /* PFHOOKS_KERNEL_H */
