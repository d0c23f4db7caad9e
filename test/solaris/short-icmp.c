/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The module of issue 16: every ICMP echo it sees going out is cut to its
 * IP header and 2 bytes, with the total length and IP checksum made right.
 * ns-3's ICMP code would read past such a datagram; pfhooks must drop it
 * (a counted drop naming "ICMP shorter than 8 bytes").
 */
#include <sys/types.h>
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

static struct modlmisc si_misc = {&mod_miscops, "short icmp"};
static struct modlinkage si_linkage = {MODREV_1, {&si_misc, NULL}};
static net_instance_t *si_ni;

typedef struct si_stack {
	net_handle_t inet;
	hook_t *out;
} si_stack_t;

static int
si_out(hook_event_token_t tok, hook_data_t data, void *arg)
{
	hook_pkt_event_t *hpe = (hook_pkt_event_t *)data;
	mblk_t *mb = hpe->hpe_mb;
	struct ip *ip = (struct ip *)mb->b_rptr;
	int hl = IPH_HDR_LENGTH(ip);
	uint16_t *w = (uint16_t *)ip;
	uint32_t sum = 0;
	int i;

	if (ip->ip_p != IPPROTO_ICMP || MBLKL(mb) < hl + 8 ||
	    mb->b_rptr[hl] != ICMP_ECHO_REQUEST)
		return (0);
	mb->b_wptr = mb->b_rptr + hl + 2;
	ip->ip_len = htons(hl + 2);
	ip->ip_sum = 0;
	for (i = 0; i < hl / 2; i++)
		sum += w[i];
	sum = (sum >> 16) + (sum & 0xffff);
	ip->ip_sum = ~((sum >> 16) + sum) & 0xffff;
	return (0);
}

static void *
si_create(const netid_t id)
{
	si_stack_t *s = kmem_zalloc(sizeof (*s), KM_SLEEP);

	s->inet = net_protocol_lookup(id, NHF_INET);
	HOOK_INIT(s->out, si_out, "si_out", s);
	if (s->inet != NULL)
		(void) net_hook_register(s->inet, NH_PHYSICAL_OUT, s->out);
	return (s);
}

static void
si_destroy(const netid_t id, void *arg)
{
	si_stack_t *s = arg;

	if (s->inet != NULL) {
		(void) net_hook_unregister(s->inet, NH_PHYSICAL_OUT, s->out);
		(void) net_protocol_release(s->inet);
	}
	hook_free(s->out);
	kmem_free(s, sizeof (*s));
}

int
_init(void)
{
	si_ni = net_instance_alloc(NETINFO_VERSION);
	si_ni->nin_name = "short_icmp";
	si_ni->nin_create = si_create;
	si_ni->nin_destroy = si_destroy;
	(void) net_instance_register(si_ni);
	return (mod_install(&si_linkage));
}

int
_fini(void)
{
	int rv = mod_remove(&si_linkage);

	if (rv == 0) {
		(void) net_instance_unregister(si_ni);
		net_instance_free(si_ni);
	}
	return (rv);
}

int
_info(struct modinfo *mi)
{
	return (mod_info(&si_linkage, mi));
}
