"""Pure-Python tools around pfhooks runs: plots, regression, sweeps."""

__all__: list = []
