/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "py-packet-view.h"

#include <arpa/inet.h>
#include <cstring>

namespace ns3
{
namespace py_bindings
{

namespace
{

[[noreturn]] void
ThrowStale()
{
    py::object cls = py::module_::import("pfhooks.errors").attr("StaleViewError");
    PyErr_SetString(cls.ptr(),
                    "this packet view belongs to a hook run that has returned; copy what you "
                    "need (bytes(view.data), view.src, ...) while the hook runs");
    throw py::error_already_set();
}

/** The header fields of an IPv4 or IPv6 datagram. */
struct IpFields
{
    int version{0};
    uint32_t headerLength{0};
    uint32_t totalLength{0};
    int protocol{-1};
    int ttl{-1};
    int tos{-1};
    int id{-1};
    std::string src;
    std::string dst;
    bool fragment{false}; //!< not the first fragment: no ports
    uint32_t l4{0};       //!< offset of the transport header
};

bool
Parse(const uint8_t* b, size_t n, IpFields* f)
{
    if (b == nullptr || n < 1)
    {
        return false;
    }
    char text[INET6_ADDRSTRLEN];
    if ((b[0] >> 4) == 4 && n >= 20)
    {
        f->version = 4;
        f->headerLength = (b[0] & 0x0f) * 4;
        f->tos = b[1];
        f->totalLength = (b[2] << 8) | b[3];
        f->id = (b[4] << 8) | b[5];
        f->fragment = (((b[6] & 0x1f) << 8) | b[7]) != 0;
        f->ttl = b[8];
        f->protocol = b[9];
        f->src = inet_ntop(AF_INET, b + 12, text, sizeof(text));
        f->dst = inet_ntop(AF_INET, b + 16, text, sizeof(text));
        f->l4 = f->headerLength;
        return true;
    }
    if ((b[0] >> 4) == 6 && n >= 40)
    {
        f->version = 6;
        f->headerLength = 40;
        f->tos = ((b[0] & 0x0f) << 4) | (b[1] >> 4);
        f->totalLength = 40 + ((b[4] << 8) | b[5]);
        f->protocol = b[6];
        f->ttl = b[7];
        f->src = inet_ntop(AF_INET6, b + 8, text, sizeof(text));
        f->dst = inet_ntop(AF_INET6, b + 24, text, sizeof(text));
        f->l4 = 40;
        return true;
    }
    return false;
}

/** \return the source or destination port, or None */
py::object
Port(const uint8_t* b, size_t n, bool source)
{
    IpFields f;
    if (!Parse(b, n, &f) || f.fragment || (f.protocol != 6 && f.protocol != 17) || n < f.l4 + 4)
    {
        return py::none();
    }
    const uint8_t* p = b + f.l4 + (source ? 0 : 2);
    return py::int_((p[0] << 8) | p[1]);
}

/** Binds the parsed header fields on a view class whose V::Bytes gives the datagram. */
template <typename V, typename C>
void
IpFieldProperties(C& c)
{
    auto field = [](auto get) {
        return [get](const V& v) -> py::object {
            size_t n;
            const uint8_t* b = v.Bytes(&n);
            IpFields f;
            if (!Parse(b, n, &f))
            {
                return py::none();
            }
            return get(f);
        };
    };
    c.def_property_readonly("version",
                            field([](const IpFields& f) { return py::int_(f.version); }),
                            "4 or 6 (None: no IP datagram, e.g. ARP)")
        .def_property_readonly("src",
                               field([](const IpFields& f) { return py::str(f.src); }),
                               "source address as text")
        .def_property_readonly("dst",
                               field([](const IpFields& f) { return py::str(f.dst); }),
                               "destination address as text")
        .def_property_readonly("protocol",
                               field([](const IpFields& f) { return py::int_(f.protocol); }),
                               "IPv4 protocol / IPv6 next header (6 TCP, 17 UDP, 1 ICMP, 58 "
                               "ICMPv6)")
        .def_property_readonly("ttl",
                               field([](const IpFields& f) { return py::int_(f.ttl); }),
                               "IPv4 TTL / IPv6 hop limit")
        .def_property_readonly("tos",
                               field([](const IpFields& f) { return py::int_(f.tos); }),
                               "IPv4 TOS / IPv6 traffic class")
        .def_property_readonly("ip_id",
                               field([](const IpFields& f) {
                                   return f.version == 4 ? py::object(py::int_(f.id))
                                                         : py::object(py::none());
                               }),
                               "IPv4 identification (None for IPv6)")
        .def_property_readonly("header_length",
                               field([](const IpFields& f) { return py::int_(f.headerLength); }),
                               "IP header bytes (IPv6: the fixed 40)")
        .def_property_readonly("total_length",
                               field([](const IpFields& f) { return py::int_(f.totalLength); }),
                               "length the IP header gives")
        .def_property_readonly(
            "sport",
            [](const V& v) {
                size_t n;
                const uint8_t* b = v.Bytes(&n);
                return Port(b, n, true);
            },
            "TCP/UDP source port (None without one, or in a later fragment)")
        .def_property_readonly(
            "dport",
            [](const V& v) {
                size_t n;
                const uint8_t* b = v.Bytes(&n);
                return Port(b, n, false);
            },
            "TCP/UDP destination port (None without one)")
        .def_property_readonly(
            "hook",
            [](const V& v) { return v.Meta().name; },
            "the hook's name")
        .def_property_readonly(
            "family",
            [](const V& v) { return v.Meta().family; },
            "NHF_INET, NHF_INET6 or NHF_ARP")
        .def_property_readonly(
            "event",
            [](const V& v) { return v.Meta().event; },
            "PHYSICAL_IN, ...")
        .def_property_readonly(
            "node",
            [](const V& v) { return v.Meta().node; },
            "the node id")
        .def_property_readonly(
            "netid",
            [](const V& v) { return v.Meta().netid; },
            "the instance's netid");
}

uint32_t
Sum16(const uint8_t* b, size_t n, uint32_t sum)
{
    for (size_t i = 0; i + 1 < n; i += 2)
    {
        sum += (b[i] << 8) | b[i + 1];
    }
    if (n & 1)
    {
        sum += b[n - 1] << 8;
    }
    return sum;
}

uint16_t
Fold(uint32_t sum)
{
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return static_cast<uint16_t>(~sum & 0xffff);
}

void
Put16(uint8_t* p, uint16_t v)
{
    p[0] = v >> 8;
    p[1] = v & 0xff;
}

} // namespace

bool
FixIpChecksums(uint8_t* b, size_t n)
{
    IpFields f;
    if (!Parse(b, n, &f) || f.totalLength > n || f.totalLength < f.l4)
    {
        return false;
    }
    size_t end = f.totalLength;
    if (f.version == 4)
    {
        Put16(b + 10, 0);
        Put16(b + 10, Fold(Sum16(b, f.headerLength, 0)));
        if (f.fragment || (b[6] & 0x20) != 0)
        {
            return true; // a fragment: the transport checksum covers the whole datagram
        }
    }
    uint8_t* l4 = b + f.l4;
    size_t len = end - f.l4;
    size_t off;
    switch (f.protocol)
    {
    case 6:
        off = 16;
        break;
    case 17:
        off = 6;
        break;
    case 1:
    case 58:
        off = 2;
        break;
    default:
        return true;
    }
    if (len < off + 2)
    {
        return false;
    }
    Put16(l4 + off, 0);
    uint32_t sum = 0;
    if (f.protocol != 1) // ICMP alone has no pseudo-header
    {
        if (f.version == 4)
        {
            sum = Sum16(b + 12, 8, 0);
        }
        else
        {
            sum = Sum16(b + 8, 32, 0);
        }
        sum += f.protocol + static_cast<uint32_t>(len);
    }
    uint16_t c = Fold(Sum16(l4, len, sum));
    if (c == 0 && f.protocol == 17)
    {
        c = 0xffff; // 0 means "no checksum" to UDP
    }
    Put16(l4 + off, c);
    return true;
}

PacketHookContext&
PacketView::Ctx() const
{
    if (m_ctx == nullptr)
    {
        ThrowStale();
    }
    return *m_ctx;
}

const HookMeta&
PacketView::Meta() const
{
    if (m_meta == nullptr)
    {
        ThrowStale();
    }
    return *m_meta;
}

const uint8_t*
PacketView::Bytes(size_t* len) const
{
    PacketHookContext& ctx = Ctx();
    if (m_data)
    {
        *len = PyByteArray_GET_SIZE(m_data.ptr());
        return reinterpret_cast<const uint8_t*>(PyByteArray_AS_STRING(m_data.ptr()));
    }
    const uint8_t* b = ctx.GetBytes();
    *len = b ? ctx.GetSize() : 0;
    return b;
}

py::object
PacketView::Data()
{
    PacketHookContext& ctx = Ctx();
    if (!m_data)
    {
        const uint8_t* b = ctx.GetBytes();
        size_t n = b ? ctx.GetSize() : 0;
        m_data = py::reinterpret_steal<py::object>(
            PyByteArray_FromStringAndSize(reinterpret_cast<const char*>(b), n));
    }
    return m_data;
}

void
PacketView::Replace(const py::bytes& b)
{
    PacketHookContext& ctx = Ctx();
    std::string s = b;
    ctx.Replace(Create<Packet>(reinterpret_cast<const uint8_t*>(s.data()), s.size()));
    m_data = py::object(); // the next use of data copies the new bytes
}

void
PacketView::FixChecksums()
{
    py::object d = Data();
    FixIpChecksums(reinterpret_cast<uint8_t*>(PyByteArray_AS_STRING(d.ptr())),
                   PyByteArray_GET_SIZE(d.ptr()));
}

void
PacketView::Finish(bool writeBack)
{
    if (writeBack && m_data && m_ctx != nullptr)
    {
        const uint8_t* nb = reinterpret_cast<const uint8_t*>(PyByteArray_AS_STRING(m_data.ptr()));
        size_t n = PyByteArray_GET_SIZE(m_data.ptr());
        uint8_t* b = m_ctx->GetBytes();
        if (b != nullptr && n == m_ctx->GetSize())
        {
            if (std::memcmp(b, nb, n) != 0)
            {
                std::memcpy(b, nb, n); // in place, as a C++ hook does
            }
        }
        else
        {
            m_ctx->Replace(Create<Packet>(nb, n));
        }
    }
    m_ctx = nullptr;
    m_meta = nullptr;
    m_data = py::object();
}

const ObservedPacket&
ObservedView::Obs() const
{
    if (m_obs == nullptr)
    {
        ThrowStale();
    }
    return *m_obs;
}

const HookMeta&
ObservedView::Meta() const
{
    if (m_meta == nullptr)
    {
        ThrowStale();
    }
    return *m_meta;
}

const uint8_t*
ObservedView::Bytes(size_t* n) const
{
    // Reading the bytes builds the observation's message (ObserveLazyMessage).
    const ObservedPacket& o = Obs();
    const uint8_t* b = o.GetBytes();
    *n = b != nullptr ? o.GetSize() : 0; // allocb failed: no bytes
    return b;
}

void
BindPacketViews(py::module_& m)
{
    auto pv = py::class_<PacketView>(
        m,
        "PacketView",
        "What a Python packet hook gets: one packet at one hook point. Valid only while the "
        "hook runs; afterwards every use raises StaleViewError.\n\n"
        "data is a bytearray of the datagram (IP header first): change it in place and the "
        "packet leaving the hook has the new bytes (fix_checksums() recomputes the IPv4 "
        "header and TCP/UDP/ICMP checksums after a change). replace(b) swaps in other bytes.");
    pv.def_property_readonly(
          "data",
          [](PacketView& v) { return v.Data(); },
          "the datagram as a writable bytearray (copied on first use, written back when the "
          "hook returns and lets the packet go on)")
        .def("__len__",
             [](const PacketView& v) {
                 size_t n;
                 v.Bytes(&n);
                 return n;
             })
        .def(
            "to_bytes",
            [](const PacketView& v) {
                size_t n;
                const uint8_t* b = v.Bytes(&n);
                return py::bytes(reinterpret_cast<const char*>(b), n);
            },
            "a bytes copy of the datagram")
        .def("replace",
             &PacketView::Replace,
             py::arg("data"),
             "Replaces the datagram by these bytes (PacketHookContext::Replace; hpe_mp).")
        .def("fix_checksums",
             &PacketView::FixChecksums,
             "Recomputes the IPv4 header checksum and the TCP, UDP, ICMP or ICMPv6 checksum "
             "of data.")
        .def_property_readonly(
            "ifp",
            [](const PacketView& v) { return v.Ctx().GetInInterface(); },
            "inbound interface (phy_if_t, hpe_ifp), 0 if none")
        .def_property_readonly(
            "ofp",
            [](const PacketView& v) { return v.Ctx().GetOutInterface(); },
            "outbound interface (hpe_ofp), 0 if none")
        .def_property_readonly(
            "flags",
            [](const PacketView& v) { return v.Ctx().GetFlags(); },
            "hpe_flags: HPE_MULTICAST | HPE_BROADCAST")
        .def_property_readonly(
            "multicast",
            [](const PacketView& v) { return (v.Ctx().GetFlags() & HPE_MULTICAST) != 0; },
            "HPE_MULTICAST is set")
        .def_property_readonly(
            "broadcast",
            [](const PacketView& v) { return (v.Ctx().GetFlags() & HPE_BROADCAST) != 0; },
            "HPE_BROADCAST is set");
    IpFieldProperties<PacketView>(pv);

    auto ov = py::class_<ObservedView>(
        m,
        "ObservedPacket",
        "What a Python OBSERVING hook gets (hook_pkt_observe_t): a read-only copy of one "
        "packet; stale once the hook returned.");
    ov.def_property_readonly(
          "direction",
          [](const ObservedView& v) {
              static const char* names[] = {"inbound", "outbound", "local"};
              int d = v.Obs().GetDirection();
              return std::string(d >= 0 && d <= 2 ? names[d] : "?");
          },
          "'inbound', 'outbound' or 'local' (hpo_htype)")
        .def_property_readonly(
            "interface",
            [](const ObservedView& v) { return v.Obs().GetInterface(); },
            "the interface received or sent on (hpo_ifindex)")
        .def_property_readonly(
            "source_zone",
            [](const ObservedView& v) { return v.Obs().GetSourceZone(); },
            "hpo_zsrc (-1: ALL_ZONES)")
        .def_property_readonly(
            "destination_zone",
            [](const ObservedView& v) { return v.Obs().GetDestinationZone(); },
            "hpo_zdst (-1: ALL_ZONES)")
        .def_property_readonly(
            "data",
            [](const ObservedView& v) {
                size_t n;
                const uint8_t* b = v.Bytes(&n);
                return py::bytes(reinterpret_cast<const char*>(b), n);
            },
            "the datagram (bytes, read-only)")
        .def("__len__", [](const ObservedView& v) { return v.Obs().GetSize(); });
    IpFieldProperties<ObservedView>(ov);

    m.def(
        "fix_checksums",
        [](py::bytearray b) {
            return FixIpChecksums(reinterpret_cast<uint8_t*>(PyByteArray_AS_STRING(b.ptr())),
                                  PyByteArray_GET_SIZE(b.ptr()));
        },
        py::arg("datagram"),
        "Recomputes the checksums of an IPv4/IPv6 datagram in a bytearray, in place; False "
        "when it is no datagram.");
}

} // namespace py_bindings
} // namespace ns3
