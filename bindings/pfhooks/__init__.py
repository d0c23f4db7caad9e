# SPDX-License-Identifier: GPL-2.0-only
"""pfhooks: the illumos packet filtering hooks (hook(9F), netinfo(9F)) for ns-3.

Scenarios and hooks in Python. ``pfhooks.ns`` holds the ns-3 surface
(simulator, time, nodes, links, the internet stack, applications, pcap,
FlowMonitor, NetAnim, attributes and trace sinks); the top level holds
pfhooks itself (install, hooks, the C face's netinfo calls, Solaris
modules, zones, kstats). See doc/python.md.

Python hooks run inside the simulation, on its thread, with the GIL held:
they may not sleep or block (no time.sleep, no I/O waits); schedule work
with ``ns.Simulator.schedule`` instead.
"""

import atexit as _atexit
import sys as _sys

from ._build import VERSION as __version__
from .errors import HookError, PfhooksError, StaleViewError
from . import _pfhooks
from ._pfhooks import *  # noqa: F401,F403
from ._pfhooks import ns

# `import pfhooks.ns` and `from pfhooks.ns import X` work as for a package.
_sys.modules[__name__ + ".ns"] = ns


def _at_exit():
    # Before the interpreter goes: Python callables held by hooks and
    # events are released while Python can still take them back.
    try:
        ns.Simulator.destroy()
    except Exception:  # pragma: no cover - best effort at exit
        pass


_atexit.register(_at_exit)

__all__ = [n for n in dir(_pfhooks) if not n.startswith("_")] + [
    "HookError",
    "PfhooksError",
    "StaleViewError",
    "__version__",
]
