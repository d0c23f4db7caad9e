"""Running jobs on a Dask distributed cluster (Debian python3-distributed).

The workers run ``runner.run_job`` and send back ``RunResult`` objects with
the parsed report: data, not paths, so workers need no shared output
directory.  They do need ``pfhooks-run`` and the scenario files at the paths
the jobs name (same checkout and build on every machine, or a shared
file system; doc/regression.md).  This package itself is shipped to the
workers with ``Client.upload_file``, so they run the client's code.
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Iterable

from .runner import Job, RunResult, run_job


class ClusterError(Exception):
    """The scheduler could not be reached or has no workers."""


def _package_zip(directory: str) -> str:
    """Zip this package (its .py files) into ``directory``; the zip's path."""
    package = Path(__file__).resolve().parent
    path = os.path.join(directory, "pfhooks_tools.zip")
    with zipfile.ZipFile(path, "w") as zf:
        for source in sorted(package.glob("*.py")):
            zf.write(source, f"pfhooks_tools/{source.name}")
    return path


def run_on_dask(
    jobs: Iterable[Job],
    scheduler: str,
    on_done: Callable[[RunResult], None] | None = None,
    connect_timeout: float = 30.0,
    workers_timeout: float = 60.0,
) -> list[RunResult]:
    """Run ``jobs`` on the cluster whose scheduler is at ``scheduler``; results in the jobs' order."""
    from distributed import Client, as_completed  # heavy: imported only when asked for

    job_list = list(jobs)
    try:
        client = Client(scheduler, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"--scheduler {scheduler}: cannot connect: {exc}") from exc
    with client:
        try:
            client.wait_for_workers(1, timeout=workers_timeout)
        except TimeoutError as exc:
            raise ClusterError(f"--scheduler {scheduler}: no worker within {workers_timeout:g} s") from exc
        with tempfile.TemporaryDirectory(prefix="pfhooks-dask-") as tmp:
            client.upload_file(_package_zip(tmp))
        futures = client.map(run_job, job_list, pure=False)
        results: dict[str, RunResult] = {}
        for future in as_completed(futures, loop=client.loop):
            result = future.result()
            results[result.key] = result
            if on_done:
                on_done(result)
    return [results[job.key] for job in job_list]
