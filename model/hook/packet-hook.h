/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef PFHOOKS_PACKET_HOOK_H
#define PFHOOKS_PACKET_HOOK_H

#include "pfhooks-hook-types.h"

#include "ns3/callback.h"
#include "ns3/ipv4-header.h"
#include "ns3/packet.h"
#include "ns3/pfhooks-mblk.h"
#include "ns3/pfhooks-visibility.h"

#include <cstdint>
#include <cstring>
#include <string>

namespace ns3
{

/**
 * \ingroup pfhooks
 * Where a packet event's bytes come from: a seam copies them out of its
 * ns-3 packet on the first call only, so a run whose hooks never look
 * costs no copy.
 */
struct PacketHookBytes
{
    /** \return the datagram's bytes (copied out on the first call) */
    const uint8_t* (*get)(void* source);
    void* source; //!< what get copies from
    /**
     * \return the datagram's length, without copying: for a run whose
     *         length was given as kPacketSizeOnDemand (null otherwise)
     */
    uint32_t (*size)(void* source) = nullptr;

    /** \return the datagram's bytes */
    const uint8_t* operator()() const
    {
        return get(source);
    }
};

/**
 * \ingroup pfhooks
 * A packet event's length not asked of ns-3 yet (PacketHookBytes::size
 * gives it): a datagram ns-3 keeps apart (header object and payload) pays
 * two calls for it, which a run whose hooks never look does without.
 */
constexpr uint32_t kPacketSizeOnDemand = UINT32_MAX;

/**
 * \ingroup pfhooks
 * One message a seam keeps for its next packet event: the message of a
 * datagram the hooks let go unchanged is reset and used again instead of
 * freemsg() and allocb() (about a sixth of a C hook's accept).  While kept
 * it is a freed block to kmem debugging (pfhooks_msg_keep: poisoned, its
 * free site named, checked when taken back), so a module that frees it
 * again or writes to it after its hook returned is caught as with any
 * freed block.  A message is kept only when nothing else can hold it (one
 * block, its data block referred to once, not charged to a module).
 */
class PacketHookSpareMessage
{
  public:
    PacketHookSpareMessage() = default;
    ~PacketHookSpareMessage();
    PacketHookSpareMessage(const PacketHookSpareMessage&) = delete;
    PacketHookSpareMessage& operator=(const PacketHookSpareMessage&) = delete;

    /**
     * \param len the bytes wanted
     * \return a message of len bytes to be written (b_wptr at b_rptr), as
     *         allocb(len) makes it; the kept one when it has room, else a
     *         new one; null when allocb fails
     */
    mblk_t* Take(size_t len)
    {
        if (m_kept != nullptr)
        {
            if (mblk_t* mp = pfhooks_msg_reuse(m_kept, len))
            {
                return mp;
            }
        }
        return allocb(len, BPRI_MED);
    }

    /**
     * Take() with the bytes copied in: a kept message's fill is checked in
     * the same pass as the copy (pfhooks_msg_reuse_copy).
     * \param bytes the bytes
     * \param len their number
     * \return the message, b_wptr after the bytes; null when allocb fails
     */
    mblk_t* TakeCopy(const uint8_t* bytes, size_t len)
    {
        mblk_t* mp = m_kept != nullptr ? pfhooks_msg_reuse_copy(m_kept, bytes, len) : nullptr;
        return mp != nullptr ? mp : NewCopy(bytes, len);
    }

    /**
     * \param bytes the bytes
     * \param len their number
     * \return a new message (allocb) with the bytes copied in, b_wptr
     *         after them; null when allocb fails
     */
    static mblk_t* NewCopy(const uint8_t* bytes, size_t len)
    {
        mblk_t* mp = allocb(len, BPRI_MED);
        if (mp != nullptr)
        {
            std::memcpy(mp->b_wptr, bytes, len);
            mp->b_wptr += len;
        }
        return mp;
    }

    /**
     * Gives back the message of a run that is over: kept for the next run
     * when nothing else can hold it, else freed (freemsg).
     * \param mp the message (not freed, nobody else's)
     */
    void Give(mblk_t* mp);

    /**
     * Give() at the end of a run: the message is compared with the bytes it
     * was given in the call that fills it (pfhooks_msg_keep_same).
     * \param mp the message (one block of len bytes, not freed, nobody else's)
     * \param bytes the bytes it was given
     * \param len their number
     * \param out receives its len bytes when they differ
     * \param changeEnd receives, when they differ, one past the last byte
     *        that does (RewriteChangeEnd(), found in the copy's pass)
     * \return 1 when equal and kept; -1 when they differed (copied to out)
     *         and it is kept; 0 when it cannot be kept (not compared: the
     *         caller compares, then Give()s)
     */
    int GiveIfSame(mblk_t* mp, const uint8_t* bytes, size_t len, uint8_t* out, size_t* changeEnd)
    {
        return pfhooks_msg_keep_same(m_kept != nullptr ? m_kept : NewKept(),
                                     mp,
                                     bytes,
                                     len,
                                     out,
                                     changeEnd);
    }

    /** Frees the kept message, if any. */
    void Drop();

  private:
    /** \return m_kept, made now (the first Give) */
    pfhooks_msg_spare_t* NewKept();

    /// Where the message is kept; made by the first Give (an idle seam's
    /// spares are a pointer each).
    pfhooks_msg_spare_t* m_kept{nullptr};
};

/**
 * \ingroup pfhooks
 * A packet event's message that the stack builds only when something wants
 * its bytes, so that C++ hooks that never look (a blind accept) cost no
 * allocb and copy.  The stack running the event makes one on its stack
 * frame for the run; until it is built, *hpe_mp, hpe_mb and hpe_hdr are
 * null.  PacketHookContext builds it on the first access to the message,
 * and PfhooksHookEvent::Run before any hook that is not a
 * PacketHookCallback (a C hook reads hpe_hdr at once).
 */
class PacketHookLazyMessage
{
  public:
    /**
     * Makes it the pending message of the event run about to start (the one
     * it replaces is pending again when this one goes).
     * \param hpe the event data handed to the hooks
     * \param bytes the datagram's bytes (they outlive the run)
     * \param size its length, or kPacketSizeOnDemand
     * \param spare where the message comes from (null: allocb)
     */
    PacketHookLazyMessage(hook_pkt_event_t* hpe,
                          PacketHookBytes bytes,
                          uint32_t size,
                          PacketHookSpareMessage* spare = nullptr)
        : m_hpe(hpe),
          m_bytes(bytes),
          m_size(size),
          m_spare(spare),
          m_outer(s_pending)
    {
        s_pending = this;
    }

    ~PacketHookLazyMessage()
    {
        s_pending = m_outer;
    }

    PacketHookLazyMessage(const PacketHookLazyMessage&) = delete;
    PacketHookLazyMessage& operator=(const PacketHookLazyMessage&) = delete;

    /** Builds the message (allocb and copy) if not built yet. */
    void Build()
    {
        if (!m_built)
        {
            DoBuild();
        }
    }

    /** Marks it built without building: a hook put its own message or none. */
    void Claim()
    {
        m_built = true;
    }

    /** \return true once the message was built or claimed */
    bool IsBuilt() const
    {
        return m_built;
    }

    /** \return the datagram's length (asked of its seam on the first call) */
    uint32_t GetSize()
    {
        if (m_size == kPacketSizeOnDemand)
        {
            m_size = m_bytes.size(m_bytes.source);
        }
        return m_size;
    }

    /**
     * \param hpe an event's data
     * \return the pending lazy message of that event data, or null
     */
    static PacketHookLazyMessage* Of(const void* hpe)
    {
        return s_pending != nullptr && s_pending->m_hpe == hpe ? s_pending : nullptr;
    }

  private:
    /** allocb and copy; as a hook that freed it when allocb fails. */
    void DoBuild();

    hook_pkt_event_t* m_hpe;
    PacketHookBytes m_bytes;
    uint32_t m_size;
    PacketHookSpareMessage* m_spare;
    bool m_built{false};
    PacketHookLazyMessage* m_outer;
    static PacketHookLazyMessage* s_pending;
};

/**
 * \ingroup pfhooks
 * The C++ view of one packet event: what a PacketHookCallback gets.
 *
 * It wraps the hook_pkt_event_t that C hooks see, so both faces act on the
 * same message: rewriting GetBytes() in place, Replace() and Drop() are
 * what a C hook does with hpe_mb, *hpe_mp and freemsg().
 */
class PacketHookContext
{
  public:
    /**
     * \param token the event token
     * \param hpe the event data
     */
    PacketHookContext(hook_event_token_t token, hook_pkt_event_t* hpe)
        : m_token(token),
          m_hpe(hpe)
    {
    }

    /** \return the datagram's bytes, made contiguous; null after Drop() */
    uint8_t* GetBytes();
    /** \return the datagram's length in bytes */
    uint32_t GetSize() const;

    /** \return the inbound interface (phy_if_t), 0 if none */
    phy_if_t GetInInterface() const
    {
        return m_hpe->hpe_ifp;
    }

    /** \return the outbound interface (phy_if_t), 0 if none */
    phy_if_t GetOutInterface() const
    {
        return m_hpe->hpe_ofp;
    }

    /** \return HPE_MULTICAST / HPE_BROADCAST */
    int GetFlags() const
    {
        return m_hpe->hpe_flags;
    }

    /** \return the IPv4 header parsed from the bytes (inet events) */
    Ipv4Header GetIpv4Header();
    /** \return an ns-3 packet holding a copy of the bytes */
    Ptr<Packet> GetPacket();
    /** Replaces the datagram by the bytes of @p p (IP header first). */
    void Replace(Ptr<const Packet> p);
    /** Frees the message; return non-zero from the hook after this. */
    void Drop();

    /**
     * Writes the IPv4 header checksum after a rewrite of the bytes.
     * \return false (nothing written) when they hold no IPv4 header
     */
    bool FixIpv4Checksum();

    /**
     * Writes the ICMP, ICMPv6, TCP or UDP checksum (with its pseudo-header)
     * after a rewrite of the bytes (IPv4 or IPv6 addresses, ports, payload).
     * \return false (nothing written) when the datagram has none (another
     *         protocol, an IPv4 fragment, an IPv6 extension header)
     */
    bool FixTransportChecksum();

    /** FixIpv4Checksum() and FixTransportChecksum(), in that order. */
    void FixChecksums();

    /**
     * Says that this packet leaves the hook with a wrong checksum on
     * purpose: the stack neither counts it (kstat badChecksums) nor warns.
     */
    void KeepWrongChecksums();

    /**
     * \return calls of KeepWrongChecksums() so far (the stack compares the
     *         figure before and after an event's hooks)
     */
    static uint64_t GetWrongOnPurpose()
    {
        return s_wrongOnPurpose;
    }

    /** \return the event's name */
    std::string GetEventName() const;
    /** \return the family's name */
    std::string GetFamilyName() const;

    /** \return the C view, for code shared with C hooks */
    hook_pkt_event_t* GetRaw()
    {
        m_exposed = true;
        if (PacketHookLazyMessage* lazy = PacketHookLazyMessage::Of(m_hpe))
        {
            lazy->Build();
        }
        return m_hpe;
    }

    /**
     * \return C++ hooks called so far that never got at the message (no
     *         GetBytes, GetRaw, GetPacket, GetIpv4Header, Replace or Drop):
     *         they cannot have changed it, so the stack need not compare
     *         the bytes after them (see PfhooksHookEvent::GetCalls)
     */
    static uint64_t GetBlindCalls()
    {
        return s_blindCalls;
    }

    /** \return true once the hook could have changed the message */
    bool IsExposed() const
    {
        return m_exposed;
    }

    /**
     * \param f a hook function
     * \return true when it is the adapter that runs a PacketHookCallback
     *         (such hooks reach the message only through the context)
     */
    static bool IsCxxHook(hook_func_t f);

    /** Counts one call of a hook that never got at the message. */
    static void CountBlindCall()
    {
        ++s_blindCalls;
    }

  private:
    hook_event_token_t m_token;
    hook_pkt_event_t* m_hpe;
    bool m_exposed{false};
    PFHOOKS_LOCAL static uint64_t s_blindCalls;
    PFHOOKS_LOCAL static uint64_t s_wrongOnPurpose;
};

/**
 * \ingroup pfhooks
 * A C++ packet hook: return 0 to let the packet go on, non-zero to drop it.
 */
typedef Callback<int, PacketHookContext&> PacketHookCallback;

/**
 * \ingroup pfhooks
 * What a C++ hook keeps alive while registered: its hook_t's h_arg.  The
 * run loop calls Call() on it directly for a hook it knows to be one
 * (PfhooksHookEntry::cxx), without the C adapter's indirect call.
 */
struct PacketHookClosure
{
    PacketHookCallback cb; //!< the hook
    std::string name;      //!< its name (h_name points into it)
    std::string hintValue; //!< its hint value (h_hintvalue points into it)

    /**
     * Runs a C++ hook on one packet event (what the C adapter does).
     * \param token the event token
     * \param data the event data (a hook_pkt_event_t)
     * \param arg the PacketHookClosure
     *
eturn the hook's value
     */
    static int Call(hook_event_token_t token, hook_data_t data, void* arg)
    {
        PacketHookContext ctx(token, reinterpret_cast<hook_pkt_event_t*>(data));
        int rv = static_cast<PacketHookClosure*>(arg)->cb(ctx);
        if (!ctx.IsExposed())
        {
            PacketHookContext::CountBlindCall();
        }
        return rv;
    }
};

/**
 * \ingroup pfhooks
 * Builds the hook_t that runs a PacketHookCallback.
 * \param name hook name
 * \param cb the callback
 * \param hint ordering hint
 * \param hintValue the other hook's name for HH_BEFORE / HH_AFTER
 * \param hook receives the hook (its h_name/h_hintvalue point into @p storage)
 * \param storage receives what must outlive the registration
 */
void MakePacketHook(const std::string& name,
                    PacketHookCallback cb,
                    hook_hint_t hint,
                    const std::string& hintValue,
                    hook_t* hook,
                    std::shared_ptr<void>* storage);

} // namespace ns3

#endif /* PFHOOKS_PACKET_HOOK_H */
