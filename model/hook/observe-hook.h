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

class ObserveSpareMessages;

/**
 * \ingroup pfhooks
 * The C++ view of one observed packet (the OBSERVING event): what an
 * ObserveHookCallback gets.  It reads the hook_pkt_observe_t that C hooks
 * see, in host byte order; the packet is read-only.  When only C++
 * observers ran so far, the message is not made yet: direction, family,
 * interface, zones and size come from the seam, and the first GetBytes()
 * or GetRaw() of the run builds it (ObserveLazyMessage), exactly as C
 * observers get it.  Valid only during the callback it was handed to.
 */
class ObservedPacket
{
  public:
    /** \param hdr the event data (a pending ObserveLazyMessage's, or the message's header) */
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
    /**
     * Builds the run's message on the first call of the run.
     * \return the datagram's bytes, header first; null when the message
     *         could not be made (allocb failed)
     */
    const uint8_t* GetBytes() const;
    /** \return the datagram's length (hpo_pktlen), known without the message */
    uint32_t GetSize() const;

    /**
     * Builds the run's message on the first call of the run.
     * \return the C view, in the message's first block as illumos lays it
     *         out (hpo_pkt the message); null when allocb failed
     */
    const hook_pkt_observe_t* GetRaw() const;

    /**
     * \param f a hook function
     * \return true when it runs an ObserveHookCallback: it reads the
     *         message only through ObservedPacket, so a run builds it lazily
     */
    static bool IsCxxObserver(hook_func_t f);

  private:
    const hook_pkt_observe_t* m_hdr;
};

/**
 * \ingroup pfhooks
 * Where an observation's datagram comes from: copied into the message's
 * packet block when the message is built.
 */
struct ObserveSource
{
    /// Copies the first `size` bytes of `source` to `to`.
    void (*copy)(const void* source, uint8_t* to, uint32_t size);
    const void* source; //!< what copy reads (outlives the run)
    uint32_t size;      //!< bytes copied: the packet block's size (padding included)
};

/**
 * \ingroup pfhooks
 * An OBSERVING run's message (illumos ipobs_hook(): the hook_pkt_observe_t
 * block, the datagram in its b_cont), built when something wants it: C++
 * observers that never read cost no allocb and copy.  The seam makes one on
 * its stack frame for the run.  Until it is built the hooks get its
 * pending header (every field set, hpo_pkt null); ObservedPacket builds it
 * on the first GetBytes()/GetRaw(), and PfhooksHookEvent::Run before a
 * hook that is not a C++ observer (a C hook reads hpo_pkt at once), which
 * from then on gets the message's header, as it always did.
 */
class ObserveLazyMessage
{
  public:
    /**
     * Makes it the pending observation of the run about to start (the one
     * it replaces is pending again when this one goes).
     * \param af AF_INET or AF_INET6
     * \param type IPOBS_HOOK_INBOUND, IPOBS_HOOK_OUTBOUND or IPOBS_HOOK_LOCAL
     * \param len the datagram's length (hpo_pktlen)
     * \param ifindex the interface received or sent on
     * \param zsrc source zone, or ALL_ZONES
     * \param zdst destination zone, or ALL_ZONES
     * \param ctx hpo_ctx
     * \param src the datagram
     * \param spares where the two blocks come from and go back to (null:
     *        allocb and freemsg)
     */
    ObserveLazyMessage(int af,
                       ipobs_hook_type_t type,
                       uint32_t len,
                       phy_if_t ifindex,
                       zoneid_t zsrc,
                       zoneid_t zdst,
                       void* ctx,
                       ObserveSource src,
                       ObserveSpareMessages* spares);

    /** Gives the message back (to the spares when its blocks are as built). */
    ~ObserveLazyMessage();

    ObserveLazyMessage(const ObserveLazyMessage&) = delete;
    ObserveLazyMessage& operator=(const ObserveLazyMessage&) = delete;

    /** \return the data of a run's hooks until the message is built */
    hook_pkt_observe_t* GetPending()
    {
        return &m_pending;
    }

    /**
     * Builds the message on the first call (allocb and copy).
     * \return its header (the first block's bytes); null when allocb failed
     *         (then on every call: illumos skips the observers)
     */
    hook_pkt_observe_t* GetMessage()
    {
        if (!m_tried)
        {
            Build();
        }
        return m_imp != nullptr ? reinterpret_cast<hook_pkt_observe_t*>(m_imp->b_rptr) : nullptr;
    }

    /**
     * \param data a run's event data
     * \return the pending observation whose GetPending() it is, or null
     */
    static ObserveLazyMessage* Of(const void* data)
    {
        return s_pending != nullptr && &s_pending->m_pending == data ? s_pending : nullptr;
    }

    /** \return messages built so far, process-wide (the tests count them) */
    static uint64_t GetBuilds()
    {
        return s_builds;
    }

  private:
    /** Takes the blocks, copies the datagram, writes the header. */
    void Build();

    hook_pkt_observe_t m_pending; //!< the header's fields; hpo_pkt null
    ObserveSource m_src;
    ObserveSpareMessages* m_spares;
    mblk_t* m_imp{nullptr};      //!< the message, once built
    mblk_t* m_pkt{nullptr};      //!< its packet block, as built
    bool m_tried{false};         //!< Build() ran (m_imp null: allocb failed)
    ObserveLazyMessage* m_outer; //!< the pending one it replaced
    static ObserveLazyMessage* s_pending;
    static uint64_t s_builds;
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
     * \param size the packet block's size
     * \return Take()'s two blocks, newly allocated; null when allocb fails
     */
    static mblk_t* Allocate(size_t size);

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
