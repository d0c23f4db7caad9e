/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Running an instance's packet and observation events on message blocks,
 * as illumos's ip does: the message the hooks see, what a run left and
 * how IP goes on with it, and the drop, rewrite and injection reports that
 * follow (counters and trace sources).
 */
#include "pfhooks-datagram-check.h"
#include "pfhooks-ip-instance.h"
#include "pfhooks-node-tap.h"

#include "ns3/boolean.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet-checksums.h"
#include "ns3/packet-hook.h"
#include "ns3/pfhooks-hook-run-loop.h"
#include "ns3/pfhooks-mblk.h"
#include "ns3/simulator.h"
#include "ns3/solaris-kernel.h"

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <netinet/in.h>
#include <sstream>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksIpInstanceRun");

namespace
{
/** \return true when block b is in the chain that starts at m */
bool
InChain(const mblk_t* m, const mblk_t* b)
{
    for (; m != nullptr; m = m->b_cont)
    {
        if (m == b)
        {
            return true;
        }
    }
    return false;
}

/** Frees the message a run left (*hpe_mp) and the one IP went on with (hpe_mb), once each. */
void
FreeBoth(mblk_t* mp, mblk_t* mb)
{
    if (InChain(mp, mb))
    {
        freemsg(mp);
        return;
    }
    // Walked before mb is freed: a freed chain is not to be read.
    const bool mpInMb = InChain(mb, mp);
    freemsg(mb);
    if (!mpInMb)
    {
        freemsg(mp);
    }
}

/// After each packet hook: the message is gone (freed, or *hpe_mp cleared).
bool
MessageGone(hook_data_t info)
{
    auto* hpe = reinterpret_cast<hook_pkt_event_t*>(info);
    mblk_t* mp = *hpe->hpe_mp;
    if (mp == nullptr)
    {
        // Not gone when nothing asked for it yet (PacketHookLazyMessage).
        PacketHookLazyMessage* lazy = PacketHookLazyMessage::Of(hpe);
        return lazy == nullptr || lazy->IsBuilt();
    }
    return pfhooks_msg_freed(mp);
}
} // namespace

// Inline: RunPacketEvent and RunOnMessage, its only callers, are below.
inline PfhooksVerdict
PfhooksIpInstance::Counted(PfhooksFamily f, PfhooksEvent e, PfhooksVerdict verdict, uint32_t len)
{
    Counters& c = CountersOf(f, e);
    if (verdict == PFH_ACCEPT)
    {
        c.accepted++;
    }
    else
    {
        c.dropped++;
    }
    if (m_traces && !m_traces->verdict.IsEmpty())
    {
        FireVerdict(f, e, verdict, len);
    }
    return verdict;
}

PfhooksVerdict
PfhooksIpInstance::RunPacketEvent(PfhooksFamily f,
                                  PfhooksEvent e,
                                  const uint8_t* bytes,
                                  uint32_t len,
                                  phy_if_t ifp,
                                  phy_if_t ofp,
                                  int flags,
                                  std::vector<uint8_t>* out,
                                  bool lazy,
                                  PacketHookSpareMessage* spare)
{
    PacketHookBytes given{[](void* b) { return static_cast<const uint8_t*>(b); },
                          const_cast<uint8_t*>(bytes)};
    return RunPacketEvent(f, e, given, len, ifp, ofp, flags, out, lazy, spare);
}

PfhooksVerdict
PfhooksIpInstance::RunPacketEvent(PfhooksFamily f,
                                  PfhooksEvent e,
                                  PacketHookBytes bytes,
                                  uint32_t len,
                                  phy_if_t ifp,
                                  phy_if_t ofp,
                                  int flags,
                                  std::vector<uint8_t>* out,
                                  bool lazy,
                                  PacketHookSpareMessage* spare,
                                  std::size_t* changeEnd)
{
    PacketRun r;
    r.ev = nullptr;
    r.f = f;
    r.e = e;
    r.bytes = bytes;
    r.len = len;
    r.out = out;
    r.spare = spare;
    r.changeEnd = changeEnd;
    r.hpe.hpe_ifp = ifp;
    r.hpe.hpe_ofp = ofp;
    r.hpe.hpe_flags = flags;
    return RunPacketEvent(r, lazy);
}

PfhooksVerdict
PfhooksIpInstance::RunPacketEvent(PacketRun& r, bool lazy)
{
    // The seam's lookup when it made one (no hook ran since).
    PfhooksHookEvent* ev = r.ev != nullptr ? r.ev : PeekEvent(r.f, r.e);
    if (ev == nullptr || !ev->HasHooks())
    {
        return PFH_ACCEPT;
    }
    // A hook may release the instance's reference; held for the run (one
    // reference count: RunHeld takes none of its own).
    Ptr<PfhooksHookEvent> hold(ev);
    r.ev = ev;
    // What the hooks get besides what the seam set.
    r.mp = nullptr;
    r.given = nullptr;
    r.hpe.hpe_protocol = m_handles[r.f];
    r.hpe.hpe_hdr = nullptr;
    r.hpe.hpe_mp = &r.mp;
    r.hpe.hpe_mb = nullptr;
    r.hpe.hpe_reserved[0] = nullptr;
    r.hpe.hpe_reserved[1] = nullptr;
    r.onPurpose = PacketHookContext::GetWrongOnPurpose();
    // The message is made when a hook wants it: C++ hooks that never look
    // cost no allocb and copy.  A run whose hooks may sleep makes it now
    // (a kernel thread may switch away in the middle of the run), and so
    // does one whose first hook reads it at once (a C hook).
    bool ran = false;
    if (!lazy || ev->FirstHookReadsMessage())
    {
        r.calls = PfhooksHookEvent::GetCalls();
        r.blind = PacketHookContext::GetBlindCalls();
    }
    else
    {
        bool built;
        {
            PacketHookLazyMessage pending(&r.hpe, r.bytes, r.len, r.spare);
            // RunHeld's loop inline, told that the message is pending.
            PfhooksPendingPacket data{&pending, &MessageGone};
            r.rv = ev->RunLoop(reinterpret_cast<hook_data_t>(&r.hpe), data);
            built = pending.IsBuilt();
            if (built)
            {
                r.len = pending.GetSize(); // known: building asked for it
            }
        }
        if (!built)
        {
            // No hook looked (so none freed the message: there was none):
            // the datagram goes on as it was, or is dropped.  Its length
            // may still be unasked: only a trace wants it now.
            PfhooksVerdict v = PFH_ACCEPT;
            if (r.rv != 0)
            {
                m_dropper = PfhooksHookEvent::GetLastHook();
                v = PFH_DROP;
            }
            return Counted(r.f, r.e, v, m_traces ? r.Len() : r.len);
        }
        ran = true;
    }
    // One call, inline: a C hook's run pays no frame of its own for it.
    return RunOnMessage(r, ran);
}

void
PfhooksIpInstance::FireVerdict(PfhooksFamily f,
                               PfhooksEvent e,
                               PfhooksVerdict verdict,
                               uint32_t len)
{
    // Building the name strings costs more than the check: only with sinks.
    m_traces->verdict(m_node->GetId(), FamilyName(f), EventName(e), verdict, len);
}

__attribute__((always_inline)) inline PfhooksVerdict
PfhooksIpInstance::RunOnMessage(PacketRun& r, bool ran)
{
    if (!ran)
    {
        r.given = r.bytes();
        if (r.spare != nullptr)
        {
            r.mp = r.spare->TakeCopy(r.given, r.len);
        }
        else if ((r.mp = allocb(r.len, BPRI_MED)) != nullptr)
        {
            std::memcpy(r.mp->b_wptr, r.given, r.len);
            r.mp->b_wptr += r.len;
        }
        if (r.mp == nullptr)
        {
            ReportDrop(r.f, r.e, "no memory for the message", r.len);
            return PFH_DROP;
        }
        r.hpe.hpe_hdr = r.mp->b_rptr;
        r.hpe.hpe_mb = r.mp;
        r.rv = r.ev->RunHeld(reinterpret_cast<hook_data_t>(&r.hpe), &MessageGone);
    }
    const PfhooksFamily f = r.f;
    const PfhooksEvent e = r.e;
    const uint32_t len = r.len;
    mblk_t* mp = r.mp;
    std::vector<uint8_t>* out = r.out;
    const int rv = r.rv;
    // Only C++ hooks that never got at the message ran (an injection's
    // nested run counts too, and any other hook spoils it): the bytes are
    // the ones copied in, no need to compare them (a tenth of an accept).
    // A message the hooks built was built for a hook that got at it (a C
    // hook, or a C++ hook that asked for the bytes): never untouched, so
    // a lazy run takes no snapshot of the counts.
    bool untouched = !ran && PfhooksHookEvent::GetCalls() - r.calls ==
                                 PacketHookContext::GetBlindCalls() - r.blind;
    PfhooksVerdict verdict;
    // A run that went through to its end checked the message after its last
    // hook (MessageGone): only one that ended early can leave it freed.
    bool early = rv != 0 || PfhooksHookEvent::GetCulprit().h_func != nullptr;
    if (mp != nullptr && early && pfhooks_msg_freed(mp))
    {
        // freemsg(*hpe_mp) with the pointer left set: the stack would free
        // it again (kmem_flags audit/deadbeef tell; see pfhooks-kmem-debug.h).
        pfhooks_msg_misuse("a hook freed the message the stack holds (*hpe_mp) and left it set",
                           mp,
                           reinterpret_cast<const void*>(PfhooksHookEvent::GetCulprit().h_func));
    }
    if (rv != 0)
    {
        // The stack frees what the hook left (illumos: freemsg(*hpe_mp)).
        freemsg(mp);
        m_dropper = PfhooksHookEvent::GetLastHook();
        return Counted(f, e, PFH_DROP, len);
    }
    if (mp == nullptr || r.hpe.hpe_mb == nullptr)
    {
        NS_LOG_WARN("node " << m_node->GetId() << " " << FamilyName(f) << "/" << EventName(e)
                            << ": a hook freed the packet but returned 0; dropped");
        r.ev->ReportFreedAndAccepted(m_netid);
        freemsg(mp);
        m_dropper = nullptr;
        return Counted(f, e, PFH_DROP, len);
    }
    // IP goes on with hpe_mb (ip.h FW_HOOKS: _m = info.hpe_mb): a hook
    // that replaces the message sets it; what *hpe_mp holds apart from
    // it is freed with it.
    mblk_t* mb = r.hpe.hpe_mb;
    size_t n = mb->b_cont == nullptr ? MBLKL(mb) : msgdsize(mb);
    bool whole = mb->b_cont == nullptr && n == len;
    const uint8_t* given = r.given;
    // 1: the bytes are the given ones; -1: they differ; 0: not compared
    // yet.  A message the spare can keep is compared in the call that
    // keeps it (a rewrite's bytes copied out first).
    int same = untouched ? 1 : 0;
    bool kept = false;
    // Where a rewrite's change ends, when the call that keeps the message
    // found it (in the pass that copies the bytes out).
    std::size_t end = kRewriteEndUnknown;
    if (whole && !untouched && r.spare != nullptr && mb == mp)
    {
        if (out->size() < len)
        {
            out->resize(len); // room for a rewrite's bytes, sized below
        }
        given = given != nullptr ? given : r.bytes();
        same = r.spare->GiveIfSame(mp, given, len, out->data(), &end);
        kept = same != 0;
    }
    if (whole && same == 0)
    {
        given = given != nullptr ? given : r.bytes();
        same = std::memcmp(mb->b_rptr, given, len) == 0 ? 1 : -1;
    }
    if (whole && same > 0)
    {
        verdict = PFH_ACCEPT;
    }
    else
    {
        out->resize(n);
        if (!kept)
        {
            pfhooks_msg_copy(mb, out->data());
        }
        verdict = PFH_REWRITE;
    }
    if (r.spare != nullptr && mb == mp)
    {
        if (!kept)
        {
            r.spare->Give(mp); // for the next run, when nothing else can hold it
        }
    }
    else
    {
        FreeBoth(mp, mb);
    }
    if (verdict == PFH_ACCEPT)
    {
        return Counted(f, e, PFH_ACCEPT, len);
    }
    CountersOf(f, e).rewritten++;
    bool check = m_checkChecksums && f != PFH_ARP && ChecksumsOn() &&
                 PacketHookContext::GetWrongOnPurpose() == r.onPurpose;
    if (check || r.changeEnd != nullptr)
    {
        // Where the change ends, found once for the check and the rebuild
        // (by the copy out when the spare kept the message).
        const uint8_t* bytes = r.bytes();
        if (end == kRewriteEndUnknown && out->size() == len)
        {
            end = RewriteChangeEnd(bytes, out->data(), len);
        }
        if (r.changeEnd != nullptr)
        {
            *r.changeEnd = end;
        }
        // The usual header rewrite is judged here, without a call, a
        // string or a sum over the transport (CheckRewrite otherwise).
        if (check &&
            !(out->size() == len &&
              RewriteKeepsChecksumsInline(bytes, out->data(), len, e != PFH_FORWARDING, end)))
        {
            CheckRewrite(f, e, *r.ev, bytes, len, *out, end);
        }
    }
    if (m_traces && !m_traces->verdict.IsEmpty())
    {
        FireVerdict(f, e, verdict, len);
    }
    return verdict;
}

namespace
{
/// The hook name of a pfhooks drop (none of the module's).
const std::string g_noHook;

/// \return the Ipv4 or Ipv6 interface of a phy_if_t, 0 when it has none
template <typename IpT>
uint32_t
InterfaceOf(const Ptr<IpT>& ip, const Ptr<NetDevice>& dev)
{
    int32_t i = ip && dev ? ip->GetInterfaceForDevice(dev) : -1;
    return i < 0 ? 0 : static_cast<uint32_t>(i);
}

/// \return the payload length an IPv4 header announces
uint32_t
AnnouncedPayload(const Ipv4Header& h)
{
    return h.GetPayloadSize();
}

/// \return the payload length an IPv6 header announces
uint32_t
AnnouncedPayload(const Ipv6Header& h)
{
    return h.GetPayloadLength();
}

/**
 * Fires a family's Drop trace as its L3 protocol reports its own drops: the
 * header apart, the payload without link-layer padding.
 * \tparam L3 Ipv4L3Protocol or Ipv6L3Protocol
 * \tparam Header its header type
 * \tparam Trace the instance's drop trace of that family
 * \param trace the trace
 * \param node the instance's node
 * \param datagram the dropped datagram, header first
 * \param dev the device it was seen on (null: none)
 * \param event the event's name
 * \param hook the hook that dropped it ("" for pfhooks itself)
 */
template <typename L3, typename Header, typename Trace>
void
FireDropAs(const Trace& trace,
           const Ptr<Node>& node,
           const Ptr<const Packet>& datagram,
           const Ptr<NetDevice>& dev,
           const char* event,
           const std::string& hook)
{
    Ptr<Packet> payload = datagram->Copy();
    Header h;
    payload->RemoveHeader(h);
    uint32_t announced = AnnouncedPayload(h);
    if (payload->GetSize() > announced)
    {
        payload->RemoveAtEnd(payload->GetSize() - announced);
    }
    Ptr<L3> l3 = node->GetObject<L3>();
    trace(h,
          payload,
          static_cast<typename L3::DropReason>(PfhooksIpInstance::PFHOOKS_DROP_REASON),
          l3,
          InterfaceOf(l3, dev),
          event,
          hook);
}
} // namespace

void
PfhooksIpInstance::NotifySeam(PfhooksFamily f,
                              PfhooksEvent e,
                              Ptr<const Packet> datagram,
                              PfhooksVerdict verdict,
                              phy_if_t ifp,
                              phy_if_t ofp)
{
    if (!m_traces)
    {
        return; // no sink has ever connected
    }
    const std::string* last = PfhooksHookEvent::GetLastHook();
    const std::string* hook = verdict == PFH_DROP ? m_dropper : last;
    const std::string& name = hook ? *hook : g_noHook;
    if (!m_traces->hookVerdict.IsEmpty())
    {
        m_traces
            ->hookVerdict(datagram, m_node->GetId(), FamilyName(f), EventName(e), name, verdict);
    }
    if (verdict == PFH_DROP)
    {
        FireDrop(f, e, datagram, ifp != 0 ? ifp : ofp, name);
    }
}

void
PfhooksIpInstance::NotifyDrop(PfhooksFamily f,
                              PfhooksEvent e,
                              Ptr<const Packet> datagram,
                              phy_if_t phy)
{
    FireDrop(f, e, datagram, phy, g_noHook);
}

void
PfhooksIpInstance::FireDrop(PfhooksFamily f,
                            PfhooksEvent e,
                            const Ptr<const Packet>& datagram,
                            phy_if_t phy,
                            const std::string& hook)
{
    if (!m_traces)
    {
        return;
    }
    if (f == PFH_INET && !m_traces->drop4.IsEmpty())
    {
        FireDropAs<Ipv4L3Protocol, Ipv4Header>(m_traces->drop4,
                                               m_node,
                                               datagram,
                                               DeviceOf(phy),
                                               EventName(e),
                                               hook);
    }
    else if (f == PFH_INET6 && !m_traces->drop6.IsEmpty())
    {
        FireDropAs<Ipv6L3Protocol, Ipv6Header>(m_traces->drop6,
                                               m_node,
                                               datagram,
                                               DeviceOf(phy),
                                               EventName(e),
                                               hook);
    }
}

void
PfhooksIpInstance::NotifyInjected(Ptr<const Packet> packet, int style, int result)
{
    if (m_traces)
    {
        m_traces->injected(packet, m_node->GetId(), style, result);
    }
}

void
PfhooksIpInstance::CheckRewrite(PfhooksFamily f,
                                PfhooksEvent e,
                                const PfhooksHookEvent& ev,
                                const uint8_t* before,
                                uint32_t len,
                                const std::vector<uint8_t>& after,
                                std::size_t changeEnd)
{
    // After FORWARDING the stack writes the IPv4 header checksum anew.
    std::string wrong = RewriteBrokenChecksum(before,
                                              len,
                                              after.data(),
                                              after.size(),
                                              e != PFH_FORWARDING,
                                              changeEnd);
    if (wrong.empty())
    {
        return;
    }
    CountersOf(f, e).badChecksums++;
    // Which hook it was cannot be told: each of the event's is named, once.
    std::string where = std::string(FamilyName(f)) + "/" + EventName(e);
    for (const std::string& hook : ev.GetHookNames())
    {
        if (m_counters->warned.insert(where + "/" + hook).second)
        {
            std::ostringstream os;
            os << "WARNING: pfhooks: a rewrite on " << where << " (node " << m_node->GetId()
               << ") left a wrong checksum: " << wrong << "; hook \"" << hook
               << "\" is one of the event's (fix it with PacketHookContext::FixChecksums, or "
                  "say it is on purpose: KeepWrongChecksums, attribute CheckRewriteChecksums)";
            SolarisKernel::Get().Log(nullptr, PFHOOKS_CE_WARN, os.str());
        }
    }
}

void
PfhooksIpInstance::RunObserve(PfhooksFamily f,
                              ipobs_hook_type_t type,
                              const uint8_t* bytes,
                              uint32_t len,
                              phy_if_t ifindex,
                              zoneid_t zsrc,
                              zoneid_t zdst,
                              ObserveSpareMessages* spares)
{
    ObserveSource src{[](const void* from, uint8_t* to, uint32_t n) { std::memcpy(to, from, n); },
                      bytes,
                      len};
    RunObserve(f, type, src, len, ifindex, zsrc, zdst, spares);
}

uint32_t
PfhooksIpInstance::ObserveHead(PfhooksFamily f, const Packet& p, uint8_t* head)
{
    uint32_t size = p.GetSize();
    uint32_t n = size < PfhooksWholeDatagram::kHeadBytes ? size : PfhooksWholeDatagram::kHeadBytes;
    p.CopyData(head, n);
    if (PfhooksDatagramCheck::Check(f, head, size) != nullptr)
    {
        return 0;
    }
    return PfhooksDatagramCheck::Length(f, head);
}

ObserveSource
PfhooksIpInstance::ObservePacket(const Packet& p)
{
    return ObserveSource{[](const void* from, uint8_t* to, uint32_t n) {
                             static_cast<const Packet*>(from)->CopyData(to, n);
                         },
                         &p,
                         p.GetSize()};
}

void
PfhooksIpInstance::RunObserve(PfhooksFamily f,
                              ipobs_hook_type_t type,
                              ObserveSource src,
                              uint32_t len,
                              phy_if_t ifindex,
                              zoneid_t zsrc,
                              zoneid_t zdst,
                              ObserveSpareMessages* spares)
{
    PfhooksHookEvent* ev = m_events.Peek(f, PFH_OBSERVING);
    if (ev == nullptr || !ev->HasHooks())
    {
        return;
    }
    // A hook may release the instance's reference; held for the run.
    Ptr<PfhooksHookEvent> hold(ev);
    ObserveLazyMessage message(f == PFH_INET6 ? AF_INET6 : AF_INET,
                               type,
                               len,
                               ifindex,
                               zsrc,
                               zdst,
                               this,
                               src,
                               spares);
    auto data = reinterpret_cast<hook_data_t>(message.GetPending());
    if (ev->FirstHookReadsMessage())
    {
        // A C observer first: it reads the message at once, made here.
        hook_pkt_observe_t* hdr = message.GetMessage();
        if (hdr == nullptr)
        {
            return; // illumos skips the observers when allocb fails
        }
        data = reinterpret_cast<hook_data_t>(hdr);
    }
    // illumos ignores what observers return: (void) hook_run(...).
    (void)ev->RunHeld(data, nullptr);
    CountersOf(f, PFH_OBSERVING).accepted++;
    if (m_traces && !m_traces->verdict.IsEmpty())
    {
        m_traces->verdict(m_node->GetId(),
                          FamilyName(f),
                          EventName(PFH_OBSERVING),
                          PFH_ACCEPT,
                          len);
    }
}

} // namespace ns3
