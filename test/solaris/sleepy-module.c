/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A module whose packet hooks sleep, as illumos's ipd holds packets: on
 * every instance, hooks on inet PHYSICAL_IN and PHYSICAL_OUT read UDP
 * datagrams to port 9 whose payload starts with a command byte and an
 * amount: 'I' sleeps in PHYSICAL_IN, 'O' in PHYSICAL_OUT, for amount ms
 * with delay(); 'i' and 'o' the same with drv_usecwait().  Its hooks are
 * unregistered in nin_shutdown (from _fini: that waits for sleeping runs).
 */
#include <sys/types.h>
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
#include <netinet/udp.h>

static struct modlmisc sleepy_misc = {&mod_miscops, "hooks that sleep"};
static struct modlinkage sleepy_linkage = {MODREV_1, {&sleepy_misc, NULL}};
static net_instance_t *sleepy_ni;

/* Read by the test: packets each hook finished with, and sleeps done. */
int sleepy_in_done;
int sleepy_out_done;
int sleepy_sleeps;

typedef struct sleepy_stack {
	net_handle_t inet;
	hook_t *in;
	hook_t *out;
	int in_registered;
	int out_registered;
} sleepy_stack_t;

static char sleepy_in_cmd = 'I';
static char sleepy_out_cmd = 'O';

static int
sleepy_hook(hook_event_token_t tok, hook_data_t data, void *arg)
{
	hook_pkt_event_t *hpe = (hook_pkt_event_t *)data;
	char cmd = *(char *)arg;
	struct ip *ip = hpe->hpe_hdr;
	mblk_t *mb = hpe->hpe_mb;
	size_t len = MBLKL(mb);
	size_t hl;
	struct udphdr *udp;
	unsigned char *payload;

	if (len < sizeof (struct ip) || ip->ip_p != IPPROTO_UDP)
		goto done;
	hl = IPH_HDR_LENGTH(ip);
	if (len < hl + sizeof (struct udphdr) + 2)
		goto done;
	udp = (struct udphdr *)((char *)ip + hl);
	if (ntohs(udp->uh_dport) != 9)
		goto done;
	payload = (unsigned char *)(udp + 1);
	if (payload[0] == cmd) {
		sleepy_sleeps++;
		delay(drv_usectohz(payload[1] * 1000));
	} else if (payload[0] == cmd + ('a' - 'A')) {
		sleepy_sleeps++;
		drv_usecwait(payload[1] * 1000);
	}
done:
	if (cmd == 'I')
		sleepy_in_done++;
	else
		sleepy_out_done++;
	return (0);
}

static void *
sleepy_create(const netid_t id)
{
	sleepy_stack_t *s = kmem_zalloc(sizeof (*s), KM_SLEEP);

	s->inet = net_protocol_lookup(id, NHF_INET);
	HOOK_INIT(s->in, sleepy_hook, "sleepy_in", &sleepy_in_cmd);
	HOOK_INIT(s->out, sleepy_hook, "sleepy_out", &sleepy_out_cmd);
	if (s->inet != NULL) {
		s->in_registered =
		    net_hook_register(s->inet, NH_PHYSICAL_IN, s->in) == 0;
		s->out_registered =
		    net_hook_register(s->inet, NH_PHYSICAL_OUT, s->out) == 0;
	}
	return (s);
}

static void
sleepy_shutdown(const netid_t id, void *arg)
{
	sleepy_stack_t *s = arg;

	if (s->in_registered)
		(void) net_hook_unregister(s->inet, NH_PHYSICAL_IN, s->in);
	if (s->out_registered)
		(void) net_hook_unregister(s->inet, NH_PHYSICAL_OUT, s->out);
	s->in_registered = s->out_registered = 0;
}

static void
sleepy_destroy(const netid_t id, void *arg)
{
	sleepy_stack_t *s = arg;

	if (s->inet != NULL)
		(void) net_protocol_release(s->inet);
	hook_free(s->in);
	hook_free(s->out);
	kmem_free(s, sizeof (*s));
}

int
_init(void)
{
	int rv;

	sleepy_ni = net_instance_alloc(NETINFO_VERSION);
	sleepy_ni->nin_name = "sleepy";
	sleepy_ni->nin_create = sleepy_create;
	sleepy_ni->nin_shutdown = sleepy_shutdown;
	sleepy_ni->nin_destroy = sleepy_destroy;
	if (net_instance_register(sleepy_ni) != 0) {
		net_instance_free(sleepy_ni);
		return (-1);
	}
	if ((rv = mod_install(&sleepy_linkage)) != 0) {
		(void) net_instance_unregister(sleepy_ni);
		net_instance_free(sleepy_ni);
	}
	return (rv);
}

int
_fini(void)
{
	int rv = mod_remove(&sleepy_linkage);

	if (rv == 0) {
		(void) net_instance_unregister(sleepy_ni);
		net_instance_free(sleepy_ni);
	}
	return (rv);
}

int
_info(struct modinfo *mi)
{
	return (mod_info(&sleepy_linkage, mi));
}
