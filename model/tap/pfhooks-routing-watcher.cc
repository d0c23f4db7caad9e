/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The watcher wraps forwarding only while FORWARDING has hooks: without
 * them it passes RouteInput on as it came, one test per datagram.
 */
#include "pfhooks-routing-watcher.h"

#include "pfhooks-ip-instance.h"
#include "pfhooks-node-tap.h"
#include "pfhooks-pass-on.h"

#include "ns3/ipv4-global-routing.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/log.h"

#include <cstring>
#include <netinet/in.h>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksRoutingWatcher");

template <typename Traits>
TypeId
PfhooksWatcher<Traits>::GetTypeId()
{
    static TypeId tid = TypeId(Traits::kName).template SetParent<List>().SetGroupName("Pfhooks");
    return tid;
}

template <typename Traits>
void
PfhooksWatcher<Traits>::SetTap(PfhooksNodeTap* tap)
{
    NS_LOG_FUNCTION(this << tap);
    m_tap = tap;
    if (m_fwd)
    {
        m_fwd->current.tap = tap;
    }
}

template <typename Traits>
TypeId
PfhooksWatcher<Traits>::GetInstanceTypeId() const
{
    return List::GetTypeId();
}

template <typename Traits>
void
PfhooksWatcher<Traits>::Front(Ptr<List> list)
{
    NS_LOG_FUNCTION(this << list);
    m_list = list;
}

template <typename Traits>
Ptr<typename Traits::List>
PfhooksWatcher<Traits>::GetFronted() const
{
    return m_list;
}

template <typename Traits>
void
PfhooksWatcher<Traits>::AddRoutingProtocol(Ptr<Protocol> routingProtocol, int16_t priority)
{
    m_list->AddRoutingProtocol(routingProtocol, priority);
}

template <typename Traits>
uint32_t
PfhooksWatcher<Traits>::GetNRoutingProtocols() const
{
    return m_list->GetNRoutingProtocols();
}

template <typename Traits>
Ptr<typename Traits::Protocol>
PfhooksWatcher<Traits>::GetRoutingProtocol(uint32_t index, int16_t& priority) const
{
    return m_list->GetRoutingProtocol(index, priority);
}

template <typename Traits>
Ptr<typename Traits::Route>
PfhooksWatcher<Traits>::RouteOutput(Ptr<Packet> p,
                                    const typename Traits::Header& header,
                                    Ptr<NetDevice> oif,
                                    Socket::SocketErrno& sockerr)
{
    // A halted zone's interfaces are down without addresses, and ns-3 3.37's
    // global routing still routes out of them and fails reading the absent
    // source address: its sockets find no route, as doc/zones.md says.
    if (m_tap != nullptr && m_tap->IsHalted())
    {
        sockerr = Socket::ERROR_NOROUTETOHOST;
        return nullptr;
    }
    return m_list->RouteOutput(p, header, oif, sockerr);
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
    // Every datagram the node receives passes here.
    if (m_tap != nullptr && m_tap->HasHooks(Traits::kFamily, PFH_FORWARDING))
    {
        return RouteInputHooked(p, header, idev, ucb, mcb, lcb, ecb);
    }
    // The list gets this call's own arguments, not copies.
    return PfhooksPassOn(PeekPointer(m_list),
                         &List::RouteInput,
                         p,
                         header,
                         idev,
                         ucb,
                         mcb,
                         lcb,
                         ecb);
}

template <typename Traits>
bool
PfhooksWatcher<Traits>::RouteInputHooked(const Ptr<const Packet>& p,
                                         const typename Traits::Header& header,
                                         const Ptr<const NetDevice>& idev,
                                         typename Protocol::UnicastForwardCallback& ucb,
                                         typename Protocol::MulticastForwardCallback& mcb,
                                         typename Protocol::LocalDeliverCallback& lcb,
                                         typename Protocol::ErrorCallback& ecb)
{
    if (!m_fwd)
    {
        m_fwd = std::make_unique<Forwarding>();
        m_fwd->current.tap = m_tap;
    }
    if (!ForwardsAtOnce())
    {
        // A protocol may keep the callback for later (AODV's queue): one
        // that carries this datagram's ucb and idev.
        return m_list->RouteInput(p,
                                  header,
                                  idev,
                                  Traits::Hook(m_tap, std::move(ucb), idev),
                                  std::move(mcb),
                                  std::move(lcb),
                                  std::move(ecb));
    }
    typename Traits::Current& current = m_fwd->current;
    if (m_fwd->shared.IsNull())
    {
        m_fwd->shared = Traits::Shared(&current);
    }
    // Set aside what an outer RouteInput of this node had (a hook's
    // injection may route again while the outer datagram is forwarded).
    typename Protocol::UnicastForwardCallback outerUcb = current.ucb;
    Ptr<const NetDevice> outerIdev = current.idev;
    current.ucb = std::move(ucb);
    current.idev = idev;
    bool routed = m_list->RouteInput(p,
                                     header,
                                     idev,
                                     m_fwd->shared,
                                     std::move(mcb),
                                     std::move(lcb),
                                     std::move(ecb));
    current.ucb = outerUcb;
    current.idev = outerIdev;
    return routed;
}

template <typename Traits>
bool
PfhooksWatcher<Traits>::ForwardsAtOnce()
{
    // Ipv4ListRouting/Ipv6ListRouting only ever add protocols: the list's
    // size tells whether to look again.
    uint32_t n = m_list->GetNRoutingProtocols();
    if (n != m_fwd->checkedProtocols)
    {
        m_fwd->checkedProtocols = n;
        m_fwd->atOnce = true;
        for (uint32_t i = 0; i < n; i++)
        {
            int16_t priority;
            Ptr<Protocol> rp = m_list->GetRoutingProtocol(i, priority);
            m_fwd->atOnce = m_fwd->atOnce && Traits::ForwardsAtOnce(rp);
        }
    }
    return m_fwd->atOnce;
}

template <typename Traits>
void
PfhooksWatcher<Traits>::NotifyInterfaceUp(uint32_t i)
{
    NS_LOG_FUNCTION(this << i);
    Changed();
    Nic(i, NE_UP, nullptr);
    m_list->NotifyInterfaceUp(i);
}

template <typename Traits>
void
PfhooksWatcher<Traits>::NotifyInterfaceDown(uint32_t i)
{
    NS_LOG_FUNCTION(this << i);
    Changed();
    Nic(i, NE_DOWN, nullptr);
    m_list->NotifyInterfaceDown(i);
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
    m_list->NotifyAddAddress(i, a);
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
    m_list->NotifyRemoveAddress(i, a);
}

template <typename Traits>
void
PfhooksWatcher<Traits>::PrintRoutingTable(Ptr<OutputStreamWrapper> stream, Time::Unit unit) const
{
    m_list->PrintRoutingTable(stream, unit);
}

template <typename Traits>
void
PfhooksWatcher<Traits>::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_tap = nullptr;
    if (m_list)
    {
        m_list->Dispose();
        m_list = nullptr;
    }
    if (m_fwd)
    {
        // Kept: the shared callback points into it.
        *m_fwd = Forwarding();
    }
    List::DoDispose();
}

template <typename Traits>
void
PfhooksWatcher<Traits>::DoInitialize()
{
    m_list->Initialize();
    List::DoInitialize();
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
