"""Golden results: which report fields are compared, the canonical form, the diff.

A golden file holds a scenario's report with the run-dependent fields left
out (``IGNORED_FIELDS``), written canonically (keys sorted, two-space
indent), so the same run gives the same bytes on every machine.
"""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass
from typing import Any

# The fields left out of every comparison: they change from run to run or
# from machine to machine.  The list is doc/report-format.md's
# "Run-dependent fields", with the runner's one file name (scenario.file);
# doc/regression.md shows it.  Dotted paths; "*" matches one key or index.
IGNORED_FIELDS: tuple[str, ...] = (
    "meta.wall_seconds",
    "meta.command_line",
    "meta.pfhooks_version",
    "meta.ns3_version",
    "modules.*.path",
    "scenario.file",
)


def _ignored(path: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(path, p) for p in patterns)


def normalize(report: Any, patterns: tuple[str, ...] = IGNORED_FIELDS, _path: str = "") -> Any:
    """Return a copy of ``report`` without the fields matched by ``patterns``."""
    if isinstance(report, dict):
        out = {}
        for key, value in report.items():
            path = f"{_path}.{key}" if _path else str(key)
            if not _ignored(path, patterns):
                out[key] = normalize(value, patterns, path)
        return out
    if isinstance(report, list):
        return [normalize(v, patterns, f"{_path}.{i}" if _path else str(i)) for i, v in enumerate(report)]
    return report


def canonical_json(data: Any) -> str:
    """The bytes a golden file holds for ``data``: sorted keys, indent 2, final newline.

    A dict or list holding only scalars and empty containers (a kstats row, replies per
    sequence number) stays on one line, so a changed row is one changed
    line in ``git diff``.
    """
    return _dump(data, 0) + "\n"


def _flat(value: Any) -> bool:
    return not isinstance(value, (dict, list)) or not any(
        isinstance(v, (dict, list)) and len(v) > 0 for v in (value.values() if isinstance(value, dict) else value)
    )


def _dump(value: Any, depth: int) -> str:
    if _flat(value):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    pad, inner = "  " * depth, "  " * (depth + 1)
    if isinstance(value, dict):
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_dump(value[k], depth + 1)}" for k in sorted(value)]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    return "[\n" + ",\n".join(f"{inner}{_dump(v, depth + 1)}" for v in value) + "\n" + pad + "]"


@dataclass(frozen=True)
class Difference:
    """One field that differs: its dotted path, the golden and the actual value."""

    path: str
    golden: Any
    actual: Any

    MISSING = "<missing>"

    def __str__(self) -> str:
        return f"{self.path}: golden {_show(self.golden)}, actual {_show(self.actual)}"


def _show(value: Any) -> str:
    if value is Difference.MISSING:
        return value
    text = json.dumps(value, sort_keys=True)
    return text if len(text) <= 120 else text[:117] + "..."


def diff(golden: Any, actual: Any, _path: str = "") -> list[Difference]:
    """Every leaf where ``golden`` and ``actual`` differ, field by field, in document order.

    Dicts are compared key by key (a key on one side only is reported with
    ``<missing>`` on the other), lists element by element, leaves by type
    and value (``1`` and ``1.0`` differ: the report's bytes would too).
    """
    here = _path or "<root>"
    if isinstance(golden, dict) and isinstance(actual, dict):
        out: list[Difference] = []
        for key in sorted(set(golden) | set(actual), key=str):
            path = f"{_path}.{key}" if _path else str(key)
            if key not in actual:
                out.append(Difference(path, golden[key], Difference.MISSING))
            elif key not in golden:
                out.append(Difference(path, Difference.MISSING, actual[key]))
            else:
                out.extend(diff(golden[key], actual[key], path))
        return out
    if isinstance(golden, list) and isinstance(actual, list):
        out = []
        for i in range(max(len(golden), len(actual))):
            path = f"{_path}.{i}" if _path else str(i)
            if i >= len(actual):
                out.append(Difference(path, golden[i], Difference.MISSING))
            elif i >= len(golden):
                out.append(Difference(path, Difference.MISSING, actual[i]))
            else:
                out.extend(diff(golden[i], actual[i], path))
        return out
    if type(golden) is not type(actual) or golden != actual:
        return [Difference(here, golden, actual)]
    return []


def format_diff(differences: list[Difference], limit: int = 50) -> str:
    """The differences one per line, at most ``limit`` of them (and how many more)."""
    lines = [f"  {d}" for d in differences[:limit]]
    if len(differences) > limit:
        lines.append(f"  ... and {len(differences) - limit} more")
    return "\n".join(lines)


def flatten(data: Any, _path: str = "") -> dict[str, Any]:
    """Every leaf of ``data`` by dotted path (lists by index), in document order."""
    if isinstance(data, dict):
        out: dict[str, Any] = {}
        for key, value in data.items():
            out.update(flatten(value, f"{_path}.{key}" if _path else str(key)))
        return out
    if isinstance(data, list):
        out = {}
        for i, value in enumerate(data):
            out.update(flatten(value, f"{_path}.{i}" if _path else str(i)))
        return out
    return {_path: data}
