/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * What every file of the Python bindings shares: ns-3's Ptr as pybind11's
 * holder, Python references that survive the interpreter's exit, errors
 * with illumos's names, and the policy for exceptions raised by Python
 * code the simulation calls (hooks, scheduled callables, trace sinks).
 */
#ifndef PFHOOKS_PY_COMMON_H
#define PFHOOKS_PY_COMMON_H

#include "ns3/address.h"
#include "ns3/ipv4-address.h"
#include "ns3/ipv6-address.h"
#include "ns3/node.h"
#include "ns3/nstime.h"
#include "ns3/ptr.h"

#include <cstdint>
#include <memory>
#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <string>

namespace py = pybind11;

// ns-3 objects count their own references: Ptr<T> is an intrusive holder.
namespace pybind11
{
namespace detail
{
template <typename T>
struct holder_helper<ns3::Ptr<T>>
{
    static T* get(const ns3::Ptr<T>& p)
    {
        return ns3::PeekPointer(p);
    }
};
} // namespace detail
} // namespace pybind11

PYBIND11_DECLARE_HOLDER_TYPE(T, ns3::Ptr<T>, true);

namespace ns3
{
namespace py_bindings
{

/**
 * A Python object kept by C++ (a hook's callable, a net instance's state).
 * Shared by copies of an ns-3 Callback without touching Python's reference
 * counts; released without the interpreter when it is gone already (C++
 * statics outlive it).
 */
class PyRef
{
  public:
    explicit PyRef(py::object o);
    ~PyRef();
    PyRef(const PyRef&) = delete;
    PyRef& operator=(const PyRef&) = delete;

    /** \return the object */
    const py::object& Get() const
    {
        return m_obj;
    }

  private:
    py::object m_obj;
};

/** \return a shared reference to @p o */
std::shared_ptr<PyRef> Keep(py::object o);

/**
 * Raises pfhooks.PfhooksError (an OSError) for an illumos error number:
 * errno set, the message "ENAME: what".
 */
[[noreturn]] void ThrowErrno(int err, const std::string& what);

/** ValueError for a node without an internet stack (ns-3 would abort the process). */
void NeedStack(Ptr<Node> node);

/** Raises as ThrowErrno when @p err is not 0. */
void CheckErrno(int err, const std::string& what);

/** What becomes of the packet when a Python hook raises. */
enum class ErrorPolicy
{
    DROP,   //!< the packet is dropped (default)
    ACCEPT, //!< the packet goes on as the hook found it
    STOP    //!< dropped, and the run stops; Simulator.run() raises HookError
};

/** \return the policy in force */
ErrorPolicy GetErrorPolicy();

/**
 * Reports the Python exception being handled: its traceback, the simulated
 * time, the node and what raised it, on sys.stderr and in
 * pfhooks.hook_errors().  Stops the run under the STOP policy.
 * \param e the exception (restored and cleared here)
 * \param who e.g. "hook 'x' (NHF_INET PHYSICAL_IN)"
 * \param node the node, or -1
 * \param action what became of the packet ("dropped", "accepted", "" for none)
 */
void ReportPythonError(py::error_already_set& e,
                       const std::string& who,
                       int64_t node,
                       const std::string& action);

/** Sets the policy: "drop", "accept" or "stop" (ValueError otherwise). */
void SetErrorPolicyByName(const std::string& name);
/** \return the policy's name */
std::string GetErrorPolicyName();
/** \return the reported errors (dicts) */
py::list GetErrors();
/** Reports a C++ exception (a failed conversion) as ReportPythonError does. */
void ReportCppError(const std::exception& e,
                    const std::string& who,
                    int64_t node,
                    const std::string& action);

/** After Simulator::Run: raises HookError when a STOP-policy error ended the run. */
void RaisePendingError();
/** Forgets the reported errors (Simulator.destroy). */
void ClearErrors();

/** \return an address as text: "10.1.1.1:9", "[2001::1]:9", a MAC, or hex */
std::string AddressToString(const Address& a);
/** \return the address, or ValueError */
Ipv4Address CheckIpv4(const std::string& text);
/** \return the address, or ValueError */
Ipv6Address CheckIpv6(const std::string& text);
/** \return an InetSocketAddress or Inet6SocketAddress from an IP text and a port */
Address MakeSocketAddress(const std::string& ip, uint16_t port);

/** Run at Simulator.destroy() before ns-3's destroy (hooks registered through the C face). */
void AddDestroyHandler(std::function<void()> fn);
/** Runs and forgets the destroy handlers. */
void RunDestroyHandlers();

/// \name The parts of the module, one per file
/// \{
void BindCore(py::module_& ns);
void BindNetwork(py::module_& ns);
void BindApplications(py::module_& ns, py::module_& m);
void BindPacketViews(py::module_& m);
void BindHooks(py::module_& m);
void BindNeti(py::module_& m);
void BindNetInstances(py::module_& m);
void BindSolaris(py::module_& m);
/** The device face: device_open, device_ioctl, device_close. */
void BindDevices(py::module_& m);
/// \}

} // namespace py_bindings
} // namespace ns3

#endif /* PFHOOKS_PY_COMMON_H */
