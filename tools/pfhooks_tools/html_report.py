"""A self-contained HTML page: CSS inline, images as data: URIs, no external URL, no script."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from typing import Any

_CSS = """
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccc; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f0f0f0; }
tr.pass td.verdict, tr.updated td.verdict { background: #d8f5d8; }
tr.fail td.verdict { background: #f8d0d0; font-weight: bold; }
pre { margin: 0; white-space: pre-wrap; font-size: 85%; }
ul.figures { margin: 0; padding-left: 1.2em; }
img { max-width: 100%; }
img.small { max-width: 360px; }
.summary { font-size: 110%; margin-bottom: 1em; }
"""


@dataclass
class HtmlRow:
    """One scenario (or sweep point) in the table."""

    name: str
    verdict: str
    status: str = ""
    tags: tuple[str, ...] = ()
    wall_seconds: float = 0.0
    figures: dict[str, Any] = field(default_factory=dict)
    details: str = ""
    images: list[tuple[str, bytes]] = field(default_factory=list)


def data_uri(png: bytes) -> str:
    """A PNG as a data: URI."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def render(
    title: str,
    rows: list[HtmlRow],
    images: list[tuple[str, bytes]] | None = None,
    intro: str = "",
) -> str:
    """The page: a summary line, one table row per scenario, then the figures."""
    failed = sum(1 for r in rows if r.verdict == "fail")
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="summary" id="summary">{len(rows) - failed} of {len(rows)} passed'
        + (f", <strong>{failed} failed</strong>" if failed else "")
        + "</p>",
    ]
    if intro:
        out.append(f"<p>{_e(intro)}</p>")
    out.append('<table id="scenarios"><thead><tr><th>scenario</th><th>verdict</th><th>exit</th>'
               "<th>tags</th><th>wall s</th><th>key figures</th><th>figures</th><th>details</th></tr></thead><tbody>")
    for r in rows:
        figs = "".join(f"<li>{_e(k)}: {_e(_fmt(v))}</li>" for k, v in r.figures.items())
        details = f"<details{' open' if r.verdict == 'fail' else ''}><summary>show</summary><pre>{_e(r.details)}</pre></details>" if r.details else ""
        imgs = "".join(f'<img class="small" src="{data_uri(png)}" alt="{_e(cap)}" title="{_e(cap)}">' for cap, png in r.images)
        out.append(
            f'<tr class="scenario {_e(r.verdict)}"><td>{_e(r.name)}</td><td class="verdict">{_e(r.verdict)}</td>'
            f"<td>{_e(r.status)}</td><td>{_e(' '.join(r.tags))}</td><td>{r.wall_seconds:.2f}</td>"
            f'<td><ul class="figures">{figs}</ul></td><td>{imgs}</td><td>{details}</td></tr>'
        )
    out.append("</tbody></table>")
    for caption, png in images or []:
        out.append(f'<figure><img src="{data_uri(png)}" alt="{_e(caption)}"><figcaption>{_e(caption)}</figcaption></figure>')
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.6g}"
    return str(value)
