#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""What a Python hook costs (a benchmark, not a test; figures in doc/python.md).

The workload is pfhooks-bench's chain: 8 nodes, node 0 sends 20 000 UDP
datagrams of 512 bytes to node 7 through 6 routers. In one process,
interleaved, --runs runs each of:
  plain   ns-3 alone (pfhooks not installed);
  cxx     a C++ hook that accepts, on inet PHYSICAL_IN and PHYSICAL_OUT of every node;
  python  the same hook written in Python.
Prints the wall time of Simulator.run() per variant (median), the cost of a
Python hook call over a C++ one (median over rounds of (python - cxx) / hook
calls), the whole run against plain ns-3, and the warm `import pfhooks`
time (median of 5), each with its target.

  PYTHONPATH=build/python /usr/bin/python3 bench/python-bench.py [--runs=5] [--packets=20000]
"""
import argparse
import statistics
import subprocess
import sys
import time

import pfhooks
from pfhooks import ns


def workload(variant, nodes_n, packets, size):
    nodes = ns.NodeContainer(nodes_n)
    stack = ns.InternetStackHelper()
    stack.install(nodes)
    # Fixed streams: runs in one process must not depend on what ran before.
    stack.assign_streams(nodes, 100)
    p2p = ns.PointToPointHelper(data_rate="10Gbps", delay="10us")
    p2p.set_queue("ns3::DropTailQueue", "MaxSize", "100000p")
    a4 = ns.Ipv4AddressHelper()
    last = None
    for l in range(nodes_n - 1):
        a4.set_base(f"10.{l // 250}.{l % 250}.0", "255.255.255.0")
        last = a4.assign(p2p.install(nodes[l], nodes[l + 1]))
    ns.populate_routing_tables()
    if variant != "plain":
        for ip in pfhooks.install(nodes):
            for ev in ("PHYSICAL_IN", "PHYSICAL_OUT"):
                if variant == "cxx":
                    ip.add_native_accept_hook("NHF_INET", ev, "accept")
                else:
                    ip.add_packet_hook("NHF_INET", ev, "accept", accept)
    rx = [0]
    sink = ns.PacketSinkHelper("udp", "0.0.0.0", 9).install(nodes[nodes_n - 1])
    client = ns.UdpClientHelper(last.get_address(1), 9)
    client.set_attribute("MaxPackets", packets)
    client.set_attribute("Interval", ns.microseconds(5))
    client.set_attribute("PacketSize", size)
    client.install(nodes[0]).start(ns.seconds(1))
    ns.Simulator.stop(ns.seconds(1) + ns.microseconds(5 * (packets + 1)) + ns.seconds(1))
    t0, c0 = time.perf_counter(), time.process_time()
    ns.Simulator.run()
    wall = time.perf_counter() - t0
    CPU.setdefault(variant, []).append(time.process_time() - c0)
    calls = sum(k.get("hook_hits", 0) for k in pfhooks.kstats())
    received = sink[0].total_rx // size
    ns.Simulator.destroy()
    return wall, calls, received


# CPU time of Simulator.run() per variant: what other processes on a shared
# machine do not inflate (the targets are on wall time, as specified).
CPU = {}


def accept(pkt):
    return pfhooks.ACCEPT


def warm_import_times(n=5):
    code = "import time; t=time.perf_counter(); import pfhooks; print(time.perf_counter()-t)"
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)  # warm the cache
    return [float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(n)]


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--nodes", type=int, default=8)
    p.add_argument("--packets", type=int, default=20000)
    p.add_argument("--size", type=int, default=512)
    o = p.parse_args(argv)
    walls = {"plain": [], "cxx": [], "python": []}
    per_call = []
    calls = None
    for r in range(o.runs):
        got = {}
        for v in walls:
            wall, n, received = workload(v, o.nodes, o.packets, o.size)
            if received != o.packets:
                sys.exit(f"{v}: {received} of {o.packets} datagrams arrived")
            walls[v].append(wall)
            got[v] = (wall, n)
        if got["cxx"][1] != got["python"][1]:
            sys.exit(f"hook calls differ: C++ {got['cxx'][1]}, Python {got['python'][1]}")
        calls = got["python"][1]
        per_call.append((got["python"][0] - got["cxx"][0]) / calls)
    med = {v: statistics.median(w) for v, w in walls.items()}
    cost_us = statistics.median(per_call) * 1e6
    ratio = med["python"] / med["plain"]
    imports = warm_import_times()
    imp = statistics.median(imports)
    print(f"workload: chain of {o.nodes} nodes, {o.packets} UDP datagrams of {o.size} B, "
          f"{o.runs} interleaved runs per variant; {calls} hook calls per hooked run")
    for v in walls:
        print(f"  {v:7s} Simulator.run() median {med[v]:.3f} s  "
              f"(runs: {', '.join('%.3f' % w for w in walls[v])})")
    cpu = {v: statistics.median(c) for v, c in CPU.items()}
    cpu_call = statistics.median(
        (p - c) / calls for p, c in zip(CPU["python"], CPU["cxx"])) * 1e6
    print(f"  CPU time medians: plain {cpu['plain']:.3f} s, cxx {cpu['cxx']:.3f} s, "
          f"python {cpu['python']:.3f} s; per call {cpu_call:.3f} us; "
          f"python / plain {cpu['python'] / cpu['plain']:.2f}x")
    ok = lambda b: "ok" if b else "MISSED"
    print(f"python hook call, over a C++ one: {cost_us:.3f} us per call "
          f"(target <= 1 us: {ok(cost_us <= 1.0)})")
    print(f"whole run with Python hooks / plain ns-3: {ratio:.2f}x "
          f"(C++ hooks: {med['cxx'] / med['plain']:.2f}x; target <= 1.6x: {ok(ratio <= 1.6)})")
    print(f"warm import pfhooks: median {imp * 1000:.0f} ms of 5 "
          f"(target < 500 ms: {ok(imp < 0.5)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
