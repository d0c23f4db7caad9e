/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-scenario-ping6.h"

#include "ns3/icmpv6-header.h"
#include "ns3/icmpv6-l4-protocol.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv6-header.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/uinteger.h"

#include <vector>

namespace ns3
{

NS_OBJECT_ENSURE_REGISTERED(ScenarioPinger6);

TypeId
ScenarioPinger6::GetTypeId()
{
    static TypeId tid = TypeId("ns3::ScenarioPinger6")
                            .SetParent<Application>()
                            .SetGroupName("Pfhooks")
                            .AddConstructor<ScenarioPinger6>();
    return tid;
}

void
ScenarioPinger6::Configure(Ipv6Address remote,
                           uint32_t count,
                           Time interval,
                           uint32_t size,
                           uint16_t id)
{
    m_remote = remote;
    m_count = count;
    m_interval = interval;
    m_size = size;
    m_id = id;
}

void
ScenarioPinger6::StartApplication()
{
    m_socket = Socket::CreateSocket(GetNode(), TypeId::LookupByName("ns3::Ipv6RawSocketFactory"));
    m_socket->SetAttribute("Protocol", UintegerValue(Icmpv6L4Protocol::GetStaticProtocolNumber()));
    m_socket->SetRecvCallback(MakeCallback(&ScenarioPinger6::Receive, this));
    Send();
}

void
ScenarioPinger6::StopApplication()
{
    m_next.Cancel();
    if (m_socket)
    {
        m_socket->Close();
        m_socket->SetRecvCallback(MakeNullCallback<void, Ptr<Socket>>());
        m_socket = nullptr;
    }
}

void
ScenarioPinger6::Send()
{
    auto seq = static_cast<uint16_t>(m_sent);
    std::vector<uint8_t> data(m_size);
    for (uint32_t i = 0; i < m_size; ++i)
    {
        data[i] = static_cast<uint8_t>(i);
    }
    Ptr<Packet> p = Create<Packet>(data.data(), m_size);
    // The raw socket fills in the checksum, once it knows the source.
    Icmpv6Echo echo(true);
    echo.SetId(m_id);
    echo.SetSeq(seq);
    p->AddHeader(echo);
    // Recorded first: a ping of the node's own address is answered
    // through the loopback within SendTo.
    m_replies.emplace(seq, 0);
    ++m_sent;
    m_socket->SendTo(p, 0, Inet6SocketAddress(m_remote, 0));
    if (m_sent < m_count)
    {
        m_next = Simulator::Schedule(m_interval, &ScenarioPinger6::Send, this);
    }
}

void
ScenarioPinger6::Receive(Ptr<Socket> socket)
{
    Address from;
    while (Ptr<Packet> p = socket->RecvFrom(from))
    {
        uint8_t first = 0;
        p->CopyData(&first, 1);
        if ((first >> 4) == 6) // the raw socket may hand up the IPv6 header
        {
            Ipv6Header ip;
            p->RemoveHeader(ip);
        }
        Icmpv6Header icmp;
        p->PeekHeader(icmp);
        if (icmp.GetType() != Icmpv6Header::ICMPV6_ECHO_REPLY)
        {
            continue;
        }
        Icmpv6Echo echo(false);
        p->RemoveHeader(echo);
        auto it = m_replies.find(echo.GetSeq());
        if (echo.GetId() == m_id && it != m_replies.end())
        {
            ++it->second;
        }
    }
}

} // namespace ns3
