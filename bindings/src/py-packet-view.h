/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What a Python hook is handed: a view of one packet event, valid while
 * the hook runs and stale (every use raises StaleViewError) once it
 * returned, so that no Python object ever reads a freed message.
 */
#ifndef PFHOOKS_PY_PACKET_VIEW_H
#define PFHOOKS_PY_PACKET_VIEW_H

#include "py-common.h"

#include "ns3/observe-hook.h"
#include "ns3/packet-hook.h"

#include <cstdint>
#include <string>

namespace ns3
{
namespace py_bindings
{

/** Who a hook is: fixed at registration, shown in views and error reports. */
struct HookMeta
{
    std::string name;   //!< the hook's name
    std::string family; //!< NHF_INET, ...
    std::string event;  //!< PHYSICAL_IN, ...
    int64_t node{-1};   //!< the node id
    int64_t netid{-1};  //!< the instance
};

/**
 * A packet hook's view of hook_pkt_event_t (through PacketHookContext).
 *
 * `data` is a bytearray copy made on first use; the hook changes it in
 * place and the changes are written back to the message when the hook
 * returns (if it lets the packet go on): the bytes a hook changes are the
 * packet's.  Nothing is copied for a hook that never looks at the bytes.
 */
class PacketView
{
  public:
    /** Binds the view to one run of the hook. */
    void Bind(PacketHookContext* ctx, const HookMeta* meta)
    {
        m_ctx = ctx;
        m_meta = meta;
    }

    /** The hook returned: writes `data` back unless dropped, then goes stale. */
    void Finish(bool writeBack);

    /** \return the context, or raises StaleViewError */
    PacketHookContext& Ctx() const;
    /** \return the current bytes (data if copied) and their length */
    const uint8_t* Bytes(size_t* len) const;
    /** \return the bytearray, copied on first use */
    py::object Data();
    /** Replaces the datagram. */
    void Replace(const py::bytes& b);
    /** Recomputes the IPv4 header and TCP/UDP/ICMP checksums of `data`. */
    void FixChecksums();

    /** \return the hook's identity (valid while bound) */
    const HookMeta& Meta() const;

  private:
    PacketHookContext* m_ctx{nullptr};
    const HookMeta* m_meta{nullptr};
    py::object m_data; //!< bytearray, or empty
};

/** An OBSERVING hook's read-only view (ObservedPacket). */
class ObservedView
{
  public:
    void Bind(const ObservedPacket* o, const HookMeta* meta)
    {
        m_obs = o;
        m_meta = meta;
    }

    void Finish()
    {
        m_obs = nullptr;
        m_meta = nullptr;
    }

    /** \return the packet, or raises StaleViewError */
    const ObservedPacket& Obs() const;

    const HookMeta& Meta() const;
    /** \return the datagram and its length */
    const uint8_t* Bytes(size_t* n) const;

  private:
    const ObservedPacket* m_obs{nullptr};
    const HookMeta* m_meta{nullptr};
};

/** Recomputes the checksums of an IPv4 or IPv6 datagram in place. \return false if unparsable */
bool FixIpChecksums(uint8_t* b, size_t n);

} // namespace py_bindings
} // namespace ns3

#endif /* PFHOOKS_PY_PACKET_VIEW_H */
