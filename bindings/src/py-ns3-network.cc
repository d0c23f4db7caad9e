/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * ns-3's nodes, links and internet stack for Python: NodeContainer,
 * point-to-point and CSMA links, IPv4/IPv6 addresses, global and static
 * routing.  Addresses are text ("10.1.1.1", "2001:1::1").
 */
#include "py-common.h"

#include "ns3/application.h"
#include "ns3/boolean.h"
#include "ns3/config.h"
#include "ns3/csma-helper.h"
#include "ns3/internet-stack-helper.h"
#include "ns3/ipv4-address-helper.h"
#include "ns3/ipv4-global-routing-helper.h"
#include "ns3/ipv4-static-routing-helper.h"
#include "ns3/ipv4-static-routing.h"
#include "ns3/ipv6-address-helper.h"
#include "ns3/ipv6-static-routing-helper.h"
#include "ns3/ipv6-static-routing.h"
#include "ns3/net-device-container.h"
#include "ns3/node-container.h"
#include "ns3/node.h"
#include "ns3/point-to-point-helper.h"
#include "ns3/string.h"

#include <sstream>

namespace ns3
{
namespace py_bindings
{

namespace
{

template <typename T>
std::string
Text(const T& v)
{
    std::ostringstream os;
    os << v;
    return os.str();
}

uint32_t
Index(int64_t i, uint32_t n, const char* what)
{
    if (i < 0)
    {
        i += n;
    }
    if (i < 0 || i >= n)
    {
        throw py::index_error(std::string(what) + " index out of range");
    }
    return static_cast<uint32_t>(i);
}

Ipv4Mask
CheckMask(const std::string& m)
{
    if (!m.empty() && m[0] == '/')
    {
        return Ipv4Mask(m.c_str());
    }
    CheckIpv4(m);
    return Ipv4Mask(m.c_str());
}

/** Binds what PointToPointHelper and CsmaHelper share. */
template <typename H, typename C>
void
LinkHelperCommon(C& c)
{
    c.def(
         "set_device_attribute",
         [](H& h, const std::string& n, py::object v) {
             h.SetDeviceAttribute(n, StringValue(py::str(v).cast<std::string>()));
         },
         py::arg("name"),
         py::arg("value"),
         "SetDeviceAttribute, e.g. ('DataRate', '10Mbps') or ('Mtu', 1500).")
        .def(
            "set_channel_attribute",
            [](H& h, const std::string& n, py::object v) {
                h.SetChannelAttribute(n, StringValue(py::str(v).cast<std::string>()));
            },
            py::arg("name"),
            py::arg("value"),
            "SetChannelAttribute, e.g. ('Delay', '2ms').")
        .def(
            "set_queue",
            [](H& h, const std::string& type, const std::string& attr, py::object v) {
                if (attr.empty())
                {
                    h.SetQueue(type);
                }
                else
                {
                    h.SetQueue(type, attr, StringValue(py::str(v).cast<std::string>()));
                }
            },
            py::arg("type"),
            py::arg("name") = "",
            py::arg("value") = "",
            "SetQueue, e.g. ('ns3::DropTailQueue', 'MaxSize', '100p').")
        .def(
            "enable_pcap_all",
            [](H& h, const std::string& prefix, bool promisc) { h.EnablePcapAll(prefix, promisc); },
            py::arg("prefix"),
            py::arg("promiscuous") = false,
            "Writes pcap files PREFIX-NODE-DEVICE.pcap for every device (EnablePcapAll).")
        .def(
            "enable_pcap",
            [](H& h, const std::string& prefix, NetDeviceContainer& d, bool promisc) {
                h.EnablePcap(prefix, d, promisc);
            },
            py::arg("prefix"),
            py::arg("devices"),
            py::arg("promiscuous") = false,
            "Writes pcap files for these devices (EnablePcap).");
}

} // namespace

void
BindNetwork(py::module_& ns)
{
    py::class_<Node, Object, Ptr<Node>>(ns, "Node", "An ns-3 node (ns3::Node).")
        .def(py::init([]() { return CreateObject<Node>(); }))
        .def_property_readonly("id", &Node::GetId, "the node's id (GetId)")
        .def_property_readonly("n_devices", &Node::GetNDevices, "devices, loopback included")
        .def_property_readonly("n_applications", &Node::GetNApplications, "GetNApplications")
        .def(
            "get_device",
            [](Node& n, int64_t i) { return n.GetDevice(Index(i, n.GetNDevices(), "device")); },
            py::arg("index"),
            "GetDevice(index).")
        .def(
            "get_application",
            [](Node& n, int64_t i) {
                return n.GetApplication(Index(i, n.GetNApplications(), "application"));
            },
            py::arg("index"),
            "GetApplication(index).")
        .def(
            "add_application",
            [](Node& n, Ptr<Application> a) { return n.AddApplication(a); },
            py::arg("app"),
            "Adds an application to the node (AddApplication); returns its index.")
        .def("__repr__", [](Node& n) { return "<Node " + std::to_string(n.GetId()) + ">"; });

    py::class_<NetDevice, Object, Ptr<NetDevice>>(ns, "NetDevice", "ns3::NetDevice.")
        .def_property_readonly("if_index", &NetDevice::GetIfIndex, "GetIfIndex")
        .def_property_readonly("mtu", &NetDevice::GetMtu, "GetMtu")
        .def_property_readonly("node", &NetDevice::GetNode, "GetNode")
        .def_property_readonly(
            "address",
            [](NetDevice& d) { return AddressToString(d.GetAddress()); },
            "the MAC address as text");

    py::class_<NodeContainer>(ns,
                              "NodeContainer",
                              "ns3::NodeContainer: NodeContainer(n) creates n nodes; "
                              "NodeContainer(a, b, ...) holds nodes or containers.")
        .def(py::init([](py::args args) {
            NodeContainer c;
            if (args.size() == 1 && py::isinstance<py::int_>(args[0]))
            {
                c.Create(args[0].cast<uint32_t>());
                return c;
            }
            for (auto a : args)
            {
                if (py::isinstance<NodeContainer>(a))
                {
                    c.Add(a.cast<NodeContainer>());
                }
                else
                {
                    c.Add(a.cast<Ptr<Node>>());
                }
            }
            return c;
        }))
        .def("create",
             py::overload_cast<uint32_t>(&NodeContainer::Create),
             py::arg("n"),
             "Creates n more nodes (Create).")
        .def(
            "add",
            [](NodeContainer& c, Ptr<Node> n) { c.Add(n); },
            py::arg("node"),
            "Add.")
        .def("__len__", &NodeContainer::GetN)
        .def(
            "__getitem__",
            [](NodeContainer& c, int64_t i) { return c.Get(Index(i, c.GetN(), "node")); },
            "Get(i).")
        .def("__iter__",
             [](NodeContainer& c) {
                 py::list l;
                 for (uint32_t i = 0; i < c.GetN(); i++)
                 {
                     l.append(c.Get(i));
                 }
                 return py::iter(l);
             })
        .def_static("get_global", &NodeContainer::GetGlobal, "Every node (GetGlobal).");
    py::implicitly_convertible<Node, NodeContainer>();

    py::class_<NetDeviceContainer>(ns, "NetDeviceContainer", "ns3::NetDeviceContainer.")
        .def(py::init<>())
        .def(
            "add",
            [](NetDeviceContainer& c, NetDeviceContainer& o) { c.Add(o); },
            py::arg("devices"),
            "Add.")
        .def("__len__", &NetDeviceContainer::GetN)
        .def("__getitem__",
             [](NetDeviceContainer& c, int64_t i) { return c.Get(Index(i, c.GetN(), "device")); });

    auto p2p = py::class_<PointToPointHelper>(
        ns,
        "PointToPointHelper",
        "ns3::PointToPointHelper; PointToPointHelper(data_rate='10Mbps', delay='1ms').");
    p2p.def(py::init([](const std::string& rate, const std::string& delay) {
                PointToPointHelper h;
                if (!rate.empty())
                {
                    h.SetDeviceAttribute("DataRate", StringValue(rate));
                }
                if (!delay.empty())
                {
                    h.SetChannelAttribute("Delay", StringValue(delay));
                }
                return h;
            }),
            py::arg("data_rate") = "",
            py::arg("delay") = "")
        .def(
            "install",
            [](PointToPointHelper& h, Ptr<Node> a, Ptr<Node> b) { return h.Install(a, b); },
            py::arg("a"),
            py::arg("b"),
            "Links two nodes (Install(a, b)).")
        .def(
            "install",
            [](PointToPointHelper& h, NodeContainer& c) { return h.Install(c); },
            py::arg("pair"),
            "Links the two nodes of a container.");
    LinkHelperCommon<PointToPointHelper>(p2p);

    auto csma = py::class_<CsmaHelper>(
        ns,
        "CsmaHelper",
        "ns3::CsmaHelper; CsmaHelper(data_rate='100Mbps', delay='6560ns') (both channel "
        "attributes).");
    csma.def(py::init([](const std::string& rate, const std::string& delay) {
                 CsmaHelper h;
                 if (!rate.empty())
                 {
                     h.SetChannelAttribute("DataRate", StringValue(rate));
                 }
                 if (!delay.empty())
                 {
                     h.SetChannelAttribute("Delay", StringValue(delay));
                 }
                 return h;
             }),
             py::arg("data_rate") = "",
             py::arg("delay") = "")
        .def(
            "install",
            [](CsmaHelper& h, NodeContainer& c) { return h.Install(c); },
            py::arg("nodes"),
            "Puts the nodes on one CSMA LAN (Install).")
        .def("assign_streams",
             &CsmaHelper::AssignStreams,
             py::arg("devices"),
             py::arg("stream"),
             "AssignStreams.");
    LinkHelperCommon<CsmaHelper>(csma);

    py::class_<InternetStackHelper>(ns, "InternetStackHelper", "ns3::InternetStackHelper.")
        .def(py::init<>())
        .def(
            "install",
            [](InternetStackHelper& h, NodeContainer& c) { h.Install(c); },
            py::arg("nodes"),
            "Installs IPv4, IPv6, ARP, UDP, TCP on the nodes (Install).")
        .def("set_ipv4_stack_install",
             &InternetStackHelper::SetIpv4StackInstall,
             py::arg("enable"),
             "SetIpv4StackInstall.")
        .def("set_ipv6_stack_install",
             &InternetStackHelper::SetIpv6StackInstall,
             py::arg("enable"),
             "SetIpv6StackInstall.")
        .def(
            "assign_streams",
            [](InternetStackHelper& h, NodeContainer& c, int64_t s) {
                return h.AssignStreams(c, s);
            },
            py::arg("nodes"),
            py::arg("stream"),
            "AssignStreams.");

    py::class_<Ipv4InterfaceContainer>(ns,
                                       "Ipv4InterfaceContainer",
                                       "ns3::Ipv4InterfaceContainer: what assign() gave.")
        .def("__len__", &Ipv4InterfaceContainer::GetN)
        .def(
            "get_address",
            [](Ipv4InterfaceContainer& c, int64_t i, uint32_t j) {
                return Text(c.GetAddress(Index(i, c.GetN(), "interface"), j));
            },
            py::arg("i"),
            py::arg("j") = 0,
            "The j-th address of the i-th interface (GetAddress).")
        .def(
            "get_interface_index",
            [](Ipv4InterfaceContainer& c, int64_t i) {
                return c.Get(Index(i, c.GetN(), "interface")).second;
            },
            py::arg("i"),
            "The ns-3 interface index of the i-th interface (Get(i).second).");

    py::class_<Ipv6InterfaceContainer>(ns,
                                       "Ipv6InterfaceContainer",
                                       "ns3::Ipv6InterfaceContainer: what assign() gave.")
        .def("__len__", &Ipv6InterfaceContainer::GetN)
        .def(
            "get_address",
            [](Ipv6InterfaceContainer& c, int64_t i, uint32_t j) {
                return Text(c.GetAddress(Index(i, c.GetN(), "interface"), j));
            },
            py::arg("i"),
            py::arg("j") = 1,
            "The j-th address of the i-th interface (0: link-local, 1: global; GetAddress).")
        .def(
            "get_interface_index",
            [](Ipv6InterfaceContainer& c, int64_t i) {
                return c.GetInterfaceIndex(Index(i, c.GetN(), "interface"));
            },
            py::arg("i"),
            "GetInterfaceIndex.");

    py::class_<Ipv4AddressHelper>(ns,
                                  "Ipv4AddressHelper",
                                  "ns3::Ipv4AddressHelper; Ipv4AddressHelper('10.1.1.0', "
                                  "'255.255.255.0').")
        .def(py::init([](const std::string& net, const std::string& mask) {
                 Ipv4AddressHelper h;
                 if (!net.empty())
                 {
                     h.SetBase(CheckIpv4(net), CheckMask(mask));
                 }
                 return h;
             }),
             py::arg("network") = "",
             py::arg("mask") = "255.255.255.0")
        .def(
            "set_base",
            [](Ipv4AddressHelper& h, const std::string& net, const std::string& mask) {
                h.SetBase(CheckIpv4(net), CheckMask(mask));
            },
            py::arg("network"),
            py::arg("mask") = "255.255.255.0",
            "SetBase.")
        .def("new_network", &Ipv4AddressHelper::NewNetwork, "NewNetwork.")
        .def("assign", &Ipv4AddressHelper::Assign, py::arg("devices"), "Assign.");

    py::class_<Ipv6AddressHelper>(ns,
                                  "Ipv6AddressHelper",
                                  "ns3::Ipv6AddressHelper; Ipv6AddressHelper('2001:1::', 64).")
        .def(py::init([](const std::string& net, uint8_t prefix) {
                 Ipv6AddressHelper h;
                 if (!net.empty())
                 {
                     h.SetBase(CheckIpv6(net), Ipv6Prefix(prefix));
                 }
                 return h;
             }),
             py::arg("network") = "",
             py::arg("prefix_length") = 64)
        .def(
            "set_base",
            [](Ipv6AddressHelper& h, const std::string& net, uint8_t prefix) {
                h.SetBase(CheckIpv6(net), Ipv6Prefix(prefix));
            },
            py::arg("network"),
            py::arg("prefix_length") = 64,
            "SetBase.")
        .def("new_network", &Ipv6AddressHelper::NewNetwork, "NewNetwork.")
        .def(
            "assign",
            [](Ipv6AddressHelper& h, const NetDeviceContainer& d) { return h.Assign(d); },
            py::arg("devices"),
            "Assign.");

    ns.def(
        "populate_routing_tables",
        []() { Ipv4GlobalRoutingHelper::PopulateRoutingTables(); },
        "IPv4 global routing: every node gets routes to every network "
        "(Ipv4GlobalRoutingHelper::PopulateRoutingTables).");
    ns.def(
        "recompute_routing_tables",
        []() { Ipv4GlobalRoutingHelper::RecomputeRoutingTables(); },
        "Ipv4GlobalRoutingHelper::RecomputeRoutingTables.");
    ns.def(
        "add_ipv4_route",
        [](Ptr<Node> node,
           const std::string& dest,
           const std::string& mask,
           const std::string& gw,
           uint32_t iface) {
            Ptr<Ipv4> ip = node->GetObject<Ipv4>();
            if (!ip)
            {
                throw py::value_error("the node has no IPv4 stack");
            }
            Ptr<Ipv4StaticRouting> st = Ipv4StaticRoutingHelper().GetStaticRouting(ip);
            if (!st)
            {
                throw py::value_error("the node has no IPv4 static routing");
            }
            if (dest == "0.0.0.0" && mask == "0.0.0.0")
            {
                st->SetDefaultRoute(CheckIpv4(gw), iface);
            }
            else if (gw.empty())
            {
                st->AddNetworkRouteTo(CheckIpv4(dest), CheckMask(mask), iface);
            }
            else
            {
                st->AddNetworkRouteTo(CheckIpv4(dest), CheckMask(mask), CheckIpv4(gw), iface);
            }
        },
        py::arg("node"),
        py::arg("destination"),
        py::arg("mask"),
        py::arg("gateway"),
        py::arg("interface"),
        "A static IPv4 route (Ipv4StaticRouting::AddNetworkRouteTo; 0.0.0.0/0.0.0.0: "
        "SetDefaultRoute; gateway '' for on-link).");
    ns.def(
        "add_ipv6_route",
        [](Ptr<Node> node,
           const std::string& dest,
           uint8_t prefix,
           const std::string& gw,
           uint32_t iface) {
            Ptr<Ipv6> ip = node->GetObject<Ipv6>();
            if (!ip)
            {
                throw py::value_error("the node has no IPv6 stack");
            }
            Ptr<Ipv6StaticRouting> st = Ipv6StaticRoutingHelper().GetStaticRouting(ip);
            if (!st)
            {
                throw py::value_error("the node has no IPv6 static routing");
            }
            if (dest == "::" && prefix == 0)
            {
                st->SetDefaultRoute(CheckIpv6(gw), iface);
            }
            else
            {
                st->AddNetworkRouteTo(CheckIpv6(dest),
                                      Ipv6Prefix(prefix),
                                      CheckIpv6(gw.empty() ? "::" : gw),
                                      iface);
            }
        },
        py::arg("node"),
        py::arg("destination"),
        py::arg("prefix_length"),
        py::arg("gateway"),
        py::arg("interface"),
        "A static IPv6 route (Ipv6StaticRouting::AddNetworkRouteTo; '::'/0: SetDefaultRoute).");
    ns.def(
        "set_ip_forward",
        [](Ptr<Node> node, bool v4, bool v6) {
            std::string base = "/NodeList/" + std::to_string(node->GetId());
            if (v4)
            {
                Config::Set(base + "/$ns3::Ipv4L3Protocol/IpForward", BooleanValue(true));
            }
            if (v6)
            {
                Config::Set(base + "/$ns3::Ipv6L3Protocol/IpForward", BooleanValue(true));
            }
        },
        py::arg("node"),
        py::arg("ipv4") = true,
        py::arg("ipv6") = true,
        "Makes the node forward (the IpForward attributes of Ipv4L3Protocol/Ipv6L3Protocol).");
}

} // namespace py_bindings
} // namespace ns3
