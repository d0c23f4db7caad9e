/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The extension module pfhooks._pfhooks: pfhooks at the top, ns-3's
 * scenario surface in the submodule ns (imported as pfhooks.ns).
 */
#include "py-common.h"

PYBIND11_MODULE(_pfhooks, m)
{
    using namespace ns3::py_bindings;
    m.doc() = "pfhooks: the illumos packet filtering hooks for ns-3, from Python.";
    py::module_ ns = m.def_submodule("ns", "Enough of ns-3 3.37 to write scenarios in Python.");
    BindCore(ns);
    BindNetwork(ns);
    BindApplications(ns, m);
    BindPacketViews(m);
    BindHooks(m);
    BindNeti(m);
    BindNetInstances(m);
    BindSolaris(m);
    BindDevices(m);

    m.def("set_hook_error_policy",
          &SetErrorPolicyByName,
          py::arg("policy"),
          "What becomes of a packet whose Python hook raised: 'drop' (default), 'accept', or "
          "'stop' (dropped, and the run stops; Simulator.run() then raises HookError).");
    m.def("get_hook_error_policy", &GetErrorPolicyName, "The policy in force.");
    m.def("hook_errors",
          &GetErrors,
          "Every exception Python code raised inside the simulation since the last destroy, "
          "as dicts: time, node, where, action, exception, traceback, message.");
}
