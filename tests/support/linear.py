"""Linear time on long hostile input, checked as a ratio measured in the same run (never an absolute time).

Costs are CPU time of this process (``time.process_time``), so other processes on a shared machine
slow the wall clock but hardly the figure; each cost is the best of a few runs, and the input is
grown until one run costs a few milliseconds, so timer noise is small beside it. Eight times the input
costs about eight times the time when the work is linear and 64 times when it is quadratic: the bound
between them (30) leaves room for noise on either side.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T", str, bytes)

GROWTH = 8  # the large input is this many times the small one
BOUND = 30  # the most the cost may grow for GROWTH times the input: linear is ~8, quadratic ~64


def cpu_cost(run: Callable[[T], object], text: T, repeats: int = 3) -> float:
    """The best of `repeats` CPU times of run(text): the least disturbed run is the truest."""
    best = float("inf")
    for _ in range(repeats):
        start = time.process_time()
        run(text)
        best = min(best, time.process_time() - start)
    return best


def growth_ratio(
    run: Callable[[T], object],
    make: Callable[[int], T],
    base: int,
    *,
    min_cost: float = 0.004,
    max_base: int = 1 << 16,
    repeats: int = 3,
) -> tuple[float, float, int]:
    """(small cost, large cost, n): the costs of run(make(n)) and run(make(GROWTH * n)), with n grown
    from `base` (doubling, up to `max_base`) until the small run costs at least `min_cost` seconds."""
    n = base
    run(make(n))  # warm caches
    small = cpu_cost(run, make(n), repeats)
    while small < min_cost and n * 2 <= max_base:
        n *= 2
        small = cpu_cost(run, make(n), repeats)
    large = cpu_cost(run, make(GROWTH * n), repeats)
    return small, large, n


def scales_linearly(small: float, large: float) -> bool:
    """Whether a cost grew as linear work does for GROWTH times the input (a millisecond of slack, for
    inputs that stay cheap at every size)."""
    return large <= BOUND * small + 0.001


def assert_scales_linearly(run: Callable[[str], object], unit: str, base: int = 400) -> None:
    """Eight times the input may cost at most about eight times the time (generous for noise): a pattern
    that backtracks badly costs 64 times or far more."""
    small, large, n = growth_ratio(run, lambda count: unit * count, base)
    assert scales_linearly(small, large), (unit, n, small, large)
