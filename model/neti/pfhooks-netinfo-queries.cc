/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-netinfo-queries.h"

#include "pfhooks-if-flags.h"
#include "pfhooks-route-output.h"

#include "ns3/boolean.h"
#include "ns3/ipv4-route.h"
#include "ns3/ipv4-routing-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-route.h"
#include "ns3/ipv6-routing-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/names.h"
#include "ns3/node.h"
#include "ns3/packet-checksums.h"

#include <algorithm>
#include <cstring>
#include <netinet/in.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksNetinfoQueries");

PfhooksNetinfoQueries::PfhooksNetinfoQueries(Ptr<Node> node, PfhooksFamily family, zoneid_t zone)
    : m_node(node),
      m_v6(family == PFH_INET6),
      m_zone(zone)
{
}

Ptr<NetDevice>
PfhooksNetinfoQueries::DeviceOf(Ptr<Node> node, phy_if_t phy)
{
    if (!node || phy == 0 || phy > node->GetNDevices())
    {
        return nullptr;
    }
    return node->GetDevice(static_cast<uint32_t>(phy - 1));
}

int32_t
PfhooksNetinfoQueries::Interface(phy_if_t phy) const
{
    Ptr<NetDevice> dev = DeviceOf(phy);
    if (!dev)
    {
        return -1;
    }
    Ptr<Node> node = m_node;
    if (m_v6)
    {
        Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
        return ipv6 ? ipv6->GetInterfaceForDevice(dev) : -1;
    }
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    return ipv4 ? ipv4->GetInterfaceForDevice(dev) : -1;
}

std::vector<phy_if_t>
PfhooksNetinfoQueries::Walk() const
{
    std::vector<phy_if_t> all;
    Ptr<Node> node = m_node;
    for (uint32_t d = 0; d < node->GetNDevices(); d++)
    {
        phy_if_t phy = PhyIf(node->GetDevice(d));
        if (Interface(phy) >= 0)
        {
            all.push_back(phy);
        }
    }
    std::sort(all.begin(), all.end());
    return all;
}

phy_if_t
PfhooksNetinfoQueries::PhyGetNext(phy_if_t phy) const
{
    NS_LOG_FUNCTION(this << phy);
    for (phy_if_t p : Walk())
    {
        if (p > phy)
        {
            return p;
        }
    }
    return 0;
}

std::string
PfhooksNetinfoQueries::DeviceName(Ptr<const NetDevice> dev)
{
    std::string name = Names::FindName(ConstCast<NetDevice>(dev));
    if (!name.empty())
    {
        return name;
    }
    if (DynamicCast<const LoopbackNetDevice>(dev))
    {
        return "lo0";
    }
    return "net" + std::to_string(dev->GetIfIndex());
}

phy_if_t
PfhooksNetinfoQueries::PhyLookup(const std::string& name) const
{
    NS_LOG_FUNCTION(this << name);
    for (phy_if_t p : Walk())
    {
        if (DeviceName(DeviceOf(p)) == name)
        {
            return p;
        }
    }
    return 0;
}

int
PfhooksNetinfoQueries::GetIfName(phy_if_t phy, char* buffer, size_t len) const
{
    NS_LOG_FUNCTION(this << phy << len);
    if (Interface(phy) < 0 || buffer == nullptr)
    {
        return 1;
    }
    // As ip_getifname_impl(): strlcpy() cuts a long name to the buffer
    // and the call still succeeds.
    std::string name = DeviceName(DeviceOf(phy));
    if (len > 0)
    {
        size_t n = std::min(name.size(), len - 1);
        std::memcpy(buffer, name.data(), n);
        buffer[n] = '\0';
    }
    return 0;
}

int
PfhooksNetinfoQueries::GetMtu(phy_if_t phy, lif_if_t) const
{
    NS_LOG_FUNCTION(this << phy);
    int32_t i = Interface(phy);
    if (i < 0)
    {
        return 0;
    }
    Ptr<Node> node = m_node;
    return m_v6 ? node->GetObject<Ipv6>()->GetMtu(i) : node->GetObject<Ipv4>()->GetMtu(i);
}

int
PfhooksNetinfoQueries::GetPmtuEnabled() const
{
    NS_LOG_FUNCTION(this);
    // ns-3's IPv4 does no path MTU discovery; its IPv6 does when the Ipv6
    // attribute MtuDiscover is set.
    if (!m_v6)
    {
        return 0;
    }
    BooleanValue on(false);
    if (Ptr<Ipv6> ipv6 = m_node->GetObject<Ipv6>())
    {
        ipv6->GetAttributeFailSafe("MtuDiscover", on);
    }
    return on.Get() ? 1 : 0;
}

lif_if_t
PfhooksNetinfoQueries::LifGetNext(phy_if_t phy, lif_if_t lif) const
{
    NS_LOG_FUNCTION(this << phy << lif);
    int32_t i = Interface(phy);
    if (i < 0 || lif < 0)
    {
        return 0;
    }
    Ptr<Node> node = m_node;
    uint32_t n = m_v6 ? node->GetObject<Ipv6>()->GetNAddresses(i)
                      : node->GetObject<Ipv4>()->GetNAddresses(i);
    return static_cast<uint32_t>(lif) < n ? lif + 1 : 0;
}

int32_t
PfhooksNetinfoQueries::AddressIndex(phy_if_t phy, lif_if_t lif) const
{
    int32_t i = Interface(phy);
    if (i < 0 || lif < 0)
    {
        return -1;
    }
    // UNMAP_IPIF_ID: lif 0 and lif 1 both name ipif 0, the primary address.
    uint32_t index = lif > 0 ? static_cast<uint32_t>(lif) - 1 : 0;
    uint32_t n = m_v6 ? m_node->GetObject<Ipv6>()->GetNAddresses(i)
                      : m_node->GetObject<Ipv4>()->GetNAddresses(i);
    return index < n ? static_cast<int32_t>(index) : -1;
}

int
PfhooksNetinfoQueries::GetLifAddr(phy_if_t phy,
                                  lif_if_t lif,
                                  size_t n,
                                  const int* kinds,
                                  struct sockaddr_storage* out) const
{
    NS_LOG_FUNCTION(this << phy << lif << n);
    int32_t i = Interface(phy);
    int32_t index = AddressIndex(phy, lif);
    if (index < 0 || kinds == nullptr || out == nullptr)
    {
        return 1;
    }
    Ptr<Node> node = m_node;
    for (size_t k = 0; k < n; k++)
    {
        std::memset(&out[k], 0, sizeof(out[k]));
        if (m_v6)
        {
            Ipv6InterfaceAddress a = node->GetObject<Ipv6>()->GetAddress(i, index);
            auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(&out[k]);
            sin6->sin6_family = AF_INET6;
            uint8_t prefix[16];
            switch (kinds[k])
            {
            case PFH_NA_ADDRESS:
                a.GetAddress().Serialize(sin6->sin6_addr.s6_addr);
                break;
            case PFH_NA_NETMASK:
                a.GetPrefix().GetBytes(prefix);
                std::memcpy(sin6->sin6_addr.s6_addr, prefix, 16);
                break;
            case PFH_NA_PEER:
            case PFH_NA_BROADCAST:
                break; // none in IPv6 (all zeros, as illumos's unset fields)
            default:
                return 1;
            }
        }
        else
        {
            Ipv4InterfaceAddress a = node->GetObject<Ipv4>()->GetAddress(i, index);
            auto* sin = reinterpret_cast<struct sockaddr_in*>(&out[k]);
            sin->sin_family = AF_INET;
            switch (kinds[k])
            {
            case PFH_NA_ADDRESS:
                sin->sin_addr.s_addr = htonl(a.GetLocal().Get());
                break;
            case PFH_NA_BROADCAST:
                sin->sin_addr.s_addr = htonl(a.GetBroadcast().Get());
                break;
            case PFH_NA_NETMASK:
                sin->sin_addr.s_addr = htonl(a.GetMask().Get());
                break;
            case PFH_NA_PEER:
                break; // ns-3 has no point-to-point peer address: 0.0.0.0
            default:
                return 1;
            }
        }
    }
    return 0;
}

int
PfhooksNetinfoQueries::GetLifFlags(phy_if_t phy, lif_if_t lif, uint64_t* flags) const
{
    NS_LOG_FUNCTION(this << phy << lif);
    int32_t i = Interface(phy);
    int32_t a = AddressIndex(phy, lif);
    if (a < 0 || flags == nullptr)
    {
        return -1;
    }
    Ptr<NetDevice> dev = DeviceOf(phy);
    Ptr<Node> node = m_node;
    uint64_t f = 0;
    bool up;
    bool forwarding;
    if (m_v6)
    {
        Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
        up = ipv6->IsUp(i);
        forwarding = ipv6->IsForwarding(i);
        f |= IFF_IPV6;
        switch (ipv6->GetAddress(i, a).GetState())
        {
        case Ipv6InterfaceAddress::DEPRECATED:
            f |= IFF_DEPRECATED;
            break;
        case Ipv6InterfaceAddress::INVALID:
            f |= IFF_DUPLICATE; // DAD failed: the address never comes up
            up = false;
            break;
        default:
            break;
        }
    }
    else
    {
        Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
        up = ipv4->IsUp(i);
        forwarding = ipv4->IsForwarding(i);
        f |= IFF_IPV4;
        if (dev->IsBroadcast() && !dev->IsPointToPoint())
        {
            f |= IFF_BROADCAST; // illumos sets it for IPv4 only
        }
    }
    if (up)
    {
        f |= IFF_UP;
    }
    if (dev->IsLinkUp())
    {
        f |= IFF_RUNNING;
    }
    if (DynamicCast<LoopbackNetDevice>(dev))
    {
        f |= IFF_LOOPBACK;
    }
    if (dev->IsPointToPoint())
    {
        f |= IFF_POINTOPOINT;
    }
    if (dev->IsMulticast())
    {
        f |= IFF_MULTICAST;
    }
    if (!dev->NeedsArp())
    {
        f |= IFF_NOARP;
    }
    if (forwarding)
    {
        f |= IFF_ROUTER;
    }
    *flags = f;
    return 0;
}

int
PfhooksNetinfoQueries::GetLifZone(phy_if_t phy, lif_if_t lif, zoneid_t* zone) const
{
    NS_LOG_FUNCTION(this << phy << lif);
    if (AddressIndex(phy, lif) < 0 || zone == nullptr)
    {
        return -1;
    }
    *zone = m_zone;
    return 0;
}

phy_if_t
PfhooksNetinfoQueries::RouteTo(const struct sockaddr* dst, struct sockaddr* next) const
{
    NS_LOG_FUNCTION(this << dst << next);
    if (dst == nullptr || dst->sa_family != (m_v6 ? AF_INET6 : AF_INET))
    {
        return 0;
    }
    Ptr<Node> node = m_node;
    Ptr<Packet> probe = Create<Packet>();
    if (m_v6)
    {
        const auto* sin6 = reinterpret_cast<const struct sockaddr_in6*>(dst);
        uint8_t a[16];
        std::memcpy(a, sin6->sin6_addr.s6_addr, 16);
        Ipv6Header h;
        h.SetDestination(Ipv6Address(a));
        Ptr<Ipv6> ipv6 = node->GetObject<Ipv6>();
        Ptr<Ipv6Route> r = PfhooksRouteOutput(ipv6, probe, h, nullptr);
        if (!r)
        {
            return 0;
        }
        if (next != nullptr)
        {
            auto* n6 = reinterpret_cast<struct sockaddr_in6*>(next);
            n6->sin6_family = AF_INET6;
            Ipv6Address hop = r->GetGateway().IsAny() ? Ipv6Address(a) : r->GetGateway();
            hop.Serialize(n6->sin6_addr.s6_addr);
        }
        return PhyIf(r->GetOutputDevice());
    }
    const auto* sin = reinterpret_cast<const struct sockaddr_in*>(dst);
    Ipv4Header h;
    h.SetDestination(Ipv4Address(ntohl(sin->sin_addr.s_addr)));
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    Ptr<Ipv4Route> r = PfhooksRouteOutput(ipv4, probe, h, nullptr);
    if (!r)
    {
        return 0;
    }
    if (next != nullptr)
    {
        auto* n4 = reinterpret_cast<struct sockaddr_in*>(next);
        n4->sin_family = AF_INET;
        Ipv4Address hop =
            r->GetGateway() == Ipv4Address::GetAny() ? h.GetDestination() : r->GetGateway();
        n4->sin_addr.s_addr = htonl(hop.Get());
    }
    return PhyIf(r->GetOutputDevice());
}

int
PfhooksNetinfoQueries::IsValidChecksum(const mblk_t* mp) const
{
    NS_LOG_FUNCTION(this << mp);
    if (m_v6)
    {
        return -1; // illumos's ipv6_isvalidchecksum()
    }
    if (mp == nullptr)
    {
        return 0;
    }
    std::vector<uint8_t> b(msgdsize(mp));
    pfhooks_msg_copy(mp, b.data());
    if (b.size() < 20)
    {
        return 0;
    }
    size_t hl = (b[0] & 0x0f) * 4u;
    if (hl < 20 || hl > b.size())
    {
        return 0;
    }
    return OnesFold(OnesSum(b.data(), hl)) == 0xffff ? 1 : 0;
}

} // namespace ns3
