/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-echo-pinger.h"

#include "ns3/icmpv4.h"
#include "ns3/inet-socket-address.h"
#include "ns3/ipv4-header.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pfhooks-datagram-check.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <vector>

NS_LOG_COMPONENT_DEFINE("PfhooksEchoPinger");

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(PfhooksEchoPinger);

TypeId
PfhooksEchoPinger::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PfhooksEchoPinger")
            .SetParent<Application>()
            .SetGroupName("Pfhooks")
            .AddConstructor<PfhooksEchoPinger>()
            .AddAttribute("Remote",
                          "The address to ping.",
                          Ipv4AddressValue(),
                          MakeIpv4AddressAccessor(&PfhooksEchoPinger::m_remote),
                          MakeIpv4AddressChecker())
            .AddAttribute("Interval",
                          "Time between two requests.",
                          TimeValue(Seconds(1)),
                          MakeTimeAccessor(&PfhooksEchoPinger::m_interval),
                          MakeTimeChecker())
            .AddAttribute("Size",
                          "Bytes of data after the ICMP header.",
                          UintegerValue(56),
                          MakeUintegerAccessor(&PfhooksEchoPinger::m_size),
                          MakeUintegerChecker<uint32_t>(0, 65000))
            .AddAttribute("Count",
                          "Requests to send (0: until the application stops).",
                          UintegerValue(0),
                          MakeUintegerAccessor(&PfhooksEchoPinger::m_count),
                          MakeUintegerChecker<uint32_t>())
            .AddAttribute("Identifier",
                          "The ICMP identifier of the requests.",
                          UintegerValue(16652),
                          MakeUintegerAccessor(&PfhooksEchoPinger::m_id),
                          MakeUintegerChecker<uint16_t>())
            .AddTraceSource("Reply",
                            "An echo reply arrived (sequence, source, nth reply to it).",
                            MakeTraceSourceAccessor(&PfhooksEchoPinger::m_replyTrace),
                            "ns3::PfhooksEchoPinger::ReplyTracedCallback");
    return tid;
}

PfhooksEchoPinger::PfhooksEchoPinger() = default;

void
PfhooksEchoPinger::StartApplication()
{
    NS_LOG_FUNCTION(this);
    m_socket = Socket::CreateSocket(GetNode(), TypeId::LookupByName("ns3::Ipv4RawSocketFactory"));
    m_socket->SetAttribute("Protocol", UintegerValue(1)); // ICMP
    m_socket->SetRecvCallback(MakeCallback(&PfhooksEchoPinger::Receive, this));
    Send();
}

void
PfhooksEchoPinger::StopApplication()
{
    NS_LOG_FUNCTION(this);
    m_next.Cancel();
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
}

void
PfhooksEchoPinger::Send()
{
    NS_LOG_FUNCTION(this);
    auto seq = static_cast<uint16_t>(m_sent);
    // Payload bytes as ping fills them: 0, 1, 2, ...
    std::vector<uint8_t> data(m_size);
    for (uint32_t i = 0; i < m_size; ++i)
    {
        data[i] = static_cast<uint8_t>(i);
    }
    Icmpv4Echo echo;
    echo.SetIdentifier(m_id);
    echo.SetSequenceNumber(seq);
    echo.SetData(Create<Packet>(data.data(), m_size));
    Ptr<Packet> p = Create<Packet>();
    p->AddHeader(echo);
    Icmpv4Header h;
    h.SetType(Icmpv4Header::ICMPV4_ECHO);
    h.SetCode(0);
    if (Node::ChecksumEnabled())
    {
        h.EnableChecksum();
    }
    p->AddHeader(h);
    // Recorded first: a ping of the node's own address is answered
    // through the loopback within SendTo.
    m_seqs[seq].sent = Simulator::Now();
    ++m_sent;
    m_socket->SendTo(p, 0, InetSocketAddress(m_remote, 0));
    if (m_count == 0 || m_sent < m_count)
    {
        m_next = Simulator::Schedule(m_interval, &PfhooksEchoPinger::Send, this);
    }
}

void
PfhooksEchoPinger::Receive(Ptr<Socket> socket)
{
    NS_LOG_FUNCTION(this << socket);
    Address from;
    std::vector<uint8_t> bytes;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        // A raw socket gets any ICMP datagram: ns-3's headers read past a
        // short one, so it passes the check hooks' rewrites pass first.
        bytes.resize(p->GetSize());
        p->CopyData(bytes.data(), bytes.size());
        if (const char* why =
                PfhooksDatagramCheck::CheckForStack(PFH_INET, bytes.data(), bytes.size()))
        {
            NS_LOG_WARN("ignored a datagram: " << why);
            continue;
        }
        Ipv4Header ip;
        p->RemoveHeader(ip);
        Icmpv4Header icmp;
        p->RemoveHeader(icmp);
        if (icmp.GetType() != Icmpv4Header::ICMPV4_ECHO_REPLY)
        {
            continue;
        }
        Icmpv4Echo echo;
        p->RemoveHeader(echo);
        if (echo.GetIdentifier() != m_id)
        {
            continue;
        }
        auto it = m_seqs.find(echo.GetSequenceNumber());
        if (it == m_seqs.end())
        {
            NS_LOG_WARN("reply to sequence " << echo.GetSequenceNumber() << " never sent");
            continue;
        }
        ++m_replies;
        uint32_t nth = ++it->second.replies;
        NS_LOG_INFO("reply " << nth << " to seq " << it->first << " from " << ip.GetSource());
        m_replyTrace(it->first, ip.GetSource(), nth);
    }
}

} // namespace ns3
