"""Judging a suite's results against the goldens under test/golden/."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .golden import Difference, canonical_json, diff, flatten, format_diff, normalize
from .runner import STATUS_OK, RunResult
from .suite import Scenario

PASS = "pass"
FAIL = "fail"
UPDATED = "updated"


@dataclass
class Outcome:
    """One scenario's verdict: pass, fail or updated, with the differences and why."""

    scenario: Scenario
    result: RunResult
    verdict: str
    differences: list[Difference] = field(default_factory=list)
    message: str = ""

    @property
    def passed(self) -> bool:
        """True unless the scenario failed."""
        return self.verdict != FAIL

    def details(self) -> str:
        """A readable account of a failure: message, failed expectations, diff, stderr."""
        parts = [self.message] if self.message else []
        failed = failed_expectations(self.result.report)
        if failed:
            parts.append("failed expectations:\n" + "\n".join(f"  {line}" for line in failed))
        if self.differences:
            parts.append(f"{len(self.differences)} field(s) differ from the golden:\n" + format_diff(self.differences))
        if self.verdict == FAIL and self.result.stderr.strip():
            parts.append("stderr:\n" + self.result.stderr.rstrip())
        return "\n".join(parts)


def failed_expectations(report: dict[str, Any] | None) -> list[str]:
    """Each expectation the report lists as not met, as 'name: expected X, actual Y'."""
    if not report or not isinstance(report.get("expectations"), list):
        return []
    out = []
    for exp in report["expectations"]:
        if isinstance(exp, dict) and exp.get("ok") is False:
            out.append(
                f"{exp.get('name', '?')}: expected {json.dumps(exp.get('expected'))}, "
                f"actual {json.dumps(exp.get('actual'))}"
            )
    return out


def golden_path(golden_dir: Path, scenario: Scenario) -> Path:
    """Where ``scenario``'s golden lives."""
    return golden_dir / f"{scenario.name}.json"


def judge(scenario: Scenario, result: RunResult, golden_dir: Path, update: bool = False) -> Outcome:
    """Compare ``result`` with the scenario's golden (or, with ``update``, rewrite the golden).

    A run that did not exit 0 fails whatever its report says, and never
    becomes a golden.
    """
    if result.report is None:
        why = result.error or "no report"
        return Outcome(scenario, result, FAIL, message=f"{result.status_text}: {why}")
    actual = normalize(result.report)
    path = golden_path(golden_dir, scenario)
    if result.status != STATUS_OK:
        message = f"pfhooks-run: {result.status_text}" + ("; golden not updated" if update else "")
        golden = _read_golden(path)
        differences = diff(golden, actual) if golden is not None else []
        return Outcome(scenario, result, FAIL, differences, message)
    if update:
        text = canonical_json(actual)
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == text:
            return Outcome(scenario, result, PASS)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return Outcome(scenario, result, UPDATED, message=f"golden {'written' if old is None else 'updated'}: {path}")
    golden = _read_golden(path)
    if golden is None:
        return Outcome(scenario, result, FAIL, message=f"no golden {path} (run with --update to create it)")
    differences = diff(golden, actual)
    if differences:
        return Outcome(scenario, result, FAIL, differences, f"differs from {path}")
    return Outcome(scenario, result, PASS)


def _read_golden(path: Path) -> Any:
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def key_figures(report: dict[str, Any] | None) -> dict[str, Any]:
    """A few figures worth a glance: expectations met, flow and ping totals, findings.

    Flow and ping figures are sums over the section's numeric leaves with
    the same field name (e.g. every flow's ``rx``), so they need no
    knowledge of the sections' exact layout.
    """
    if not report:
        return {}
    figures: dict[str, Any] = {}
    exps = report.get("expectations")
    if isinstance(exps, list):
        met = sum(1 for e in exps if isinstance(e, dict) and e.get("ok") is True)
        figures["expectations met"] = f"{met}/{len(exps)}"
    for section in ("flows", "pings"):
        if section not in report:
            continue
        sums: dict[str, float] = {}
        for path, value in flatten(report[section]).items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                continue
            name = [p for p in path.split(".") if not p.isdigit()]
            if name:
                sums[name[-1]] = sums.get(name[-1], 0) + value
        for name, total in sums.items():
            figures[f"{section} {name}"] = total
    findings = report.get("findings")
    if isinstance(findings, dict):
        count = sum(len(v) if isinstance(v, list) else 0 for v in findings.values())
        figures["findings"] = count
    elif isinstance(findings, list):
        figures["findings"] = len(findings)
    return figures


def write_results(outcomes: list[Outcome], out_dir: Path) -> None:
    """Each scenario's compared fields, as its golden would hold them, into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for outcome in outcomes:
        if outcome.result.report is not None:
            text = canonical_json(normalize(outcome.result.report))
            (out_dir / f"{outcome.scenario.name}.json").write_text(text, encoding="utf-8")
