/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_CRED_H
#define PFHOOKS_CRED_H

#include <cstdint>
#include <map>
#include <memory>
#include <sys/types.h>

/**
 * A credential (cred_t; opaque to modules, as in illumos's DDI): the zone
 * of the process that made a call, as root of that zone.
 */
struct cred
{
    int cr_zoneid;     //!< the zone (illumos cr_zone->zone_id)
    uint32_t cr_ref;   //!< holds (crhold/crfree); the kernel's own hold is 1
    bool cr_permanent; //!< kcred and zone creds: kept until the process ends
};

namespace ns3
{

/**
 * \ingroup pfhooks
 * The simulated kernel's credentials (illumos cred.c, zone.c's
 * zone_get_kcred): kcred, the global zone's kernel credential, and one
 * root credential per zone, made on first use and kept.  Every caller
 * here is root of its zone, so every privilege check passes
 * (secpolicy_ip_config: an exclusive-IP zone's root may configure its own
 * stack, as in illumos).
 */
class PfhooksCreds
{
  public:
    /** \return kcred: the global zone's kernel credential */
    static struct cred* Kcred();
    /** \return the credential of zone @p zoneid, held (crfree releases it) */
    static struct cred* ZoneCred(int zoneid);
    /** crhold. */
    static void Hold(struct cred* cr);
    /** crfree: panics when released more often than held. */
    static void Free(struct cred* cr);
};

} // namespace ns3

#endif /* PFHOOKS_CRED_H */
