/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * One illumos netstack per ns-3 node: the instance owns the node's
 * families and events, runs them on packets for the tap, and counts and
 * traces what became of each packet.
 */
#ifndef PFHOOKS_IP_INSTANCE_H
#define PFHOOKS_IP_INSTANCE_H

#include "pfhooks-event-slots.h"
#include "pfhooks-node-tap.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/observe-hook.h"
#include "ns3/packet-hook.h"
#include "ns3/packet.h"
#include "ns3/pfhooks-event-table.h"
#include "ns3/pfhooks-hook-stack.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/pfhooks-ip-provider.h"
#include "ns3/pfhooks-net-instance-registry.h"
#include "ns3/pfhooks-net-protocol.h"
#include "ns3/pfhooks-netinfo-queries.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup pfhooks
 * One ns-3 node's IP instance: its netid, hook stack, families and events,
 * and the taps that run the events on the node's packets.
 *
 * Aggregated to the node by PfhooksHelper.  The instance is created by
 * Start() (the zone boots) and destroyed by Stop() or when the node is
 * disposed; a stopped instance runs no hook.
 */
class PfhooksIpInstance : public Object, public PfhooksIpProvider
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    PfhooksIpInstance();
    ~PfhooksIpInstance() override;

    /**
     * \param nodeId a node's id
     * \return false when no instance is aggregated to that node (true:
     *         one may be, GetObject tells), so that PfhooksHelper::Install
     *         need not walk the node's aggregates to find none
     */
    static bool MayBeOn(uint32_t nodeId);

    /**
     * \return a new instance, as CreateObject<PfhooksIpInstance>() makes
     *         it (the attributes' defaults as now set), copied from a
     *         prototype made again whenever a default changed: ns-3's
     *         attribute construction was a tenth of Install
     */
    static Ptr<PfhooksIpInstance> CreateDefault();

    /** Boots the instance on its node: taps in place, modules told. */
    void Start();
    /** Halts the instance: modules told, taps idle. */
    void Stop();

    /** \return true between Start() and Stop() */
    bool IsRunning() const final
    {
        return m_running;
    }

    /** \return the netid, -1 when not running */
    netid_t GetNetid() const
    {
        return m_netid;
    }

    /** \return the node */
    Ptr<Node> GetNode() const final
    {
        return m_node;
    }

    /** \return the event of a family, or null when the instance is not running */
    Ptr<PfhooksHookEvent> GetEvent(PfhooksFamily f, PfhooksEvent e) const
    {
        return Ptr<PfhooksHookEvent>(m_events.Peek(f, e));
    }

    /**
     * \return the event of a family without taking a reference: for a look
     *         at it on every packet (the taps' HasHooks)
     */
    PfhooksHookEvent* PeekEvent(PfhooksFamily f, PfhooksEvent e) const
    {
        return m_events.Peek(f, e);
    }

    /** \return the event by names, or null */
    Ptr<PfhooksHookEvent> GetEvent(const std::string& family, const std::string& event) const;

    /**
     * Registers a C++ packet hook (net_hook_register() for the C++ face).
     * \param family NHF_INET, NHF_INET6 or NHF_ARP
     * \param event NH_PHYSICAL_IN, ...
     * \param name the hook's name, unique on the event
     * \param cb the hook
     * \param hint ordering hint
     * \param hintValue the other hook for HH_BEFORE / HH_AFTER
     * \return 0 or the illumos error (ENXIO unknown family or event,
     *         EEXIST, EBUSY, EINVAL, ESHUTDOWN when the instance is not running);
     *         EINVAL for NIC_EVENTS and OBSERVING, whose data is no packet
     *         event (use AddObserveHook, or a C hook for NIC_EVENTS)
     */
    int AddPacketHook(const std::string& family,
                      const std::string& event,
                      const std::string& name,
                      PacketHookCallback cb,
                      hook_hint_t hint = HH_NONE,
                      const std::string& hintValue = "");
    /**
     * Registers a C++ hook on a family's OBSERVING event.
     * \param family NHF_INET or NHF_INET6
     * \param name the hook's name, unique on the event
     * \param cb the observer
     * \param hint ordering hint
     * \param hintValue the other hook for HH_BEFORE / HH_AFTER
     * \return as AddPacketHook (ENXIO for NHF_ARP, which has no OBSERVING)
     */
    int AddObserveHook(const std::string& family,
                       const std::string& name,
                       ObserveHookCallback cb,
                       hook_hint_t hint = HH_NONE,
                       const std::string& hintValue = "");
    /** Unregisters a hook by name. \return 0, or ENXIO */
    int RemoveHook(const std::string& family, const std::string& event, const std::string& name);

    /** \return the family handle passed to hooks as hpe_protocol (no reference taken) */
    net_handle_t GetFamilyHandle(PfhooksFamily f) const
    {
        return m_handles[f];
    }

    /** \return the IPv4 tap, or null */
    Ptr<PfhooksNodeTap> GetTap() const
    {
        return m_tap;
    }

    /**
     * Puts the node's seams in place without starting the instance (Start()
     * does it too), so that a zone kept halted from the start can close its
     * NICs (PfhooksNodeTap::SetHalted).
     * \return the tap
     */
    Ptr<PfhooksNodeTap> AttachTap();

    /**
     * Runs one packet event on a packet's bytes.
     * \param f family
     * \param e event
     * \param bytes the packet (IP header first)
     * \param len its length
     * \param ifp inbound interface or 0
     * \param ofp outbound interface or 0
     * \param flags HPE_* flags
     * \param out receives the new bytes on PFH_REWRITE
     * \param lazy true: the message is made only when a hook wants it
     *        (PacketHookLazyMessage); false: before the hooks run (a run
     *        that may sleep)
     * \param spare where a lazy message comes from and an unchanged one
     *        goes back to (null: allocb and freemsg)
     * \return the verdict
     */
    PfhooksVerdict RunPacketEvent(PfhooksFamily f,
                                  PfhooksEvent e,
                                  const uint8_t* bytes,
                                  uint32_t len,
                                  phy_if_t ifp,
                                  phy_if_t ofp,
                                  int flags,
                                  std::vector<uint8_t>* out,
                                  bool lazy = true,
                                  PacketHookSpareMessage* spare = nullptr);

    /**
     * RunPacketEvent() on bytes a seam copies out only when a hook or the
     * comparison after the hooks wants them.
     * \param f family
     * \param e event
     * \param bytes the packet's bytes (IP header first), on demand
     * \param len its length
     * \param ifp inbound interface or 0
     * \param ofp outbound interface or 0
     * \param flags HPE_* flags
     * \param out receives the new bytes on PFH_REWRITE
     * \param lazy as for RunPacketEvent()
     * \param spare as for RunPacketEvent()
     * \param changeEnd when not null, receives on PFH_REWRITE where the
     *        change ends (RewriteChangeEnd) when the length was kept, else
     *        kRewriteEndUnknown
     * \return the verdict
     */
    PfhooksVerdict RunPacketEvent(PfhooksFamily f,
                                  PfhooksEvent e,
                                  PacketHookBytes bytes,
                                  uint32_t len,
                                  phy_if_t ifp,
                                  phy_if_t ofp,
                                  int flags,
                                  std::vector<uint8_t>* out,
                                  bool lazy,
                                  PacketHookSpareMessage* spare = nullptr,
                                  std::size_t* changeEnd = nullptr);

    /**
     * A packet event's run: what a seam hands RunPacketEvent() (one struct
     * by reference: eleven arguments cost each call about twenty
     * instructions of stores and loads) and what the part after the hooks
     * reads when the message was built.  The seam sets ev (null: looked up
     * by the run), f, e, bytes, len, out, spare, changeEnd and hpe's
     * hpe_ifp, hpe_ofp and hpe_flags; the run sets the rest.
     */
    struct PacketRun
    {
        PfhooksHookEvent* ev;          //!< the event (held by RunPacketEvent), or null
        PfhooksFamily f;               //!< its family
        PfhooksEvent e;                //!< the event's kind
        PacketHookBytes bytes;         //!< the datagram's bytes, on demand
        uint32_t len;                  //!< its length, or kPacketSizeOnDemand (see Len())
        std::vector<uint8_t>* out;     //!< receives a rewrite's bytes
        PacketHookSpareMessage* spare; //!< where the message goes back to, or null
        std::size_t* changeEnd;        //!< as for RunPacketEvent(), or null
        hook_pkt_event_t hpe;          //!< what the hooks get
        mblk_t* mp;                    //!< the message (*hpe_mp), null until built
        const uint8_t* given;          //!< the bytes once fetched, or null
        uint64_t calls;                //!< PfhooksHookEvent::GetCalls() before the run
        uint64_t blind;                //!< PacketHookContext::GetBlindCalls() before it
        uint64_t onPurpose;            //!< PacketHookContext::GetWrongOnPurpose() before it
        int rv;                        //!< what the run returned

        /** \return the datagram's length, asked of the seam the first time if not given */
        uint32_t Len()
        {
            if (len == kPacketSizeOnDemand)
            {
                len = bytes.size(bytes.source);
            }
            return len;
        }
    };

    /**
     * RunPacketEvent() on a run a seam filled in (see PacketRun).
     * \param r the run
     * \param lazy as for RunPacketEvent()
     * \return the verdict
     */
    PfhooksVerdict RunPacketEvent(PacketRun& r, bool lazy);

    /**
     * Runs the family's OBSERVING event on a packet (illumos ipobs_hook()):
     * the hooks get a hook_pkt_observe_t whose message holds a copy of the
     * bytes; what they return or do to the copy changes nothing.  The
     * message is built before the run when its first hook is a C hook,
     * else when a hook first wants it (ObserveLazyMessage): C++ observers
     * that never read cost no allocb and copy.
     * \param f PFH_INET or PFH_INET6
     * \param type IPOBS_HOOK_INBOUND, IPOBS_HOOK_OUTBOUND or IPOBS_HOOK_LOCAL
     * \param src the datagram's bytes, copied when the message is built
     *        (they outlive the run)
     * \param len the datagram's length (src.size may count padding after it)
     * \param ifindex the interface received or sent on
     * \param zsrc source zone, or ALL_ZONES
     * \param zdst destination zone, or ALL_ZONES
     * \param spares where the message's two blocks come from and go back
     *        to, or null (allocb and freemsg)
     */
    void RunObserve(PfhooksFamily f,
                    ipobs_hook_type_t type,
                    ObserveSource src,
                    uint32_t len,
                    phy_if_t ifindex,
                    zoneid_t zsrc,
                    zoneid_t zdst,
                    ObserveSpareMessages* spares);

    /**
     * RunObserve() on bytes the seam holds.
     * \param f PFH_INET or PFH_INET6
     * \param type IPOBS_HOOK_INBOUND, IPOBS_HOOK_OUTBOUND or IPOBS_HOOK_LOCAL
     * \param bytes the datagram, header first
     * \param len its length
     * \param ifindex the interface received or sent on
     * \param zsrc source zone, or ALL_ZONES
     * \param zdst destination zone, or ALL_ZONES
     * \param spares as RunObserve()
     */
    void RunObserve(PfhooksFamily f,
                    ipobs_hook_type_t type,
                    const uint8_t* bytes,
                    uint32_t len,
                    phy_if_t ifindex,
                    zoneid_t zsrc,
                    zoneid_t zdst,
                    ObserveSpareMessages* spares = nullptr);

    /**
     * What an observation of the whole datagram a packet holds (link-layer
     * padding may follow it) shows: its head is copied out and checked as
     * PfhooksWholeDatagram checks; the rest is copied only into the
     * message, when it is built.
     * \param f the family
     * \param p the packet
     * \param head receives the packet's first PfhooksWholeDatagram::kHeadBytes
     *        bytes (fewer when it is shorter): the check and the seams read
     *        no further
     * \return the datagram's length, without padding; 0 when it is no
     *         whole datagram of family f (not shown)
     */
    static uint32_t ObserveHead(PfhooksFamily f, const Packet& p, uint8_t* head);

    /**
     * \param p a packet (it outlives the run)
     * \return the source of RunObserve() that copies its bytes
     */
    static ObserveSource ObservePacket(const Packet& p);

    /**
     * \return the zone of this instance: every instance is an exclusive-IP
     *         zone whose id is its netid (ALL_ZONES when not running)
     */
    zoneid_t GetZoneId() const final
    {
        return m_running ? static_cast<zoneid_t>(m_netid) : ALL_ZONES;
    }

    /** Reports a packet dropped by the framework itself (bad bytes left by a hook). */
    void ReportDrop(PfhooksFamily f, PfhooksEvent e, const std::string& why, uint32_t len);

    /** \return the interface index a device has as a phy_if_t (ifindex + 1) */
    template <typename T>
    static phy_if_t PhyIf(const Ptr<T>& dev)
    {
        // A template: a Ptr<NetDevice> is not converted (a reference count).
        return PfhooksNetinfoQueries::PhyIf(PeekPointer(dev));
    }

    /** \return the interface index a device has as a phy_if_t (ifindex + 1) */
    static phy_if_t PhyIf(const NetDevice* dev)
    {
        return PfhooksNetinfoQueries::PhyIf(dev);
    }

    /** \return the device of a phy_if_t on this node, or null */
    Ptr<NetDevice> DeviceOf(phy_if_t phy) const;

    /** Family name of an index (NHF_INET, ...). */
    static const char* FamilyName(PfhooksFamily f);
    /** Hook family name of an index ("inet", "inet6", "arp": illumos's kstat module). */
    static const char* HookFamilyName(PfhooksFamily f);
    /** Event name of an index (NH_PHYSICAL_IN, ...). */
    static const char* EventName(PfhooksEvent e);

    /** Called by the registry: IP adds its families and the events each family's table lists. */
    void AddProtocols(Ptr<PfhooksHookStack> stack) override;
    /** Called by the registry: IP announces its events' and families' departure. */
    void ShutdownProtocols() override;
    /** Called by the registry: IP removes its events and families. */
    void RemoveProtocols() override;
    /** Called by the family table's net_inject(): the tap injects (-1 without one). */
    int Inject(PfhooksFamily f,
               inject_t style,
               const uint8_t* bytes,
               uint32_t len,
               phy_if_t phy,
               const struct sockaddr_storage* nextHop) override;

    /** Counters of one event of this instance. */
    struct Counters
    {
        uint64_t accepted{0};     //!< packets that went on unchanged
        uint64_t rewritten{0};    //!< packets that went on with other bytes
        uint64_t dropped{0};      //!< packets dropped by a hook or for bad bytes
        uint64_t injected{0};     //!< packets net_inject() put on this path
        uint64_t badChecksums{0}; //!< rewrites that left a wrong checksum (CheckRewriteChecksums)
    };

    /**
     * \return counters of one event (kept across restarts of the instance);
     *         a copy, as the block is allocated only on the first count
     */
    Counters GetCounters(PfhooksFamily f, PfhooksEvent e) const
    {
        return m_counters ? m_counters->c[f][e] : Counters();
    }

    /**
     * \return the datagrams the framework dropped itself (ReportDrop: bytes
     *         a hook or net_inject() left that ns-3 cannot parse), by reason
     *         ("family/event: reason"), in name order
     */
    std::map<std::string, uint64_t> GetDropReasons() const
    {
        return m_counters ? m_counters->reasons : std::map<std::string, uint64_t>();
    }

    /** Counts an injection. */
    void CountInjection(PfhooksFamily f, PfhooksEvent e)
    {
        CountersOf(f, e).injected++;
    }

    /**
     * Trace signature of a verdict: node id, family, event, verdict, packet bytes (length).
     */
    typedef void (*VerdictTracedCallback)(uint32_t nodeId,
                                          const std::string& family,
                                          const std::string& event,
                                          PfhooksVerdict verdict,
                                          uint32_t length);

    /**
     * Trace signature of HookVerdict: what became of a packet at a packet
     * event (PHYSICAL_IN/OUT, FORWARDING, LOOPBACK_IN/OUT) that has hooks.
     * \param packet the datagram, header first: as the hooks got it, or on
     *        PFH_REWRITE as it goes on
     * \param nodeId the node
     * \param family NHF_INET, NHF_INET6 or NHF_ARP
     * \param event the event (PHYSICAL_IN, ...)
     * \param hook the hook that decided: on a drop the hook that returned
     *        non-zero ("" when pfhooks itself dropped: a freed message, bytes
     *        that are no datagram, no memory); otherwise the last hook of
     *        the event's list that ran
     * \param verdict PFH_ACCEPT, PFH_REWRITE or PFH_DROP
     */
    typedef void (*HookVerdictTracedCallback)(Ptr<const Packet> packet,
                                              uint32_t nodeId,
                                              const std::string& family,
                                              const std::string& event,
                                              const std::string& hook,
                                              PfhooksVerdict verdict);

    /**
     * Trace signature of Injected: one net_inject() call.
     * \param packet the datagram, header first (on success the packet that
     *        goes on its way; a sink may tag it)
     * \param nodeId the node
     * \param style the inject_t the caller passed (NI_QUEUE_IN, NI_QUEUE_OUT,
     *        NI_DIRECT_OUT), as an int: a C caller may pass any value
     * \param result what net_inject() returns: 0, 1 (refused) or -1
     */
    typedef void (*InjectedTracedCallback)(Ptr<const Packet> packet,
                                           uint32_t nodeId,
                                           int style,
                                           int result);

    /**
     * Trace signature of Ipv4Drop: Ipv4L3Protocol's Drop, plus where.
     * \param header the IPv4 header
     * \param payload the datagram after the header
     * \param reason always PFHOOKS_DROP_REASON (0, a value ns-3 never uses)
     * \param ipv4 the node's Ipv4
     * \param interface the Ipv4 interface received on (or sent on, when none)
     * \param event the event (PHYSICAL_IN, ...)
     * \param hook the hook that dropped, "" when pfhooks itself dropped
     */
    typedef void (*Ipv4DropTracedCallback)(const Ipv4Header& header,
                                           Ptr<const Packet> payload,
                                           Ipv4L3Protocol::DropReason reason,
                                           Ptr<Ipv4> ipv4,
                                           uint32_t interface,
                                           const std::string& event,
                                           const std::string& hook);
    /** Trace signature of Ipv6Drop: as Ipv4DropTracedCallback, for IPv6. */
    typedef void (*Ipv6DropTracedCallback)(const Ipv6Header& header,
                                           Ptr<const Packet> payload,
                                           Ipv6L3Protocol::DropReason reason,
                                           Ptr<Ipv6> ipv6,
                                           uint32_t interface,
                                           const std::string& event,
                                           const std::string& hook);

    /**
     * The drop reason of Ipv4Drop and Ipv6Drop: 0, which neither
     * Ipv4L3Protocol::DropReason nor Ipv6L3Protocol::DropReason uses.
     */
    static constexpr int PFHOOKS_DROP_REASON = 0;

    /**
     * \param drop whether the outcome is a drop
     * \return true when a seam must call NotifySeam(): a sink listens to
     *         HookVerdict, or to a Drop trace and this is a drop
     */
    bool IsWatched(bool drop) const
    {
        return m_traces && (!m_traces->hookVerdict.IsEmpty() ||
                            (drop && (!m_traces->drop4.IsEmpty() || !m_traces->drop6.IsEmpty())));
    }

    /**
     * Fires HookVerdict and, on a drop, Ipv4Drop or Ipv6Drop (the seams,
     * when IsWatched()).
     * \param f the family
     * \param e the event
     * \param datagram the datagram, header first
     * \param verdict what became of it
     * \param ifp inbound interface or 0
     * \param ofp outbound interface or 0
     */
    void NotifySeam(PfhooksFamily f,
                    PfhooksEvent e,
                    Ptr<const Packet> datagram,
                    PfhooksVerdict verdict,
                    phy_if_t ifp,
                    phy_if_t ofp);

    /**
     * Fires Ipv4Drop or Ipv6Drop for a datagram pfhooks dropped outside a
     * seam (an injected datagram without a route).
     * \param f the family
     * \param e the event
     * \param datagram the datagram, header first
     * \param phy the interface, or 0
     */
    void NotifyDrop(PfhooksFamily f, PfhooksEvent e, Ptr<const Packet> datagram, phy_if_t phy);

    /** \return true when a sink listens to Injected */
    bool HasInjectedSinks() const
    {
        return m_traces && !m_traces->injected.IsEmpty();
    }

    /**
     * Fires Injected.
     * \param packet the datagram
     * \param style the caller's style
     * \param result net_inject()'s result
     */
    void NotifyInjected(Ptr<const Packet> packet, int style, int result);

  protected:
    /** Stops the instance and disposes of the node's taps. */
    void DoDispose() override;

  private:
    /** Every event's counters: one block, allocated when a hook first runs. */
    struct CounterBlock
    {
        Counters c[PFH_NFAMILIES][PFH_NEVENTS];  //!< by family and event
        std::map<std::string, uint64_t> reasons; //!< ReportDrop()s by reason
        std::set<std::string> warned;            //!< "family/event/hook" warned of a bad checksum
    };

    /**
     * Counts and warns of (once per hook) a rewrite that left a wrong
     * checksum where the bytes it was given had none.
     * \param f the family
     * \param e the event
     * \param ev the event's hooks
     * \param before the bytes given to the hooks
     * \param len their number
     * \param after the bytes the hooks left
     * \param changeEnd RewriteChangeEnd() of the two, or kRewriteEndUnknown
     */
    void CheckRewrite(PfhooksFamily f,
                      PfhooksEvent e,
                      const PfhooksHookEvent& ev,
                      const uint8_t* before,
                      uint32_t len,
                      const std::vector<uint8_t>& after,
                      std::size_t changeEnd);

    /**
     * The part of RunPacketEvent() on a message: made before the hooks run
     * (a C hook first, or hooks that may sleep), or built by them; what
     * the hooks left, the counters and the trace.
     * \param r the run
     * \param ran false: the message is made and the hooks run first; true:
     *        they ran and built it
     * \return the verdict
     */
    PfhooksVerdict RunOnMessage(PacketRun& r, bool ran);

    /**
     * Counts a verdict and fires the Verdict trace when a sink listens
     * (inline, in pfhooks-ip-instance-run.cc: its only callers are there).
     * \param f the family
     * \param e the event
     * \param verdict PFH_ACCEPT or PFH_DROP (a rewrite is counted apart)
     * \param len the datagram's length
     *
eturn verdict
     */
    inline PfhooksVerdict Counted(PfhooksFamily f,
                                  PfhooksEvent e,
                                  PfhooksVerdict verdict,
                                  uint32_t len);

    /**
     * Fires the Verdict trace (a sink listens): out of line, as its name
     * strings make a run's frame dearer.
     * \param f the family
     * \param e the event
     * \param verdict the verdict
     * \param len the datagram's length
     */
    void FireVerdict(PfhooksFamily f, PfhooksEvent e, PfhooksVerdict verdict, uint32_t len);

    /** \return an event's counters, allocating the block on first use */
    Counters& CountersOf(PfhooksFamily f, PfhooksEvent e)
    {
        if (!m_counters)
        {
            m_counters = std::make_unique<CounterBlock>();
        }
        return m_counters->c[f][e];
    }

    /** Fires Ipv4Drop or Ipv6Drop, when a sink listens. */
    void FireDrop(PfhooksFamily f,
                  PfhooksEvent e,
                  const Ptr<const Packet>& datagram,
                  phy_if_t phy,
                  const std::string& hook);

    /** Registers a built C++ hook (AddPacketHook, AddObserveHook). */
    int RegisterCxxHook(const std::string& family,
                        const std::string& event,
                        const hook_t& h,
                        std::shared_ptr<void> storage);

  protected:
    /** Finds the node the instance is aggregated to. */
    void NotifyNewAggregate() override;

  private:
    /** CreateDefault() copies its prototype with it (the copy constructor is private). */
    template <typename T>
    friend Ptr<T> CopyObject(Ptr<T> object);

    /**
     * CreateDefault()'s copy of its prototype: the attributes copied,
     * everything else as a new instance has it.
     * \param o the prototype
     */
    PfhooksIpInstance(const PfhooksIpInstance& o);

    Ptr<Node> m_node;
    netid_t m_netid{-1};
    bool m_running{false};
    bool m_checkChecksums{true}; //!< CheckRewriteChecksums
    int8_t m_checksumsOn{-1};    //!< ChecksumEnabled as read at the first rewrite (-1: not yet)

    /**
     * \return ns-3's ChecksumEnabled, read once, at the instance's first
     *         rewrite: a GlobalValue lookup by name costs as much as the
     *         checksum check itself (set it before the run, as ns-3 wants)
     */
    bool ChecksumsOn()
    {
        if (m_checksumsOn < 0)
        {
            m_checksumsOn = Node::ChecksumEnabled() ? 1 : 0;
        }
        return m_checksumsOn != 0;
    }

    Ptr<PfhooksHookStack> m_stack;

    /// The events by family and event (slots of the instance's event slab).
    PfhooksEventSlots m_events;
    net_handle_t m_handles[PFH_NFAMILIES]{};
    // Most instances never run a hook: 672 bytes inline would be most of an
    // idle instance's PfhooksIpInstance.
    std::unique_ptr<CounterBlock> m_counters;
    Ptr<PfhooksNodeTap> m_tap;

    /// The trace sources, made when a sink first connects: five empty
    /// TracedCallbacks were 120 bytes of every idle instance.
    struct Traces
    {
        TracedCallback<uint32_t, const std::string&, const std::string&, PfhooksVerdict, uint32_t>
            verdict; //!< Verdict
        TracedCallback<Ptr<const Packet>,
                       uint32_t,
                       const std::string&,
                       const std::string&,
                       const std::string&,
                       PfhooksVerdict>
            hookVerdict;                                                //!< HookVerdict
        TracedCallback<Ptr<const Packet>, uint32_t, int, int> injected; //!< Injected
        TracedCallback<const Ipv4Header&,
                       Ptr<const Packet>,
                       Ipv4L3Protocol::DropReason,
                       Ptr<Ipv4>,
                       uint32_t,
                       const std::string&,
                       const std::string&>
            drop4; //!< Ipv4Drop
        TracedCallback<const Ipv6Header&,
                       Ptr<const Packet>,
                       Ipv6L3Protocol::DropReason,
                       Ptr<Ipv6>,
                       uint32_t,
                       const std::string&,
                       const std::string&>
            drop6; //!< Ipv6Drop
    };

    /** \return the trace sources, made on first use */
    Traces& GetTraces()
    {
        if (!m_traces)
        {
            m_traces = std::make_unique<Traces>();
        }
        return *m_traces;
    }

    template <auto Member>
    friend class PfhooksLazyTraceAccessor;

    std::unique_ptr<Traces> m_traces; //!< null until a sink connects
    /// The hook of the last drop: set on every drop path, read by NotifySeam
    /// (null: pfhooks itself dropped).
    const std::string* m_dropper{nullptr};
};

bool
PfhooksSeamRunner::WatchedBy(PfhooksSeamOutcome o) const
{
    return m_ip->IsWatched(o == PFH_SEAM_DROP);
}

PfhooksSeamOutcome
PfhooksSeamRunner::RunHooks(PfhooksFamily f,
                            PfhooksEvent e,
                            uint32_t* len,
                            phy_if_t ifp,
                            phy_if_t ofp,
                            int flags,
                            PacketHookBytes bytes,
                            std::size_t* changeEnd,
                            PfhooksHookEvent* ev)
{
    PfhooksIpInstance::PacketRun r;
    r.ev = ev;
    r.f = f;
    r.e = e;
    r.bytes = bytes;
    r.len = *len;
    r.out = &m_out;
    r.spare = &m_spare;
    r.changeEnd = changeEnd;
    r.hpe.hpe_ifp = ifp;
    r.hpe.hpe_ofp = ofp;
    r.hpe.hpe_flags = flags;
    PfhooksVerdict v = m_ip->RunPacketEvent(r, true);
    if (v == PFH_ACCEPT)
    {
        return PFH_SEAM_ACCEPT;
    }
    if (v == PFH_DROP)
    {
        return PFH_SEAM_DROP;
    }
    *len = r.len; // known: the rewrite's message was built
    return JudgeRewrite(f, e, *len, ifp, ofp, bytes, *changeEnd);
}

PfhooksHookEvent*
PfhooksNodeTap::EventWithHooks(PfhooksFamily f, PfhooksEvent e) const
{
    // Asked several times per packet: inline, no reference count traffic.
    if (m_ip == nullptr || !m_ip->IsRunning())
    {
        return nullptr;
    }
    PfhooksHookEvent* ev = m_ip->PeekEvent(f, e);
    return ev != nullptr && ev->HasHooks() ? ev : nullptr;
}

bool
PfhooksNodeTap::EventHasHooks(PfhooksFamily f, PfhooksEvent e) const
{
    return EventWithHooks(f, e) != nullptr;
}

} // namespace ns3

#endif /* PFHOOKS_IP_INSTANCE_H */
