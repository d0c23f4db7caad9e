/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * FlowMonitor knows a packet by the byte tag its probes put on it at the
 * source; the tag's classes are private to ns-3's .cc files, so this probe
 * reaches them by TypeId name and their serialized form (the coupling is
 * documented in doc/traces-and-flowmonitor.md).
 */
#include "pfhooks-flow-probe.h"

#include "ns3/flow-monitor-helper.h"
#include "ns3/flow-monitor.h"
#include "ns3/log.h"
#include "ns3/tag.h"

#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksFlowProbe");
NS_OBJECT_ENSURE_REGISTERED(PfhooksFlowProbe);

namespace
{

/// What FlowMonitor's tags hold, as they serialize it.
struct FlowTagFields
{
    uint32_t flowId{0};   //!< FlowId
    uint32_t packetId{0}; //!< FlowPacketId
    uint32_t size{0};     //!< the packet's size when first sent
    uint8_t src[4]{};     //!< IPv4 tag only: source address
    uint8_t dst[4]{};     //!< IPv4 tag only: destination address
};

const char* const IPV4_TAG = "ns3::Ipv4FlowProbeTag";
const char* const IPV6_TAG = "ns3::Ipv6FlowProbeTag";
/// The serialized sizes this code knows: three words, and two addresses for IPv4.
const uint32_t IPV4_TAG_SIZE = 20;
const uint32_t IPV6_TAG_SIZE = 12;

/**
 * \return a tag of the class a TypeId names, made through the TypeId's
 *         constructor; null when ns-3 has no such class or it is no Tag of
 *         the expected size (another ns-3 version: then nothing is reported)
 */
std::unique_ptr<Tag>
MakeTag(const char* name, uint32_t size)
{
    TypeId tid;
    if (!TypeId::LookupByNameFailSafe(name, &tid) || !tid.HasConstructor())
    {
        NS_LOG_WARN(name << " is not a known constructible TypeId: pfhooks drops not reported");
        return nullptr;
    }
    ObjectBase* made = tid.GetConstructor()();
    std::unique_ptr<Tag> tag(dynamic_cast<Tag*>(made));
    if (!tag)
    {
        delete made;
        return nullptr;
    }
    if (tag->GetSerializedSize() != size)
    {
        NS_LOG_WARN(name << " serializes to " << tag->GetSerializedSize() << " bytes, not " << size
                         << ": pfhooks drops not reported");
        return nullptr;
    }
    return tag;
}

/** \return true with *out set when the packet carries the named FlowMonitor tag */
bool
ReadFlowTag(const Packet& p, const char* name, uint32_t size, FlowTagFields* out)
{
    ByteTagIterator it = p.GetByteTagIterator();
    while (it.HasNext())
    {
        ByteTagIterator::Item item = it.Next();
        if (item.GetTypeId().GetName() != name)
        {
            continue;
        }
        std::unique_ptr<Tag> tag = MakeTag(name, size);
        if (!tag)
        {
            return false;
        }
        item.GetTag(*tag);
        std::vector<uint8_t> buf(size);
        tag->Serialize(TagBuffer(buf.data(), buf.data() + size));
        TagBuffer in(buf.data(), buf.data() + size);
        out->flowId = in.ReadU32();
        out->packetId = in.ReadU32();
        out->size = in.ReadU32();
        if (size == IPV4_TAG_SIZE)
        {
            in.Read(out->src, 4);
            in.Read(out->dst, 4);
        }
        return true;
    }
    return false;
}

/** Puts the named FlowMonitor tag on a packet, as its probe would have. */
void
WriteFlowTag(const Packet& p, const char* name, uint32_t size, const FlowTagFields& fields)
{
    std::unique_ptr<Tag> tag = MakeTag(name, size);
    if (!tag)
    {
        return;
    }
    std::vector<uint8_t> buf(size);
    TagBuffer out(buf.data(), buf.data() + size);
    out.WriteU32(fields.flowId);
    out.WriteU32(fields.packetId);
    out.WriteU32(fields.size);
    if (size == IPV4_TAG_SIZE)
    {
        out.Write(fields.src, 4);
        out.Write(fields.dst, 4);
    }
    tag->Deserialize(TagBuffer(buf.data(), buf.data() + size));
    p.AddByteTag(*tag);
}

/** Splits a datagram's copy into header and payload, without link-layer padding. */
template <typename HeaderT>
Ptr<Packet>
Split(const Ptr<const Packet>& datagram, HeaderT* h)
{
    Ptr<Packet> payload = datagram->Copy();
    payload->RemoveHeader(*h);
    uint32_t want;
    if constexpr (std::is_same<HeaderT, Ipv4Header>::value)
    {
        want = h->GetPayloadSize();
    }
    else
    {
        want = h->GetPayloadLength();
    }
    if (payload->GetSize() > want)
    {
        payload->RemoveAtEnd(payload->GetSize() - want);
    }
    return payload;
}

} // namespace

std::string
PfhooksDropReason::GetName() const
{
    std::ostringstream os;
    os << "pfhooks:" << node << ":" << family << ":" << event << ":"
       << (hook.empty() ? "<pfhooks>" : hook);
    return os.str();
}

uint32_t
PfhooksFlowDropReasons::CodeOf(uint32_t node,
                               const std::string& family,
                               const std::string& event,
                               const std::string& hook)
{
    auto key = std::make_tuple(node, family, event, hook);
    auto it = m_codes.find(key);
    if (it != m_codes.end())
    {
        return it->second;
    }
    PfhooksDropReason r;
    r.code = FIRST_CODE + static_cast<uint32_t>(m_reasons.size());
    r.node = node;
    r.family = family;
    r.event = event;
    r.hook = hook;
    m_reasons.push_back(r);
    m_codes.emplace(key, r.code);
    return r.code;
}

bool
PfhooksFlowDropReasons::Lookup(uint32_t code, PfhooksDropReason* reason) const
{
    if (code < FIRST_CODE || code - FIRST_CODE >= m_reasons.size())
    {
        return false;
    }
    *reason = m_reasons[code - FIRST_CODE];
    return true;
}

std::string
PfhooksFlowDropReasons::GetName(uint32_t code) const
{
    PfhooksDropReason r;
    return Lookup(code, &r) ? r.GetName() : "";
}

TypeId
PfhooksFlowProbe::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PfhooksFlowProbe").SetParent<FlowProbe>().SetGroupName("Pfhooks")
        // No constructor: a probe belongs to a monitor and a node.
        ;
    return tid;
}

PfhooksFlowProbe::PfhooksFlowProbe(Ptr<FlowMonitor> monitor,
                                   Ptr<Ipv4FlowClassifier> classifier4,
                                   Ptr<Ipv6FlowClassifier> classifier6,
                                   Ptr<Node> node,
                                   Ptr<PfhooksFlowDropReasons> reasons)
    : FlowProbe(monitor),
      m_ip(node->GetObject<PfhooksIpInstance>()),
      m_classifier4(classifier4),
      m_classifier6(classifier6),
      m_reasons(reasons),
      m_node(node->GetId())
{
    NS_LOG_FUNCTION(this << node->GetId());
    NS_ABORT_MSG_IF(!m_ip, "PfhooksFlowProbe: node " << node->GetId() << " has no pfhooks");
    // Raw `this`: the instance must not keep the probe (and so the monitor)
    // alive; DoDispose disconnects.
    m_ip->TraceConnectWithoutContext("Ipv4Drop", MakeCallback(&PfhooksFlowProbe::Drop4, this));
    m_ip->TraceConnectWithoutContext("Ipv6Drop", MakeCallback(&PfhooksFlowProbe::Drop6, this));
    m_ip->TraceConnectWithoutContext("Injected", MakeCallback(&PfhooksFlowProbe::Injected, this));
}

PfhooksFlowProbe::~PfhooksFlowProbe() = default;

void
PfhooksFlowProbe::DoDispose()
{
    NS_LOG_FUNCTION(this);
    if (m_ip)
    {
        m_ip->TraceDisconnectWithoutContext("Ipv4Drop",
                                            MakeCallback(&PfhooksFlowProbe::Drop4, this));
        m_ip->TraceDisconnectWithoutContext("Ipv6Drop",
                                            MakeCallback(&PfhooksFlowProbe::Drop6, this));
        m_ip->TraceDisconnectWithoutContext("Injected",
                                            MakeCallback(&PfhooksFlowProbe::Injected, this));
    }
    m_ip = nullptr;
    m_classifier4 = nullptr;
    m_classifier6 = nullptr;
    m_reasons = nullptr;
    FlowProbe::DoDispose();
}

Ptr<PfhooksFlowDropReasons>
PfhooksFlowProbe::Install(FlowMonitorHelper& helper, NodeContainer nodes)
{
    NS_LOG_FUNCTION(&helper);
    // The monitor first: it makes the classifiers it serializes with.
    Ptr<FlowMonitor> monitor = helper.GetMonitor();
    Ptr<Ipv4FlowClassifier> c4 = DynamicCast<Ipv4FlowClassifier>(helper.GetClassifier());
    Ptr<Ipv6FlowClassifier> c6 = DynamicCast<Ipv6FlowClassifier>(helper.GetClassifier6());
    Ptr<PfhooksFlowDropReasons> reasons = Create<PfhooksFlowDropReasons>();
    for (auto it = nodes.Begin(); it != nodes.End(); ++it)
    {
        if ((*it)->GetObject<PfhooksIpInstance>())
        {
            // The monitor keeps the probe (FlowProbe's constructor adds it).
            Create<PfhooksFlowProbe>(monitor, c4, c6, *it, reasons);
        }
    }
    return reasons;
}

void
PfhooksFlowProbe::Drop4(const Ipv4Header& header,
                        Ptr<const Packet> payload,
                        Ipv4L3Protocol::DropReason,
                        Ptr<Ipv4>,
                        uint32_t,
                        const std::string& event,
                        const std::string& hook)
{
    FlowTagFields t;
    if (!ReadFlowTag(*payload, IPV4_TAG, IPV4_TAG_SIZE, &t))
    {
        return; // not a packet FlowMonitor tracks
    }
    uint32_t size = payload->GetSize() + header.GetSerializedSize();
    m_flowMonitor->ReportDrop(this,
                              t.flowId,
                              t.packetId,
                              size,
                              m_reasons->CodeOf(m_node, "NHF_INET", event, hook));
}

void
PfhooksFlowProbe::Drop6(const Ipv6Header& header,
                        Ptr<const Packet> payload,
                        Ipv6L3Protocol::DropReason,
                        Ptr<Ipv6>,
                        uint32_t,
                        const std::string& event,
                        const std::string& hook)
{
    FlowTagFields t;
    if (!ReadFlowTag(*payload, IPV6_TAG, IPV6_TAG_SIZE, &t))
    {
        return;
    }
    uint32_t size = payload->GetSize() + header.GetSerializedSize();
    m_flowMonitor->ReportDrop(this,
                              t.flowId,
                              t.packetId,
                              size,
                              m_reasons->CodeOf(m_node, "NHF_INET6", event, hook));
}

void
PfhooksFlowProbe::Injected(Ptr<const Packet> packet, uint32_t, int, int result)
{
    if (result != 0 || packet->GetSize() == 0)
    {
        return;
    }
    uint8_t first = 0;
    packet->CopyData(&first, 1);
    FlowTagFields t;
    if ((first >> 4) == 4 && m_classifier4)
    {
        Ipv4Header h;
        Ptr<Packet> payload = Split(packet, &h);
        // As Ipv4FlowProbe: unicast only, and a packet is sent once.
        Ptr<Ipv4L3Protocol> ipv4 = m_ip->GetNode()->GetObject<Ipv4L3Protocol>();
        if (!ipv4->IsUnicast(h.GetDestination()) ||
            ReadFlowTag(*packet, IPV4_TAG, IPV4_TAG_SIZE, &t) ||
            !m_classifier4->Classify(h, payload, &t.flowId, &t.packetId))
        {
            return;
        }
        t.size = payload->GetSize() + h.GetSerializedSize();
        h.GetSource().Serialize(t.src);
        h.GetDestination().Serialize(t.dst);
        m_flowMonitor->ReportFirstTx(this, t.flowId, t.packetId, t.size);
        WriteFlowTag(*packet, IPV4_TAG, IPV4_TAG_SIZE, t);
    }
    else if ((first >> 4) == 6 && m_classifier6)
    {
        Ipv6Header h;
        Ptr<Packet> payload = Split(packet, &h);
        // As Ipv6FlowProbe: no multicast, and a packet is sent once.
        if (h.GetDestination().IsMulticast() || ReadFlowTag(*packet, IPV6_TAG, IPV6_TAG_SIZE, &t) ||
            !m_classifier6->Classify(h, payload, &t.flowId, &t.packetId))
        {
            return;
        }
        t.size = payload->GetSize() + h.GetSerializedSize();
        m_flowMonitor->ReportFirstTx(this, t.flowId, t.packetId, t.size);
        WriteFlowTag(*packet, IPV6_TAG, IPV6_TAG_SIZE, t);
    }
}

} // namespace ns3
