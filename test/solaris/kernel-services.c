/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A misc module that uses every header and kernel service macro of the
 * Solaris tree (model/solaris/include), for the simulated kernel's tests.
 * Built with pfhooks_add_solaris_module(); the pure checks stop the run
 * through VERIFY if a service misbehaves, the rest prints "ks: ..." lines
 * for a test to read.
 *
 *  _init   checks atomics, string functions, time units and layouts;
 *          kmem_alloc/kmem_zalloc/kmem_free (keeps one buffer to _fini);
 *          allocb, copyb, copymsg, dupb, dupmsg, msgpullup, linkb,
 *          unlinkb, msgdsize, freeb, freemsg (keeps one message to _fini);
 *          mutexes (enter, owned, tryenter, exit) and readers/writer locks
 *          (reader, failed writer tryenter, downgrade, tryupgrade);
 *          random bytes; delay() of 2 ms measured with gethrtime() and
 *          the lbolt; cmn_err at CE_CONT, CE_NOTE, CE_WARN, CE_IGNORE;
 *          a timeout cancelled at once (it must never run); a ticker every
 *          10 ms, KS_TICKS times, that sleeps 1 ms in its callout; a net
 *          instance hooking NHF_INET PHYSICAL_IN on every IP instance to
 *          count packets; then mod_install().
 *  _fini   stops the ticker, unregisters the net instance, checks the
 *          cancelled timeout never ran, frees what it kept and prints
 *          "ks: _fini after <ticks> ticks, <packets> packets".
 *
 * Variants by -D: KS_PANIC (panic() in _init), KS_CE_PANIC
 * (cmn_err(CE_PANIC)), KS_ASSERT (a false ASSERT), KS_VERIFY3 (a false
 * VERIFY3U, whose message shows both values), KS_LEAK (_fini keeps the
 * kmem buffer and the message).
 */
#include <sys/types.h>
#include <sys/param.h>
#include <sys/time.h>
#include <sys/stat.h>
#include <sys/debug.h>
#include <sys/errno.h>
#ifndef PFHOOKS_SOL_SYS_ERRNO_H
#error <sys/errno.h> must come from the Solaris header tree
#endif
#include <sys/cmn_err.h>
#include <sys/kmem.h>
#include <sys/systm.h>
#include <sys/atomic.h>
#include <sys/ksynch.h>
#include <sys/mutex.h>
#include <sys/rwlock.h>
#include <sys/synch.h>
#include <sys/random.h>
#include <sys/stream.h>
#include <sys/ddi.h>
#include <sys/sunddi.h>
#include <sys/devops.h>
#include <sys/modctl.h>
#include <sys/hook.h>
#include <sys/hook_event.h>
#include <sys/neti.h>
#include "neti.h"
#include <inet/ip.h>
#include <netinet/in_systm.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <stddef.h>
/* After the Solaris headers: printf must stay the kernel's. */
#include <stdio.h>

#define	KS_TICKS	5

/* Layouts modules rely on. */
CTASSERT(sizeof (ipha_t) == 20);
CTASSERT(offsetof(ipha_t, ipha_src) == 12);
CTASSERT(sizeof (struct ip) == sizeof (ipha_t));
CTASSERT(sizeof (icmph_t) == ICMPH_SIZE);
CTASSERT(offsetof(struct icmp, icmp_cksum) == 2);
CTASSERT(sizeof (lwp_mutex_t) == 24);
CTASSERT(sizeof (lwp_cond_t) == 16);
CTASSERT(sizeof (lwp_sema_t) == 24);
CTASSERT(sizeof (lwp_rwlock_t) == 64);
CTASSERT(sizeof (boolean_t) == 4);
CTASSERT(sizeof (timeout_id_t) == sizeof (void *));
CTASSERT(sizeof (hrtime_t) == 8);
CTASSERT(ICMP_ECHO_REQUEST == ICMP_ECHO);
CTASSERT(ICMP_ECHO_REPLY == ICMP_ECHOREPLY);
CTASSERT(IPPROTO_ENCAP == 4);
CTASSERT(MUTEX_DRIVER == 4 && RW_DRIVER == 2);
CTASSERT(RW_WRITER == 0 && RW_READER == 1);
CTASSERT(CE_CONT == 0 && CE_NOTE == 1 && CE_WARN == 2 && CE_PANIC == 3);
CTASSERT(KM_SLEEP == 0 && KM_NOSLEEP == 1);
CTASSERT(DEVO_REV == 4 && S_IFCHR == 0020000);

static struct modlmisc ks_modlmisc = {
	&mod_miscops,
	"pfhooks kernel services"
};

static struct modlinkage ks_modlinkage = {
	MODREV_1,
	{ &ks_modlmisc, NULL }
};

/* Per IP instance: the NHF_INET handle and the hook on PHYSICAL_IN. */
typedef struct ks_stack {
	netid_t		ks_id;
	net_handle_t	ks_inet;
	hook_t		*ks_hook;
} ks_stack_t;

static kmutex_t ks_lock;		/* ks_stopping, ks_tid */
static krwlock_t ks_rwlock;		/* readers: hooks; writer: ticker */
static net_instance_t *ks_ninst;
static timeout_id_t ks_tid;
static int ks_stopping;
static volatile uint32_t ks_ticks;
static volatile uint32_t ks_never_ran;
static volatile uint64_t ks_packets;
static volatile uint64_t ks_v4_packets;
static void *ks_buf;
static mblk_t *ks_kept;

static void
ks_check_atomics(void)
{
	volatile uint8_t u8 = 0xfe;
	volatile uchar_t uc = 1;
	volatile uint16_t u16 = 0;
	volatile ushort_t us = 10;
	volatile uint32_t u32 = 0;
	volatile uint_t ui = 5;
	volatile ulong_t ul = 0;
	volatile uint64_t u64 = 1ULL << 40;
	char bytes[8];
	void *volatile ptr = &bytes[0];

	atomic_inc_8(&u8);
	VERIFY3U(atomic_inc_8_nv(&u8), ==, 0);		/* wraps */
	atomic_dec_uchar(&uc);
	VERIFY3U(atomic_add_char_nv(&uc, -1), ==, 0xff);
	atomic_add_16(&u16, 300);
	VERIFY3U(atomic_or_16_nv(&u16, 0x8000), ==, 0x812c);
	atomic_and_ushort(&us, 0x2);
	VERIFY3U(atomic_swap_ushort(&us, 7), ==, 2);
	VERIFY3U(atomic_add_short_nv(&us, -8), ==, 0xffff);

	atomic_inc_32(&u32);
	atomic_add_32(&u32, -3);
	VERIFY3U(u32, ==, 0xfffffffeU);
	VERIFY3U(atomic_dec_32_nv(&u32), ==, 0xfffffffdU);
	VERIFY3U(atomic_cas_32(&u32, 1, 2), ==, 0xfffffffdU);	/* no swap */
	VERIFY3U(atomic_cas_32(&u32, 0xfffffffdU, 2), ==, 0xfffffffdU);
	VERIFY3U(u32, ==, 2);
	atomic_or_32(&u32, 0x100);
	atomic_and_32(&u32, 0x102);
	VERIFY3U(atomic_and_32_nv(&u32, ~0U), ==, 0x102);
	VERIFY3U(atomic_swap_32(&u32, 9), ==, 0x102);
	VERIFY3U(atomic_inc_32_nv(&u32), ==, 10);
	VERIFY3U(atomic_add_32_nv(&u32, 5), ==, 15);
	VERIFY3U(atomic_or_32_nv(&u32, 16), ==, 31);

	atomic_inc_uint(&ui);
	atomic_add_int(&ui, -2);
	VERIFY3U(atomic_cas_uint(&ui, 4, 40), ==, 4);
	VERIFY3U(atomic_dec_uint_nv(&ui), ==, 39);

	atomic_add_long(&ul, -1);
	VERIFY3U(ul, ==, ~0UL);
	VERIFY3U(atomic_inc_ulong_nv(&ul), ==, 0);
	VERIFY0(atomic_set_long_excl(&ul, 3));
	VERIFY3S(atomic_set_long_excl(&ul, 3), ==, -1);
	VERIFY0(atomic_clear_long_excl(&ul, 3));
	VERIFY3S(atomic_clear_long_excl(&ul, 3), ==, -1);
	VERIFY3U(atomic_swap_ulong(&ul, 77), ==, 0);
	VERIFY3U(atomic_cas_ulong(&ul, 77, 78), ==, 77);
	VERIFY3U(casip(&ul, 78, 79), ==, 78);
	atomic_add_ip(&ul, 1);
	VERIFY3U(atomic_add_ip_nv(&ul, 1), ==, 81);

	atomic_inc_64(&u64);
	atomic_dec_64(&u64);
	atomic_add_64(&u64, -(int64_t)(1ULL << 40));
	VERIFY0(u64);
	VERIFY3U(atomic_add_64_nv(&u64, 1LL << 50), ==, 1ULL << 50);
	atomic_or_64(&u64, 1);
	atomic_and_64(&u64, 1);
	VERIFY3U(atomic_cas_64(&u64, 1, 3), ==, 1);
	VERIFY3U(atomic_swap_64(&u64, 4), ==, 3);
	VERIFY3U(atomic_dec_64_nv(&u64), ==, 3);

	atomic_add_ptr(&ptr, 3);
	VERIFY3P(ptr, ==, &bytes[3]);
	VERIFY3P(atomic_add_ptr_nv(&ptr, -1), ==, &bytes[2]);
	VERIFY3P(atomic_cas_ptr(&ptr, &bytes[2], &bytes[5]), ==, &bytes[2]);
	VERIFY3P(atomic_swap_ptr(&ptr, NULL), ==, &bytes[5]);
	VERIFY3P(ptr, ==, NULL);

	membar_enter();
	membar_exit();
	membar_producer();
	membar_consumer();
}

static void
ks_check_strings_and_units(void)
{
	char a[16], b[16];

	VERIFY3U(strlcpy(a, "kernel services", 8), ==, 15);
	VERIFY0(strcmp(a, "kernel "));
	VERIFY3U(strlcat(a, "svc!", sizeof (a)), ==, 11);
	VERIFY(DDI_STRSAME(a, "kernel svc!"));
	bzero(b, sizeof (b));
	bcopy(a, b, 6);
	VERIFY0(bcmp(a, b, 6));
	ovbcopy(b, b + 1, 5);
	VERIFY0(strcmp(b, "kkerne"));
	VERIFY3S(snprintf(b, sizeof (b), "%d-%s", 42, "x"), ==, 4);
	VERIFY3S(sprintf(a, "%u", 7u), ==, 1);
	VERIFY3U(strlen(b), ==, 4);
	VERIFY3S(min(3, -1), ==, -1);
	VERIFY3S(max(3, -1), ==, 3);
	IMPLY(a[0] == '7', b[0] == '4');
	EQUIV(a[1] == '\0', b[4] == '\0');
	ASSERT(B_TRUE && !B_FALSE);
	ASSERT64(sizeof (long) == 8);

	VERIFY3S(hz, >, 0);
	VERIFY3S(drv_usectohz(1000000), ==, hz);
	VERIFY3S(drv_hztousec(hz), ==, 1000000);
	VERIFY3S(SEC_TO_TICK(2), ==, 2 * hz);
	VERIFY3S(USEC_TO_TICK(1000000), ==, hz);
	VERIFY3S(TICK_TO_MSEC(hz), ==, 1000);
	VERIFY3S(MSEC2NSEC(3), ==, 3000000);
	VERIFY3S(NSEC2USEC(USEC2NSEC(17)), ==, 17);
	VERIFY3S(NSEC2SEC(SEC2NSEC(2)), ==, 2);
	VERIFY3S(NSEC2MSEC(MSEC2NSEC(5)), ==, 5);
}

static void
ks_check_kmem(void)
{
	uint8_t *p = kmem_alloc(100, KM_SLEEP);
	uint8_t *z = kmem_zalloc(64, KM_NOSLEEP);
	int i;

	VERIFY(p != NULL);
	(void) memset(p, 0xa5, 100);
	if (z != NULL) {	/* KM_NOSLEEP may fail */
		for (i = 0; i < 64; i++)
			VERIFY0(z[i]);
		kmem_free(z, 64);
	}
	kmem_free(p, 100);
	ks_buf = kmem_zalloc(128, KM_SLEEP);
}

static void
ks_check_streams(void)
{
	mblk_t *mp = allocb(100, BPRI_MED);
	mblk_t *mp2 = allocb(40, BPRI_HI);
	mblk_t *cp, *dp, *pu, *cb, *db, *rest;
	int i;

	VERIFY(mp != NULL && mp2 != NULL);
	VERIFY3U(DB_TYPE(mp), ==, M_DATA);
	VERIFY3U(MBLKSIZE(mp), >=, 100);
	for (i = 0; i < 60; i++)
		*mp->b_wptr++ = (uchar_t)i;
	for (i = 0; i < 40; i++)
		*mp2->b_wptr++ = (uchar_t)(60 + i);
	linkb(mp, mp2);
	VERIFY3U(msgdsize(mp), ==, 100);
	VERIFY3U(MBLKL(mp), ==, 60);
	VERIFY3S(MBLKHEAD(mp), ==, 0);
	VERIFY(MBLKIN(mp, 10, 50));
	VERIFY(!MBLKIN(mp, 10, 51));

	cp = copymsg(mp);
	dp = dupmsg(mp);
	pu = msgpullup(mp, -1);
	cb = copyb(mp);
	db = dupb(mp);
	VERIFY(cp != NULL && dp != NULL && pu != NULL && cb != NULL &&
	    db != NULL);
	VERIFY3U(msgdsize(cp), ==, 100);
	VERIFY3P(DB_BASE(cp), !=, DB_BASE(mp));
	VERIFY3P(DB_BASE(dp), ==, DB_BASE(mp));
	VERIFY3U(DB_REF(mp), ==, 3);		/* mp, dp and db */
	VERIFY3P(pu->b_cont, ==, NULL);
	VERIFY3U(MBLKL(pu), ==, 100);
	for (i = 0; i < 100; i++)
		VERIFY3U(pu->b_rptr[i], ==, i);
	VERIFY3U(MBLKL(cb), ==, 60);
	VERIFY3P(cb->b_cont, ==, NULL);
	VERIFY3P(db->b_rptr, ==, mp->b_rptr);

	rest = unlinkb(mp);
	VERIFY3P(rest, ==, mp2);
	VERIFY3U(msgdsize(mp), ==, 60);
	freeb(rest);
	freeb(db);
	freeb(cb);
	freemsg(pu);
	freemsg(dp);
	freemsg(cp);
	freemsg(mp);

	ks_kept = allocb(32, BPRI_LO);
	VERIFY(ks_kept != NULL);
}

static void
ks_check_locks(void)
{
	kmutex_t other;

	mutex_init(&ks_lock, "ks lock", MUTEX_DRIVER, NULL);
	mutex_enter(&ks_lock);
	VERIFY(MUTEX_HELD(&ks_lock));
	VERIFY(mutex_owned(&ks_lock));
	mutex_exit(&ks_lock);
	VERIFY(MUTEX_NOT_HELD(&ks_lock));
	VERIFY(mutex_tryenter(&ks_lock));
	mutex_exit(&ks_lock);

	mutex_init(&other, NULL, MUTEX_DEFAULT, NULL);
	mutex_destroy(&other);

	rw_init(&ks_rwlock, "ks rwlock", RW_DRIVER, NULL);
	rw_enter(&ks_rwlock, RW_READER);
	VERIFY(RW_READ_HELD(&ks_rwlock));
	VERIFY(RW_LOCK_HELD(&ks_rwlock));
	VERIFY(!rw_tryenter(&ks_rwlock, RW_WRITER));	/* a reader holds it */
	rw_exit(&ks_rwlock);
	VERIFY(rw_tryenter(&ks_rwlock, RW_WRITER));
	VERIFY(RW_WRITE_HELD(&ks_rwlock));
	rw_downgrade(&ks_rwlock);
	VERIFY(RW_READ_HELD(&ks_rwlock) && !RW_WRITE_HELD(&ks_rwlock));
	VERIFY(rw_tryupgrade(&ks_rwlock));		/* the only reader */
	VERIFY(RW_WRITE_HELD(&ks_rwlock));
	rw_exit(&ks_rwlock);
	VERIFY(!RW_LOCK_HELD(&ks_rwlock));
}

static void
ks_check_random(void)
{
	uint8_t buf[32];
	uint8_t any = 0;
	size_t i;

	bzero(buf, sizeof (buf));
	VERIFY0(random_get_pseudo_bytes(buf, sizeof (buf)));
	VERIFY0(random_get_bytes(buf + 16, 16));
	for (i = 0; i < sizeof (buf); i++)
		any |= buf[i];
	VERIFY3U(any, !=, 0);
	printf("ks: random %02x%02x%02x%02x\n", buf[0], buf[1], buf[2],
	    buf[3]);
}

static void
ks_check_clock(void)
{
	hrtime_t t0 = gethrtime();
	clock_t l0 = ddi_get_lbolt();
	int64_t l0_64 = ddi_get_lbolt64();
	hrtime_t t1;
	int64_t l1;

	VERIFY3S(l0, ==, l0_64);
	delay(drv_usectohz(2000));		/* the simulation goes on */
	t1 = gethrtime();
	l1 = ddi_get_lbolt64();
	VERIFY3S(t1 - t0, >=, MSEC2NSEC(2));
	VERIFY3S(l1 - l0, >=, drv_usectohz(2000));
	printf("ks: delay %lld ns, lbolt %ld -> %lld\n", t1 - t0, (long)l0,
	    (long long)l1);
}

/* Must never run: cancelled as soon as it is armed. */
static void
ks_never(void *arg)
{
	(void) arg;
	atomic_inc_32(&ks_never_ran);
}

static void
ks_tick(void *arg)
{
	uint32_t n = atomic_inc_32_nv(&ks_ticks);
	uint64_t packets;

	VERIFY3P(arg, ==, &ks_ticks);
	delay(drv_usectohz(1000));		/* callouts may sleep */

	rw_enter(&ks_rwlock, RW_WRITER);	/* no hook counts meanwhile */
	packets = ks_packets;
	rw_exit(&ks_rwlock);
	printf("ks: tick %u at lbolt %ld, %llu packets\n", n,
	    (long)ddi_get_lbolt(), (unsigned long long)packets);

	mutex_enter(&ks_lock);
	if (!ks_stopping && n < KS_TICKS)
		ks_tid = timeout(ks_tick, arg, drv_usectohz(10000));
	else
		ks_tid = NULL;
	mutex_exit(&ks_lock);
}

static int
ks_pkt_in(hook_event_token_t tok, hook_data_t data, void *arg)
{
	hook_pkt_event_t *hpe = (hook_pkt_event_t *)data;
	ks_stack_t *ks = arg;

	(void) tok;
	ASSERT(ks != NULL && hpe->hpe_protocol == ks->ks_inet);
	rw_enter(&ks_rwlock, RW_READER);
	atomic_inc_64(&ks_packets);
	if (IPH_HDR_VERSION(hpe->hpe_hdr) == IPV4_VERSION &&
	    IPH_HDR_LENGTH(hpe->hpe_hdr) >= IP_SIMPLE_HDR_LENGTH &&
	    msgdsize(hpe->hpe_mb) >= IP_SIMPLE_HDR_LENGTH)
		atomic_inc_64(&ks_v4_packets);
	rw_exit(&ks_rwlock);
	return (0);			/* let every packet go on */
}

/* Instance level: hook NHF_INET when it comes, let go when it goes. */
static int
ks_newproto(hook_notify_cmd_t cmd, void *arg, const char *parent,
    const char *event, const char *hook)
{
	ks_stack_t *ks = arg;

	(void) event;
	(void) hook;
	if (parent == NULL || strcmp(parent, NHF_INET) != 0)
		return (0);
	if (cmd == HN_REGISTER && ks->ks_inet == NULL) {
		ks->ks_inet = net_protocol_lookup(ks->ks_id, parent);
		if (ks->ks_inet == NULL)
			return (0);
		HOOK_INIT(ks->ks_hook, ks_pkt_in, "ks_pkt_in", ks);
		if (net_hook_register(ks->ks_inet, NH_PHYSICAL_IN,
		    ks->ks_hook) != 0)
			cmn_err(CE_WARN, "ks: net_hook_register failed");
	} else if (cmd == HN_UNREGISTER && ks->ks_inet != NULL) {
		(void) net_hook_unregister(ks->ks_inet, NH_PHYSICAL_IN,
		    ks->ks_hook);
		hook_free(ks->ks_hook);
		ks->ks_hook = NULL;
		(void) net_protocol_release(ks->ks_inet);
		ks->ks_inet = NULL;
	}
	return (0);
}

static void *
ks_nin_create(const netid_t id)
{
	ks_stack_t *ks = kmem_zalloc(sizeof (*ks), KM_SLEEP);

	ks->ks_id = id;
	if (net_instance_notify_register(id, ks_newproto, ks) != 0)
		cmn_err(CE_WARN, "ks: instance %d: no notifications", id);
	return (ks);
}

static void
ks_nin_shutdown(const netid_t id, void *arg)
{
	ks_stack_t *ks = arg;

	/* The HN_UNREGISTER replay takes the hook and the handle back. */
	(void) net_instance_notify_unregister(id, ks_newproto);
	ASSERT(ks->ks_inet == NULL && ks->ks_hook == NULL);
}

static void
ks_nin_destroy(const netid_t id, void *arg)
{
	(void) id;
	kmem_free(arg, sizeof (ks_stack_t));
}

int
_init(void)
{
	timeout_id_t never;
	int error;

	ks_check_atomics();
	ks_check_strings_and_units();
	ks_check_kmem();
	ks_check_streams();
	ks_check_locks();
	ks_check_random();
	ks_check_clock();

	cmn_err(CE_NOTE, "ks: note %d", 1);
	cmn_err(CE_WARN, "ks: warning %s", "two");
	cmn_err(CE_CONT, "ks: continued %u\n", 3u);
	cmn_err(CE_IGNORE, "ks: ignored");
#if defined(KS_PANIC)
	panic("ks: panic %d", 42);
#elif defined(KS_CE_PANIC)
	cmn_err(CE_PANIC, "ks: cmn_err panic %d", 43);
#elif defined(KS_ASSERT)
	ASSERT(ks_ticks == 12345);
#elif defined(KS_VERIFY3)
	VERIFY3U(ks_ticks, ==, 12345);
#endif

	never = timeout(ks_never, NULL, drv_usectohz(5000));
	VERIFY(never != NULL);
	VERIFY3S(untimeout(never), >=, 0);

	mutex_enter(&ks_lock);
	ks_tid = timeout(ks_tick, (void *)&ks_ticks, drv_usectohz(10000));
	mutex_exit(&ks_lock);

	ks_ninst = net_instance_alloc(NETINFO_VERSION);
	VERIFY(ks_ninst != NULL);
	ks_ninst->nin_name = "kernel-services";
	ks_ninst->nin_create = ks_nin_create;
	ks_ninst->nin_shutdown = ks_nin_shutdown;
	ks_ninst->nin_destroy = ks_nin_destroy;
	if (net_instance_register(ks_ninst) != DDI_SUCCESS)
		cmn_err(CE_WARN, "ks: net_instance_register failed");

	error = mod_install(&ks_modlinkage);
	printf("ks: _init done: %d\n", error);
	return (error);
}

int
_fini(void)
{
	timeout_id_t tid;
	int error;

	error = mod_remove(&ks_modlinkage);
	if (error != 0)
		return (error);

	mutex_enter(&ks_lock);
	ks_stopping = 1;
	tid = ks_tid;
	mutex_exit(&ks_lock);
	if (tid != NULL)
		(void) untimeout(tid);	/* waits for a running ticker */

	(void) net_instance_unregister(ks_ninst);
	net_instance_free(ks_ninst);
	ks_ninst = NULL;

	VERIFY0(ks_never_ran);
#ifndef KS_LEAK
	kmem_free(ks_buf, 128);
	freemsg(ks_kept);
#endif
	ks_buf = NULL;
	ks_kept = NULL;
	rw_destroy(&ks_rwlock);
	mutex_destroy(&ks_lock);
	printf("ks: _fini after %u ticks, %llu packets (%llu IPv4)\n",
	    ks_ticks, (unsigned long long)ks_packets,
	    (unsigned long long)ks_v4_packets);
	return (0);
}

int
_info(struct modinfo *modinfop)
{
	return (mod_info(&ks_modlinkage, modinfop));
}
