/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Message misuse for the kmem_flags tests.  DANGLING: the hook frees
 * *hpe_mp, leaves the pointer set and returns 0 (the stack would free it
 * again: a DEBUG kernel panics, naming both sites).  Otherwise two hooks on
 * PHYSICAL_IN: "df_innocent" looks, "df_freer" frees the packet, clears
 * *hpe_mp and returns 0 (a contract breach that must name df_freer alone).
 */
#include <sys/types.h>
#include <sys/hook.h>
#include <sys/hook_event.h>
#include <sys/modctl.h>
#include <sys/neti.h>
#include <sys/stream.h>
#include <sys/sunddi.h>

static struct modlmisc df_misc = {&mod_miscops, "message misuse"};
static struct modlinkage df_linkage = {MODREV_1, {&df_misc, NULL}};
static net_instance_t *df_ni;

typedef struct df_stack {
	net_handle_t inet;
	hook_t *innocent;
	hook_t *freer;
} df_stack_t;

static int
df_innocent(hook_event_token_t tok, hook_data_t data, void *arg)
{
	return (0);
}

static int
df_freer(hook_event_token_t tok, hook_data_t data, void *arg)
{
	hook_pkt_event_t *hpe = (hook_pkt_event_t *)data;

	freemsg(*hpe->hpe_mp);
#ifndef DANGLING
	*hpe->hpe_mp = NULL;
#endif
	return (0);
}

static void *
df_create(const netid_t id)
{
	df_stack_t *s = kmem_zalloc(sizeof (*s), KM_SLEEP);

	s->inet = net_protocol_lookup(id, NHF_INET);
	HOOK_INIT(s->innocent, df_innocent, "df_innocent", s);
	HOOK_INIT(s->freer, df_freer, "df_freer", s);
	if (s->inet != NULL) {
		(void) net_hook_register(s->inet, NH_PHYSICAL_IN, s->innocent);
		(void) net_hook_register(s->inet, NH_PHYSICAL_IN, s->freer);
	}
	return (s);
}

static void
df_destroy(const netid_t id, void *arg)
{
	df_stack_t *s = arg;

	if (s->inet != NULL) {
		(void) net_hook_unregister(s->inet, NH_PHYSICAL_IN, s->innocent);
		(void) net_hook_unregister(s->inet, NH_PHYSICAL_IN, s->freer);
		(void) net_protocol_release(s->inet);
	}
	hook_free(s->innocent);
	hook_free(s->freer);
	kmem_free(s, sizeof (*s));
}

int
_init(void)
{
	df_ni = net_instance_alloc(NETINFO_VERSION);
	df_ni->nin_name = "dangling_free";
	df_ni->nin_create = df_create;
	df_ni->nin_destroy = df_destroy;
	(void) net_instance_register(df_ni);
	return (mod_install(&df_linkage));
}

int
_fini(void)
{
	int rv = mod_remove(&df_linkage);

	if (rv == 0) {
		(void) net_instance_unregister(df_ni);
		net_instance_free(df_ni);
	}
	return (rv);
}

int
_info(struct modinfo *mi)
{
	return (mod_info(&df_linkage, mi));
}
