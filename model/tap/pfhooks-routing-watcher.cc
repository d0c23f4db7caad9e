/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The watcher wraps forwarding only while FORWARDING has hooks: without
 * them it answers RouteInput with "not mine" and the list goes on as if it
 * were not there, one test per forwarded datagram.
 */
#include "pfhooks-routing-watcher.h"

#include "pfhooks-node-tap.h"

#include "ns3/ipv4-global-routing.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/log.h"

#include <cstring>
#include <netinet/in.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksRoutingWatcher");

template <typename Traits>
TypeId
PfhooksWatcher<Traits>::GetTypeId()
{
    static TypeId tid =
        TypeId(Traits::kName).template SetParent<Protocol>().SetGroupName("Pfhooks");
    return tid;
}

template <typename Traits>
void
PfhooksWatcher<Traits>::SetTap(PfhooksNodeTap* tap)
{
    NS_LOG_FUNCTION(this << tap);
    m_tap = tap;
    m_current.tap = tap;
}

template <typename Traits>
void
PfhooksWatcher<Traits>::SetList(List* list)
{
    NS_LOG_FUNCTION(this << list);
    m_list = list;
}

template <typename Traits>
Ptr<typename Traits::Route>
PfhooksWatcher<Traits>::RouteOutput(Ptr<Packet>,
                                    const typename Traits::Header&,
                                    Ptr<NetDevice>,
                                    Socket::SocketErrno& sockerr)
{
    sockerr = Socket::ERROR_NOROUTETOHOST;
    return nullptr;
}

template <typename Traits>
bool
PfhooksWatcher<Traits>::RouteInput(Ptr<const Packet> p,
                                   const typename Traits::Header& header,
                                   Ptr<const NetDevice> idev,
                                   typename Protocol::UnicastForwardCallback ucb,
                                   typename Protocol::MulticastForwardCallback mcb,
                                   typename Protocol::LocalDeliverCallback lcb,
                                   typename Protocol::ErrorCallback ecb)
{
    if (m_tap == nullptr || m_list == nullptr || !m_tap->HasHooks(Traits::kFamily, PFH_FORWARDING))
    {
        return false; // no hook: the list goes on as if we were not there
    }
    if (!ForwardsAtOnce())
    {
        // A protocol may keep the callback for later (AODV's queue): one
        // that carries this datagram's ucb and idev.
        typename Protocol::UnicastForwardCallback hooked = Traits::Hook(m_tap, ucb, idev);
        for (uint32_t i = 0; i < m_list->GetNRoutingProtocols(); i++)
        {
            int16_t priority;
            Ptr<Protocol> rp = m_list->GetRoutingProtocol(i, priority);
            if (PeekPointer(rp) != this && rp->RouteInput(p, header, idev, hooked, mcb, lcb, ecb))
            {
                return true;
            }
        }
        return false;
    }
    if (m_shared.IsNull())
    {
        m_shared = Traits::Shared(&m_current);
    }
    // Set aside what an outer RouteInput of this node had (a hook's
    // injection may route again while the outer datagram is forwarded).
    typename Protocol::UnicastForwardCallback outerUcb = m_current.ucb;
    Ptr<const NetDevice> outerIdev = m_current.idev;
    m_current.ucb = ucb;
    m_current.idev = idev;
    bool routed = false;
    for (uint32_t i = 0; !routed && i < m_list->GetNRoutingProtocols(); i++)
    {
        int16_t priority;
        Ptr<Protocol> rp = m_list->GetRoutingProtocol(i, priority);
        routed =
            PeekPointer(rp) != this && rp->RouteInput(p, header, idev, m_shared, mcb, lcb, ecb);
    }
    m_current.ucb = outerUcb;
    m_current.idev = outerIdev;
    return routed;
}

template <typename Traits>
bool
PfhooksWatcher<Traits>::ForwardsAtOnce()
{
    // Ipv4ListRouting/Ipv6ListRouting only ever add protocols: the list's
    // size tells whether to look again.
    uint32_t n = m_list->GetNRoutingProtocols();
    if (n != m_checkedProtocols)
    {
        m_checkedProtocols = n;
        m_atOnce = true;
        for (uint32_t i = 0; i < n; i++)
        {
            int16_t priority;
            Ptr<Protocol> rp = m_list->GetRoutingProtocol(i, priority);
            m_atOnce = m_atOnce && (PeekPointer(rp) == this || Traits::ForwardsAtOnce(rp));
        }
    }
    return m_atOnce;
}

template <typename Traits>
void
PfhooksWatcher<Traits>::NotifyInterfaceUp(uint32_t i)
{
    NS_LOG_FUNCTION(this << i);
    Changed();
    Nic(i, NE_UP, nullptr);
}

template <typename Traits>
void
PfhooksWatcher<Traits>::NotifyInterfaceDown(uint32_t i)
{
    NS_LOG_FUNCTION(this << i);
    Changed();
    Nic(i, NE_DOWN, nullptr);
}

template <typename Traits>
void
PfhooksWatcher<Traits>::NotifyAddAddress(uint32_t i, typename Traits::IfAddr a)
{
    NS_LOG_FUNCTION(this << i << a);
    Changed();
    struct sockaddr_storage sa;
    Traits::ToSockaddr(a, &sa);
    Nic(i, NE_LIF_UP, &sa);
    Nic(i, NE_ADDRESS_CHANGE, &sa);
}

template <typename Traits>
void
PfhooksWatcher<Traits>::NotifyRemoveAddress(uint32_t i, typename Traits::IfAddr a)
{
    NS_LOG_FUNCTION(this << i << a);
    Changed();
    struct sockaddr_storage sa;
    Traits::ToSockaddr(a, &sa);
    Nic(i, NE_LIF_DOWN, &sa);
}

template <typename Traits>
void
PfhooksWatcher<Traits>::PrintRoutingTable(Ptr<OutputStreamWrapper>, Time::Unit) const
{
}

template <typename Traits>
void
PfhooksWatcher<Traits>::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_tap = nullptr;
    m_list = nullptr;
    m_current = typename Traits::Current();
    m_shared = typename Protocol::UnicastForwardCallback();
    Protocol::DoDispose();
}

template <typename Traits>
void
PfhooksWatcher<Traits>::Changed()
{
    if (m_tap != nullptr)
    {
        m_tap->AddressesChanged();
    }
}

template <typename Traits>
void
PfhooksWatcher<Traits>::Nic(uint32_t i, nic_event_t kind, const struct sockaddr_storage* addr)
{
    if (m_tap != nullptr)
    {
        m_tap->NicEvent(Traits::kFamily, i, kind, addr);
    }
}

Ipv4RoutingProtocol::UnicastForwardCallback
PfhooksIpv4WatcherTraits::Hook(PfhooksNodeTap* tap,
                               Protocol::UnicastForwardCallback ucb,
                               Ptr<const NetDevice> idev)
{
    // IPv4's forward callback lacks the receiving device: bind it.
    return MakeCallback(&PfhooksNodeTap::Forward4, tap, ucb, idev);
}

namespace
{
/// The shared IPv4 forward callback: the datagram's own ucb and idev.
void
Forward4Current(const PfhooksIpv4WatcherTraits::Current* cur,
                Ptr<Ipv4Route> route,
                Ptr<const Packet> p,
                const Ipv4Header& header)
{
    cur->tap->Forward4(cur->ucb, cur->idev, route, p, header);
}

/// The shared IPv6 forward callback (IPv6's carries the device itself).
void
Forward6Current(const PfhooksIpv6WatcherTraits::Current* cur,
                Ptr<const NetDevice> idev,
                Ptr<Ipv6Route> route,
                Ptr<const Packet> p,
                const Ipv6Header& header)
{
    cur->tap->Forward6(cur->ucb, idev, route, p, header);
}
} // namespace

Ipv4RoutingProtocol::UnicastForwardCallback
PfhooksIpv4WatcherTraits::Shared(const Current* cur)
{
    return MakeBoundCallback(&Forward4Current, cur);
}

bool
PfhooksIpv4WatcherTraits::ForwardsAtOnce(const Ptr<Protocol>& rp)
{
    TypeId t = rp->GetInstanceTypeId();
    return t == Ipv4StaticRouting::GetTypeId() || t == Ipv4GlobalRouting::GetTypeId();
}

Ipv6RoutingProtocol::UnicastForwardCallback
PfhooksIpv6WatcherTraits::Shared(const Current* cur)
{
    return MakeBoundCallback(&Forward6Current, cur);
}

bool
PfhooksIpv6WatcherTraits::ForwardsAtOnce(const Ptr<Protocol>& rp)
{
    return rp->GetInstanceTypeId() == Ipv6StaticRouting::GetTypeId();
}

void
PfhooksIpv4WatcherTraits::ToSockaddr(const IfAddr& a, struct sockaddr_storage* ss)
{
    std::memset(ss, 0, sizeof(*ss));
    auto* sin = reinterpret_cast<struct sockaddr_in*>(ss);
    sin->sin_family = AF_INET;
    sin->sin_addr.s_addr = htonl(a.GetLocal().Get());
}

Ipv6RoutingProtocol::UnicastForwardCallback
PfhooksIpv6WatcherTraits::Hook(PfhooksNodeTap* tap,
                               Protocol::UnicastForwardCallback ucb,
                               Ptr<const NetDevice>)
{
    return MakeCallback(&PfhooksNodeTap::Forward6, tap, ucb);
}

void
PfhooksIpv6WatcherTraits::ToSockaddr(const IfAddr& a, struct sockaddr_storage* ss)
{
    std::memset(ss, 0, sizeof(*ss));
    auto* sin6 = reinterpret_cast<struct sockaddr_in6*>(ss);
    sin6->sin6_family = AF_INET6;
    a.GetAddress().Serialize(sin6->sin6_addr.s6_addr);
}

template class PfhooksWatcher<PfhooksIpv4WatcherTraits>;
template class PfhooksWatcher<PfhooksIpv6WatcherTraits>;

NS_OBJECT_ENSURE_REGISTERED(PfhooksIpv4Watcher);
NS_OBJECT_ENSURE_REGISTERED(PfhooksIpv6Watcher);

} // namespace ns3
