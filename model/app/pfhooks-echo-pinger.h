/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_ECHO_PINGER_H
#define PFHOOKS_ECHO_PINGER_H

#include "ns3/application.h"
#include "ns3/event-id.h"
#include "ns3/ipv4-address.h"
#include "ns3/nstime.h"
#include "ns3/socket.h"
#include "ns3/traced-callback.h"

#include <cstdint>
#include <map>

namespace ns3
{

/**
 * \ingroup pfhooks
 * `ping -s` as an ns-3 application: sends ICMP echo requests through a raw
 * socket and counts every echo reply per sequence number, duplicates
 * included (ns-3's V4Ping counts the first reply only), so that a scenario
 * can show what a module such as the ping amplifier does to the wire.
 */
class PfhooksEchoPinger : public Application
{
  public:
    /** \return the TypeId */
    static TypeId GetTypeId();
    PfhooksEchoPinger();

    /** What one sequence number got. */
    struct Sequence
    {
        Time sent;           //!< when the request left
        uint32_t replies{0}; //!< echo replies received for it
    };

    /** \return requests sent so far */
    uint32_t GetSent() const
    {
        return m_sent;
    }

    /** \return echo replies received (matching identifier) */
    uint32_t GetReplies() const
    {
        return m_replies;
    }

    /** \return every sequence number sent, with its replies */
    const std::map<uint16_t, Sequence>& GetSequences() const
    {
        return m_seqs;
    }

    /**
     * TracedCallback signature for a received reply.
     * \param seq the sequence number
     * \param from who answered
     * \param nth 1 for the first reply to that sequence number, 2 for the next, ...
     */
    typedef void (*ReplyTracedCallback)(uint16_t seq, Ipv4Address from, uint32_t nth);

  private:
    void StartApplication() override;
    void StopApplication() override;
    void Send();
    void Receive(Ptr<Socket> socket);

    Ipv4Address m_remote;
    Time m_interval;
    uint32_t m_size;
    uint32_t m_count;
    uint16_t m_id;
    Ptr<Socket> m_socket;
    EventId m_next;
    uint32_t m_sent{0};
    uint32_t m_replies{0};
    std::map<uint16_t, Sequence> m_seqs;
    TracedCallback<uint16_t, Ipv4Address, uint32_t> m_replyTrace;
};

} // namespace ns3

#endif /* PFHOOKS_ECHO_PINGER_H */
