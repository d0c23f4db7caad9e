"""pfhooks-regress's mechanics against a fake pfhooks-run: goldens, diffs, JUnit, -j, bad input."""

from __future__ import annotations

import contextlib
import io
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import FAKE_RUNNER, REGRESS, write_scenario
from pfhooks_tools.regress_cli import main


def regress(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """pfhooks-regress's main() with the fake runner, in this process (the script is one import and a call)."""
    argv = ["--runner", str(FAKE_RUNNER), "--no-progress", *map(str, args)]
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    return subprocess.CompletedProcess(argv, status, out.getvalue(), err.getvalue())


def test_the_script_runs_main() -> None:
    res = subprocess.run(["/usr/bin/python3", str(REGRESS), "--help"], capture_output=True, text=True, check=False)
    assert res.returncode == 0 and "--sweep-file" in res.stdout


def test_update_then_pass_and_goldens_leave_out_run_dependent_fields(suite_dir: Path, tmp_path: Path) -> None:
    golden = tmp_path / "golden"
    first = regress("--scenarios", suite_dir, "--golden", golden, "--update")
    assert first.returncode == 0, first.stdout + first.stderr
    assert sorted(p.name for p in golden.iterdir()) == ["alpha.json", "beta.json", "gamma.json"]
    data = json.loads((golden / "beta.json").read_text())
    assert "wall_seconds" not in data["meta"] and "command_line" not in data["meta"]
    assert "file" not in data["scenario"]
    assert data["flows"][0]["tx"] == 20
    again = regress("--scenarios", suite_dir, "--golden", golden)
    assert again.returncode == 0, again.stdout
    assert "3 of 3 scenarios passed" in again.stdout and "note:" not in again.stdout
    (golden / "gone.json").write_text("{}\n")
    stale = regress("--scenarios", suite_dir, "--golden", golden)
    assert stale.returncode == 0 and f"note: {golden / 'gone'}.json has no scenario" in stale.stdout


def test_mismatch_fails_with_a_readable_diff_and_junit(suite_dir: Path, tmp_path: Path) -> None:
    golden = tmp_path / "golden"
    assert regress("--scenarios", suite_dir, "--golden", golden, "--update").returncode == 0
    write_scenario(suite_dir, "alpha", ["fast"], packets=11)
    junit = tmp_path / "junit.xml"
    res = regress("--scenarios", suite_dir, "--golden", golden, "--tag", "fast", "--junit", junit)
    assert res.returncode == 1
    assert "FAIL     alpha" in res.stdout
    assert "flows.0.tx: golden 10, actual 11" in res.stdout
    assert "PASS     beta" in res.stdout and "gamma" not in res.stdout
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "2" and suite.get("failures") == "1"
    cases = {c.get("name"): c for c in suite.iter("testcase")}
    failure = cases["alpha"].find("failure")
    assert failure is not None and "flows.0.tx: golden 10, actual 11" in (failure.text or "")
    assert cases["beta"].find("failure") is None


def test_expectation_failure_and_bad_input_fail_and_never_become_goldens(tmp_path: Path) -> None:
    scen = tmp_path / "s"
    write_scenario(scen, "broken", ["fast"], exit=1)
    write_scenario(scen, "malformed", ["fast"], exit=2)
    golden = tmp_path / "golden"
    res = regress("--scenarios", scen, "--golden", golden, "--update")
    assert res.returncode == 1
    assert "delivered: expected 10, actual 10" in res.stdout
    assert "bad input" in res.stdout and "fake: bad input" in res.stdout
    assert not golden.exists()


def test_missing_golden_fails_naming_it(suite_dir: Path, tmp_path: Path) -> None:
    res = regress("--scenarios", suite_dir, "--golden", tmp_path / "none", "alpha")
    assert res.returncode == 1
    assert "no golden" in res.stdout and "alpha.json" in res.stdout and "--update" in res.stdout


def test_j1_and_j2_and_two_runs_give_the_same_bytes(suite_dir: Path, tmp_path: Path) -> None:
    outs = []
    for jobs in ("1", "2", "2"):
        out = tmp_path / f"out{len(outs)}"
        assert regress("--scenarios", suite_dir, "--golden", tmp_path / "g", "--update", "-j", jobs, "--out", out).returncode == 0
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert len(outs[0]) == 3 and outs[0] == outs[1] == outs[2]


def test_bad_input_is_refused_before_any_run(suite_dir: Path, tmp_path: Path) -> None:
    res = regress("--scenarios", suite_dir, "--tag", "nosuchtag", "--golden", tmp_path / "g", "--update")
    assert res.returncode == 2 and "--tag nosuchtag: no scenario" in res.stderr
    res = regress("--scenarios", suite_dir, "delta")
    assert res.returncode == 2 and "delta: no such scenario" in res.stderr
    res = regress("--scenarios", tmp_path / "nowhere")
    assert res.returncode == 2 and "no such scenario directory" in res.stderr
    res = regress("--scenarios", suite_dir, "-j", "0")
    assert res.returncode == 2 and "-j 0" in res.stderr
    res = regress("--runner", tmp_path / "nope", "--scenarios", suite_dir)
    assert res.returncode == 2 and "nope: no such executable" in res.stderr
    res = regress("--scenarios", suite_dir, "--csv", tmp_path / "x.csv")
    assert res.returncode == 2 and "belong to a sweep" in res.stderr
    assert not (tmp_path / "g").exists()


def test_key_figures_sum_flow_fields_and_count_expectations() -> None:
    from pfhooks_tools.regress import key_figures

    report = {"flows": [{"name": "a", "tx": 5, "rx": 4}, {"name": "b", "tx": 3, "rx": 3}],
              "expectations": [{"ok": True}, {"ok": False}], "findings": {"contract": [{}, {}], "leaks": []}}
    assert key_figures(report) == {"expectations met": "1/2", "flows tx": 8, "flows rx": 7, "findings": 2}
    assert key_figures(None) == {}
