/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pfhooks-zone.h"

#include "ns3/abort.h"
#include "ns3/arp-cache.h"
#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4-routing-table-entry.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6-routing-table-entry.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/log.h"
#include "ns3/loopback-net-device.h"
#include "ns3/pfhooks-node-tap.h"
#include "ns3/pfhooks-sleeping-seam.h"
#include "ns3/simulator.h"

#include <cerrno>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksZone");
NS_OBJECT_ENSURE_REGISTERED(PfhooksZone);

TypeId
PfhooksZone::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PfhooksZone")
            .SetParent<Object>()
            .SetGroupName("Pfhooks")
            .AddConstructor<PfhooksZone>()
            .AddTraceSource("ZoneState",
                            "The zone booted (with a new instance) or halted (its instance gone).",
                            MakeTraceSourceAccessor(&PfhooksZone::m_stateTrace),
                            "ns3::PfhooksZone::ZoneStateTracedCallback");
    return tid;
}

PfhooksZone::PfhooksZone() = default;
PfhooksZone::~PfhooksZone() = default;

void
PfhooksZone::NotifyNewAggregate()
{
    NS_LOG_FUNCTION(this);
    if (!m_node)
    {
        m_node = GetObject<Node>();
    }
    Object::NotifyNewAggregate();
}

void
PfhooksZone::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_node = nullptr;
    m_plan.clear();
    Object::DoDispose();
}

Ptr<PfhooksIpInstance>
PfhooksZone::Instance()
{
    NS_ABORT_MSG_IF(!m_node, "Zone: not aggregated to a node");
    Ptr<PfhooksIpInstance> ip = m_node->GetObject<PfhooksIpInstance>();
    if (!ip)
    {
        ip = PfhooksIpInstance::CreateDefault();
        m_node->AggregateObject(ip);
    }
    return ip;
}

netid_t
PfhooksZone::GetNetid() const
{
    Ptr<PfhooksIpInstance> ip = m_node ? m_node->GetObject<PfhooksIpInstance>() : nullptr;
    return m_booted && ip ? ip->GetNetid() : -1;
}

uint32_t
PfhooksZone::GetBoots() const
{
    uint32_t n = 0;
    for (const auto& t : m_history)
    {
        n += t.booted ? 1 : 0;
    }
    return n;
}

uint32_t
PfhooksZone::GetHalts() const
{
    return static_cast<uint32_t>(m_history.size()) - GetBoots();
}

uint64_t
PfhooksZone::GetHaltedRxDrops() const
{
    Ptr<PfhooksIpInstance> ip = m_node ? m_node->GetObject<PfhooksIpInstance>() : nullptr;
    return ip && ip->GetTap() ? ip->GetTap()->GetHaltedRxDrops() : 0;
}

uint64_t
PfhooksZone::GetHaltedTxDrops() const
{
    Ptr<PfhooksIpInstance> ip = m_node ? m_node->GetObject<PfhooksIpInstance>() : nullptr;
    return ip && ip->GetTap() ? ip->GetTap()->GetHaltedTxDrops() : 0;
}

void
PfhooksZone::Record(bool booted, netid_t netid)
{
    m_history.push_back({Simulator::Now(), booted, netid});
    NS_LOG_INFO("zone node " << m_node->GetId() << (booted ? " booted, netid " : " halted, netid ")
                             << netid);
    m_stateTrace(m_node->GetId(), netid, booted);
}

void
PfhooksZone::Initialize(bool booted)
{
    NS_LOG_FUNCTION(this << booted);
    NS_ABORT_MSG_IF(m_initialized, "PfhooksZone::Initialize: node " << m_node->GetId() << " twice");
    m_initialized = true;
    Ptr<PfhooksIpInstance> ip = Instance();
    if (booted)
    {
        if (!ip->IsRunning())
        {
            ip->Start();
        }
        m_booted = true;
        Record(true, ip->GetNetid());
        return;
    }
    if (ip->IsRunning())
    {
        m_booted = true;
        Halt();
        return;
    }
    // Never booted: no instance, NICs closed, interfaces down until the
    // first boot.
    ip->AttachTap()->SetHalted(true);
    TakeDown();
}

int
PfhooksZone::Boot()
{
    NS_LOG_FUNCTION(this);
    if (m_booted)
    {
        NS_LOG_WARN("zone node " << m_node->GetId() << ": boot refused, already booted (netid "
                                 << GetNetid() << ")");
        return EALREADY;
    }
    Ptr<PfhooksIpInstance> ip = Instance();
    // illumos creates the netstack when the zone boots and plumbs its
    // interfaces afterwards: modules get nin_create (and IP's families)
    // first, and NIC_EVENTS hooks they register there see the interfaces
    // come up.
    ip->Start();
    BringUp();
    ip->GetTap()->SetHalted(false);
    m_booted = true;
    Record(true, ip->GetNetid());
    return 0;
}

int
PfhooksZone::Halt()
{
    NS_LOG_FUNCTION(this);
    if (!m_booted || m_halting)
    {
        NS_LOG_WARN("zone node " << m_node->GetId() << ": halt refused, already "
                                 << (m_halting ? "halting" : "halted"));
        return EALREADY;
    }
    Ptr<PfhooksIpInstance> ip = Instance();
    // NICs first: from this instant nothing arrives or leaves, so no hook
    // runs between the modules' shutdown and the interfaces going down.
    ip->AttachTap()->SetHalted(true);
    netid_t netid = ip->GetNetid();
    if (uint32_t held = PfhooksSleepingSeam::InFlight(netid))
    {
        // hook.c waits for hooks in flight before a netstack goes: the
        // instance stays until the last held packet's hooks are done.
        NS_LOG_INFO("zone node " << m_node->GetId() << " halting: waiting for " << held
                                 << " packet(s) in hooks asleep");
        m_halting = true;
        Ptr<PfhooksZone> self(this);
        PfhooksSleepingSeam::WhenIdle(netid, [self, netid]() { self->FinishHalt(netid); });
        return 0;
    }
    FinishHalt(netid);
    return 0;
}

void
PfhooksZone::FinishHalt(netid_t netid)
{
    NS_LOG_FUNCTION(this << netid);
    m_halting = false;
    Instance()->Stop();
    TakeDown();
    m_booted = false;
    Record(false, netid);
}

void
PfhooksZone::TakeDown()
{
    // The routes first: taking an interface down deletes ns-3's static
    // routes through it.
    m_routes4.clear();
    m_routes6.clear();
    m_up4.clear();
    m_up6.clear();
    m_addrs4.clear();
    m_addrs6.clear();
    Ptr<Ipv4L3Protocol> ipv4 = m_node->GetObject<Ipv4L3Protocol>();
    Ptr<Ipv6L3Protocol> ipv6 = m_node->GetObject<Ipv6L3Protocol>();
    if (Ptr<Ipv4StaticRouting> sr =
            ipv4 ? Ipv4StaticRoutingHelper().GetStaticRouting(ipv4) : nullptr)
    {
        for (uint32_t r = 0; r < sr->GetNRoutes(); r++)
        {
            Ipv4RoutingTableEntry e = sr->GetRoute(r);
            m_routes4.push_back({e.GetDestNetwork(),
                                 e.GetDestNetworkMask(),
                                 e.GetGateway(),
                                 e.GetInterface(),
                                 sr->GetMetric(r)});
        }
    }
    if (Ptr<Ipv6StaticRouting> sr =
            ipv6 ? Ipv6StaticRoutingHelper().GetStaticRouting(ipv6) : nullptr)
    {
        for (uint32_t r = 0; r < sr->GetNRoutes(); r++)
        {
            Ipv6RoutingTableEntry e = sr->GetRoute(r);
            m_routes6.push_back({e.GetDestNetwork(),
                                 e.GetDestNetworkPrefix(),
                                 e.GetGateway(),
                                 e.GetInterface(),
                                 e.GetPrefixToUse(),
                                 sr->GetMetric(r)});
        }
    }
    // The loopback interface stays: ns-3 expects interface 0, and the
    // closed NICs (the tap) already drop what would pass it.
    for (uint32_t i = 0; ipv4 && i < ipv4->GetNInterfaces(); i++)
    {
        Ptr<Ipv4Interface> iface = ipv4->GetInterface(i);
        if (DynamicCast<LoopbackNetDevice>(iface->GetDevice()))
        {
            continue;
        }
        for (uint32_t j = 0; j < iface->GetNAddresses(); j++)
        {
            m_addrs4.emplace_back(i, iface->GetAddress(j));
        }
        if (iface->IsUp())
        {
            m_up4.push_back(i);
            ipv4->SetDown(i);
        }
        // A halted host has no addresses (it answers no ARP request) and
        // forgets its ARP table with its netstack.
        while (iface->GetNAddresses() > 0)
        {
            ipv4->RemoveAddress(i, iface->GetNAddresses() - 1);
        }
        if (Ptr<ArpCache> arp = iface->GetArpCache())
        {
            arp->Flush();
        }
    }
    for (uint32_t i = 0; ipv6 && i < ipv6->GetNInterfaces(); i++)
    {
        Ptr<Ipv6Interface> iface = ipv6->GetInterface(i);
        if (DynamicCast<LoopbackNetDevice>(iface->GetDevice()))
        {
            continue;
        }
        std::vector<Ipv6InterfaceAddress> had;
        for (uint32_t j = 0; j < iface->GetNAddresses(); j++)
        {
            Ipv6InterfaceAddress a = iface->GetAddress(j);
            had.push_back(a);
            // The link-local address comes back by itself when the
            // interface comes up (ns-3's autoconfiguration).
            if (a.GetScope() != Ipv6InterfaceAddress::LINKLOCAL)
            {
                m_addrs6.emplace_back(i, a);
            }
        }
        if (iface->IsUp())
        {
            m_up6.push_back(i);
            ipv6->SetDown(i); // drops the addresses and the neighbour cache
            // ...but ns-3 3.37 still has ICMPv6 messages queued with jitter
            // (NS, NA, RS) that look their source address up when they
            // leave and crash (GetNetDevice(-1)) if it is gone.  Kept on
            // the down interface, they find it and die there
            // (Ipv6Interface::Send of a down interface sends nothing).
            for (const Ipv6InterfaceAddress& a : had)
            {
                iface->AddAddress(a);
            }
        }
    }
}

void
PfhooksZone::BringUp()
{
    Ptr<Ipv4L3Protocol> ipv4 = m_node->GetObject<Ipv4L3Protocol>();
    Ptr<Ipv6L3Protocol> ipv6 = m_node->GetObject<Ipv6L3Protocol>();
    // Up before the addresses, so that ns-3's static routing adds the
    // routes of each address's network as it appears.
    for (uint32_t i : m_up4)
    {
        ipv4->SetUp(i);
    }
    for (const auto& [i, a] : m_addrs4)
    {
        ipv4->AddAddress(i, a);
    }
    for (uint32_t i : m_up6)
    {
        ipv6->SetUp(i);
    }
    for (const auto& [i, a] : m_addrs6)
    {
        ipv6->AddAddress(i, a, a.GetOnLink());
    }
    // Routes the zone had that nothing above put back (gateways, host
    // routes): as its boot scripts would.
    if (Ptr<Ipv4StaticRouting> sr =
            ipv4 && !m_routes4.empty() ? Ipv4StaticRoutingHelper().GetStaticRouting(ipv4) : nullptr)
    {
        for (const Route4& r : m_routes4)
        {
            bool present = false;
            for (uint32_t k = 0; k < sr->GetNRoutes() && !present; k++)
            {
                Ipv4RoutingTableEntry e = sr->GetRoute(k);
                present = e.GetDestNetwork() == r.dest && e.GetDestNetworkMask() == r.mask &&
                          e.GetGateway() == r.gateway && e.GetInterface() == r.interface;
            }
            if (present)
            {
                continue;
            }
            if (r.gateway == Ipv4Address::GetZero())
            {
                sr->AddNetworkRouteTo(r.dest, r.mask, r.interface, r.metric);
            }
            else
            {
                sr->AddNetworkRouteTo(r.dest, r.mask, r.gateway, r.interface, r.metric);
            }
        }
    }
    if (Ptr<Ipv6StaticRouting> sr =
            ipv6 && !m_routes6.empty() ? Ipv6StaticRoutingHelper().GetStaticRouting(ipv6) : nullptr)
    {
        for (const Route6& r : m_routes6)
        {
            bool present = false;
            for (uint32_t k = 0; k < sr->GetNRoutes() && !present; k++)
            {
                Ipv6RoutingTableEntry e = sr->GetRoute(k);
                present = e.GetDestNetwork() == r.dest && e.GetDestNetworkPrefix() == r.prefix &&
                          e.GetGateway() == r.gateway && e.GetInterface() == r.interface;
            }
            if (present)
            {
                continue;
            }
            if (r.gateway.IsAny())
            {
                sr->AddNetworkRouteTo(r.dest, r.prefix, r.interface, r.metric);
            }
            else
            {
                sr->AddNetworkRouteTo(r.dest,
                                      r.prefix,
                                      r.gateway,
                                      r.interface,
                                      r.prefixToUse,
                                      r.metric);
            }
        }
    }
}

bool
PfhooksZone::IsBootedAt(Time at) const
{
    auto after = m_plan.upper_bound(at);
    return after == m_plan.begin() ? m_booted : std::prev(after)->second;
}

int
PfhooksZone::CheckPlan(Time at, bool boot) const
{
    if (at < Simulator::Now() || m_plan.count(at) != 0)
    {
        return EINVAL;
    }
    // The state just before `at`, and what the next planned event expects.
    bool booted = IsBootedAt(at);
    auto next = m_plan.lower_bound(at);
    if (booted == boot)
    {
        return EALREADY;
    }
    if (next != m_plan.end() && next->second == boot)
    {
        return EALREADY; // the later event would find the zone as `boot` leaves it
    }
    return 0;
}

int
PfhooksZone::Schedule(Time at, bool boot)
{
    NS_ABORT_MSG_IF(!m_node, "Zone: not aggregated to a node");
    int rv = CheckPlan(at, boot);
    if (rv != 0)
    {
        NS_LOG_WARN("zone node " << m_node->GetId() << ": " << (boot ? "boot" : "halt") << " at "
                                 << at.As(Time::S) << " refused: "
                                 << (rv == EINVAL ? "time in the past or already planned"
                                     : boot       ? "the zone would be booted then"
                                                  : "the zone would be halted then"));
        return rv;
    }
    m_plan[at] = boot;
    Simulator::Schedule(at - Simulator::Now(),
                        [self = Ptr<PfhooksZone>(this), boot]() { self->RunPlanned(boot); });
    return 0;
}

int
PfhooksZone::ScheduleBoot(Time at)
{
    NS_LOG_FUNCTION(this << at);
    return Schedule(at, true);
}

int
PfhooksZone::ScheduleHalt(Time at)
{
    NS_LOG_FUNCTION(this << at);
    return Schedule(at, false);
}

void
PfhooksZone::RunPlanned(bool boot)
{
    if (!m_node)
    {
        return; // disposed
    }
    m_plan.erase(Simulator::Now());
    // Refusals here mean someone called Boot()/Halt() outside the plan;
    // they are logged where they happen.
    (void)(boot ? Boot() : Halt());
}

} // namespace ns3
