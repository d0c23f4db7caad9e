"""The figures of the regression and sweep reports (matplotlib, Agg, PNG bytes)."""

from __future__ import annotations

import io
from typing import Any

from .sweep import SweepRow, SweepSpec

# Past this many metrics a sweep's page shows the first ones; the CSV has all.
MAX_SWEEP_FIGURES = 12


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    # No date or software metadata: the same figure gives the same bytes.
    fig.savefig(buf, format="png", dpi=80, metadata={"Software": None})
    _pyplot().close(fig)
    return buf.getvalue()


def overview_figure(names: list[str], figures: list[dict[str, Any]], verdicts: list[str]) -> bytes | None:
    """One bar per scenario and numeric key figure (flows/pings totals); None if there is none."""
    keys = sorted({k for f in figures for k, v in f.items() if isinstance(v, (int, float)) and k != "findings"})
    if not names or not keys:
        return None
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(max(6.0, 0.6 * len(names) * max(1, len(keys)) / 2), 3.5))
    width = 0.8 / len(keys)
    for i, key in enumerate(keys):
        xs = [j + i * width for j in range(len(names))]
        ax.bar(xs, [float(f.get(key, 0) or 0) for f in figures], width, label=key)
    ax.set_xticks([j + 0.4 - width / 2 for j in range(len(names))])
    ax.set_xticklabels([f"{n}{'' if v != 'fail' else ' (FAIL)'}" for n, v in zip(names, verdicts)], rotation=30, ha="right", fontsize=7)
    ax.set_ylabel("count")
    ax.legend(fontsize=7)
    fig.tight_layout()
    return _png(fig)


def scenario_figure(report: dict[str, Any] | None) -> bytes | None:
    """One scenario's traffic: replies per sequence number of each ping, tx/rx/lost of each flow.

    Reads the runner's sections (doc/scenarios.md): ``pings`` as a list of
    ``{name, replies: [...]}``, ``flows`` as a list of ``{name, tx, rx, lost}``;
    None when the report has neither.
    """
    if not report:
        return None
    pings = [p for p in report.get("pings") or [] if isinstance(p, dict) and isinstance(p.get("replies"), list)]
    flows = [f for f in report.get("flows") or [] if isinstance(f, dict) and isinstance(f.get("tx"), (int, float))]
    panels = [x for x in (pings, flows) if x]
    if not panels:
        return None
    plt = _pyplot()
    fig, axes = plt.subplots(1, len(panels), figsize=(3.6 * len(panels), 2.4), squeeze=False)
    col = 0
    if pings:
        ax = axes[0][col]
        for p in pings:
            ax.step(range(len(p["replies"])), p["replies"], where="mid", marker=".", label=str(p.get("name", "")))
        ax.set_ylim(bottom=0, top=max([1] + [max(p["replies"] or [0]) for p in pings]) + 0.5)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.set_xlabel("sequence number", fontsize=7)
        ax.set_ylabel("replies", fontsize=7)
        ax.legend(fontsize=6)
        col += 1
    if flows:
        ax = axes[0][col]
        fields = ("tx", "rx", "lost")
        width = 0.8 / len(fields)
        for i, name in enumerate(fields):
            ax.bar([j + i * width for j in range(len(flows))], [float(f.get(name, 0) or 0) for f in flows], width, label=name)
        ax.set_xticks([j + width for j in range(len(flows))])
        ax.set_xticklabels([str(f.get("name", j)) for j, f in enumerate(flows)], fontsize=7)
        ax.set_ylabel("packets", fontsize=7)
        ax.legend(fontsize=6)
    for ax in axes[0]:
        ax.tick_params(labelsize=6)
    fig.tight_layout()
    return _png(fig)


def sweep_figures(spec: SweepSpec, rows: list[SweepRow]) -> list[tuple[str, bytes]]:
    """Per metric: its mean (with the 95 % interval) against the first parameter, one line per value of the others."""
    plt = _pyplot()
    first, first_values = spec.parameters[0]
    metrics = list(dict.fromkeys(r.metric for r in rows))[:MAX_SWEEP_FIGURES]
    out = []
    for metric in metrics:
        fig, ax = plt.subplots(figsize=(5.5, 3.5))
        lines: dict[tuple[tuple[str, str], ...], dict[str, SweepRow]] = {}
        for row in rows:
            if row.metric == metric:
                rest = tuple(p for p in row.point if p[0] != first)
                lines.setdefault(rest, {})[dict(row.point)[first]] = row
        for rest, by_value in lines.items():
            xs = [i for i, v in enumerate(first_values) if v in by_value]
            means = [by_value[first_values[i]].summary.mean for i in xs]
            err_lo = [m - by_value[first_values[i]].summary.ci_low for m, i in zip(means, xs)]
            err_hi = [by_value[first_values[i]].summary.ci_high - m for m, i in zip(means, xs)]
            label = ", ".join(f"{k}={v}" for k, v in rest) or None
            ax.errorbar(xs, means, yerr=[err_lo, err_hi], marker="o", capsize=3, label=label)
        ax.set_xticks(range(len(first_values)))
        ax.set_xticklabels(first_values)
        ax.set_xlabel(first)
        ax.set_ylabel(metric)
        ax.set_title(f"{metric} (mean, 95 % interval, {spec.seeds} seed{'s' if spec.seeds > 1 else ''})", fontsize=9)
        if any(rest for rest in lines):
            ax.legend(fontsize=7)
        fig.tight_layout()
        out.append((metric, _png(fig)))
    return out
