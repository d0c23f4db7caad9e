/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Interfaces keep the wrapper for the node's whole life, while the tap may
 * go first: the wrapper then passes everything to the real layer.
 */
#include "pfhooks-tc-wrapper.h"

#include "pfhooks-ip-instance.h"
#include "pfhooks-node-tap.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksTcWrapper");
NS_OBJECT_ENSURE_REGISTERED(PfhooksTrafficControl);

TypeId
PfhooksTrafficControl::GetTypeId()
{
    static TypeId tid = TypeId("ns3::PfhooksTrafficControl")
                            .SetParent<TrafficControlLayer>()
                            .SetGroupName("Pfhooks");
    return tid;
}

void
PfhooksTrafficControl::SetTap(PfhooksNodeTap* tap, Ptr<TrafficControlLayer> real)
{
    NS_LOG_FUNCTION(this << tap << real);
    m_tap = tap;
    m_real = real;
}

void
PfhooksTrafficControl::Send(Ptr<NetDevice> device, Ptr<QueueDiscItem> item)
{
    if (m_tap != nullptr)
    {
        m_tap->Send(device, item);
    }
    else if (m_real)
    {
        m_real->Send(device, item);
    }
}

void
PfhooksTrafficControl::Receive(Ptr<NetDevice> device,
                               Ptr<const Packet> p,
                               uint16_t protocol,
                               const Address& from,
                               const Address& to,
                               NetDevice::PacketType packetType)
{
    if (m_tap != nullptr)
    {
        m_tap->LocalReceive(device, p, protocol, from, to, packetType);
    }
    else if (m_real)
    {
        m_real->Receive(device, p, protocol, from, to, packetType);
    }
}

void
PfhooksTrafficControl::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_tap = nullptr;
    m_real = nullptr;
    TrafficControlLayer::DoDispose();
}

} // namespace ns3
