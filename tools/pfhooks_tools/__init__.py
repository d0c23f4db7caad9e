"""pfhooks_tools: pure-Python tools around the pfhooks runner (regression, sweeps, plots)."""

__all__: list[str] = []
