/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_EVENT_TABLE_H
#define PFHOOKS_EVENT_TABLE_H

namespace ns3
{

/**
 * \ingroup pfhooks
 * Index of a family in PfhooksIpInstance's tables.
 */
enum PfhooksFamily
{
    PFH_INET = 0,
    PFH_INET6 = 1,
    PFH_ARP = 2,
    PFH_NFAMILIES = 3
};

/**
 * \ingroup pfhooks
 * Index of an event in PfhooksIpInstance's tables (the guide's event table).
 */
enum PfhooksEvent
{
    PFH_PHYSICAL_IN = 0,
    PFH_PHYSICAL_OUT,
    PFH_FORWARDING,
    PFH_LOOPBACK_IN,
    PFH_LOOPBACK_OUT,
    PFH_NIC_EVENTS,
    PFH_OBSERVING,
    PFH_NEVENTS
};

/**
 * \ingroup pfhooks
 * What became of a packet at one hook point.
 */
enum PfhooksVerdict
{
    PFH_ACCEPT = 0,  //!< hooks returned 0 and left the bytes alone
    PFH_REWRITE = 1, //!< hooks returned 0 with other bytes (rewritten or replaced)
    PFH_DROP = 2     //!< a hook returned non-zero, or left no valid packet
};

} // namespace ns3

#endif /* PFHOOKS_EVENT_TABLE_H */
