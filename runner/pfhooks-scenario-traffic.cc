/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-scenario-traffic.h"

#include "ns3/applications-module.h"
#include "ns3/internet-module.h"
#include "ns3/ipv4-flow-classifier.h"
#include "ns3/ipv6-flow-classifier.h"
#include "ns3/pfhooks-ip-instance.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

namespace ns3
{
namespace
{

/// Echo identifier of ping flow i: each raw socket of a node hears every reply.
uint16_t
PingId(std::size_t i)
{
    return static_cast<uint16_t>(0x5c00 + i);
}

} // namespace

void
ScenarioTraffic::Install(const ScenarioSpec& s, const ScenarioNet& net)
{
    m_spec = &s;
    m_net = &net;
    std::size_t n = s.flows.size();
    m_ping4.resize(n);
    m_ping6.resize(n);
    m_udp.resize(n);
    m_sinks.resize(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        const ScenarioFlowSpec& f = s.flows[i];
        Ptr<Node> from = net.nodes.Get(f.from);
        Ptr<Node> to = net.nodes.Get(f.to);
        Address remote = f.v6 ? Address(net.Addr6(f.to)) : Address(net.Addr4(f.to));
        if (f.kind == "ping" && !f.v6)
        {
            Ptr<PfhooksEchoPinger> p = CreateObject<PfhooksEchoPinger>();
            p->SetAttribute("Remote", Ipv4AddressValue(net.Addr4(f.to)));
            p->SetAttribute("Count", UintegerValue(f.count));
            p->SetAttribute("Interval", TimeValue(Seconds(f.interval)));
            p->SetAttribute("Size", UintegerValue(f.size));
            p->SetAttribute("Identifier", UintegerValue(PingId(i)));
            from->AddApplication(p);
            p->SetStartTime(Seconds(f.start));
            m_ping4[i] = p;
        }
        else if (f.kind == "ping")
        {
            Ptr<ScenarioPinger6> p = CreateObject<ScenarioPinger6>();
            p->Configure(net.Addr6(f.to), f.count, Seconds(f.interval), f.size, PingId(i));
            from->AddApplication(p);
            p->SetStartTime(Seconds(f.start));
            m_ping6[i] = p;
        }
        else
        {
            std::string factory =
                f.kind == "udp" ? "ns3::UdpSocketFactory" : "ns3::TcpSocketFactory";
            Address any = f.v6 ? Address(Inet6SocketAddress(Ipv6Address::GetAny(), f.port))
                               : Address(InetSocketAddress(Ipv4Address::GetAny(), f.port));
            PacketSinkHelper sink(factory, any);
            ApplicationContainer apps = sink.Install(to);
            apps.Start(Seconds(0));
            m_sinks[i] = DynamicCast<PacketSink>(apps.Get(0));
            if (f.kind == "udp")
            {
                UdpClientHelper client(remote, f.port);
                client.SetAttribute("MaxPackets", UintegerValue(f.count));
                client.SetAttribute("Interval", TimeValue(Seconds(f.interval)));
                client.SetAttribute("PacketSize", UintegerValue(f.size));
                ApplicationContainer c = client.Install(from);
                c.Start(Seconds(f.start));
                m_udp[i] = DynamicCast<UdpClient>(c.Get(0));
            }
            else
            {
                Address dst = f.v6 ? Address(Inet6SocketAddress(net.Addr6(f.to), f.port))
                                   : Address(InetSocketAddress(net.Addr4(f.to), f.port));
                BulkSendHelper bulk(factory, dst);
                bulk.SetAttribute("MaxBytes", UintegerValue(uint64_t(f.count) * f.size));
                bulk.SetAttribute("SendSize", UintegerValue(f.size));
                bulk.Install(from).Start(Seconds(f.start));
            }
        }
    }
    if (s.flowMonitor)
    {
        m_flowmon = std::make_unique<FlowMonitorHelper>();
        m_monitor = m_flowmon->Install(net.nodes);
    }
    // Hook drops by any hook, a module's included, through the drop traces;
    // a node's instance object lasts through its zone's reboots.
    for (uint32_t k = 0; k < net.nodes.GetN(); ++k)
    {
        Ptr<PfhooksIpInstance> ip = net.nodes.Get(k)->GetObject<PfhooksIpInstance>();
        if (ip)
        {
            ip->TraceConnectWithoutContext(
                "Ipv4Drop",
                MakeCallback(&ScenarioTraffic::Drop<Ipv4Header, Ipv4L3Protocol::DropReason, Ipv4>,
                             this));
            ip->TraceConnectWithoutContext(
                "Ipv6Drop",
                MakeCallback(&ScenarioTraffic::Drop<Ipv6Header, Ipv6L3Protocol::DropReason, Ipv6>,
                             this));
        }
    }
}

void
ScenarioTraffic::CountDrop(Ptr<Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    int flow = Classify(b.data(), b.size());
    if (flow >= 0)
    {
        m_hookDrops[flow]++;
    }
}

int
ScenarioTraffic::Classify(const uint8_t* b, uint32_t len) const
{
    if (len < 20)
    {
        return -1;
    }
    bool v6 = (b[0] >> 4) == 6;
    uint32_t hl = v6 ? 40 : (b[0] & 0x0f) * 4u;
    if (len < hl + 8 || (v6 && len < 48))
    {
        return -1;
    }
    int proto = v6 ? b[6] : b[9];
    const uint8_t* src = v6 ? b + 8 : b + 12;
    const uint8_t* dst = v6 ? b + 24 : b + 16;
    uint32_t alen = v6 ? 16 : 4;
    const uint8_t* l4 = b + hl;
    uint16_t sport = static_cast<uint16_t>(l4[0] << 8 | l4[1]);
    uint16_t dport = static_cast<uint16_t>(l4[2] << 8 | l4[3]);
    auto isNode = [&](const uint8_t* a, uint32_t node) {
        uint8_t buf[16];
        if (v6)
        {
            for (const auto& x : m_net->v6[node])
            {
                x.GetBytes(buf);
                if (std::memcmp(a, buf, 16) == 0)
                {
                    return true;
                }
            }
            return false;
        }
        for (const auto& x : m_net->v4[node])
        {
            x.Serialize(buf);
            if (std::memcmp(a, buf, alen) == 0)
            {
                return true;
            }
        }
        return false;
    };
    for (std::size_t i = 0; i < m_spec->flows.size(); ++i)
    {
        const ScenarioFlowSpec& f = m_spec->flows[i];
        if (f.v6 != v6)
        {
            continue;
        }
        if (f.kind == "ping")
        {
            // Echo request and reply carry the identifier at the same place.
            int icmp = v6 ? 58 : 1;
            uint16_t id = static_cast<uint16_t>(l4[4] << 8 | l4[5]);
            if (proto == icmp && id == PingId(i))
            {
                return static_cast<int>(i);
            }
            continue;
        }
        if (proto != (f.kind == "udp" ? 17 : 6))
        {
            continue;
        }
        if ((dport == f.port && isNode(src, f.from) && isNode(dst, f.to)) ||
            (sport == f.port && isNode(src, f.to) && isNode(dst, f.from)))
        {
            return static_cast<int>(i);
        }
    }
    return -1;
}

ScenarioTraffic::Figures
ScenarioTraffic::Get(std::size_t i) const
{
    const ScenarioFlowSpec& f = m_spec->flows[i];
    Figures r;
    auto it = m_hookDrops.find(static_cast<int>(i));
    r.hookDrops = it == m_hookDrops.end() ? 0 : it->second;
    if (f.kind == "ping")
    {
        for (const auto& [seq, n] : Replies(i))
        {
            r.sent++;
            r.delivered += n;
            r.lost += n == 0;
        }
        return r;
    }
    uint64_t rxBytes = m_sinks[i]->GetTotalRx();
    r.sent = f.kind == "udp" ? m_udp[i]->GetTotalTx() / f.size : f.count;
    r.delivered = rxBytes / f.size;
    r.lost = r.sent > r.delivered ? r.sent - r.delivered : 0;
    return r;
}

std::map<uint16_t, uint32_t>
ScenarioTraffic::Replies(std::size_t i) const
{
    std::map<uint16_t, uint32_t> out;
    if (m_ping4[i])
    {
        for (const auto& [seq, sq] : m_ping4[i]->GetSequences())
        {
            out[seq] = sq.replies;
        }
    }
    else if (m_ping6[i])
    {
        out = m_ping6[i]->GetReplies();
    }
    return out;
}

std::string
ScenarioTraffic::FlowsJson() const
{
    nlohmann::json flows = nlohmann::json::array();
    if (m_monitor)
    {
        m_monitor->CheckForLostPackets();
    }
    for (std::size_t i = 0; i < m_spec->flows.size(); ++i)
    {
        const ScenarioFlowSpec& f = m_spec->flows[i];
        Figures g = Get(i);
        nlohmann::json j = {{"name", f.name},
                            {"kind", f.kind},
                            {"family", f.v6 ? "inet6" : "inet"},
                            {"from", m_spec->nodeNames[f.from]},
                            {"to", m_spec->nodeNames[f.to]},
                            {"tx", g.sent},
                            {"rx", g.delivered},
                            {"lost", g.lost},
                            {"hook_drops", g.hookDrops}};
        if (m_monitor && f.kind != "ping")
        {
            // FlowMonitor's figures of the flow's forward direction.
            uint64_t tx = 0, rx = 0, lost = 0, txb = 0, rxb = 0;
            int proto = f.kind == "udp" ? 17 : 6;
            for (const auto& [id, st] : m_monitor->GetFlowStats())
            {
                bool match = false;
                if (!f.v6)
                {
                    auto c = DynamicCast<Ipv4FlowClassifier>(m_flowmon->GetClassifier());
                    Ipv4FlowClassifier::FiveTuple t = c->FindFlow(id);
                    match = t.protocol == proto && t.destinationPort == f.port &&
                            t.destinationAddress == m_net->Addr4(f.to);
                }
                else
                {
                    auto c = DynamicCast<Ipv6FlowClassifier>(m_flowmon->GetClassifier6());
                    Ipv6FlowClassifier::FiveTuple t = c->FindFlow(id);
                    match = t.protocol == proto && t.destinationPort == f.port &&
                            t.destinationAddress == m_net->Addr6(f.to);
                }
                if (match)
                {
                    tx += st.txPackets;
                    rx += st.rxPackets;
                    lost += st.lostPackets;
                    txb += st.txBytes;
                    rxb += st.rxBytes;
                }
            }
            j["flowmon"] = {{"tx_packets", tx},
                            {"rx_packets", rx},
                            {"lost_packets", lost},
                            {"tx_bytes", txb},
                            {"rx_bytes", rxb}};
        }
        flows.push_back(j);
    }
    return flows.dump();
}

std::string
ScenarioTraffic::PingsJson() const
{
    nlohmann::json pings = nlohmann::json::array();
    for (std::size_t i = 0; i < m_spec->flows.size(); ++i)
    {
        if (m_spec->flows[i].kind != "ping")
        {
            continue;
        }
        nlohmann::json replies = nlohmann::json::array();
        for (const auto& [seq, n] : Replies(i))
        {
            replies.push_back(n);
        }
        pings.push_back(
            {{"name", m_spec->flows[i].name}, {"sent", Get(i).sent}, {"replies", replies}});
    }
    return pings.dump();
}

} // namespace ns3
