/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * illumos lets a packet hook block (ipd's delay() holds a packet).  When an
 * event's hooks may sleep, PHYSICAL_IN and PHYSICAL_OUT run them on a
 * kernel thread of their own: a hook that sleeps holds its packet for that
 * simulated time while everything else goes on, and the packet then goes
 * on from where the hooks ran.
 */
#ifndef PFHOOKS_SLEEPING_SEAM_H
#define PFHOOKS_SLEEPING_SEAM_H

#include "ns3/address.h"
#include "ns3/net-device.h"
#include "ns3/packet.h"
#include "ns3/pfhooks-event-table.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/queue-item.h"

#include <cstdint>
#include <functional>

namespace ns3
{

class PfhooksNodeTap;

/**
 * \ingroup pfhooks
 * PHYSICAL_IN and PHYSICAL_OUT for an event whose hooks may sleep
 * (PfhooksHookEvent::MaySleep): the hooks run on a kernel thread; once
 * they are done (at once, or when the last one wakes) the packet, as they
 * left it, re-enters the seam with its hooks skipped (OBSERVING and ns-3
 * follow).  Other packets pass meanwhile and may overtake it.  The tap
 * calls it only for such events; others never get here.
 */
class PfhooksSleepingSeam
{
  public:
    /**
     * PHYSICAL_IN of a received frame (the arguments of PfhooksNodeTap::Receive).
     * \return false when the bytes are no whole datagram (not shown: the
     *         caller goes on as for any other packet); true when taken
     */
    static bool Receive(PfhooksNodeTap* tap,
                        PfhooksFamily f,
                        Ptr<NetDevice> device,
                        Ptr<const Packet> p,
                        uint16_t protocol,
                        const Address& from,
                        const Address& to,
                        NetDevice::PacketType packetType);

    /**
     * PHYSICAL_OUT of an item (the arguments of PfhooksNodeTap::Send).
     * \return false for an item that holds bytes already (the caller goes
     *         on as usual); true when taken
     */
    static bool Send(PfhooksNodeTap* tap,
                     PfhooksFamily f,
                     Ptr<NetDevice> device,
                     Ptr<QueueDiscItem> item);

    /**
     * \param netid an instance
     * \return its packets whose hooks are running on kernel threads now
     */
    static uint32_t InFlight(netid_t netid);

    /**
     * Calls fn once the instance has no packet in its hooks (at once when
     * it has none): what a zone halt waits for, as hook.c waits for hooks
     * in flight.
     * \param netid the instance
     * \param fn what to do then
     */
    static void WhenIdle(netid_t netid, std::function<void()> fn);

  private:
    struct Held;

    /**
     * Runs event e's hooks on the held bytes, on a kernel thread (directly
     * when already on one), then `then` from the simulator's stack if the
     * instance still runs.
     */
    static void Begin(PfhooksNodeTap* tap,
                      PfhooksFamily f,
                      PfhooksEvent e,
                      phy_if_t ifp,
                      phy_if_t ofp,
                      int flags,
                      std::shared_ptr<Held> held,
                      std::function<void()> then);

    /**
     * What the hooks left: false for a drop (a rewrite that is no datagram
     * is reported); else *p holds the datagram that goes on.  The verdict
     * goes to the instance's traces (HookVerdict, Ipv4Drop/Ipv6Drop) with
     * \p datagram, ifp and ofp, as the seam runner's Notify does.
     */
    static bool Outcome(PfhooksNodeTap* tap,
                        PfhooksFamily f,
                        PfhooksEvent e,
                        const Held& held,
                        Ptr<const Packet> orig,
                        uint32_t shift,
                        Ptr<Packet>* p,
                        Ptr<const Packet> datagram,
                        phy_if_t ifp,
                        phy_if_t ofp);

    /** PHYSICAL_OUT for one family's item type. */
    template <typename ItemT, typename RawT>
    static bool SendAs(PfhooksNodeTap* tap,
                       PfhooksFamily f,
                       Ptr<NetDevice> device,
                       Ptr<QueueDiscItem> item);
};

} // namespace ns3

#endif /* PFHOOKS_SLEEPING_SEAM_H */
