/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-scenario-hooks.h"

#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/packet-checksums.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-hook-event.h"
#include "ns3/pfhooks-zone-helper.h"
#include "ns3/simulator.h"

#include <algorithm>
#include <cstring>
#include <netinet/in.h>

namespace ns3
{

/** One built-in hook on one node. */
class ScenarioBuiltinHook : public SimpleRefCount<ScenarioBuiltinHook>
{
  public:
    const ScenarioHookSpec* spec{nullptr};      //!< what it does
    uint32_t node{0};                           //!< where
    Ptr<Node> nodePtr;                          //!< where
    bool registered{false};                     //!< on the node's instance now
    std::vector<std::vector<uint8_t>> srcAddrs; //!< match.src-node's addresses
    std::vector<std::vector<uint8_t>> dstAddrs; //!< match.dst-node's addresses
    uint64_t acted{0};                          //!< matches acted on
    std::vector<std::vector<uint8_t>> pending;  //!< copies it queued, not yet seen again

    /** The PacketHookCallback. */
    int Run(PacketHookContext& ctx);

  private:
    bool Matches(const uint8_t* b, uint32_t len) const;
    void Rewrite(uint8_t* b, uint32_t len) const;
    void Inject(PacketHookContext& ctx, const uint8_t* b, uint32_t len);
};

namespace
{

const char*
FamilyName(const std::string& f)
{
    return f == "inet" ? "NHF_INET" : (f == "inet6" ? "NHF_INET6" : "NHF_ARP");
}

/// Address or prefix match ("" matches anything).
bool
PrefixMatch(const std::string& want, bool v6, const uint8_t* a)
{
    if (want.empty())
    {
        return true;
    }
    std::string addr = want;
    int bits = v6 ? 128 : 32;
    std::string::size_type slash = want.find('/');
    if (slash != std::string::npos)
    {
        addr = want.substr(0, slash);
        bits = std::stoi(want.substr(slash + 1));
    }
    if ((addr.find(':') != std::string::npos) != v6)
    {
        return false; // the other family's address
    }
    uint8_t w[16];
    if (v6)
    {
        Ipv6Address(addr.c_str()).GetBytes(w);
    }
    else
    {
        Ipv4Address(addr.c_str()).Serialize(w);
    }
    for (int i = 0; i < bits; ++i)
    {
        uint8_t m = static_cast<uint8_t>(0x80 >> (i % 8));
        if ((w[i / 8] & m) != (a[i / 8] & m))
        {
            return false;
        }
    }
    return true;
}

bool
InSet(const std::vector<std::vector<uint8_t>>& set, const uint8_t* a, uint32_t alen)
{
    for (const auto& x : set)
    {
        if (x.size() == alen && std::memcmp(x.data(), a, alen) == 0)
        {
            return true;
        }
    }
    return false;
}

/// Recomputes the IPv4 header checksum and the TCP/UDP/ICMP checksum.
void
FixChecksums(uint8_t* b, uint32_t len)
{
    bool v6 = (b[0] >> 4) == 6;
    uint32_t hl = v6 ? 40 : (b[0] & 0x0f) * 4u;
    if (!v6)
    {
        b[10] = b[11] = 0;
        uint16_t c = static_cast<uint16_t>(~OnesFold(OnesSum(b, hl)));
        b[10] = c >> 8;
        b[11] = c & 0xff;
    }
    int proto = v6 ? b[6] : b[9];
    uint32_t l4len = len - hl;
    uint32_t off = proto == 6 ? 16 : (proto == 17 ? 6 : 2);
    if (l4len < off + 2 || (!v6 && proto == 17 && b[hl + 6] == 0 && b[hl + 7] == 0))
    {
        return; // too short, or a UDP datagram without checksum
    }
    uint8_t* l4 = b + hl;
    l4[off] = l4[off + 1] = 0;
    uint32_t sum = 0;
    if (proto != 1) // ICMPv4 has no pseudo-header
    {
        uint8_t ph[40] = {};
        uint32_t alen = v6 ? 16 : 4;
        std::memcpy(ph, v6 ? b + 8 : b + 12, alen);
        std::memcpy(ph + alen, v6 ? b + 24 : b + 16, alen);
        uint32_t n = 2 * alen;
        ph[n + 1] = static_cast<uint8_t>(proto);
        ph[n + 2] = static_cast<uint8_t>(l4len >> 8);
        ph[n + 3] = static_cast<uint8_t>(l4len & 0xff);
        sum = OnesSum(ph, n + 4);
    }
    uint16_t c = static_cast<uint16_t>(~OnesFold(OnesSum(l4, l4len, sum)));
    if (proto == 17 && c == 0)
    {
        c = 0xffff;
    }
    l4[off] = c >> 8;
    l4[off + 1] = c & 0xff;
}

} // namespace

bool
ScenarioBuiltinHook::Matches(const uint8_t* b, uint32_t len) const
{
    const ScenarioMatchSpec& m = spec->match;
    if (spec->family == "arp")
    {
        return true;
    }
    bool v6 = spec->family == "inet6";
    uint32_t hl = v6 ? 40 : (b[0] & 0x0f) * 4u;
    if (len < hl)
    {
        return false;
    }
    int proto = v6 ? b[6] : b[9];
    const uint8_t* src = v6 ? b + 8 : b + 12;
    const uint8_t* dst = v6 ? b + 24 : b + 16;
    uint32_t alen = v6 ? 16 : 4;
    if ((m.protocol >= 0 && proto != m.protocol) || !PrefixMatch(m.src, v6, src) ||
        !PrefixMatch(m.dst, v6, dst) || (m.srcNode >= 0 && !InSet(srcAddrs, src, alen)) ||
        (m.dstNode >= 0 && !InSet(dstAddrs, dst, alen)))
    {
        return false;
    }
    const uint8_t* l4 = b + hl;
    bool ports = proto == 6 || proto == 17;
    if ((m.sport >= 0 || m.dport >= 0) && (!ports || len < hl + 4))
    {
        return false;
    }
    if ((m.sport >= 0 && (l4[0] << 8 | l4[1]) != m.sport) ||
        (m.dport >= 0 && (l4[2] << 8 | l4[3]) != m.dport))
    {
        return false;
    }
    if (m.icmpType >= 0 && (proto != (v6 ? 58 : 1) || len < hl + 1 || l4[0] != m.icmpType))
    {
        return false;
    }
    return true;
}

void
ScenarioBuiltinHook::Rewrite(uint8_t* b, uint32_t len) const
{
    bool v6 = spec->family == "inet6";
    uint32_t hl = v6 ? 40 : (b[0] & 0x0f) * 4u;
    const std::string& f = spec->field;
    auto v = static_cast<uint8_t>(spec->value);
    if (f == "ttl")
    {
        b[8] = v;
    }
    else if (f == "tos")
    {
        b[1] = v;
    }
    else if (f == "hlim")
    {
        b[7] = v;
    }
    else if (f == "tclass")
    {
        b[0] = static_cast<uint8_t>(0x60 | (v >> 4));
        b[1] = static_cast<uint8_t>((b[1] & 0x0f) | ((v & 0x0f) << 4));
    }
    else
    {
        int proto = v6 ? b[6] : b[9];
        if ((proto != 6 && proto != 17) || len < hl + 4)
        {
            return; // no ports to rewrite
        }
        uint32_t at = hl + (f == "sport" ? 0 : 2);
        b[at] = static_cast<uint8_t>(spec->value >> 8);
        b[at + 1] = static_cast<uint8_t>(spec->value & 0xff);
    }
    FixChecksums(b, len);
}

void
ScenarioBuiltinHook::Inject(PacketHookContext& ctx, const uint8_t* b, uint32_t len)
{
    Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(nodePtr);
    bool v6 = spec->family == "inet6";
    // FORWARDING's packet is on its way out too (to its destination).
    bool outbound = spec->event == "PHYSICAL_OUT" || spec->event == "LOOPBACK_OUT" ||
                    spec->event == "FORWARDING";
    inject_t style = spec->style == "NI_QUEUE_IN"
                         ? NI_QUEUE_IN
                         : (spec->style == "NI_QUEUE_OUT" ? NI_QUEUE_OUT : NI_DIRECT_OUT);
    phy_if_t in = ctx.GetInInterface();
    phy_if_t out = ctx.GetOutInterface();
    phy_if_t phy = style == NI_QUEUE_IN ? (in ? in : out) : (out ? out : in);
    // NI_DIRECT_OUT's next hop: as given, else where the packet is headed
    // (outbound) or where it came from (inbound: sent back).
    struct sockaddr_storage ss;
    std::memset(&ss, 0, sizeof(ss));
    std::string hop = spec->nextHop;
    const uint8_t* fromPacket = v6 ? (outbound ? b + 24 : b + 8) : (outbound ? b + 16 : b + 12);
    if (v6)
    {
        auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(&ss);
        sin6->sin6_family = AF_INET6;
        if (hop.empty())
        {
            std::memcpy(sin6->sin6_addr.s6_addr, fromPacket, 16);
        }
        else
        {
            Ipv6Address(hop.c_str()).GetBytes(sin6->sin6_addr.s6_addr);
        }
    }
    else
    {
        auto* sin = reinterpret_cast<struct sockaddr_in*>(&ss);
        sin->sin_family = AF_INET;
        uint8_t a[4];
        if (hop.empty())
        {
            std::memcpy(a, fromPacket, 4);
        }
        else
        {
            Ipv4Address(hop.c_str()).Serialize(a);
        }
        std::memcpy(&sin->sin_addr.s_addr, a, 4);
    }
    int rv = ip->Inject(v6 ? PFH_INET6 : PFH_INET, style, b, len, phy, &ss);
    if (rv == 0)
    {
        PfhooksHookEvent::NoteInjection(); // as net_inject() credits the hook
        if (style != NI_DIRECT_OUT)
        {
            // The copy comes by this hook again: let it pass then.
            pending.emplace_back(b, b + len);
            if (pending.size() > 64)
            {
                pending.erase(pending.begin());
            }
        }
    }
}

namespace
{
/**
 * \return true when b is the copy a hook queued as q: NI_QUEUE_OUT gives an
 * IPv4 copy a new IP ID (and so a new header checksum), as illumos does.
 */
bool
SameCopy(const uint8_t* q, const uint8_t* b, uint32_t len)
{
    if (len < 20 || (b[0] >> 4) != 4)
    {
        return std::memcmp(q, b, len) == 0;
    }
    return std::memcmp(q, b, 4) == 0 && std::memcmp(q + 6, b + 6, 4) == 0 &&
           std::memcmp(q + 12, b + 12, len - 12) == 0;
}
} // namespace

int
ScenarioBuiltinHook::Run(PacketHookContext& ctx)
{
    uint32_t len = ctx.GetSize();
    uint8_t* b = ctx.GetBytes();
    if (b == nullptr)
    {
        return 0;
    }
    for (auto it = pending.begin(); it != pending.end(); ++it)
    {
        if (it->size() == len && SameCopy(it->data(), b, len))
        {
            pending.erase(it);
            return 0;
        }
    }
    if ((spec->limit > 0 && acted >= spec->limit) || !Matches(b, len))
    {
        return 0;
    }
    ++acted;
    const std::string& a = spec->action;
    if (a == "drop")
    {
        ctx.Drop();
        return 1;
    }
    if (a == "rewrite")
    {
        Rewrite(b, len);
    }
    else if (a == "inject")
    {
        std::vector<uint8_t> copy(b, b + len);
        Inject(ctx, copy.data(), len);
    }
    return 0;
}

ScenarioHooks::ScenarioHooks() = default;

ScenarioHooks::~ScenarioHooks() = default;

void
ScenarioHooks::Install(const ScenarioSpec& s, const ScenarioNet& net)
{
    for (const auto& spec : s.hooks)
    {
        for (uint32_t node : spec.nodes)
        {
            Ptr<ScenarioBuiltinHook> h = Create<ScenarioBuiltinHook>();
            h->spec = &spec;
            h->node = node;
            h->nodePtr = net.nodes.Get(node);
            auto addrs = [&](int64_t n, std::vector<std::vector<uint8_t>>* out) {
                if (n < 0)
                {
                    return;
                }
                uint8_t buf[16];
                for (const auto& a : net.v4[n])
                {
                    a.Serialize(buf);
                    out->emplace_back(buf, buf + 4);
                }
                for (const auto& a : net.v6[n])
                {
                    a.GetBytes(buf);
                    out->emplace_back(buf, buf + 16);
                }
            };
            addrs(spec.match.srcNode, &h->srcAddrs);
            addrs(spec.match.dstNode, &h->dstAddrs);
            m_hooks.push_back(h);
            Simulator::Schedule(Seconds(spec.start), &ScenarioHooks::Register, this, h);
            if (spec.stop >= 0)
            {
                Simulator::Schedule(Seconds(spec.stop), &ScenarioHooks::Unregister, this, h);
            }
        }
    }
    for (uint32_t i = 0; i < net.nodes.GetN(); ++i)
    {
        if (Ptr<PfhooksZone> z = PfhooksZoneHelper::GetZone(net.nodes.Get(i)))
        {
            z->TraceConnectWithoutContext("ZoneState",
                                          MakeCallback(&ScenarioHooks::ZoneState, this));
        }
    }
}

void
ScenarioHooks::Register(Ptr<ScenarioBuiltinHook> h)
{
    Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(h->nodePtr);
    double now = Simulator::Now().GetSeconds();
    if (h->registered || !ip || !ip->IsRunning() || now < h->spec->start ||
        (h->spec->stop >= 0 && now >= h->spec->stop))
    {
        return; // a halted zone: registered when it boots
    }
    int rv = ip->AddPacketHook(FamilyName(h->spec->family),
                               h->spec->event,
                               h->spec->name,
                               MakeCallback(&ScenarioBuiltinHook::Run, h));
    if (rv != 0)
    {
        m_errors.push_back("hook " + h->spec->name + " on node " + std::to_string(h->node) +
                           ": errno " + std::to_string(rv));
        return;
    }
    h->registered = true;
}

void
ScenarioHooks::Unregister(Ptr<ScenarioBuiltinHook> h)
{
    Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(h->nodePtr);
    if (ip && ip->IsRunning() && h->registered)
    {
        ip->RemoveHook(FamilyName(h->spec->family), h->spec->event, h->spec->name);
    }
    h->registered = false;
}

void
ScenarioHooks::ZoneState(uint32_t nodeId, netid_t netid, bool booted)
{
    for (const auto& h : m_hooks)
    {
        if (h->nodePtr->GetId() == nodeId)
        {
            h->registered = false; // a halt took it; a boot brings it back
            if (booted)
            {
                Register(h);
            }
        }
    }
}

} // namespace ns3
