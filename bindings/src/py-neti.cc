/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks' C face (netinfo(9F), hook(9F)) for Python: protocol handles and
 * their queries, NIC-event hooks, the three notification levels, net
 * instances whose callbacks are Python callables, and net_inject.
 *
 * The C callbacks of net instances and notifications are plain function
 * pointers (illumos unregisters a notification by its function), so each
 * Python callable gets a trampoline of its own from a fixed pool.
 */
#include "py-common.h"

#include "ns3/pfhooks-neti.h"
#include "ns3/simulator.h"

#include <arpa/inet.h>
#include <array>
#include <cstring>
#include <map>
#include <netinet/in.h>
#include <utility>

namespace ns3
{
namespace py_bindings
{

namespace
{

constexpr size_t kSlots = 64;

/** A pool of C function pointers, each calling the Python callable of its slot. */
struct Slot
{
    std::shared_ptr<PyRef> fn;
    std::string what;
};

std::array<Slot, kSlots> g_notifySlots;

const char*
CmdName(hook_notify_cmd_t c)
{
    return c == HN_REGISTER ? "HN_REGISTER" : c == HN_UNREGISTER ? "HN_UNREGISTER" : "HN_NONE";
}

template <size_t I>
int
NotifyTrampoline(hook_notify_cmd_t cmd,
                 void*,
                 const char* parent,
                 const char* event,
                 const char* name)
{
    Slot& s = g_notifySlots[I];
    if (!s.fn)
    {
        return 0;
    }
    auto str = [](const char* p) { return p ? py::object(py::str(p)) : py::object(py::none()); };
    try
    {
        s.fn->Get()(CmdName(cmd), str(parent), str(event), str(name));
    }
    catch (py::error_already_set& e)
    {
        ReportPythonError(e, s.what, -1, "");
    }
    return 0;
}

template <size_t... I>
constexpr std::array<hook_notify_fn_t, kSlots>
NotifyTable(std::index_sequence<I...>)
{
    return {&NotifyTrampoline<I>...};
}

const std::array<hook_notify_fn_t, kSlots> g_notifyFns =
    NotifyTable(std::make_index_sequence<kSlots>());

size_t
TakeSlot(std::array<Slot, kSlots>& slots, py::object fn, const std::string& what)
{
    for (size_t i = 0; i < kSlots; i++)
    {
        if (!slots[i].fn)
        {
            slots[i].fn = Keep(fn);
            slots[i].what = what;
            return i;
        }
    }
    ThrowErrno(ENOMEM, what + ": more than 64 Python callbacks of this kind registered");
}

/** A protocol handle (net_protocol_lookup) held by Python. */
struct Protocol
{
    net_handle_t h{nullptr};
    netid_t netid{-1};
    std::string family;

    net_handle_t Get() const
    {
        if (h == nullptr)
        {
            throw py::value_error("the protocol handle was released");
        }
        return h;
    }
};

/** A C-face hook whose function calls Python (NIC_EVENTS, or packets as raw C). */
struct PyCHook
{
    std::shared_ptr<PyRef> fn;
    std::string name;
    std::string event;
    std::string family;
    hook_t hook;
    net_handle_t handle{nullptr};
    bool registered{false};
};

/** The C-face hooks registered from Python, by token, until Simulator.destroy(). */
std::map<uint64_t, PyCHook*> g_cHooks;
uint64_t g_cHookIds = 0;

const char*
NicEventName(nic_event_t e)
{
    static const char* names[] = {"?",
                                  "NE_PLUMB",
                                  "NE_UNPLUMB",
                                  "NE_UP",
                                  "NE_DOWN",
                                  "NE_ADDRESS_CHANGE",
                                  "NE_LIF_UP",
                                  "NE_LIF_DOWN",
                                  "NE_IFINDEX_CHANGE"};
    return (e >= 1 && e <= 8) ? names[e] : "?";
}

int
NicTrampoline(hook_event_token_t, hook_data_t data, void* arg)
{
    auto* h = static_cast<PyCHook*>(arg);
    auto* ne = reinterpret_cast<hook_nic_event_t*>(data);
    py::dict d;
    d["event"] = NicEventName(ne->hne_event);
    d["nic"] = ne->hne_nic;
    d["lif"] = ne->hne_lif;
    d["family"] = h->family;
    d["data"] = ne->hne_data ? py::bytes(static_cast<const char*>(ne->hne_data), ne->hne_datalen)
                             : py::bytes();
    try
    {
        h->fn->Get()(d);
    }
    catch (py::error_already_set& e)
    {
        ReportPythonError(e, "NIC-event hook '" + h->name + "' (" + h->family + ")", -1, "");
    }
    return 0;
}

/** A sockaddr from an address text. \return its length */
socklen_t
ToSockaddr(const std::string& text, sockaddr_storage* ss)
{
    std::memset(ss, 0, sizeof(*ss));
    auto* s4 = reinterpret_cast<sockaddr_in*>(ss);
    auto* s6 = reinterpret_cast<sockaddr_in6*>(ss);
    if (inet_pton(AF_INET, text.c_str(), &s4->sin_addr) == 1)
    {
        s4->sin_family = AF_INET;
        return sizeof(*s4);
    }
    if (inet_pton(AF_INET6, text.c_str(), &s6->sin6_addr) == 1)
    {
        s6->sin6_family = AF_INET6;
        return sizeof(*s6);
    }
    throw py::value_error("not an IP address: '" + text + "'");
}

py::object
FromSockaddr(const sockaddr_storage& ss)
{
    char text[INET6_ADDRSTRLEN];
    if (ss.ss_family == AF_INET)
    {
        return py::str(inet_ntop(AF_INET,
                                 &reinterpret_cast<const sockaddr_in*>(&ss)->sin_addr,
                                 text,
                                 sizeof(text)));
    }
    if (ss.ss_family == AF_INET6)
    {
        return py::str(inet_ntop(AF_INET6,
                                 &reinterpret_cast<const sockaddr_in6*>(&ss)->sin6_addr,
                                 text,
                                 sizeof(text)));
    }
    return py::none();
}

mblk_t*
ToMessage(const py::bytes& b)
{
    std::string s = b;
    mblk_t* mp = allocb(s.size(), BPRI_MED);
    if (mp == nullptr)
    {
        ThrowErrno(ENOMEM, "no message block");
    }
    std::memcpy(mp->b_wptr, s.data(), s.size());
    mp->b_wptr += s.size();
    return mp;
}

int
Inject(net_handle_t h,
       const std::string& style,
       const py::bytes& data,
       phy_if_t ifp,
       const std::string& nextHop)
{
    inject_t st;
    if (style == "NI_QUEUE_IN")
    {
        st = NI_QUEUE_IN;
    }
    else if (style == "NI_QUEUE_OUT")
    {
        st = NI_QUEUE_OUT;
    }
    else if (style == "NI_DIRECT_OUT")
    {
        st = NI_DIRECT_OUT;
    }
    else
    {
        throw py::value_error("style must be NI_QUEUE_IN, NI_QUEUE_OUT or NI_DIRECT_OUT");
    }
    net_inject_t* ni = net_inject_alloc(NETINFO_VERSION);
    ni->ni_packet = ToMessage(data);
    ni->ni_physical = ifp;
    if (!nextHop.empty())
    {
        ToSockaddr(nextHop, &ni->ni_addr);
    }
    int rv = net_inject(h, st, ni);
    if (ni->ni_packet != nullptr)
    {
        freemsg(ni->ni_packet); // not consumed
    }
    net_inject_free(ni);
    return rv;
}

Protocol
Lookup(netid_t netid, const std::string& family)
{
    net_handle_t h = net_protocol_lookup(netid, family.c_str());
    if (h == nullptr)
    {
        ThrowErrno(ENXIO, "net_protocol_lookup(" + std::to_string(netid) + ", " + family + ")");
    }
    return Protocol{h, netid, family};
}

} // namespace

void
BindNeti(py::module_& m)
{
    py::class_<Protocol>(m,
                         "Protocol",
                         "A family of one instance (net_handle_t from net_protocol_lookup): the "
                         "netinfo queries, its notifications, C-face hooks and net_inject. "
                         "Release it (release() or a with block) when done.")
        .def_readonly("family", &Protocol::family, "NHF_INET, NHF_INET6 or NHF_ARP")
        .def_property_readonly(
            "netid",
            [](const Protocol& p) { return net_getnetid(p.Get()); },
            "net_getnetid")
        .def(
            "release",
            [](Protocol& p) {
                if (p.h != nullptr)
                {
                    net_protocol_release(p.h);
                    p.h = nullptr;
                }
            },
            "net_protocol_release (once; later uses raise ValueError).")
        .def("__enter__", [](Protocol& p) -> Protocol& { return p; })
        .def("__exit__",
             [](Protocol& p, py::args) {
                 if (p.h != nullptr)
                 {
                     net_protocol_release(p.h);
                     p.h = nullptr;
                 }
             })
        .def(
            "interfaces",
            [](const Protocol& p) {
                py::list out;
                for (phy_if_t n = net_phygetnext(p.Get(), 0); n != 0 && n != (phy_if_t)-1;
                     n = net_phygetnext(p.Get(), n))
                {
                    out.append(n);
                }
                return out;
            },
            "Every phy_if_t (net_phygetnext from 0 until 0).")
        .def(
            "phygetnext",
            [](const Protocol& p, phy_if_t nic) { return net_phygetnext(p.Get(), nic); },
            py::arg("nic") = 0,
            "net_phygetnext.")
        .def(
            "phylookup",
            [](const Protocol& p, const std::string& n) {
                return net_phylookup(p.Get(), n.c_str());
            },
            py::arg("name"),
            "net_phylookup: the phy_if_t of an interface name, 0 if none.")
        .def(
            "getifname",
            [](const Protocol& p, phy_if_t nic) {
                char buf[64];
                CheckErrno(net_getifname(p.Get(), nic, buf, sizeof(buf)) == 0 ? 0 : ENXIO,
                           "net_getifname(" + std::to_string(nic) + ")");
                return std::string(buf);
            },
            py::arg("nic"),
            "net_getifname; PfhooksError ENXIO for an unknown interface.")
        .def(
            "getmtu",
            [](const Protocol& p, phy_if_t nic, lif_if_t lif) {
                return net_getmtu(p.Get(), nic, lif);
            },
            py::arg("nic"),
            py::arg("lif") = 0,
            "net_getmtu (-1: unknown).")
        .def(
            "getpmtuenabled",
            [](const Protocol& p) { return net_getpmtuenabled(p.Get()); },
            "net_getpmtuenabled.")
        .def(
            "lifs",
            [](const Protocol& p, phy_if_t nic) {
                py::list out;
                for (lif_if_t l = net_lifgetnext(p.Get(), nic, 0); l > 0;
                     l = net_lifgetnext(p.Get(), nic, l))
                {
                    out.append(l);
                }
                return out;
            },
            py::arg("nic"),
            "Every lif of an interface (net_lifgetnext from 0 until 0).")
        .def(
            "getlifaddr",
            [](const Protocol& p, phy_if_t nic, lif_if_t lif, const std::string& kind) {
                net_ifaddr_t t;
                if (kind == "address")
                {
                    t = NA_ADDRESS;
                }
                else if (kind == "peer")
                {
                    t = NA_PEER;
                }
                else if (kind == "broadcast")
                {
                    t = NA_BROADCAST;
                }
                else if (kind == "netmask")
                {
                    t = NA_NETMASK;
                }
                else
                {
                    throw py::value_error("kind: address, peer, broadcast or netmask");
                }
                sockaddr_storage ss{};
                CheckErrno(net_getlifaddr(p.Get(), nic, lif, 1, &t, &ss) == 0 ? 0 : ENXIO,
                           "net_getlifaddr(" + std::to_string(nic) + ", " + std::to_string(lif) +
                               ", " + kind + ")");
                return FromSockaddr(ss);
            },
            py::arg("nic"),
            py::arg("lif"),
            py::arg("kind") = "address",
            "net_getlifaddr of one kind ('address', 'peer', 'broadcast', 'netmask') as text.")
        .def(
            "getlifzone",
            [](const Protocol& p, phy_if_t nic, lif_if_t lif) {
                zoneid_t z = -1;
                CheckErrno(net_getlifzone(p.Get(), nic, lif, &z) == 0 ? 0 : ENXIO,
                           "net_getlifzone");
                return z;
            },
            py::arg("nic"),
            py::arg("lif"),
            "net_getlifzone.")
        .def(
            "getlifflags",
            [](const Protocol& p, phy_if_t nic, lif_if_t lif) {
                uint64_t f = 0;
                CheckErrno(net_getlifflags(p.Get(), nic, lif, &f) == 0 ? 0 : ENXIO,
                           "net_getlifflags");
                return f;
            },
            py::arg("nic"),
            py::arg("lif"),
            "net_getlifflags (illumos IFF_ values).")
        .def(
            "routeto",
            [](const Protocol& p, const std::string& dst) {
                sockaddr_storage a;
                sockaddr_storage next{};
                ToSockaddr(dst, &a);
                phy_if_t ifp = net_routeto(p.Get(),
                                           reinterpret_cast<sockaddr*>(&a),
                                           reinterpret_cast<sockaddr*>(&next));
                return py::make_tuple(ifp, FromSockaddr(next));
            },
            py::arg("destination"),
            "net_routeto: (phy_if_t, next hop) towards a destination; phy_if_t 0 when "
            "there is no route.")
        .def(
            "isvalidchecksum",
            [](const Protocol& p, const py::bytes& b) {
                mblk_t* mp = ToMessage(b);
                int r = net_isvalidchecksum(p.Get(), mp);
                freemsg(mp);
                return r;
            },
            py::arg("datagram"),
            "net_isvalidchecksum on a datagram (1 valid, 0 not, -1 unknown).")
        .def(
            "ispartialchecksum",
            [](const Protocol& p, const py::bytes& b) {
                mblk_t* mp = ToMessage(b);
                int r = net_ispartialchecksum(p.Get(), mp);
                freemsg(mp);
                return r;
            },
            py::arg("datagram"),
            "net_ispartialchecksum.")
        .def(
            "inject",
            [](const Protocol& p,
               const std::string& style,
               const py::bytes& data,
               phy_if_t ifp,
               const std::string& nextHop) {
                int rv = Inject(p.Get(), style, data, ifp, nextHop);
                if (rv != 0)
                {
                    ThrowErrno(EINVAL,
                               "net_inject(" + p.family + ", " + style + ") returned " +
                                   std::to_string(rv));
                }
            },
            py::arg("style"),
            py::arg("datagram"),
            py::arg("ifp") = 0,
            py::arg("next_hop") = "",
            "net_inject: style 'NI_QUEUE_IN' (as received on ifp), 'NI_QUEUE_OUT' (sent, "
            "routed) or 'NI_DIRECT_OUT' (out of ifp to next_hop). PfhooksError EINVAL when "
            "net_inject refuses.")
        .def(
            "hook_register",
            [](const Protocol& p,
               const std::string& event,
               const std::string& name,
               py::object fn,
               hook_hint_t hint) {
                if (event != "NIC_EVENTS")
                {
                    throw py::value_error("hook_register takes NIC_EVENTS; packet events take "
                                          "IpInstance.add_packet_hook");
                }
                auto* h = new PyCHook;
                h->fn = Keep(fn);
                h->name = name;
                h->event = event;
                h->family = p.family;
                std::memset(&h->hook, 0, sizeof(h->hook));
                h->hook.h_version = HOOK_VERSION;
                h->hook.h_func = &NicTrampoline;
                h->hook.h_name = &h->name[0];
                h->hook.h_hint = hint;
                h->hook.h_arg = h;
                // The hook holds its own handle: it outlives this Protocol object.
                h->handle = net_protocol_lookup(net_getnetid(p.Get()), p.family.c_str());
                int err = net_hook_register(h->handle, &h->event[0], &h->hook);
                if (err != 0)
                {
                    net_protocol_release(h->handle);
                    delete h;
                    ThrowErrno(err, "net_hook_register(" + event + ", '" + name + "')");
                }
                h->registered = true;
                uint64_t id = ++g_cHookIds;
                g_cHooks[id] = h;
                AddDestroyHandler([h, id]() {
                    g_cHooks.erase(id);
                    if (h->registered)
                    {
                        net_hook_unregister(h->handle, &h->event[0], &h->hook);
                    }
                    net_protocol_release(h->handle);
                    delete h;
                });
                return id;
            },
            py::arg("event"),
            py::arg("name"),
            py::arg("hook"),
            py::arg("hint") = HH_NONE,
            "net_hook_register for NIC_EVENTS: hook(event) gets a dict (event 'NE_UP', ..., "
            "nic, lif, family, data). Returns a token for hook_unregister.")
        .def(
            "hook_unregister",
            [](const Protocol&, uint64_t token) {
                auto it = g_cHooks.find(token);
                if (it == g_cHooks.end() || !it->second->registered)
                {
                    ThrowErrno(ENXIO, "hook_unregister: not registered");
                }
                PyCHook* h = it->second;
                if (!h->registered)
                {
                    ThrowErrno(ENXIO, "hook_unregister: not registered");
                }
                h->registered = false;
                CheckErrno(net_hook_unregister(h->handle, &h->event[0], &h->hook),
                           "net_hook_unregister('" + h->name + "')");
            },
            py::arg("token"),
            "net_hook_unregister of a hook hook_register returned.")
        .def(
            "notify_register",
            [](const Protocol& p, py::object fn) {
                size_t i = TakeSlot(g_notifySlots, fn, "protocol notification of " + p.family);
                int err = net_protocol_notify_register(p.Get(), g_notifyFns[i], nullptr);
                if (err != 0)
                {
                    g_notifySlots[i].fn.reset();
                    ThrowErrno(err, "net_protocol_notify_register");
                }
                return i;
            },
            py::arg("callback"),
            "net_protocol_notify_register: callback(cmd, family, event, name) for events "
            "added and removed; returns a token for notify_unregister.")
        .def(
            "notify_unregister",
            [](const Protocol& p, size_t i) {
                if (i >= kSlots || !g_notifySlots[i].fn)
                {
                    ThrowErrno(ENXIO, "notify_unregister: unknown token");
                }
                CheckErrno(net_protocol_notify_unregister(p.Get(), g_notifyFns[i]),
                           "net_protocol_notify_unregister");
                g_notifySlots[i].fn.reset();
            },
            py::arg("token"),
            "net_protocol_notify_unregister.")
        .def(
            "event_notify_register",
            [](const Protocol& p, const std::string& event, py::object fn) {
                size_t i = TakeSlot(g_notifySlots, fn, "event notification of " + event);
                std::string ev = event;
                int err = net_event_notify_register(p.Get(), &ev[0], g_notifyFns[i], nullptr);
                if (err != 0)
                {
                    g_notifySlots[i].fn.reset();
                    ThrowErrno(err, "net_event_notify_register(" + event + ")");
                }
                return i;
            },
            py::arg("event"),
            py::arg("callback"),
            "net_event_notify_register: callback(cmd, family, event, hook) for hooks "
            "added and removed on an event; returns a token.")
        .def(
            "event_notify_unregister",
            [](const Protocol& p, const std::string& event, size_t i) {
                if (i >= kSlots || !g_notifySlots[i].fn)
                {
                    ThrowErrno(ENXIO, "event_notify_unregister: unknown token");
                }
                std::string ev = event;
                CheckErrno(net_event_notify_unregister(p.Get(), &ev[0], g_notifyFns[i]),
                           "net_event_notify_unregister");
                g_notifySlots[i].fn.reset();
            },
            py::arg("event"),
            py::arg("token"),
            "net_event_notify_unregister.");

    m.def("protocol_lookup",
          &Lookup,
          py::arg("netid"),
          py::arg("family"),
          "net_protocol_lookup: a Protocol for a family of an instance; PfhooksError ENXIO "
          "if there is none.");
    m.def(
        "protocol_walk",
        [](netid_t netid) {
            py::list out;
            for (net_handle_t h = net_protocol_walk(netid, nullptr); h != nullptr;
                 h = net_protocol_walk(netid, h))
            {
                // A handle has no public name: the family whose lookup gives it.
                for (const char* f : {NHF_INET, NHF_INET6, NHF_ARP})
                {
                    net_handle_t l = net_protocol_lookup(netid, f);
                    if (l == h)
                    {
                        out.append(f);
                    }
                    if (l != nullptr)
                    {
                        net_protocol_release(l);
                    }
                }
            }
            return out;
        },
        py::arg("netid"),
        "The families of an instance (net_protocol_walk).");
    m.def(
        "net_inject",
        [](netid_t netid,
           const std::string& family,
           const std::string& style,
           const py::bytes& data,
           phy_if_t ifp,
           const std::string& nextHop) {
            Protocol p = Lookup(netid, family);
            int rv = Inject(p.h, style, data, ifp, nextHop);
            net_protocol_release(p.h);
            if (rv != 0)
            {
                ThrowErrno(EINVAL,
                           "net_inject(" + family + ", " + style + ") returned " +
                               std::to_string(rv));
            }
        },
        py::arg("netid"),
        py::arg("family"),
        py::arg("style"),
        py::arg("datagram"),
        py::arg("ifp") = 0,
        py::arg("next_hop") = "",
        "net_inject with a lookup and release around it (see Protocol.inject).");
    m.def(
        "instance_notify_register",
        [](netid_t netid, py::object fn) {
            size_t i = TakeSlot(g_notifySlots, fn, "instance notification");
            int err = net_instance_notify_register(netid, g_notifyFns[i], nullptr);
            if (err != 0)
            {
                g_notifySlots[i].fn.reset();
                ThrowErrno(err, "net_instance_notify_register(" + std::to_string(netid) + ")");
            }
            return i;
        },
        py::arg("netid"),
        py::arg("callback"),
        "net_instance_notify_register: callback(cmd, netid, family, None) as families come "
        "and go; returns a token.");
    m.def(
        "instance_notify_unregister",
        [](netid_t netid, size_t i) {
            if (i >= kSlots || !g_notifySlots[i].fn)
            {
                ThrowErrno(ENXIO, "instance_notify_unregister: unknown token");
            }
            CheckErrno(net_instance_notify_unregister(netid, g_notifyFns[i]),
                       "net_instance_notify_unregister");
            g_notifySlots[i].fn.reset();
        },
        py::arg("netid"),
        py::arg("token"),
        "net_instance_notify_unregister.");
    m.def("zoneid_to_netid", &net_zoneidtonetid, py::arg("zoneid"), "net_zoneidtonetid.");
    m.def("netid_to_zoneid", &net_getzoneidbynetid, py::arg("netid"), "net_getzoneidbynetid.");
}

} // namespace py_bindings
} // namespace ns3
