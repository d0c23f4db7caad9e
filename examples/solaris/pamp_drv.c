/*
* Copyright (c) 2012, Oracle and/or its affiliates.
 All rights reserved.
 */

/*
* PAMP driver - Ping Amplifier enables Solaris to send two ICMP echo 
* responses for every ICMP request.
* This example provides a test module of the Oracle Solaris PF-hooks 
* (netinfo(9f)) API.This example discovers ICMP echo 
* implementation by intercepting inbound packets using 
* physical-in` event hook. 
* If the intercepted packet happens to be a ICMPv4 echo request, 
* the module will generate a corresponding ICMP echo response 
* which will then be sent to the network interface card using 
* the net_inject(9f) function. The original ICMPv4 echo request will be
* allowed to enter the the IP stack so that the request can be 
* processed by the destination IP stack. 
* The destination stack in turn will send its own ICMPv4 echo response. 
* Therefore there will be two ICMPv4 echo responses for a single 
* ICMPv4 echo request.

*
* The following example code demonstrates two key functions of netinfo(9f) API:
*
* Packet Interception
*
* Packet Injection
*
* In order to be able to talk to netinfo(9f), the driver must allocate and
* register its own net_instance_t - `pamp_ninst`. This happens in the
* pamp_attach() function, which imlements `ddi_attach` driver operation.The
* net_instance_t registers three callbacks with netinfo(9f) module:
*     _create
*    _shutdown
*    _destroy
* The netinfo(9f) command uses these functions to request the driver to
* create, shutdown, or destroy the driver context bound to a particular IP instance.
* This will enable the driver to handle packets for every IP stack found in
* the Oracle Solaris kernel. For purposes of this example, the driver is always
* implicitly bound to every IP instance.
*/
 
/* Use the following makefile to build the driver::
* Begin Makefile
ALL = pamp_drv pamp_drv.conf

pamp_drv = pamp_drv.o

pamp_drv.conf: pamp_drv
echo 'name="pamp_drv" parent="pseudo" instance=0;' > pamp_drv.conf

pamp_drv: pamp_drv.o
ld -dy -r -Ndrv/ip -Nmisc/neti -Nmsic/hook -o pamp_drv pamp_drv.o
pamp_drv.o: pamp_drv.c
cc -m64 -xmodel=kernel -D_KERNEL -c -o $@ $<

install:
cp pamp_drv /usr/kernel/drv/`isainfo -k`/pamp_drv
cp pamp_drv.conf /usr/kernel/drv/pamp_drv.conf

uninstall:
rm -rf /usr/kernel/drv/`isainfo -k`/pamp_drv
rm -rf /usr/kernel/drv/pamp_drv.conf

clean:
    rm -f pamp_drv.o pamp_drv pamp_drv.conf

*End Makefile

 *
* The Makefile shown above will build a pamp_drv driver binary 
* and pamp_drv.conf file for driver configuration. If you are 
* building on a test machine, use `make install` to place 
* driver and configuration files in the specified location.
* Otherwise copy the pamp_drv binary and the pamp_drv.conf 
files to your test machine manually.
*
* Run the following command to load the driver to kernel:

    add_drv pam_drv
* Run the following command to unload the driver to kernel:

    rem_drv pamp_drv
*
* To check if your driver is working you need to use a snoop 
* and `ping` which will be running
* on a remote host. Start snoop on your network interface:

    snoop -d netX icmp

 * Run a ping on a remote host:

ping -ns <test.box>
* test.box refers to the system where the driver is installed.

*
* The snoop should show there are two ICMP echo replies for every ICMP echo
 * request. The expected output should be similar to the snoop output shown below:
 * 172.16.1.2 -> 172.16.1.100 ICMP Echo request (ID: 16652 Sequence number: 0)
 * 172.16.1.100 -> 172.16.1.2   ICMP Echo reply (ID: 16652 Sequence number: 0)
 * 172.16.1.100 -> 172.16.1.2   ICMP Echo reply (ID: 16652 Sequence number: 0)
 * 172.16.1.2 -> 172.16.1.100 ICMP Echo request (ID: 16652 Sequence number: 1)
 * 172.16.1.100 -> 172.16.1.2   ICMP Echo reply (ID: 16652 Sequence number: 1)
 * 172.16.1.100 -> 172.16.1.2   ICMP Echo reply (ID: 16652 Sequence number: 1)
 * 172.16.1.2 -> 172.16.1.100 ICMP Echo request (ID: 16652 Sequence number: 2)
 * 172.16.1.100 -> 172.16.1.2   ICMP Echo reply (ID: 16652 Sequence number: 2)
 * 172.16.1.100 -> 172.16.1.2   ICMP Echo reply (ID: 16652 Sequence number: 2)
 */
#include <sys/atomic.h>
#include <sys/ksynch.h>
#include <sys/ddi.h>
#include <sys/modctl.h>
#include <sys/random.h>
#include <sys/sunddi.h>
#include <sys/stream.h>
#include <sys/devops.h>
#include <sys/stat.h>
#include <sys/modctl.h>
#include <sys/neti.h>
#include <sys/hook.h>
#include <sys/hook_event.h>
#include <sys/synch.h>
#include <inet/ip.h>
#include <netinet/in_systm.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>


/*
 * This is a context for the driver. The context is allocated by
 * pamp_nin_create() callback for every IP instance found in kernel.
 */
typedef struct pamp_ipstack 
{
    hook_t *pamp_phyin;
    int pamp_hook_ok;
    net_handle_t    pamp_ipv4;
} pamp_ipstack_t;
static kmutex_t    pamp_stcksmx;
/*
 * The netinstance, which passes driver callbacks to netinfo module.
 */
static net_instance_t    *pamp_ninst = NULL;
/*
 * Solaris kernel driver APIs. 
 */
static int pamp_getinfo(dev_info_t *, ddi_info_cmd_t, void *, void **);
static int pamp_attach(dev_info_t *, ddi_attach_cmd_t);
static int pamp_detach(dev_info_t *, ddi_detach_cmd_t);static dev_info_t    *pamp_dev_info = NULL;
/*
 * Driver does not support any device operations.
 */

extern struct cb_ops no_cb_ops;

static struct dev_ops pamp_ops = {
    DEVO_REV,
    0,
    pamp_getinfo,
    nulldev,
    nulldev,
    pamp_attach,
    pamp_detach,
    nodev,
 &no_cb_ops,
    NULL,
    NULL,
};

static struct modldrv    pamp_module = {
&mod_driverops,
    "ECHO_1",
    &pamp_ops
};
static struct modlinkage pamp_modlink = {
    MODREV_1,
    &pamp_module,
    NULL
};

/*
 * Netinfo stack instance create/destroy/shutdown routines.
 */
static void *pamp_nin_create(const netid_t);
static void pamp_nin_destroy(const netid_t, void *);
static void pamp_nin_shutdown(const netid_t, void *);

/*
 * Callback to process intercepted packets delivered by hook event
 */
static int pamp_pkt_in(hook_event_token_t, hook_data_t, void *);

/*
 * Kernel driver getinfo operation
 */
static int
pamp_getinfo(dev_info_t *dip, ddi_info_cmd_t cmd, void * arg, void **resultp)
{
    int    e;

    switch (cmd) {
        case DDI_INFO_DEVT2DEVINFO:
            *resultp = pamp_dev_info;
            e = DDI_SUCCESS;
            break;
        case DDI_INFO_DEVT2INSTANCE:
            *resultp = NULL;
            e = DDI_SUCCESS;
            break;
        default:
            e = DDI_FAILURE;
    }

    return (e);
}
/*
 * Kernel driver attach operation. The job of the driver is to create a net 
 * instance for our driver and register it with netinfo(9f)
 */
static int pamp_attach(dev_info_t *dip, ddi_attach_cmd_t cmd)
{
    int    rc;
#define    RETURN(_x_) \
    do    { \
        mutex_exit(&pamp_stcksmx); \
        return (_x_); \
    } while (0)

    /*
     * Fail for all commands except DDI_ATTACH.
     */
    if (cmd != DDI_ATTACH) {
        return (DDI_FAILURE);
    }
    mutex_enter(&pamp_stcksmx);
    /*
     * It is an error to apply attach operation on a driver which is already
     * attached.
     */
    if (pamp_ninst != NULL) {
        RETURN(DDI_FAILURE);
    }
    /*
     * At most one driver instance is allowed (instance 0).
     */
    if (ddi_get_instance(dip) != 0) {
        RETURN(DDI_FAILURE);
    }

    rc = ddi_create_minor_node(dip, "pamp", S_IFCHR, 0, DDI_PSEUDO, 0);
    if (rc != DDI_SUCCESS) {
        ddi_remove_minor_node(dip, NULL);
        RETURN(DDI_FAILURE);
    }
    
    /*
     * Create and register pamp net instance.  Note we are assigning
     * callbacks _create, _destroy, _shutdown. These callbacks will ask
     * our driver to create/destroy/shutdown our IP driver instances.
     */
    pamp_ninst = net_instance_alloc(NETINFO_VERSION);
    if (pamp_ninst == NULL) {
        ddi_remove_minor_node(dip, NULL);
        RETURN(DDI_FAILURE);
    }

    pamp_ninst->nin_name = "pamp";
    pamp_ninst->nin_create = pamp_nin_create;
    pamp_ninst->nin_destroy = pamp_nin_destroy;
    pamp_ninst->nin_shutdown = pamp_nin_shutdown;
    pamp_dev_info = dip;
    mutex_exit(&pamp_stcksmx);

    /* 
     * Although it is not shown in the following example, it is
     * recommended that all mutexes/exclusive locks be released before *
     * calling net_instance_register(9F) to avoid a recursive lock
     * entry.  As soon as pamp_ninst is registered, the
     * net_instance_register(9f) will call pamp_nin_create() callback.
     * The callback will run in the same context as the one in which
     * pamp_attach() is running. If pamp_nin_create() grabs the same
     * lock held already by pamp_attach(), then such a lock is being
     * operated on recursively.
     */
    (void) net_instance_register(pamp_ninst);

    return (DDI_SUCCESS);
#undef    RETURN
}

/*
 * The detach function will unregister and destroy our driver netinstance. The same rules
 * for exclusive locks/mutexes introduced for attach operation apply to detach.
 * The netinfo will take care to call the shutdown()/destroy() callbacks for
 * every IP stack instance.
 */
static int
pamp_detach(dev_info_t *dip, ddi_detach_cmd_t cmd)
{
    pamp_ipstack_t    *pamp_ipstack;
    net_instance_t    *ninst = NULL;

    /*
     * It is an error to apply detach operation on driver, when another
     * detach operation is running (in progress), or when detach operation
     * is complete (pamp_ninst).
     */
    mutex_enter(&pamp_stcksmx);
    if (pamp_ninst == NULL) {
        mutex_exit(&pamp_stcksmx);
        return (DDI_FAILURE);
    }

    ninst = pamp_ninst;
    pamp_ninst = NULL;
    mutex_exit(&pamp_stcksmx);

    /*
     * Calling net_instance_unregister(9f) will invoke pamp_nin_destroy()
     * for every pamp_ipstack instance created so far.  Therefore it is advisable
     * to not hold any mutexes, because it might get grabbed by pamp_nin_destroy() function.
     */
    net_instance_unregister(ninst);
    net_instance_free(ninst);

    (void) ddi_get_instance(dip);
    ddi_remove_minor_node(dip, NULL);


    return (DDI_SUCCESS);
}

/*
 * Netinfo callback, which is supposed to create an IP stack context for our
 * ICMP echo server.
 *
 * NOTE: NULL return value is not interpreted as a failure here. The
 * pamp_nin_shutdown()/pamp_nin_destroy() will receive NULL pointer for IP stack
 * instance with given `netid` id.
 *
 */
static void *
pamp_nin_create(const netid_t netid)
{
    pamp_ipstack_t    *pamp_ipstack;

    pamp_ipstack = (pamp_ipstack_t *)kmem_zalloc(
        sizeof (pamp_ipstack_t), KM_NOSLEEP);

    if (pamp_ipstack == NULL) {
        return (NULL);
    }

    HOOK_INIT(pamp_ipstack->pamp_phyin, pamp_pkt_in, "pkt_in",
        pamp_ipstack);

    pamp_ipstack->pamp_ipv4 = net_protocol_lookup(netid, NHF_INET);
    if (pamp_ipstack->pamp_ipv4 == NULL) {
        /* pfhooks fix: HOOK_INIT allocated the hook; free it too.  This
         * path is common: an IP instance that appears after the driver
         * attached has no NHF_INET yet when pamp_nin_create() runs.
         */
        hook_free(pamp_ipstack->pamp_phyin);
        kmem_free(pamp_ipstack, sizeof (pamp_ipstack_t));
        return (NULL);
    }

    pamp_ipstack->pamp_hook_ok = net_hook_register(
        pamp_ipstack->pamp_ipv4, NH_PHYSICAL_IN, pamp_ipstack->pamp_phyin);
    if (pamp_ipstack->pamp_hook_ok != 0) {
        net_protocol_release(pamp_ipstack->pamp_ipv4);
        hook_free(pamp_ipstack->pamp_phyin);
        kmem_free(pamp_ipstack, sizeof (pamp_ipstack_t));
        return (NULL);
    }

    return (pamp_ipstack);
}

/*
 * This event is delivered right before the particular stack instance is
 * destroyed.
 */
static void
pamp_nin_shutdown(const netid_t netid, void *stack)
{
    return;
}

/*
 * Important to note here that the netinfo(9f) module ensures that no
 * no pamp_pkt_in() is "running" when the stack it is bound to is being destroyed.
 */


static void
pamp_nin_destroy(const netid_t netid, void *stack)
{
    pamp_ipstack_t    *pamp_ipstack = (pamp_ipstack_t *)stack;

    /*
     * Remember stack can be NULL! The pamp_nin_create() function returns
     * NULL on failure. The return value of pamp_nin_create() function will
     * be `kept` in netinfo module as a driver context for particular IP
     * instance. As soon as the instance is destroyed the NULL value
     * will appear here in pamp_nin_destroy(). Same applies to
     * pamp_nin_shutdown(). Therefore our driver must be able to handle
     * NULL here.
     */
    if (pamp_ipstack == NULL)
        return;

    /*
     * If driver has managed to initialize packet hook, then it has to be 
     * unhooked here.
     */
    if (pamp_ipstack->pamp_hook_ok != -1) {
        (void) net_hook_unregister(pamp_ipstack->pamp_ipv4,
            NH_PHYSICAL_IN, pamp_ipstack->pamp_phyin);
        hook_free(pamp_ipstack->pamp_phyin);
        (void) net_protocol_release(pamp_ipstack->pamp_ipv4);
    }

    kmem_free(pamp_ipstack, sizeof (pamp_ipstack_t));
}

/*
 * Packet hook handler
 *
 * Function receives intercepted IPv4 packets coming from NIC to IP stack.  If
 * inbound packet is ICMP ehco request, then function will generate ICMP echo
 * response and use net_inject() to send it to network.  Function will also let
 * ICMP echo request in, so it will be still processed by destination IP stack,
 * which should also generate its own ICMP echo response. The snoop should show
 * you there will be two ICMP echo responses leaving the system where the pamp 
 * driver is installed
 */

static int
pamp_pkt_in(hook_event_token_t ev, hook_data_t info, void *arg)
{
    hook_pkt_event_t    *hpe = (hook_pkt_event_t *)info;
    phy_if_t        phyif;
    struct ip        *ip;

    /*
     * Since our pamp_pkt_in callback is hooked to PHYSICAL_IN hook pkt.
     * event only, the physical interface index will always be passed as
     * hpe_ifp member.
     *
     * If our hook processes PHYSICAL_OUT hook pkt event, then
     * the physical interface index will be passed as hpe_ofp member.
     */
     phyif = hpe->hpe_ifp;

    ip = hpe->hpe_hdr;
    if (ip->ip_p == IPPROTO_ICMP) {
        mblk_t    *mb;

        /*
         * All packets are copied/placed into a continuous buffer to make
         * parsing easier.
         */
        if ((mb = msgpullup(hpe->hpe_mb, -1)) != NULL) {
            struct icmp    *icmp;
            pamp_ipstack_t    *pamp_ipstack = (pamp_ipstack_t *)arg;

            ip = (struct ip *)mb->b_rptr;
            icmp = (struct icmp *)(mb->b_rptr + IPH_HDR_LENGTH(ip));

            if (icmp->icmp_type == ICMP_ECHO) {
                struct in_addr    addr;
                uint32_t    sum;
                mblk_t    *echo_resp = copymsg(mb);
                net_inject_t    ninj;

                /*
                 * We need to make copy of packet, since we are
                 * going to turn it into ICMP echo response.
                 */
                if (echo_resp == NULL) {
                    freemsg(mb);    /* pfhooks fix: mb too, see below */
                    return (0);
                }
                ip = (struct ip *)echo_resp->b_rptr;
                addr = ip->ip_src;
                ip->ip_src = ip->ip_dst;
                ip->ip_dst = addr;
                icmp = (struct icmp *) (echo_resp->b_rptr + IPH_HDR_LENGTH(ip));
                icmp->icmp_type = ICMP_ECHO_REPLY;
                sum = ~ntohs(icmp->icmp_cksum) & 0xffff;
                /* pfhooks fix: the type is the high byte of the first
                 * 16-bit word, so 8 -> 0 lowers that word by 0x0800, not
                 * by 8.  RFC 1624: ~HC' = ~HC + ~m + m', i.e. add ~0x0800
                 * (0xF7FF) in one's complement; the fold below adds the
                 * end-around carry.
                 */
                sum += ~((ICMP_ECHO_REQUEST - ICMP_ECHO_REPLY) << 8) & 0xffff;
                icmp->icmp_cksum =
                    htons(~((sum >> 16) + (sum & 0xffff)));
                /* pfhooks fix: one's complement has two zeros.  When the
                 * reply's words sum to zero the update gives 0x0000: right
                 * for -0, wrong for +0, the sum of a reply of nothing but
                 * zero bytes (id 0, seq 0, zero data, as ns-3's ping sends
                 * first), whose checksum is 0xFFFF.
                 */
                if (icmp->icmp_cksum == 0) {
                    uchar_t *p = (uchar_t *)icmp;
                    uchar_t *end = echo_resp->b_rptr + ntohs(ip->ip_len);

                    while (p < end && p < echo_resp->b_wptr && *p == 0)
                        p++;
                    if (p == end)
                        icmp->icmp_cksum = 0xffff;
                }

                /*
                 * Now we have assembled an ICMP response with
                 * correct chksum.  It's time to send it out.
                 * We have to initialize command for
                 * net_inject(9f) --  ninj.
                 */
                ninj.ni_packet = echo_resp;
                ninj.ni_physical = phyif;
                /*
                 * As we are going use NI_QUEUE_OUT to send
                 * our ICMP response, we don't need to set up
                 * .ni_addr, which is required for NI_DIRECT_OUT
                 * injection path only. In such case packet
                 * bypasses IP stack routing and is pushed
                 * directly to physical device queue. Therefore
                 * net_inject(9f) requires as to specify
                 * next-hop IP address.
                 *
                 * Using NI_QUEUE_OUT is more convenient for us
                 * since IP stack will take care of routing
                 * process and will find out `ni_addr`
                 * (next-hop) address on its own.
                 */
                (void) net_inject(pamp_ipstack->pamp_ipv4,
                    NI_QUEUE_OUT, &ninj);
            }
            /* pfhooks fix: msgpullup() made a new message that nothing
             * else frees; the printed code leaked it on every ICMP packet.
             */
            freemsg(mb);
        }
    }

    /*
     * 0 as return value will let packet in.
     */
    return (0);
}

/*
 * Kernel module handling.
 */
int _init()
{
    mutex_init(&pamp_stcksmx, "pamp_mutex", MUTEX_DRIVER, NULL);
    return (mod_install(&pamp_modlink));
}

int _fini()
{
    int rv;

    rv = mod_remove(&pamp_modlink);
    return (rv);
}

int _info(struct modinfo *modinfop)
{
    return (mod_info(&pamp_modlink, modinfop));
}
