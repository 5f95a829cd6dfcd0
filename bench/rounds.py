"""What every benchmark here reports: medians with their min–max, and ratios of medians.

A figure is the median of samples taken over rounds that alternate between the thing measured and
its reference, so drift in the machine's load hits both alike; the min–max shows the spread. No
script keeps the best round.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence


def median(samples: Sequence[float]) -> float:
    """The median of ``samples`` (at least one)."""
    return float(statistics.median(samples))


def spread(
    samples: Sequence[float], *, scale: float = 1.0, unit: str = "ms", digits: int = 2
) -> str:
    """``"median X unit (min A – max B, n=N)"`` for ``samples`` multiplied by ``scale``."""
    values = [s * scale for s in samples]
    return (
        f"median {median(values):.{digits}f} {unit} "
        f"(min {min(values):.{digits}f} – max {max(values):.{digits}f}, n={len(values)})"
    )


def verdict(value: float, goal: float) -> str:
    """``"ok"`` when ``value`` meets ``goal`` (at most), else ``"over goal"``."""
    return "ok" if value <= goal else "over goal"
