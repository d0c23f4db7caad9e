/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3's ASCII traces write Ipv4L3Protocol's and Ipv6L3Protocol's drops as
 * `d` lines; a hook's drop never reaches those traces, so this writer puts
 * it into the same stream, in the same form.
 */
#ifndef PFHOOKS_ASCII_DROPS_H
#define PFHOOKS_ASCII_DROPS_H

#include "ns3/node-container.h"
#include "ns3/output-stream-wrapper.h"

namespace ns3
{

/**
 * \ingroup pfhooks
 * Writes the datagrams hooks drop as `d` lines of an ASCII trace:
 *
 *     d TIME /NodeList/N/$ns3::PfhooksIpInstance/Ipv4Drop/EVENT/HOOK PACKET
 *
 * TIME in seconds and PACKET (the datagram, header first) printed as ns-3's
 * own `d` lines print them; HOOK is "<pfhooks>" when pfhooks itself
 * dropped the datagram.  IPv6 drops say Ipv6Drop.
 */
class PfhooksAsciiDrops
{
  public:
    /**
     * Connects the writer to the Ipv4Drop and Ipv6Drop traces of every node
     * of the container that has pfhooks.
     * \param stream the trace stream (e.g. AsciiTraceHelper::CreateFileStream,
     *        the same one given to ns-3's EnableAsciiAll)
     * \param nodes the nodes
     * \return the number of nodes connected
     */
    static uint32_t Enable(Ptr<OutputStreamWrapper> stream, NodeContainer nodes);
};

} // namespace ns3

#endif /* PFHOOKS_ASCII_DROPS_H */
