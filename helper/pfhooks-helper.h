/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_HELPER_H
#define PFHOOKS_HELPER_H

#include "pfhooks-animation.h"
#include "pfhooks-flow-probe.h"

#include "ns3/internet-stack-helper.h"
#include "ns3/node-container.h"
#include "ns3/output-stream-wrapper.h"
#include "ns3/packet-hook.h"
#include "ns3/pfhooks-ip-instance.h"
#include "ns3/pfhooks-kstats.h"

#include <string>

namespace ns3
{

class AnimationInterface;
class FlowMonitorHelper;

/**
 * \ingroup pfhooks
 * Installs the hook framework on nodes: each node with an internet stack
 * becomes one IP instance (an PfhooksIpInstance aggregated to it), and every
 * registered net instance hears of it.
 */
class PfhooksHelper
{
  public:
    PfhooksHelper();

    /**
     * Prepares an InternetStackHelper so that every pfhooks seam is
     * available: IPv6 routing becomes an Ipv6ListRouting holding
     * Ipv6StaticRouting (ns-3's default is a bare Ipv6StaticRouting, which
     * pfhooks cannot join for IPv6 FORWARDING).  Call before Install(nodes)
     * on the stack helper.
     */
    static void ConfigureStack(InternetStackHelper& stack);

    /** Installs on one node and boots its instance. \return the instance */
    Ptr<PfhooksIpInstance> Install(Ptr<Node> node) const;
    /** Installs on every node of the container. */
    void Install(NodeContainer nodes) const;
    /** Installs on every node of the simulation. */
    void InstallAll() const;

    /** \return the node's instance, or null when pfhooks is not installed there */
    static Ptr<PfhooksIpInstance> GetInstance(Ptr<Node> node);

    /**
     * Registers one C++ packet hook on every node of the container.
     * \return 0, or the first error (see PfhooksIpInstance::AddPacketHook)
     */
    static int AddPacketHook(NodeContainer nodes,
                             const std::string& family,
                             const std::string& event,
                             const std::string& name,
                             PacketHookCallback cb,
                             hook_hint_t hint = HH_NONE,
                             const std::string& hintValue = "");

    /**
     * Writes the statistics of every running instance among the nodes,
     * typically at the end of a run (before Simulator::Destroy): one row per
     * node, family and event (hooks added and removed, runs, packets
     * accepted, rewritten, dropped, injected) and one per hook (position,
     * hits, drops, injections).  See WriteKstatRows for the formats.
     * \param filename where to write
     * \param format KSTATS_CSV or KSTATS_JSON
     * \param nodes the nodes (default: all)
     * \return 0, or EIO when the file cannot be written
     */
    static int WriteKstats(const std::string& filename,
                           KstatFormat format,
                           NodeContainer nodes = NodeContainer::GetGlobal());

    /**
     * The format a file name asks for: ".csv" or ".json" (any case).
     * \return true with *format set, false for another name
     */
    static bool KstatFormatOf(const std::string& filename, KstatFormat* format);

    /**
     * Makes FlowMonitor count hook drops as drops of their flows, at the
     * time of the drop, with a reason per hook, and injected datagrams as
     * packets of their flows (PfhooksFlowProbe::Install).
     * \param flowmon the FlowMonitorHelper (before or after its Install)
     * \param nodes the nodes (default: all)
     * \return the reason codes (PfhooksFlowDropReasons)
     */
    static Ptr<PfhooksFlowDropReasons> EnableFlowMonitor(
        FlowMonitorHelper& flowmon,
        NodeContainer nodes = NodeContainer::GetGlobal());

    /**
     * Writes hook drops as `d` lines into an ASCII trace stream
     * (PfhooksAsciiDrops::Enable).
     * \param stream the stream
     * \param nodes the nodes (default: all)
     */
    static void EnableAsciiDrops(Ptr<OutputStreamWrapper> stream,
                                 NodeContainer nodes = NodeContainer::GetGlobal());

    /**
     * Shows pfhooks in a NetAnim trace: node counters, flashes on drops
     * and injections, zone states (PfhooksAnimation::Enable).
     * \param anim the animation (lives until Simulator::Destroy())
     * \param nodes the nodes (default: all)
     * \return the object that writes them
     */
    static Ptr<PfhooksAnimation> EnableAnimation(AnimationInterface& anim,
                                                 NodeContainer nodes = NodeContainer::GetGlobal());

    /** Sums one event's counters over nodes. */
    static PfhooksIpInstance::Counters GetCounters(NodeContainer nodes,
                                                   PfhooksFamily family,
                                                   PfhooksEvent event);
};

} // namespace ns3

#endif /* PFHOOKS_HELPER_H */
