/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Every seam runs the same sequence on a packet: copy its bytes out, run
 * the event's hooks on them, check what the hooks left, and rebuild an
 * ns-3 packet from it (or keep the original when they left it alone).  The
 * sequence is written here once; a seam only says where its bytes come
 * from (a datagram source below) and what to do with the outcome.
 */
#ifndef PFHOOKS_SEAM_RUNNER_H
#define PFHOOKS_SEAM_RUNNER_H

#include "pfhooks-datagram-check.h"
#include "pfhooks-packet-rebuild.h"

#include "ns3/buffer.h"
#include "ns3/observe-hook.h"
#include "ns3/packet-hook.h"
#include "ns3/packet.h"
#include "ns3/pfhooks-event-table.h"
#include "ns3/pfhooks-hook-event.h"
#include "ns3/pfhooks-hook-types.h"
#include "ns3/queue-item.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <type_traits>
#include <vector>

namespace ns3
{

class PfhooksIpInstance;

/**
 * \ingroup pfhooks
 * What became of a datagram at a seam.
 */
enum PfhooksSeamOutcome
{
    PFH_SEAM_UNSHOWN, //!< not a whole datagram of its family: not shown, ns-3 judges it
    PFH_SEAM_ACCEPT,  //!< the hooks let it go unchanged
    PFH_SEAM_REWRITE, //!< the hooks left other, valid bytes: a new packet holds them
    PFH_SEAM_DROP     //!< a hook dropped it, or left bytes that are no datagram (reported)
};

/**
 * \ingroup pfhooks
 * A datagram a packet holds whole, header first (PHYSICAL_IN, LOOPBACK,
 * OBSERVING): link-layer padding may follow it and its bytes came from
 * anywhere, so they are checked before hooks see them, and shown without
 * the padding.  It refers to the packet, which the seam keeps alive.
 */
class PfhooksWholeDatagram
{
  public:
    /**
     * \param p the packet
     * \param headFirst copy only the header before the hooks run (for the
     *        check and hpe_flags), the rest when a hook asks for the bytes:
     *        for a seam that needs no copy of its own after the run
     */
    template <typename P>
    explicit PfhooksWholeDatagram(const Ptr<P>& p, bool headFirst = false)
        : m_packet(PeekPointer(p)),
          m_headFirst(headFirst)
    {
    }

    /// Bytes a head buffer holds: every check and hpe_flags read within
    /// them (the IPv6 header is 40).
    static constexpr uint32_t kHeadBytes = 64;

    /**
     * \param f the family
     * \return the bytes CopyHead() takes: the fixed header the checks and
     *         hpe_flags read (IPv4 20, IPv6 40, ARP 8), so that the copy
     *         stops before the payload (often a zero area of ns-3's buffer,
     *         a second copy loop)
     */
    static constexpr uint32_t HeadBytes(PfhooksFamily f)
    {
        return f == PFH_INET ? 20 : f == PFH_INET6 ? 40 : 8;
    }

    /**
     * Copies the packet's bytes out.
     * \param f the family
     * \param b receives the bytes
     * \return the datagram's length, without padding; 0 when the bytes are
     *         no whole datagram of family f
     */
    uint32_t CopyTo(PfhooksFamily f, std::vector<uint8_t>* b) const
    {
        uint32_t size = m_packet->GetSize();
        b->resize(size);
        m_packet->CopyData(b->data(), size);
        if (PfhooksDatagramCheck::Check(f, b->data(), size) != nullptr)
        {
            return 0;
        }
        return PfhooksDatagramCheck::Length(f, b->data());
    }

    /**
     * CopyTo(), or with headFirst only the leading HeadBytes(): the checks
     * and hpe_flags read no further (a blind C++ hook's run then copies no
     * more; CopyTo() copies the whole when a hook asks).
     * \param f the family
     * \param b receives the bytes (at least the head)
     * \return as CopyTo()
     */
    // Forced inline: GCC keeps it out of line, a frame per received datagram.
    __attribute__((always_inline)) uint32_t CopyHead(PfhooksFamily f, std::vector<uint8_t>* b) const
    {
        if (!m_headFirst)
        {
            return CopyTo(f, b);
        }
        uint32_t size = m_packet->GetSize();
        uint32_t n = size < HeadBytes(f) ? size : HeadBytes(f);
        if (b->size() < n)
        {
            b->resize(n);
        }
        m_packet->CopyData(b->data(), n);
        if (PfhooksDatagramCheck::Check(f, b->data(), size) != nullptr)
        {
            return 0;
        }
        return PfhooksDatagramCheck::Length(f, b->data());
    }

    /** \return true when CopyHead() copies the whole datagram */
    bool CopiesWhole() const
    {
        return !m_headFirst;
    }

    /** Its bytes are copied before the hooks run: they are checked first. */
    static constexpr bool kCopiesFirst = true;

    /** \return the packet the bytes came from */
    Ptr<const Packet> GetPacket() const
    {
        return Ptr<const Packet>(m_packet);
    }

    /** \return the packet the bytes came from, without a reference */
    const Packet& PeekPacket() const
    {
        return *m_packet;
    }

    /** \return the datagram as one packet, header first (for the traces) */
    Ptr<const Packet> GetDatagram() const
    {
        return Ptr<const Packet>(m_packet);
    }

    /** \return leading bytes of the datagram not in GetPacket(): none */
    uint32_t GetShift() const
    {
        return 0;
    }

    /** \return the type of the header not in GetPacket(): none */
    TypeId GetShiftType() const
    {
        return TypeId();
    }

    /**
     * A rewrite of a whole datagram is always rebuilt from its bytes (its
     * header is in the packet's buffer).
     * \return false
     */
    bool TakeHeaderRewrite(const uint8_t*, const std::vector<uint8_t>&, uint32_t, std::size_t)
    {
        return false;
    }

    /** \return the datagram with the header TakeHeaderRewrite() took: none */
    Ptr<const Packet> GetRewrittenDatagram() const
    {
        return nullptr;
    }

  private:
    const Packet* m_packet;
    bool m_headFirst; //!< CopyHead() copies the header alone
};

/**
 * \ingroup pfhooks
 * A payload and the header object ns-3 keeps apart from it (FORWARDING,
 * the PHYSICAL_OUT items): ns-3 built both, so the datagram is shown as
 * they serialize, unchecked.  Only the header is serialized for the hooks'
 * bytes; a packet of both is made only when a trace wants it.  It refers to
 * the payload and the header, which the seam keeps alive.
 */
template <typename HeaderT>
class PfhooksHeadedDatagram
{
  public:
    /**
     * \param payload the payload
     * \param header its header
     */
    template <typename P>
    PfhooksHeadedDatagram(const Ptr<P>& payload, const HeaderT& header)
        : m_payload(PeekPointer(payload)),
          m_header(header)
    {
    }

    /**
     * A queue disc item's datagram, its payload asked of the item only when
     * wanted (QueueItem::GetPacket() is a call and a reference count, which
     * a run whose hooks never look does without).
     * \param item the item (it holds the payload)
     * \param header its header
     */
    PfhooksHeadedDatagram(const QueueItem& item, const HeaderT& header)
        : m_item(&item),
          m_header(header)
    {
    }

    /**
     * Copies the serialized bytes out: the header, then the payload.
     * \param f the family (unused: not checked)
     * \param b receives the bytes
     * \return their number
     */
    uint32_t CopyTo(PfhooksFamily f, std::vector<uint8_t>* b) const
    {
        uint32_t h = HeaderSize();
        uint32_t len = h + Payload()->GetSize();
        b->resize(len);
        Buffer buf;
        buf.AddAtStart(h);
        m_header.Serialize(buf.Begin());
        buf.CopyData(b->data(), h);
        Payload()->CopyData(b->data() + h, len - h);
        return len;
    }

    /** Its bytes are copied only when a hook wants them: nothing to check. */
    static constexpr bool kCopiesFirst = false;

    /** \return the datagram's length, header and payload */
    uint32_t GetSize() const
    {
        return HeaderSize() + Payload()->GetSize();
    }

    /** \return the payload the bytes came from */
    Ptr<const Packet> GetPacket() const
    {
        return Ptr<const Packet>(Payload());
    }

    /** \return the datagram as one packet, header first (for the traces) */
    Ptr<const Packet> GetDatagram() const
    {
        return GetSerialized();
    }

    /** \return header and payload as one new packet: what the hooks were shown */
    Ptr<Packet> GetSerialized() const
    {
        Ptr<Packet> p = Payload()->Copy();
        p->AddHeader(m_header);
        return p;
    }

    /** \return leading bytes of the datagram not in GetPacket(): the header */
    uint32_t GetShift() const
    {
        return HeaderSize();
    }

    /** \return the type of the header not in GetPacket() */
    TypeId GetShiftType() const
    {
        return HeaderT::GetTypeId();
    }

    /**
     * Takes a rewrite that changed the header's bytes alone as fields of a
     * header object (PfhooksPacketRebuild::CarriesChange), so that the
     * payload goes on as it is, with its tags; the seam then hands ns-3 the
     * payload and a header given the fields (ApplyHeaderRewrite():
     * FORWARDING's header, which the stack serializes, checksum and all,
     * or the header of the item that sends the hooks' header bytes in front
     * of the payload at PHYSICAL_OUT).  No header object is made here: a
     * copy made and destroyed was a fifth of a PHYSICAL_OUT rewrite's own
     * cost.
     * \param before the bytes the hooks were given (kept: the seam's, valid
     *        until it ends)
     * \param after the bytes they left (kept, as `before`)
     * \param len the number of `before`
     * \param changeEnd RewriteChangeEnd() of the two, or kRewriteEndUnknown
     * \return false when the rewrite is not of the header alone or the
     *         header cannot carry it: the datagram is rebuilt from the bytes
     */
    bool TakeHeaderRewrite(const uint8_t* before,
                           const std::vector<uint8_t>& after,
                           uint32_t len,
                           std::size_t changeEnd)
    {
        if (after.size() != len || changeEnd > HeaderSize() ||
            !PfhooksPacketRebuild::CarriesChange(before, after.data(), m_header, HeaderSize()))
        {
            return false;
        }
        m_rewriteBefore = before;
        m_rewriteAfter = after.data();
        return true;
    }

    /** \return whether TakeHeaderRewrite() took the rewrite */
    bool HeaderRewritten() const
    {
        return m_rewriteAfter != nullptr;
    }

    /**
     * Gives a copy of GetHeader() the fields the rewrite TakeHeaderRewrite()
     * took changed (before the seam ends).
     * \param h the copy
     */
    void ApplyHeaderRewrite(HeaderT* h) const
    {
        PfhooksPacketRebuild::ApplyChangedFields(m_rewriteBefore, m_rewriteAfter, h);
    }

    /**
     * \return the payload with the header TakeHeaderRewrite() took, as one
     *         new packet (for the traces)
     */
    Ptr<const Packet> GetRewrittenDatagram() const
    {
        HeaderT h = m_header;
        ApplyHeaderRewrite(&h);
        Ptr<Packet> p = Payload()->Copy();
        p->AddHeader(h);
        return p;
    }

    /**
     * \return the header's serialized size (asked of it once: each ask is a
     *         call into ns-3 and a logging check, several per rewrite)
     */
    uint32_t HeaderSize() const
    {
        if (m_headerSize == 0)
        {
            m_headerSize = m_header.GetSerializedSize();
        }
        return m_headerSize;
    }

    /** \return the header object (not rewritten) */
    const HeaderT& GetHeader() const
    {
        return m_header;
    }

    /** \return the payload (asked of the item on the first call) */
    const Packet* Payload() const
    {
        if (m_payload == nullptr)
        {
            m_payload = PeekPointer(m_item->GetPacket()); // the item holds it
        }
        return m_payload;
    }

  private:
    mutable const Packet* m_payload{nullptr};
    const QueueItem* m_item{nullptr}; //!< where the payload comes from, when not given
    const HeaderT& m_header;
    mutable uint32_t m_headerSize{0};        //!< HeaderSize() once asked (0: not yet)
    const uint8_t* m_rewriteBefore{nullptr}; //!< the bytes a header rewrite was given
    const uint8_t* m_rewriteAfter{nullptr};  //!< the bytes it left (null: none taken)
};

/**
 * \ingroup pfhooks
 * Runs a packet event's hooks for the seams of one node, on buffers it
 * keeps for them (a seam entered from inside another's hooks gets buffers
 * of its own: see Scope).
 */
class PfhooksSeamRunner
{
  public:
    PfhooksSeamRunner();
    ~PfhooksSeamRunner();

    /** \param ip the instance whose events run, or null once it is gone */
    void SetInstance(PfhooksIpInstance* ip);

    /**
     * The copy step alone (for OBSERVING, whose hooks get a copy anyway).
     * \param f the family
     * \param src the seam's datagram (PfhooksWholeDatagram, PfhooksHeadedDatagram)
     * \return the length shown, 0 when not shown; the bytes are at GetCopied()
     */
    template <typename Source>
    uint32_t Copy(PfhooksFamily f, Source& src)
    {
        return src.CopyTo(f, &m_scratch);
    }

    /**
     * Copy(), then the checks PfhooksWholeDatagram makes (for a datagram
     * ns-3 keeps apart that is shown as a whole one would be).
     * \param f the family
     * \param src the seam's datagram
     * \return the datagram's length, without padding; 0 when not shown
     */
    template <typename Source>
    uint32_t CopyChecked(PfhooksFamily f, Source& src)
    {
        uint32_t size = src.CopyTo(f, &m_scratch);
        if (PfhooksDatagramCheck::Check(f, m_scratch.data(), size) != nullptr)
        {
            return 0;
        }
        return PfhooksDatagramCheck::Length(f, m_scratch.data());
    }

    /**
     * Copies a datagram out, runs event e's hooks on it (counted and traced
     * by PfhooksIpInstance::RunPacketEvent), checks what they left and
     * rebuilds the packet from it.
     * \param f the family
     * \param e the event
     * \param src the seam's datagram (PfhooksWholeDatagram, PfhooksHeadedDatagram)
     * \param ifp hpe_ifp: inbound interface or 0
     * \param ofp hpe_ofp: outbound interface or 0
     * \param flagsOf called on the copied bytes for hpe_flags (HPE_*)
     * \param rewritten receives the whole new datagram, header first, on
     *        PFH_SEAM_REWRITE; untouched otherwise, and when a
     *        PfhooksHeadedDatagram took a rewrite of its header alone
     *        (HeaderRewritten(): the payload goes on as it is)
     * \param ev the event, when the seam looked it up already (null: the
     *        instance looks it up)
     * \return the outcome
     */
    template <typename Source, typename FlagsOf>
    PfhooksSeamOutcome Run(PfhooksFamily f,
                           PfhooksEvent e,
                           Source& src,
                           phy_if_t ifp,
                           phy_if_t ofp,
                           FlagsOf flagsOf,
                           Ptr<Packet>* rewritten,
                           PfhooksHookEvent* ev = nullptr)
    {
        // A whole datagram is copied (or its header alone, the rest when a
        // hook looks) and checked first; one ns-3 keeps apart (whose seams
        // pass no flags) only when a hook looks.
        Copier<Source> copier{&src, f, &m_scratch, false};
        uint32_t len;
        int flags = 0;
        if constexpr (Source::kCopiesFirst)
        {
            len = src.CopyHead(f, &m_scratch);
            if (len == 0)
            {
                return PFH_SEAM_UNSHOWN;
            }
            copier.done = src.CopiesWhole();
            flags = flagsOf(m_scratch.data());
        }
        else
        {
            // Asked of ns-3 when something wants it (a hook, a trace, a
            // rewrite; RunHooks() sets it then), or now when the first
            // hook reads the message at once (a C hook: its run then pays
            // nothing for the choice) or the event is not looked up yet.
            len =
                ev == nullptr || ev->FirstHookReadsMessage() ? src.GetSize() : kPacketSizeOnDemand;
        }
        std::size_t changeEnd = kRewriteEndUnknown;
        PfhooksSeamOutcome o = RunHooks(f,
                                        e,
                                        &len,
                                        ifp,
                                        ofp,
                                        flags,
                                        {&Copier<Source>::Get, &copier, SizeOf<Source>()},
                                        &changeEnd,
                                        ev);
        if (o == PFH_SEAM_REWRITE)
        {
            // A header rewrite of a datagram ns-3 keeps apart changes the
            // header object alone; anything else is rebuilt from the bytes.
            const uint8_t* before = Copier<Source>::Get(&copier);
            bool done = false;
            if constexpr (std::is_same_v<Source, PfhooksWholeDatagram>)
            {
                // The usual rewrite of a whole datagram: its IP header.
                done = PfhooksPacketRebuild::RebuildIpHeader(src.PeekPacket(),
                                                             before,
                                                             len,
                                                             m_out,
                                                             changeEnd,
                                                             &m_rebuilt);
                if (done)
                {
                    *rewritten = m_rebuilt;
                }
            }
            if (!done && !src.TakeHeaderRewrite(before, m_out, len, changeEnd))
            {
                *rewritten = PfhooksPacketRebuild::Rebuild(src.GetPacket(),
                                                           src.GetShift(),
                                                           before,
                                                           len,
                                                           m_out,
                                                           src.GetShiftType(),
                                                           changeEnd,
                                                           &m_rebuilt);
            }
        }
        if (WatchedBy(o))
        {
            Notify(f,
                   e,
                   o != PFH_SEAM_REWRITE ? src.GetDatagram()
                   : *rewritten          ? Ptr<const Packet>(*rewritten)
                                         : src.GetRewrittenDatagram(),
                   o,
                   ifp,
                   ofp);
        }
        return o;
    }

    /** hpe_flags of a seam that passes none. \return 0 */
    static int NoFlags(const uint8_t*)
    {
        return 0;
    }

    /** \return the bytes last copied (valid until the seam's Scope ends) */
    const uint8_t* GetCopied() const
    {
        return m_scratch.data();
    }

    /** \return the two blocks OBSERVING reuses (PfhooksIpInstance::RunObserve) */
    ObserveSpareMessages* GetObserveSpares()
    {
        return &m_observeSpares;
    }

    /**
     * \return the packet the PHYSICAL_OUT seam made the last datagram it
     *         sent as bytes in, made in again when nothing else holds it
     *         (PfhooksPacketRebuild::ReusedCopy(): once the device is done
     *         with it)
     */
    Ptr<Packet>* GetSentCopy()
    {
        return &m_sent;
    }

    /** \return the bytes the hooks left on the last PFH_SEAM_REWRITE */
    const uint8_t* GetRewritten() const
    {
        return m_out.data();
    }

    /**
     * A seam's use of the buffers.  One entered from inside another seam's
     * hooks (a hook that injects with NI_DIRECT_OUT runs PHYSICAL_OUT at
     * once) gets buffers of its own: the outer run's are set aside, their
     * storage untouched, and handed back when the inner seam is done.
     */
    class Scope
    {
      public:
        /** \param runner the runner whose buffers the seam uses */
        explicit Scope(PfhooksSeamRunner* runner)
            : m_runner(runner)
        {
            if (runner->m_busy++ > 0)
            {
                SetAside();
            }
        }

        ~Scope()
        {
            if (m_aside)
            {
                GiveBack();
            }
            m_runner->m_busy--;
        }

        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

      private:
        /// The outer seam's buffers while a nested one runs.
        struct Aside
        {
            std::vector<uint8_t> scratch; //!< its m_scratch
            std::vector<uint8_t> out;     //!< its m_out
        };

        /** Sets the outer seam's buffers aside (a nested seam). */
        void SetAside();
        /** Hands them back. */
        void GiveBack();

        PfhooksSeamRunner* m_runner;
        /// Made only in a nested seam (rare): an outer seam's Scope makes
        /// and drops no vectors, two per datagram hop.
        std::unique_ptr<Aside> m_aside;
    };

  private:
    /**
     * \return true when the instance's traces want this outcome: a test or
     *         two when nobody listens (inline, defined in
     *         pfhooks-ip-instance.h, where the instance is complete)
     */
    inline bool WatchedBy(PfhooksSeamOutcome o) const;
    /** Hands the outcome to the instance's traces (PfhooksIpInstance::NotifySeam). */
    void Notify(PfhooksFamily f,
                PfhooksEvent e,
                Ptr<const Packet> datagram,
                PfhooksSeamOutcome o,
                phy_if_t ifp,
                phy_if_t ofp);

    /**
     * Whether a same-length rewrite (in m_out) changed only IP header
     * fields that the transport check does not read, so that its answer is
     * the one for the bytes the hooks were given.
     * \param f the family
     * \param before the bytes the hooks were given
     * \param len their number
     * \param changeEnd where the change ends (kRewriteEndUnknown: not known)
     * \return true when the transport check has nothing new to judge
     */
    bool HeaderFieldsOnly(PfhooksFamily f,
                          const uint8_t* before,
                          uint32_t len,
                          std::size_t changeEnd) const;

    /**
     * Runs the hooks on the datagram's len bytes and checks what they left
     * (a rewrite that is no datagram is dropped and reported).  Inline
     * (defined in pfhooks-ip-instance.h, where the instance is complete):
     * an accept or a drop costs the seam no call of its own.
     * \param len the datagram's length, or kPacketSizeOnDemand (asked of
     *        `bytes` when wanted; known on return when the outcome is
     *        PFH_SEAM_REWRITE)
     * \return the outcome; on PFH_SEAM_REWRITE the bytes are in m_out and
     *         *changeEnd says where their change ends (RewriteChangeEnd)
     */
    inline PfhooksSeamOutcome RunHooks(PfhooksFamily f,
                                       PfhooksEvent e,
                                       uint32_t* len,
                                       phy_if_t ifp,
                                       phy_if_t ofp,
                                       int flags,
                                       PacketHookBytes bytes,
                                       std::size_t* changeEnd,
                                       PfhooksHookEvent* ev);

    /**
     * RunHooks() after the hooks left a rewrite in m_out: whether it is a
     * datagram ns-3 can take (else dropped and reported).  An IPv4 rewrite
     * of header fields alone is judged inline (the usual one: TOS, TTL,
     * identification, checksum, addresses), with no call but the one for
     * the bytes given; anything else by JudgeOtherRewrite().
     * \return PFH_SEAM_REWRITE or PFH_SEAM_DROP
     */
    PfhooksSeamOutcome JudgeRewrite(PfhooksFamily f,
                                    PfhooksEvent e,
                                    uint32_t len,
                                    phy_if_t ifp,
                                    phy_if_t ofp,
                                    PacketHookBytes bytes,
                                    std::size_t changeEnd)
    {
        // HeaderFieldsOnly()'s IPv4 answer: the transport and every field
        // the checks read are as they came, and what came passed them (or
        // ns-3 built it).
        if (f == PFH_INET && changeEnd <= 20 && len >= 20 && m_out.size() == len &&
            Ipv4FixedFieldsSame(bytes(), m_out.data()))
        {
            return PFH_SEAM_REWRITE;
        }
        return JudgeOtherRewrite(f, e, len, ifp, ofp, bytes, changeEnd);
    }

    /** JudgeRewrite() of any other rewrite. \copydetails JudgeRewrite */
    PfhooksSeamOutcome JudgeOtherRewrite(PfhooksFamily f,
                                         PfhooksEvent e,
                                         uint32_t len,
                                         phy_if_t ifp,
                                         phy_if_t ofp,
                                         PacketHookBytes bytes,
                                         std::size_t changeEnd);

    /**
     * A seam's datagram copied into the scratch buffer on the first call
     * (PacketHookBytes).  It lives on the seam's stack frame: a seam entered
     * from inside the hooks has its own.
     */
    template <typename Source>
    struct Copier
    {
        const Source* src;             //!< the datagram
        PfhooksFamily f;               //!< its family
        std::vector<uint8_t>* scratch; //!< where it goes
        bool done;                     //!< copied already

        /** \param self the Copier \return the bytes */
        static const uint8_t* Get(void* self)
        {
            auto* c = static_cast<Copier*>(self);
            if (!c->done)
            {
                return Fill(c);
            }
            return c->scratch->data();
        }

        /**
         * Get()'s copy, out of line: with the copy inline, each later Get()
         * (a rewrite asks two or three times) paid the copy's register
         * saves, about 20 instructions.
         * \param c the Copier
         * \return the bytes
         */
        __attribute__((noinline)) static const uint8_t* Fill(Copier* c)
        {
            c->src->CopyTo(c->f, c->scratch);
            c->done = true;
            return c->scratch->data();
        }

        /** \param self the Copier \return the datagram's length */
        static uint32_t Size(void* self)
        {
            return static_cast<Copier*>(self)->src->GetSize();
        }
    };

    /**
     * \return the length's getter of a source whose length may be given
     *         as kPacketSizeOnDemand; null for one that copies first (its
     *         length is always given)
     */
    template <typename Source>
    static constexpr uint32_t (*SizeOf())(void*)
    {
        if constexpr (Source::kCopiesFirst)
        {
            return nullptr;
        }
        else
        {
            return &Copier<Source>::Size;
        }
    }

    PfhooksIpInstance* m_ip{nullptr};
    std::vector<uint8_t> m_scratch; //!< packet bytes, reused
    std::vector<uint8_t> m_out;     //!< rewritten bytes, reused
    /// The copy the last header rewrite of a whole datagram was made in,
    /// made in again when nothing else holds it (ReusedCopy())
    Ptr<Packet> m_rebuilt;
    Ptr<Packet> m_sent;                   //!< see GetSentCopy()
    PacketHookSpareMessage m_spare;       //!< the message of the last accept, reused
    ObserveSpareMessages m_observeSpares; //!< OBSERVING's header and packet blocks
    uint32_t m_busy{0};                   //!< seams running now (>1: a hook re-entered one)
};

} // namespace ns3

#endif /* PFHOOKS_SEAM_RUNNER_H */
