/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Why a thread per held packet, and only here: a hook asleep keeps the
 * state of its call (its stack, the message, the seam's bytes) for the
 * time it sleeps, while other packets go through the same seams; giving
 * each such run a stack and buffers of its own keeps the ordinary seams
 * (one runner, one set of buffers per node) untouched, so that hooks that
 * cannot sleep cost nothing more than one test.
 */
#include "pfhooks-sleeping-seam.h"

#include "pfhooks-datagram-check.h"
#include "pfhooks-ip-instance.h"
#include "pfhooks-node-tap.h"
#include "pfhooks-packet-rebuild.h"
#include "pfhooks-raw-queue-disc-item.h"
#include "pfhooks-seam-runner.h"

#include "ns3/arp-queue-disc-item.h"
#include "ns3/ipv4-queue-disc-item.h"
#include "ns3/ipv6-queue-disc-item.h"
#include "ns3/log.h"
#include "ns3/pfhooks-kernel-thread.h"

#include <map>
#include <memory>
#include <type_traits>
#include <vector>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PfhooksSleepingSeam");

/** The bytes of one held run and what the hooks made of them. */
struct PfhooksSleepingSeam::Held
{
    std::vector<uint8_t> bytes;       //!< the datagram shown to the hooks
    uint32_t len{0};                  //!< its length
    std::vector<uint8_t> out;         //!< what they left, on a rewrite
    PfhooksVerdict verdict{PFH_DROP}; //!< what they decided
};

namespace
{
/** Runs in flight per instance, and who waits for none. */
struct Flight
{
    uint32_t n{0};
    std::vector<std::function<void()>> idle;
};

std::map<netid_t, Flight>&
Flights()
{
    static auto* flights = new std::map<netid_t, Flight>;
    return *flights;
}
} // namespace

uint32_t
PfhooksSleepingSeam::InFlight(netid_t netid)
{
    auto it = Flights().find(netid);
    return it == Flights().end() ? 0 : it->second.n;
}

void
PfhooksSleepingSeam::WhenIdle(netid_t netid, std::function<void()> fn)
{
    NS_LOG_FUNCTION(netid);
    if (InFlight(netid) == 0)
    {
        fn();
        return;
    }
    Flights()[netid].idle.push_back(std::move(fn));
}

void
PfhooksSleepingSeam::Begin(PfhooksNodeTap* tap,
                           PfhooksFamily f,
                           PfhooksEvent e,
                           phy_if_t ifp,
                           phy_if_t ofp,
                           int flags,
                           std::shared_ptr<Held> held,
                           std::function<void()> then)
{
    Ptr<PfhooksIpInstance> ip(tap->GetIpInstance());
    Ptr<PfhooksNodeTap> keep(tap);
    netid_t netid = ip->GetNetid();
    Flights()[netid].n++;
    auto body = [ip, f, e, ifp, ofp, flags, held]() {
        // The message made before the hooks: a hook may sleep mid-run.
        held->verdict = ip->RunPacketEvent(f,
                                           e,
                                           held->bytes.data(),
                                           held->len,
                                           ifp,
                                           ofp,
                                           flags,
                                           &held->out,
                                           false);
    };
    auto finish = [keep, netid, then]() {
        // An instance gone meanwhile (stopped without waiting) takes its
        // held packets with it, as its queued injections.  The packet goes
        // on before the instance is idle: into a halting zone's closed NICs.
        if (keep->StillRunning(netid))
        {
            then();
        }
        Flight& fl = Flights()[netid];
        if (--fl.n == 0)
        {
            std::vector<std::function<void()>> idle;
            idle.swap(fl.idle);
            Flights().erase(netid);
            for (auto& fn : idle)
            {
                fn();
            }
        }
    };
    if (PfhooksKernelThread::Current() != nullptr)
    {
        // Already on a kernel thread (a callout's injection): it may sleep.
        body();
        finish();
        return;
    }
    Ptr<PfhooksKernelThread> t = Create<PfhooksKernelThread>(
        std::string(PfhooksIpInstance::FamilyName(f)) + "/" + PfhooksIpInstance::EventName(e),
        body);
    // Called on the simulator's stack: at once when no hook slept, else when
    // the thread finishes after its last wake-up.
    t->OnExit(finish);
    t->Start();
}

bool
PfhooksSleepingSeam::Outcome(PfhooksNodeTap* tap,
                             PfhooksFamily f,
                             PfhooksEvent e,
                             const Held& held,
                             Ptr<const Packet> orig,
                             uint32_t shift,
                             Ptr<Packet>* p,
                             Ptr<const Packet> datagram,
                             phy_if_t ifp,
                             phy_if_t ofp)
{
    PfhooksIpInstance* ip = tap->GetIpInstance();
    PfhooksVerdict v = held.verdict;
    if (v == PFH_REWRITE)
    {
        if (const char* why = PfhooksDatagramCheck::Check(f, held.out.data(), held.out.size()))
        {
            ip->ReportDrop(f, e, why, held.out.size());
            v = PFH_DROP;
        }
    }
    // The traces hear of a held packet when it goes on (or not), as of any.
    ip->NotifySeam(f, e, datagram, v, ifp, ofp);
    if (v == PFH_DROP)
    {
        return false;
    }
    *p = v == PFH_ACCEPT
             ? nullptr
             : PfhooksPacketRebuild::Rebuild(orig, shift, held.bytes.data(), held.len, held.out);
    return true;
}

bool
PfhooksSleepingSeam::Receive(PfhooksNodeTap* tap,
                             PfhooksFamily f,
                             Ptr<NetDevice> device,
                             Ptr<const Packet> p,
                             uint16_t protocol,
                             const Address& from,
                             const Address& to,
                             NetDevice::PacketType packetType)
{
    auto held = std::make_shared<Held>();
    held->len = PfhooksWholeDatagram(p).CopyTo(f, &held->bytes);
    if (held->len == 0)
    {
        return false;
    }
    int flags = tap->InboundFlags(*device, f, held->bytes.data());
    Ptr<PfhooksNodeTap> keep(tap);
    Begin(tap,
          f,
          PFH_PHYSICAL_IN,
          PfhooksIpInstance::PhyIf(device),
          0,
          flags,
          held,
          [keep, f, device, p, protocol, from, to, packetType, held]() {
              Ptr<Packet> rewritten;
              if (!Outcome(PeekPointer(keep),
                           f,
                           PFH_PHYSICAL_IN,
                           *held,
                           p,
                           0,
                           &rewritten,
                           p,
                           PfhooksIpInstance::PhyIf(device),
                           0))
              {
                  return;
              }
              Ptr<const Packet> next = rewritten ? Ptr<const Packet>(rewritten) : p;
              keep->SkipHooksOnce(next->GetUid());
              keep->Receive(device, next, protocol, from, to, packetType);
              keep->ForgetSkip(next->GetUid()); // left there by a halted host
          });
    return true;
}

template <typename ItemT, typename RawT>
bool
PfhooksSleepingSeam::SendAs(PfhooksNodeTap* tap,
                            PfhooksFamily f,
                            Ptr<NetDevice> device,
                            Ptr<QueueDiscItem> item)
{
    Ptr<ItemT> l3 = DynamicCast<ItemT>(item);
    if (!l3)
    {
        return false; // bytes already (an earlier rewrite): no hooks, as RunPhysicalOut
    }
    typedef typename std::decay<decltype(l3->GetHeader())>::type HeaderT;
    HeaderT header = l3->GetHeader();
    auto held = std::make_shared<Held>();
    Ptr<Packet> serialized;
    {
        PfhooksHeadedDatagram<HeaderT> datagram(l3->GetPacket(), header);
        held->len = datagram.CopyTo(f, &held->bytes);
        serialized = datagram.GetSerialized();
    }
    Ptr<PfhooksNodeTap> keep(tap);
    Begin(tap,
          f,
          PFH_PHYSICAL_OUT,
          0,
          PfhooksIpInstance::PhyIf(device),
          0, // illumos passes no flags on PHYSICAL_OUT
          held,
          [keep, f, device, l3, header, serialized, held]() {
              Ptr<Packet> rewritten;
              if (!Outcome(PeekPointer(keep),
                           f,
                           PFH_PHYSICAL_OUT,
                           *held,
                           l3->GetPacket(),
                           header.GetSerializedSize(),
                           &rewritten,
                           serialized,
                           0,
                           PfhooksIpInstance::PhyIf(device)))
              {
                  return;
              }
              Ptr<QueueDiscItem> next;
              if (rewritten)
              {
                  HeaderT parsed;
                  rewritten->PeekHeader(parsed);
                  next = Create<RawT>(rewritten, l3->GetAddress(), l3->GetProtocol(), parsed);
              }
              else
              {
                  next = Create<RawT>(serialized, l3->GetAddress(), l3->GetProtocol(), header);
              }
              keep->SkipHooksOnce(next->GetPacket()->GetUid());
              keep->Send(device, next);
              keep->ForgetSkip(next->GetPacket()->GetUid());
          });
    return true;
}

bool
PfhooksSleepingSeam::Send(PfhooksNodeTap* tap,
                          PfhooksFamily f,
                          Ptr<NetDevice> device,
                          Ptr<QueueDiscItem> item)
{
    switch (f)
    {
    case PFH_INET:
        return SendAs<Ipv4QueueDiscItem, PfhooksRawIpv4QueueDiscItem>(tap, f, device, item);
    case PFH_INET6:
        return SendAs<Ipv6QueueDiscItem, PfhooksRawIpv6QueueDiscItem>(tap, f, device, item);
    default:
        return SendAs<ArpQueueDiscItem, PfhooksRawArpQueueDiscItem>(tap, f, device, item);
    }
}

} // namespace ns3
