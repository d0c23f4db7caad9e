"""Tests of tools/pfhooks_tools/plot.py and tools/pfhooks-plot (doc/time-series.md)."""
from __future__ import annotations

import json
import pathlib
import subprocess
import sys

import pytest

TOOLS = pathlib.Path(__file__).resolve().parents[2] / "tools"
sys.path.insert(0, str(TOOLS))

from pfhooks_tools import plot  # noqa: E402


def event_row(node: int, t: int, **counts: int) -> dict:
    row = {"node": node, "netid": node, "family": "NHF_INET", "event": "PHYSICAL_IN",
           "hooksAdded": 1, "hooksRemoved": 0, "events": 10 * t, "accepted": 0,
           "rewritten": 0, "dropped": 0, "injected": 0}
    row.update(counts)
    return row


def hook_row(node: int, hook: str, drops: int, removed: bool = False) -> dict:
    row = {"node": node, "netid": node, "family": "NHF_INET", "event": "PHYSICAL_IN",
           "hook": hook, "position": 1, "hook_hits": 10, "hook_drops": drops,
           "hook_injections": 0}
    if removed:
        row["removed"] = True
    return row


@pytest.fixture(name="series_file")
def fixture_series_file(tmp_path: pathlib.Path) -> pathlib.Path:
    """Three samples: node 1 drops 0, 2, 5; its hook 'f' goes after the second."""
    samples = [
        {"t": 0.0, "rows": [event_row(1, 0), hook_row(1, "f", 0)]},
        {"t": 0.5, "rows": [event_row(1, 1, dropped=2), hook_row(1, "f", 2)]},
        {"t": 1.0, "rows": [event_row(1, 2, dropped=5), hook_row(1, "f", 3, removed=True),
                            hook_row(1, "g", 0)]},
    ]
    path = tmp_path / "series.json"
    path.write_text(json.dumps({"schema": "pfhooks-kstats-series", "version": 1,
                                "interval_s": 0.5, "samples": samples}))
    return path


@pytest.fixture(name="report_file")
def fixture_report_file(tmp_path: pathlib.Path) -> pathlib.Path:
    report = {"schema": "pfhooks-report", "version": 1, "meta": {}, "kstats": [],
              "traffic": {"pings": [{"node": 0, "target": "10.1.1.2", "sent": 3, "replies": 5,
                                     "sequences": [{"seq": 0, "sent_s": 1, "replies": 1},
                                                   {"seq": 1, "sent_s": 2, "replies": 2},
                                                   {"seq": 2, "sent_s": 3, "replies": 2}]}]}}
    path = tmp_path / "report.json"
    path.write_text(json.dumps(report))
    return path


def test_series_totals_per_node_and_per_hook(series_file: pathlib.Path) -> None:
    series = plot.load_series(series_file)
    assert series.times == [0.0, 0.5, 1.0]
    assert series.interval_s == 0.5
    assert plot.node_totals(series)[(1, "dropped")] == [0, 2, 5]
    hooks = plot.hook_totals(series)
    # The removed row of 'f' carries on its line; 'g' starts at 0.
    assert hooks[(1, "NHF_INET", "PHYSICAL_IN", "f", "hook_drops")] == [0, 2, 3]
    assert hooks[(1, "NHF_INET", "PHYSICAL_IN", "g", "hook_drops")] == [0, 0, 0]


def test_csv_series_reads_as_the_json_one(tmp_path: pathlib.Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text(
        "time_s,node,netid,family,event,hook,hooksAdded,hooksRemoved,events,accepted,"
        "rewritten,dropped,injected,position,hook_hits,hook_drops,hook_injections,removed\n"
        "0.0,1,1,NHF_INET,PHYSICAL_IN,,1,0,0,0,0,0,0,,,,,\n"
        "0.0,1,1,NHF_INET,PHYSICAL_IN,f,,,,,,,,1,0,0,0,0\n"
        "1.0,1,1,NHF_INET,PHYSICAL_IN,,1,1,9,5,0,4,0,,,,,\n"
        "1.0,1,1,NHF_INET,PHYSICAL_IN,f,,,,,,,,1,9,4,0,1\n")
    series = plot.load_series(path)
    assert series.times == [0.0, 1.0]
    assert series.samples[1][1]["removed"] is True
    assert plot.node_totals(series)[(1, "dropped")] == [0, 4]


def test_replies_per_sequence(report_file: pathlib.Path) -> None:
    report = plot.load_report(report_file)
    assert plot.ping_replies(report) == [("node 0 -> 10.1.1.2", [0, 1, 2], [1, 2, 2])]


@pytest.mark.parametrize("suffix", [".svg", ".png"])
def test_same_input_same_bytes(series_file: pathlib.Path, tmp_path: pathlib.Path,
                               suffix: str) -> None:
    a = tmp_path / ("a" + suffix)
    b = tmp_path / ("b" + suffix)
    plot.save(plot.plot_series(plot.load_series(series_file)), a)
    plot.save(plot.plot_series(plot.load_series(series_file)), b)
    assert a.read_bytes() == b.read_bytes()
    assert a.stat().st_size > 1000


def test_command_line_draws_both_kinds(series_file: pathlib.Path, report_file: pathlib.Path,
                                       tmp_path: pathlib.Path,
                                       capsys: pytest.CaptureFixture) -> None:
    # The script itself once (it only calls plot.main), the rest in-process.
    out = tmp_path / "s.svg"
    done = subprocess.run([sys.executable, str(TOOLS / "pfhooks-plot"), str(series_file), "-o",
                           str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"pfhooks-plot: wrote {out}\n"
    assert out.read_text().startswith("<?xml")
    png = tmp_path / "p.png"
    assert plot.main([str(report_file), "-o", str(png)]) == 0
    assert capsys.readouterr().out == f"pfhooks-plot: wrote {png}\n"
    assert png.read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize("content,message", [
    ("{", "not valid JSON"),
    ('{"schema": "other", "version": 1}', "schema is 'other', expected"),
    ('{"schema": "pfhooks-report", "version": 2}', "version 2 is not supported"),
])
def test_bad_input_is_named(tmp_path: pathlib.Path, content: str, message: str,
                            capsys: pytest.CaptureFixture) -> None:
    src = tmp_path / "bad.json"
    src.write_text(content)
    assert plot.main([str(src), "-o", str(tmp_path / "x.png")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"pfhooks-plot: error: {src}")
    assert message in err
    assert not (tmp_path / "x.png").exists()


def test_bad_output_and_empty_input(report_file: pathlib.Path, tmp_path: pathlib.Path,
                                    capsys: pytest.CaptureFixture) -> None:
    assert plot.main([str(report_file), "-o", str(tmp_path / "x.pdf")]) == 2
    assert "x.pdf: the output must be a .png or .svg file" in capsys.readouterr().err
    with pytest.raises(plot.PlotError, match="no pings"):
        plot.plot_pings({"schema": "pfhooks-report", "version": 1})
    with pytest.raises(plot.PlotError, match="no samples"):
        plot.plot_series(plot.Series(interval_s=1.0))
