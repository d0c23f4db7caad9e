# SPDX-License-Identifier: GPL-2.0-only
"""The exceptions of pfhooks (pure Python, so that the extension can raise them)."""

import errno as _errno


class PfhooksError(OSError):
    """A pfhooks, hook(9F) or netinfo(9F) call failed.

    ``errno`` is the error number the engine returned and ``name`` its
    illumos name (``"EEXIST"``, ``"EINVAL"``, ``"ENXIO"``, ...), which also
    starts the message.
    """

    def __init__(self, err, what=""):
        self.name = _errno.errorcode.get(err, str(err))
        super().__init__(err, f"{self.name}: {what}" if what else self.name)

    def __str__(self):
        return self.strerror


class HookError(RuntimeError):
    """A Python hook raised under the 'stop' policy: the run stopped.

    ``record`` is the report (see ``pfhooks.hook_errors()``); the hook's own
    exception is ``__cause__``.
    """

    def __init__(self, message, record=None):
        super().__init__(message)
        self.record = record


class StaleViewError(RuntimeError):
    """A packet view was used after its hook returned (the packet is gone)."""
