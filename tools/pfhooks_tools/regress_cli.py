"""The command line of tools/pfhooks-regress: run a suite against its goldens, or a sweep."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path
from typing import Callable

from . import html_report, regress_plots
from .cluster import ClusterError, run_on_dask
from .junit import write_junit
from .regress import FAIL, Outcome, judge, key_figures, write_results
from .runner import STATUS_BAD_INPUT, STATUS_EXPECTATION_FAILED, STATUS_OK, Job, RunResult, run_local
from .suite import Scenario, SuiteError, discover
from .sweep import SweepSpec, aggregate, check_spec, load_sweep_file, spec_from_args, write_csv

REPO = Path(__file__).resolve().parents[2]


def default_runner() -> str:
    """$PFHOOKS_RUN, else the build tree's pfhooks-run."""
    return os.environ.get("PFHOOKS_RUN", str(REPO / "build" / "examples" / "pfhooks-run"))


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (doc/regression.md)."""
    p = argparse.ArgumentParser(
        prog="pfhooks-regress",
        description="Run pfhooks scenarios and compare their reports with the goldens, or sweep one "
        "scenario over a parameter grid x seeds.",
    )
    p.add_argument("scenario", nargs="*", help="scenario names or files (default: every one in --scenarios)")
    p.add_argument("--scenarios", type=Path, default=REPO / "scenarios", help="scenario directory (default: %(default)s)")
    p.add_argument("--golden", type=Path, default=REPO / "test" / "golden", help="golden directory (default: %(default)s)")
    p.add_argument("--runner", default=None, help="pfhooks-run to use (default: $PFHOOKS_RUN or build/examples/pfhooks-run)")
    p.add_argument("--tag", action="append", default=[], help="only scenarios with this tag (repeatable: any of them)")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, help="local processes at once (default: %(default)s)")
    p.add_argument("--scheduler", help="run on the Dask cluster of this scheduler (tcp://HOST:PORT) instead of locally")
    p.add_argument("--connect-timeout", type=float, default=30.0, metavar="S",
                   help="with --scheduler: give up connecting, or waiting for a first worker, after S seconds (default: %(default)s)")
    p.add_argument("--update", action="store_true", help="rewrite the goldens from this run")
    p.add_argument("--junit", type=Path, help="write JUnit XML here")
    p.add_argument("--html", type=Path, help="write the HTML report here")
    p.add_argument("--out", type=Path, help="write each run's compared fields (as a golden holds them) into this directory")
    p.add_argument("--no-progress", action="store_true", help="no progress bar (it is off anyway when stderr is not a terminal)")
    g = p.add_argument_group("sweeps")
    g.add_argument("--sweep", action="append", default=[], metavar="PARAM=V1,V2", help="sweep this --set parameter (repeatable: a grid)")
    g.add_argument("--sweep-file", type=Path, help="a sweep file (YAML or JSON; doc/regression.md)")
    g.add_argument("--seeds", type=int, default=None, help="run numbers 1..N per grid point (--RngRun; default: 1, or the sweep file's)")
    g.add_argument("--metric", action="append", default=None, help="report fields to aggregate (glob on dotted paths; default: flows.* pings.*)")
    g.add_argument("--csv", type=Path, help="write the sweep's aggregates here")
    g.add_argument("--plots", type=Path, help="write the sweep's figures (PNG) into this directory")
    return p


class UsageError(Exception):
    """A bad combination of options."""


def _check_output(path: Path | None, what: str) -> None:
    if path is None:
        return
    parent = path.parent if what != "--out" and what != "--plots" else path
    while not parent.exists():
        parent = parent.parent
    if not os.access(parent, os.W_OK):
        raise UsageError(f"{what} {path}: {parent} is not writable")


def _execute(jobs: list[Job], args: argparse.Namespace, label: Callable[[RunResult], str]) -> list[RunResult]:
    from tqdm import tqdm

    bar = tqdm(total=len(jobs), file=sys.stderr, unit="run", disable=args.no_progress or not sys.stderr.isatty())

    def done(result: RunResult) -> None:
        bar.set_postfix_str(label(result), refresh=False)
        bar.update(1)

    try:
        if args.scheduler:
            return run_on_dask(jobs, args.scheduler, done, args.connect_timeout, args.connect_timeout)
        return run_local(jobs, args.jobs, done)
    finally:
        bar.close()


def run_suite(args: argparse.Namespace, runner: str) -> int:
    """Regression mode; the exit status."""
    scenarios = discover(args.scenarios, args.tag, args.scenario)
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names):
        raise UsageError("two scenarios share a name: " + ", ".join(sorted({n for n in names if names.count(n) > 1})))
    jobs = [Job(s.name, runner, str(s.path.resolve())) for s in scenarios]
    by_name = {s.name: s for s in scenarios}
    results = _execute(jobs, args, lambda r: r.key)
    outcomes = [judge(by_name[r.key], r, args.golden, args.update) for r in results]
    for o in outcomes:
        line = f"{o.verdict.upper():8} {o.scenario.name} ({o.result.wall_seconds:.2f} s)"
        print(line)
        text = o.details() if o.verdict == FAIL else o.message
        if text:
            print("\n".join(f"    {t}" for t in text.splitlines()))
    if not args.tag and not args.scenario and args.golden.is_dir():
        # A golden whose scenario went away is dead weight: say so (git rm it).
        for stale in sorted(set(p.stem for p in args.golden.glob("*.json")) - set(names)):
            print(f"note: {args.golden / stale}.json has no scenario in {args.scenarios}")
    failed = sum(1 for o in outcomes if o.verdict == FAIL)
    print(f"{len(outcomes) - failed} of {len(outcomes)} scenarios passed" + (f", {failed} failed" if failed else ""))
    if args.junit:
        write_junit(outcomes, args.junit)
    if args.out:
        write_results(outcomes, args.out)
    if args.html:
        write_suite_html(outcomes, args.html)
    return 1 if failed else 0


def write_suite_html(outcomes: list[Outcome], path: Path) -> None:
    """The suite's HTML report with the overview figure."""
    rows = [
        html_report.HtmlRow(
            o.scenario.name, o.verdict, o.result.status_text, o.scenario.tags, o.result.wall_seconds,
            key_figures(o.result.report), o.details(), _scenario_images(o.result.report),
        )
        for o in outcomes
    ]
    images = []
    png = regress_plots.overview_figure([r.name for r in rows], [r.figures for r in rows], [r.verdict for r in rows])
    if png:
        images.append(("flow and ping totals per scenario", png))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_report.render("pfhooks regression", rows, images), encoding="utf-8")


def _scenario_images(report: dict | None) -> list[tuple[str, bytes]]:
    png = regress_plots.scenario_figure(report)
    return [("pings: replies per sequence number; flows: tx, rx, lost", png)] if png else []


def run_sweep(args: argparse.Namespace, runner: str) -> int:
    """Sweep mode; the exit status (2 when a run found its input bad)."""
    if args.sweep_file:
        if args.sweep or args.scenario:
            raise UsageError("--sweep-file names its scenario and parameters: no --sweep or scenario with it")
        spec = load_sweep_file(args.sweep_file)
        if args.seeds is not None:
            spec.seeds = args.seeds
        if args.metric:
            spec.metrics = list(args.metric)
        check_spec(spec, "--seeds")
    else:
        if len(args.scenario) != 1:
            raise UsageError("--sweep needs exactly one scenario (a file, or a name in --scenarios)")
        given = Path(args.scenario[0])
        path = given if given.is_file() else args.scenarios / f"{args.scenario[0]}.yaml"
        spec = spec_from_args(path.resolve(), args.sweep, args.seeds or 1, args.metric)
    jobs = spec.jobs(runner)
    # The first run alone first: a wrong parameter name stops the sweep
    # there (pfhooks-run refuses bad input before it simulates anything).
    first = _execute(jobs[:1], args, lambda r: r.key)
    if first[0].status == STATUS_BAD_INPUT:
        raise UsageError(f"run {first[0].key}: {first[0].stderr.strip()[-500:]}")
    results = first + _execute(jobs[1:], args, lambda r: r.key)
    bad = [r for r in results if r.status not in (STATUS_OK, STATUS_EXPECTATION_FAILED) or r.report is None]
    for r in bad:
        print(f"run {r.key}: {r.status_text}: {r.error or r.stderr.strip()[-500:]}", file=sys.stderr)
    if any(r.status == STATUS_BAD_INPUT for r in bad):
        return 2
    rows = aggregate(spec, results)
    if args.csv:
        write_csv(spec, rows, args.csv)
    else:
        write_csv(spec, rows, Path("/dev/stdout"))
    figures = regress_plots.sweep_figures(spec, rows) if (args.plots or args.html) else []
    if args.plots:
        args.plots.mkdir(parents=True, exist_ok=True)
        for metric, png in figures:
            (args.plots / f"{re.sub(r'[^A-Za-z0-9._-]+', '_', metric)}.png").write_bytes(png)
    if args.html:
        write_sweep_html(spec, results, figures, args.html)
    return 1 if bad else 0


def write_sweep_html(spec: SweepSpec, results: list[RunResult], figures: list[tuple[str, bytes]], path: Path) -> None:
    """The sweep's HTML report: one row per run, then the figures."""
    scen = Scenario(spec.scenario, spec.scenario.stem)
    rows = []
    for r in results:
        verdict = "pass" if r.status in (STATUS_OK, STATUS_EXPECTATION_FAILED) and r.report is not None else "fail"
        rows.append(html_report.HtmlRow(r.key, verdict, r.status_text, (), r.wall_seconds, key_figures(r.report),
                                        r.error or (r.stderr if verdict == "fail" else "")))
    intro = f"Sweep of {scen.name}: " + "; ".join(f"{n} in {', '.join(v)}" for n, v in spec.parameters) + f"; {spec.seeds} seed(s)."
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_report.render(f"pfhooks sweep: {scen.name}", rows, figures, intro), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Entry point: 0 all passed, 1 a scenario failed (or a sweep run did), 2 bad input."""
    parser = build_parser()
    args = parser.parse_args(argv)
    runner = args.runner or default_runner()
    try:
        if args.connect_timeout <= 0:
            raise UsageError(f"--connect-timeout {args.connect_timeout:g}: must be > 0")
        if args.jobs < 1:
            raise UsageError(f"-j {args.jobs}: must be at least 1")
        sweeping = bool(args.sweep or args.sweep_file)
        if sweeping and args.update:
            raise UsageError("--update is for the suite's goldens, not for sweeps")
        if not sweeping and (args.csv or args.plots or args.metric or args.seeds is not None):
            raise UsageError("--csv, --plots, --metric and --seeds belong to a sweep (--sweep or --sweep-file)")
        if not args.scheduler and not (os.path.isfile(runner) and os.access(runner, os.X_OK)):
            raise UsageError(f"runner {runner}: no such executable (build it, or give --runner / $PFHOOKS_RUN)")
        for path, what in ((args.junit, "--junit"), (args.html, "--html"), (args.csv, "--csv"), (args.out, "--out"), (args.plots, "--plots")):
            _check_output(path, what)
        return run_sweep(args, runner) if sweeping else run_suite(args, runner)
    except (UsageError, SuiteError, ClusterError) as exc:
        print(f"pfhooks-regress: error: {exc}", file=sys.stderr)
        return 2
