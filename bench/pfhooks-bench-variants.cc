/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks-bench's variants: the hooks each registers (C++ and the Solaris
 * C face), and rewrite-floor, what a faithful TOS rewrite at PHYSICAL_IN and
 * PHYSICAL_OUT costs plain ns-3 through its public API.
 */
#include "pfhooks-bench-variants.h"

#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-neti.h"
#include "ns3/traffic-control-layer.h"

#include <typeinfo>
#include <vector>

using namespace ns3;

namespace
{

int
CxxAccept(PacketHookContext&)
{
    return 0;
}

void
CxxObserve(const ObservedPacket&)
{
}

uint32_t g_observedProtocols = 0;

/// An observer that looks at the bytes (the copy it costs stays measured).
void
CxxObserveRead(const ObservedPacket& p)
{
    g_observedProtocols += p.GetBytes()[9];
}

int
CAccept(hook_event_token_t, hook_data_t data, void*)
{
    // Touch the header as a filter would.
    const auto* pkt = reinterpret_cast<const hook_pkt_event_t*>(data);
    return static_cast<const uint8_t*>(pkt->hpe_hdr)[9] == 255;
}

int g_mypkthookCounter = 0;

int
MyPktHook(hook_event_token_t, hook_data_t data, void*)
{
    int& counter = g_mypkthookCounter;
    auto* pkt = reinterpret_cast<hook_pkt_event_t*>(data);
    if (++counter == 100)
    {
        counter = 0;
        freemsg(*pkt->hpe_mp);
        *pkt->hpe_mp = nullptr;
        return 1;
    }
    return 0;
}

/** Flips TOS between 0 and 4 and fixes the header checksum (RFC 1624). */
inline void
FlipTos(uint8_t* ip)
{
    uint16_t oldw = (ip[0] << 8) | ip[1];
    ip[1] ^= 0x04;
    uint16_t neww = (ip[0] << 8) | ip[1];
    uint32_t sum = (~((ip[10] << 8) | ip[11]) & 0xffff) + (~oldw & 0xffff) + neww;
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    ip[10] = (~sum >> 8) & 0xff;
    ip[11] = ~sum & 0xff;
}

int
RewriteTos(hook_event_token_t, hook_data_t data, void*)
{
    auto* pkt = reinterpret_cast<hook_pkt_event_t*>(data);
    FlipTos(static_cast<uint8_t*>(pkt->hpe_hdr));
    return 0;
}

uint64_t g_floorRewrites = 0; //!< rewrite-floor's rewrites whose send was seen received

/**
 * What any TOS rewrite at PHYSICAL_IN and PHYSICAL_OUT costs ns-3 itself,
 * without pfhooks (variant rewrite-floor): per IPv4 datagram received from
 * a device, a copy of the packet with its IP header's bytes replaced (TOS
 * flipped, checksum fixed as RFC 1624 does); per IPv4 item sent, a new
 * Ipv4QueueDiscItem with the same payload and a copy of its header with the
 * TOS flipped (the device writes header and checksum, as without it).  The
 * cheapest ns-3's public API allows that is still faithful: the wire,
 * pcap, MacRx and IP's traces see what a hook's rewrite gives them, the
 * packets' uid and tags are kept.  A traffic-control layer in front of the
 * node's own, as pfhooks' tap is.
 */
class RewriteFloor : public TrafficControlLayer
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId()
    {
        static TypeId tid = TypeId("ns3::PfhooksBenchRewriteFloor")
                                .SetParent<TrafficControlLayer>()
                                .SetGroupName("Pfhooks");
        return tid;
    }

    /** Puts one in front of every node's traffic control (IPv4 and its devices). */
    static void Install(NodeContainer nodes)
    {
        for (uint32_t n = 0; n < nodes.GetN(); n++)
        {
            Ptr<Node> node = nodes.Get(n);
            Ptr<TrafficControlLayer> real = node->GetObject<TrafficControlLayer>();
            Ptr<RewriteFloor> floor = CreateObject<RewriteFloor>();
            floor->m_real = real;
            Ptr<Ipv4L3Protocol> ip = node->GetObject<Ipv4L3Protocol>();
            Ptr<Ipv6L3Protocol> ip6 = node->GetObject<Ipv6L3Protocol>();
            // Ipv4L3Protocol::AddInterface registered the real layer's
            // Receive for IPv4 and ARP on each device (Ipv6L3Protocol's for
            // IPv6).  Node::UnregisterProtocolHandler drops one match per
            // call, whichever device it was for: take all, put back ARP's
            // and IPv6's, and IPv4 goes through the floor.
            Node::ProtocolHandler realRx = MakeCallback(&TrafficControlLayer::Receive, real);
            Node::ProtocolHandler floorRx = MakeCallback(&RewriteFloor::Receive, floor);
            std::vector<Ptr<NetDevice>> v4, v6;
            for (uint32_t i = 0; i < ip->GetNInterfaces(); i++)
            {
                Ptr<NetDevice> dev = ip->GetInterface(i)->GetDevice();
                if (!DynamicCast<LoopbackNetDevice>(dev))
                {
                    ip->GetInterface(i)->SetTrafficControl(floor);
                    v4.push_back(dev);
                }
            }
            for (uint32_t i = 0; ip6 && i < ip6->GetNInterfaces(); i++)
            {
                Ptr<NetDevice> dev = ip6->GetInterface(i)->GetDevice();
                if (!DynamicCast<LoopbackNetDevice>(dev))
                {
                    v6.push_back(dev);
                }
            }
            for (size_t k = 0; k < 2 * v4.size() + v6.size(); k++)
            {
                node->UnregisterProtocolHandler(realRx);
            }
            for (const auto& dev : v6)
            {
                node->RegisterProtocolHandler(realRx, Ipv6L3Protocol::PROT_NUMBER, dev);
            }
            for (const auto& dev : v4)
            {
                node->RegisterProtocolHandler(floorRx, Ipv4L3Protocol::PROT_NUMBER, dev);
                node->RegisterProtocolHandler(realRx, ArpL3Protocol::PROT_NUMBER, dev);
            }
        }
    }

    void Receive(Ptr<NetDevice> device,
                 Ptr<const Packet> p,
                 uint16_t protocol,
                 const Address& from,
                 const Address& to,
                 NetDevice::PacketType packetType) override
    {
        uint8_t b[60];
        uint32_t hl = 0;
        if (protocol != Ipv4L3Protocol::PROT_NUMBER || p->CopyData(b, 20) != 20 ||
            (b[0] >> 4) != 4 || (hl = (b[0] & 0x0f) * 4u) < 20 ||
            (hl > 20 && p->CopyData(b, hl) != hl))
        {
            m_real->Receive(device, p, protocol, from, to, packetType); // ns-3 judges it
            return;
        }
        // The sender's rewrite on the wire: counted, the bench checks them all.
        g_floorRewrites += (b[1] & 0x04) != 0 ? 2 : 0;
        FlipTos(b);
        // The received packet's buffer is shared (the device keeps a copy
        // for its MacRx trace): ns-3 copies it here, whatever writes it.
        Ptr<Packet> np = p->Copy();
        np->RemoveAtStart(hl);
        m_head.m_bytes = b;
        m_head.m_size = hl;
        np->AddHeader(m_head);
        m_real->Receive(device, np, protocol, from, to, packetType);
    }

    void Send(Ptr<NetDevice> device, Ptr<QueueDiscItem> item) override
    {
        QueueDiscItem& it = *PeekPointer(item);
        if (typeid(it) == typeid(Ipv4QueueDiscItem))
        {
            // The item's header is const: a new item with a changed copy.
            const auto& v4 = static_cast<const Ipv4QueueDiscItem&>(it);
            Ipv4Header h = v4.GetHeader();
            h.SetTos(h.GetTos() ^ 0x04);
            item = Create<Ipv4QueueDiscItem>(v4.GetPacket(), v4.GetAddress(), v4.GetProtocol(), h);
        }
        m_real->Send(device, item);
    }

  protected:
    void DoDispose() override
    {
        m_real = nullptr;
        TrafficControlLayer::DoDispose();
    }

  private:
    /** The new header's bytes as an Ipv4Header item (as packet metadata names it). */
    class Head : public Header
    {
      public:
        TypeId GetInstanceTypeId() const override
        {
            static const TypeId v4 = Ipv4Header::GetTypeId();
            return v4;
        }

        uint32_t GetSerializedSize() const override
        {
            return m_size;
        }

        void Serialize(Buffer::Iterator start) const override
        {
            start.Write(m_bytes, m_size);
        }

        uint32_t Deserialize(Buffer::Iterator start) override
        {
            return 0; // never parsed: printing finds an Ipv4Header item
        }

        void Print(std::ostream& os) const override
        {
        }

        const uint8_t* m_bytes{nullptr}; //!< the bytes, for the AddHeader call
        uint32_t m_size{0};              //!< their number
    };

    Ptr<TrafficControlLayer> m_real; //!< the node's own layer
    Head m_head;                     //!< one object for every received datagram
};

hook_t g_hooks[2];

} // namespace

namespace pfhooks_bench
{

/** Registers the variant's hooks on every node. */
void
AddHooks(Variant v, NodeContainer nodes)
{
    for (uint32_t n = 0; n < nodes.GetN(); n++)
    {
        Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(nodes.Get(n));
        int err = 0;
        switch (v)
        {
        case CXX_ACCEPT:
            err |= ip->AddPacketHook(NHF_INET, NH_PHYSICAL_IN, "in", MakeCallback(&CxxAccept));
            err |= ip->AddPacketHook(NHF_INET, NH_PHYSICAL_OUT, "out", MakeCallback(&CxxAccept));
            break;
        case FWD_ACCEPT:
            err |= ip->AddPacketHook(NHF_INET, NH_FORWARDING, "fwd", MakeCallback(&CxxAccept));
            break;
        case OBSERVE:
            err |= ip->AddObserveHook(NHF_INET, "obs", MakeCallback(&CxxObserve));
            break;
        case OBSERVE_READ:
            err |= ip->AddObserveHook(NHF_INET, "obs", MakeCallback(&CxxObserveRead));
            break;
        case V6_ACCEPT:
        case ARP_ACCEPT:
        case ACTIVE:
        case ACTIVE_CSMA: {
            // active-taps(-csma): hooks on inet6, which the IPv4 flood never
            // runs; the taps' active path on every datagram, no hook call.
            const char* fam = v == ARP_ACCEPT ? NHF_ARP : NHF_INET6;
            err |= ip->AddPacketHook(fam, NH_PHYSICAL_IN, "in", MakeCallback(&CxxAccept));
            err |= ip->AddPacketHook(fam, NH_PHYSICAL_OUT, "out", MakeCallback(&CxxAccept));
            break;
        }
        case C_ACCEPT:
        case MYPKTHOOK:
        case REWRITE_TOS: {
            // The Solaris C face, as a module does it.
            net_handle_t h = net_protocol_lookup(ip->GetNetid(), NHF_INET);
            hook_func_t fn = v == C_ACCEPT ? CAccept : v == MYPKTHOOK ? MyPktHook : RewriteTos;
            g_hooks[0] = hook_t{HOOK_VERSION, fn, const_cast<char*>("in"), 0, HH_NONE, 0, nullptr};
            g_hooks[1] = hook_t{HOOK_VERSION, fn, const_cast<char*>("out"), 0, HH_NONE, 0, nullptr};
            err |= net_hook_register(h, const_cast<char*>(NH_PHYSICAL_IN), &g_hooks[0]);
            if (v != MYPKTHOOK)
            {
                err |= net_hook_register(h, const_cast<char*>(NH_PHYSICAL_OUT), &g_hooks[1]);
            }
            net_protocol_release(h);
            break;
        }
        default:
            break;
        }
        NS_ABORT_MSG_IF(err != 0, "cannot register the hooks of " << kNames[v]);
    }
}

void
InstallRewriteFloor(NodeContainer nodes)
{
    RewriteFloor::Install(nodes);
}

void
ResetVariantCounters()
{
    g_mypkthookCounter = 0;
    g_floorRewrites = 0;
}

uint64_t
FloorRewrites()
{
    return g_floorRewrites;
}

} // namespace pfhooks_bench
