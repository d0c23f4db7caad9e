# SPDX-License-Identifier: GPL-2.0-only
"""Packet, observing and NIC-event hooks written in Python; counters and kstats."""
import pytest

import pfhooks
from pfhooks import ns
from conftest import chain, udp_flow


def run(t=3):
    ns.Simulator.stop(ns.seconds(t))
    ns.Simulator.run()


def test_install_one_instance_per_node():
    nodes = ns.NodeContainer(2)
    ns.InternetStackHelper().install(nodes)
    ips = pfhooks.install(nodes)
    assert [ip.netid for ip in ips] == [pfhooks.get_instance(n).netid for n in nodes]
    assert len({ip.netid for ip in ips}) == 2 and all(ip.running for ip in ips)
    assert pfhooks.install(nodes[0]).netid == ips[0].netid  # installing again: the same one
    assert ips[1].node.id == nodes[1].id


def test_view_fields_ports_interfaces_and_verdicts():
    nodes, if4, _ = chain(3)
    seen = []

    def look(pkt):
        seen.append((pkt.family, pkt.event, pkt.hook, pkt.node, pkt.version, pkt.src, pkt.dst,
                     pkt.protocol, pkt.ttl, pkt.sport, pkt.dport, pkt.ifp, pkt.ofp,
                     pkt.flags, len(pkt), pkt.total_length))
        return pfhooks.DROP if pkt.dport == 7 else None

    router = pfhooks.get_instance(nodes[1])
    router.add_packet_hook("NHF_INET", "FORWARDING", "look", look)
    got = udp_flow(nodes, if4[1].get_address(1), count=3, size=100, port=9)
    dropped = udp_flow(nodes, if4[1].get_address(1), count=2, size=100, port=7)
    run()
    assert len(got) == 3 and dropped == []
    f = seen[0]
    assert f[:7] == ("NHF_INET", "FORWARDING", "look", 1, 4, "10.1.1.1", "10.1.2.2")
    # phy_if_t is the device index + 1: the router's devices 1 and 2
    assert f[7:11] == (17, 64, 49153, 9) and f[11] == 2 and f[12] == 3
    assert f[13] == 0 and f[14] == f[15] == 128
    c = router.counters("NHF_INET", "FORWARDING")
    assert c == {"accepted": 3, "rewritten": 0, "dropped": 2, "injected": 0}
    assert pfhooks.counters(nodes, "NHF_INET", "FORWARDING")["dropped"] == 2


def test_ipv6_fields():
    nodes, _, if6 = chain(2, v6=True)
    seen = []
    pfhooks.get_instance(nodes[1]).add_packet_hook(
        "NHF_INET6", "PHYSICAL_IN", "v6",
        lambda p: seen.append((p.version, p.src, p.dst, p.protocol, p.ttl, p.dport))
        if p.protocol == 17 else None)
    udp_flow(nodes, if6[0].get_address(1, 1), count=1)
    run()
    assert seen == [(6, "2001:1:1:0:200:ff:fe00:1", "2001:1:1:0:200:ff:fe00:2", 17, 64, 9)]


def test_rewrite_in_place_replace_and_checksums(tmp_path):
    nodes, if4, _ = chain(2)
    server = pfhooks.get_instance(nodes[1])
    rx_tos = []
    ns.config_connect_without_context("/NodeList/1/$ns3::Ipv4L3Protocol/Rx",
                                      lambda p, i: rx_tos.append(p.to_bytes()[1]))

    def tos(pkt):
        pkt.data[1] = 0x28  # in place; the checksum fixed below
        pkt.fix_checksums()
        return pfhooks.ACCEPT

    def shrink(pkt):
        # replace(): the same datagram with its payload cut to 10 bytes
        b = bytearray(pkt.to_bytes()[:28 + 10])
        b[2:4] = (38).to_bytes(2, "big")
        b[24:26] = (18).to_bytes(2, "big")
        assert pfhooks.fix_checksums(b)
        pkt.replace(bytes(b))
        assert len(pkt) == 38 and pkt.total_length == 38
        return pfhooks.ACCEPT

    server.add_packet_hook("NHF_INET", "PHYSICAL_IN", "tos", tos)
    server.add_packet_hook("NHF_INET", "PHYSICAL_IN", "shrink", shrink)
    got = udp_flow(nodes, if4[0].get_address(1), count=4, size=200)
    run()
    assert got == [10] * 4
    assert rx_tos == [0x28] * 4
    assert server.counters("NHF_INET", "PHYSICAL_IN")["rewritten"] == 4


def test_hints_order_hooks():
    nodes, if4, _ = chain(2)
    ip = pfhooks.get_instance(nodes[1])
    order = []
    ip.add_packet_hook("NHF_INET", "PHYSICAL_IN", "b", lambda p: order.append("b"))
    ip.add_packet_hook("NHF_INET", "PHYSICAL_IN", "a", lambda p: order.append("a"), pfhooks.HH_FIRST)
    ip.add_packet_hook("NHF_INET", "PHYSICAL_IN", "c", lambda p: order.append("c"),
                       pfhooks.HH_BEFORE, "b")
    ip.add_packet_hook("NHF_INET", "PHYSICAL_IN", "z", lambda p: order.append("z"), pfhooks.HH_LAST)
    udp_flow(nodes, if4[0].get_address(1), count=1)
    run()
    assert order == ["a", "c", "b", "z"]
    rows = [k for k in ip.kstats() if k["class"] == "hook" and k["event"] == "PHYSICAL_IN"]
    assert [(k["name"], k["position"], k["hook_hits"]) for k in rows] == \
        [("a", 1, 1), ("c", 2, 1), ("b", 3, 1), ("z", 4, 1)]
    ev = [k for k in ip.kstats() if k["class"] == "hook_event" and k["name"] == "PHYSICAL_IN"
          and k["module"] == "inet"][0]
    assert ev["hooksAdded"] == 4 and ev["events"] == 1
    assert ip.read_kstat("inet/PHYSICAL_IN", "c", "hook_hits") == 1
    assert any(k["hook"] == "z" for k in pfhooks.kstats() if "hook" in k)
    ip.remove_hook("NHF_INET", "PHYSICAL_IN", "z")
    assert "z" not in [k.get("hook") for k in ip.kstats()]


def test_kstats_files(tmp_path):
    nodes, if4, _ = chain(2)
    pfhooks.get_instance(nodes[1]).add_packet_hook("NHF_INET", "PHYSICAL_IN", "h", lambda p: 0)
    udp_flow(nodes, if4[0].get_address(1), count=2)
    run()
    pfhooks.write_kstats(str(tmp_path / "k.csv"))
    pfhooks.write_kstats(str(tmp_path / "k.json"), nodes)
    assert ",h," in (tmp_path / "k.csv").read_text()
    assert '"hook": "h"' in (tmp_path / "k.json").read_text()
    with pytest.raises(ValueError):
        pfhooks.write_kstats(str(tmp_path / "k.txt"))


def test_observe_hooks():
    nodes, if4, _ = chain(3)
    seen = []
    pfhooks.get_instance(nodes[1]).add_observe_hook(
        "NHF_INET", "obs",
        lambda o: seen.append((o.direction, o.interface, o.src, o.dst, o.dport, len(o.data))))
    udp_flow(nodes, if4[1].get_address(1), count=1, size=100)
    run()
    # a forwarded packet is observed twice: in and out
    assert seen == [("inbound", 2, "10.1.1.1", "10.1.2.2", 9, 128),
                    ("outbound", 3, "10.1.1.1", "10.1.2.2", 9, 128)]


def test_nic_event_hooks():
    nodes = ns.NodeContainer(2)
    ns.InternetStackHelper().install(nodes)
    devices = ns.PointToPointHelper().install(nodes[0], nodes[1])
    ip = pfhooks.install(nodes[0])
    events = []
    with pfhooks.protocol_lookup(ip.netid, "NHF_INET") as inet:
        token = inet.hook_register("NIC_EVENTS", "nic", events.append)
        # Addresses given now: the interface comes up with one (illumos's taskq: run at once).
        ns.Ipv4AddressHelper("10.1.1.0").assign(devices)
        ns.Simulator.stop(ns.seconds(1))
        ns.Simulator.run()
        kinds = [e["event"] for e in events]
        assert "NE_UP" in kinds and "NE_ADDRESS_CHANGE" in kinds
        assert all(e["family"] == "NHF_INET" and e["nic"] == 2 for e in events)
        inet.hook_unregister(token)
        with pytest.raises(pfhooks.PfhooksError) as e:
            inet.hook_unregister(token)
        assert e.value.name == "ENXIO"


def test_ipv6_forwarding_hook_drops():
    nodes, _, if6 = chain(3, v6=True)
    fwd = []

    def drop_udp(pkt):
        fwd.append((pkt.family, pkt.src, pkt.dport))
        return pfhooks.DROP if pkt.protocol == 17 else pfhooks.ACCEPT

    pfhooks.get_instance(nodes[1]).add_packet_hook("NHF_INET6", "FORWARDING", "v6drop", drop_udp)
    got = udp_flow(nodes, if6[1].get_address(1, 1), count=3)
    run()
    assert got == [] and [f for f in fwd if f[2] == 9] == [("NHF_INET6", "2001:1:1:0:200:ff:fe00:1", 9)] * 3
    assert pfhooks.get_instance(nodes[1]).counters("NHF_INET6", "FORWARDING")["dropped"] == 3


def test_neighbour_advertisement_answering_a_solicitation_skips_physical_out():
    """ns-3 3.37 sends the advertisement that answers a neighbour solicitation
    straight to the device (Icmpv6L4Protocol::HandleNS), past IP and traffic
    control: the answering node's PHYSICAL_OUT never sees it, the asker's
    PHYSICAL_IN does (illumos's ndp_xmit goes through ip_output: doc/semantics.md)."""
    nodes = ns.NodeContainer(2)
    stack = ns.InternetStackHelper()
    pfhooks.configure_stack(stack)
    stack.install(nodes)
    ifs = ns.Ipv6AddressHelper("2001:1::", 64).assign(ns.CsmaHelper().install(nodes))
    pfhooks.install(nodes)
    seen = {}

    def count(tag):
        def hook(pkt):
            b = pkt.to_bytes()
            if b[6] == 58:  # ICMPv6: count by type
                seen[(tag, b[40])] = seen.get((tag, b[40]), 0) + 1
        return hook

    for i in range(2):
        for event in ("PHYSICAL_OUT", "PHYSICAL_IN"):
            pfhooks.get_instance(nodes[i]).add_packet_hook(
                "NHF_INET6", event, f"count-{i}-{event}", count((i, event)))
    ns.UdpEchoServerHelper(9).install(nodes[1]).start(ns.seconds(1))
    ns.UdpEchoClientHelper(ifs.get_address(1, 1), 9).install(nodes[0]).start(ns.seconds(2))
    run(5)
    ns_out, ns_in = seen.get(((0, "PHYSICAL_OUT"), 135), 0), seen.get(((1, "PHYSICAL_IN"), 135), 0)
    assert ns_out >= 1 and ns_out == ns_in  # solicitations go through IP: both ends see them
    assert seen.get(((0, "PHYSICAL_IN"), 136), 0) >= 1  # the answer arrives
    assert ((1, "PHYSICAL_OUT"), 136) not in seen  # but never left through PHYSICAL_OUT
