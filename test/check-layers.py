#!/usr/bin/env python3
"""The layer folders of model/ include each other one way only.

Lowest first; a file may include headers of its own layer and of the layers
below it, never of one above.  doc/architecture.md draws the same order.
"""
import argparse
import pathlib
import re
import sys

LAYERS = ["kernel", "hook", "neti", "tap", "zone", "check", "solaris", "app", "helper"]


def layer_of(path: pathlib.Path, root: pathlib.Path) -> str:
    rel = path.relative_to(root).parts
    return rel[0] if rel[0] == "helper" else rel[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=pathlib.Path, help="the source tree")
    root = parser.parse_args().root
    files = [p for d in ("model", "helper") for p in (root / d).rglob("*")
             if p.suffix in (".h", ".cc") and "include" not in p.relative_to(root).parts]
    where = {p.name: layer_of(p, root) for p in files if p.suffix == ".h"}
    bad = []
    for p in sorted(files):
        mine = LAYERS.index(layer_of(p, root))
        for n, line in enumerate(p.read_text().splitlines(), 1):
            m = re.match(r'\s*#\s*include\s+"(?:ns3/)?([\w.-]+\.h)"', line)
            if m and m.group(1) in where and LAYERS.index(where[m.group(1)]) > mine:
                bad.append("%s:%d: %s (%s) includes %s (%s)" % (
                    p.relative_to(root), n, p.name, LAYERS[mine], m.group(1), where[m.group(1)]))
    print("\n".join(bad))
    print("layers: %d upward includes" % len(bad) if bad else "layers: every include runs downward")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
