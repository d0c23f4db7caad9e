/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * illumos queues NIC events (plumb, up, down, address changes) on a taskq
 * and runs the NIC_EVENTS hooks later, never inside the change itself;
 * here they run from the event queue at the current time, and die with the
 * instance that queued them.
 */
#ifndef PFHOOKS_NIC_EVENTS_H
#define PFHOOKS_NIC_EVENTS_H

#include "ns3/pfhooks-event-table.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace ns3
{

class PfhooksNodeTap;

/**
 * \ingroup pfhooks
 * The NIC events (hook_nic_event_t) of a node's interfaces.
 */
class PfhooksNicEvents
{
  public:
    /**
     * \copydoc PfhooksNodeTap::NicEvent
     * \param tap the node's tap
     */
    static void Queue(PfhooksNodeTap* tap,
                      PfhooksFamily f,
                      uint32_t interface,
                      nic_event_t kind,
                      const struct sockaddr_storage* addr);

  private:
    /** A queued event: what its hook_nic_event_t will hold. */
    struct Queued
    {
        phy_if_t nic;              //!< hne_nic
        lif_if_t lif;              //!< hne_lif
        nic_event_t kind;          //!< hne_event
        std::vector<uint8_t> data; //!< hne_data (a copy: the caller's is gone by then)
    };

    /** Runs a queued event, unless the instance that queued it (netid) has gone. */
    static void Run(Ptr<PfhooksNodeTap> tap,
                    netid_t netid,
                    PfhooksFamily f,
                    std::shared_ptr<Queued> event);
};

} // namespace ns3

#endif /* PFHOOKS_NIC_EVENTS_H */
