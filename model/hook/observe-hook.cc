/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "observe-hook.h"

#include "ns3/log.h"

#include <cstddef>
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

const hook_pkt_observe_t*
ObservedPacket::GetRaw() const
{
    if (m_hdr->hpo_pkt != nullptr)
    {
        return m_hdr; // built already: this is the message's header
    }
    ObserveLazyMessage* lazy = ObserveLazyMessage::Of(m_hdr);
    return lazy != nullptr ? lazy->GetMessage() : nullptr;
}

const uint8_t*
ObservedPacket::GetBytes() const
{
    const hook_pkt_observe_t* raw = GetRaw();
    if (raw == nullptr)
    {
        return nullptr;
    }
    // The framework puts the datagram in one block behind the header's.
    const mblk_t* pkt = raw->hpo_pkt->b_cont;
    return pkt != nullptr ? pkt->b_rptr : nullptr;
}

uint32_t
ObservedPacket::GetSize() const
{
    return ntohl(m_hdr->hpo_pktlen);
}

ObserveLazyMessage* ObserveLazyMessage::s_pending = nullptr;
uint64_t ObserveLazyMessage::s_builds = 0;

ObserveLazyMessage::ObserveLazyMessage(int af,
                                       ipobs_hook_type_t type,
                                       uint32_t len,
                                       phy_if_t ifindex,
                                       zoneid_t zsrc,
                                       zoneid_t zdst,
                                       void* ctx,
                                       ObserveSource src,
                                       ObserveSpareMessages* spares)
    : m_src(src),
      m_spares(spares),
      m_outer(s_pending)
{
    // Every field is set: no memset first.
    m_pending.hpo_version = 1;
    m_pending.hpo_family = static_cast<uint8_t>(af);
    m_pending.hpo_htype = htons(static_cast<uint16_t>(type));
    m_pending.hpo_pktlen = htonl(len);
    m_pending.hpo_ifindex = htonl(static_cast<uint32_t>(ifindex));
    m_pending.hpo_grifindex = 0; // no IPMP groups
    m_pending.hpo_zsrc = htonl(static_cast<uint32_t>(zsrc));
    m_pending.hpo_zdst = htonl(static_cast<uint32_t>(zdst));
    m_pending.hpo_pkt = nullptr; // not built
    m_pending.hpo_ctx = ctx;
    s_pending = this;
}

ObserveLazyMessage::~ObserveLazyMessage()
{
    s_pending = m_outer;
    if (m_imp == nullptr)
    {
        return;
    }
    // Kept when the blocks are as they were linked (checked there);
    // anything else is freed as the chain it now is.
    if (m_spares != nullptr && m_imp->b_cont == m_pkt)
    {
        m_spares->Give(m_imp);
    }
    else
    {
        freemsg(m_imp);
    }
}

void
ObserveLazyMessage::Build()
{
    m_tried = true;
    mblk_t* imp = m_spares != nullptr ? m_spares->Take(m_src.size)
                                      : ObserveSpareMessages::Allocate(m_src.size);
    if (imp == nullptr)
    {
        return; // illumos skips the observers when allocb fails
    }
    // As ipobs_hook(): a message whose block holds the header (its apparent
    // size the dl_ipnetinfo_t part) and whose b_cont holds the packet.  The
    // packet is a copy: the hooks look, the datagram goes on as it was.
    mblk_t* pkt = imp->b_cont;
    m_src.copy(m_src.source, pkt->b_rptr, m_src.size);
    pkt->b_wptr = pkt->b_rptr + ntohl(m_pending.hpo_pktlen);
    auto* hdr = reinterpret_cast<hook_pkt_observe_t*>(imp->b_rptr);
    imp->b_wptr = imp->b_rptr + offsetof(hook_pkt_observe_t, hpo_pkt);
    *hdr = m_pending;
    hdr->hpo_pkt = imp;
    m_imp = imp;
    m_pkt = pkt;
    ++s_builds;
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
    return Allocate(size);
}

mblk_t*
ObserveSpareMessages::Allocate(size_t size)
{
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

bool
ObservedPacket::IsCxxObserver(hook_func_t f)
{
    return f == &ObserveTrampoline;
}

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
