"""The real pfhooks-run on the fast scenarios: the compared fields are the same bytes
across -j1 and -j2 (so across two runs too), and match the goldens.

Skipped when pfhooks-run is not built ($PFHOOKS_RUN or build/examples/pfhooks-run).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import REGRESS, REPO, real_runner
from pfhooks_tools.suite import discover


def test_fast_suite_is_deterministic_across_j1_and_j2(tmp_path: Path) -> None:
    runner = real_runner()
    if runner is None:
        pytest.skip("pfhooks-run is not built")
    if not (REPO / "scenarios").is_dir():
        pytest.skip("no scenarios/ directory")
    scenarios = discover(REPO / "scenarios", ["fast"])
    outs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"j{jobs}"
        res = subprocess.run(
            ["/usr/bin/python3", str(REGRESS), "--runner", str(runner), "--no-progress", "--tag", "fast",
             "-j", jobs, "--out", str(out), "--update", "--golden", str(tmp_path / f"golden-j{jobs}")],
            capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
        assert res.returncode == 0, res.stdout + res.stderr
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert sorted(outs[0]) == sorted(f"{s.name}.json" for s in scenarios)
    assert outs[0] == outs[1]
    golden = REPO / "test" / "golden"
    assert {name: (golden / name).read_bytes() for name in outs[0]} == outs[0]


def test_real_sweep_over_count_and_delay(tmp_path: Path) -> None:
    runner = real_runner()
    scenario = REPO / "scenarios" / "chain-ping.yaml"
    if runner is None or not scenario.is_file():
        pytest.skip("pfhooks-run is not built, or no scenarios/chain-ping.yaml")
    out = tmp_path / "sweep.csv"
    res = subprocess.run(
        ["/usr/bin/python3", str(REGRESS), "--runner", str(runner), "--no-progress", str(scenario),
         "--sweep", "traffic.0.count=2,3", "--sweep", "links.delay=1ms,40ms", "--seeds", "2",
         "--metric", "pings.0.sent", "--metric", "flows.0.rx", "--csv", str(out)],
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    assert res.returncode == 0, res.stderr
    rows = [line.split(",") for line in out.read_text().splitlines()]
    assert rows[0] == ["traffic.0.count", "links.delay", "metric", "n", "mean", "min", "max", "ci95_low", "ci95_high", "failed_runs"]
    # Every request is answered whatever the delay; the count is what was set.
    got = {(r[0], r[1], r[2]): (r[3], r[4], r[7], r[8]) for r in rows[1:]}
    for count in ("2", "3"):
        for delay in ("1ms", "40ms"):
            for metric in ("pings.0.sent", "flows.0.rx"):
                assert got[(count, delay, metric)] == ("2", f"{count}.0", f"{count}.0", f"{count}.0")


def test_real_sweep_with_a_wrong_parameter_stops_at_the_first_run(tmp_path: Path) -> None:
    runner = real_runner()
    scenario = REPO / "scenarios" / "chain-ping.yaml"
    if runner is None or not scenario.is_file():
        pytest.skip("pfhooks-run is not built, or no scenarios/chain-ping.yaml")
    res = subprocess.run(
        ["/usr/bin/python3", str(REGRESS), "--runner", str(runner), "--no-progress", str(scenario),
         "--sweep", "nosuch.key=1,2", "--seeds", "3"],
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    assert res.returncode == 2
    assert res.stderr.count("nosuch") >= 1 and res.stderr.count("run nosuch.key=1#1") == 1
    assert "nosuch.key=2" not in res.stderr


def test_example_sweeps_corners_are_good_input(tmp_path: Path) -> None:
    from pfhooks_tools.runner import STATUS_BAD_INPUT, Job, run_job
    from pfhooks_tools.sweep import load_sweep_file

    runner = real_runner()
    if runner is None:
        pytest.skip("pfhooks-run is not built")
    for f in sorted((REPO / "sweeps").glob("*.yaml")):
        spec = load_sweep_file(f)
        points = spec.points()
        for point in (points[0], points[-1]):
            result = run_job(Job("k", str(runner), str(spec.scenario), point, 1))
            assert result.status != STATUS_BAD_INPUT, f"{f.name} {point}: {result.stderr}"
            assert result.report is not None and result.report["scenario"]["name"] == spec.scenario.stem
