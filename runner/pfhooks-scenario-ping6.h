/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ICMPv6 echo for scenarios: what PfhooksEchoPinger does for IPv4 (every
 * reply counted per sequence number, duplicates included).
 */
#ifndef PFHOOKS_SCENARIO_PING6_H
#define PFHOOKS_SCENARIO_PING6_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv6-address.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"

#include <cstdint>
#include <map>

namespace ns3
{

/** Sends ICMPv6 echo requests through a raw socket and counts the replies. */
class ScenarioPinger6 : public Application
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId();

    /**
     * \param remote where to
     * \param count requests to send
     * \param interval between two
     * \param size payload bytes
     * \param id the echo identifier
     */
    void Configure(Ipv6Address remote, uint32_t count, Time interval, uint32_t size, uint16_t id);

    /** \return requests sent */
    uint32_t GetSent() const
    {
        return m_sent;
    }

    /** \return replies per sequence number, for every number sent */
    const std::map<uint16_t, uint32_t>& GetReplies() const
    {
        return m_replies;
    }

  private:
    void StartApplication() override;
    void StopApplication() override;
    /** Sends the next request. */
    void Send();
    /** Reads what the socket has. */
    void Receive(Ptr<Socket> socket);

    Ipv6Address m_remote;
    uint32_t m_count{0};
    Time m_interval;
    uint32_t m_size{0};
    uint16_t m_id{0};
    uint32_t m_sent{0};
    std::map<uint16_t, uint32_t> m_replies;
    Ptr<Socket> m_socket;
    EventId m_next;
};

} // namespace ns3

#endif /* PFHOOKS_SCENARIO_PING6_H */
