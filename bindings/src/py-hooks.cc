/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * pfhooks' C++ face for Python: installing the framework, IP instances,
 * packet and observing hooks written in Python, counters and kstats.
 */
#include "py-packet-view.h"

#include "ns3/ipv4.h"
#include "ns3/pfhooks-helper.h"
#include "ns3/pfhooks-ip-instance.h"
#include "ns3/pfhooks-kstats.h"
#include "ns3/simulator.h"

namespace ns3
{
namespace py_bindings
{

namespace
{

/** A Python packet hook: the callable, who it is, and a view to reuse. */
struct PyPacketHook
{
    std::shared_ptr<PyRef> fn;
    HookMeta meta;
    py::object viewObj; //!< a PacketView no one else holds, or empty
    PacketView* view{nullptr};

    ~PyPacketHook()
    {
        if (!Py_IsInitialized())
        {
            viewObj.release(); // freed with the interpreter already
        }
    }
};

/** \return 0 to accept, non-zero to drop: what the hook's return value means */
int
Verdict(PyObject* r)
{
    if (r == Py_None)
    {
        return 0;
    }
    if (PyLong_Check(r))
    {
        int overflow = 0;
        long v = PyLong_AsLongAndOverflow(r, &overflow);
        return (v != 0 || overflow != 0) ? 1 : 0;
    }
    PyErr_Format(PyExc_TypeError,
                 "a packet hook returns pfhooks.ACCEPT (0 or None) or pfhooks.DROP (non-zero), "
                 "not %s",
                 Py_TYPE(r)->tp_name);
    throw py::error_already_set();
}

int
RunPacketHook(PyPacketHook& h, PacketHookContext& ctx)
{
    if (!h.viewObj)
    {
        h.viewObj = py::cast(PacketView());
        h.view = h.viewObj.cast<PacketView*>();
    }
    PacketView* v = h.view;
    v->Bind(&ctx, &h.meta);
    int rv;
    try
    {
        // The hot path: one vectorcall, no argument tuple.
        PyObject* r = PyObject_CallOneArg(h.fn->Get().ptr(), h.viewObj.ptr());
        if (r == nullptr)
        {
            throw py::error_already_set();
        }
        py::object result = py::reinterpret_steal<py::object>(r);
        rv = Verdict(r);
        v->Finish(rv == 0);
    }
    catch (py::error_already_set& e)
    {
        v->Finish(false);
        bool accept = GetErrorPolicy() == ErrorPolicy::ACCEPT;
        ReportPythonError(e,
                          "hook '" + h.meta.name + "' (" + h.meta.family + " " + h.meta.event +
                              ", netid " + std::to_string(h.meta.netid) + ")",
                          h.meta.node,
                          accept ? "accepted" : "dropped");
        rv = accept ? 0 : 1;
    }
    catch (std::exception& e)
    {
        v->Finish(false);
        ReportCppError(e, "hook '" + h.meta.name + "'", h.meta.node, "dropped");
        rv = 1;
    }
    if (Py_REFCNT(h.viewObj.ptr()) > 1)
    {
        h.viewObj = py::object(); // kept by the hook: stale from now on, a new one next time
    }
    return rv;
}

/** A Python OBSERVING hook. */
struct PyObserveHook
{
    std::shared_ptr<PyRef> fn;
    HookMeta meta;
};

void
RunObserveHook(PyObserveHook& h, const ObservedPacket& o)
{
    py::object viewObj = py::cast(ObservedView());
    ObservedView* v = viewObj.cast<ObservedView*>();
    v->Bind(&o, &h.meta);
    try
    {
        h.fn->Get()(viewObj);
    }
    catch (py::error_already_set& e)
    {
        ReportPythonError(e,
                          "observing hook '" + h.meta.name + "' (" + h.meta.family + ")",
                          h.meta.node,
                          "");
    }
    v->Finish();
}

HookMeta
MetaOf(PfhooksIpInstance& ip,
       const std::string& family,
       const std::string& event,
       const std::string& name)
{
    HookMeta m;
    m.name = name;
    m.family = family;
    m.event = event;
    m.node = ip.GetNode() ? ip.GetNode()->GetId() : -1;
    m.netid = ip.GetNetid();
    return m;
}

int
AddPyPacketHook(PfhooksIpInstance& ip,
                const std::string& family,
                const std::string& event,
                const std::string& name,
                py::object fn,
                hook_hint_t hint,
                const std::string& hintValue)
{
    if (!PyCallable_Check(fn.ptr()))
    {
        throw py::type_error("a packet hook must be callable");
    }
    auto h = std::make_shared<PyPacketHook>();
    h->fn = Keep(fn);
    h->meta = MetaOf(ip, family, event, name);
    PacketHookCallback cb([h](PacketHookContext& ctx) { return RunPacketHook(*h, ctx); });
    return ip.AddPacketHook(family, event, name, cb, hint, hintValue);
}

/** Finds a family and event by name (ValueError otherwise). */
void
EnumsOf(const std::string& family, const std::string& event, PfhooksFamily* f, PfhooksEvent* e)
{
    int fi = -1;
    int ei = -1;
    for (int i = 0; i < PFH_NFAMILIES; i++)
    {
        if (family == PfhooksIpInstance::FamilyName(static_cast<PfhooksFamily>(i)))
        {
            fi = i;
        }
    }
    for (int i = 0; i < PFH_NEVENTS; i++)
    {
        if (event == PfhooksIpInstance::EventName(static_cast<PfhooksEvent>(i)))
        {
            ei = i;
        }
    }
    if (fi < 0 || ei < 0)
    {
        throw py::value_error("no event " + family + " " + event);
    }
    *f = static_cast<PfhooksFamily>(fi);
    *e = static_cast<PfhooksEvent>(ei);
}

py::dict
CountersDict(const PfhooksIpInstance::Counters& c)
{
    py::dict d;
    d["accepted"] = c.accepted;
    d["rewritten"] = c.rewritten;
    d["dropped"] = c.dropped;
    d["injected"] = c.injected;
    return d;
}

py::dict
KstatDict(const PfhooksKstatRow& r)
{
    py::dict d;
    d["node"] = r.node;
    d["netid"] = r.netid;
    d["family"] = r.family;
    d["hook_family"] = r.hookFamily;
    d["event"] = r.event;
    if (!r.statistic.empty())
    {
        // A module's kstat statistic (kstat_create, net_kstat_create).
        d["module"] = r.hookFamily;
        d["instance"] = r.kstatInstance;
        d["name"] = r.event;
        d["class"] = r.kstatClass;
        d["statistic"] = r.statistic;
        d["value"] = r.value;
    }
    else if (r.hook.empty())
    {
        d["module"] = r.hookFamily;
        d["name"] = r.event;
        d["class"] = "hook_event";
        d["hooksAdded"] = r.hooksAdded;
        d["hooksRemoved"] = r.hooksRemoved;
        d["events"] = r.events;
        d["accepted"] = r.accepted;
        d["rewritten"] = r.rewritten;
        d["dropped"] = r.dropped;
        d["injected"] = r.injected;
    }
    else
    {
        d["module"] = r.hookFamily + "/" + r.event;
        d["name"] = r.hook;
        d["class"] = "hook";
        d["hook"] = r.hook;
        d["version"] = r.version;
        d["flags"] = r.flags;
        d["hint"] = r.hint;
        d["position"] = r.position;
        d["hook_hits"] = r.hits;
        d["hook_drops"] = r.drops;
        d["hook_injections"] = r.injections;
    }
    return d;
}

py::list
KstatsOf(NodeContainer nodes)
{
    py::list out;
    for (uint32_t i = 0; i < nodes.GetN(); i++)
    {
        Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(nodes.Get(i));
        if (ip)
        {
            for (const auto& r : CollectKstats(*ip))
            {
                out.append(KstatDict(r));
            }
        }
    }
    return out;
}

} // namespace

void
BindHooks(py::module_& m)
{
    py::enum_<hook_hint_t>(m, "Hint", "Ordering hints of hook(9S) (h_hint).")
        .value("HH_NONE", HH_NONE)
        .value("HH_FIRST", HH_FIRST)
        .value("HH_LAST", HH_LAST)
        .value("HH_BEFORE", HH_BEFORE)
        .value("HH_AFTER", HH_AFTER)
        .export_values();
    m.attr("ACCEPT") = 0;
    m.attr("DROP") = 1;
    m.attr("HPE_MULTICAST") = HPE_MULTICAST;
    m.attr("HPE_BROADCAST") = HPE_BROADCAST;

    py::class_<PfhooksIpInstance, Object, Ptr<PfhooksIpInstance>>(
        m,
        "IpInstance",
        "One node's IP instance (ns3::PfhooksIpInstance): its netid, families, events and "
        "hooks. Get it from install() or get_instance(node).")
        .def_property_readonly("netid", &PfhooksIpInstance::GetNetid, "netid (-1 when stopped)")
        .def_property_readonly("node", &PfhooksIpInstance::GetNode, "the node")
        .def_property_readonly("running", &PfhooksIpInstance::IsRunning, "IsRunning")
        .def_property_readonly("zone_id", &PfhooksIpInstance::GetZoneId, "GetZoneId")
        .def("start", &PfhooksIpInstance::Start, "Boots the instance (Start).")
        .def("stop", &PfhooksIpInstance::Stop, "Halts the instance (Stop).")
        .def(
            "add_packet_hook",
            [](PfhooksIpInstance& ip,
               const std::string& family,
               const std::string& event,
               const std::string& name,
               py::object fn,
               hook_hint_t hint,
               const std::string& hv) {
                CheckErrno(AddPyPacketHook(ip, family, event, name, fn, hint, hv),
                           "add_packet_hook(" + family + ", " + event + ", '" + name + "')");
            },
            py::arg("family"),
            py::arg("event"),
            py::arg("name"),
            py::arg("hook"),
            py::arg("hint") = HH_NONE,
            py::arg("hint_value") = "",
            "Registers a Python packet hook (AddPacketHook): hook(view) gets a PacketView "
            "and returns ACCEPT (0 or None) or DROP (non-zero). The instance keeps the "
            "callable alive while registered. Raises PfhooksError: ENXIO (unknown family or "
            "event), EEXIST (name taken), EINVAL (NIC_EVENTS, OBSERVING, a bad hint), "
            "ESHUTDOWN (instance stopped).")
        .def(
            "add_observe_hook",
            [](PfhooksIpInstance& ip,
               const std::string& family,
               const std::string& name,
               py::object fn,
               hook_hint_t hint,
               const std::string& hv) {
                if (!PyCallable_Check(fn.ptr()))
                {
                    throw py::type_error("an observing hook must be callable");
                }
                auto h = std::make_shared<PyObserveHook>();
                h->fn = Keep(fn);
                h->meta = MetaOf(ip, family, "OBSERVING", name);
                ObserveHookCallback cb([h](const ObservedPacket& o) { RunObserveHook(*h, o); });
                CheckErrno(ip.AddObserveHook(family, name, cb, hint, hv),
                           "add_observe_hook(" + family + ", '" + name + "')");
            },
            py::arg("family"),
            py::arg("name"),
            py::arg("hook"),
            py::arg("hint") = HH_NONE,
            py::arg("hint_value") = "",
            "Registers a Python OBSERVING hook (AddObserveHook): hook(observed) gets an "
            "ObservedPacket; what it returns is ignored.")
        .def(
            "add_native_accept_hook",
            [](PfhooksIpInstance& ip,
               const std::string& family,
               const std::string& event,
               const std::string& name) {
                PacketHookCallback cb([](PacketHookContext&) { return 0; });
                CheckErrno(ip.AddPacketHook(family, event, name, cb),
                           "add_native_accept_hook(" + family + ", " + event + ")");
            },
            py::arg("family"),
            py::arg("event"),
            py::arg("name"),
            "Registers a C++ hook that accepts every packet without looking at it: the "
            "reference the benchmark compares Python hooks with.")
        .def(
            "remove_hook",
            [](PfhooksIpInstance& ip,
               const std::string& family,
               const std::string& event,
               const std::string& name) {
                CheckErrno(ip.RemoveHook(family, event, name),
                           "remove_hook(" + family + ", " + event + ", '" + name + "')");
            },
            py::arg("family"),
            py::arg("event"),
            py::arg("name"),
            "Unregisters a hook by name (RemoveHook); PfhooksError ENXIO if there is none.")
        .def(
            "counters",
            [](PfhooksIpInstance& ip, const std::string& family, const std::string& event) {
                PfhooksFamily f;
                PfhooksEvent e;
                EnumsOf(family, event, &f, &e);
                return CountersDict(ip.GetCounters(f, e));
            },
            py::arg("family"),
            py::arg("event"),
            "One event's counters as a dict: accepted, rewritten, dropped, injected "
            "(GetCounters; kept across restarts).")
        .def(
            "kstats",
            [](PfhooksIpInstance& ip) {
                py::list out;
                for (const auto& r : CollectKstats(ip))
                {
                    out.append(KstatDict(r));
                }
                return out;
            },
            "The instance's kstats as dicts, illumos's names (CollectKstats): per event "
            "(class 'hook_event') then per hook (class 'hook').")
        .def(
            "read_kstat",
            [](PfhooksIpInstance& ip,
               const std::string& module,
               const std::string& name,
               const std::string& stat) {
                uint64_t v = 0;
                CheckErrno(ReadKstat(ip, module.c_str(), name.c_str(), stat.c_str(), &v),
                           "read_kstat(" + module + ", " + name + ", " + stat + ")");
                return v;
            },
            py::arg("module"),
            py::arg("name"),
            py::arg("statistic"),
            "One statistic by its kstat names, e.g. ('inet', 'PHYSICAL_IN', 'events') "
            "(ReadKstat); PfhooksError ENOENT if absent.")
        .def("__repr__", [](PfhooksIpInstance& ip) {
            return "<IpInstance netid " + std::to_string(ip.GetNetid()) + " node " +
                   std::to_string(ip.GetNode() ? ip.GetNode()->GetId() : -1) + ">";
        });

    m.def("configure_stack",
          &PfhooksHelper::ConfigureStack,
          py::arg("stack"),
          "Prepares an InternetStackHelper for every pfhooks seam (IPv6 routing as a list, "
          "which IPv6 FORWARDING needs); call before stack.install() "
          "(PfhooksHelper::ConfigureStack).");
    m.def(
        "install",
        [](py::object what) -> py::object {
            PfhooksHelper h;
            if (py::isinstance<Node>(what))
            {
                NeedStack(what.cast<Ptr<Node>>());
                return py::cast(h.Install(what.cast<Ptr<Node>>()));
            }
            NodeContainer c = what.cast<NodeContainer>();
            for (uint32_t i = 0; i < c.GetN(); i++)
            {
                NeedStack(c.Get(i));
            }
            h.Install(c);
            py::list out;
            for (uint32_t i = 0; i < c.GetN(); i++)
            {
                out.append(PfhooksHelper::GetInstance(c.Get(i)));
            }
            return out;
        },
        py::arg("nodes"),
        "Installs pfhooks on a node (returns its IpInstance) or on every node of a "
        "NodeContainer (returns the list); one instance per node (PfhooksHelper::Install).");
    m.def(
        "install_all",
        []() {
            NodeContainer all = NodeContainer::GetGlobal();
            for (uint32_t i = 0; i < all.GetN(); i++)
            {
                NeedStack(all.Get(i));
            }
            PfhooksHelper().InstallAll();
        },
        "Installs pfhooks on every node (PfhooksHelper::InstallAll).");
    m.def("get_instance",
          &PfhooksHelper::GetInstance,
          py::arg("node"),
          "The node's IpInstance, or None (PfhooksHelper::GetInstance).");
    m.def(
        "add_packet_hook",
        [](NodeContainer nodes,
           const std::string& family,
           const std::string& event,
           const std::string& name,
           py::object fn,
           hook_hint_t hint,
           const std::string& hv) {
            for (uint32_t i = 0; i < nodes.GetN(); i++)
            {
                Ptr<PfhooksIpInstance> ip = PfhooksHelper::GetInstance(nodes.Get(i));
                if (!ip)
                {
                    ThrowErrno(ENXIO,
                               "add_packet_hook: node " + std::to_string(nodes.Get(i)->GetId()) +
                                   " has no pfhooks");
                }
                CheckErrno(AddPyPacketHook(*ip, family, event, name, fn, hint, hv),
                           "add_packet_hook(" + family + ", " + event + ", '" + name +
                               "') on node " + std::to_string(nodes.Get(i)->GetId()));
            }
        },
        py::arg("nodes"),
        py::arg("family"),
        py::arg("event"),
        py::arg("name"),
        py::arg("hook"),
        py::arg("hint") = HH_NONE,
        py::arg("hint_value") = "",
        "Registers one Python packet hook on every node (PfhooksHelper::AddPacketHook).");
    m.def(
        "counters",
        [](NodeContainer nodes, const std::string& family, const std::string& event) {
            PfhooksFamily f;
            PfhooksEvent e;
            EnumsOf(family, event, &f, &e);
            return CountersDict(PfhooksHelper::GetCounters(nodes, f, e));
        },
        py::arg("nodes"),
        py::arg("family"),
        py::arg("event"),
        "One event's counters summed over nodes, as a dict (PfhooksHelper::GetCounters).");
    m.def(
        "kstats",
        [](py::object nodes) {
            return KstatsOf(nodes.is_none() ? NodeContainer::GetGlobal()
                                            : nodes.cast<NodeContainer>());
        },
        py::arg("nodes") = py::none(),
        "The kstats of every running instance among the nodes (default all), as dicts.");
    m.def(
        "write_kstats",
        [](const std::string& filename, py::object nodes) {
            KstatFormat f;
            if (!PfhooksHelper::KstatFormatOf(filename, &f))
            {
                throw py::value_error("write_kstats needs a .csv or .json file name");
            }
            CheckErrno(PfhooksHelper::WriteKstats(filename,
                                                  f,
                                                  nodes.is_none() ? NodeContainer::GetGlobal()
                                                                  : nodes.cast<NodeContainer>()),
                       "write_kstats(" + filename + ")");
        },
        py::arg("filename"),
        py::arg("nodes") = py::none(),
        "Writes the kstats as CSV or JSON, by the file name's suffix "
        "(PfhooksHelper::WriteKstats).");
}

} // namespace py_bindings
} // namespace ns3
