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
             "-j", jobs, "--out", str(out)],
            capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
        assert res.returncode == 0, res.stdout + res.stderr
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert sorted(outs[0]) == sorted(f"{s.name}.json" for s in scenarios)
    assert outs[0] == outs[1]
    golden = REPO / "test" / "golden"
    assert {name: (golden / name).read_bytes() for name in outs[0]} == outs[0]


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
