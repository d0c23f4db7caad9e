/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "observe-hook.h"

#include "ns3/log.h"

#include <cstring>
#include <netinet/in.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksObserveHook");

ObservedPacket::ObservedPacket(const hook_pkt_observe_t* hdr)
    : m_hdr(hdr)
{
}

ipobs_hook_type_t
ObservedPacket::GetDirection() const
{
    return static_cast<ipobs_hook_type_t>(ntohs(m_hdr->hpo_htype));
}

int
ObservedPacket::GetAddressFamily() const
{
    return m_hdr->hpo_family;
}

phy_if_t
ObservedPacket::GetInterface() const
{
    return ntohl(m_hdr->hpo_ifindex);
}

zoneid_t
ObservedPacket::GetSourceZone() const
{
    return static_cast<zoneid_t>(ntohl(m_hdr->hpo_zsrc));
}

zoneid_t
ObservedPacket::GetDestinationZone() const
{
    return static_cast<zoneid_t>(ntohl(m_hdr->hpo_zdst));
}

const uint8_t*
ObservedPacket::GetBytes() const
{
    // The framework puts the datagram in one block behind the header's.
    const mblk_t* pkt = m_hdr->hpo_pkt->b_cont;
    return pkt != nullptr ? pkt->b_rptr : nullptr;
}

uint32_t
ObservedPacket::GetSize() const
{
    return ntohl(m_hdr->hpo_pktlen);
}

ObserveSpareMessages::~ObserveSpareMessages()
{
    if (m_kept != nullptr)
    {
        pfhooks_msg_spare_fini(&m_kept[0]);
        pfhooks_msg_spare_fini(&m_kept[1]);
        delete[] m_kept;
    }
}

mblk_t*
ObserveSpareMessages::Take(size_t size)
{
    if (m_kept != nullptr)
    {
        if (mblk_t* imp = pfhooks_msg_reuse_pair(m_kept, sizeof(hook_pkt_observe_t), size))
        {
            return imp;
        }
    }
    mblk_t* pkt = allocb(size, BPRI_MED);
    mblk_t* imp = allocb(sizeof(hook_pkt_observe_t), BPRI_HI);
    if (pkt == nullptr || imp == nullptr)
    {
        freemsg(pkt);
        freemsg(imp);
        return nullptr;
    }
    imp->b_cont = pkt;
    return imp;
}

void
ObserveSpareMessages::Give(mblk_t* imp)
{
    if (m_kept == nullptr)
    {
        m_kept = new pfhooks_msg_spare_t[2];
        pfhooks_msg_spare_init(&m_kept[0]);
        pfhooks_msg_spare_init(&m_kept[1]);
    }
    if (pfhooks_msg_keep_pair(m_kept, imp) == 0)
    {
        freemsg(imp);
    }
}

void
ObserveSpareMessages::Drop()
{
    if (m_kept != nullptr)
    {
        pfhooks_msg_spare_drop(&m_kept[0]);
        pfhooks_msg_spare_drop(&m_kept[1]);
    }
}

namespace
{

/// What a C++ observing hook keeps alive while registered.
struct CxxObserver
{
    ObserveHookCallback cb;
    std::string name;
    std::string hintValue;
};

int
ObserveTrampoline(hook_event_token_t, hook_data_t data, void* arg)
{
    ObservedPacket pkt(reinterpret_cast<const hook_pkt_observe_t*>(data));
    static_cast<CxxObserver*>(arg)->cb(pkt);
    return 0;
}

} // namespace

void
MakeObserveHook(const std::string& name,
                ObserveHookCallback cb,
                hook_hint_t hint,
                const std::string& hintValue,
                hook_t* hook,
                std::shared_ptr<void>* storage)
{
    NS_LOG_FUNCTION(name << hint << hintValue);
    auto h = std::make_shared<CxxObserver>();
    h->cb = cb;
    h->name = name;
    h->hintValue = hintValue;
    std::memset(hook, 0, sizeof(*hook));
    hook->h_version = HOOK_VERSION;
    hook->h_func = &ObserveTrampoline;
    hook->h_name = &h->name[0];
    hook->h_hint = hint;
    hook->h_hintvalue = reinterpret_cast<uintptr_t>(h->hintValue.c_str());
    hook->h_arg = h.get();
    *storage = h;
}

} // namespace ns3
