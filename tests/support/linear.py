"""Linear time on long hostile input, checked as a ratio measured in the same run (never an absolute time)."""

from __future__ import annotations

import time
from collections.abc import Callable


def assert_scales_linearly(run: Callable[[str], object], unit: str, base: int = 400) -> None:
    """Eight times the input may cost at most about eight times the time (generous for noise): a pattern
    that backtracks badly costs 64 times or far more."""

    def cost(n: int) -> float:
        text = unit * n
        start = time.process_time()
        run(text)
        return time.process_time() - start

    cost(base)  # warm caches
    small, large = cost(base), cost(base * 8)
    assert large <= 30 * small + 1.0, (small, large)
