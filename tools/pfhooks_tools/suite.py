"""The scenario suite: scenario files, their names and tags, chosen by tag."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:  # Debian python3-yaml; without it, sweep files must be JSON.
    import yaml as _yaml
except ImportError:  # pragma: no cover - python3-yaml is in scripts/setup.sh
    _yaml = None


class SuiteError(Exception):
    """Bad input: a file that cannot be read, a tag or name that matches nothing."""


def load_data(path: Path) -> Any:
    """Read a YAML or JSON file (by extension); errors name the file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SuiteError(f"{path}: cannot read: {exc.strerror}") from exc
    if path.suffix in (".yaml", ".yml"):
        if _yaml is None:
            raise SuiteError(f"{path}: YAML needs python3-yaml (apt-get install python3-yaml)")
        try:
            return _yaml.safe_load(text)
        except _yaml.YAMLError as exc:
            raise SuiteError(f"{path}: {exc}") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SuiteError(f"{path}:{exc.lineno}:{exc.colno}: {exc.msg}") from exc


@dataclass(frozen=True)
class Scenario:
    """One scenario file: its path, its name (the golden's file name) and tags."""

    path: Path
    name: str
    tags: tuple[str, ...] = field(default_factory=tuple)


def read_scenario(path: Path) -> Scenario:
    """The name and tags of the scenario in ``path``.

    The name is the file's stem: it names the golden (test/golden/NAME.json)
    and is unique within a directory.  Tags come from the file's ``tags:``.
    """
    data = load_data(path)
    if not isinstance(data, dict):
        raise SuiteError(f"{path}: a scenario is a mapping, not {type(data).__name__}")
    tags = data.get("tags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise SuiteError(f"{path}: tags: expected a list of strings")
    return Scenario(path=path, name=path.stem, tags=tuple(tags))


def discover(directory: Path, tags: list[str] | None = None, names: list[str] | None = None) -> list[Scenario]:
    """The scenarios in ``directory`` (*.yaml, sorted by name).

    ``tags``: keep those carrying at least one of them; ``names``: keep those
    named (file stem or path).  A name or tag that selects nothing is an error.
    """
    if not directory.is_dir():
        raise SuiteError(f"{directory}: no such scenario directory")
    found = [read_scenario(p) for p in sorted(directory.glob("*.yaml"))]
    if tags:
        for tag in tags:
            if not any(tag in s.tags for s in found):
                raise SuiteError(f"--tag {tag}: no scenario in {directory} has it")
        found = [s for s in found if any(t in s.tags for t in tags)]
    if names:
        chosen = []
        for name in names:
            match = [s for s in found if s.name == name or s.path == Path(name) or s.path.name == name]
            if not match:
                raise SuiteError(f"{name}: no such scenario in {directory}" + (" with those tags" if tags else ""))
            chosen.extend(m for m in match if m not in chosen)
        found = chosen
    if not found:
        raise SuiteError(f"{directory}: no scenario files (*.yaml)")
    return found
