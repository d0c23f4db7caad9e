# SPDX-License-Identifier: GPL-2.0-only
"""The scenarios doc/python.md shows run and print what it says they print."""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DOC = os.path.join(HERE, "..", "..", "doc", "python.md")


def section_blocks(title: str) -> list[str]:
    """The fenced code blocks of the doc's section `title`, in order."""
    text = open(DOC, encoding="utf-8").read()
    start = text.index("## " + title + "\n")
    end = text.find("\n## ", start + 1)
    section = text[start:end if end >= 0 else len(text)]
    return re.findall(r"```[a-z]*\n(.*?)```", section, re.S)


def test_first_scenario_prints_what_the_doc_says(tmp_path):
    script, printed = section_blocks("A first scenario")[:2]
    (tmp_path / "first.py").write_text(script)
    out = subprocess.run([sys.executable, "first.py"], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == printed
