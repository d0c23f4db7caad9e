/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "packet-hook.h"

#include "packet-checksums.h"
#include "pfhooks-hook-event.h"

#include "ns3/log.h"
#include "ns3/pfhooks-mblk.h"

#include <cstring>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksPacketHook");

uint64_t PacketHookContext::s_blindCalls = 0;
uint64_t PacketHookContext::s_wrongOnPurpose = 0;

PacketHookLazyMessage* PacketHookLazyMessage::s_pending = nullptr;

void
PacketHookLazyMessage::DoBuild()
{
    m_built = true;
    // The kept message's check and the copy into it in one pass (TakeCopy).
    const uint8_t* bytes = m_bytes();
    const uint32_t size = GetSize();
    mblk_t* mp = m_spare != nullptr ? m_spare->TakeCopy(bytes, size)
                                    : PacketHookSpareMessage::NewCopy(bytes, size);
    if (mp == nullptr)
    {
        return; // as a hook that freed it: the stack drops the packet
    }
    *m_hpe->hpe_mp = mp;
    m_hpe->hpe_mb = mp;
    m_hpe->hpe_hdr = mp->b_rptr;
}

PacketHookSpareMessage::~PacketHookSpareMessage()
{
    if (m_kept != nullptr)
    {
        pfhooks_msg_spare_fini(m_kept);
        delete m_kept;
    }
}

void
PacketHookSpareMessage::Drop()
{
    if (m_kept != nullptr)
    {
        pfhooks_msg_spare_drop(m_kept);
    }
}

pfhooks_msg_spare_t*
PacketHookSpareMessage::NewKept()
{
    m_kept = new pfhooks_msg_spare_t;
    pfhooks_msg_spare_init(m_kept);
    return m_kept;
}

void
PacketHookSpareMessage::Give(mblk_t* mp)
{
    if (pfhooks_msg_keep(m_kept != nullptr ? m_kept : NewKept(), mp) == 0)
    {
        freemsg(mp);
    }
}

uint8_t*
PacketHookContext::GetBytes()
{
    m_exposed = true;
    if (PacketHookLazyMessage* lazy = PacketHookLazyMessage::Of(m_hpe))
    {
        lazy->Build();
    }
    mblk_t* mp = *m_hpe->hpe_mp;
    if (mp == nullptr)
    {
        return nullptr;
    }
    if (mp->b_cont != nullptr && !pullupmsg(mp, -1))
    {
        return nullptr;
    }
    m_hpe->hpe_mb = mp;
    m_hpe->hpe_hdr = mp->b_rptr;
    return mp->b_rptr;
}

uint32_t
PacketHookContext::GetSize() const
{
    PacketHookLazyMessage* lazy = PacketHookLazyMessage::Of(m_hpe);
    if (lazy != nullptr && !lazy->IsBuilt())
    {
        return lazy->GetSize();
    }
    return static_cast<uint32_t>(msgdsize(*m_hpe->hpe_mp));
}

Ipv4Header
PacketHookContext::GetIpv4Header()
{
    Ipv4Header h;
    uint8_t* b = GetBytes();
    if (b != nullptr && GetSize() >= 20)
    {
        Ptr<Packet> p = Create<Packet>(b, GetSize());
        p->PeekHeader(h);
    }
    return h;
}

Ptr<Packet>
PacketHookContext::GetPacket()
{
    uint8_t* b = GetBytes();
    return b ? Create<Packet>(b, GetSize()) : Create<Packet>();
}

void
PacketHookContext::Replace(Ptr<const Packet> p)
{
    m_exposed = true;
    if (PacketHookLazyMessage* lazy = PacketHookLazyMessage::Of(m_hpe))
    {
        lazy->Claim(); // the message built or not, this one replaces it
    }
    mblk_t* mp = allocb(p->GetSize(), BPRI_MED);
    if (mp == nullptr)
    {
        return;
    }
    p->CopyData(mp->b_wptr, p->GetSize());
    mp->b_wptr += p->GetSize();
    freemsg(*m_hpe->hpe_mp);
    *m_hpe->hpe_mp = mp;
    m_hpe->hpe_mb = mp;
    m_hpe->hpe_hdr = mp->b_rptr;
}

void
PacketHookContext::Drop()
{
    m_exposed = true;
    if (PacketHookLazyMessage* lazy = PacketHookLazyMessage::Of(m_hpe))
    {
        lazy->Claim(); // nothing left either way
    }
    freemsg(*m_hpe->hpe_mp);
    *m_hpe->hpe_mp = nullptr;
    m_hpe->hpe_mb = nullptr;
    m_hpe->hpe_hdr = nullptr;
}

bool
PacketHookContext::FixIpv4Checksum()
{
    uint8_t* b = GetBytes();
    return b != nullptr && ns3::FixIpv4HeaderChecksum(b, GetSize());
}

bool
PacketHookContext::FixTransportChecksum()
{
    uint8_t* b = GetBytes();
    return b != nullptr && ns3::FixTransportChecksum(b, GetSize());
}

void
PacketHookContext::FixChecksums()
{
    FixIpv4Checksum();
    FixTransportChecksum();
}

void
PacketHookContext::KeepWrongChecksums()
{
    ++s_wrongOnPurpose;
}

std::string
PacketHookContext::GetEventName() const
{
    return PfhooksHookEvent::FromToken(m_token)->GetName();
}

std::string
PacketHookContext::GetFamilyName() const
{
    return PfhooksHookEvent::FromToken(m_token)->GetFamilyName();
}

namespace
{

/// The C adapter of a C++ hook (its h_func): PacketHookClosure::Call.
int
CxxTrampoline(hook_event_token_t token, hook_data_t data, void* arg)
{
    return PacketHookClosure::Call(token, data, arg);
}

} // namespace

bool
PacketHookContext::IsCxxHook(hook_func_t f)
{
    return f == &CxxTrampoline;
}

void
MakePacketHook(const std::string& name,
               PacketHookCallback cb,
               hook_hint_t hint,
               const std::string& hintValue,
               hook_t* hook,
               std::shared_ptr<void>* storage)
{
    NS_LOG_FUNCTION(name << hint << hintValue);
    auto h = std::make_shared<PacketHookClosure>();
    h->cb = cb;
    h->name = name;
    h->hintValue = hintValue;
    std::memset(hook, 0, sizeof(*hook));
    hook->h_version = HOOK_VERSION;
    hook->h_func = &CxxTrampoline;
    hook->h_name = &h->name[0];
    hook->h_hint = hint;
    hook->h_hintvalue = reinterpret_cast<uintptr_t>(h->hintValue.c_str());
    hook->h_arg = h.get();
    *storage = h;
}

} // namespace ns3
