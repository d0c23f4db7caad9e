# SPDX-License-Identifier: GPL-2.0-only
"""The ns-3 surface: enough to write a scenario without C++."""
import glob
import os

import pytest

import pfhooks
from pfhooks import ns
from conftest import chain, udp_flow


def test_time_units():
    assert ns.seconds(1.5).seconds == 1.5
    assert ns.milliseconds(3).microseconds == 3000
    assert ns.microseconds(7).nanoseconds == 7000
    assert ns.nanoseconds(5).nanoseconds == 5
    assert ns.Time("2ms") == ns.milliseconds(2)
    assert ns.seconds(1) + ns.milliseconds(500) == ns.Time(1.5)
    assert ns.seconds(2) > ns.seconds(1) and float(ns.seconds(0.25)) == 0.25
    assert "Time(" in repr(ns.seconds(1))


def test_simulator_schedule_stop_now():
    seen = []
    ns.Simulator.schedule(ns.seconds(1), lambda tag: seen.append((tag, ns.Simulator.now().seconds)), "a")
    ns.Simulator.schedule(2.5, lambda: seen.append(("b", ns.Simulator.now().seconds)))
    ns.Simulator.schedule(10, lambda: seen.append(("late", 0)))
    ns.Simulator.stop(ns.seconds(5))
    ns.Simulator.run()
    assert seen == [("a", 1.0), ("b", 2.5)]
    assert ns.Simulator.now().seconds == 5.0


def test_ping_counts_duplicates_and_csma_v4():
    ns.global_value_bind("ChecksumEnabled", True)
    nodes = ns.NodeContainer(3)
    ns.InternetStackHelper().install(nodes)
    lan = ns.CsmaHelper(data_rate="100Mbps", delay="1us")
    devs = lan.install(nodes)
    assert len(devs) == 3 and devs[0].mtu == 1500
    ifs = ns.Ipv4AddressHelper("10.9.0.0", "255.255.255.0").assign(devs)
    pfhooks.install(nodes)
    target = ifs.get_address(2)
    # A hook that injects a copy of each echo reply: the pinger counts the duplicate.
    done = set()

    def dup(pkt):
        # The copy comes through PHYSICAL_OUT too, with a new IP ID (as
        # illumos's NI_QUEUE_OUT): duplicate each reply once, by ICMP id and seq.
        key = bytes(pkt.data[pkt.header_length + 4:pkt.header_length + 8])
        if pkt.protocol == 1 and pkt.data[pkt.header_length] == 0 and key not in done:
            done.add(key)
            pfhooks.net_inject(pkt.netid, "NHF_INET", "NI_QUEUE_OUT", pkt.to_bytes())
        return pfhooks.ACCEPT
    pfhooks.get_instance(nodes[2]).add_packet_hook("NHF_INET", "PHYSICAL_OUT", "dup", dup)
    pinger = pfhooks.EchoPinger(target, count=3, interval=ns.seconds(1))
    nodes[0].add_application(pinger)
    pinger.set_start_time(ns.seconds(1))
    ns.Simulator.stop(ns.seconds(6))
    ns.Simulator.run()
    assert pinger.sent == 3
    assert pinger.replies == 6
    assert {s: v["replies"] for s, v in pinger.sequences.items()} == {0: 2, 1: 2, 2: 2}


def test_ipv6_static_routing_and_udp_flood():
    nodes, if4, if6 = chain(3, v6=True)
    got = udp_flow(nodes, if6[1].get_address(1, 1), count=20)
    ns.Simulator.stop(ns.seconds(3))
    ns.Simulator.run()
    assert len(got) == 20


def test_ipv4_static_routing():
    nodes = ns.NodeContainer(3)
    ns.InternetStackHelper().install(nodes)
    p2p = ns.PointToPointHelper(data_rate="10Mbps", delay="2ms")
    a = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0")
    i01 = a.assign(p2p.install(nodes[0], nodes[1]))
    a.set_base("10.1.2.0", "255.255.255.0")
    i12 = a.assign(p2p.install(nodes[1], nodes[2]))
    ns.add_ipv4_route(nodes[0], "10.1.2.0", "255.255.255.0", i01.get_address(1), 1)
    ns.add_ipv4_route(nodes[2], "0.0.0.0", "0.0.0.0", i12.get_address(0), 1)
    got = udp_flow(nodes, i12.get_address(1), count=5)
    ns.Simulator.stop(ns.seconds(2))
    ns.Simulator.run()
    assert len(got) == 5
    with pytest.raises(ValueError):
        ns.add_ipv4_route(nodes[0], "10.1.300.0", "255.255.255.0", "10.1.1.2", 1)


def test_onoff_tcp_bulk_flowmonitor_pcap_netanim(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    ns.set_seed(3)
    ns.set_run(2)
    assert (ns.get_seed(), ns.get_run()) == (3, 2)
    ns.config_set_default("ns3::OnOffApplication::PacketSize", 700)
    nodes, if4, _ = chain(3)
    onoff = ns.OnOffHelper("udp", if4[1].get_address(1), 7000)
    onoff.set_attribute("DataRate", "1Mbps")
    onoff.set_attribute("OnTime", "ns3::ConstantRandomVariable[Constant=1]")
    onoff.set_attribute("OffTime", "ns3::ConstantRandomVariable[Constant=0]")
    apps = onoff.install(nodes[0])
    apps.start(ns.seconds(1))
    apps.stop(ns.seconds(2))
    ns.PacketSinkHelper("udp", "0.0.0.0", 7000).install(nodes[2])
    bulk = ns.BulkSendHelper("tcp", if4[1].get_address(1), 5000)
    bulk.set_attribute("MaxBytes", 100000)
    bulk.install(nodes[0]).start(ns.seconds(1))
    sink = ns.PacketSinkHelper("tcp", "0.0.0.0", 5000).install(nodes[2])
    rx = []
    ns.config_connect("/NodeList/2/ApplicationList/*/$ns3::PacketSink/Rx",
                      lambda ctx, p, a: rx.append((ctx, p.size, a)))
    fm = ns.FlowMonitorHelper()
    fm.install_all()
    ns.PointToPointHelper().enable_pcap_all("t")  # no devices of its own: no files
    for i in range(3):
        ns.AnimationInterface.set_constant_position(nodes[i], 10 * i, 0)
    anim = ns.AnimationInterface(str(tmp_path / "anim.xml"))
    p2p = ns.PointToPointHelper()
    ns.Simulator.stop(ns.seconds(4))
    ns.Simulator.run()
    del anim
    assert sink[0].total_rx == 100000
    flows = fm.stats()
    udp = [f for f in flows.values() if f["dport"] == 7000]
    assert len(udp) == 1 and udp[0]["protocol"] == 17
    # 1 Mbit/s of 700-byte payloads for one second
    assert udp[0]["tx_packets"] == udp[0]["rx_packets"] == 1000000 // 8 // 700
    assert udp[0]["tx_bytes"] == udp[0]["tx_packets"] * 728
    assert any(f["dport"] == 5000 and f["rx_bytes"] > 100000 for f in flows.values())
    assert rx and rx[0][0].startswith("/NodeList/2/ApplicationList/") and ":" in rx[0][2]
    assert os.path.getsize(tmp_path / "anim.xml") > 1000


def test_pcap_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    nodes = ns.NodeContainer(2)
    ns.InternetStackHelper().install(nodes)
    p2p = ns.PointToPointHelper(data_rate="10Mbps", delay="1ms")
    i = ns.Ipv4AddressHelper("10.1.1.0").assign(p2p.install(nodes[0], nodes[1]))
    p2p.enable_pcap_all("cap")
    udp_flow(nodes, i.get_address(1), count=3)
    ns.Simulator.stop(ns.seconds(2))
    ns.Simulator.run()
    ns.Simulator.destroy()  # closes the files
    files = sorted(glob.glob("cap-*.pcap"))
    assert files == ["cap-0-1.pcap", "cap-1-1.pcap"]  # device 0 is the loopback
    assert all(os.path.getsize(f) > 24 for f in files)


def test_attributes_by_name():
    nodes = ns.NodeContainer(2)
    ns.InternetStackHelper().install(nodes)
    p = pfhooks.EchoPinger("10.0.0.1", count=4, size=100)
    assert p.get_attribute("Size") == "100"
    p.set_attribute("Count", 7)
    assert p.get_attribute("Count") == "7"
    p.set_attribute("Interval", ns.milliseconds(250))
    assert ns.Time(p.get_attribute("Interval")) == ns.milliseconds(250)
    with pytest.raises(ValueError):
        p.set_attribute("NoSuch", 1)
    with pytest.raises(ValueError):
        ns.config_set_default("ns3::NoSuchType::X", 1)
    ns.config_set("/NodeList/*/$ns3::Ipv4L3Protocol/DefaultTtl", 33)
    with pytest.raises(ValueError):
        ns.config_connect("/NodeList/0/$ns3::Ipv4L3Protocol/NoSuchSource", print)


def test_trace_sinks_pfhooks_sources():
    nodes, if4, _ = chain(2)
    verdicts = []
    ns.config_connect("/NodeList/1/$ns3::PfhooksIpInstance/Verdict",
                      lambda ctx, node, fam, ev, v, n: verdicts.append((node, fam, ev, v)))
    pfhooks.get_instance(nodes[1]).add_packet_hook(
        "NHF_INET", "PHYSICAL_IN", "drop-all", lambda p: pfhooks.DROP)
    udp_flow(nodes, if4[0].get_address(1), count=2)
    ns.Simulator.stop(ns.seconds(2))
    ns.Simulator.run()
    assert (1, "NHF_INET", "PHYSICAL_IN", "drop") in verdicts


def test_trace_sinks_hook_drops_and_verdicts():
    """Python sinks on HookVerdict, Ipv4Drop and Ipv6Drop: the dropped
    datagram, header first, and the hook that dropped it."""
    nodes, if4, if6 = chain(2, v6=True)
    hv, d4, d6 = [], [], []
    ip1 = pfhooks.get_instance(nodes[1])
    ip1.trace_connect("HookVerdict", lambda p, node, fam, ev, hook, v:
                      hv.append((p.size, node, fam, ev, hook, v)))
    ns.config_connect("/NodeList/1/$ns3::PfhooksIpInstance/Ipv4Drop",
                      lambda ctx, p, reason, ifc, ev, hook: d4.append((p.to_bytes(), ev, hook)))
    ns.config_connect_without_context("/NodeList/*/$ns3::PfhooksIpInstance/Ipv6Drop",
                                      lambda p, reason, ifc, ev, hook:
                                      d6.append((p.to_bytes(), reason, ev, hook)))
    seen = []

    def drop_udp(p):
        seen.append(bytes(p.data))
        return pfhooks.DROP if p.protocol == 17 else pfhooks.ACCEPT
    for fam in ("NHF_INET", "NHF_INET6"):
        ip1.add_packet_hook(fam, "PHYSICAL_IN", "no-udp", drop_udp)
    udp_flow(nodes, if4[0].get_address(1), count=2, size=100)
    udp_flow(nodes, if6[0].get_address(1, 1), count=3, size=60, port=10)
    ns.Simulator.stop(ns.seconds(2))
    ns.Simulator.run()
    # 2 IPv4 datagrams of 20 + 8 + 100 bytes, 3 IPv6 of 40 + 8 + 60
    drops = [x for x in hv if x[5] == "drop"]
    assert sorted(drops) == sorted([(128, 1, "NHF_INET", "PHYSICAL_IN", "no-udp", "drop")] * 2 +
                                   [(108, 1, "NHF_INET6", "PHYSICAL_IN", "no-udp", "drop")] * 3)
    # the Drop traces give the datagram the hook saw, header first
    assert len(d4) == 2 and all(b in seen and len(b) == 128 for b, _, _ in d4)
    assert {(ev, hook) for _, ev, hook in d4} == {("PHYSICAL_IN", "no-udp")}
    assert len(d6) == 3 and all(b in seen and len(b) == 108 for b, *_ in d6)
    assert {(r, ev, hook) for _, r, ev, hook in d6} == {(0, "PHYSICAL_IN", "no-udp")}
