/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Credentials, zones and stacks of pfhooks-kernel-lib.h (illumos cred.c,
 * zone.c, policy.c, netstack.c): thin calls into the simulated kernel's
 * PfhooksCreds; zones and stacks are the net instances (a zone's id and
 * its netstack id are the instance's netid).
 */
#include "pfhooks-kernel-lib.h"
#include "pfhooks-neti.h"

#include "ns3/pfhooks-cred.h"

using namespace ns3;

extern "C" cred_t*
pfhooks_kcred(void)
{
    return PfhooksCreds::Kcred();
}

extern "C" zoneid_t
crgetzoneid(const cred_t* cr)
{
    return cr->cr_zoneid;
}

extern "C" uid_t
crgetuid(const cred_t* /* cr */)
{
    return 0; // every caller is its zone's root
}

extern "C" void
crhold(cred_t* cr)
{
    PfhooksCreds::Hold(cr);
}

extern "C" void
crfree(cred_t* cr)
{
    PfhooksCreds::Free(cr);
}

extern "C" cred_t*
zone_get_kcred(zoneid_t zoneid)
{
    return net_getzoneidbynetid(zoneid) == zoneid ? PfhooksCreds::ZoneCred(zoneid) : nullptr;
}

extern "C" int
secpolicy_ip_config(const cred_t* /* cr */, int /* checkonly */)
{
    return 0; // root of an exclusive-IP zone may configure its own stack
}

extern "C" int
secpolicy_net_config(const cred_t* /* cr */, int /* checkonly */)
{
    return 0;
}

extern "C" zoneid_t
netstackid_to_zoneid(int stackid)
{
    return net_getzoneidbynetid(net_getnetidbynetstackid(stackid));
}

extern "C" int
zoneid_to_netstackid(zoneid_t zoneid)
{
    return net_getnetstackidbynetid(net_zoneidtonetid(zoneid));
}
