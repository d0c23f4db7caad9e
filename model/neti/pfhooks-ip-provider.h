/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_IP_PROVIDER_H
#define PFHOOKS_IP_PROVIDER_H

#include "pfhooks-event-table.h"

#include "ns3/node.h"
#include "ns3/pfhooks-hook-stack.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <sys/socket.h>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The IP side of an instance as neti sees it: what IP registers with neti
 * in illumos (its families and events, and what the netinfo functions ask
 * of it).  PfhooksIpInstance implements it; the registry and the family
 * table call it, so that neti needs nothing of the layers above.
 */
class PfhooksIpProvider
{
  public:
    virtual ~PfhooksIpProvider() = default;

    /** IP adds its families and events to the new instance's stack. */
    virtual void AddProtocols(Ptr<PfhooksHookStack> stack) = 0;
    /** IP announces its events' and families' departure. */
    virtual void ShutdownProtocols() = 0;
    /** IP removes its events and families; no hook of the instance runs after. */
    virtual void RemoveProtocols() = 0;

    /** \return the ns-3 node the instance runs on */
    virtual Ptr<Node> GetNode() const = 0;
    /** \return true while the instance runs */
    virtual bool IsRunning() const = 0;
    /** \return the instance's zone (ALL_ZONES when not running) */
    virtual zoneid_t GetZoneId() const = 0;

    /**
     * net_inject() on the node (illumos ip_inject_impl()).
     * \param f PFH_INET or PFH_INET6
     * \param style NI_QUEUE_IN, NI_QUEUE_OUT or NI_DIRECT_OUT
     * \param bytes the datagram
     * \param len its length
     * \param phy ni_physical
     * \param nextHop ni_addr
     * \return 0, 1 (error, the message is consumed) or -1 (nothing done)
     */
    virtual int Inject(PfhooksFamily f,
                       inject_t style,
                       const uint8_t* bytes,
                       uint32_t len,
                       phy_if_t phy,
                       const struct sockaddr_storage* nextHop) = 0;
};

} // namespace ns3

#endif /* PFHOOKS_IP_PROVIDER_H */
