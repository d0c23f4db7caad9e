"""Sweeps: the t table, summaries, the grid, sweep files, CSV and figures."""

from __future__ import annotations

import csv
import math
import subprocess
from pathlib import Path

import pytest

from conftest import FAKE_RUNNER, REGRESS, write_scenario
from pfhooks_tools.runner import RunResult
from pfhooks_tools.suite import SuiteError
from pfhooks_tools.sweep import aggregate, load_sweep_file, parse_sweep_arg, spec_from_args, summarize, t975


def test_t_quantiles() -> None:
    assert t975(1) == 12.706 and t975(9) == 2.262 and t975(35) == 2.042 and t975(1000) == 1.96
    with pytest.raises(ValueError):
        t975(0)


def test_summary_of_three_values() -> None:
    s = summarize([1.0, 2.0, 3.0])
    assert (s.n, s.mean, s.minimum, s.maximum) == (3, 2.0, 1.0, 3.0)
    half = 4.303 * 1.0 / math.sqrt(3)
    assert math.isclose(s.ci_low, 2.0 - half) and math.isclose(s.ci_high, 2.0 + half)
    one = summarize([5.0])
    assert one.ci_low == one.ci_high == 5.0


def test_sweep_arguments_and_grid(tmp_path: Path) -> None:
    assert parse_sweep_arg("links.delay=1ms, 5ms") == ("links.delay", ["1ms", "5ms"])
    for bad in ("links.delay", "=1", "a=1,,2"):
        with pytest.raises(SuiteError, match="expected PARAM=V1"):
            parse_sweep_arg(bad)
    scen = write_scenario(tmp_path, "s", ["fast"])
    spec = spec_from_args(scen, ["a=1,2", "b=x,y,z"], 2, None)
    assert len(spec.points()) == 6 and spec.points()[1] == (("a", "1"), ("b", "y"))
    jobs = spec.jobs("run")
    assert len(jobs) == 12 and len({j.key for j in jobs}) == 12
    assert jobs[1].argv("r.json")[1:] == [f"--scenario={scen}", "--report=r.json", "--set=a=1", "--set=b=x", "--RngRun=2"]
    with pytest.raises(SuiteError, match="seeds must be"):
        spec_from_args(scen, ["a=1"], 0, None)
    with pytest.raises(SuiteError, match="no such file"):
        spec_from_args(tmp_path / "none.yaml", ["a=1"], 1, None)


def test_sweep_file_errors_name_the_key(tmp_path: Path) -> None:
    write_scenario(tmp_path, "s", [])
    f = tmp_path / "sw.yaml"
    f.write_text("scenario: s.yaml\nseeds: 3\nparameters:\n  links.delay: [1ms, 2ms]\n  fake.on: [true]\n")
    spec = load_sweep_file(f)
    assert spec.scenario == (tmp_path / "s.yaml").resolve() and spec.seeds == 3
    assert spec.parameters == [("links.delay", ["1ms", "2ms"]), ("fake.on", ["true"])]
    f.write_text("scenario: s.yaml\nparameters:\n  links.delay: 1ms\n")
    with pytest.raises(SuiteError, match="parameters.links.delay: expected a non-empty list"):
        load_sweep_file(f)
    f.write_text("scenario: s.yaml\nparameter: {}\n")
    with pytest.raises(SuiteError, match="unknown key"):
        load_sweep_file(f)


def test_aggregate_over_seeds_and_failed_runs(tmp_path: Path) -> None:
    spec = spec_from_args(write_scenario(tmp_path, "s", []), ["p=1"], 3, ["flows.*.rx"])
    reports = [{"flows": [{"rx": v, "tx": 10}]} for v in (8, 10)]
    results = [RunResult("p=1#1", 0, reports[0]), RunResult("p=1#2", 1, reports[1]), RunResult("p=1#3", 2, None)]
    rows = aggregate(spec, results)
    assert [(r.metric, r.summary.n, r.summary.mean, r.failed_runs) for r in rows] == [("flows.0.rx", 2, 9.0, 1)]


def test_cli_sweep_writes_csv_plots_and_html(tmp_path: Path) -> None:
    scen = write_scenario(tmp_path, "s", [], packets=10, loss=1)
    out = tmp_path / "out"
    res = subprocess.run(
        ["/usr/bin/python3", str(REGRESS), "--runner", str(FAKE_RUNNER), "--no-progress", str(scen),
         "--sweep", "fake.packets=10,20", "--sweep", "links.delay=1ms,2ms", "--seeds", "3",
         "--metric", "flows.*", "--csv", str(out / "s.csv"), "--plots", str(out / "plots"), "--html", str(out / "s.html")],
        capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    with (out / "s.csv").open() as f:
        rows = list(csv.DictReader(f))
    tx = [r for r in rows if r["metric"] == "flows.0.tx"]
    assert [(r["fake.packets"], r["links.delay"], r["mean"], r["n"]) for r in tx] == [
        ("10", "1ms", "10.0", "3"), ("10", "2ms", "10.0", "3"), ("20", "1ms", "20.0", "3"), ("20", "2ms", "20.0", "3")]
    lost = [r for r in rows if r["metric"] == "flows.0.lost"][0]
    # The fake loses (7 * run + 1) % 4 packets: runs 1, 2, 3 lose 0, 3, 2.
    assert (lost["min"], lost["max"], lost["mean"]) == ("0.0", "3.0", repr(round(5 / 3, 12)))
    assert float(lost["ci95_low"]) < 5 / 3 < float(lost["ci95_high"])
    pngs = sorted(p.name for p in (out / "plots").iterdir())
    assert "flows.0.tx.png" in pngs and (out / "plots" / "flows.0.tx.png").read_bytes()[:4] == b"\x89PNG"
    assert (out / "s.html").read_text().count('<tr class="scenario') == 12


def test_cli_seeds_and_metric_override_the_sweep_file(tmp_path: Path) -> None:
    write_scenario(tmp_path, "s", [], packets=10, loss=1)
    f = tmp_path / "sw.yaml"
    f.write_text("scenario: s.yaml\nseeds: 5\nparameters:\n  fake.packets: [10]\n")
    base = ["/usr/bin/python3", str(REGRESS), "--runner", str(FAKE_RUNNER), "--no-progress", "--sweep-file", str(f)]
    res = subprocess.run([*base, "--seeds", "2", "--metric", "flows.*.lost"], capture_output=True, text=True, check=False)
    assert res.returncode == 0, res.stderr
    # Runs 1 and 2 lose 0 and 3: mean 1.5, s = 2.1213, half-width 12.706 * 2.1213 / sqrt(2) = 19.059.
    assert res.stdout.splitlines()[1:] == ["10,flows.0.lost,2,1.5,0.0,3.0,-17.559,20.559,0"]
    res = subprocess.run([*base, "--seeds", "0"], capture_output=True, text=True, check=False)
    assert res.returncode == 2 and "--seeds: seeds must be in 1..1000, not 0" in res.stderr


def test_sum_metrics_add_up_matching_fields() -> None:
    from pfhooks_tools.sweep import run_metrics

    report = {"kstats": [{"dropped": 2, "ok": True}, {"dropped": 3}], "flows": [{"rx": 4}], "meta": {"wall_seconds": 9}}
    got = run_metrics(report, ["sum:kstats.*.dropped", "flows.*", "meta.*", "sum:nothing.*"])
    assert got == {"sum:kstats.*.dropped": 5.0, "sum:nothing.*": 0.0, "flows.0.rx": 4.0}


def test_example_sweep_files_are_sound() -> None:
    from conftest import REPO

    files = sorted((REPO / "sweeps").glob("*.yaml"))
    assert [f.name for f in files] == ["kmem-faults-churn.yaml", "pamp-load-delay.yaml"]
    for f in files:
        spec = load_sweep_file(f)
        assert spec.scenario.is_file() and len(spec.parameters) == 2 and spec.seeds >= 2
