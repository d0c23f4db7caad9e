"""Shared fixtures of the tools' tests: the package on sys.path, a fake runner, scenario trees."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / "tools"
sys.path.insert(0, str(TOOLS))

FAKE_RUNNER = Path(__file__).resolve().parent / "fake-pfhooks-run"
REGRESS = TOOLS / "pfhooks-regress"


def real_runner() -> Path | None:
    """The build's pfhooks-run ($PFHOOKS_RUN, else build/examples/pfhooks-run), if it exists."""
    path = Path(os.environ.get("PFHOOKS_RUN", REPO / "build" / "examples" / "pfhooks-run"))
    return path if path.is_file() else None


def write_scenario(directory: Path, name: str, tags: list[str], **fake: object) -> Path:
    """A scenario file for the fake runner."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = [f"name: {name}", f"tags: [{', '.join(tags)}]", "links:", "  delay: 2ms", "fake:"]
    lines += [f"  {k}: {v}" for k, v in fake.items()] or ["  packets: 10"]
    path = directory / f"{name}.yaml"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def suite_dir(tmp_path: Path) -> Path:
    """Three fake scenarios: two tagged fast, one slow."""
    d = tmp_path / "scenarios"
    write_scenario(d, "alpha", ["fast"], packets=10)
    write_scenario(d, "beta", ["fast", "v6"], packets=20, loss=1)
    write_scenario(d, "gamma", ["slow"], packets=30)
    return d
