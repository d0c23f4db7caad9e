/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3's applications, FlowMonitor and NetAnim for Python, and pfhooks'
 * echo pinger (ping that counts duplicate replies).
 */
#include "py-common.h"

#include "ns3/animation-interface.h"
#include "ns3/application-container.h"
#include "ns3/application.h"
#include "ns3/bulk-send-helper.h"
#include "ns3/flow-monitor-helper.h"
#include "ns3/flow-monitor.h"
#include "ns3/ipv4-flow-classifier.h"
#include "ns3/ipv4.h"
#include "ns3/ipv6-flow-classifier.h"
#include "ns3/node.h"
#include "ns3/on-off-helper.h"
#include "ns3/packet-sink-helper.h"
#include "ns3/packet-sink.h"
#include "ns3/pfhooks-echo-pinger.h"
#include "ns3/string.h"
#include "ns3/udp-client-server-helper.h"
#include "ns3/udp-echo-helper.h"
#include "ns3/uinteger.h"

#include <map>
#include <regex>
#include <sstream>

namespace ns3
{
namespace py_bindings
{

namespace
{

std::string
SocketFactory(const std::string& protocol)
{
    if (protocol == "udp" || protocol == "ns3::UdpSocketFactory")
    {
        return "ns3::UdpSocketFactory";
    }
    if (protocol == "tcp" || protocol == "ns3::TcpSocketFactory")
    {
        return "ns3::TcpSocketFactory";
    }
    throw py::value_error("protocol must be 'udp' or 'tcp', not '" + protocol + "'");
}

/** Binds an application helper: attributes by name, install on nodes. */
template <typename H>
py::class_<H>
AppHelper(py::module_& ns, const char* name, const char* doc)
{
    return py::class_<H>(ns, name, doc)
        .def(
            "set_attribute",
            [](H& h, const std::string& n, py::object v) {
                std::string text = py::isinstance<Time>(v)
                                       ? std::to_string(v.cast<Time>().GetNanoSeconds()) + "ns"
                                       : py::str(v).cast<std::string>();
                h.SetAttribute(n, StringValue(text));
            },
            py::arg("name"),
            py::arg("value"),
            "SetAttribute by name (values as ns-3 parses attribute text; Time accepted).")
        .def(
            "install",
            [](H& h, NodeContainer& c) { return h.Install(c); },
            py::arg("nodes"),
            "Install: one application per node; returns an ApplicationContainer.");
}

template <typename T>
std::string
Text(const T& v)
{
    std::ostringstream os;
    os << v;
    return os.str();
}

/** The flows FlowMonitor saw, as dicts keyed by flow id. */
py::dict
FlowStats(FlowMonitorHelper& h, Ptr<FlowMonitor> mon)
{
    mon->CheckForLostPackets();
    // FindFlow aborts on an id its classifier does not know: read the
    // five-tuples from what each classifier serializes instead.
    std::map<uint32_t, py::dict> tuples;
    for (Ptr<FlowClassifier> c : {h.GetClassifier(), h.GetClassifier6()})
    {
        if (!c)
        {
            continue;
        }
        std::ostringstream os;
        c->SerializeToXmlStream(os, 0);
        static const std::regex flow("<Flow flowId=\"([0-9]+)\" sourceAddress=\"([^\"]*)\" "
                                     "destinationAddress=\"([^\"]*)\" protocol=\"([0-9]+)\" "
                                     "sourcePort=\"([0-9]+)\" destinationPort=\"([0-9]+)\"");
        std::string xml = os.str();
        for (std::sregex_iterator it(xml.begin(), xml.end(), flow), end; it != end; ++it)
        {
            py::dict d;
            d["src"] = (*it)[2].str();
            d["dst"] = (*it)[3].str();
            d["protocol"] = std::stoi((*it)[4].str());
            d["sport"] = std::stoi((*it)[5].str());
            d["dport"] = std::stoi((*it)[6].str());
            tuples.emplace(std::stoul((*it)[1].str()), d);
        }
    }
    py::dict out;
    for (const auto& [id, s] : mon->GetFlowStats())
    {
        py::dict d;
        auto t = tuples.find(id);
        if (t != tuples.end())
        {
            d = py::dict(t->second);
        }
        d["tx_packets"] = s.txPackets;
        d["rx_packets"] = s.rxPackets;
        d["tx_bytes"] = s.txBytes;
        d["rx_bytes"] = s.rxBytes;
        d["lost_packets"] = s.lostPackets;
        d["times_forwarded"] = s.timesForwarded;
        d["delay_sum"] = s.delaySum.GetSeconds();
        d["jitter_sum"] = s.jitterSum.GetSeconds();
        d["first_tx"] = s.timeFirstTxPacket.GetSeconds();
        d["last_rx"] = s.timeLastRxPacket.GetSeconds();
        py::list drops;
        for (uint32_t n : s.packetsDropped)
        {
            drops.append(n);
        }
        d["packets_dropped"] = drops;
        out[py::int_(id)] = d;
    }
    return out;
}

} // namespace

void
BindApplications(py::module_& ns, py::module_& m)
{
    py::class_<Application, Object, Ptr<Application>>(ns, "Application", "ns3::Application.")
        .def("set_start_time", &Application::SetStartTime, py::arg("start"), "SetStartTime.")
        .def("set_stop_time", &Application::SetStopTime, py::arg("stop"), "SetStopTime.")
        .def_property_readonly("node", &Application::GetNode, "GetNode");

    py::class_<PacketSink, Application, Ptr<PacketSink>>(ns, "PacketSink", "ns3::PacketSink.")
        .def_property_readonly("total_rx", &PacketSink::GetTotalRx, "bytes received (GetTotalRx)");

    py::class_<ApplicationContainer>(ns, "ApplicationContainer", "ns3::ApplicationContainer.")
        .def(py::init<>())
        .def("start", &ApplicationContainer::Start, py::arg("start"), "Start (at a Time).")
        .def("stop", &ApplicationContainer::Stop, py::arg("stop"), "Stop (at a Time).")
        .def(
            "add",
            [](ApplicationContainer& c, ApplicationContainer& o) { c.Add(o); },
            py::arg("apps"),
            "Add.")
        .def("__len__", &ApplicationContainer::GetN)
        .def("__getitem__", [](ApplicationContainer& c, int64_t i) {
            if (i < 0)
            {
                i += c.GetN();
            }
            if (i < 0 || i >= c.GetN())
            {
                throw py::index_error("application index out of range");
            }
            return c.Get(i);
        });

    AppHelper<UdpEchoServerHelper>(ns, "UdpEchoServerHelper", "ns3::UdpEchoServerHelper(port).")
        .def(py::init<uint16_t>(), py::arg("port"));
    AppHelper<UdpEchoClientHelper>(ns,
                                   "UdpEchoClientHelper",
                                   "ns3::UdpEchoClientHelper(address, port); attributes "
                                   "MaxPackets, Interval, PacketSize.")
        .def(py::init([](const std::string& ip, uint16_t port) {
                 Address a = MakeSocketAddress(ip, port);
                 return UdpEchoClientHelper(a);
             }),
             py::arg("address"),
             py::arg("port"));
    AppHelper<UdpClientHelper>(ns,
                               "UdpClientHelper",
                               "ns3::UdpClientHelper(address, port): a UDP flood; attributes "
                               "MaxPackets, Interval, PacketSize.")
        .def(py::init([](const std::string& ip, uint16_t port) {
                 return UdpClientHelper(MakeSocketAddress(ip, port));
             }),
             py::arg("address"),
             py::arg("port"));
    AppHelper<UdpServerHelper>(ns, "UdpServerHelper", "ns3::UdpServerHelper(port).")
        .def(py::init<uint16_t>(), py::arg("port"));
    AppHelper<OnOffHelper>(ns,
                           "OnOffHelper",
                           "ns3::OnOffHelper(protocol, address, port): protocol 'udp' or 'tcp'; "
                           "attributes DataRate, PacketSize, OnTime, OffTime, MaxBytes.")
        .def(py::init([](const std::string& proto, const std::string& ip, uint16_t port) {
                 return OnOffHelper(SocketFactory(proto), MakeSocketAddress(ip, port));
             }),
             py::arg("protocol"),
             py::arg("address"),
             py::arg("port"));
    AppHelper<BulkSendHelper>(ns,
                              "BulkSendHelper",
                              "ns3::BulkSendHelper(protocol, address, port): TCP bulk send; "
                              "attributes MaxBytes, SendSize.")
        .def(py::init([](const std::string& proto, const std::string& ip, uint16_t port) {
                 return BulkSendHelper(SocketFactory(proto), MakeSocketAddress(ip, port));
             }),
             py::arg("protocol"),
             py::arg("address"),
             py::arg("port"));
    AppHelper<PacketSinkHelper>(ns,
                                "PacketSinkHelper",
                                "ns3::PacketSinkHelper(protocol, address, port); address "
                                "'0.0.0.0' or '::' for any.")
        .def(py::init([](const std::string& proto, const std::string& ip, uint16_t port) {
                 return PacketSinkHelper(SocketFactory(proto), MakeSocketAddress(ip, port));
             }),
             py::arg("protocol"),
             py::arg("address"),
             py::arg("port"));

    py::class_<PfhooksEchoPinger, Application, Ptr<PfhooksEchoPinger>>(
        m,
        "EchoPinger",
        "ping -s as an application (ns3::PfhooksEchoPinger): counts every echo reply per "
        "sequence number, duplicates included. EchoPinger(remote, count=0, interval=1.0, "
        "size=56); trace source 'Reply' (seq, from, nth).")
        .def(py::init([](const std::string& remote, uint32_t count, Time interval, uint32_t size) {
                 Ptr<PfhooksEchoPinger> p = CreateObject<PfhooksEchoPinger>();
                 p->SetAttribute("Remote", Ipv4AddressValue(CheckIpv4(remote)));
                 p->SetAttribute("Count", UintegerValue(count));
                 p->SetAttribute("Interval", TimeValue(interval));
                 p->SetAttribute("Size", UintegerValue(size));
                 return p;
             }),
             py::arg("remote"),
             py::arg("count") = 0,
             py::arg("interval") = Seconds(1),
             py::arg("size") = 56)
        .def_property_readonly("sent", &PfhooksEchoPinger::GetSent, "requests sent (GetSent)")
        .def_property_readonly("replies",
                               &PfhooksEchoPinger::GetReplies,
                               "replies received, duplicates included (GetReplies)")
        .def_property_readonly(
            "sequences",
            [](PfhooksEchoPinger& p) {
                py::dict d;
                for (const auto& [seq, s] : p.GetSequences())
                {
                    py::dict e;
                    e["sent"] = s.sent.GetSeconds();
                    e["replies"] = s.replies;
                    d[py::int_(seq)] = e;
                }
                return d;
            },
            "{seq: {'sent': seconds, 'replies': n}} (GetSequences)");

    py::class_<FlowMonitor, Object, Ptr<FlowMonitor>>(ns, "FlowMonitor", "ns3::FlowMonitor.");
    py::class_<FlowMonitorHelper>(ns,
                                  "FlowMonitorHelper",
                                  "ns3::FlowMonitorHelper: install, run, then stats().")
        .def(py::init<>())
        .def("install_all", &FlowMonitorHelper::InstallAll, "InstallAll.")
        .def(
            "install",
            [](FlowMonitorHelper& h, NodeContainer& c) { return h.Install(c); },
            py::arg("nodes"),
            "Install.")
        .def(
            "stats",
            [](FlowMonitorHelper& h) { return FlowStats(h, h.GetMonitor()); },
            "Every flow as a dict (five-tuple, tx/rx packets and bytes, lost packets, delay "
            "and jitter sums in seconds, ...), keyed by flow id (GetFlowStats with the "
            "classifiers' FindFlow).")
        .def(
            "serialize_to_xml_file",
            [](FlowMonitorHelper& h, const std::string& f, bool hist, bool probes) {
                h.SerializeToXmlFile(f, hist, probes);
            },
            py::arg("filename"),
            py::arg("histograms") = false,
            py::arg("probes") = false,
            "SerializeToXmlFile.");

    py::class_<AnimationInterface>(ns,
                                   "AnimationInterface",
                                   "ns3::AnimationInterface(filename): writes a NetAnim file "
                                   "while the simulation runs; keep it until after run().")
        .def(py::init<const std::string>(), py::arg("filename"))
        .def_static("set_constant_position",
                    &AnimationInterface::SetConstantPosition,
                    py::arg("node"),
                    py::arg("x"),
                    py::arg("y"),
                    py::arg("z") = 0.0,
                    "SetConstantPosition.")
        .def("enable_packet_metadata",
             &AnimationInterface::EnablePacketMetadata,
             py::arg("enable") = true,
             "EnablePacketMetadata.");
}

} // namespace py_bindings
} // namespace ns3
