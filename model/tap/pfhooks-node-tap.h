/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3 has no packet filtering hooks, and pfhooks does not change ns-3: the
 * tap puts its seams into an unmodified node at run time (protocol
 * handlers, a traffic-control wrapper, a routing watcher) and runs the
 * events there.  The pieces live in their own files; this one plugs them in.
 */
#ifndef PFHOOKS_NODE_TAP_H
#define PFHOOKS_NODE_TAP_H

#include "pfhooks-seam-runner.h"

#include "ns3/arp-l3-protocol.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/net-device.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/pfhooks-event-table.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/queue-item.h"
#include "ns3/traffic-control-layer.h"

#include <cstdint>
#include <memory>
#include <set>
#include <vector>

namespace ns3
{

class PfhooksIpInstance;
class PfhooksIpv4Watcher;
class PfhooksIpv6Watcher;

/**
 * \ingroup pfhooks
 * The seams of one node, put into unmodified ns-3 at run time, for the
 * inet, inet6 and arp families.
 *
 *  - PHYSICAL_IN: the node's protocol handlers that fed
 *    TrafficControlLayer::Receive for each device are replaced by this tap's
 *    handler, which runs the event of the frame's family and then calls the
 *    node's real TrafficControlLayer (which hands the packet to
 *    Ipv4L3Protocol, Ipv6L3Protocol or ArpL3Protocol).
 *  - PHYSICAL_OUT: every non-loopback Ipv4Interface and Ipv6Interface, and
 *    ArpL3Protocol, gets a TrafficControlLayer wrapper
 *    (PfhooksTrafficControl, never aggregated to the node) whose Send runs
 *    the event before the real layer's queue discs and device.
 *  - FORWARDING: a watcher (PfhooksWatcher) first in the node's
 *    Ipv4ListRouting / Ipv6ListRouting hands the real routing protocols a
 *    forward callback that runs the event before ns-3's IpForward; the
 *    watchers also hear every interface and address change, so new
 *    interfaces get tapped.
 *  - LOOPBACK_OUT/IN: the wrapper's Receive (datagrams to an own address)
 *    and the loopback device's handler (127.0.0.1, ::1).
 *  - OBSERVING (inet, inet6): at the same seams, after PHYSICAL_IN let a
 *    packet in (inbound), after PHYSICAL_OUT let it go (outbound), and
 *    between LOOPBACK_OUT and LOOPBACK_IN (local), as illumos's ipobs_hook().
 *
 * Every seam runs its event through one PfhooksSeamRunner.  Until the
 * instance first has work (a hook, a halted zone) the wrapper is out of
 * the interfaces and a received frame costs one extra call and a test
 * (see Refresh()); once in, the wrapper stays, passing packets straight
 * on while there is no hook (taking it out during Simulator::Destroy
 * re-armed a disposed ARP).  The protocol handlers and the watchers stay
 * from Attach on, as ns-3 walks its handler list while calling them and
 * announces new interfaces only to routing.
 */
class PfhooksNodeTap : public Object
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    /** \return GetTypeId(): the instance makes its tap without CreateObject (no attributes) */
    TypeId GetInstanceTypeId() const override;
    PfhooksNodeTap();
    ~PfhooksNodeTap() override;

    /**
     * Puts the seams into the instance's node.
     * \param ip the instance, which owns the tap
     */
    void Attach(PfhooksIpInstance* ip);

    /** Taps interfaces the node got since the last call (idempotent). */
    void TapNewInterfaces();
    /** Interfaces or addresses changed: tap new interfaces, forget cached addresses. */
    void AddressesChanged();

    /**
     * net_inject() for IPv4 and IPv6 (PfhooksInjector does it).
     * \param f PFH_INET or PFH_INET6
     * \param style NI_QUEUE_IN, NI_QUEUE_OUT or NI_DIRECT_OUT
     * \param bytes the datagram
     * \param len its length
     * \param phy interface (QUEUE_IN: received on; QUEUE_OUT, DIRECT_OUT: sent on, 0 routes)
     * \param nextHop next hop for NI_DIRECT_OUT (AF_INET / AF_INET6), else ignored
     * \return 0; 1 for an error (ip_inject_impl()'s "other errors"),
     *         logged with its reason; -1 for a family that takes no injection
     */
    int Inject(PfhooksFamily f,
               inject_t style,
               const uint8_t* bytes,
               uint32_t len,
               phy_if_t phy,
               const struct sockaddr_storage* nextHop);

    /**
     * Queues a NIC event (hook_nic_event_t) for the family's NIC_EVENTS
     * hooks, when it has any (PfhooksNicEvents does it).
     * \param f PFH_INET or PFH_INET6
     * \param interface the family's interface index in ns-3
     * \param kind NE_PLUMB, NE_UP, NE_DOWN, NE_LIF_UP, NE_LIF_DOWN, NE_ADDRESS_CHANGE
     * \param addr the address concerned, or null
     */
    void NicEvent(PfhooksFamily f,
                  uint32_t interface,
                  nic_event_t kind,
                  const struct sockaddr_storage* addr);

    /**
     * \param f the family
     * \param e the event
     * \return true when the running instance has hooks on that event
     */
    bool HasHooks(PfhooksFamily f, PfhooksEvent e) const
    {
        return m_active && EventHasHooks(f, e);
    }

    /**
     * Puts the traffic-control wrapper into the node's interfaces and ARP
     * when the seams first have work (a hook on any event of the running
     * instance, a halted zone, a packet that must skip its hooks); it
     * stays in after, passing packets on while there is none.  Called
     * whenever one of these changes (the hook layer tells of an event's
     * first and last hook).
     */
    void Refresh();

    /** Has the hook layer tell Refresh() of every event's first and last hook. */
    static void ListenForHooks();

    /** \return true while the seams have work (see Refresh()) */
    bool IsActive() const
    {
        return m_active;
    }

    /**
     * The packet of that uid passes its next PHYSICAL_IN or PHYSICAL_OUT
     * without hooks: an NI_DIRECT_OUT injection (illumos's IXAF_NO_PFHOOK),
     * a packet whose hooks ran already (PfhooksSleepingSeam).
     * \param uid the ns-3 packet's uid
     */
    void SkipHooksOnce(uint64_t uid)
    {
        if (!m_noPfhook)
        {
            m_noPfhook = std::make_unique<std::set<uint64_t>>();
        }
        m_noPfhook->insert(uid);
        if (!m_active)
        {
            Refresh();
        }
    }

    /**
     * Forgets a SkipHooksOnce() the packet did not use (a halted host
     * dropped it before its seam).
     * \param uid the ns-3 packet's uid
     */
    void ForgetSkip(uint64_t uid)
    {
        if (m_noPfhook && m_noPfhook->erase(uid) != 0 && m_noPfhook->empty())
        {
            Refresh();
        }
    }

    /**
     * \param netid the instance that queued work (an injection, a NIC event)
     * \return true when that instance still runs
     */
    bool StillRunning(netid_t netid) const;

    /** \return the instance, null once the tap is disposed */
    PfhooksIpInstance* GetIpInstance() const
    {
        return m_ip;
    }

    /** \return the node's IPv4, or null on an IPv6-only node */
    Ptr<Ipv4L3Protocol> GetIpv4() const
    {
        return m_ipv4;
    }

    /** \return the node's IPv6, or null */
    Ptr<Ipv6L3Protocol> GetIpv6() const
    {
        return m_ipv6;
    }

    /**
     * Closes or opens the node's NICs, as a zone halts or boots: while
     * halted every frame the node receives (IPv4, IPv6, ARP, on any device,
     * the loopback device included) and every frame it would send is
     * dropped at the seam, before IP or the device sees it.
     * \param halted true to close
     */
    void SetHalted(bool halted);

    /** \return true while the NICs are closed */
    bool IsHalted() const
    {
        return m_halted;
    }

    /** \return frames dropped on arrival while halted */
    uint64_t GetHaltedRxDrops() const
    {
        return m_haltedRxDrops;
    }

    /** \return frames dropped on the way out while halted */
    uint64_t GetHaltedTxDrops() const
    {
        return m_haltedTxDrops;
    }

    /**
     * IPv4 FORWARDING: what the node's routing protocols call instead of
     * ns-3's forward callback when FORWARDING has hooks.
     * \param forward ns-3's callback (Ipv4L3Protocol::IpForward)
     * \param idev the receiving device
     * \param route the route chosen
     * \param p the payload
     * \param header the IPv4 header
     */
    void Forward4(Ipv4RoutingProtocol::UnicastForwardCallback forward,
                  Ptr<const NetDevice> idev,
                  Ptr<Ipv4Route> route,
                  Ptr<const Packet> p,
                  const Ipv4Header& header);
    /** IPv6 FORWARDING, as Forward4 (Ipv6L3Protocol::IpForward). */
    void Forward6(Ipv6RoutingProtocol::UnicastForwardCallback forward,
                  Ptr<const NetDevice> idev,
                  Ptr<Ipv6Route> route,
                  Ptr<const Packet> p,
                  const Ipv6Header& header);

    /**
     * PHYSICAL_OUT (then outbound OBSERVING) for an item the wrapper layer
     * is asked to send.  By reference: the wrapper's own copies, no
     * reference counting per packet.
     * \param device the output device
     * \param item the item; replaced by what went on (a raw item)
     */
    void Send(const Ptr<NetDevice>& device, Ptr<QueueDiscItem>& item);

    /**
     * PHYSICAL_IN (then inbound OBSERVING): the handler that replaced the
     * node's TrafficControlLayer::Receive for IPv4, IPv6 and ARP frames of
     * each device; NI_QUEUE_IN injections arrive here too.
     */
    void Receive(Ptr<NetDevice> device,
                 Ptr<const Packet> p,
                 uint16_t protocol,
                 const Address& from,
                 const Address& to,
                 NetDevice::PacketType packetType);

    /** Delivery of a packet the node sent to its own address on a physical interface. */
    void LocalReceive(Ptr<NetDevice> device,
                      Ptr<const Packet> p,
                      uint16_t protocol,
                      const Address& from,
                      const Address& to,
                      NetDevice::PacketType packetType);

    /** Frames of the loopback device (127.0.0.1, ::1): LOOPBACK events, then IP. */
    void LoopbackReceive(Ptr<NetDevice> device,
                         Ptr<const Packet> p,
                         uint16_t protocol,
                         const Address& from,
                         const Address& to,
                         NetDevice::PacketType packetType);

  protected:
    /** Detaches the watchers and the wrapper (which then hands packets straight to the node's own
     * layer). */
    void DoDispose() override;

  private:
    friend class PfhooksSleepingSeam; // re-enters the seams, hooks skipped

    /** \return true (once) when the packet passes its seam without hooks (SkipHooksOnce) */
    bool SkipOnce(const Packet& p)
    {
        return m_noPfhook && !m_noPfhook->empty() && Skip(p.GetUid());
    }

    /** \copydoc SkipOnce(const Packet&) */
    bool SkipOnce(const QueueDiscItem& item)
    {
        return m_noPfhook && !m_noPfhook->empty() && Skip(item.GetPacket()->GetUid());
    }

    /** \return true (once) when the uid is to skip its hooks; the last one may idle the seams */
    bool Skip(uint64_t uid);
    /**
     * \return true when the running instance has hooks on that event
     *         (m_active aside; inline, defined in pfhooks-ip-instance.h,
     *         where the instance is complete)
     */
    inline bool EventHasHooks(PfhooksFamily f, PfhooksEvent e) const;
    /**
     * \return the running instance's event when it has hooks, else null
     *         (m_active aside; inline, as EventHasHooks())
     */
    inline PfhooksHookEvent* EventWithHooks(PfhooksFamily f, PfhooksEvent e) const;
    /** \return true when the running instance has a hook on any event */
    bool AnyHooks() const;

    void TapLoopback();
    /**
     * Puts a watcher in front of the node's list routing of one version.
     * \param l3 the node's Ipv4L3Protocol or Ipv6L3Protocol
     * \return the watcher, null when the node's routing is no list routing
     */
    template <typename Watcher, typename List, typename L3>
    Ptr<Watcher> Front(Ptr<L3> l3);
    /**
     * Runs LOOPBACK_OUT then LOOPBACK_IN on a datagram that stays in the node.
     * \return false when dropped; else *p is what goes on
     */
    bool RunLoopback(PfhooksFamily f, Ptr<const NetDevice> device, Ptr<const Packet>* p);
    int InboundFlags(const NetDevice& device, PfhooksFamily f, const uint8_t* ip);

    /**
     * \param protocol a link-layer protocol number
     * \param f set to the family it carries
     * \return false when it carries none of pfhooks' families
     */
    static bool FamilyOfProtocol(uint16_t protocol, PfhooksFamily* f)
    {
        // (PROT_NUMBER are static members, not constant expressions: no switch.)
        if (protocol == Ipv4L3Protocol::PROT_NUMBER)
        {
            *f = PFH_INET;
        }
        else if (protocol == Ipv6L3Protocol::PROT_NUMBER)
        {
            *f = PFH_INET6;
        }
        else if (protocol == ArpL3Protocol::PROT_NUMBER)
        {
            *f = PFH_ARP;
        }
        else
        {
            return false;
        }
        return true;
    }

    /** \return the instance's zone when the datagram's destination is an own address, else
     * ALL_ZONES */
    zoneid_t ZoneOfDestination(PfhooksFamily f, const uint8_t* ip);
    struct IfAddr;
    /** \return the node's IPv4 addresses, rebuilt after a change (AddressesChanged) */
    const std::vector<IfAddr>& Ipv4Addresses();
    /** Runs OBSERVING (IPOBS_HOOK_OUTBOUND) on an item about to leave by `device`. */
    void ObserveOut(PfhooksFamily f, const NetDevice& device, const QueueDiscItem& item);
    /**
     * Runs PHYSICAL_OUT on one family's queue disc item.
     * \param f the family
     * \param device the device it leaves by
     * \param item the item
     * \param ev the family's PHYSICAL_OUT event (it has hooks)
     * \return false when the packet is dropped; else *item is what goes on
     */
    template <typename ItemT, typename RawT>
    bool RunPhysicalOut(PfhooksFamily f,
                        const NetDevice& device,
                        Ptr<QueueDiscItem>* item,
                        PfhooksHookEvent* ev);
    /**
     * Runs FORWARDING on a payload and header about to be forwarded.
     * \return false when dropped; else *p and *header are what goes on
     */
    template <typename HeaderT>
    bool RunForwarding(PfhooksFamily f,
                       const NetDevice* idev,
                       const NetDevice* odev,
                       Ptr<const Packet>* p,
                       HeaderT* header);

    PfhooksIpInstance* m_ip{nullptr};
    Ptr<Node> m_node;
    Ptr<Ipv4L3Protocol> m_ipv4;
    Ptr<Ipv6L3Protocol> m_ipv6;
    Ptr<TrafficControlLayer> m_tc;      //!< the node's real layer
    Ptr<TrafficControlLayer> m_wrapper; //!< what interfaces send through while active, made then
    Ptr<PfhooksIpv4Watcher> m_watcher;
    Ptr<PfhooksIpv6Watcher> m_watcher6;
    // ns-3 never removes an interface: the ones below these indexes are
    // tapped (the loopback's aside), the rest new.
    uint32_t m_tappedV4{0};      //!< IPv4 interfaces seen
    uint32_t m_tappedV6{0};      //!< IPv6 interfaces seen
    uint32_t m_handlersTaken{0}; //!< TrafficControlLayer::Receive handlers replaced

    /** One address of the node, cached for the inbound broadcast test. */
    struct IfAddr
    {
        Ptr<NetDevice> device;
        Ipv4Address local;
        Ipv4Mask mask;
        uint32_t localBits; //!< local, host order: compared per packet without ns-3 calls
    };

    /// the node's addresses, made when first asked, dropped when they change
    std::unique_ptr<std::vector<IfAddr>> m_ifAddrs;
    /// the device InboundFlags last asked NeedsArp() of (ns-3 never removes a device)
    const NetDevice* m_flagsDevice{nullptr};
    bool m_flagsNeedArp{false}; //!< its answer
    bool m_attached{false};     //!< past Attach(): new interfaces are plumbed
    PfhooksSeamRunner m_runner; //!< runs every seam's events, with its buffers
    /// uids of packets no hook may see (SkipHooksOnce), made on first use
    std::unique_ptr<std::set<uint64_t>> m_noPfhook;
    bool m_halted{false};        //!< the zone is halted: NICs closed
    bool m_active{false};        //!< the seams have work (Refresh): the wrapper is in
    uint64_t m_haltedRxDrops{0}; //!< frames dropped on arrival while halted
    uint64_t m_haltedTxDrops{0}; //!< frames dropped on the way out while halted
};

} // namespace ns3

#endif /* PFHOOKS_NODE_TAP_H */
