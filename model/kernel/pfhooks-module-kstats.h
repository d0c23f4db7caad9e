/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_MODULE_KSTATS_H
#define PFHOOKS_MODULE_KSTATS_H

#include "pfhooks-kernel-types.h"
#include "pfhooks-kstat-types.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * One installed kstat a module created, as a reader sees it: its names and
 * its numeric named statistics (after its ks_update ran).
 */
struct PfhooksModuleKstat
{
    std::string module;     //!< ks_module
    int instance{0};        //!< ks_instance
    std::string name;       //!< ks_name
    std::string ksClass;    //!< ks_class
    int netid{-1};          //!< the stack of net_kstat_create, -1 for kstat_create
    int zoneid{0};          //!< the zone it was created for (ALL_ZONES: every zone)
    std::vector<int> zones; //!< zones kstat_zone_add made it visible in too
    /** Numeric statistics by name, in the kstat's order (strings and chars are left out). */
    std::vector<std::pair<std::string, uint64_t>> statistics;
};

/**
 * \ingroup pfhooks
 * The kstats modules create (illumos kstat.c, the provider's side):
 * kstat_create(9F), kstat_install, kstat_delete, kstat_zone_add and
 * netinfo's net_kstat_create/net_kstat_delete.  Each kstat is charged to
 * the module that created it; what a module leaves at unload is deleted
 * and reported (a PfhooksUnloadHook of this file).  Readers
 * (CollectKstats, net_kstat_read, --kstats) see installed kstats only.
 */
class PfhooksModuleKstats
{
  public:
    /**
     * kstat_create / net_kstat_create.
     * \return the kstat, or null for a bad argument (a name too long, a
     *         count of 0 for a non-virtual named kstat, an unknown type)
     */
    kstat_t* Create(const pfhooks_site_t* site,
                    const char* module,
                    int instance,
                    const char* name,
                    const char* ksClass,
                    uint8_t type,
                    unsigned int ndata,
                    uint8_t flags,
                    int zoneid,
                    int netid);
    /** kstat_install: readers see it from now on. */
    void Install(kstat_t* ks);
    /** kstat_delete: gone (a null ks does nothing, as illumos). */
    void Delete(kstat_t* ks);
    /** kstat_zone_add: visible in @p zoneid too. */
    void ZoneAdd(kstat_t* ks, int zoneid);

    /**
     * The installed kstats of a stack: those net_kstat_create made for
     * @p netid, and the kstat_create ones made for zone @p netid (ALL_ZONES
     * ones count as the global zone's), in creation order.
     */
    std::vector<PfhooksModuleKstat> Snapshot(int netid) const;

    /** \return the number of kstats an owner holds (installed or not) */
    std::size_t CountOf(uint32_t owner) const;

    /** The kstats of a module whose code goes: deleted, each reported. \return their names */
    std::vector<std::string> TakeBack(uint32_t owner);

  private:
    /** What the kernel keeps per kstat. */
    struct Entry
    {
        uint32_t owner{0};      //!< the creating module's id
        int netid{-1};          //!< net_kstat_create's stack
        int zoneid{0};          //!< kstat_create's zone
        std::vector<int> zones; //!< kstat_zone_add
        bool installed{false};  //!< after kstat_install
        bool ownData{false};    //!< ks_data allocated here
        uint64_t order{0};      //!< creation order
    };

    std::map<kstat_t*, Entry> m_kstats;
    uint64_t m_next{1};
    int m_nextKid{1};
};

} // namespace ns3

#endif /* PFHOOKS_MODULE_KSTATS_H */
