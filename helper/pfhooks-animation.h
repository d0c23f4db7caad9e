/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * NetAnim shows what ns-3 traces; pfhooks's verdicts, drops, injections and
 * zones reach it through this one object: node counters, colour flashes,
 * zone states.
 */
#ifndef PFHOOKS_ANIMATION_H
#define PFHOOKS_ANIMATION_H

#include "ns3/event-id.h"
#include "ns3/node-container.h"
#include "ns3/nstime.h"
#include "ns3/pfhooks-ip-instance.h"
#include "ns3/simple-ref-count.h"

#include <array>
#include <cstdint>
#include <map>
#include <string>

namespace ns3
{

class AnimationInterface;

/**
 * \ingroup pfhooks
 * pfhooks in a NetAnim trace (the XML AnimationInterface writes):
 *
 * - four node counters, "pfhooks drops", "pfhooks rewrites", "pfhooks
 *   injections" (the node's kstats dropped, rewritten and injected summed
 *   over its families and events, kept across zone reboots) and "pfhooks
 *   hook runs" (kstat `events` summed over the packet events of the
 *   running instance: hook_run() calls; 0 while the zone is halted),
 *   written for every node at the start and again whenever one changes
 *   (each verdict, drop, injection or zone change: one `nc` element per
 *   change);
 * - a node flashes red when a hook drops a datagram there and blue when a
 *   module injects one, for FlashTime, then takes its zone colour again;
 * - the zone colour: green while the node's instance runs, grey while its
 *   zone is halted; the description says "zone booted (netid N)" or "zone
 *   halted".
 *
 * The AnimationInterface must live until Simulator::Destroy() (as its own
 * trace sinks require).
 */
class PfhooksAnimation : public SimpleRefCount<PfhooksAnimation>
{
  public:
    /** The counters, in the order AnimationInterface numbers them from the first id. */
    enum Counter
    {
        DROPS,      //!< "pfhooks drops"
        REWRITES,   //!< "pfhooks rewrites"
        INJECTIONS, //!< "pfhooks injections"
        HOOK_RUNS,  //!< "pfhooks hook runs"
        N_COUNTERS
    };

    /**
     * \param anim the animation
     * \param nodes the nodes with pfhooks to show
     * \param flashTime how long a drop or injection colours a node
     */
    PfhooksAnimation(AnimationInterface& anim, NodeContainer nodes, Time flashTime);

    /**
     * Sets up everything in one call: counters, flashes, zone colours.
     * \param anim the animation (lives until Simulator::Destroy())
     * \param nodes the nodes (those without pfhooks are left alone)
     * \param flashTime how long a drop or injection colours a node
     * \return the object (the traces keep it alive too)
     */
    static Ptr<PfhooksAnimation> Enable(AnimationInterface& anim,
                                        NodeContainer nodes,
                                        Time flashTime = MilliSeconds(50));

    /** \return AnimationInterface's id of a counter */
    uint32_t GetCounterId(Counter c) const
    {
        return m_ids[c];
    }

    /** \return the counter's name in the XML */
    static const char* GetCounterName(Counter c);

    /**
     * \return a node's counter as the kstats give it now
     * \param ip the node's instance
     * \param c the counter
     */
    static uint64_t Read(const PfhooksIpInstance& ip, Counter c);

    /** Writes every node's counters that changed since last written. */
    void Refresh();

  private:
    /** Writes a node's changed counters. */
    void Update(uint32_t node);
    /** Colours a node for a while. */
    void Flash(uint32_t node, uint8_t r, uint8_t g, uint8_t b);
    /** Gives a node its zone colour again, unless a later flash came. */
    void EndFlash(uint32_t node, uint64_t generation);
    /** Colours and describes a node by its zone state. */
    void ShowZone(uint32_t node, bool running, netid_t netid);

    /** HookVerdict sink: a drop flashes red; the counters are written. */
    void OnVerdict(Ptr<const Packet> p,
                   uint32_t node,
                   const std::string& family,
                   const std::string& event,
                   const std::string& hook,
                   PfhooksVerdict verdict);
    /** Ipv4Drop sink (context: the node id): the counters are written. */
    void OnDrop4(std::string node,
                 const Ipv4Header& h,
                 Ptr<const Packet> p,
                 Ipv4L3Protocol::DropReason reason,
                 Ptr<Ipv4> ipv4,
                 uint32_t interface,
                 const std::string& event,
                 const std::string& hook);
    /** Ipv6Drop sink (context: the node id): the counters are written. */
    void OnDrop6(std::string node,
                 const Ipv6Header& h,
                 Ptr<const Packet> p,
                 Ipv6L3Protocol::DropReason reason,
                 Ptr<Ipv6> ipv6,
                 uint32_t interface,
                 const std::string& event,
                 const std::string& hook);
    /** Injected sink: an injection flashes blue; the counters are written. */
    void OnInjected(Ptr<const Packet> p, uint32_t node, int style, int result);
    /** ZoneState sink: the zone colour and description; the counters are written. */
    void OnZone(uint32_t node, netid_t netid, bool booted);

    /** \return a node's instance, null once the node is gone (no reference kept: the
     *          instance's traces keep this object) */
    static Ptr<PfhooksIpInstance> Instance(uint32_t node);

    /** What is shown of one node. */
    struct Shown
    {
        std::array<uint64_t, N_COUNTERS> last{}; //!< values last written
        bool running{false};                     //!< its zone colour
        uint64_t flashes{0};                     //!< flashes so far (the latest ends)
    };

    AnimationInterface* m_anim;
    Time m_flashTime;
    std::array<uint32_t, N_COUNTERS> m_ids{};
    std::map<uint32_t, Shown> m_nodes; //!< by node id
};

} // namespace ns3

#endif /* PFHOOKS_ANIMATION_H */
