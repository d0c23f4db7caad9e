/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Solaris modules, kmem fault injection, zones and the contract checker's
 * findings for Python.
 */
#include "py-common.h"

#include "ns3/ipv4.h"
#include "ns3/pfhooks-contract-checker.h"
#include "ns3/pfhooks-kmem-faults.h"
#include "ns3/pfhooks-zone-helper.h"
#include "ns3/pfhooks-zone.h"
#include "ns3/simulator.h"
#include "ns3/solaris-kernel.h"
#include "ns3/solaris-module.h"

#include <optional>

namespace ns3
{
namespace py_bindings
{

namespace
{

/** The spec set_kmem_faults() gives modules created from Python. */
std::optional<PfhooksKmemFaults> g_faults;

PfhooksKmemFaults
ParseFaults(const std::string& spec)
{
    PfhooksKmemFaults f;
    std::string err;
    if (!PfhooksKmemFaults::Parse(spec, &f, &err))
    {
        ThrowErrno(EINVAL, "kmem faults '" + spec + "': " + err);
    }
    return f;
}

py::list
Leaks(const std::vector<PfhooksKernelLeak>& leaks)
{
    py::list out;
    for (const auto& l : leaks)
    {
        py::dict d;
        d["kind"] = l.kind;
        d["address"] = l.address;
        d["size"] = l.size;
        d["site"] = l.site;
        out.append(d);
    }
    return out;
}

py::dict
Report(SolarisModule& m)
{
    py::dict d;
    d["name"] = m.GetName();
    d["path"] = m.GetPath();
    d["state"] = SolarisModule::StateName(m.GetState());
    d["error"] = m.GetError();
    d["link_info"] = m.GetLinkInfo();
    d["id"] = m.GetId();
    d["mapped"] = m.IsMapped();
    d["attached"] = m.IsAttached();
    d["leaks"] = Leaks(m.GetLeaks());
    if (m.GetId() != 0)
    {
        SolarisKernel::Figures f = SolarisKernel::Get().GetFigures(m.GetId());
        py::dict k;
        k["kmem_allocs"] = f.kmemAllocs;
        k["kmem_frees"] = f.kmemFrees;
        k["kmem_bytes"] = f.kmemBytes;
        k["kmem_peak_bytes"] = f.kmemPeakBytes;
        k["kmem_failed"] = f.kmemFailed;
        k["mblk_allocs"] = f.mblkAllocs;
        k["mblk_frees"] = f.mblkFrees;
        k["net_instance_registers"] = f.netInstanceRegisters;
        d["figures"] = k;
    }
    d["text"] = m.GetReport();
    return d;
}

py::dict
Finding(const PfhooksContractFinding& f)
{
    py::dict d;
    d["time"] = f.time.GetSeconds();
    d["module"] = f.module;
    d["node"] = f.node;
    d["netid"] = f.netid;
    d["what"] = f.what;
    d["site"] = f.site;
    return d;
}

/** Raises where ns-3 would abort the process: a zone needs a stack and is made once. */
void
CheckZoneNode(Ptr<Node> node)
{
    NeedStack(node);
    if (PfhooksZoneHelper::GetZone(node))
    {
        ThrowErrno(EEXIST,
                   "zone_install: node " + std::to_string(node->GetId()) + " is a zone already");
    }
}

/** ValueError for a time in the past (ns-3 asserts on a negative delay). */
void
NotPast(Time at)
{
    if (at < Simulator::Now())
    {
        throw py::value_error("a time in the past");
    }
}

} // namespace

void
BindSolaris(py::module_& m)
{
    py::class_<SolarisModule, Object, Ptr<SolarisModule>>(
        m,
        "SolarisModule",
        "A Solaris kernel module (a .so built with pfhooks_add_solaris_module) loaded into "
        "the simulated kernel (ns3::SolarisModule). SolarisModule(path); trace sources "
        "'State' (name, state) and 'Fini'.")
        .def(py::init([](const std::string& path) {
                 Ptr<SolarisModule> s = CreateObject<SolarisModule>();
                 s->SetPath(path);
                 if (g_faults)
                 {
                     g_faults->ApplyTo(s);
                 }
                 return s;
             }),
             py::arg("path"))
        .def_property_readonly("path", &SolarisModule::GetPath, "the module file")
        .def_property_readonly("name", &SolarisModule::GetName, "file name without '.so'")
        .def_property_readonly(
            "state",
            [](SolarisModule& s) { return std::string(SolarisModule::StateName(s.GetState())); },
            "'unloaded', 'loading', 'loaded', 'unloading' or 'failed' (StateName)")
        .def_property_readonly("error", &SolarisModule::GetError, "why the last load failed")
        .def_property_readonly("link_info", &SolarisModule::GetLinkInfo, "GetLinkInfo")
        .def_property_readonly("id", &SolarisModule::GetId, "accounting id")
        .def(
            "load",
            [](SolarisModule& s) {
                int err = s.Load();
                if (err != 0)
                {
                    ThrowErrno(err, "load " + s.GetName() + ": " + s.GetError());
                }
            },
            "Loads now (Load). PfhooksError EEXIST (loaded), ENOENT (no file), ENOEXEC (no "
            "module), EIO (_init or attach failed).")
        .def(
            "unload",
            [](SolarisModule& s) {
                int err = s.Unload();
                if (err != 0)
                {
                    ThrowErrno(err, "unload " + s.GetName() + ": " + s.GetError());
                }
            },
            "Unloads now (Unload). PfhooksError EBUSY (refused), EINVAL (not loaded).")
        .def(
            "schedule_load",
            [](SolarisModule& s, Time at) {
                NotPast(at);
                s.ScheduleLoad(at);
            },
            py::arg("at"),
            "Loads at an absolute simulated time (ScheduleLoad).")
        .def(
            "schedule_unload",
            [](SolarisModule& s, Time at) {
                NotPast(at);
                s.ScheduleUnload(at);
            },
            py::arg("at"),
            "Unloads at an absolute simulated time (ScheduleUnload).")
        .def(
            "set_kmem_faults",
            [](Ptr<SolarisModule> s, const std::string& spec) { ParseFaults(spec).ApplyTo(s); },
            py::arg("spec"),
            "Makes this module's KM_NOSLEEP allocations fail: 'p=0.1', 'nth=5' or 'all' "
            "(PfhooksKmemFaults::ApplyTo: the KmemFault* attributes).")
        .def(
            "leaks",
            [](SolarisModule& s) { return Leaks(s.GetLeaks()); },
            "What the module held at its last unload (or now), as dicts (GetLeaks).")
        .def("report",
             &Report,
             "The module's report as a dict: name, path, state, error, link_info, id, mapped, "
             "attached, leaks, figures (kmem and mblk counts), text (GetReport).")
        .def("report_text",
             &SolarisModule::GetReport,
             "GetReport: the report as the C++ "
             "examples print it.");

    m.def(
        "set_kmem_faults",
        [](py::object spec) {
            if (spec.is_none())
            {
                g_faults.reset();
                return;
            }
            g_faults = ParseFaults(spec.cast<std::string>());
        },
        py::arg("spec"),
        "Fault injection for the modules created from now on: 'p=0.1', 'nth=5' or 'all', "
        "optionally with ',module=NAME', makes their KM_NOSLEEP allocations fail (as the "
        "runner's --kmem-faults; PfhooksKmemFaults::ApplyTo sets each module's KmemFault* "
        "attributes). None turns it off. PfhooksError EINVAL for a bad spec.");

    m.def(
        "contract_findings",
        [](py::object module) {
            py::list out;
            auto& c = PfhooksContractChecker::Get();
            auto list =
                module.is_none() ? c.GetFindings() : c.GetFindings(module.cast<std::string>());
            for (const auto& f : list)
            {
                out.append(Finding(f));
            }
            return out;
        },
        py::arg("module") = py::none(),
        "The contract checker's findings (all, or one module's) as dicts: time, module, "
        "node, netid, what, site (PfhooksContractChecker::GetFindings).");
    m.def(
        "clear_contract_findings",
        []() { PfhooksContractChecker::Get().Clear(); },
        "Forgets the findings (PfhooksContractChecker::Clear).");

    py::class_<PfhooksZone, Object, Ptr<PfhooksZone>>(
        m,
        "Zone",
        "A node as an exclusive-IP zone that boots and halts while the simulation runs "
        "(ns3::PfhooksZone); trace source 'ZoneState' (node, netid, booted).")
        .def(
            "boot",
            [](PfhooksZone& z) { CheckErrno(z.Boot(), "boot"); },
            "Boots now; PfhooksError EALREADY when booted.")
        .def(
            "halt",
            [](PfhooksZone& z) { CheckErrno(z.Halt(), "halt"); },
            "Halts now; PfhooksError EALREADY when halted.")
        .def(
            "schedule_boot",
            [](PfhooksZone& z, Time at) { CheckErrno(z.ScheduleBoot(at), "schedule_boot"); },
            py::arg("at"),
            "Boots at an absolute time; PfhooksError EALREADY or EINVAL (ScheduleBoot).")
        .def(
            "schedule_halt",
            [](PfhooksZone& z, Time at) { CheckErrno(z.ScheduleHalt(at), "schedule_halt"); },
            py::arg("at"),
            "Halts at an absolute time (ScheduleHalt).")
        .def_property_readonly("booted", &PfhooksZone::IsBooted, "IsBooted")
        .def_property_readonly("netid", &PfhooksZone::GetNetid, "-1 while halted")
        .def_property_readonly("node", &PfhooksZone::GetNode, "the node")
        .def_property_readonly("boots", &PfhooksZone::GetBoots, "boots so far")
        .def_property_readonly("halts", &PfhooksZone::GetHalts, "halts so far")
        .def_property_readonly("halted_rx_drops",
                               &PfhooksZone::GetHaltedRxDrops,
                               "frames dropped at the NICs while halted")
        .def_property_readonly("halted_tx_drops",
                               &PfhooksZone::GetHaltedTxDrops,
                               "frames not sent while halted")
        .def_property_readonly(
            "history",
            [](PfhooksZone& z) {
                py::list out;
                for (const auto& t : z.GetHistory())
                {
                    py::dict d;
                    d["time"] = t.when.GetSeconds();
                    d["booted"] = t.booted;
                    d["netid"] = t.netid;
                    out.append(d);
                }
                return out;
            },
            "every boot and halt: dicts time, booted, netid (GetHistory)");

    m.def(
        "zone_install",
        [](py::object what, bool booted) -> py::object {
            if (py::isinstance<Node>(what))
            {
                CheckZoneNode(what.cast<Ptr<Node>>());
                return py::cast(PfhooksZoneHelper::Install(what.cast<Ptr<Node>>(), booted));
            }
            NodeContainer c = what.cast<NodeContainer>();
            for (uint32_t i = 0; i < c.GetN(); i++)
            {
                CheckZoneNode(c.Get(i));
            }
            py::list out;
            for (uint32_t i = 0; i < c.GetN(); i++)
            {
                out.append(PfhooksZoneHelper::Install(c.Get(i), booted));
            }
            return out;
        },
        py::arg("nodes"),
        py::arg("booted") = true,
        "Makes a node (or every node of a container) a zone, booted or halted until its "
        "first boot (PfhooksZoneHelper::Install). Install after addresses and routes.");
    m.def("get_zone",
          &PfhooksZoneHelper::GetZone,
          py::arg("node"),
          "The node's Zone, or None (PfhooksZoneHelper::GetZone).");
    m.def(
        "schedule_boot",
        [](Ptr<Node> n, Time at) {
            CheckErrno(PfhooksZoneHelper::ScheduleBoot(n, at),
                       "schedule_boot(node " + std::to_string(n->GetId()) + ")");
        },
        py::arg("node"),
        py::arg("at"),
        "Boots the node's zone at an absolute time (PfhooksZoneHelper::ScheduleBoot).");
    m.def(
        "schedule_halt",
        [](Ptr<Node> n, Time at) {
            CheckErrno(PfhooksZoneHelper::ScheduleHalt(n, at),
                       "schedule_halt(node " + std::to_string(n->GetId()) + ")");
        },
        py::arg("node"),
        py::arg("at"),
        "Halts the node's zone at an absolute time (PfhooksZoneHelper::ScheduleHalt).");
    m.def(
        "schedule_churn",
        [](NodeContainer zones, Time start, Time stop, Time period, int64_t stream) {
            if (!period.IsStrictlyPositive())
            {
                throw py::value_error("schedule_churn: period must be > 0");
            }
            return PfhooksZoneHelper::ScheduleChurn(zones, start, stop, period, stream);
        },
        py::arg("zones"),
        py::arg("start"),
        py::arg("stop"),
        py::arg("period"),
        py::arg("stream") = 0,
        "Each zone toggles at random times in [start, stop) about once a period; returns "
        "the boots and halts scheduled (PfhooksZoneHelper::ScheduleChurn).");
}

} // namespace py_bindings
} // namespace ns3
