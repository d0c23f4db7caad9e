/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A module that keeps its state in avl(9F) trees, as illumos modules keep
 * flow tables: on every instance an inet PHYSICAL_IN hook counts packets
 * per (protocol, IP length) in one tree sorted by that key (avl_find and
 * avl_insert at the place it gave) and another sorted by count, most
 * first (avl_add, then avl_update as counts grow).  nin_shutdown prints
 * the flows by count with AVL_NEXT, takes them out with
 * avl_destroy_nodes and avl_destroy.  Built with AVLF_DUPLICATE, it
 * avl_adds the same flow twice (illumos panics).
 */
#include <sys/types.h>
#include <sys/avl.h>
#include <sys/cmn_err.h>
#include <sys/ddi.h>
#include <sys/hook.h>
#include <sys/hook_event.h>
#include <sys/kmem.h>
#include <sys/modctl.h>
#include <sys/neti.h>
#include <sys/stream.h>
#include <sys/sunddi.h>
#include <sys/sysmacros.h>
#include <netinet/in.h>
#include <netinet/ip.h>

static struct modlmisc avlf_misc = {&mod_miscops, "flows in AVL trees"};
static struct modlinkage avlf_linkage = {MODREV_1, {&avlf_misc, NULL}};
static net_instance_t *avlf_ni;

typedef struct avlf_flow {
	uint8_t f_proto;
	uint16_t f_len;
	uint32_t f_packets;
	avl_node_t f_bykey;
	avl_node_t f_bycount;
} avlf_flow_t;

typedef struct avlf_stack {
	netid_t netid;
	net_handle_t inet;
	hook_t *in;
	int registered;
	avl_tree_t bykey;
	avl_tree_t bycount;
} avlf_stack_t;

static int
avlf_key_cmp(const void *a, const void *b)
{
	const avlf_flow_t *l = a, *r = b;
	int c = AVL_CMP(l->f_proto, r->f_proto);

	return (c != 0 ? c : AVL_CMP(l->f_len, r->f_len));
}

/* Most packets first; ties by key */
static int
avlf_count_cmp(const void *a, const void *b)
{
	const avlf_flow_t *l = a, *r = b;
	int c = AVL_CMP(r->f_packets, l->f_packets);

	return (c != 0 ? c : avlf_key_cmp(a, b));
}

static int
avlf_hook(hook_event_token_t tok, hook_data_t data, void *arg)
{
	hook_pkt_event_t *hpe = (hook_pkt_event_t *)data;
	avlf_stack_t *s = arg;
	struct ip *ip = hpe->hpe_hdr;
	avlf_flow_t key, *f;
	avl_index_t where;

	if (MBLKL(hpe->hpe_mb) < sizeof (struct ip))
		return (0);
	key.f_proto = ip->ip_p;
	key.f_len = ntohs(ip->ip_len);
	f = avl_find(&s->bykey, &key, &where);
	if (f == NULL) {
		f = kmem_zalloc(sizeof (*f), KM_NOSLEEP);
		if (f == NULL)
			return (0);
		f->f_proto = key.f_proto;
		f->f_len = key.f_len;
		f->f_packets = 1;
		avl_insert(&s->bykey, f, where);
		avl_add(&s->bycount, f);
#ifdef AVLF_DUPLICATE
		avl_add(&s->bycount, f);
#endif
	} else {
		f->f_packets++;
		(void) avl_update(&s->bycount, f);
	}
	return (0);
}

static void *
avlf_create(const netid_t id)
{
	avlf_stack_t *s = kmem_zalloc(sizeof (*s), KM_SLEEP);

	s->netid = id;
	avl_create(&s->bykey, avlf_key_cmp, sizeof (avlf_flow_t),
	    offsetof(avlf_flow_t, f_bykey));
	avl_create(&s->bycount, avlf_count_cmp, sizeof (avlf_flow_t),
	    offsetof(avlf_flow_t, f_bycount));
	s->inet = net_protocol_lookup(id, NHF_INET);
	HOOK_INIT(s->in, avlf_hook, "avlf_in", s);
	if (s->inet != NULL)
		s->registered =
		    net_hook_register(s->inet, NH_PHYSICAL_IN, s->in) == 0;
	return (s);
}

static void
avlf_shutdown(const netid_t id, void *arg)
{
	avlf_stack_t *s = arg;
	avlf_flow_t *f;
	void *cookie = NULL;

	if (s->registered)
		(void) net_hook_unregister(s->inet, NH_PHYSICAL_IN, s->in);
	s->registered = 0;
	for (f = avl_first(&s->bycount); f != NULL;
	    f = AVL_NEXT(&s->bycount, f)) {
		cmn_err(CE_NOTE, "avlflows %d: proto %d len %d packets %u",
		    (int)s->netid, f->f_proto, f->f_len, f->f_packets);
	}
	cmn_err(CE_NOTE, "avlflows %d: %lu flows", (int)s->netid,
	    avl_numnodes(&s->bykey));
	while (avl_destroy_nodes(&s->bycount, &cookie) != NULL)
		;
	cookie = NULL;
	while ((f = avl_destroy_nodes(&s->bykey, &cookie)) != NULL)
		kmem_free(f, sizeof (*f));
	avl_destroy(&s->bycount);
	avl_destroy(&s->bykey);
}

static void
avlf_destroy(const netid_t id, void *arg)
{
	avlf_stack_t *s = arg;

	if (s->inet != NULL)
		(void) net_protocol_release(s->inet);
	hook_free(s->in);
	kmem_free(s, sizeof (*s));
}

int
_init(void)
{
	int rv;

	avlf_ni = net_instance_alloc(NETINFO_VERSION);
	avlf_ni->nin_name = "avlflows";
	avlf_ni->nin_create = avlf_create;
	avlf_ni->nin_shutdown = avlf_shutdown;
	avlf_ni->nin_destroy = avlf_destroy;
	if (net_instance_register(avlf_ni) != 0) {
		net_instance_free(avlf_ni);
		return (-1);
	}
	if ((rv = mod_install(&avlf_linkage)) != 0) {
		(void) net_instance_unregister(avlf_ni);
		net_instance_free(avlf_ni);
	}
	return (rv);
}

int
_fini(void)
{
	int rv = mod_remove(&avlf_linkage);

	if (rv == 0) {
		(void) net_instance_unregister(avlf_ni);
		net_instance_free(avlf_ni);
	}
	return (rv);
}

int
_info(struct modinfo *mi)
{
	return (mod_info(&avlf_linkage, mi));
}
