# SPDX-License-Identifier: GPL-2.0-only
"""The package: version, docstrings, import paths."""
import inspect
import pydoc
import subprocess
import sys

import pfhooks
from pfhooks import ns


def test_version():
    assert pfhooks.__version__.count(".") == 2
    assert pfhooks.__version__ == pfhooks._build.VERSION


def test_ns_is_a_submodule():
    import pfhooks.ns as ns2
    from pfhooks.ns import Simulator

    assert ns2 is ns and Simulator is ns.Simulator


def _public(mod):
    for name in dir(mod):
        if not name.startswith("_"):
            yield name, getattr(mod, name)


def test_every_binding_has_a_docstring():
    missing = []
    for mod in (pfhooks._pfhooks, ns):
        for name, obj in _public(mod):
            if inspect.isclass(obj) and hasattr(obj, "__members__"):
                continue  # an enum: pybind11's own members
            if inspect.isclass(obj):
                if not (obj.__doc__ or "").strip():
                    missing.append(name)
                for mname, m in vars(obj).items():
                    if mname.startswith("_") or not callable(m) and not isinstance(m, property):
                        continue
                    doc = getattr(m, "__doc__", "") or ""
                    # pybind11 puts the signature first; a docstring follows it
                    if len([l for l in doc.strip().splitlines() if l.strip()]) < 2 and \
                            not isinstance(m, property):
                        missing.append(f"{name}.{mname}")
                    if isinstance(m, property) and not (m.__doc__ or "").strip():
                        missing.append(f"{name}.{mname}")
            elif callable(obj):
                doc = obj.__doc__ or ""
                if len([l for l in doc.strip().splitlines() if l.strip()]) < 2:
                    missing.append(name)
    assert missing == []


def test_help_shows_them():
    text = pydoc.render_doc(pfhooks.IpInstance, renderer=pydoc.plaintext)
    assert "add_packet_hook" in text and "EEXIST" in text
    assert "Simulator::Run" in pydoc.render_doc(ns.Simulator, renderer=pydoc.plaintext)


def test_import_pulls_in_nothing_heavy():
    # The import's time is a benchmark figure (bench/python-bench.py), not a
    # test; what keeps it small is checked here: nothing heavy comes with it.
    code = "import sys, pfhooks; print(sorted(m for m in ('numpy', 'matplotlib', 'pytest') if m in sys.modules))"
    assert subprocess.check_output([sys.executable, "-c", code], text=True).strip() == "[]"
