#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""A dumbbell with a dropping hook, measured by FlowMonitor.

  l0 --\\                    /-- s0
        r0 ==== 10Mbps ==== r1
  l1 --/                    \\-- s1

Two UDP OnOff flows (l0 -> s0:9000, l1 -> s1:9001) and a TCP bulk send
(l0 -> s1:5000) cross the bottleneck. A Python hook on r0's IPv4 FORWARDING
drops every datagram for UDP port --block (9001): FlowMonitor shows that
flow lost, the others delivered.

  pfhooks-dumbbell.py [--block=PORT] [--duration=S] [--pcap] [--netanim=FILE]
"""
import argparse
import sys

import pfhooks
from pfhooks import ns


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--block", type=int, default=9001)
    p.add_argument("--duration", type=float, default=3.0)
    p.add_argument("--pcap", action="store_true")
    p.add_argument("--netanim", default="")
    o = p.parse_args(argv)

    ns.set_seed(1)
    ns.set_run(1)
    ns.config_set_default("ns3::OnOffApplication::PacketSize", 1000)
    ns.config_set_default("ns3::TcpSocket::SegmentSize", 1000)

    left, routers, right = ns.NodeContainer(2), ns.NodeContainer(2), ns.NodeContainer(2)
    stack = ns.InternetStackHelper()
    pfhooks.configure_stack(stack)
    stack.install(ns.NodeContainer(left, routers, right))

    edge = ns.PointToPointHelper(data_rate="100Mbps", delay="1ms")
    core = ns.PointToPointHelper(data_rate="10Mbps", delay="5ms")
    addr = ns.Ipv4AddressHelper()
    right_addr = []
    for i in range(2):
        addr.set_base(f"10.1.{i + 1}.0", "255.255.255.0")
        addr.assign(edge.install(left[i], routers[0]))
        addr.set_base(f"10.3.{i + 1}.0", "255.255.255.0")
        right_addr.append(addr.assign(edge.install(right[i], routers[1])).get_address(0))
    addr.set_base("10.2.1.0", "255.255.255.0")
    addr.assign(core.install(routers[0], routers[1]))
    ns.populate_routing_tables()

    pfhooks.install(ns.NodeContainer.get_global())

    def block(pkt):
        """Drops UDP datagrams for the blocked port."""
        return pfhooks.DROP if pkt.protocol == 17 and pkt.dport == o.block else pfhooks.ACCEPT

    pfhooks.get_instance(routers[0]).add_packet_hook("NHF_INET", "FORWARDING", "block", block)

    start, stop = ns.seconds(1), ns.seconds(1 + o.duration)
    for i, port in ((0, 9000), (1, 9001)):
        onoff = ns.OnOffHelper("udp", right_addr[i], port)
        onoff.set_attribute("DataRate", "2Mbps")
        onoff.set_attribute("OnTime", "ns3::ConstantRandomVariable[Constant=1]")
        onoff.set_attribute("OffTime", "ns3::ConstantRandomVariable[Constant=0]")
        apps = onoff.install(left[i])
        apps.start(start)
        apps.stop(stop)
        ns.PacketSinkHelper("udp", "0.0.0.0", port).install(right[i]).start(ns.seconds(0))
    bulk = ns.BulkSendHelper("tcp", right_addr[1], 5000)
    bulk.set_attribute("MaxBytes", 500000)
    apps = bulk.install(left[0])
    apps.start(start)
    apps.stop(stop)
    tcp_sink = ns.PacketSinkHelper("tcp", "0.0.0.0", 5000).install(right[1])
    tcp_sink.start(ns.seconds(0))

    flowmon = ns.FlowMonitorHelper()
    flowmon.install_all()
    if o.pcap:
        core.enable_pcap_all("pfhooks-dumbbell")
    anim = None
    if o.netanim:
        for i in range(2):
            ns.AnimationInterface.set_constant_position(left[i], 0, 10 + 20 * i)
            ns.AnimationInterface.set_constant_position(right[i], 60, 10 + 20 * i)
            ns.AnimationInterface.set_constant_position(routers[i], 20 + 20 * i, 20)
        anim = ns.AnimationInterface(o.netanim)

    ns.Simulator.stop(stop + ns.seconds(1))
    ns.Simulator.run()

    print("flow  source                destination           proto  tx     rx     lost")
    for fid, f in sorted(flowmon.stats().items()):
        if f["dport"] in (9000, 9001, 5000):  # TCP's acks are flows too
            proto = {6: "tcp", 17: "udp"}.get(f["protocol"], str(f["protocol"]))
            print("%4d  %-20s  %-20s  %-5s  %-5d  %-5d  %d"
                  % (fid, f"{f['src']}:{f['sport']}", f"{f['dst']}:{f['dport']}", proto,
                     f["tx_packets"], f["rx_packets"], f["tx_packets"] - f["rx_packets"]))
    hook = [k for k in pfhooks.get_instance(routers[0]).kstats() if k.get("hook") == "block"][0]
    print(f"hook block on r0 FORWARDING: {hook['hook_hits']} packets, {hook['hook_drops']} dropped")
    print(f"TCP sink received: {tcp_sink[0].total_rx} bytes")
    del anim  # the NetAnim file is complete once the interface goes
    ns.Simulator.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
