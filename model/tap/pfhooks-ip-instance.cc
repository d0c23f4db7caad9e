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

/**
 * \ingroup pfhooks
 * A trace source of PfhooksIpInstance kept in its Traces block, which the
 * first connection makes (ns-3's own accessor needs the TracedCallback to
 * be a member of the object).
 * \tparam Member the TracedCallback in PfhooksIpInstance::Traces
 */
template <auto Member>
class PfhooksLazyTraceAccessor : public TraceSourceAccessor
{
  public:
    bool ConnectWithoutContext(ObjectBase* obj, const CallbackBase& cb) const override
    {
        auto* source = Source(obj);
        return source != nullptr && (source->ConnectWithoutContext(cb), true);
    }

    bool Connect(ObjectBase* obj, std::string context, const CallbackBase& cb) const override
    {
        auto* source = Source(obj);
        return source != nullptr && (source->Connect(cb, context), true);
    }

    bool DisconnectWithoutContext(ObjectBase* obj, const CallbackBase& cb) const override
    {
        auto* source = Source(obj);
        return source != nullptr && (source->DisconnectWithoutContext(cb), true);
    }

    bool Disconnect(ObjectBase* obj, std::string context, const CallbackBase& cb) const override
    {
        auto* source = Source(obj);
        return source != nullptr && (source->Disconnect(cb, context), true);
    }

  private:
    /**
     * \param obj the object a path or a caller named
     * \return its trace source (the block made if need be), or null when
     *         obj is no PfhooksIpInstance
     */
    static auto* Source(ObjectBase* obj)
    {
        auto* ip = dynamic_cast<PfhooksIpInstance*>(obj);
        return ip != nullptr ? &(ip->GetTraces().*Member) : nullptr;
    }
};

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
                            Create<PfhooksLazyTraceAccessor<&PfhooksIpInstance::Traces::verdict>>(),
                            "ns3::PfhooksIpInstance::VerdictTracedCallback")
            .AddTraceSource(
                "HookVerdict",
                "A packet event's verdict on a packet, with the packet and the hook "
                "that decided.",
                Create<PfhooksLazyTraceAccessor<&PfhooksIpInstance::Traces::hookVerdict>>(),
                "ns3::PfhooksIpInstance::HookVerdictTracedCallback")
            .AddTraceSource(
                "Injected",
                "A net_inject() call: the datagram, the style and the result.",
                Create<PfhooksLazyTraceAccessor<&PfhooksIpInstance::Traces::injected>>(),
                "ns3::PfhooksIpInstance::InjectedTracedCallback")
            .AddTraceSource("Ipv4Drop",
                            "An IPv4 datagram a hook (or pfhooks) dropped: Ipv4L3Protocol's "
                            "Drop arguments, the event and the hook.",
                            Create<PfhooksLazyTraceAccessor<&PfhooksIpInstance::Traces::drop4>>(),
                            "ns3::PfhooksIpInstance::Ipv4DropTracedCallback")
            .AddTraceSource("Ipv6Drop",
                            "An IPv6 datagram a hook (or pfhooks) dropped: Ipv6L3Protocol's "
                            "Drop arguments, the event and the hook.",
                            Create<PfhooksLazyTraceAccessor<&PfhooksIpInstance::Traces::drop6>>(),
                            "ns3::PfhooksIpInstance::Ipv6DropTracedCallback");
    return tid;
}

PfhooksIpInstance::PfhooksIpInstance()
{
    PfhooksNodeTap::ListenForHooks();
}

PfhooksIpInstance::PfhooksIpInstance(const PfhooksIpInstance& o)
    : Object(o),
      PfhooksIpProvider(),
      m_checkChecksums(o.m_checkChecksums)
{
    PfhooksNodeTap::ListenForHooks();
}

PfhooksIpInstance::~PfhooksIpInstance() = default;

Ptr<PfhooksIpInstance>
PfhooksIpInstance::CreateDefault()
{
    // What ObjectBase::ConstructSelf sets depends on the attributes'
    // initial values (Config::SetDefault puts a new value object in place)
    // and NS_ATTRIBUTE_DEFAULT (read once per process): the prototype is
    // made by CreateObject again when the initial value is another object.
    static Ptr<PfhooksIpInstance> prototype;
    static Ptr<const AttributeValue> madeWith;
    const TypeId tid = GetTypeId();
    // The copy constructor copies CheckRewriteChecksums: an attribute added
    // to the TypeId must be copied there too.
    NS_ABORT_MSG_IF(tid.GetAttributeN() != 1,
                    "PfhooksIpInstance: copy every attribute in the copy constructor");
    Ptr<const AttributeValue> initial = tid.GetAttribute(0).initialValue;
    if (!prototype || initial != madeWith)
    {
        prototype = CreateObject<PfhooksIpInstance>();
        madeWith = initial;
    }
    return CopyObject<PfhooksIpInstance>(prototype);
}

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

namespace
{
/// Per node id: an instance was aggregated to the node and not yet
/// disposed.  Node ids start again after Simulator::Destroy, which
/// disposes every node's instance first.
std::vector<bool>&
AggregatedTo()
{
    static std::vector<bool> on;
    return on;
}
} // namespace

bool
PfhooksIpInstance::MayBeOn(uint32_t nodeId)
{
    const std::vector<bool>& on = AggregatedTo();
    return nodeId < on.size() && on[nodeId];
}

void
PfhooksIpInstance::NotifyNewAggregate()
{
    if (!m_node)
    {
        m_node = GetObject<Node>();
        if (m_node)
        {
            std::vector<bool>& on = AggregatedTo();
            uint32_t id = m_node->GetId();
            if (id >= on.size())
            {
                on.resize(id + 1);
            }
            on[id] = true;
        }
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
    if (m_node && m_node->GetId() < AggregatedTo().size())
    {
        AggregatedTo()[m_node->GetId()] = false;
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
        // Not CreateObject: the tap has no attributes to construct (its
        // GetInstanceTypeId says what it is), and that walk was a fiftieth
        // of Install.
        m_tap = Ptr<PfhooksNodeTap>(new PfhooksNodeTap(), false);
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

namespace
{
/// IP's family and event names, interned once per process: an instance
/// boots without building, comparing or hashing a name.
struct BootNames
{
    const std::string* family[PFH_NFAMILIES];                         //!< NHF_INET, ...
    const std::string* hook[PFH_NFAMILIES];                           //!< "inet", ...
    const PfhooksHookEvent::Names* event[PFH_NFAMILIES][PFH_NEVENTS]; //!< null: none
    uint32_t events;                                                  //!< events in all

    BootNames()
        : events(PfhooksNetProtocol::NumInstanceEvents())
    {
        for (int f = 0; f < PFH_NFAMILIES; f++)
        {
            const PfhooksNetProtocol& proto = PfhooksNetProtocol::Of(static_cast<PfhooksFamily>(f));
            family[f] = PfhooksHookEvent::Intern(proto.name);
            hook[f] = PfhooksHookEvent::Intern(proto.hookName);
            for (int e = 0; e < PFH_NEVENTS; e++)
            {
                event[f][e] = proto.HasEvent(static_cast<PfhooksEvent>(e))
                                  ? PfhooksHookEvent::InternNames(
                                        *family[f],
                                        PfhooksNetProtocol::EventName(static_cast<PfhooksEvent>(e)))
                                  : nullptr;
            }
        }
    }
};
} // namespace

void
PfhooksIpInstance::AddProtocols(Ptr<PfhooksHookStack> stack)
{
    NS_LOG_FUNCTION(this << stack);
    static const BootNames names;
    m_stack = stack;
    PfhooksNetInstanceRegistry& reg = PfhooksNetInstanceRegistry::Get();
    // The instance's events in one block (illumos makes them all at boot).
    PfhooksHookEvent::SlabScope slab(names.events);
    stack->ReserveFamilies(PFH_NFAMILIES);
    for (int f = 0; f < PFH_NFAMILIES; f++)
    {
        const PfhooksNetProtocol& proto = PfhooksNetProtocol::Of(static_cast<PfhooksFamily>(f));
        Ptr<PfhooksHookFamily> fam = stack->AddFamily(names.family[f], names.hook[f]);
        if (!fam)
        {
            continue;
        }
        // hpe_protocol: IP's own handle, as illumos's IP keeps its netd apart
        // from the modules' lookups.  Not counted, so that a module releasing
        // once too often is still caught; the handle lives while the family
        // does.  (The stack knows the netid: CreateInstance has not returned
        // it to us yet.)
        m_handles[f] = reg.OwnHandle(stack->GetNetid(), proto, fam);
        fam->ReserveEvents(proto.NumEvents());
        for (int e = 0; e < PFH_NEVENTS; e++)
        {
            if (names.event[f][e] != nullptr)
            {
                slab.Arm(true);
                Ptr<PfhooksHookEvent> ev = fam->AddEvent(names.event[f][e]);
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
    if (m_traces)
    {
        m_traces->verdict(m_node->GetId(), FamilyName(f), EventName(e), PFH_DROP, len);
    }
}

} // namespace ns3
