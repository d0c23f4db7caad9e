/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FlowMonitor's own probes hear only Ipv4L3Protocol's and Ipv6L3Protocol's
 * drops: a packet a hook drops would count as lost only after the
 * monitor's timeout, without a reason.  This probe reports it at the time
 * of the drop, with a reason per hook.
 */
#ifndef PFHOOKS_FLOW_PROBE_H
#define PFHOOKS_FLOW_PROBE_H

#include "ns3/flow-probe.h"
#include "ns3/ipv4-flow-classifier.h"
#include "ns3/ipv6-flow-classifier.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/pfhooks-ip-instance.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

namespace ns3
{

class FlowMonitorHelper;
class Tag;

/**
 * \ingroup pfhooks
 * The hook behind a FlowMonitor drop reason code of the pfhooks probes.
 */
struct PfhooksDropReason
{
    uint32_t code{0};   //!< the reason code in FlowStats::packetsDropped
    uint32_t node{0};   //!< ns-3 node id
    std::string family; //!< NHF_INET or NHF_INET6
    std::string event;  //!< PHYSICAL_IN, FORWARDING, ...
    std::string hook;   //!< the hook that dropped; "" when pfhooks itself dropped

    /**
     * \return "pfhooks:NODE:FAMILY:EVENT:HOOK", HOOK "<pfhooks>" when
     *         pfhooks itself dropped (e.g. "pfhooks:1:NHF_INET:FORWARDING:no-udp")
     */
    std::string GetName() const;
};

/**
 * \ingroup pfhooks
 * The drop reason codes the pfhooks probes of one FlowMonitor hand out:
 * one per (node, family, event, hook), from FIRST_CODE up, in the order of
 * their first drop.  FlowMonitor's own probes use the codes below
 * FIRST_CODE (Ipv4FlowProbe::DropReason, Ipv6FlowProbe::DropReason).
 */
class PfhooksFlowDropReasons : public SimpleRefCount<PfhooksFlowDropReasons>
{
  public:
    /** The first code: above every Ipv4FlowProbe and Ipv6FlowProbe reason. */
    static constexpr uint32_t FIRST_CODE = 16;

    /**
     * \return the code of a hook, given out now when it is new
     * \param node node id
     * \param family NHF_INET or NHF_INET6
     * \param event the event
     * \param hook the hook ("" for pfhooks itself)
     */
    uint32_t CodeOf(uint32_t node,
                    const std::string& family,
                    const std::string& event,
                    const std::string& hook);

    /**
     * \param code a reason code
     * \param reason receives its hook
     * \return true when the code is one of these probes'
     */
    bool Lookup(uint32_t code, PfhooksDropReason* reason) const;

    /** \return the name of a code (PfhooksDropReason::GetName), "" when it is none of ours */
    std::string GetName(uint32_t code) const;

    /** \return every code given out, in code order */
    const std::vector<PfhooksDropReason>& GetAll() const
    {
        return m_reasons;
    }

  private:
    std::vector<PfhooksDropReason> m_reasons; //!< by code - FIRST_CODE
    std::map<std::tuple<uint32_t, std::string, std::string, std::string>, uint32_t> m_codes;
};

/**
 * \ingroup pfhooks
 * A FlowProbe on one node's pfhooks instance, for IPv4 and IPv6.
 *
 * - A datagram a hook drops (PfhooksIpInstance's Ipv4Drop / Ipv6Drop
 *   traces) is reported to FlowMonitor::ReportDrop at once, with the code
 *   of its hook (PfhooksFlowDropReasons), when it carries FlowMonitor's
 *   packet identity (the byte tag Ipv4FlowProbe / Ipv6FlowProbe put on it
 *   when its source sent it).  The monitor then forgets the packet: it is
 *   lost once, never again at the monitor's timeout.
 * - A datagram net_inject() sends (the Injected trace, result 0) is a new
 *   packet of the flow its header classifies into: reported as sent
 *   (ReportFirstTx) on the injecting node and tagged as FlowMonitor's probes
 *   tag, so that they report its forwarding, delivery or drop.  It was
 *   built from bytes, so no probe has counted it before.
 * - Anything else (ARP, broadcast, datagrams the classifiers do not take,
 *   datagrams without the tag) is left to the kstats and the traces.
 *
 * FlowMonitor's tag classes (ns3::Ipv4FlowProbeTag, ns3::Ipv6FlowProbeTag)
 * are private to their .cc files: the probe finds them by TypeId name
 * among the packet's byte tags, makes one through the TypeId's
 * constructor, and reads and writes them through their serialized form
 * (flow id, packet id, packet size as three 32-bit words, then for IPv4
 * the source and destination addresses): see doc/traces-and-flowmonitor.md.
 */
class PfhooksFlowProbe : public FlowProbe
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId();

    /**
     * Connects to the node's instance.
     * \param monitor the FlowMonitor
     * \param classifier4 its IPv4 classifier
     * \param classifier6 its IPv6 classifier
     * \param node a node with pfhooks installed
     * \param reasons the reason codes shared by the monitor's pfhooks probes
     */
    PfhooksFlowProbe(Ptr<FlowMonitor> monitor,
                     Ptr<Ipv4FlowClassifier> classifier4,
                     Ptr<Ipv6FlowClassifier> classifier6,
                     Ptr<Node> node,
                     Ptr<PfhooksFlowDropReasons> reasons);
    ~PfhooksFlowProbe() override;

    /**
     * Puts a probe on every node of the container that has pfhooks (one
     * call; FlowMonitorHelper::Install may come before or after).
     * \param helper the FlowMonitorHelper whose monitor and classifiers to use
     * \param nodes the nodes
     * \return the reason codes of these probes
     */
    static Ptr<PfhooksFlowDropReasons> Install(FlowMonitorHelper& helper, NodeContainer nodes);

  protected:
    /** Disconnects from the instance's traces. */
    void DoDispose() override;

  private:
    /** Ipv4Drop sink. */
    void Drop4(const Ipv4Header& header,
               Ptr<const Packet> payload,
               Ipv4L3Protocol::DropReason reason,
               Ptr<Ipv4> ipv4,
               uint32_t interface,
               const std::string& event,
               const std::string& hook);
    /** Ipv6Drop sink. */
    void Drop6(const Ipv6Header& header,
               Ptr<const Packet> payload,
               Ipv6L3Protocol::DropReason reason,
               Ptr<Ipv6> ipv6,
               uint32_t interface,
               const std::string& event,
               const std::string& hook);
    /** Injected sink. */
    void Injected(Ptr<const Packet> packet, uint32_t nodeId, int style, int result);

    Ptr<PfhooksIpInstance> m_ip;
    Ptr<Ipv4FlowClassifier> m_classifier4;
    Ptr<Ipv6FlowClassifier> m_classifier6;
    Ptr<PfhooksFlowDropReasons> m_reasons;
    uint32_t m_node;
};

} // namespace ns3

#endif /* PFHOOKS_FLOW_PROBE_H */
