/*
 * A user's own Solaris module, built with pfhooks_add_solaris_module()
 * against the installed headers: counts inbound IPv4 packets per instance.
 */
#include <sys/types.h>
#include <sys/cmn_err.h>
#include <sys/ddi.h>
#include <sys/errno.h>
#include <sys/hook.h>
#include <sys/hook_event.h>
#include <sys/modctl.h>
#include <sys/neti.h>
#include <sys/sunddi.h>

static struct modlmisc mymod_misc = {&mod_miscops, "consumer module"};
static struct modlinkage mymod_linkage = {MODREV_1, {&mymod_misc, NULL}};
static net_instance_t* mymod_ni;

typedef struct mymod_stack
{
    net_handle_t inet;
    hook_t* in;
    uint64_t packets;
} mymod_stack_t;

static int
mymod_in(hook_event_token_t tok, hook_data_t data, void* arg)
{
    ((mymod_stack_t*)arg)->packets++;
    return 0;
}

static void*
mymod_create(const netid_t id)
{
    mymod_stack_t* s = kmem_zalloc(sizeof(*s), KM_SLEEP);
    s->inet = net_protocol_lookup(id, NHF_INET);
    HOOK_INIT(s->in, mymod_in, "mymod_in", s);
    if (s->inet == NULL || net_hook_register(s->inet, NH_PHYSICAL_IN, s->in) != 0)
        cmn_err(CE_WARN, "mymod: no hook on instance %d", id);
    return s;
}

static void
mymod_shutdown(const netid_t id, void* arg)
{
    mymod_stack_t* s = arg;
    if (s->inet != NULL)
    {
        (void)net_hook_unregister(s->inet, NH_PHYSICAL_IN, s->in);
        (void)net_protocol_release(s->inet);
        s->inet = NULL;
    }
}

static void
mymod_destroy(const netid_t id, void* arg)
{
    mymod_stack_t* s = arg;
    cmn_err(CE_NOTE, "mymod: instance %d saw %llu packets", id, (unsigned long long)s->packets);
    hook_free(s->in);
    kmem_free(s, sizeof(*s));
}

int
_init(void)
{
    mymod_ni = net_instance_alloc(NETINFO_VERSION);
    mymod_ni->nin_name = "mymod";
    mymod_ni->nin_create = mymod_create;
    mymod_ni->nin_shutdown = mymod_shutdown;
    mymod_ni->nin_destroy = mymod_destroy;
    if (net_instance_register(mymod_ni) != 0)
    {
        net_instance_free(mymod_ni);
        return (EEXIST);
    }
    return (mod_install(&mymod_linkage));
}

int
_fini(void)
{
    int rv = mod_remove(&mymod_linkage);
    if (rv == 0)
    {
        (void)net_instance_unregister(mymod_ni);
        net_instance_free(mymod_ni);
    }
    return (rv);
}

int
_info(struct modinfo* mi)
{
    return (mod_info(&mymod_linkage, mi));
}
