/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 tells routing protocols, and only them, of every interface and
 * address change, and only routing protocols see a datagram before it is
 * forwarded.  A list routing that fronts the node's own list routing is how
 * the tap hears both without changing ns-3 and without showing: it answers
 * every list query, print and type query as the list it fronts.
 */
#ifndef PFHOOKS_ROUTING_WATCHER_H
#define PFHOOKS_ROUTING_WATCHER_H

#include "ns3/ipv4-header.h"
#include "ns3/ipv4-interface-address.h"
#include "ns3/ipv4-list-routing.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-interface-address.h"
#include "ns3/ipv6-list-routing.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/pfhooks-event-table.h"
#include "ns3/pfhooks-hook-types.h"

#include <memory>
#include <sys/socket.h>

namespace ns3
{

class PfhooksNodeTap;

/**
 * \ingroup pfhooks
 * The node's routing protocol while pfhooks is installed: an
 * Ipv4ListRouting or Ipv6ListRouting that fronts the list routing the node
 * had (Ipv4L3Protocol::SetRoutingProtocol put it in that list's place).  It
 * hears every interface and address change (so new interfaces get tapped and
 * NIC events queued) and passes each on; when FORWARDING has hooks its
 * RouteInput hands the list a forward callback that runs the hooks before
 * ns-3's IpForward.  Everything else, the list's protocols, their indexes,
 * their printed tables and the TypeId, is the fronted list's, so users see
 * the routing they configured (doc/semantics.md, "The routing watcher").
 * One template serves both versions; Traits names the types and binds the
 * forward callback.
 */
template <typename Traits>
class PfhooksWatcher : public Traits::List
{
  public:
    /** The routing protocol base class. */
    typedef typename Traits::Protocol Protocol;
    /** The list routing that the watcher fronts. */
    typedef typename Traits::List List;

    /** \return the TypeId */
    static TypeId GetTypeId();
    /** \return the fronted list's TypeId: the watcher shows as the list it fronts */
    TypeId GetInstanceTypeId() const override;

    /** \param tap the tap told of changes and forwarding, or null once it is gone */
    void SetTap(PfhooksNodeTap* tap);
    /** \param list the node's list routing, which the watcher fronts from now on */
    void Front(Ptr<List> list);
    /** \return the fronted list */
    Ptr<List> GetFronted() const;

    /**
     * Adds to the fronted list.
     * \param routingProtocol the protocol
     * \param priority its priority
     */
    void AddRoutingProtocol(Ptr<Protocol> routingProtocol, int16_t priority) override;
    /** \return the fronted list's number of protocols */
    uint32_t GetNRoutingProtocols() const override;
    /**
     * \param index the index in the fronted list
     * \param priority receives its priority
     * \return the fronted list's protocol
     */
    Ptr<Protocol> GetRoutingProtocol(uint32_t index, int16_t& priority) const override;
    /**
     * The fronted list's answer.
     * \param p the packet
     * \param header its header
     * \param oif the requested output device
     * \param sockerr the error
     * \return the route
     */
    Ptr<typename Traits::Route> RouteOutput(Ptr<Packet> p,
                                            const typename Traits::Header& header,
                                            Ptr<NetDevice> oif,
                                            Socket::SocketErrno& sockerr) override;
    /**
     * The fronted list's answer; with FORWARDING hooks, its forward
     * callback runs the hooks first.
     * \param p the packet
     * \param header its header
     * \param idev the input device
     * \param ucb unicast forward callback
     * \param mcb multicast forward callback
     * \param lcb local delivery callback
     * \param ecb error callback
     * \return whether the list took the packet
     */
    bool RouteInput(Ptr<const Packet> p,
                    const typename Traits::Header& header,
                    Ptr<const NetDevice> idev,
                    typename Protocol::UnicastForwardCallback ucb,
                    typename Protocol::MulticastForwardCallback mcb,
                    typename Protocol::LocalDeliverCallback lcb,
                    typename Protocol::ErrorCallback ecb) override;
    /** \param i the interface that came up: tapped, NIC event queued, list told */
    void NotifyInterfaceUp(uint32_t i) override;
    /** \param i the interface that went down: NIC event queued, list told */
    void NotifyInterfaceDown(uint32_t i) override;
    /**
     * \param i the interface
     * \param a the address added (NIC event queued, list told)
     */
    void NotifyAddAddress(uint32_t i, typename Traits::IfAddr a) override;
    /**
     * \param i the interface
     * \param a the address removed (NIC event queued, list told)
     */
    void NotifyRemoveAddress(uint32_t i, typename Traits::IfAddr a) override;
    /**
     * Prints the fronted list's table, as ns-3 would without pfhooks.
     * \param stream the output stream
     * \param unit the time unit
     */
    void PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const override;

  protected:
    /** Forgets the tap and the list. */
    void DoDispose() override;
    /** Initializes the fronted list (ns-3 initializes no node routing itself). */
    void DoInitialize() override;

    Ptr<List> m_list; //!< the fronted list

  private:
    /** Interfaces or addresses changed: tell the tap. */
    void Changed();
    /** Queues a NIC event of interface i with the tap. */
    void Nic(uint32_t i, nic_event_t kind, const struct sockaddr_storage* addr);

    /**
     * RouteInput() while FORWARDING has hooks, out of line: the datagrams
     * without them then pass through a call that saves no registers (about
     * thirty instructions per received datagram).  It takes RouteInput()'s
     * parameters by reference (moving the callbacks on), no copies.
     * \param p the packet
     * \param header its header
     * \param idev the input device
     * \param ucb unicast forward callback
     * \param mcb multicast forward callback
     * \param lcb local delivery callback
     * \param ecb error callback
     * \return whether the list took the packet
     */
    __attribute__((noinline)) bool RouteInputHooked(
        const Ptr<const Packet>& p,
        const typename Traits::Header& header,
        const Ptr<const NetDevice>& idev,
        typename Protocol::UnicastForwardCallback& ucb,
        typename Protocol::MulticastForwardCallback& mcb,
        typename Protocol::LocalDeliverCallback& lcb,
        typename Protocol::ErrorCallback& ecb);

    /**
     * \return true when every other protocol of the list calls the forward
     *         callback before its RouteInput returns (ns-3's static and
     *         global routing): then one callback serves every datagram
     */
    bool ForwardsAtOnce();

    PfhooksNodeTap* m_tap{nullptr};

    // One forward callback per node instead of a MakeCallback per datagram
    // (a third of FORWARDING's cost): it reads the datagram's ucb and idev
    // from m_current, set around the list's RouteInput call.
    // Made when FORWARDING first has hooks: 32 bytes of every idle
    // instance otherwise.
    struct Forwarding
    {
        typename Traits::Current current;                 //!< the datagram being routed
        typename Protocol::UnicastForwardCallback shared; //!< the shared forward callback
        uint32_t checkedProtocols{0}; //!< list size when ForwardsAtOnce last looked
        bool atOnce{false};           //!< what it found
    };

    std::unique_ptr<Forwarding> m_fwd; //!< see Forwarding
};

/// IPv4 types for PfhooksWatcher.
struct PfhooksIpv4WatcherTraits
{
    typedef Ipv4RoutingProtocol Protocol;                           //!< routing protocol base
    typedef Ipv4ListRouting List;                                   //!< list routing
    typedef Ipv4Header Header;                                      //!< datagram header
    typedef Ipv4Route Route;                                        //!< route
    typedef Ipv4InterfaceAddress IfAddr;                            //!< interface address
    static constexpr const char* kName = "ns3::PfhooksIpv4Watcher"; //!< TypeId name
    static constexpr PfhooksFamily kFamily = PFH_INET;              //!< the family

    /**
     * \return the forward callback handed to the real routing protocols:
     *         the tap's FORWARDING seam in front of ns-3's `ucb`
     * \param tap the tap
     * \param ucb ns-3's forward callback
     * \param idev the receiving device
     */
    static Protocol::UnicastForwardCallback Hook(PfhooksNodeTap* tap,
                                                 Protocol::UnicastForwardCallback ucb,
                                                 Ptr<const NetDevice> idev);
    /**
     * Puts an interface address into a sockaddr (NIC event data).
     * \param a the address
     * \param ss receives it
     */
    static void ToSockaddr(const IfAddr& a, struct sockaddr_storage* ss);

    /// What the shared forward callback needs of the datagram being routed.
    struct Current
    {
        PfhooksNodeTap* tap{nullptr};         //!< the node's tap
        Protocol::UnicastForwardCallback ucb; //!< ns-3's forward callback
        Ptr<const NetDevice> idev;            //!< the receiving device
    };

    /**
     * \param cur where the watcher keeps the datagram being routed
     * \return the one forward callback of a watcher, reading `cur`
     */
    static Protocol::UnicastForwardCallback Shared(const Current* cur);
    /**
     * \param rp a routing protocol of the list
     * \return true for one that forwards before its RouteInput returns
     */
    static bool ForwardsAtOnce(const Ptr<Protocol>& rp);
};

/// IPv6 types for PfhooksWatcher.
struct PfhooksIpv6WatcherTraits
{
    typedef Ipv6RoutingProtocol Protocol;                           //!< routing protocol base
    typedef Ipv6ListRouting List;                                   //!< list routing
    typedef Ipv6Header Header;                                      //!< datagram header
    typedef Ipv6Route Route;                                        //!< route
    typedef Ipv6InterfaceAddress IfAddr;                            //!< interface address
    static constexpr const char* kName = "ns3::PfhooksIpv6Watcher"; //!< TypeId name
    static constexpr PfhooksFamily kFamily = PFH_INET6;             //!< the family

    /**
     * \return the forward callback handed to the real routing protocols:
     *         the tap's FORWARDING seam in front of ns-3's `ucb`
     * \param tap the tap
     * \param ucb ns-3's forward callback
     * \param idev the receiving device
     */
    static Protocol::UnicastForwardCallback Hook(PfhooksNodeTap* tap,
                                                 Protocol::UnicastForwardCallback ucb,
                                                 Ptr<const NetDevice> idev);
    /**
     * Puts an interface address into a sockaddr (NIC event data).
     * \param a the address
     * \param ss receives it
     */
    static void ToSockaddr(const IfAddr& a, struct sockaddr_storage* ss);

    /// What the shared forward callback needs of the datagram being routed.
    struct Current
    {
        PfhooksNodeTap* tap{nullptr};         //!< the node's tap
        Protocol::UnicastForwardCallback ucb; //!< ns-3's forward callback
        Ptr<const NetDevice> idev;            //!< the receiving device
    };

    /**
     * \param cur where the watcher keeps the datagram being routed
     * \return the one forward callback of a watcher, reading `cur`
     */
    static Protocol::UnicastForwardCallback Shared(const Current* cur);
    /**
     * \param rp a routing protocol of the list
     * \return true for one that forwards before its RouteInput returns
     */
    static bool ForwardsAtOnce(const Ptr<Protocol>& rp);
};

/**
 * \ingroup pfhooks
 * The IPv4 watcher.
 */
class PfhooksIpv4Watcher : public PfhooksWatcher<PfhooksIpv4WatcherTraits>
{
  public:
};

/**
 * \ingroup pfhooks
 * The IPv6 watcher (IPv6 routing also hears routes).  Ipv6L3Protocol
 * tells the routing of a route only through the list, so these pass on.
 */
class PfhooksIpv6Watcher : public PfhooksWatcher<PfhooksIpv6WatcherTraits>
{
  public:
    /**
     * Routes are not the tap's concern: the fronted list's.
     * \param dst destination
     * \param mask prefix
     * \param nextHop next hop
     * \param interface interface
     * \param prefixToUse source prefix
     */
    void NotifyAddRoute(Ipv6Address dst,
                        Ipv6Prefix mask,
                        Ipv6Address nextHop,
                        uint32_t interface,
                        Ipv6Address prefixToUse) override
    {
        m_list->NotifyAddRoute(dst, mask, nextHop, interface, prefixToUse);
    }

    /**
     * Routes are not the tap's concern: the fronted list's.
     * \param dst destination
     * \param mask prefix
     * \param nextHop next hop
     * \param interface interface
     * \param prefixToUse source prefix
     */
    void NotifyRemoveRoute(Ipv6Address dst,
                           Ipv6Prefix mask,
                           Ipv6Address nextHop,
                           uint32_t interface,
                           Ipv6Address prefixToUse) override
    {
        m_list->NotifyRemoveRoute(dst, mask, nextHop, interface, prefixToUse);
    }
};

// Both versions are instantiated once, in pfhooks-routing-watcher.cc.
extern template class PfhooksWatcher<PfhooksIpv4WatcherTraits>;
extern template class PfhooksWatcher<PfhooksIpv6WatcherTraits>;

} // namespace ns3

#endif /* PFHOOKS_ROUTING_WATCHER_H */
