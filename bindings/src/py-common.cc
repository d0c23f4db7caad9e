/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "py-common.h"

#include "ns3/inet-socket-address.h"
#include "ns3/inet6-socket-address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-address.h"
#include "ns3/ipv6.h"
#include "ns3/mac48-address.h"
#include "ns3/simulator.h"

#include <arpa/inet.h>
#include <cstdio>
#include <sstream>
#include <vector>

namespace ns3
{
namespace py_bindings
{

PyRef::PyRef(py::object o)
    : m_obj(std::move(o))
{
}

PyRef::~PyRef()
{
    if (Py_IsInitialized())
    {
        py::gil_scoped_acquire gil;
        m_obj = py::object();
    }
    else
    {
        m_obj.release(); // the interpreter is gone: nothing to give back
    }
}

std::shared_ptr<PyRef>
Keep(py::object o)
{
    return std::make_shared<PyRef>(std::move(o));
}

void
ThrowErrno(int err, const std::string& what)
{
    py::object cls = py::module_::import("pfhooks.errors").attr("PfhooksError");
    py::object exc = cls(err, what);
    PyErr_SetObject(cls.ptr(), exc.ptr());
    throw py::error_already_set();
}

void
CheckErrno(int err, const std::string& what)
{
    if (err != 0)
    {
        ThrowErrno(err, what);
    }
}

namespace
{

ErrorPolicy g_policy = ErrorPolicy::DROP;
/** The exception that stopped the run (STOP policy), with its report. */
py::object* g_pending = nullptr;
std::vector<std::function<void()>> g_destroyHandlers;

py::list&
Errors()
{
    // Leaked on purpose: it outlives no interpreter (Python clears it at exit).
    static py::list* errors = new py::list();
    return *errors;
}

} // namespace

ErrorPolicy
GetErrorPolicy()
{
    return g_policy;
}

void
SetErrorPolicyByName(const std::string& name)
{
    if (name == "drop")
    {
        g_policy = ErrorPolicy::DROP;
    }
    else if (name == "accept")
    {
        g_policy = ErrorPolicy::ACCEPT;
    }
    else if (name == "stop")
    {
        g_policy = ErrorPolicy::STOP;
    }
    else
    {
        throw py::value_error("hook error policy must be 'drop', 'accept' or 'stop', not '" + name +
                              "'");
    }
}

std::string
GetErrorPolicyName()
{
    switch (g_policy)
    {
    case ErrorPolicy::ACCEPT:
        return "accept";
    case ErrorPolicy::STOP:
        return "stop";
    default:
        return "drop";
    }
}

void
ReportPythonError(py::error_already_set& e,
                  const std::string& who,
                  int64_t node,
                  const std::string& action)
{
    // An error raised from C (PyErr_Format) has no traceback: None, not null.
    auto orNone = [](py::object o) { return o ? o : py::object(py::none()); };
    py::object type = orNone(e.type());
    py::object value = orNone(e.value());
    py::object tb = orNone(e.trace());
    std::string trace;
    try
    {
        py::object lines =
            py::module_::import("traceback").attr("format_exception")(type, value, tb);
        trace = py::str("").attr("join")(lines).cast<std::string>();
    }
    catch (std::exception& e2)
    {
        trace = std::string("(no traceback: ") + e2.what() + ")\n";
    }
    double now = Simulator::Now().GetSeconds();
    std::ostringstream head;
    head << "pfhooks: Python " << who;
    if (node >= 0)
    {
        head << " on node " << node;
    }
    char t[64];
    std::snprintf(t, sizeof(t), "%.9f", now);
    head << " raised at +" << t << "s";
    if (!action.empty())
    {
        head << "; packet " << action;
    }
    head << " (policy '" << GetErrorPolicyName() << "')";
    std::string text = head.str() + "\n" + trace;
    py::dict rec;
    rec["time"] = now;
    rec["node"] = node;
    rec["where"] = who;
    rec["action"] = action;
    rec["exception"] = value;
    rec["traceback"] = trace;
    rec["message"] = text;
    Errors().append(rec);
    py::module_::import("sys").attr("stderr").attr("write")(text);
    if (g_policy == ErrorPolicy::STOP)
    {
        if (g_pending == nullptr)
        {
            g_pending = new py::object(rec);
        }
        Simulator::Stop();
    }
}

void
ReportCppError(const std::exception& e,
               const std::string& who,
               int64_t node,
               const std::string& action)
{
    PyErr_SetString(PyExc_RuntimeError, e.what());
    py::error_already_set err;
    ReportPythonError(err, who, node, action);
}

void
RaisePendingError()
{
    if (g_pending == nullptr)
    {
        return;
    }
    py::dict rec = g_pending->cast<py::dict>();
    delete g_pending;
    g_pending = nullptr;
    py::object cls = py::module_::import("pfhooks.errors").attr("HookError");
    py::object exc = cls(rec["message"], rec);
    PyException_SetCause(exc.ptr(), py::object(rec["exception"]).release().ptr());
    PyErr_SetObject(cls.ptr(), exc.ptr());
    throw py::error_already_set();
}

void
ClearErrors()
{
    Errors().attr("clear")();
    delete g_pending;
    g_pending = nullptr;
}

py::list
GetErrors()
{
    return Errors();
}

std::string
AddressToString(const Address& a)
{
    std::ostringstream os;
    if (InetSocketAddress::IsMatchingType(a))
    {
        InetSocketAddress s = InetSocketAddress::ConvertFrom(a);
        os << s.GetIpv4() << ":" << s.GetPort();
    }
    else if (Inet6SocketAddress::IsMatchingType(a))
    {
        Inet6SocketAddress s = Inet6SocketAddress::ConvertFrom(a);
        os << "[" << s.GetIpv6() << "]:" << s.GetPort();
    }
    else if (Ipv4Address::IsMatchingType(a))
    {
        os << Ipv4Address::ConvertFrom(a);
    }
    else if (Ipv6Address::IsMatchingType(a))
    {
        os << Ipv6Address::ConvertFrom(a);
    }
    else if (Mac48Address::IsMatchingType(a))
    {
        os << Mac48Address::ConvertFrom(a);
    }
    else
    {
        os << a;
    }
    return os.str();
}

Ipv4Address
CheckIpv4(const std::string& text)
{
    in_addr a;
    if (inet_pton(AF_INET, text.c_str(), &a) != 1)
    {
        throw py::value_error("not an IPv4 address: '" + text + "'");
    }
    return Ipv4Address(text.c_str());
}

Ipv6Address
CheckIpv6(const std::string& text)
{
    in6_addr a;
    if (inet_pton(AF_INET6, text.c_str(), &a) != 1)
    {
        throw py::value_error("not an IPv6 address: '" + text + "'");
    }
    return Ipv6Address(text.c_str());
}

Address
MakeSocketAddress(const std::string& ip, uint16_t port)
{
    if (ip.find(':') != std::string::npos)
    {
        return Inet6SocketAddress(CheckIpv6(ip), port);
    }
    return InetSocketAddress(CheckIpv4(ip), port);
}

void
AddDestroyHandler(std::function<void()> fn)
{
    g_destroyHandlers.push_back(std::move(fn));
}

void
RunDestroyHandlers()
{
    std::vector<std::function<void()>> handlers;
    handlers.swap(g_destroyHandlers);
    for (auto& h : handlers)
    {
        h();
    }
}

void
NeedStack(Ptr<Node> node)
{
    if (!node->GetObject<Ipv4>() && !node->GetObject<Ipv6>())
    {
        throw py::value_error("node " + std::to_string(node->GetId()) +
                              " has neither IPv4 nor IPv6: install an internet stack first");
    }
}

} // namespace py_bindings
} // namespace ns3
