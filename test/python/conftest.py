# SPDX-License-Identifier: GPL-2.0-only
"""Shared fixtures of the pytest suite (run by ctest, or by hand:
PYTHONPATH=build/python PFHOOKS_BUILD_DIR=build /usr/bin/python3 -m pytest test/python)."""
import os

import pytest

import pfhooks
from pfhooks import ns

BUILD = os.path.abspath(os.environ.get("PFHOOKS_BUILD_DIR",
                                       os.path.join(os.path.dirname(__file__), "../../build")))
MODULES = os.path.join(BUILD, "test", "modules")
EXAMPLE_MODULES = os.path.join(BUILD, "examples", "solaris")


@pytest.fixture(autouse=True)
def fresh_simulation():
    """Every test builds its own simulation; this ends it, whatever happened."""
    pfhooks.set_hook_error_policy("drop")
    yield
    ns.Simulator.destroy()
    pfhooks.set_kmem_faults(None)
    pfhooks.clear_contract_findings()


def chain(n=3, checksums=True, v6=False):
    """n nodes in a chain of point-to-point links, IPv4 (and IPv6) addresses,
    routes, pfhooks installed. Returns (nodes, [v4 interface containers], [v6])."""
    if checksums:
        ns.global_value_bind("ChecksumEnabled", True)
    nodes = ns.NodeContainer(n)
    stack = ns.InternetStackHelper()
    pfhooks.configure_stack(stack)
    stack.install(nodes)
    p2p = ns.PointToPointHelper(data_rate="100Mbps", delay="1ms")
    a4 = ns.Ipv4AddressHelper()
    a6 = ns.Ipv6AddressHelper()
    if4, if6 = [], []
    for i in range(n - 1):
        d = p2p.install(nodes[i], nodes[i + 1])
        a4.set_base(f"10.1.{i + 1}.0", "255.255.255.0")
        if4.append(a4.assign(d))
        if v6:
            a6.set_base(f"2001:1:{i + 1}::", 64)
            if6.append(a6.assign(d))
    ns.populate_routing_tables()
    if v6:
        # Static IPv6 routes for chains of up to three nodes: the ends route
        # through their neighbour, which forwards.
        assert n <= 3
        for i in range(n):
            ns.set_ip_forward(nodes[i], ipv4=False)
        ns.add_ipv6_route(nodes[0], "::", 0, if6[0].get_address(1, 1), if6[0].get_interface_index(0))
        if n == 3:
            ns.add_ipv6_route(nodes[2], "::", 0, if6[1].get_address(0, 1),
                              if6[1].get_interface_index(1))
        else:
            ns.add_ipv6_route(nodes[1], "::", 0, if6[0].get_address(0, 1),
                              if6[0].get_interface_index(1))
    pfhooks.install(nodes)
    return nodes, if4, if6


def udp_flow(nodes, dst_addr, count=10, size=100, port=9, src=0, dst=-1, interval=0.001):
    """A UdpClient flood from nodes[src] to dst_addr:port, with a sink. Returns the sink list."""
    got = []
    sink = ns.PacketSinkHelper("udp", "::" if ":" in dst_addr else "0.0.0.0", port)
    apps = sink.install(nodes[dst])
    apps[0].trace_connect("Rx", lambda p, a: got.append(p.size))
    c = ns.UdpClientHelper(dst_addr, port)
    c.set_attribute("MaxPackets", count)
    c.set_attribute("Interval", ns.seconds(interval))
    c.set_attribute("PacketSize", size)
    c.install(nodes[src]).start(ns.seconds(1))
    return got
