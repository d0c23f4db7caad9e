#!/usr/bin/env python3
"""CMakeLists.txt and wscript must build the same sources and headers, and
every model/helper source file must be in them."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
cmake = (root / "CMakeLists.txt").read_text()
wscript = (root / "wscript").read_text()


def cmake_list(name):
    m = re.search(r"set\(%s\s+(.*?)\)" % name, cmake, re.S)
    return sorted(m.group(1).split())


def waf_list(attr):
    m = re.search(r"%s = \[(.*?)\]" % re.escape(attr), wscript, re.S)
    return sorted(re.findall(r"'([^']+)'", m.group(1)))


def on_disk(pattern):
    # model/ is in layer folders; the Solaris header tree is installed as is.
    return sorted(str(p.relative_to(root)) for d in ("model", "helper")
                  for p in (root / d).rglob(pattern)
                  if "include" not in p.relative_to(root).parts)


on_disk_src = on_disk("*.cc")
on_disk_hdr = on_disk("*.h")
checks = [
    ("cmake sources", cmake_list("PFHOOKS_MODEL_SOURCES"), on_disk_src),
    ("cmake headers", cmake_list("PFHOOKS_HEADERS"), on_disk_hdr),
    ("wscript sources", waf_list("module.source"), on_disk_src),
    ("wscript headers", waf_list("headers.source"), on_disk_hdr),
]
bad = 0
for what, listed, disk in checks:
    if listed != disk:
        bad += 1
        print("%s differ from the files: missing %s, extra %s" % (
            what, sorted(set(disk) - set(listed)), sorted(set(listed) - set(disk))))
compile(wscript, "wscript", "exec")
print("build lists agree" if not bad else "build lists disagree")
sys.exit(1 if bad else 0)
