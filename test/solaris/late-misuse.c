/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Misuse of a message after the hook returned, for the kmem_flags tests of
 * the message the stack keeps for its next packet (pfhooks_msg_keep): the
 * PHYSICAL_IN hook "lm_keeper" accepts the packet but keeps a pointer to
 * it, and a callout a tick later uses that pointer.  LATE_FREE: it frees
 * the message again (a double free: a DEBUG kernel panics, naming both
 * sites).  Otherwise: it writes to the bytes (found when the block is used
 * again).
 */
#include <sys/types.h>
#include <sys/hook.h>
#include <sys/hook_event.h>
#include <sys/modctl.h>
#include <sys/neti.h>
#include <sys/stream.h>
#include <sys/sunddi.h>
#include <sys/systm.h>

static struct modlmisc lm_misc = {&mod_miscops, "late message misuse"};
static struct modlinkage lm_linkage = {MODREV_1, {&lm_misc, NULL}};
static net_instance_t *lm_ni;

typedef struct lm_stack {
	net_handle_t inet;
	hook_t *keeper;
	mblk_t *kept;		/* the message (LATE_FREE) */
	unsigned char *bytes;	/* its bytes (the block itself is filled) */
} lm_stack_t;

static void
lm_late(void *arg)
{
	lm_stack_t *s = arg;

	if (s->kept == NULL)
		return;
#ifdef LATE_FREE
	freemsg(s->kept);
#else
	s->bytes[0] ^= 0xff;
#endif
	s->kept = NULL;
}

static int
lm_keeper(hook_event_token_t tok, hook_data_t data, void *arg)
{
	lm_stack_t *s = arg;
	hook_pkt_event_t *hpe = (hook_pkt_event_t *)data;

	if (s->kept == NULL) {
		/* The message is the stack's once this returns: a bug. */
		s->kept = *hpe->hpe_mp;
		s->bytes = s->kept->b_rptr;
		(void) timeout(lm_late, s, 1);
	}
	return (0);
}

static void *
lm_create(const netid_t id)
{
	lm_stack_t *s = kmem_zalloc(sizeof (*s), KM_SLEEP);

	s->inet = net_protocol_lookup(id, NHF_INET);
	HOOK_INIT(s->keeper, lm_keeper, "lm_keeper", s);
	if (s->inet != NULL)
		(void) net_hook_register(s->inet, NH_PHYSICAL_IN, s->keeper);
	return (s);
}

static void
lm_destroy(const netid_t id, void *arg)
{
	lm_stack_t *s = arg;

	if (s->inet != NULL) {
		(void) net_hook_unregister(s->inet, NH_PHYSICAL_IN, s->keeper);
		(void) net_protocol_release(s->inet);
	}
	hook_free(s->keeper);
	kmem_free(s, sizeof (*s));
}

int
_init(void)
{
	lm_ni = net_instance_alloc(NETINFO_VERSION);
	lm_ni->nin_name = "late_misuse";
	lm_ni->nin_create = lm_create;
	lm_ni->nin_destroy = lm_destroy;
	(void) net_instance_register(lm_ni);
	return (mod_install(&lm_linkage));
}

int
_fini(void)
{
	int rv = mod_remove(&lm_linkage);

	if (rv == 0) {
		(void) net_instance_unregister(lm_ni);
		net_instance_free(lm_ni);
	}
	return (rv);
}

int
_info(struct modinfo *mi)
{
	return (mod_info(&lm_linkage, mi));
}
