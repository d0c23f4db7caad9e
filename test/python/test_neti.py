# SPDX-License-Identifier: GPL-2.0-only
"""The C face from Python: net instances, notifications, net_inject, netinfo queries."""
import pytest

import pfhooks
from pfhooks import ns
from conftest import chain, udp_flow


def run(t=3):
    ns.Simulator.stop(ns.seconds(t))
    ns.Simulator.run()


def test_net_instance_create_shutdown_destroy():
    nodes, _, _ = chain(2)
    log = []
    ni = pfhooks.NetInstance(
        "py-mod",
        create=lambda netid: (log.append(("create", netid)), {"netid": netid})[1],
        shutdown=lambda netid, st: log.append(("shutdown", netid, st["netid"])),
        destroy=lambda netid, st: log.append(("destroy", netid, st["netid"])))
    ni.register()
    netids = [pfhooks.get_instance(n).netid for n in nodes]
    assert log == [("create", n) for n in reversed(netids)]  # newest instance first
    with pytest.raises(pfhooks.PfhooksError) as e:
        pfhooks.NetInstance("py-mod").register()
    assert e.value.name == "EEXIST" and e.value.errno == 17
    # an instance that stops: shutdown then destroy for it
    log.clear()
    pfhooks.get_instance(nodes[1]).stop()
    assert log == [("shutdown", netids[1], netids[1]), ("destroy", netids[1], netids[1])]
    log.clear()
    ni.unregister()
    assert log == [("shutdown", netids[0], netids[0]), ("destroy", netids[0], netids[0])]
    assert not ni.registered


def test_three_notify_levels():
    nodes, _, _ = chain(2)
    netid = pfhooks.get_instance(nodes[0]).netid
    inst, proto, event = [], [], []
    t1 = pfhooks.instance_notify_register(netid, lambda *a: inst.append(a))
    # registration replays what exists: the three families
    # (cmd, parent, event, name): at instance level the family and its hook family
    assert sorted(a[1] for a in inst if a[0] == "HN_REGISTER") == ["NHF_ARP", "NHF_INET", "NHF_INET6"]
    assert ("HN_REGISTER", "NHF_INET", None, "inet") in inst
    inet = pfhooks.protocol_lookup(netid, "NHF_INET")
    t2 = inet.notify_register(lambda *a: proto.append(a))
    assert ("HN_REGISTER", "NHF_INET", "PHYSICAL_IN", "PHYSICAL_IN") in proto
    t3 = inet.event_notify_register("PHYSICAL_IN", lambda *a: event.append(a))
    pfhooks.get_instance(nodes[0]).add_packet_hook("NHF_INET", "PHYSICAL_IN", "h", lambda p: 0)
    assert event[-1][0] == "HN_REGISTER" and event[-1][2:] == ("PHYSICAL_IN", "h")
    inet.event_notify_unregister("PHYSICAL_IN", t3)
    inet.notify_unregister(t2)
    pfhooks.instance_notify_unregister(netid, t1)
    inet.release()
    with pytest.raises(ValueError):
        inet.netid


def test_netinfo_queries():
    nodes, if4, _ = chain(3)
    netid = pfhooks.get_instance(nodes[1]).netid
    with pfhooks.protocol_lookup(netid, "NHF_INET") as inet:
        assert inet.netid == netid and inet.family == "NHF_INET"
        nics = inet.interfaces()
        assert len(nics) == 3  # loopback and two links
        names = [inet.getifname(n) for n in nics]
        assert inet.phylookup(names[1]) == nics[1]
        assert inet.getmtu(nics[1]) == 1500
        assert inet.lifs(nics[1]) == [1]
        assert inet.getlifaddr(nics[1], 1) == "10.1.1.2"
        assert inet.getlifaddr(nics[1], 1, "netmask") == "255.255.255.0"
        assert inet.getlifzone(nics[1], 1) == pfhooks.netid_to_zoneid(netid)
        assert inet.getlifflags(nics[1], 1) != 0
        ifp, nxt = inet.routeto("10.1.2.2")
        assert ifp == nics[2]
        assert inet.getpmtuenabled() in (0, 1)
        with pytest.raises(pfhooks.PfhooksError):
            inet.getifname(99)
    assert pfhooks.zoneid_to_netid(pfhooks.netid_to_zoneid(netid)) == netid
    assert sorted(pfhooks.protocol_walk(netid)) == ["NHF_ARP", "NHF_INET", "NHF_INET6"]
    with pytest.raises(pfhooks.PfhooksError) as e:
        pfhooks.protocol_lookup(netid, "NHF_NOPE")
    assert e.value.name == "ENXIO"


def _udp(src, dst, dport, payload=b"x" * 20):
    import socket
    import struct
    ulen = 8 + len(payload)
    ip = bytearray(struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ulen, 1, 0, 64, 17, 0,
                               socket.inet_aton(src), socket.inet_aton(dst)))
    ip += struct.pack("!HHHH", 1234, dport, ulen, 0) + payload
    assert pfhooks.fix_checksums(ip)
    return bytes(ip)


def test_net_inject_three_styles():
    nodes, if4, _ = chain(3)
    got = []
    sink = ns.PacketSinkHelper("udp", "0.0.0.0", 4000).install(nodes[2])
    sink[0].trace_connect("Rx", lambda p, a: got.append(p.size))
    ip0 = pfhooks.get_instance(nodes[0])
    ip2 = pfhooks.get_instance(nodes[2])
    dgram = _udp("10.1.1.1", "10.1.2.2", 4000)
    injected = []
    ip0.trace_connect("Injected", lambda p, node, style, result:
                      injected.append((p.to_bytes(), node, style, result)))
    with pfhooks.protocol_lookup(ip0.netid, "NHF_INET") as inet:
        assert inet.isvalidchecksum(dgram) == 1
        out_ifp = inet.routeto("10.1.2.2")[0]

        def inject():
            inet.inject("NI_QUEUE_OUT", dgram)                        # routed by node 0
            inet.inject("NI_DIRECT_OUT", dgram, out_ifp, "10.1.1.2")  # out of a NIC, next hop
        ns.Simulator.schedule(ns.seconds(1), inject)
        # delivered as if node 2 received it on its NIC
        in_ifp = pfhooks.protocol_lookup(ip2.netid, "NHF_INET").interfaces()[1]
        ns.Simulator.schedule(ns.seconds(1.5), pfhooks.net_inject, ip2.netid, "NHF_INET",
                              "NI_QUEUE_IN", dgram, in_ifp)
        run()
    assert len(got) == 3
    # NI_QUEUE_OUT (2) and NI_DIRECT_OUT (3), both taken (0), the datagram as given
    assert injected == [(dgram, 0, 2, 0), (dgram, 0, 3, 0)]
    assert ip0.counters("NHF_INET", "PHYSICAL_OUT")["injected"] == 2
    assert ip2.counters("NHF_INET", "PHYSICAL_IN")["injected"] == 1
    with pytest.raises(ValueError):
        pfhooks.net_inject(ip0.netid, "NHF_INET", "NI_SIDEWAYS", dgram)
    with pytest.raises(pfhooks.PfhooksError):
        pfhooks.net_inject(ip0.netid, "NHF_ARP", "NI_QUEUE_OUT", dgram)
