#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The ping amplifier (examples/pfhooks-ping-amplifier.cc) in Python.

  pinger 10.1.1.1 ---- 10.1.1.2 target                      (default)
  pinger 10.1.1.1 ---- router ---- 10.1.2.2 target          (--router)

The pinger sends one ICMP echo request a second; the Solaris module
pamp_drv.so is loaded at --load and unloaded at --unload. While it is
loaded each request is answered twice (three times with --router). Prints
the C++ example's per-sequence table and the module's report.
"""
import argparse
import os
import sys

import pfhooks
from pfhooks import ns
from pfhooks import _build


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--count", type=int, default=10)
    p.add_argument("--load", type=float, default=2.5)
    p.add_argument("--unload", type=float, default=6.5)
    p.add_argument("--router", action="store_true")
    p.add_argument("--module", default=os.path.join(_build.EXAMPLE_MODULE_DIR, "pamp_drv.so"))
    p.add_argument("--pcap", action="store_true")
    p.add_argument("--pcapPrefix", default="pfhooks-pamp")
    o = p.parse_args(argv)
    if not 1 <= o.count <= 10000:
        print("error: --count must be in 1..10000", file=sys.stderr)
        return 2
    if o.load < 0 or (o.unload >= 0 and o.unload <= o.load):
        print("error: --load must be >= 0 and --unload after it (or negative)", file=sys.stderr)
        return 2

    # Real checksums: what pamp_drv computes must verify on the wire.
    ns.global_value_bind("ChecksumEnabled", True)

    nodes = ns.NodeContainer(3 if o.router else 2)
    stack = ns.InternetStackHelper()
    pfhooks.configure_stack(stack)
    stack.install(nodes)
    p2p = ns.PointToPointHelper(data_rate="10Mbps", delay="1ms")
    addr = ns.Ipv4AddressHelper("10.1.1.0", "255.255.255.0")
    target = addr.assign(p2p.install(nodes[0], nodes[1])).get_address(1)
    if o.router:
        addr.set_base("10.1.2.0", "255.255.255.0")
        target = addr.assign(p2p.install(nodes[1], nodes[2])).get_address(1)
        ns.populate_routing_tables()

    pfhooks.install(nodes)

    pinger = pfhooks.EchoPinger(target, count=o.count)
    nodes[0].add_application(pinger)
    pinger.set_start_time(ns.seconds(1))

    pamp = pfhooks.SolarisModule(o.module)
    pamp.schedule_load(ns.seconds(o.load))
    if o.unload >= 0:
        pamp.schedule_unload(ns.seconds(o.unload))
    # A request's phase is the module's state when it reaches the target.
    phases = [""] * o.count

    def reply(seq, source, nth):
        if nth == 1 and seq < len(phases):
            phases[seq] = pamp.state

    pinger.trace_connect("Reply", reply)
    if o.pcap:
        p2p.enable_pcap_all(o.pcapPrefix)

    # Long enough for the last reply and for the unload.
    ns.Simulator.stop(ns.seconds(max(o.count + 2, o.unload + 1)))
    ns.Simulator.run()

    if pamp.error:
        print(f"error: {pamp.error}", file=sys.stderr)
    lines = ["seq  requests  replies  module"]
    amplified = 0
    for seq, s in sorted(pinger.sequences.items()):
        lines.append("%3d  %8d  %7d  %s" % (seq, 1, s["replies"], phases[seq] or "-"))
        amplified += s["replies"] > 1
    lines.append(f"requests sent:      {pinger.sent}")
    lines.append(f"replies received:   {pinger.replies}")
    lines.append(f"amplified requests: {amplified}")
    sys.stdout.write("\n".join(lines) + "\n" + pamp.report_text())
    sys.stdout.flush()
    failed = pamp.state == "failed"
    ns.Simulator.destroy()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
