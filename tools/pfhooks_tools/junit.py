"""JUnit XML for CI: one test case per scenario (or sweep run)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from .regress import FAIL, Outcome


def write_junit(outcomes: list[Outcome], path: Path, suite: str = "pfhooks-regress") -> None:
    """Write ``outcomes`` as a JUnit testsuite to ``path``."""
    failures = sum(1 for o in outcomes if o.verdict == FAIL)
    total = sum(o.result.wall_seconds for o in outcomes)
    root = ET.Element("testsuites", name=suite, tests=str(len(outcomes)), failures=str(failures))
    ts = ET.SubElement(
        root, "testsuite", name=suite, tests=str(len(outcomes)), failures=str(failures), errors="0",
        time=f"{total:.3f}",
    )
    for o in outcomes:
        case = ET.SubElement(
            ts, "testcase", classname="scenarios", name=o.scenario.name, time=f"{o.result.wall_seconds:.3f}"
        )
        if o.verdict == FAIL:
            failure = ET.SubElement(case, "failure", message=(o.message or o.result.status_text)[:200])
            failure.text = o.details()
        elif o.message:
            ET.SubElement(case, "system-out").text = o.message
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
