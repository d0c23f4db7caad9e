/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_OBSERVE_HOOK_H
#define PFHOOKS_OBSERVE_HOOK_H

#include "pfhooks-hook-types.h"

#include "ns3/callback.h"
#include "ns3/pfhooks-mblk.h"

#include <cstdint>
#include <memory>
#include <string>

namespace ns3
{

/**
 * \ingroup pfhooks
 * The C++ view of one observed packet (the OBSERVING event): what an
 * ObserveHookCallback gets.  It reads the hook_pkt_observe_t that C hooks
 * see, in host byte order; the packet is read-only.
 */
class ObservedPacket
{
  public:
    /** \param hdr the event data */
    explicit ObservedPacket(const hook_pkt_observe_t* hdr);

    /** \return IPOBS_HOOK_INBOUND, IPOBS_HOOK_OUTBOUND or IPOBS_HOOK_LOCAL */
    ipobs_hook_type_t GetDirection() const;
    /** \return AF_INET or AF_INET6 */
    int GetAddressFamily() const;
    /** \return the interface received or sent on (phy_if_t) */
    phy_if_t GetInterface() const;
    /** \return the source zone, or ALL_ZONES */
    zoneid_t GetSourceZone() const;
    /** \return the destination zone, or ALL_ZONES */
    zoneid_t GetDestinationZone() const;
    /** \return the datagram's bytes, header first */
    const uint8_t* GetBytes() const;
    /** \return the datagram's length (hpo_pktlen) */
    uint32_t GetSize() const;

    /** \return the C view */
    const hook_pkt_observe_t* GetRaw() const
    {
        return m_hdr;
    }

  private:
    const hook_pkt_observe_t* m_hdr;
};

/**
 * \ingroup pfhooks
 * The two blocks of an observation (illumos ipobs_hook(): the
 * hook_pkt_observe_t block, the datagram in its b_cont) that a seam keeps
 * for its next observation instead of freemsg() and allocb(): kept, they
 * are freed blocks to kmem debugging (pfhooks_msg_keep_pair: filled,
 * poisoned, checked when taken back), as PacketHookSpareMessage's one.
 */
class ObserveSpareMessages
{
  public:
    ObserveSpareMessages() = default;
    ~ObserveSpareMessages();
    ObserveSpareMessages(const ObserveSpareMessages&) = delete;
    ObserveSpareMessages& operator=(const ObserveSpareMessages&) = delete;

    /**
     * \param size the packet block's size
     * \return the header block (sizeof(hook_pkt_observe_t) bytes), its
     *         b_cont a packet block of size bytes, both as allocb() leaves
     *         them; null when allocb fails
     */
    mblk_t* Take(size_t size);

    /**
     * Gives back the message of a run that is over: kept when its two
     * blocks are still as Take() linked them and nothing else holds them,
     * else freemsg().
     * \param imp the header block
     */
    void Give(mblk_t* imp);

    /** Frees what is kept, if anything. */
    void Drop();

  private:
    /// The two kept blocks; made by the first Give (an idle seam's is a pointer).
    pfhooks_msg_spare_t* m_kept{nullptr};
};

/**
 * \ingroup pfhooks
 * A C++ observing hook.  It returns nothing: observers cannot drop (illumos
 * ignores what OBSERVING hooks return).
 */
typedef Callback<void, const ObservedPacket&> ObserveHookCallback;

/**
 * \ingroup pfhooks
 * Builds the hook_t that runs an ObserveHookCallback.
 * \param name hook name
 * \param cb the callback
 * \param hint ordering hint
 * \param hintValue the other hook for HH_BEFORE / HH_AFTER
 * \param hook receives the hook
 * \param storage receives what must live as long as the hook is registered
 */
void MakeObserveHook(const std::string& name,
                     ObserveHookCallback cb,
                     hook_hint_t hint,
                     const std::string& hintValue,
                     hook_t* hook,
                     std::shared_ptr<void>* storage);

} // namespace ns3

#endif /* PFHOOKS_OBSERVE_HOOK_H */
