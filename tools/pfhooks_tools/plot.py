"""Figures from pfhooks runs: kstats time series and JSON reports.

Reads the formats of doc/report-format.md (schema pfhooks-kstats-series,
JSON or CSV, and schema pfhooks-report) and draws with matplotlib's Agg
backend.  The same input gives the same bytes: SVG ids come from a fixed
salt and no date is written (PNG carries no date either).
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
import pathlib
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

__all__ = [
    "PlotError",
    "Series",
    "load_series",
    "load_report",
    "load_report_or_series",
    "node_totals",
    "hook_totals",
    "ping_replies",
    "plot_series",
    "plot_pings",
    "save",
    "main",
]

SERIES_SCHEMA = "pfhooks-kstats-series"
REPORT_SCHEMA = "pfhooks-report"
SUPPORTED_VERSION = 1
# Event-row counters drawn per node, and hook-row counters drawn per hook.
NODE_COUNTERS = ("dropped", "rewritten", "injected")
HOOK_COUNTERS = ("hook_drops", "hook_injections")


class PlotError(Exception):
    """Input that cannot be plotted; the message names the file and why."""


@dataclass
class Series:
    """A kstats time series: sample times and, per sample, its rows."""

    interval_s: Optional[float]
    times: List[float] = field(default_factory=list)
    samples: List[List[dict]] = field(default_factory=list)


def _int_or_none(text: str) -> Optional[int]:
    return int(text) if text != "" else None


def _row_from_csv(rec: Dict[str, str]) -> dict:
    """A CSV line as the JSON row of the same kstat (doc/report-format.md)."""
    row: dict = {
        "node": int(rec["node"]),
        "netid": int(rec["netid"]),
        "family": rec["family"],
        "event": rec["event"],
    }
    if rec["hook"] == "":
        for key in ("hooksAdded", "hooksRemoved", "events", "accepted", "rewritten",
                    "dropped", "injected"):
            row[key] = _int_or_none(rec[key])
    else:
        row["hook"] = rec["hook"]
        for key in ("position", "hook_hits", "hook_drops", "hook_injections"):
            row[key] = _int_or_none(rec[key])
        if rec.get("removed") == "1":
            row["removed"] = True
    return row


def load_series(path: pathlib.Path) -> Series:
    """Reads a series file (.json or .csv).

    Raises:
        PlotError: the file is missing, unreadable or not a series.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PlotError(f"{path}: cannot read: {err.strerror}") from err
    if path.suffix.lower() == ".csv":
        reader = csv.DictReader(text.splitlines())
        if not reader.fieldnames or reader.fieldnames[0] != "time_s":
            raise PlotError(f"{path}: not a kstats series CSV (no time_s column first)")
        series = Series(interval_s=None)
        for rec in reader:
            t = float(rec["time_s"])
            if not series.times or series.times[-1] != t:
                series.times.append(t)
                series.samples.append([])
            series.samples[-1].append(_row_from_csv(rec))
        return series
    doc = _load_json(path, text)
    _check_schema(path, doc, SERIES_SCHEMA)
    series = Series(interval_s=doc.get("interval_s"))
    for sample in doc.get("samples", []):
        series.times.append(float(sample["t"]))
        series.samples.append(list(sample["rows"]))
    return series


def load_report(path: pathlib.Path) -> dict:
    """Reads a JSON report.

    Raises:
        PlotError: the file is missing, unreadable or not a report.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PlotError(f"{path}: cannot read: {err.strerror}") from err
    doc = _load_json(path, text)
    _check_schema(path, doc, REPORT_SCHEMA)
    return doc


def load_report_or_series(path: pathlib.Path):
    """Reads a JSON file that is a series (returns a Series) or a report (returns a dict).

    Raises:
        PlotError: the file is neither.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise PlotError(f"{path}: cannot read: {err.strerror}") from err
    doc = _load_json(path, text)
    if doc.get("schema") == SERIES_SCHEMA:
        return load_series(path)
    if doc.get("schema") == REPORT_SCHEMA:
        return load_report(path)
    raise PlotError(f"{path}: schema is {doc.get('schema')!r}, expected "
                    f"{SERIES_SCHEMA!r} or {REPORT_SCHEMA!r}")


def _load_json(path: pathlib.Path, text: str) -> dict:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as err:
        raise PlotError(f"{path}:{err.lineno}:{err.colno}: not valid JSON: {err.msg}") from err
    if not isinstance(doc, dict):
        raise PlotError(f"{path}: not a pfhooks JSON object")
    return doc


def _check_schema(path: pathlib.Path, doc: dict, schema: str) -> None:
    if doc.get("schema") != schema:
        raise PlotError(f"{path}: schema is {doc.get('schema')!r}, expected {schema!r}")
    if doc.get("version") != SUPPORTED_VERSION:
        raise PlotError(f"{path}: {schema} version {doc.get('version')!r} is not supported "
                        f"(this tool reads version {SUPPORTED_VERSION})")


def node_totals(series: Series) -> Dict[Tuple[int, str], List[int]]:
    """Per (node, counter): the event rows' counter summed over families and events, per sample."""
    out: Dict[Tuple[int, str], List[int]] = {}
    for k, rows in enumerate(series.samples):
        for row in rows:
            if "hook" in row:
                continue
            for counter in NODE_COUNTERS:
                values = out.setdefault((row["node"], counter), [0] * len(series.samples))
                values[k] += row.get(counter) or 0
    return out


def hook_totals(series: Series) -> Dict[Tuple[int, str, str, str, str], List[int]]:
    """Per (node, family, event, hook, counter): live and removed rows added up, per sample."""
    out: Dict[Tuple[int, str, str, str, str], List[int]] = {}
    for k, rows in enumerate(series.samples):
        for row in rows:
            if "hook" not in row:
                continue
            for counter in HOOK_COUNTERS:
                key = (row["node"], row["family"], row["event"], row["hook"], counter)
                values = out.setdefault(key, [0] * len(series.samples))
                values[k] += row.get(counter) or 0
    return out


def ping_replies(report: dict) -> List[Tuple[str, List[int], List[int]]]:
    """Per pinger: a label, its sequence numbers and their replies.

    Looks in traffic.pings (pfhooks-run, the examples) and in a top-level
    pings section (the scenario runner) when it has the same shape.
    """
    pings = list(report.get("traffic", {}).get("pings", []))
    top = report.get("pings")
    if isinstance(top, list):
        pings += [p for p in top if isinstance(p, dict) and "sequences" in p]
    out = []
    for p in pings:
        label = f"node {p.get('node', '?')} -> {p.get('target', '?')}"
        seqs = [s["seq"] for s in p["sequences"]]
        replies = [s["replies"] for s in p["sequences"]]
        out.append((label, seqs, replies))
    return out


def _rate(times: List[float], values: List[int]) -> List[float]:
    """Per-interval increase divided by the interval (the first point 0)."""
    out = [0.0]
    for k in range(1, len(values)):
        dt = times[k] - times[k - 1]
        out.append((values[k] - values[k - 1]) / dt if dt > 0 else 0.0)
    return out


def plot_series(series: Series, title: str = "", rate: bool = False) -> plt.Figure:
    """Drops, rewrites and injections over time: per node (top) and per hook (bottom)."""
    if not series.times:
        raise PlotError("the series has no samples")
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(8, 7), sharex=True)
    unit = "per second" if rate else "total"
    for (node, counter), values in sorted(node_totals(series).items()):
        if any(values):
            ys = _rate(series.times, values) if rate else values
            top.step(series.times, ys, where="post", label=f"node {node} {counter}")
    top.set_ylabel(f"packets ({unit})")
    top.set_title("per node (all families and events)")
    for (node, family, event, hook, counter), values in sorted(hook_totals(series).items()):
        if any(values):
            ys = _rate(series.times, values) if rate else values
            short = counter.replace("hook_", "")
            bottom.step(series.times, ys, where="post",
                        label=f"node {node} {family}/{event} {hook} {short}")
    bottom.set_ylabel(f"packets ({unit})")
    bottom.set_xlabel("simulated time (s)")
    bottom.set_title("per hook (removed hooks included)")
    for ax in (top, bottom):
        if ax.get_legend_handles_labels()[0]:
            ax.legend(fontsize="small", loc="upper left")
        else:
            ax.text(0.5, 0.5, "nothing counted", transform=ax.transAxes, ha="center")
        ax.grid(True, alpha=0.3)
        if not rate:
            ax.yaxis.get_major_locator().set_params(integer=True)
    fig.suptitle(title or "pfhooks kstats over time")
    fig.tight_layout()
    return fig


def plot_pings(report: dict, title: str = "") -> plt.Figure:
    """Replies per sequence number, one group of bars per pinger."""
    pings = ping_replies(report)
    if not pings:
        raise PlotError("the report has no pings (traffic.pings or pings)")
    fig, ax = plt.subplots(figsize=(8, 4))
    width = 0.8 / len(pings)
    for k, (label, seqs, replies) in enumerate(pings):
        ax.bar([s + k * width for s in seqs], replies, width=width, label=label)
    ax.set_xlabel("ICMP sequence number")
    ax.set_ylabel("echo replies")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize="small")
    ax.grid(True, axis="y", alpha=0.3)
    ax.set_title(title or "replies per sequence number")
    fig.tight_layout()
    return fig


def save(fig: plt.Figure, out: pathlib.Path) -> None:
    """Writes a figure as PNG or SVG (by extension), the same bytes for the same figure.

    Raises:
        PlotError: another extension, or the file cannot be written.
    """
    suffix = out.suffix.lower()
    if suffix == ".svg":
        metadata = {"Date": None, "Creator": "pfhooks-plot"}
    elif suffix == ".png":
        metadata = {"Software": "pfhooks-plot"}
    else:
        raise PlotError(f"{out}: the output must be a .png or .svg file")
    with matplotlib.rc_context({"svg.hashsalt": "pfhooks", "svg.fonttype": "path"}):
        try:
            fig.savefig(out, metadata=metadata, dpi=100)
        except OSError as err:
            raise PlotError(f"{out}: cannot write: {err.strerror}") from err
        finally:
            plt.close(fig)


def main(argv: Optional[List[str]] = None) -> int:
    """The command line of tools/pfhooks-plot. \return the exit status (2: bad input)."""
    parser = argparse.ArgumentParser(
        prog="pfhooks-plot",
        description="Draws a pfhooks kstats time series (drops, rewrites and injections over "
                    "time, per node and per hook) or a JSON report (replies per sequence "
                    "number) as PNG or SVG; the input's schema picks the figure "
                    "(doc/time-series.md).")
    parser.add_argument("input", type=pathlib.Path,
                        help="a kstats series (.json or .csv) or a JSON report")
    parser.add_argument("-o", "--output", type=pathlib.Path, required=True,
                        help="the figure: .png or .svg")
    parser.add_argument("--rate", action="store_true",
                        help="series: packets per second instead of running totals")
    parser.add_argument("--title", default="", help="the figure's title")
    args = parser.parse_args(argv)
    try:
        if args.output.suffix.lower() not in (".png", ".svg"):
            raise PlotError(f"{args.output}: the output must be a .png or .svg file")
        if args.input.suffix.lower() == ".csv":
            data = load_series(args.input)
        else:
            data = load_report_or_series(args.input)
        if isinstance(data, Series):
            fig = plot_series(data, args.title, args.rate)
        else:
            fig = plot_pings(data, args.title)
        save(fig, args.output)
    except PlotError as err:
        print(f"pfhooks-plot: error: {err}", file=sys.stderr)
        return 2
    print(f"pfhooks-plot: wrote {args.output}")
    return 0
