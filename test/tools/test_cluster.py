"""A real Dask cluster on this machine: one scheduler and two workers on 127.0.0.1, no dashboard.

A sweep run through it must give the same CSV as the same sweep run
locally, and the workers send back reports as data.  The processes are
started here and stopped at the end; nothing waits on a clock except the
bounded waits of Dask itself (connect, wait_for_workers).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
from pathlib import Path
from typing import Iterator

import pytest

from conftest import FAKE_RUNNER, REGRESS, TOOLS, write_scenario

distributed = pytest.importorskip("distributed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """tcp://127.0.0.1:PORT of a scheduler with two single-threaded workers."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    workdir = tmp_path_factory.mktemp("dask")
    # The workers do not get tools/ on their path: the client ships the package.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    py = "/usr/bin/python3"
    procs = [subprocess.Popen([py, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", str(port),
                               "--no-dashboard"], cwd=workdir, env=env, stdout=subprocess.DEVNULL,
                              stderr=open(workdir / "scheduler.log", "w"), start_new_session=True)]
    for i in range(2):
        procs.append(subprocess.Popen(
            [py, "-m", "distributed.cli.dask_worker", address, "--host", "127.0.0.1", "--no-dashboard",
             "--nthreads", "1", "--nworkers", "1", "--name", f"w{i}", "--local-directory", str(workdir / f"w{i}")],
            cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=open(workdir / f"worker{i}.log", "w"),
            start_new_session=True))
    try:
        with distributed.Client(address, timeout=60, set_as_default=False) as client:
            client.wait_for_workers(2, timeout=60)
            assert len(client.scheduler_info()["workers"]) == 2
        yield address
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()


def test_workers_return_reports_as_data(cluster: str, tmp_path: Path) -> None:
    import sys

    sys.path.insert(0, str(TOOLS))
    from pfhooks_tools.cluster import run_on_dask
    from pfhooks_tools.runner import Job

    scen = write_scenario(tmp_path, "s", ["fast"], packets=7)
    jobs = [Job(f"k{i}", str(FAKE_RUNNER), str(scen), (), i) for i in (1, 2, 3, 4)]
    results = run_on_dask(jobs, cluster)
    assert [r.key for r in results] == ["k1", "k2", "k3", "k4"]
    assert all(r.status == 0 and isinstance(r.report, dict) for r in results)
    assert [r.report["meta"]["run"] for r in results if r.report] == [1, 2, 3, 4]
    assert {r.report["flows"][0]["tx"] for r in results if r.report} == {7}


def test_sweep_on_the_cluster_equals_the_local_sweep(cluster: str, tmp_path: Path) -> None:
    scen = write_scenario(tmp_path, "s", [], packets=10, loss=1)
    csvs = []
    for where in (["-j", "2"], ["--scheduler", cluster]):
        out = tmp_path / f"sweep{len(csvs)}.csv"
        res = subprocess.run(
            ["/usr/bin/python3", str(REGRESS), "--runner", str(FAKE_RUNNER), "--no-progress", str(scen),
             "--sweep", "fake.packets=10,20", "--seeds", "3", "--csv", str(out), *where],
            capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
        assert res.returncode == 0, res.stderr
        csvs.append(out.read_bytes())
    assert csvs[0] == csvs[1]
    assert csvs[0].count(b"\n") > 4


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    scen = write_scenario(tmp_path, "s", [])
    res = subprocess.run(
        ["/usr/bin/python3", str(REGRESS), "--runner", str(FAKE_RUNNER), "--no-progress", "--scenarios", str(tmp_path),
         "--golden", str(tmp_path / "g"), "--scheduler", f"tcp://127.0.0.1:{_free_port()}", "--connect-timeout", "1", scen.stem],
        capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    assert res.returncode == 2 and "cannot connect" in res.stderr


def test_real_runs_on_the_cluster_equal_local_runs(cluster: str, tmp_path: Path) -> None:
    from conftest import REPO, real_runner

    runner = real_runner()
    scenario = REPO / "scenarios" / "chain-ping.yaml"
    if runner is None or not scenario.is_file():
        pytest.skip("pfhooks-run is not built, or no scenarios/chain-ping.yaml")
    base = ["/usr/bin/python3", str(REGRESS), "--runner", str(runner), "--no-progress"]
    outs = []
    for where in (["-j", "2"], ["--scheduler", cluster]):
        n = len(outs)
        sweep = subprocess.run(
            [*base, str(scenario), "--sweep", "traffic.0.count=2,3", "--seeds", "2",
             "--csv", str(tmp_path / f"sweep{n}.csv"), *where],
            capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
        assert sweep.returncode == 0, sweep.stderr
        suite = subprocess.run(
            [*base, "chain-ping", "pamp-amplifier", "recall-churn", "--update", "--golden", str(tmp_path / f"g{n}"), "--out", str(tmp_path / f"out{n}"), *where],
            capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
        assert suite.returncode == 0, suite.stdout + suite.stderr
        outs.append(((tmp_path / f"sweep{n}.csv").read_bytes(),
                     {p.name: p.read_bytes() for p in sorted((tmp_path / f"out{n}").iterdir())}))
    assert outs[0] == outs[1]
    assert len(outs[0][1]) == 3 and outs[0][0].count(b"\n") > 4
