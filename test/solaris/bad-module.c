/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A module that breaks the netinfo/hook contract in every way the contract
 * checker looks for, for its test: it injects echo replies with the seed
 * ping amplifier's printed (wrong) checksum update, frees every third
 * packet and returns 0, unregisters its hook in nin_destroy (too late when
 * an instance goes away), uses and releases its handle once too often, and
 * frees its net instance without unregistering it.
 */
#include <sys/types.h>
#include <sys/cmn_err.h>
#include <sys/ddi.h>
#include <sys/hook.h>
#include <sys/hook_event.h>
#include <sys/modctl.h>
#include <sys/neti.h>
#include <sys/stream.h>
#include <sys/sunddi.h>
#include <inet/ip.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>

static struct modlmisc bad_misc = {&mod_miscops, "contract breaker"};
static struct modlinkage bad_linkage = {MODREV_1, {&bad_misc, NULL}};
static net_instance_t *bad_ni;
static int bad_count;

typedef struct bad_stack {
	net_handle_t inet;
	hook_t *in;
} bad_stack_t;

static int
bad_in(hook_event_token_t tok, hook_data_t data, void *arg)
{
	hook_pkt_event_t *hpe = (hook_pkt_event_t *)data;
	bad_stack_t *s = arg;
	struct ip *ip = hpe->hpe_hdr;
	mblk_t *mb;

	if (ip->ip_p != IPPROTO_ICMP)
		return (0);
	if (++bad_count % 3 == 0) {
		/* Freed, and still "let in". */
		freemsg(*hpe->hpe_mp);
		*hpe->hpe_mp = NULL;
		return (0);
	}
	if ((mb = msgpullup(hpe->hpe_mb, -1)) == NULL)
		return (0);
	ip = (struct ip *)mb->b_rptr;
	struct icmp *icmp = (struct icmp *)(mb->b_rptr + IPH_HDR_LENGTH(ip));
	if (icmp->icmp_type == ICMP_ECHO) {
		struct in_addr a = ip->ip_src;
		uint32_t sum;
		net_inject_t ninj;

		ip->ip_src = ip->ip_dst;
		ip->ip_dst = a;
		icmp->icmp_type = ICMP_ECHO_REPLY;
		/* The printed pamp_drv.c arithmetic: wrong. */
		sum = ~ntohs(icmp->icmp_cksum) & 0xffff;
		sum += (ICMP_ECHO_REQUEST - ICMP_ECHO_REPLY);
		icmp->icmp_cksum = htons(~((sum >> 16) + (sum & 0xffff)));
		ninj.ni_packet = mb;
		ninj.ni_physical = hpe->hpe_ifp;
		(void) net_inject(s->inet, NI_QUEUE_OUT, &ninj);
		return (0);
	}
	freemsg(mb);
	return (0);
}

static void *
bad_create(const netid_t id)
{
	bad_stack_t *s = kmem_zalloc(sizeof (*s), KM_SLEEP);

	s->inet = net_protocol_lookup(id, NHF_INET);
	HOOK_INIT(s->in, bad_in, "bad_in", s);
	if (s->inet != NULL)
		(void) net_hook_register(s->inet, NH_PHYSICAL_IN, s->in);
	return (s);
}

static void
bad_destroy(const netid_t id, void *arg)
{
	bad_stack_t *s = arg;

	if (s->inet != NULL) {
		/* ENXIO when the instance itself goes: the hook stays. */
		(void) net_hook_unregister(s->inet, NH_PHYSICAL_IN, s->in);
		(void) net_protocol_release(s->inet);
		(void) net_getpmtuenabled(s->inet);	/* used after release */
		(void) net_protocol_release(s->inet);	/* once too often */
	}
	hook_free(s->in);
	kmem_free(s, sizeof (*s));
}

int
_init(void)
{
	bad_ni = net_instance_alloc(NETINFO_VERSION);
	bad_ni->nin_name = "bad";
	bad_ni->nin_create = bad_create;
	bad_ni->nin_destroy = bad_destroy;
	(void) net_instance_register(bad_ni);
	return (mod_install(&bad_linkage));
}

int
_fini(void)
{
	int rv = mod_remove(&bad_linkage);

	if (rv == 0)
		net_instance_free(bad_ni);	/* still registered */
	return (rv);
}

int
_info(struct modinfo *mi)
{
	return (mod_info(&bad_linkage, mi));
}
