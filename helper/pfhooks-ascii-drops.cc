/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-ascii-drops.h"

#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/pfhooks-ip-instance.h"
#include "ns3/simulator.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksAsciiDrops");

namespace
{

/** One `d` line: as ns-3's drop sinks write them, the context naming the hook. */
template <typename HeaderT>
void
WriteDrop(const Ptr<OutputStreamWrapper>& stream,
          const std::string& context,
          const HeaderT& header,
          const Ptr<const Packet>& payload,
          const std::string& event,
          const std::string& hook)
{
    Ptr<Packet> p = payload->Copy();
    p->AddHeader(header);
    *stream->GetStream() << "d " << Simulator::Now().GetSeconds() << " " << context << "/" << event
                         << "/" << (hook.empty() ? "<pfhooks>" : hook) << " " << *p << std::endl;
}

void
Drop4(Ptr<OutputStreamWrapper> stream,
      std::string context,
      const Ipv4Header& header,
      Ptr<const Packet> payload,
      Ipv4L3Protocol::DropReason,
      Ptr<Ipv4>,
      uint32_t,
      const std::string& event,
      const std::string& hook)
{
    WriteDrop(stream, context, header, payload, event, hook);
}

void
Drop6(Ptr<OutputStreamWrapper> stream,
      std::string context,
      const Ipv6Header& header,
      Ptr<const Packet> payload,
      Ipv6L3Protocol::DropReason,
      Ptr<Ipv6>,
      uint32_t,
      const std::string& event,
      const std::string& hook)
{
    WriteDrop(stream, context, header, payload, event, hook);
}

} // namespace

uint32_t
PfhooksAsciiDrops::Enable(Ptr<OutputStreamWrapper> stream, NodeContainer nodes)
{
    NS_LOG_FUNCTION(stream);
    NS_ABORT_MSG_IF(!stream, "PfhooksAsciiDrops::Enable: no stream");
    uint32_t n = 0;
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        Ptr<PfhooksIpInstance> ip = (*it)->GetObject<PfhooksIpInstance>();
        if (!ip)
        {
            continue;
        }
        // The context Config::Connect would pass, for the same path.
        std::ostringstream path;
        path << "/NodeList/" << (*it)->GetId() << "/$ns3::PfhooksIpInstance/";
        ip->TraceConnect("Ipv4Drop", path.str() + "Ipv4Drop", MakeBoundCallback(&Drop4, stream));
        ip->TraceConnect("Ipv6Drop", path.str() + "Ipv6Drop", MakeBoundCallback(&Drop6, stream));
        n++;
    }
    return n;
}

} // namespace ns3
