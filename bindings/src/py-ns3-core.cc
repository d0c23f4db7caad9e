/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3's core for Python: time, the simulator, attributes by name, random
 * number seeds, and trace sinks connected by Config path.
 */
#include "py-common.h"

#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/global-value.h"
#include "ns3/ipv4-header.h"
#include "ns3/ipv4-l3-protocol.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-header.h"
#include "ns3/ipv6-l3-protocol.h"
#include "ns3/ipv6.h"
#include "ns3/node.h"
#include "ns3/object.h"
#include "ns3/packet.h"
#include "ns3/pfhooks-ip-instance.h"
#include "ns3/rng-seed-manager.h"
#include "ns3/simulator.h"
#include "ns3/solaris-module.h"
#include "ns3/string.h"
#include "ns3/trace-source-accessor.h"

#include <pybind11/operators.h>

namespace ns3
{
namespace py_bindings
{

namespace
{

/** An attribute value from a Python value: Time as TimeValue, bool as BooleanValue, else text. */
Ptr<AttributeValue>
ToAttribute(const py::handle& v)
{
    if (py::isinstance<Time>(v))
    {
        return Create<TimeValue>(v.cast<Time>());
    }
    if (py::isinstance<py::bool_>(v))
    {
        return Create<BooleanValue>(v.cast<bool>());
    }
    return Create<StringValue>(py::str(v).cast<std::string>());
}

/** Calls a Python sink, reporting what it raises. */
template <typename... A>
void
CallSink(const std::shared_ptr<PyRef>& fn, const std::string& what, A&&... args)
{
    try
    {
        fn->Get()(std::forward<A>(args)...);
    }
    catch (py::error_already_set& e)
    {
        ReportPythonError(e, what, -1, "");
    }
}

/**
 * Builds the Callback of one trace signature around a Python callable.
 * With a context the callable gets it first, as ns-3 sinks do.
 */
template <typename... Args, typename Conv>
CallbackBase
Sink(std::shared_ptr<PyRef> fn, bool context, std::string what, Conv conv)
{
    if (context)
    {
        return Callback<void, std::string, Args...>([fn, what, conv](std::string ctx, Args... a) {
            py::tuple t = conv(a...);
            CallSink(fn, what, *(py::make_tuple(ctx) + t));
        });
    }
    return Callback<void, Args...>([fn, what, conv](Args... a) {
        py::tuple t = conv(a...);
        CallSink(fn, what, *t);
    });
}

/** \return the verdict as Python sinks get it: "accept", "rewrite" or "drop" */
const char*
VerdictName(PfhooksVerdict v)
{
    static const char* names[] = {"accept", "rewrite", "drop"};
    return names[v];
}

/**
 * \return a copy of the datagram, @p h in front of @p payload (a pfhooks Drop
 *         trace's two halves); an IPv4 header gets its checksum when ns-3's
 *         ChecksumEnabled is on, as on the wire
 */
Ptr<Packet>
WithHeader(Ipv4Header h, Ptr<const Packet> payload)
{
    if (Node::ChecksumEnabled())
    {
        h.EnableChecksum();
    }
    Ptr<Packet> p = payload->Copy();
    p->AddHeader(h);
    return p;
}

/** \return a copy of the datagram, @p h in front of @p payload */
Ptr<Packet>
WithHeader(const Ipv6Header& h, Ptr<const Packet> payload)
{
    Ptr<Packet> p = payload->Copy();
    p->AddHeader(h);
    return p;
}

/** A sink for ns-3's Drop (IPv4 or IPv6): the payload, the reason, the interface. */
template <typename H, typename L3, typename Ip>
CallbackBase
L3DropSink(std::shared_ptr<PyRef> fn, bool context, const std::string& what)
{
    using PktC = Ptr<const Packet>;
    return Sink<const H&, PktC, typename L3::DropReason, Ptr<Ip>, uint32_t>(
        fn,
        context,
        what,
        [](const H&, PktC p, typename L3::DropReason r, Ptr<Ip>, uint32_t i) {
            return py::make_tuple(Ptr<Packet>(p->Copy()), static_cast<int>(r), i);
        });
}

/**
 * A sink for pfhooks' Ipv4Drop or Ipv6Drop: the datagram, header first, the
 * reason, the interface, the event and the hook.
 */
template <typename H, typename L3, typename Ip>
CallbackBase
HookDropSink(std::shared_ptr<PyRef> fn, bool context, const std::string& what)
{
    using PktC = Ptr<const Packet>;
    using Str = const std::string&;
    return Sink<const H&, PktC, typename L3::DropReason, Ptr<Ip>, uint32_t, Str, Str>(
        fn,
        context,
        what,
        [](const H& h, PktC p, typename L3::DropReason r, Ptr<Ip>, uint32_t i, Str e, Str hook) {
            return py::make_tuple(WithHeader(h, p), static_cast<int>(r), i, e, hook);
        });
}

/** \return the Callback for a trace source of type @p callbackType, or throws */
CallbackBase
MakeSink(const std::string& callbackType,
         std::shared_ptr<PyRef> fn,
         bool context,
         const std::string& what)
{
    using PktC = Ptr<const Packet>;
    if (callbackType == "ns3::Packet::TracedCallback")
    {
        return Sink<PktC>(fn, context, what, [](PktC p) {
            return py::make_tuple(Ptr<Packet>(p->Copy()));
        });
    }
    if (callbackType == "ns3::Packet::AddressTracedCallback")
    {
        return Sink<PktC, const Address&>(fn, context, what, [](PktC p, const Address& a) {
            return py::make_tuple(Ptr<Packet>(p->Copy()), AddressToString(a));
        });
    }
    if (callbackType == "ns3::Packet::TwoAddressTracedCallback")
    {
        return Sink<PktC, const Address&, const Address&>(
            fn,
            context,
            what,
            [](PktC p, const Address& a, const Address& b) {
                return py::make_tuple(Ptr<Packet>(p->Copy()),
                                      AddressToString(a),
                                      AddressToString(b));
            });
    }
    if (callbackType == "ns3::Ipv4L3Protocol::TxRxTracedCallback")
    {
        return Sink<PktC, Ptr<Ipv4>, uint32_t>(fn,
                                               context,
                                               what,
                                               [](PktC p, Ptr<Ipv4>, uint32_t i) {
                                                   return py::make_tuple(Ptr<Packet>(p->Copy()), i);
                                               });
    }
    if (callbackType == "ns3::Ipv6L3Protocol::TxRxTracedCallback")
    {
        return Sink<PktC, Ptr<Ipv6>, uint32_t>(fn,
                                               context,
                                               what,
                                               [](PktC p, Ptr<Ipv6>, uint32_t i) {
                                                   return py::make_tuple(Ptr<Packet>(p->Copy()), i);
                                               });
    }
    if (callbackType == "ns3::Ipv4L3Protocol::DropTracedCallback")
    {
        return L3DropSink<Ipv4Header, Ipv4L3Protocol, Ipv4>(fn, context, what);
    }
    if (callbackType == "ns3::Ipv6L3Protocol::DropTracedCallback")
    {
        return L3DropSink<Ipv6Header, Ipv6L3Protocol, Ipv6>(fn, context, what);
    }
    if (callbackType == "ns3::PfhooksIpInstance::Ipv4DropTracedCallback")
    {
        return HookDropSink<Ipv4Header, Ipv4L3Protocol, Ipv4>(fn, context, what);
    }
    if (callbackType == "ns3::PfhooksIpInstance::Ipv6DropTracedCallback")
    {
        return HookDropSink<Ipv6Header, Ipv6L3Protocol, Ipv6>(fn, context, what);
    }
    if (callbackType == "ns3::PfhooksIpInstance::HookVerdictTracedCallback")
    {
        return Sink<PktC,
                    uint32_t,
                    const std::string&,
                    const std::string&,
                    const std::string&,
                    PfhooksVerdict>(
            fn,
            context,
            what,
            [](PktC p,
               uint32_t node,
               const std::string& f,
               const std::string& e,
               const std::string& hook,
               PfhooksVerdict v) {
                return py::make_tuple(Ptr<Packet>(p->Copy()), node, f, e, hook, VerdictName(v));
            });
    }
    if (callbackType == "ns3::PfhooksIpInstance::InjectedTracedCallback")
    {
        return Sink<PktC, uint32_t, int, int>(
            fn,
            context,
            what,
            [](PktC p, uint32_t node, int style, int result) {
                return py::make_tuple(Ptr<Packet>(p->Copy()), node, style, result);
            });
    }
    if (callbackType == "ns3::TracedValueCallback::Uint32")
    {
        return Sink<uint32_t, uint32_t>(fn, context, what, [](uint32_t a, uint32_t b) {
            return py::make_tuple(a, b);
        });
    }
    if (callbackType == "ns3::PfhooksIpInstance::VerdictTracedCallback")
    {
        return Sink<uint32_t, const std::string&, const std::string&, PfhooksVerdict, uint32_t>(
            fn,
            context,
            what,
            [](uint32_t node,
               const std::string& f,
               const std::string& e,
               PfhooksVerdict v,
               uint32_t len) { return py::make_tuple(node, f, e, VerdictName(v), len); });
    }
    if (callbackType == "ns3::PfhooksEchoPinger::ReplyTracedCallback")
    {
        return Sink<uint16_t, Ipv4Address, uint32_t>(
            fn,
            context,
            what,
            [](uint16_t seq, Ipv4Address a, uint32_t n) {
                return py::make_tuple(seq, AddressToString(Address(a)), n);
            });
    }
    if (callbackType == "ns3::SolarisModule::StateTracedCallback")
    {
        return Sink<const std::string&, const std::string&>(
            fn,
            context,
            what,
            [](const std::string& m, const std::string& s) { return py::make_tuple(m, s); });
    }
    if (callbackType == "ns3::SolarisModule::FiniTracedCallback")
    {
        return Sink<Ptr<SolarisModule>>(fn, context, what, [](Ptr<SolarisModule> m) {
            return py::make_tuple(m);
        });
    }
    if (callbackType == "ns3::PfhooksZone::ZoneStateTracedCallback")
    {
        return Sink<uint32_t, netid_t, bool>(fn,
                                             context,
                                             what,
                                             [](uint32_t node, netid_t netid, bool booted) {
                                                 return py::make_tuple(node, netid, booted);
                                             });
    }
    throw py::value_error("trace sources of type " + callbackType +
                          " cannot take a Python sink yet (see doc/python.md)");
}

/** \return the callback type of trace source @p name of @p obj, or throws */
std::string
TraceSourceType(Ptr<Object> obj, const std::string& name)
{
    TypeId::TraceSourceInformation info;
    if (!obj->GetInstanceTypeId().LookupTraceSourceByName(name, &info))
    {
        throw py::value_error(obj->GetInstanceTypeId().GetName() + " has no trace source '" + name +
                              "'");
    }
    return info.callback;
}

/** Connects by Config path (with or without the context). */
void
ConnectPath(const std::string& path, py::object fn, bool context)
{
    size_t slash = path.rfind('/');
    if (slash == std::string::npos || slash + 1 == path.size())
    {
        throw py::value_error("not a trace source path: '" + path + "'");
    }
    Config::MatchContainer m = Config::LookupMatches(path.substr(0, slash));
    if (m.GetN() == 0)
    {
        throw py::value_error("no object matches '" + path.substr(0, slash) + "'");
    }
    std::string type = TraceSourceType(m.Get(0), path.substr(slash + 1));
    CallbackBase cb = MakeSink(type, Keep(fn), context, "trace sink of " + path);
    bool ok = context ? Config::ConnectFailSafe(path, cb)
                      : Config::ConnectWithoutContextFailSafe(path, cb);
    if (!ok)
    {
        throw py::value_error("could not connect to '" + path + "'");
    }
}

} // namespace

void
BindCore(py::module_& ns)
{
    py::class_<Time>(ns,
                     "Time",
                     "A simulated time (ns3::Time). Built from seconds (a number) or "
                     "text such as '2ms'; numbers convert wherever a Time is expected.")
        .def(py::init([](double s) { return Seconds(s); }), py::arg("seconds"))
        .def(py::init([](const std::string& s) { return Time(s); }), py::arg("text"))
        .def_property_readonly("seconds", &Time::GetSeconds, "the time in seconds (GetSeconds)")
        .def_property_readonly("milliseconds",
                               &Time::GetMilliSeconds,
                               "whole milliseconds (GetMilliSeconds)")
        .def_property_readonly("microseconds",
                               &Time::GetMicroSeconds,
                               "whole microseconds (GetMicroSeconds)")
        .def_property_readonly("nanoseconds",
                               &Time::GetNanoSeconds,
                               "whole nanoseconds (GetNanoSeconds)")
        .def(py::self + py::self)
        .def(py::self - py::self)
        .def(py::self < py::self)
        .def(py::self <= py::self)
        .def(py::self > py::self)
        .def(py::self >= py::self)
        .def(py::self == py::self)
        .def(py::self != py::self)
        .def("__mul__", [](const Time& t, double k) { return Seconds(t.GetSeconds() * k); })
        .def("__float__", &Time::GetSeconds)
        .def("__hash__", [](const Time& t) { return std::hash<int64_t>()(t.GetTimeStep()); })
        .def("__repr__", [](const Time& t) {
            std::ostringstream os;
            os << "Time('" << t.As(Time::S) << "')";
            return os.str();
        });
    py::implicitly_convertible<py::float_, Time>();
    py::implicitly_convertible<py::int_, Time>();
    py::implicitly_convertible<py::str, Time>();
    ns.def(
        "seconds",
        [](double v) { return Seconds(v); },
        py::arg("s"),
        "A Time of s seconds (ns3::Seconds).");
    ns.def(
        "milliseconds",
        [](double v) { return MilliSeconds(v); },
        py::arg("ms"),
        "ns3::MilliSeconds.");
    ns.def(
        "microseconds",
        [](double v) { return MicroSeconds(v); },
        py::arg("us"),
        "ns3::MicroSeconds.");
    ns.def(
        "nanoseconds",
        [](double v) { return NanoSeconds(v); },
        py::arg("ns"),
        "ns3::NanoSeconds.");

    struct SimulatorTag
    {
    };

    py::class_<SimulatorTag>(ns,
                             "Simulator",
                             "ns3::Simulator: run, stop, now, schedule, destroy (static methods).")
        .def_static(
            "run",
            []() {
                Simulator::Run();
                RaisePendingError();
            },
            "Runs the simulation (Simulator::Run) until no event is left or stop() takes "
            "effect. Raises pfhooks.HookError when a Python hook raised under the 'stop' "
            "policy.")
        .def_static(
            "stop",
            [](py::object at) {
                if (at.is_none())
                {
                    Simulator::Stop();
                }
                else
                {
                    Time t = at.cast<Time>();
                    if (t.IsStrictlyNegative())
                    {
                        throw py::value_error("stop: a negative delay");
                    }
                    Simulator::Stop(t);
                }
            },
            py::arg("delay") = py::none(),
            "Stops the run after delay (a Time, relative to now), or now (Simulator::Stop).")
        .def_static("now", &Simulator::Now, "The current simulated time (Simulator::Now).")
        .def_static(
            "schedule",
            [](Time delay, py::object fn, py::args args) {
                if (delay.IsStrictlyNegative())
                {
                    throw py::value_error("schedule: a negative delay");
                }
                if (!PyCallable_Check(fn.ptr()))
                {
                    throw py::type_error("schedule: fn must be callable");
                }
                auto f = Keep(fn);
                auto a = Keep(args);
                std::string what = "scheduled " + py::repr(fn).cast<std::string>();
                Simulator::Schedule(delay, [f, a, what]() {
                    try
                    {
                        f->Get()(*a->Get());
                    }
                    catch (py::error_already_set& e)
                    {
                        ReportPythonError(e, what, -1, "");
                    }
                });
            },
            py::arg("delay"),
            py::arg("fn"),
            "Calls fn(*args) after delay (Simulator::Schedule). The callable is kept alive "
            "until it ran or the simulation is destroyed.")
        .def_static(
            "destroy",
            []() {
                RunDestroyHandlers();
                Simulator::Destroy();
                ClearErrors();
            },
            "Ends the simulation (Simulator::Destroy): every node, instance, hook and event "
            "goes; a new simulation may be built after it.")
        .def_static("is_finished", &Simulator::IsFinished, "Simulator::IsFinished.")
        .def_static("event_count", &Simulator::GetEventCount, "Events run (GetEventCount).");

    ns.def("set_seed",
           &RngSeedManager::SetSeed,
           py::arg("seed"),
           "Sets the random number seed (RngSeedManager::SetSeed).");
    ns.def("set_run",
           &RngSeedManager::SetRun,
           py::arg("run"),
           "Sets the run number (RngSeedManager::SetRun).");
    ns.def("get_seed", &RngSeedManager::GetSeed, "RngSeedManager::GetSeed.");
    ns.def("get_run", &RngSeedManager::GetRun, "RngSeedManager::GetRun.");
    ns.def(
        "config_set_default",
        [](const std::string& name, py::object v) {
            if (!Config::SetDefaultFailSafe(name, *ToAttribute(v)))
            {
                throw py::value_error("no attribute '" + name + "' takes '" +
                                      py::str(v).cast<std::string>() + "'");
            }
        },
        py::arg("name"),
        py::arg("value"),
        "Sets an attribute's default by name, e.g. ('ns3::OnOffApplication::PacketSize', 512) "
        "(Config::SetDefault). ValueError for an unknown name or a bad value.");
    ns.def(
        "config_set",
        [](const std::string& path, py::object v) {
            if (!Config::SetFailSafe(path, *ToAttribute(v)))
            {
                throw py::value_error("nothing at '" + path + "' takes '" +
                                      py::str(v).cast<std::string>() + "'");
            }
        },
        py::arg("path"),
        py::arg("value"),
        "Sets an attribute on every object a Config path matches (Config::Set).");
    ns.def(
        "global_value_bind",
        [](const std::string& name, py::object v) {
            if (!GlobalValue::BindFailSafe(name, *ToAttribute(v)))
            {
                throw py::value_error("no global value '" + name + "' takes that value");
            }
        },
        py::arg("name"),
        py::arg("value"),
        "Sets a global value, e.g. ('ChecksumEnabled', True) (GlobalValue::Bind).");
    ns.def(
        "config_connect",
        [](const std::string& path, py::object fn) { ConnectPath(path, fn, true); },
        py::arg("path"),
        py::arg("sink"),
        "Connects a Python callable to every trace source a Config path matches "
        "(Config::Connect); the sink gets the context path first, then the source's "
        "arguments (packets as Packet, addresses as text).");
    ns.def(
        "config_connect_without_context",
        [](const std::string& path, py::object fn) { ConnectPath(path, fn, false); },
        py::arg("path"),
        py::arg("sink"),
        "As config_connect, without the context (Config::ConnectWithoutContext).");

    py::class_<Object, Ptr<Object>>(ns, "Object", "An ns-3 object (ns3::Object).")
        .def(
            "set_attribute",
            [](Object& o, const std::string& name, py::object v) {
                if (!o.SetAttributeFailSafe(name, *ToAttribute(v)))
                {
                    throw py::value_error(o.GetInstanceTypeId().GetName() + " has no attribute '" +
                                          name + "' taking '" + py::str(v).cast<std::string>() +
                                          "'");
                }
            },
            py::arg("name"),
            py::arg("value"),
            "Sets an attribute by name (SetAttribute); numbers and text are converted as "
            "ns-3 parses attribute strings.")
        .def(
            "get_attribute",
            [](Object& o, const std::string& name) {
                StringValue v;
                if (!o.GetAttributeFailSafe(name, v))
                {
                    throw py::value_error(o.GetInstanceTypeId().GetName() + " has no attribute '" +
                                          name + "'");
                }
                return v.Get();
            },
            py::arg("name"),
            "An attribute's value as text (GetAttribute).")
        .def(
            "trace_connect",
            [](Ptr<Object> o, const std::string& name, py::object fn) {
                CallbackBase cb =
                    MakeSink(TraceSourceType(o, name), Keep(fn), false, "trace sink of " + name);
                if (!o->TraceConnectWithoutContext(name, cb))
                {
                    throw py::value_error("could not connect to '" + name + "'");
                }
            },
            py::arg("name"),
            py::arg("sink"),
            "Connects a Python callable to one of this object's trace sources "
            "(TraceConnectWithoutContext).")
        .def_property_readonly(
            "type_name",
            [](Object& o) { return o.GetInstanceTypeId().GetName(); },
            "The ns-3 TypeId name.");

    py::class_<Packet, Ptr<Packet>>(ns, "Packet", "A copy of an ns-3 packet (ns3::Packet).")
        .def_property_readonly("size", &Packet::GetSize, "bytes (GetSize)")
        .def_property_readonly("uid", &Packet::GetUid, "the packet's unique id (GetUid)")
        .def("__len__", &Packet::GetSize)
        .def(
            "to_bytes",
            [](const Packet& p) {
                std::string b(p.GetSize(), '\0');
                p.CopyData(reinterpret_cast<uint8_t*>(&b[0]), b.size());
                return py::bytes(b);
            },
            "The packet's bytes (CopyData).");
}

} // namespace py_bindings
} // namespace ns3
