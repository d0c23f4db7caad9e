/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-scenario-topology.h"

#include "ns3/config.h"
#include "ns3/csma-module.h"
#include "ns3/internet-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/point-to-point-module.h"
#include "ns3/string.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <utility>

namespace ns3
{
namespace
{

/// IPv6 routes along shortest paths (ns-3 has no global routing for IPv6).
void
RouteIpv6(const ScenarioSpec& s, const ScenarioNet& net)
{
    uint32_t n = net.nodes.GetN();
    // adjacency: node -> (link, neighbour)
    std::vector<std::vector<std::pair<uint32_t, uint32_t>>> adj(n);
    for (uint32_t k = 0; k < s.links.size(); ++k)
    {
        for (uint32_t a : s.links[k].nodes)
        {
            for (uint32_t b : s.links[k].nodes)
            {
                if (a != b)
                {
                    adj[a].emplace_back(k, b);
                }
            }
        }
    }
    auto addrOn = [&](uint32_t node, uint32_t link) {
        const auto& ns = s.links[link].nodes;
        for (uint32_t i = 0; i < ns.size(); ++i)
        {
            if (ns[i] == node)
            {
                return std::make_pair(i, net.devices[link].Get(i));
            }
        }
        return std::make_pair(0u, Ptr<NetDevice>());
    };
    Ipv6StaticRoutingHelper helper;
    for (uint32_t src = 0; src < n; ++src)
    {
        Ptr<Ipv6> ipv6 = net.nodes.Get(src)->GetObject<Ipv6>();
        if (adj[src].size() > 1)
        {
            for (uint32_t i = 1; i < ipv6->GetNInterfaces(); ++i)
            {
                ipv6->SetForwarding(i, true);
            }
        }
        // BFS; first[v] = the (link, neighbour) of src that starts the path to v.
        std::vector<int64_t> dist(n, -1);
        std::vector<std::pair<uint32_t, uint32_t>> first(n);
        std::deque<uint32_t> q{src};
        dist[src] = 0;
        while (!q.empty())
        {
            uint32_t u = q.front();
            q.pop_front();
            for (const auto& [link, v] : adj[u])
            {
                if (dist[v] < 0)
                {
                    dist[v] = dist[u] + 1;
                    first[v] = u == src ? std::make_pair(link, v) : first[u];
                    q.push_back(v);
                }
            }
        }
        Ptr<Ipv6StaticRouting> routing = helper.GetStaticRouting(ipv6);
        for (uint32_t k = 0; k < s.links.size(); ++k)
        {
            int64_t best = -1;
            uint32_t via = 0;
            for (uint32_t w : s.links[k].nodes)
            {
                if (w == src)
                {
                    best = -1;
                    break;
                }
                if (dist[w] > 0 && (best < 0 || dist[w] < best))
                {
                    best = dist[w];
                    via = w;
                }
            }
            if (best < 0)
            {
                continue; // on the link, or no path
            }
            auto [link, hop] = first[via];
            Ptr<NetDevice> myDev = addrOn(src, link).second;
            // The hop's address on that link: its addresses are in link order.
            Ipv6Address nextHop = net.v6[hop][0];
            for (uint32_t j = 0, seen = 0; j < s.links.size(); ++j)
            {
                const auto& ns = s.links[j].nodes;
                if (std::find(ns.begin(), ns.end(), hop) != ns.end())
                {
                    if (j == link)
                    {
                        nextHop = net.v6[hop][seen];
                        break;
                    }
                    ++seen;
                }
            }
            char prefix[40];
            std::snprintf(prefix, sizeof(prefix), "2001:1:%x::", k + 1);
            routing->AddNetworkRouteTo(Ipv6Address(prefix),
                                       Ipv6Prefix(64),
                                       nextHop,
                                       ipv6->GetInterfaceForDevice(myDev));
        }
    }
}

} // namespace

ScenarioNet
BuildScenarioNet(const ScenarioSpec& s)
{
    ScenarioNet net;
    uint32_t n = s.nodeNames.size();
    net.nodes.Create(n);
    net.v4.resize(n);
    net.v6.resize(n);
    // No duplicate address detection: addresses are usable at once, and
    // the run has no DAD timers that would shift every event.
    Config::SetDefault("ns3::Icmpv6L4Protocol::DAD", BooleanValue(false));
    InternetStackHelper stack;
    PfhooksHelper::ConfigureStack(stack);
    stack.Install(net.nodes);
    Ipv4AddressHelper addr4;
    Ipv6AddressHelper addr6;
    for (uint32_t k = 0; k < s.links.size(); ++k)
    {
        const ScenarioLinkSpec& l = s.links[k];
        NodeContainer members;
        for (uint32_t i : l.nodes)
        {
            members.Add(net.nodes.Get(i));
        }
        NetDeviceContainer devs;
        if (l.type == "p2p")
        {
            PointToPointHelper p2p;
            p2p.SetDeviceAttribute("DataRate", StringValue(l.rate));
            p2p.SetChannelAttribute("Delay", StringValue(l.delay));
            devs = p2p.Install(members);
        }
        else
        {
            CsmaHelper csma;
            csma.SetChannelAttribute("DataRate", StringValue(l.rate));
            csma.SetChannelAttribute("Delay", StringValue(l.delay));
            devs = csma.Install(members);
        }
        net.devices.push_back(devs);
        if (s.ipv4)
        {
            char base[32];
            std::snprintf(base, sizeof(base), "10.%u.%u.0", k / 250 + 1, k % 250 + 1);
            addr4.SetBase(base, "255.255.255.0");
            Ipv4InterfaceContainer ifs = addr4.Assign(devs);
            for (uint32_t i = 0; i < l.nodes.size(); ++i)
            {
                net.v4[l.nodes[i]].push_back(ifs.GetAddress(i));
            }
        }
        if (s.ipv6)
        {
            char base[40];
            std::snprintf(base, sizeof(base), "2001:1:%x::", k + 1);
            addr6.SetBase(Ipv6Address(base), Ipv6Prefix(64));
            Ipv6InterfaceContainer ifs = addr6.Assign(devs);
            for (uint32_t i = 0; i < l.nodes.size(); ++i)
            {
                net.v6[l.nodes[i]].push_back(ifs.GetAddress(i, 1));
            }
        }
    }
    if (s.ipv4)
    {
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    if (s.ipv6)
    {
        RouteIpv6(s, net);
    }
    return net;
}

} // namespace ns3
