# SPDX-License-Identifier: GPL-2.0-only
"""The Python examples: where one does what a C++ example does, the outputs are equal."""
import os
import subprocess
import sys

import pytest

from conftest import BUILD

HERE = os.path.dirname(os.path.abspath(__file__))
PY_EXAMPLES = os.path.join(HERE, "..", "..", "examples", "python")
CXX_EXAMPLES = os.path.join(BUILD, "examples")


def run(cmd, cwd):
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=120)
    assert out.returncode == 0, out.stderr
    return out.stdout


def compare(tmp_path, name, args):
    cxx = os.path.join(CXX_EXAMPLES, name)
    if not os.path.exists(cxx):
        pytest.skip(f"{name} not built")
    py = run([sys.executable, os.path.join(PY_EXAMPLES, name + ".py")] + args, tmp_path)
    assert py == run([cxx] + args, tmp_path)
    return py


def test_first(tmp_path):
    out = compare(tmp_path, "pfhooks-first", ["--packets=200", "--dropEvery=50"])
    assert "server PHYSICAL_IN dropped:   4 (mypkthook 4)" in out
    assert "drop 540 bytes received from a010101 to a010202" in out


def test_ping_amplifier(tmp_path):
    out = compare(tmp_path, "pfhooks-ping-amplifier", ["--count=8"])
    assert "  2         1        2  loaded\n" in out and "amplified requests: 4" in out


def test_ping_amplifier_router(tmp_path):
    out = compare(tmp_path, "pfhooks-ping-amplifier", ["--count=8", "--router"])
    assert "replies received:   16" in out


def test_dumbbell(tmp_path):
    out = run([sys.executable, os.path.join(PY_EXAMPLES, "pfhooks-dumbbell.py"),
               "--netanim=anim.xml"], tmp_path)
    rows = [l.split() for l in out.splitlines() if l.strip()[:1].isdigit()]
    by_port = {r[2].rsplit(":", 1)[1]: r for r in rows}
    assert by_port["9001"][5] == "0"                      # blocked: nothing received
    assert by_port["9000"][4] == by_port["9000"][5] != "0"  # delivered
    assert "TCP sink received: 500000 bytes" in out
    assert f"{by_port['9001'][4]} dropped" in out
    assert os.path.getsize(tmp_path / "anim.xml") > 10000
