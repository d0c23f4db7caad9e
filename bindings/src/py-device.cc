/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The device face for Python: open, ioctl and close a module's minor node
 * (PfhooksDevices) as a process of a chosen zone does, with a bytearray as
 * the caller's buffer.  At a given simulated time: Simulator.schedule(delay,
 * pfhooks.device_ioctl, ...).
 */
#include "py-common.h"

#include "ns3/solaris-kernel.h"

namespace ns3
{
namespace py_bindings
{

namespace
{
py::dict
ResultDict(const PfhooksDeviceResult& r)
{
    py::dict d;
    d["error"] = r.error;
    d["rval"] = r.rval;
    d["dev"] = r.dev;
    d["done"] = r.done;
    d["what"] = r.what;
    return d;
}

int
ZoneOf(py::object zone)
{
    if (zone.is_none())
    {
        return -1; // kcred
    }
    int z = zone.cast<int>();
    if (z < 0)
    {
        throw py::value_error("zone must be a zone id >= 0, or None for kcred");
    }
    return z;
}

/** Makes the call; a sleeping entry point's result goes to @p done later. */
py::dict
Call(PfhooksDeviceCall c, py::object done, std::shared_ptr<PyRef> keepArg)
{
    PfhooksDevices::Done cb;
    if (!done.is_none())
    {
        if (!PyCallable_Check(done.ptr()))
        {
            throw py::type_error("done must be callable or None");
        }
        auto f = Keep(done);
        std::string what = "device call's done " + py::repr(done).cast<std::string>();
        cb = [f, keepArg, what](const PfhooksDeviceResult& r) {
            try
            {
                f->Get()(ResultDict(r));
            }
            catch (py::error_already_set& e)
            {
                ReportPythonError(e, what, -1, "");
            }
        };
    }
    else if (keepArg)
    {
        cb = [keepArg](const PfhooksDeviceResult&) {}; // the buffer lives until the call ends
    }
    return ResultDict(SolarisKernel::Get().Devices().Call(c, cb));
}
} // namespace

void
BindDevices(py::module_& m)
{
    m.attr("FREAD") = 0x01;
    m.attr("FWRITE") = 0x02;
    m.attr("FEXCL") = 0x400;
    m.attr("FNDELAY") = 0x04;
    m.def(
        "device_open",
        [](const std::string& path, int flags, py::object zone, py::object done) {
            PfhooksDeviceCall c;
            c.op = PFHOOKS_DEV_OPEN;
            c.path = path;
            c.flags = flags;
            c.zoneid = ZoneOf(zone);
            return Call(c, done, nullptr);
        },
        py::arg("path"),
        py::arg("flags") = 0x03,
        py::arg("zone") = py::none(),
        py::arg("done") = py::none(),
        "open(9E) of a module's minor node ('/dev/NAME', 'NAME' or "
        "'/devices/pseudo/DRIVER@0:NAME') as root of zone `zone` (None: kcred), through the "
        "driver's cb_open (PfhooksDevices::Call). Returns a dict: error (0 or an errno value), "
        "dev (the dev_t for device_ioctl/device_close), rval, done, what. When the entry point "
        "sleeps, done is False and `done(result)` is called when it returns.");
    m.def(
        "device_ioctl",
        [](uint64_t dev, int cmd, py::object arg, py::object zone, py::object done) {
            PfhooksDeviceCall c;
            c.op = PFHOOKS_DEV_IOCTL;
            c.dev = dev;
            c.cmd = cmd;
            c.zoneid = ZoneOf(zone);
            std::shared_ptr<PyRef> keep;
            if (!arg.is_none())
            {
                py::buffer b = arg.cast<py::buffer>();
                py::buffer_info info = b.request(true); // ddi_copyout writes into it
                c.arg = reinterpret_cast<intptr_t>(info.ptr);
                keep = Keep(arg);
            }
            return Call(c, done, keep);
        },
        py::arg("dev"),
        py::arg("cmd"),
        py::arg("arg") = py::none(),
        py::arg("zone") = py::none(),
        py::arg("done") = py::none(),
        "ioctl(9E) through the driver's cb_ioctl: `arg` is the caller's buffer (a writable "
        "buffer such as a bytearray; ddi_copyin reads it, ddi_copyout writes it in place) or "
        "None. Returns the dict of device_open; rval is *rvalp.");
    m.def(
        "device_close",
        [](uint64_t dev, int flags, py::object zone, py::object done) {
            PfhooksDeviceCall c;
            c.op = PFHOOKS_DEV_CLOSE;
            c.dev = dev;
            c.flags = flags;
            c.zoneid = ZoneOf(zone);
            return Call(c, done, nullptr);
        },
        py::arg("dev"),
        py::arg("flags") = 0x03,
        py::arg("zone") = py::none(),
        py::arg("done") = py::none(),
        "close(9E) through the driver's cb_close. Returns the dict of device_open.");
}

} // namespace py_bindings
} // namespace ns3
