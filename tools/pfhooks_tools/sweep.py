"""Sweeps: one scenario over a grid of parameters x seeds, aggregated across seeds.

Each grid point sets its parameters with ``--set=KEY=VALUE``; each seed is a
run number (``--RngRun=1..N``).  Across a point's seeds every numeric
report field that a metric pattern selects is summarised: count, mean,
min, max and the 95 % confidence interval of the mean (Student t).  A
metric ``sum:PATTERN`` is the total of the fields PATTERN selects.
"""

from __future__ import annotations

import csv
import fnmatch
import itertools
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .golden import flatten, normalize
from .runner import Job, RunResult
from .suite import SuiteError, load_data

# Report fields aggregated when a sweep names no metric.
DEFAULT_METRICS: tuple[str, ...] = ("flows.*", "pings.*")

# Two-sided 95 % quantiles of Student's t (t_0.975) by degrees of freedom.
_T975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306,
    9: 2.262, 10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131,
    16: 2.120, 17: 2.110, 18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074,
    23: 2.069, 24: 2.064, 25: 2.060, 26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045,
    30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980,
}


def t975(df: int) -> float:
    """t_0.975 for ``df`` degrees of freedom (past 30: the next tabulated df down, so the interval errs wide)."""
    if df < 1:
        raise ValueError("degrees of freedom must be >= 1")
    if df in _T975:
        return _T975[df]
    if df > 120:
        return 1.960
    return _T975[max(k for k in _T975 if k <= df)]


@dataclass(frozen=True)
class Summary:
    """One metric at one grid point across seeds."""

    n: int
    mean: float
    minimum: float
    maximum: float
    ci_low: float
    ci_high: float


def summarize(values: list[float]) -> Summary:
    """Mean, min, max and 95 % interval of ``values`` (one value: a zero-width interval)."""
    n = len(values)
    if n == 0:
        raise ValueError("no values")
    mean = math.fsum(values) / n
    half = 0.0
    if n > 1:
        var = math.fsum((v - mean) ** 2 for v in values) / (n - 1)
        half = t975(n - 1) * math.sqrt(var / n)
    return Summary(n, mean, min(values), max(values), mean - half, mean + half)


@dataclass
class SweepSpec:
    """A scenario, the parameter grid (in order), the seeds and the metric patterns."""

    scenario: Path
    parameters: list[tuple[str, list[str]]]
    seeds: int = 1
    metrics: list[str] = field(default_factory=lambda: list(DEFAULT_METRICS))

    def points(self) -> list[tuple[tuple[str, str], ...]]:
        """Every grid point, the last parameter varying fastest."""
        names = [name for name, _ in self.parameters]
        return [tuple(zip(names, combo)) for combo in itertools.product(*(v for _, v in self.parameters))]

    def jobs(self, runner: str, cwd: str | None = None) -> list[Job]:
        """One job per grid point and seed."""
        out = []
        for point in self.points():
            for seed in range(1, self.seeds + 1):
                out.append(Job(job_key(point, seed), runner, str(self.scenario), point, seed, cwd))
        return out


def job_key(point: tuple[tuple[str, str], ...], seed: int) -> str:
    """A job's unique key: its parameters and seed."""
    return ",".join(f"{k}={v}" for k, v in point) + f"#{seed}"


def parse_sweep_arg(text: str) -> tuple[str, list[str]]:
    """``param=v1,v2,...`` as (param, [v1, v2, ...]); errors name the argument."""
    name, sep, values = text.partition("=")
    items = [v.strip() for v in values.split(",")] if sep else []
    if not name.strip() or not items or any(not v for v in items):
        raise SuiteError(f"--sweep {text}: expected PARAM=V1[,V2...] with non-empty values")
    return name.strip(), items


def check_spec(spec: SweepSpec, where: str) -> SweepSpec:
    """``spec`` if it is sound, else a SuiteError naming ``where``."""
    names = [n for n, _ in spec.parameters]
    if not spec.parameters:
        raise SuiteError(f"{where}: no parameter to sweep")
    if len(set(names)) != len(names):
        raise SuiteError(f"{where}: a parameter is swept twice")
    if spec.seeds < 1 or spec.seeds > 1000:
        raise SuiteError(f"{where}: seeds must be in 1..1000, not {spec.seeds}")
    if not spec.scenario.is_file():
        raise SuiteError(f"{where}: scenario {spec.scenario}: no such file")
    return spec


def spec_from_args(scenario: Path, sweeps: list[str], seeds: int, metrics: list[str] | None) -> SweepSpec:
    """A sweep from the command line: ``--sweep`` options, ``--seeds``, ``--metric``."""
    spec = SweepSpec(scenario, [parse_sweep_arg(s) for s in sweeps], seeds, list(metrics or DEFAULT_METRICS))
    return check_spec(spec, "--sweep")


def load_sweep_file(path: Path) -> SweepSpec:
    """A sweep file (YAML or JSON): scenario (relative to the file), parameters, seeds, metrics.

    ```yaml
    scenario: ../scenarios/pamp.yaml
    seeds: 5
    parameters:
      modules.0.load: [1, 2, 3]
      links.delay: [1ms, 10ms]
    metrics: [pings.*]
    ```
    """
    data = load_data(path)
    if not isinstance(data, dict):
        raise SuiteError(f"{path}: a sweep file is a mapping")
    unknown = set(data) - {"scenario", "seeds", "parameters", "metrics"}
    if unknown:
        raise SuiteError(f"{path}: unknown key(s): {', '.join(sorted(unknown))}")
    if not isinstance(data.get("scenario"), str):
        raise SuiteError(f"{path}: scenario: expected a file name")
    params = data.get("parameters")
    if not isinstance(params, dict):
        raise SuiteError(f"{path}: parameters: expected a mapping of parameter to list of values")
    parameters = []
    for name, values in params.items():
        if not isinstance(values, list) or not values:
            raise SuiteError(f"{path}: parameters.{name}: expected a non-empty list")
        parameters.append((str(name), [_scalar(v) for v in values]))
    seeds = data.get("seeds", 1)
    if not isinstance(seeds, int) or isinstance(seeds, bool):
        raise SuiteError(f"{path}: seeds: expected an integer")
    metrics = data.get("metrics", list(DEFAULT_METRICS))
    if not isinstance(metrics, list) or not all(isinstance(m, str) for m in metrics):
        raise SuiteError(f"{path}: metrics: expected a list of field patterns")
    scenario = (path.parent / data["scenario"]).resolve()
    return check_spec(SweepSpec(scenario, parameters, seeds, metrics), str(path))


def _scalar(value: Any) -> str:
    """A YAML value as --set wants it (booleans as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclass
class SweepRow:
    """One CSV row: a grid point, a metric and its summary across seeds."""

    point: tuple[tuple[str, str], ...]
    metric: str
    summary: Summary
    failed_runs: int


def run_metrics(report: dict[str, Any], patterns: list[str]) -> dict[str, float]:
    """One run's metrics: each numeric field a pattern matches, by path, and each ``sum:PATTERN``'s total.

    ``sum:kstats.*.dropped`` adds up a field over every kstats row: one
    number per run where the rows themselves are too many to chart.
    """
    leaves = [(path, float(v)) for path, v in flatten(normalize(report)).items()
              if isinstance(v, (int, float)) and not isinstance(v, bool)]
    out: dict[str, float] = {}
    for pattern in patterns:
        if pattern.startswith("sum:"):
            out[pattern] = math.fsum(v for path, v in leaves if fnmatch.fnmatchcase(path, pattern[4:]))
    for path, value in leaves:
        if any(fnmatch.fnmatchcase(path, p) for p in patterns if not p.startswith("sum:")):
            out[path] = value
    return out


def aggregate(spec: SweepSpec, results: list[RunResult]) -> list[SweepRow]:
    """Summaries per grid point and metric, in grid order then report order.

    A run without a report counts as failed at its point; a run whose
    expectations failed (exit 1) still has a report and is aggregated.
    """
    by_key = {r.key: r for r in results}
    rows = []
    for point in spec.points():
        values: dict[str, list[float]] = {}
        failed = 0
        for seed in range(1, spec.seeds + 1):
            result = by_key[job_key(point, seed)]
            if result.report is None:
                failed += 1
                continue
            for metric, value in run_metrics(result.report, spec.metrics).items():
                values.setdefault(metric, []).append(value)
        for metric, vals in values.items():
            rows.append(SweepRow(point, metric, summarize(vals), failed))
    return rows


def write_csv(spec: SweepSpec, rows: list[SweepRow], path: Path) -> None:
    """The rows as CSV: the parameters, metric, n, mean, min, max, ci95_low, ci95_high, failed_runs."""
    names = [n for n, _ in spec.parameters]
    if not path.parent.exists():
        path.parent.mkdir(parents=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(names + ["metric", "n", "mean", "min", "max", "ci95_low", "ci95_high", "failed_runs"])
        for row in rows:
            s = row.summary
            w.writerow(
                [v for _, v in row.point]
                + [row.metric, s.n] + [_num(x) for x in (s.mean, s.minimum, s.maximum, s.ci_low, s.ci_high)]
                + [row.failed_runs]
            )


def _num(x: float) -> str:
    """A float as the shortest text that reads back the same (deterministic)."""
    return repr(round(x, 12))
