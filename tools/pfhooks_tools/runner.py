"""Running pfhooks-run: one job in a process, and many in parallel on this machine.

``run_job`` is a plain module-level function of plain data, so a Dask
worker can run it too (cluster.py); it returns the parsed report, never a
path to one.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

# pfhooks-run's exit statuses (doc/scenarios.md); LAUNCH_FAILED is ours.
STATUS_OK = 0
STATUS_EXPECTATION_FAILED = 1
STATUS_BAD_INPUT = 2
STATUS_TIMEOUT = 3
STATUS_LAUNCH_FAILED = -1
STATUS_TEXT = {
    STATUS_OK: "ok",
    STATUS_EXPECTATION_FAILED: "expectation failed",
    STATUS_BAD_INPUT: "bad input",
    STATUS_TIMEOUT: "timeout",
    STATUS_LAUNCH_FAILED: "could not run",
}

# How much of a failing run's output a result keeps for the reports.
_TAIL = 4000


@dataclass(frozen=True)
class Job:
    """One run of pfhooks-run: which scenario, with which overrides and run number."""

    key: str
    runner: str
    scenario: str
    sets: tuple[tuple[str, str], ...] = ()
    rng_run: int | None = None
    cwd: str | None = None
    # A last resort behind the scenario's own run.timeout (pfhooks-run's watchdog).
    kill_after: float = 900.0

    def argv(self, report_path: str) -> list[str]:
        """The command line for this job, writing its report to ``report_path``."""
        args = [self.runner, f"--scenario={self.scenario}", f"--report={report_path}"]
        args += [f"--set={k}={v}" for k, v in self.sets]
        if self.rng_run is not None:
            args.append(f"--RngRun={self.rng_run}")
        return args


@dataclass
class RunResult:
    """What one job gave: exit status, the parsed report (or None) and output tails."""

    key: str
    status: int
    report: dict[str, Any] | None
    stderr: str = ""
    stdout: str = ""
    wall_seconds: float = 0.0
    error: str = ""
    host: str = field(default_factory=lambda: os.uname().nodename)

    @property
    def status_text(self) -> str:
        """The exit status in words."""
        return STATUS_TEXT.get(self.status, f"exit status {self.status}")


def run_job(job: Job) -> RunResult:
    """Run ``job`` in a child process and return its result with the report parsed."""
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="pfhooks-regress-") as tmp:
        report_path = os.path.join(tmp, "report.json")
        try:
            proc = subprocess.run(
                job.argv(report_path),
                cwd=job.cwd,
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                timeout=job.kill_after,
                check=False,
            )
        except FileNotFoundError:
            return RunResult(job.key, STATUS_LAUNCH_FAILED, None, error=f"{job.runner}: no such program")
        except PermissionError:
            return RunResult(job.key, STATUS_LAUNCH_FAILED, None, error=f"{job.runner}: not executable")
        except subprocess.TimeoutExpired:
            return RunResult(job.key, STATUS_TIMEOUT, None, error=f"killed after {job.kill_after:g} s")
        wall = time.monotonic() - start
        report: dict[str, Any] | None = None
        error = ""
        if os.path.exists(report_path):
            try:
                with open(report_path, encoding="utf-8") as f:
                    report = json.load(f)
            except (OSError, json.JSONDecodeError) as exc:
                error = f"report not readable: {exc}"
        elif proc.returncode in (STATUS_OK, STATUS_EXPECTATION_FAILED):
            error = "no report written"
        return RunResult(
            job.key,
            proc.returncode,
            report,
            stderr=proc.stderr[-_TAIL:],
            stdout=proc.stdout[-_TAIL:],
            wall_seconds=wall,
            error=error,
        )


def run_local(
    jobs: Iterable[Job], parallel: int, on_done: Callable[[RunResult], None] | None = None
) -> list[RunResult]:
    """Run ``jobs`` as processes, ``parallel`` at a time; results in the jobs' order."""
    job_list = list(jobs)
    results: dict[str, RunResult] = {}
    with ThreadPoolExecutor(max_workers=max(1, parallel)) as pool:
        futures = [pool.submit(run_job, job) for job in job_list]
        for future in as_completed(futures):
            result = future.result()
            results[result.key] = result
            if on_done:
                on_done(result)
    return [results[job.key] for job in job_list]
