/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_ZONE_H
#define PFHOOKS_ZONE_H

#include "ns3/ipv4-address.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/pfhooks-ip-instance.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * A node as an exclusive-IP zone that boots and halts while the simulation
 * runs (aggregated to the node by PfhooksZoneHelper).
 *
 * Boot: a new IP instance (a fresh netid; every registered net instance
 * gets nin_create, then IP adds its families and events, so notifications
 * come in illumos's order), then the zone's interfaces come up with the
 * addresses and static routes they had, then its NICs open.
 *
 * Halt: the NICs close (nothing leaves or enters the node, ARP included),
 * the instance is torn down (every module's nin_shutdown, then every
 * nin_destroy; no hook of it runs again), then every interface but the
 * loopback goes down and loses its addresses, its static routes and its
 * ARP and neighbour caches.  What the zone had is kept for the next boot.
 */
class PfhooksZone : public Object
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    PfhooksZone();
    ~PfhooksZone() override;

    /** One boot or halt. */
    struct Transition
    {
        Time when;     //!< simulated time
        bool booted;   //!< true: booted, false: halted
        netid_t netid; //!< the instance created (boot) or destroyed (halt)
    };

    /**
     * Boots the zone now.
     * \return 0, or EALREADY when it is booted
     */
    int Boot();
    /**
     * Halts the zone now: its NICs close at once; its instance goes (and
     * the halt is recorded) once no packet of it is held in hooks asleep
     * (PfhooksSleepingSeam), at once when none is.
     * \return 0, or EALREADY when it is halted or halting
     */
    int Halt();

    /**
     * Boots the zone at simulated time `at` (absolute).  The zone's plan
     * (every boot and halt scheduled and not yet done, from its state
     * now) must alternate: booting a zone that will be booted then is
     * refused, as is a second event at the same time.
     * \param at when; not in the past
     * \return 0, EALREADY (the zone would be booted at `at`), or EINVAL
     *         (a time in the past, or one the plan already has)
     */
    int ScheduleBoot(Time at);
    /**
     * Halts the zone at simulated time `at` (absolute).
     * \param at when; not in the past
     * \return as ScheduleBoot (EALREADY: the zone would be halted at `at`)
     */
    int ScheduleHalt(Time at);

    /** \return true when the zone is booted */
    bool IsBooted() const
    {
        return m_booted;
    }

    /**
     * \return the state the zone will be in at `at` (absolute, not in the
     *         past) if its plan runs as scheduled
     */
    bool IsBootedAt(Time at) const;

    /** \return the netid of the running instance, -1 while halted */
    netid_t GetNetid() const;

    /** \return the node */
    Ptr<Node> GetNode() const
    {
        return m_node;
    }

    /** \return every boot and halt so far, in order */
    const std::vector<Transition>& GetHistory() const
    {
        return m_history;
    }

    /** \return boots so far */
    uint32_t GetBoots() const;
    /** \return halts so far */
    uint32_t GetHalts() const;

    /** \return frames dropped at the node's NICs while halted (received, sent) */
    uint64_t GetHaltedRxDrops() const;
    /** \return frames the node would have sent while halted */
    uint64_t GetHaltedTxDrops() const;

    /**
     * Called by PfhooksZoneHelper once the zone is aggregated: the zone is booted
     * when its node's instance runs; a halted one closes its NICs and takes
     * its interfaces down now.
     * \param booted the state to start in
     */
    void Initialize(bool booted);

    /**
     * TracedCallback signature of ZoneState.
     * \param nodeId the zone's node
     * \param netid the instance created (boot) or destroyed (halt)
     * \param booted true for a boot, false for a halt
     */
    typedef void (*ZoneStateTracedCallback)(uint32_t nodeId, netid_t netid, bool booted);

  protected:
    /** Drops the node and the plan. */
    void DoDispose() override;
    /** Finds the node the zone is aggregated to. */
    void NotifyNewAggregate() override;

  private:
    /** An IPv4 static route, to be put back at boot. */
    struct Route4
    {
        Ipv4Address dest;    //!< destination network
        Ipv4Mask mask;       //!< its mask
        Ipv4Address gateway; //!< next hop, or 0.0.0.0 on the link
        uint32_t interface;  //!< outgoing interface
        uint32_t metric;     //!< metric
    };

    /** An IPv6 static route, to be put back at boot. */
    struct Route6
    {
        Ipv6Address dest;        //!< destination network
        Ipv6Prefix prefix;       //!< its prefix
        Ipv6Address gateway;     //!< next hop, or :: on the link
        uint32_t interface;      //!< outgoing interface
        Ipv6Address prefixToUse; //!< source prefix hint
        uint32_t metric;         //!< metric
    };

    /** Runs a scheduled boot or halt (the plan entry is consumed). */
    void RunPlanned(bool boot);
    /** \return 0 when a boot (boot=true) or halt at `at` keeps the plan alternating */
    int CheckPlan(Time at, bool boot) const;
    int Schedule(Time at, bool boot);
    Ptr<PfhooksIpInstance> Instance();
    void TakeDown();
    void BringUp();
    void Record(bool booted, netid_t netid);
    /** The instance goes and the halt is recorded. */
    void FinishHalt(netid_t netid);

    Ptr<Node> m_node;
    bool m_booted{false};
    bool m_halting{false}; //!< halted, waiting for hooks asleep to finish
    bool m_initialized{false};
    std::vector<Transition> m_history;
    std::map<Time, bool> m_plan; //!< scheduled and not yet run: time -> boot?

    // What the interfaces had before the zone halted.
    std::vector<uint32_t> m_up4;                                     //!< IPv4 interfaces up
    std::vector<uint32_t> m_up6;                                     //!< IPv6 interfaces up
    std::vector<std::pair<uint32_t, Ipv4InterfaceAddress>> m_addrs4; //!< (interface, address)
    std::vector<std::pair<uint32_t, Ipv6InterfaceAddress>> m_addrs6; //!< not link-local
    std::vector<Route4> m_routes4;
    std::vector<Route6> m_routes6;

    TracedCallback<uint32_t, netid_t, bool> m_stateTrace;
};

} // namespace ns3

#endif /* PFHOOKS_ZONE_H */
