/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A scenario's nodes, links and addresses: built from its topology, with
 * IPv4 global routing and IPv6 static routes along shortest paths.
 */
#ifndef PFHOOKS_SCENARIO_TOPOLOGY_H
#define PFHOOKS_SCENARIO_TOPOLOGY_H

#include "pfhooks-scenario-spec.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"

#include <vector>

namespace ns3
{

/** The built network. */
struct ScenarioNet
{
    NodeContainer nodes;                      //!< every node, by index
    std::vector<NetDeviceContainer> devices;  //!< per link, in the link's node order
    std::vector<std::vector<Ipv4Address>> v4; //!< per node: its IPv4 addresses, link order
    std::vector<std::vector<Ipv6Address>> v6; //!< per node: its global IPv6 addresses

    /** \return the node's first IPv4 address (where flows to it go) */
    Ipv4Address Addr4(uint32_t node) const
    {
        return v4[node].front();
    }

    /** \return the node's first global IPv6 address */
    Ipv6Address Addr6(uint32_t node) const
    {
        return v6[node].front();
    }
};

/**
 * Builds nodes, links, internet stacks, addresses and routes.  Link k
 * (in the spec's order) gets 10.(k/250+1).(k%250+1).0/24 and
 * 2001:1:(k+1)::/64; the link's nodes get .1, .2, ... in the link's order (IPv6:
 * interface ids from the MAC, as ns-3's Ipv6AddressHelper makes them).
 * \param s the scenario
 * \return the network
 */
ScenarioNet BuildScenarioNet(const ScenarioSpec& s);

} // namespace ns3

#endif /* PFHOOKS_SCENARIO_TOPOLOGY_H */
