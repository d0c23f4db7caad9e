/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Hooks may leave any bytes: a rewrite goes on only when it is a whole
 * datagram of its family, else it is dropped and reported here, the one
 * place every seam's rewrite passes.
 */
#include "pfhooks-seam-runner.h"

#include "pfhooks-ip-instance.h"
#include "pfhooks-node-tap.h"

#include "ns3/log.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksSeamRunner");

PfhooksSeamRunner::PfhooksSeamRunner() = default;
PfhooksSeamRunner::~PfhooksSeamRunner() = default;

void
PfhooksSeamRunner::SetInstance(PfhooksIpInstance* ip)
{
    NS_LOG_FUNCTION(this << ip);
    m_ip = ip;
    // A stopped instance keeps no message.
    m_spare.Drop();
    m_observeSpares.Drop();
}

void
PfhooksSeamRunner::Notify(PfhooksFamily f,
                          PfhooksEvent e,
                          Ptr<const Packet> datagram,
                          PfhooksSeamOutcome o,
                          phy_if_t ifp,
                          phy_if_t ofp)
{
    PfhooksVerdict v = o == PFH_SEAM_DROP      ? PFH_DROP
                       : o == PFH_SEAM_REWRITE ? PFH_REWRITE
                                               : PFH_ACCEPT;
    m_ip->NotifySeam(f, e, datagram, v, ifp, ofp);
}

PfhooksSeamOutcome
PfhooksSeamRunner::RunHooks(PfhooksFamily f,
                            PfhooksEvent e,
                            uint32_t len,
                            phy_if_t ifp,
                            phy_if_t ofp,
                            int flags,
                            PacketHookBytes bytes,
                            std::size_t* changeEnd)
{
    PfhooksVerdict v =
        m_ip->RunPacketEvent(f, e, bytes, len, ifp, ofp, flags, &m_out, true, &m_spare, changeEnd);
    if (v == PFH_ACCEPT)
    {
        return PFH_SEAM_ACCEPT;
    }
    if (v == PFH_DROP)
    {
        return PFH_SEAM_DROP;
    }
    // IPv6: some shapes are judged against the link the datagram is on.
    PfhooksTransportCheck::Link link;
    if (f == PFH_INET6 && m_ip->GetTap())
    {
        link = {m_ip->GetTap()->GetIpv6(), m_ip->DeviceOf(ifp != 0 ? ifp : ofp)};
    }
    if (const char* why = PfhooksDatagramCheck::CheckForStack(f, m_out.data(), m_out.size(), &link))
    {
        m_ip->ReportDrop(f, e, why, m_out.size());
        return PFH_SEAM_DROP;
    }
    return PFH_SEAM_REWRITE;
}

} // namespace ns3
