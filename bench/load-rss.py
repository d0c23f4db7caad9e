#!/usr/bin/python3
"""Peak memory of long runs with a misbehaving module (issue 16, point 5).

Runs pfhooks-run on a 64-node chain, node 0 pinging the last node, with the
seed ping amplifier (pamp_drv) and test/solaris/bad-module.c (which breaks
the hook contract on every ICMP packet) loaded on every node, once per
datagram count, each in a process of its own, and prints wall time, peak
RSS (the child's VmHWM, from wait4's ru_maxrss) and the findings of each,
then the ratio of the largest run's peak to the smallest's (target <= 1.2:
console and findings are kept with a cap, doc/solaris-kernel.md); it exits 1
when the ratio is above --max-ratio.

    bench/load-rss.py [--build build] [--counts 100000 1000000] [--max-ratio 1.2]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from typing import List, Tuple


def run_once(build: str, nodes: int, count: int) -> Tuple[float, int, str]:
    """Runs one load; returns wall seconds, peak RSS in KiB, and the findings line."""
    cmd = [
        os.path.join(build, "examples", "pfhooks-run"),
        f"--nodes={nodes}",
        f"--count={count}",
        "--interval=0.001",
        "--module=" + os.path.join(build, "examples", "solaris", "pamp_drv.so"),
        "--module=" + os.path.join(build, "test", "modules", "bad-module.so"),
    ]
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        out.seek(0)
        text = out.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        sys.exit(f"error: {' '.join(cmd)} failed:\n{text[-2000:]}")
    found = re.findall(r"module bad-module .*?\n(?:  .*\n)*?  contract: ([^\n]*)", text)
    return wall, usage.ru_maxrss, found[-1] if found else "no findings"


def main() -> None:
    """Parses the options and prints one line per count, then the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", default="build", help="the build directory")
    parser.add_argument("--nodes", type=int, default=64, help="nodes in the chain (2..64)")
    parser.add_argument("--counts", type=int, nargs="+", default=[100000, 1000000],
                        help="datagram counts, one process each")
    parser.add_argument("--max-ratio", type=float, default=1.2,
                        help="largest peak RSS over smallest above which the run fails")
    args = parser.parse_args()
    if not 2 <= args.nodes <= 64:
        parser.error(f"--nodes must be 2..64, not {args.nodes}")
    if any(c < 1 for c in args.counts):
        parser.error("--counts must be positive")
    if not args.max_ratio >= 1.0:
        parser.error(f"--max-ratio must be at least 1, not {args.max_ratio}")
    for exe in ("examples/pfhooks-run", "examples/solaris/pamp_drv.so",
                "test/modules/bad-module.so"):
        if not os.path.exists(os.path.join(args.build, exe)):
            parser.error(f"--build {args.build}: {exe} is not built")
    rows: List[Tuple[int, float, int, str]] = []
    print("count     wall_s  VmHWM_MiB     findings")
    for count in args.counts:
        wall, rss, findings = run_once(args.build, args.nodes, count)
        rows.append((count, wall, rss, findings))
        print(f"{count:<9} {wall:6.1f}  {rss / 1024:12.1f}  {findings}", flush=True)
    if len(rows) > 1:
        ratio = max(r[2] for r in rows) / min(r[2] for r in rows)
        verdict = "ok" if ratio <= args.max_ratio else f"above {args.max_ratio}"
        print(f"peak RSS (VmHWM) ratio largest/smallest: {ratio:.3f} ({verdict})")
        if ratio > args.max_ratio:
            sys.exit(1)


if __name__ == "__main__":
    main()
