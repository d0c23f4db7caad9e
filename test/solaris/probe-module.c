/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A misc module for the loader's tests, written against the simulated
 * kernel's own C API (pfhooks-kernel.h) rather than the Solaris headers, so
 * that the loader is tested on its own.  Built several times with -D
 * switches: PROBE_FAIL_INIT (_init fails), PROBE_NO_INSTALL (_init returns 0
 * without mod_install), PROBE_LEAK (keeps a kmem buffer, a message and a
 * timeout), PROBE_REFUSE_FINI (_fini says no once).
 */
#include "ns3/pfhooks-kernel.h"
#include "ns3/pfhooks-modctl.h"

static const char probe_anchor = 0;
#define SITE (&(const pfhooks_site_t){&probe_anchor, __FILE__, __LINE__})

static struct modlmisc probe_misc = {&mod_miscops, "pfhooks probe"};
static struct modlinkage probe_linkage = {MODREV_1, {&probe_misc, NULL}};

/* Globals a test reads through the log: each load must start from zero. */
static int probe_loads;
static void* probe_buf;
static pfhooks_timeout_id_t probe_tid;
static int probe_ticks;
static int probe_refused;

static void
probe_tick(void* arg)
{
    (void)arg;
    probe_ticks++;
    pfhooks_printf(SITE, "tick %d at lbolt %ld\n", probe_ticks, (long)pfhooks_ddi_get_lbolt());
    pfhooks_delay(pfhooks_drv_usectohz(2000));
    probe_tid = pfhooks_timeout(SITE, probe_tick, NULL, pfhooks_drv_usectohz(10000));
}

int
_init(void)
{
    probe_loads++;
    pfhooks_printf(SITE, "_init: loads %d\n", probe_loads);
#ifdef PROBE_FAIL_INIT
    return 5;
#endif
    /* _init may sleep: the simulation goes on meanwhile. */
    pfhooks_delay(pfhooks_drv_usectohz(3000));
    pfhooks_printf(SITE, "_init: awake at lbolt %ld\n", (long)pfhooks_ddi_get_lbolt());
    probe_buf = pfhooks_kmem_alloc(100, PFHOOKS_KM_SLEEP, 1, SITE);
    probe_tid = pfhooks_timeout(SITE, probe_tick, NULL, pfhooks_drv_usectohz(10000));
#ifdef PROBE_NO_INSTALL
    return 0;
#endif
    return mod_install(&probe_linkage);
}

int
_fini(void)
{
#ifdef PROBE_REFUSE_FINI
    if (!probe_refused)
    {
        probe_refused = 1;
        return 16; /* EBUSY */
    }
#endif
    (void)probe_refused;
    int rv = mod_remove(&probe_linkage);
    if (rv != 0)
    {
        return rv;
    }
#ifdef PROBE_LEAK
    pfhooks_allocb(64, 0, SITE);
#else
    pfhooks_untimeout(probe_tid);
    pfhooks_kmem_free(probe_buf, 100, SITE);
#endif
    pfhooks_printf(SITE, "_fini after %d ticks\n", probe_ticks);
    return 0;
}

int
_info(struct modinfo* mi)
{
    return mod_info(&probe_linkage, mi);
}
