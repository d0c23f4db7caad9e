/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A scenario's flows: the applications that send and receive them, what
 * each flow got, and which flow a packet belongs to (for hook drops).
 */
#ifndef PFHOOKS_SCENARIO_TRAFFIC_H
#define PFHOOKS_SCENARIO_TRAFFIC_H

#include "pfhooks-scenario-ping6.h"
#include "pfhooks-scenario-spec.h"
#include "pfhooks-scenario-topology.h"

#include "ns3/flow-monitor-helper.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/packet-sink.h"
#include "ns3/pfhooks-echo-pinger.h"
#include "ns3/udp-client.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ns3
{

/** The flows of one scenario. */
class ScenarioTraffic
{
  public:
    /** What one flow got. */
    struct Figures
    {
        uint64_t sent{0};      //!< pings, datagrams, or TCP segments of `size` bytes
        uint64_t delivered{0}; //!< replies, datagrams or whole segments received
        uint64_t lost{0};      //!< sent - delivered (ping: numbers without a reply)
        uint64_t hookDrops{0}; //!< its packets dropped at hook points (any hook)
    };

    /**
     * Installs the applications (and FlowMonitor when the scenario asks).
     * \param s the scenario
     * \param net its network
     */
    void Install(const ScenarioSpec& s, const ScenarioNet& net);

    /**
     * \return the flow a datagram (IPv4 or IPv6, header first) belongs to
     *         (either direction), or -1
     */
    int Classify(const uint8_t* bytes, uint32_t len) const;

    /** \return the figures of flow i (after the run) */
    Figures Get(std::size_t i) const;

    /** \return replies per sequence number of ping flow i */
    std::map<uint16_t, uint32_t> Replies(std::size_t i) const;

    /** \return the "flows" report section (JSON text) */
    std::string FlowsJson() const;

    /** \return the "pings" report section (JSON text) */
    std::string PingsJson() const;

  private:
    /// Counts a hook drop (any hook: built-in, C++ or a module's) against
    /// the flow of the datagram, from an instance's Ipv4Drop or Ipv6Drop
    /// trace (Header, DropReason and Ip of that family).
    template <typename Header, typename Reason, typename Ip>
    void Drop(const Header& header,
              Ptr<const Packet> payload,
              Reason,
              Ptr<Ip>,
              uint32_t,
              const std::string&,
              const std::string&)
    {
        Ptr<Packet> p = payload->Copy();
        p->AddHeader(header);
        CountDrop(p);
    }

    /// Counts a dropped datagram, \p p with its IP header.
    void CountDrop(Ptr<Packet> p);

    const ScenarioSpec* m_spec{nullptr};
    const ScenarioNet* m_net{nullptr};
    std::vector<Ptr<PfhooksEchoPinger>> m_ping4;  //!< per flow, or null
    std::vector<Ptr<ScenarioPinger6>> m_ping6;    //!< per flow, or null
    std::vector<Ptr<UdpClient>> m_udp;            //!< per flow, or null
    std::vector<Ptr<PacketSink>> m_sinks;         //!< per flow, or null
    std::map<int, uint64_t> m_hookDrops;          //!< per flow
    std::unique_ptr<FlowMonitorHelper> m_flowmon; //!< when asked for
    Ptr<FlowMonitor> m_monitor;                   //!< its monitor
};

} // namespace ns3

#endif /* PFHOOKS_SCENARIO_TRAFFIC_H */
