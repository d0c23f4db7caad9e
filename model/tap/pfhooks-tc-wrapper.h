/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3's interfaces hand every outgoing packet, and every datagram sent to
 * an own address, to a TrafficControlLayer: a wrapper put in its place is
 * the one spot where PHYSICAL_OUT and LOOPBACK can run without changing
 * ns-3.  It is never aggregated to the node, so the node keeps its layer.
 */
#ifndef PFHOOKS_TC_WRAPPER_H
#define PFHOOKS_TC_WRAPPER_H

#include "ns3/traffic-control-layer.h"

namespace ns3
{

class PfhooksNodeTap;

/**
 * \ingroup pfhooks
 * The TrafficControlLayer the node's interfaces (and ARP) send through:
 * Send() runs PHYSICAL_OUT and Receive() the LOOPBACK events in the tap,
 * which then hands the item to the node's real layer.  Without a tap it
 * hands everything straight to the real layer.
 */
class PfhooksTrafficControl : public TrafficControlLayer
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId();

    /**
     * \param tap the tap that runs the events, or null once it is gone
     * \param real the node's own layer, where packets go without a tap
     */
    void SetTap(PfhooksNodeTap* tap, Ptr<TrafficControlLayer> real);

    /**
     * Hands the item to the tap (PHYSICAL_OUT runs), or, without a
     * tap, straight to the real layer.
     * \param device the output device
     * \param item the queue disc item
     */
    void Send(Ptr<NetDevice> device, Ptr<QueueDiscItem> item) override;

    /**
     * Hands a datagram for an own address to the tap (LOOPBACK runs),
     * or, without a tap, straight to the real layer.
     * \param device the input device
     * \param p the packet
     * \param protocol the L3 protocol number
     * \param from the sender
     * \param to the destination
     * \param packetType the packet type
     */
    void Receive(Ptr<NetDevice> device,
                 Ptr<const Packet> p,
                 uint16_t protocol,
                 const Address& from,
                 const Address& to,
                 NetDevice::PacketType packetType) override;

  protected:
    /** Forgets the tap and the real layer. */
    void DoDispose() override;

  private:
    PfhooksNodeTap* m_tap{nullptr};
    Ptr<TrafficControlLayer> m_real; //!< interfaces keep the wrapper after the tap goes
};

} // namespace ns3

#endif /* PFHOOKS_TC_WRAPPER_H */
