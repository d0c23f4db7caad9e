#!/usr/bin/python3
"""Prints the figures of a pfhooks JSON report that the command tests check.

One line: schema, version, each module as name:state, and the replies per
sequence number of the first ping (doc/report-format.md).
"""
import argparse
import json
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report", help="the report file")
    report = json.load(open(parser.parse_args().report, encoding="utf-8"))
    modules = [m["name"] + ":" + m["state"] for m in report["modules"]]
    pings = report.get("traffic", {}).get("pings", [])
    replies = [s["replies"] for s in pings[0]["sequences"]] if pings else []
    print(report["schema"], report["version"], modules, replies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
