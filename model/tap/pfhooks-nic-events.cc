/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The event's data (the address) is copied when queued: the sockaddr the
 * watcher built is gone by the time the hooks run.
 */
#include "pfhooks-nic-events.h"

#include "pfhooks-ip-instance.h"
#include "pfhooks-node-tap.h"

#include "ns3/ipv4-interface.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv6-interface.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/log.h"
#include "ns3/simulator.h"

#include <netinet/in.h>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksNicEvents");

void
PfhooksNicEvents::Queue(PfhooksNodeTap* tap,
                        PfhooksFamily f,
                        uint32_t interface,
                        nic_event_t kind,
                        const struct sockaddr_storage* addr)
{
    NS_LOG_FUNCTION(tap << f << interface << kind << addr);
    // illumos queues NIC events (ip_ne_queue_func on a taskq) when the event
    // has hooks: here they run at the current time from the event queue.
    if (!tap->HasHooks(f, PFH_NIC_EVENTS))
    {
        return;
    }
    PfhooksIpInstance* ip = tap->GetIpInstance();
    Ptr<Ipv4L3Protocol> ipv4 = tap->GetIpv4();
    Ptr<Ipv6L3Protocol> ipv6 = tap->GetIpv6();
    Ptr<NetDevice> dev = f == PFH_INET ? ipv4->GetInterface(interface)->GetDevice()
                                       : ipv6->GetInterface(interface)->GetDevice();
    // The logical interface: 1-based address index (illumos MAP_IPIF_ID);
    // an address being added is the interface's last one.
    lif_if_t lif = 0;
    if (kind == NE_LIF_UP || kind == NE_ADDRESS_CHANGE)
    {
        lif = f == PFH_INET ? ipv4->GetNAddresses(interface) : ipv6->GetNAddresses(interface);
    }
    auto event = std::make_shared<Queued>();
    event->nic = PfhooksIpInstance::PhyIf(dev);
    event->lif = lif;
    event->kind = kind;
    if (addr != nullptr)
    {
        size_t n =
            addr->ss_family == AF_INET ? sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6);
        event->data.assign(reinterpret_cast<const uint8_t*>(addr),
                           reinterpret_cast<const uint8_t*>(addr) + n);
    }
    Simulator::ScheduleWithContext(ip->GetNode()->GetId(),
                                   Seconds(0),
                                   &PfhooksNicEvents::Run,
                                   Ptr<PfhooksNodeTap>(tap),
                                   ip->GetNetid(),
                                   f,
                                   event);
}

void
PfhooksNicEvents::Run(Ptr<PfhooksNodeTap> tap,
                      netid_t netid,
                      PfhooksFamily f,
                      std::shared_ptr<Queued> event)
{
    // Queued by an instance that has gone since (its zone halted, perhaps
    // booted again): its events die with it, the new one never sees them.
    if (!tap->StillRunning(netid) || !tap->HasHooks(f, PFH_NIC_EVENTS))
    {
        return;
    }
    PfhooksIpInstance* ip = tap->GetIpInstance();
    hook_nic_event_t hne;
    hne.hne_protocol = ip->GetFamilyHandle(f);
    hne.hne_nic = event->nic;
    hne.hne_lif = event->lif;
    hne.hne_event = event->kind;
    hne.hne_data = event->data.empty() ? nullptr : event->data.data();
    hne.hne_datalen = event->data.size();
    // A read-only event: what the hooks return changes nothing.
    ip->GetEvent(f, PFH_NIC_EVENTS)->Run(reinterpret_cast<hook_data_t>(&hne));
}

} // namespace ns3
