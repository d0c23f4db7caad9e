/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * illumos's IP is one netstack per zone, with its own families, events and
 * hook stack; an ns-3 node plays that netstack here.  Its events are run
 * on message blocks as illumos's ip does, so that modules see what they
 * would see there.
 */
#include "pfhooks-ip-instance.h"

#include "pfhooks-node-tap.h"

#include "ns3/boolean.h"
#include "ns3/ipv4.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet-checksums.h"
#include "ns3/packet-hook.h"
#include "ns3/pfhooks-mblk.h"
#include "ns3/simulator.h"
#include "ns3/solaris-kernel.h"

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <netinet/in.h>
#include <optional>
#include <sstream>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksIpInstance");
NS_OBJECT_ENSURE_REGISTERED(PfhooksIpInstance);

TypeId
PfhooksIpInstance::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PfhooksIpInstance")
            .SetParent<Object>()
            .SetGroupName("Pfhooks")
            .AddConstructor<PfhooksIpInstance>()
            .AddAttribute("CheckRewriteChecksums",
                          "With ns-3's ChecksumEnabled on, count (kstat badChecksums) and warn "
                          "about, once per hook, rewrites that leave a wrong checksum.  Off for "
                          "hooks, C ones too, that corrupt checksums on purpose.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&PfhooksIpInstance::m_checkChecksums),
                          MakeBooleanChecker())
            .AddTraceSource("Verdict",
                            "What became of a packet at a hook point that has hooks.",
                            MakeTraceSourceAccessor(&PfhooksIpInstance::m_verdictTrace),
                            "ns3::PfhooksIpInstance::VerdictTracedCallback")
            .AddTraceSource("HookVerdict",
                            "A packet event's verdict on a packet, with the packet and the hook "
                            "that decided.",
                            MakeTraceSourceAccessor(&PfhooksIpInstance::m_hookVerdictTrace),
                            "ns3::PfhooksIpInstance::HookVerdictTracedCallback")
            .AddTraceSource("Injected",
                            "A net_inject() call: the datagram, the style and the result.",
                            MakeTraceSourceAccessor(&PfhooksIpInstance::m_injectedTrace),
                            "ns3::PfhooksIpInstance::InjectedTracedCallback")
            .AddTraceSource("Ipv4Drop",
                            "An IPv4 datagram a hook (or pfhooks) dropped: Ipv4L3Protocol's "
                            "Drop arguments, the event and the hook.",
                            MakeTraceSourceAccessor(&PfhooksIpInstance::m_drop4Trace),
                            "ns3::PfhooksIpInstance::Ipv4DropTracedCallback")
            .AddTraceSource("Ipv6Drop",
                            "An IPv6 datagram a hook (or pfhooks) dropped: Ipv6L3Protocol's "
                            "Drop arguments, the event and the hook.",
                            MakeTraceSourceAccessor(&PfhooksIpInstance::m_drop6Trace),
                            "ns3::PfhooksIpInstance::Ipv6DropTracedCallback");
    return tid;
}

PfhooksIpInstance::PfhooksIpInstance()
{
    PfhooksNodeTap::ListenForHooks();
}

PfhooksIpInstance::~PfhooksIpInstance() = default;

const char*
PfhooksIpInstance::FamilyName(PfhooksFamily f)
{
    return PfhooksNetProtocol::Of(f).name;
}

const char*
PfhooksIpInstance::HookFamilyName(PfhooksFamily f)
{
    return PfhooksNetProtocol::Of(f).hookName;
}

const char*
PfhooksIpInstance::EventName(PfhooksEvent e)
{
    return PfhooksNetProtocol::EventName(e);
}

void
PfhooksIpInstance::NotifyNewAggregate()
{
    if (!m_node)
    {
        m_node = GetObject<Node>();
    }
    Object::NotifyNewAggregate();
}

void
PfhooksIpInstance::DoDispose()
{
    NS_LOG_FUNCTION(this);
    Stop();
    if (m_tap)
    {
        m_tap->Dispose();
        m_tap = nullptr;
    }
    m_node = nullptr;
    Object::DoDispose();
}

void
PfhooksIpInstance::Start()
{
    NS_LOG_FUNCTION(this);
    if (m_running)
    {
        return;
    }
    NS_ABORT_MSG_IF(!m_node, "PfhooksIpInstance::Start: not aggregated to a node");
    AttachTap(); // refuses a node with neither IPv4 nor IPv6
    m_running = true;
    m_netid = PfhooksNetInstanceRegistry::Get().CreateInstance(this);
    m_tap->Refresh();
    NS_LOG_INFO("node " << m_node->GetId() << " is IP instance " << m_netid);
}

Ptr<PfhooksNodeTap>
PfhooksIpInstance::AttachTap()
{
    NS_LOG_FUNCTION(this);
    NS_ABORT_MSG_IF(!m_node, "PfhooksIpInstance::AttachTap: not aggregated to a node");
    if (!m_tap)
    {
        m_tap = CreateObject<PfhooksNodeTap>();
        m_tap->Attach(this);
    }
    return m_tap;
}

void
PfhooksIpInstance::Stop()
{
    NS_LOG_FUNCTION(this);
    if (!m_running)
    {
        return;
    }
    PfhooksNetInstanceRegistry::Get().DestroyInstance(m_netid);
    m_running = false;
    if (m_tap)
    {
        m_tap->Refresh();
    }
    NS_LOG_INFO("IP instance " << m_netid << " of node " << (m_node ? m_node->GetId() : 0)
                               << " destroyed");
    m_netid = -1;
}

void
PfhooksIpInstance::AddProtocols(Ptr<PfhooksHookStack> stack)
{
    NS_LOG_FUNCTION(this << stack);
    m_stack = stack;
    PfhooksNetInstanceRegistry& reg = PfhooksNetInstanceRegistry::Get();
    // The instance's events in one block (illumos makes them all at boot).
    PfhooksHookEvent::SlabScope slab(PfhooksNetProtocol::NumInstanceEvents());
    stack->ReserveFamilies(PFH_NFAMILIES);
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        const PfhooksNetProtocol& proto = PfhooksNetProtocol::Of(static_cast<PfhooksFamily>(f));
        Ptr<PfhooksHookFamily> fam = stack->AddFamily(proto.name, proto.hookName);
        if (!fam)
        {
            continue;
        }
        // hpe_protocol: IP's own handle, as illumos's IP keeps its netd apart
        // from the modules' lookups.  Not counted, so that a module releasing
        // once too often is still caught; the handle lives while the family
        // does.  (The stack knows the netid: CreateInstance has not returned
        // it to us yet.)
        m_handles[f] = reg.LookupProtocol(stack->GetNetid(), proto.name);
        reg.ReleaseProtocol(m_handles[f]);
        fam->ReserveEvents(proto.NumEvents());
        for (int e = 0; e < PFH_NEVENTS; e++)
        {
            if (proto.HasEvent(static_cast<PfhooksEvent>(e)))
            {
                slab.Arm(true);
                Ptr<PfhooksHookEvent> ev = fam->AddEvent(EventName(static_cast<PfhooksEvent>(e)));
                slab.Arm(false);
                if (ev)
                {
                    m_events.Set(f, e, ev);
                }
            }
        }
    }
}

namespace
{
// The order of ip_netinfo.c's ipv4/ipv6/arp_hook_shutdown() and
// _hook_destroy(), which ip_stack_shutdown() and ip_stack_fini() call for
// inet, inet6, then arp: notify callbacks hear of the events in it.
const PfhooksEvent kIpEventOrder[] = {PFH_FORWARDING,
                                      PFH_PHYSICAL_IN,
                                      PFH_PHYSICAL_OUT,
                                      PFH_LOOPBACK_IN,
                                      PFH_LOOPBACK_OUT,
                                      PFH_NIC_EVENTS,
                                      PFH_OBSERVING};
const PfhooksEvent kArpShutdownOrder[] = {PFH_PHYSICAL_IN, PFH_PHYSICAL_OUT, PFH_NIC_EVENTS};
const PfhooksEvent kArpDestroyOrder[] = {PFH_NIC_EVENTS, PFH_PHYSICAL_OUT, PFH_PHYSICAL_IN};

template <size_t N>
std::vector<PfhooksEvent>
Order(const PfhooksEvent (&events)[N])
{
    return std::vector<PfhooksEvent>(events, events + N);
}
} // namespace

void
PfhooksIpInstance::ShutdownProtocols()
{
    NS_LOG_FUNCTION(this);
    if (!m_stack)
    {
        return;
    }
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        const char* family = FamilyName(static_cast<PfhooksFamily>(f));
        Ptr<PfhooksHookFamily> fam = m_stack->FindFamily(family);
        if (!fam)
        {
            continue;
        }
        bool arp = f == PFH_ARP;
        for (PfhooksEvent e : arp ? Order(kArpShutdownOrder) : Order(kIpEventOrder))
        {
            if (m_events[f][e])
            {
                fam->ShutdownEvent(EventName(e));
            }
        }
        // arp_hook_shutdown() leaves its family: ARP's family departure is
        // announced by ip_stack_fini(), after the modules' shutdown.
        if (!arp)
        {
            m_stack->ShutdownFamily(family);
        }
    }
}

void
PfhooksIpInstance::RemoveProtocols()
{
    NS_LOG_FUNCTION(this);
    if (!m_stack)
    {
        return;
    }
    PfhooksNetInstanceRegistry& reg = PfhooksNetInstanceRegistry::Get();
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        const char* family = FamilyName(static_cast<PfhooksFamily>(f));
        Ptr<PfhooksHookFamily> fam = m_stack->FindFamily(family);
        for (PfhooksEvent e : f == PFH_ARP ? Order(kArpDestroyOrder) : Order(kIpEventOrder))
        {
            if (m_events[f][e] && fam)
            {
                fam->RemoveEvent(EventName(e));
            }
            // From here on no hook of this instance runs.
            m_events.Clear(f, e);
        }
        m_handles[f] = nullptr;
        reg.CondemnProtocol(m_netid, family);
        if (fam)
        {
            m_stack->RemoveFamily(family);
        }
    }
    m_stack = nullptr;
}

Ptr<PfhooksHookEvent>
PfhooksIpInstance::GetEvent(const std::string& family, const std::string& event) const
{
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        for (int e = 0; e < PFH_NEVENTS; e++)
        {
            if (family == FamilyName(static_cast<PfhooksFamily>(f)) &&
                event == EventName(static_cast<PfhooksEvent>(e)))
            {
                return m_events[f][e];
            }
        }
    }
    return nullptr;
}

int
PfhooksIpInstance::AddPacketHook(const std::string& family,
                                 const std::string& event,
                                 const std::string& name,
                                 PacketHookCallback cb,
                                 hook_hint_t hint,
                                 const std::string& hintValue)
{
    NS_LOG_FUNCTION(this << family << event << name << hint << hintValue);
    // These two hand their hooks other data than a hook_pkt_event_t.
    if (event == NH_NIC_EVENTS || event == NH_OBSERVING)
    {
        NS_LOG_WARN("AddPacketHook(" << family << ", " << event << ", " << name
                                     << "): not a packet event (AddObserveHook, or a C hook)");
        return EINVAL;
    }
    hook_t h;
    std::shared_ptr<void> storage;
    MakePacketHook(name, cb, hint, hintValue, &h, &storage);
    return RegisterCxxHook(family, event, h, storage);
}

int
PfhooksIpInstance::AddObserveHook(const std::string& family,
                                  const std::string& name,
                                  ObserveHookCallback cb,
                                  hook_hint_t hint,
                                  const std::string& hintValue)
{
    NS_LOG_FUNCTION(this << family << name << hint << hintValue);
    hook_t h;
    std::shared_ptr<void> storage;
    MakeObserveHook(name, cb, hint, hintValue, &h, &storage);
    return RegisterCxxHook(family, NH_OBSERVING, h, storage);
}

int
PfhooksIpInstance::RegisterCxxHook(const std::string& family,
                                   const std::string& event,
                                   const hook_t& h,
                                   std::shared_ptr<void> storage)
{
    if (!m_running || !m_stack)
    {
        NS_LOG_WARN("hook " << h.h_name << " on " << family << "/" << event << ": instance of node "
                            << (m_node ? m_node->GetId() : 0) << " is not running");
        return ESHUTDOWN;
    }
    Ptr<PfhooksHookFamily> fam = m_stack->FindFamily(family);
    if (!fam)
    {
        NS_LOG_WARN("hook " << h.h_name << ": node " << m_node->GetId() << " has no family "
                            << family);
        return ENXIO;
    }
    int rv = fam->HookRegister(event, &h, storage);
    if (rv != 0)
    {
        NS_LOG_WARN("hook " << h.h_name << " on node " << m_node->GetId() << " " << family << "/"
                            << event << ": error " << rv);
    }
    return rv;
}

int
PfhooksIpInstance::RemoveHook(const std::string& family,
                              const std::string& event,
                              const std::string& name)
{
    NS_LOG_FUNCTION(this << family << event << name);
    Ptr<PfhooksHookFamily> fam = m_stack ? m_stack->FindFamily(family) : nullptr;
    if (!fam)
    {
        return ENXIO;
    }
    hook_t h;
    std::memset(&h, 0, sizeof(h));
    std::string copy = name;
    h.h_name = &copy[0];
    return fam->HookUnregister(event, &h);
}

Ptr<NetDevice>
PfhooksIpInstance::DeviceOf(phy_if_t phy) const
{
    return PfhooksNetinfoQueries::DeviceOf(m_node, phy);
}

int
PfhooksIpInstance::Inject(PfhooksFamily f,
                          inject_t style,
                          const uint8_t* bytes,
                          uint32_t len,
                          phy_if_t phy,
                          const struct sockaddr_storage* nextHop)
{
    NS_LOG_FUNCTION(this << f << len << phy); // style may be any int a C caller passed
    return m_tap ? m_tap->Inject(f, style, bytes, len, phy, nextHop) : -1;
}

void
PfhooksIpInstance::ReportDrop(PfhooksFamily f, PfhooksEvent e, const std::string& why, uint32_t len)
{
    NS_LOG_WARN("node " << m_node->GetId() << " " << FamilyName(f) << "/" << EventName(e)
                        << ": packet dropped: " << why);
    m_dropper = nullptr;
    CountersOf(f, e).dropped++;
    m_counters->reasons[std::string(FamilyName(f)) + "/" + EventName(e) + ": " + why]++;
    m_verdictTrace(m_node->GetId(), FamilyName(f), EventName(e), PFH_DROP, len);
}

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
    Ptr<PfhooksHookEvent> ev = m_events[f][e];
    if (!ev || !ev->HasHooks())
    {
        return PFH_ACCEPT;
    }
    hook_pkt_event_t hpe;
    std::memset(&hpe, 0, sizeof(hpe));
    mblk_t* mp = nullptr;
    hpe.hpe_protocol = m_handles[f];
    hpe.hpe_ifp = ifp;
    hpe.hpe_ofp = ofp;
    hpe.hpe_mp = &mp;
    hpe.hpe_flags = flags;
    // The message is made when a hook wants it: C++ hooks that never look
    // cost no allocb and copy.  A run whose hooks may sleep makes it now
    // (a kernel thread may switch away in the middle of the run).
    std::optional<PacketHookLazyMessage> pending;
    if (lazy)
    {
        pending.emplace(&hpe, bytes, len, spare);
    }
    else
    {
        mp = allocb(len, BPRI_MED);
        if (mp == nullptr)
        {
            ReportDrop(f, e, "no memory for the message", len);
            return PFH_DROP;
        }
        std::memcpy(mp->b_wptr, bytes(), len);
        mp->b_wptr += len;
        hpe.hpe_hdr = mp->b_rptr;
        hpe.hpe_mb = mp;
    }

    uint64_t calls = PfhooksHookEvent::GetCalls();
    uint64_t blind = PacketHookContext::GetBlindCalls();
    uint64_t onPurpose = PacketHookContext::GetWrongOnPurpose();
    int rv = ev->Run(reinterpret_cast<hook_data_t>(&hpe), &MessageGone);
    bool built = !pending || pending->IsBuilt();
    pending.reset();
    // Only C++ hooks that never got at the message ran (an injection's
    // nested run counts too, and any other hook spoils it): the bytes are
    // the ones copied in, no need to compare them (a tenth of an accept).
    bool untouched =
        PfhooksHookEvent::GetCalls() - calls == PacketHookContext::GetBlindCalls() - blind;
    PfhooksVerdict verdict;
    if (mp != nullptr && pfhooks_msg_freed(mp))
    {
        // freemsg(*hpe_mp) with the pointer left set: the stack would free
        // it again (kmem_flags audit/deadbeef tell; see pfhooks-kmem-debug.h).
        pfhooks_msg_misuse("a hook freed the message the stack holds (*hpe_mp) and left it set",
                           mp,
                           reinterpret_cast<const void*>(PfhooksHookEvent::GetCulprit().h_func));
    }
    if (!built)
    {
        // No hook looked: the datagram goes on as it was, or is dropped.
        verdict = rv != 0 ? PFH_DROP : PFH_ACCEPT;
        if (rv != 0)
        {
            m_dropper = PfhooksHookEvent::GetLastHook();
        }
    }
    else if (rv != 0)
    {
        // The stack frees what the hook left (illumos: freemsg(*hpe_mp)).
        freemsg(mp);
        verdict = PFH_DROP;
        m_dropper = PfhooksHookEvent::GetLastHook();
    }
    else if (mp == nullptr || hpe.hpe_mb == nullptr)
    {
        NS_LOG_WARN("node " << m_node->GetId() << " " << FamilyName(f) << "/" << EventName(e)
                            << ": a hook freed the packet but returned 0; dropped");
        ev->ReportFreedAndAccepted(m_netid);
        freemsg(mp);
        verdict = PFH_DROP;
        m_dropper = nullptr;
    }
    else
    {
        // IP goes on with hpe_mb (ip.h FW_HOOKS: _m = info.hpe_mb): a hook
        // that replaces the message sets it; what *hpe_mp holds apart from
        // it is freed with it.
        mblk_t* mb = hpe.hpe_mb;
        size_t n = mb->b_cont == nullptr ? MBLKL(mb) : msgdsize(mb);
        if (mb->b_cont == nullptr && n == len &&
            (untouched || std::memcmp(mb->b_rptr, bytes(), len) == 0))
        {
            verdict = PFH_ACCEPT;
        }
        else
        {
            out->resize(n);
            pfhooks_msg_copy(mb, out->data());
            verdict = PFH_REWRITE;
        }
        if (spare != nullptr && mb == mp)
        {
            spare->Give(mp); // for the next run, when nothing else can hold it
        }
        else
        {
            FreeBoth(mp, mb);
        }
    }
    Counters& c = CountersOf(f, e);
    if (verdict == PFH_ACCEPT)
    {
        c.accepted++;
    }
    else if (verdict == PFH_REWRITE)
    {
        c.rewritten++;
        bool check = m_checkChecksums && f != PFH_ARP && ChecksumsOn() &&
                     PacketHookContext::GetWrongOnPurpose() == onPurpose;
        if (check || changeEnd != nullptr)
        {
            // Where the change ends, found once for the check and the rebuild.
            std::size_t end = out->size() == len ? RewriteChangeEnd(bytes(), out->data(), len)
                                                 : kRewriteEndUnknown;
            if (changeEnd != nullptr)
            {
                *changeEnd = end;
            }
            if (check)
            {
                CheckRewrite(f, e, *ev, bytes(), len, *out, end);
            }
        }
    }
    else
    {
        c.dropped++;
    }
    // Building the name strings costs more than the check: only with sinks.
    if (!m_verdictTrace.IsEmpty())
    {
        m_verdictTrace(m_node->GetId(), FamilyName(f), EventName(e), verdict, len);
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
    const std::string* last = PfhooksHookEvent::GetLastHook();
    const std::string* hook = verdict == PFH_DROP ? m_dropper : last;
    const std::string& name = hook ? *hook : g_noHook;
    if (!m_hookVerdictTrace.IsEmpty())
    {
        m_hookVerdictTrace(datagram, m_node->GetId(), FamilyName(f), EventName(e), name, verdict);
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
    if (f == PFH_INET && !m_drop4Trace.IsEmpty())
    {
        FireDropAs<Ipv4L3Protocol, Ipv4Header>(m_drop4Trace,
                                               m_node,
                                               datagram,
                                               DeviceOf(phy),
                                               EventName(e),
                                               hook);
    }
    else if (f == PFH_INET6 && !m_drop6Trace.IsEmpty())
    {
        FireDropAs<Ipv6L3Protocol, Ipv6Header>(m_drop6Trace,
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
    m_injectedTrace(packet, m_node->GetId(), style, result);
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
                              PacketHookSpareMessage* spares)
{
    Ptr<PfhooksHookEvent> ev = m_events[f][PFH_OBSERVING];
    if (!ev || !ev->HasHooks())
    {
        return;
    }
    // As ipobs_hook(): a message whose block holds the header (its apparent
    // size the dl_ipnetinfo_t part) and whose b_cont holds the packet.  The
    // packet is a copy: the hooks look, the datagram goes on as it was.
    mblk_t* pkt = spares != nullptr ? spares[0].Take(len) : allocb(len, BPRI_MED);
    mblk_t* imp = spares != nullptr ? spares[1].Take(sizeof(hook_pkt_observe_t))
                                    : allocb(sizeof(hook_pkt_observe_t), BPRI_HI);
    if (pkt == nullptr || imp == nullptr)
    {
        freemsg(pkt);
        freemsg(imp);
        return; // illumos skips the observers when allocb fails
    }
    std::memcpy(pkt->b_wptr, bytes, len);
    pkt->b_wptr += len;
    auto* hdr = reinterpret_cast<hook_pkt_observe_t*>(imp->b_rptr);
    std::memset(hdr, 0, sizeof(*hdr));
    imp->b_wptr = imp->b_rptr + offsetof(hook_pkt_observe_t, hpo_pkt);
    imp->b_cont = pkt;
    hdr->hpo_version = 1;
    hdr->hpo_family = f == PFH_INET6 ? AF_INET6 : AF_INET;
    hdr->hpo_htype = htons(static_cast<uint16_t>(type));
    hdr->hpo_pktlen = htonl(len);
    hdr->hpo_ifindex = htonl(static_cast<uint32_t>(ifindex));
    hdr->hpo_grifindex = 0; // no IPMP groups
    hdr->hpo_zsrc = htonl(static_cast<uint32_t>(zsrc));
    hdr->hpo_zdst = htonl(static_cast<uint32_t>(zdst));
    hdr->hpo_pkt = imp;
    hdr->hpo_ctx = this;
    // illumos ignores what observers return: (void) hook_run(...).
    (void)ev->Run(reinterpret_cast<hook_data_t>(hdr));
    if (spares != nullptr && imp->b_cont == pkt && pkt->b_cont == nullptr)
    {
        imp->b_cont = nullptr;
        spares[0].Give(pkt);
        spares[1].Give(imp);
    }
    else
    {
        freemsg(imp);
    }
    CountersOf(f, PFH_OBSERVING).accepted++;
    if (!m_verdictTrace.IsEmpty())
    {
        m_verdictTrace(m_node->GetId(), FamilyName(f), EventName(PFH_OBSERVING), PFH_ACCEPT, len);
    }
}

} // namespace ns3
