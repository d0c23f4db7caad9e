#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The first pfhooks scenario (examples/pfhooks-first.cc) in Python.

client -- router -- server over point-to-point links, UDP echo traffic. On
the server's IPv4 PHYSICAL_IN:
 - mypkthook, the guide's example hook, drops one packet in --dropEvery and
   prints what it dropped;
 - rewrite-tos rewrites the TOS byte of every packet it lets in, fixing the
   header checksum incrementally (RFC 1624).
On the client's PHYSICAL_OUT, mark-out marks every datagram with --egressTos
(on the wire: see the pcap files). The output is the C++ example's, line
for line.

  pfhooks-first.py [--packets=N] [--dropEvery=N] [--tos=N] [--egressTos=N]
                   [--pcap] [--pcapPrefix=P] [--kstats=FILE]
"""
import argparse
import sys

import pfhooks
from pfhooks import ns


def incremental_checksum(hc, old_word, new_word):
    """RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m'), on 16-bit words."""
    s = (~hc & 0xFFFF) + (~old_word & 0xFFFF) + new_word
    s = (s & 0xFFFF) + (s >> 16)
    s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def set_tos(ip, tos):
    """Sets the TOS byte of a datagram (a bytearray) and fixes the header checksum."""
    if ip[1] == tos:
        return False
    old_word = (ip[0] << 8) | ip[1]
    ip[1] = tos
    s = incremental_checksum((ip[10] << 8) | ip[11], old_word, (ip[0] << 8) | ip[1])
    ip[10], ip[11] = s >> 8, s & 0xFF
    return True


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--packets", type=int, default=1000)
    p.add_argument("--dropEvery", type=int, default=100)
    p.add_argument("--tos", type=int, default=0x28)
    p.add_argument("--egressTos", type=int, default=0x10)
    p.add_argument("--pcap", action="store_true")
    p.add_argument("--pcapPrefix", default="pfhooks-first")
    p.add_argument("--kstats", default="")
    o = p.parse_args(argv)
    if not 1 <= o.packets <= 1000000:
        print(f"error: --packets must be in 1..1000000, got {o.packets}", file=sys.stderr)
        return 2
    if o.dropEvery < 1:
        print(f"error: --dropEvery must be >= 1, got {o.dropEvery}", file=sys.stderr)
        return 2
    if not (0 <= o.tos <= 255 and 0 <= o.egressTos <= 255) or o.tos == o.egressTos:
        print("error: --tos and --egressTos must be in 0..255 and differ", file=sys.stderr)
        return 2
    if o.kstats and not o.kstats.lower().endswith((".csv", ".json")):
        print(f"error: --kstats must name a .csv or .json file, got {o.kstats}", file=sys.stderr)
        return 2

    # Hooks see and rewrite the bytes a real wire carries.
    ns.global_value_bind("ChecksumEnabled", True)

    nodes = ns.NodeContainer(3)
    p2p = ns.PointToPointHelper(data_rate="100Mbps", delay="1ms")
    d01 = p2p.install(nodes[0], nodes[1])
    d12 = p2p.install(nodes[1], nodes[2])
    ns.InternetStackHelper().install(nodes)
    addr = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0")
    addr.assign(d01)
    addr.set_base("10.1.2.0", "255.255.255.0")
    i12 = addr.assign(d12)
    ns.populate_routing_tables()

    # Every node becomes an IP instance.
    pfhooks.install(nodes)
    server = pfhooks.get_instance(nodes[2])
    client = pfhooks.get_instance(nodes[0])

    counts = {"counter": 0, "drops": 0, "seen_out": 0, "server_rx": 0, "client_rx": 0,
              "tos_seen": 0}

    def mypkthook(pkt):
        """The guide's mypkthook: drops one packet in dropEvery."""
        counts["counter"] += 1
        if counts["counter"] == o.dropEvery:
            src = int.from_bytes(bytes(pkt.data[12:16]), "big")
            dst = int.from_bytes(bytes(pkt.data[16:20]), "big")
            print("%.6fs drop %d bytes received from %x to %x"
                  % (ns.Simulator.now().seconds, len(pkt), src, dst), flush=True)
            counts["counter"] = 0
            counts["drops"] += 1
            return pfhooks.DROP
        return pfhooks.ACCEPT

    def rewrite_tos(pkt):
        set_tos(pkt.data, o.tos)
        return pfhooks.ACCEPT

    def mark_out(pkt):
        counts["seen_out"] += 1
        set_tos(pkt.data, o.egressTos)
        return pfhooks.ACCEPT

    server.add_packet_hook("NHF_INET", "PHYSICAL_IN", "mypkthook", mypkthook, pfhooks.HH_FIRST)
    server.add_packet_hook("NHF_INET", "PHYSICAL_IN", "rewrite-tos", rewrite_tos)
    client.add_packet_hook("NHF_INET", "PHYSICAL_OUT", "mark-out", mark_out)

    server_app = ns.UdpEchoServerHelper(9).install(nodes[2])
    server_app.start(ns.seconds(0.5))
    echo = ns.UdpEchoClientHelper(i12.get_address(1), 9)
    echo.set_attribute("MaxPackets", o.packets)
    echo.set_attribute("Interval", ns.milliseconds(1))
    echo.set_attribute("PacketSize", 512)
    client_app = echo.install(nodes[0])
    client_app.start(ns.seconds(1.0))

    def count(key):
        def sink(*_):
            counts[key] += 1
        return sink

    def ipv4_rx(packet, interface):
        if packet.to_bytes()[1] == o.tos:
            counts["tos_seen"] += 1

    server_app[0].trace_connect("RxWithAddresses", count("server_rx"))
    client_app[0].trace_connect("Rx", count("client_rx"))
    ns.config_connect_without_context("/NodeList/2/$ns3::Ipv4L3Protocol/Rx", ipv4_rx)
    if o.pcap:
        p2p.enable_pcap_all(o.pcapPrefix)

    ns.Simulator.stop(ns.seconds(1.0 + o.packets * 0.001 + 1.0))
    ns.Simulator.run()

    c_in = server.counters("NHF_INET", "PHYSICAL_IN")
    c_out = client.counters("NHF_INET", "PHYSICAL_OUT")
    print(f"client sent:                 {o.packets}\n"
          f"client PHYSICAL_OUT marked:  {c_out['rewritten']} of {counts['seen_out']}"
          f" (TOS -> 0x{o.egressTos:x})\n"
          f"server PHYSICAL_IN dropped:   {c_in['dropped']} (mypkthook {counts['drops']})\n"
          f"server PHYSICAL_IN rewritten: {c_in['rewritten']} (TOS -> 0x{o.tos:x},"
          f" checksum fixed incrementally)\n"
          f"server PHYSICAL_IN accepted:  {c_in['accepted']}\n"
          f"server IP saw TOS 0x{o.tos:x}:     {counts['tos_seen']}\n"
          f"server application received: {counts['server_rx']}\n"
          f"client echoes received:      {counts['client_rx']}", flush=True)
    if o.kstats:
        pfhooks.write_kstats(o.kstats)
        print(f"kstats written to {o.kstats}")
    ns.Simulator.destroy()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
