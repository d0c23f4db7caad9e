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

#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksSeamRunner");

PfhooksSeamRunner::PfhooksSeamRunner() = default;
PfhooksSeamRunner::~PfhooksSeamRunner() = default;

void
PfhooksSeamRunner::Scope::SetAside()
{
    m_aside = std::make_unique<Aside>();
    m_aside->scratch.swap(m_runner->m_scratch);
    m_aside->out.swap(m_runner->m_out);
}

void
PfhooksSeamRunner::Scope::GiveBack()
{
    m_aside->scratch.swap(m_runner->m_scratch);
    m_aside->out.swap(m_runner->m_out);
}

void
PfhooksSeamRunner::SetInstance(PfhooksIpInstance* ip)
{
    NS_LOG_FUNCTION(this << ip);
    m_ip = ip;
    // A stopped instance keeps no message.
    m_spare.Drop();
    m_observeSpares.Drop();
    m_rebuilt = nullptr;
    m_sent = nullptr;
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

bool
PfhooksSeamRunner::HeaderFieldsOnly(PfhooksFamily f,
                                    const uint8_t* before,
                                    uint32_t len,
                                    std::size_t changeEnd) const
{
    if (changeEnd == kRewriteEndUnknown || m_out.size() != len)
    {
        return false;
    }
    const uint8_t* after = m_out.data();
    if (f == PFH_INET)
    {
        // TOS, identification, TTL, checksum, addresses: the transport
        // check reads the version and header length, the total length, the
        // fragment fields and the protocol.
        return len >= 20 && changeEnd <= 20 && before[0] == after[0] &&
               std::memcmp(before + 2, after + 2, 2) == 0 &&
               std::memcmp(before + 6, after + 6, 2) == 0 && before[9] == after[9];
    }
    if (f == PFH_INET6)
    {
        // Traffic class, flow label, hop limit: the check reads the
        // payload length, the next header and both addresses.
        return len >= 40 && changeEnd <= 40 && std::memcmp(before + 4, after + 4, 3) == 0 &&
               std::memcmp(before + 8, after + 8, 32) == 0;
    }
    return false;
}

PfhooksSeamOutcome
PfhooksSeamRunner::JudgeOtherRewrite(PfhooksFamily f,
                                     PfhooksEvent e,
                                     uint32_t len,
                                     phy_if_t ifp,
                                     phy_if_t ofp,
                                     PacketHookBytes bytes,
                                     std::size_t changeEnd)
{
    if (HeaderFieldsOnly(f, bytes(), len, changeEnd))
    {
        // The transport is as it came, and so is every field the transport
        // check reads: it would judge the datagram the hooks were given,
        // which goes on unchecked when they accept it (ns-3's, or shown
        // after the IP-level checks).  Those still run, but for IPv4's:
        // they read the version, header length and total length, which
        // are as they came, and what came passed them (or ns-3 built it).
        if (f == PFH_INET)
        {
            return PFH_SEAM_REWRITE;
        }
        if (const char* why = PfhooksDatagramCheck::Check(f, m_out.data(), len))
        {
            m_ip->ReportDrop(f, e, why, len);
            return PFH_SEAM_DROP;
        }
        return PFH_SEAM_REWRITE;
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
