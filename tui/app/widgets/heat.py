"""The heatmap shade of a cell: one rule for the stepper's grids and the training weights."""

from __future__ import annotations

import math

HEAT_LEVELS = 4
"""Shades on each side of zero."""


def heat_level(value: float, scale: float, *, zero: float = 0.0) -> int:
    """Return the heat shade of ``value``: 0 at zero, ±1..±HEAT_LEVELS by magnitude and sign.

    Args:
        value: The cell's value.
        scale: The largest magnitude in the array (the full shade).
        zero: Magnitudes below this count as zero: the training panel shows weights to two
            decimals, so a weight that reads ``0.00`` (below 0.005) is not shaded.

    >>> heat_level(0.0, 4.0), heat_level(4.0, 4.0), heat_level(-1.0, 4.0)
    (0, 4, -1)
    >>> heat_level(0.004, 1.0, zero=0.005), heat_level(-0.2, 1.0, zero=0.005)
    (0, -1)
    """
    if value == 0 or scale <= 0 or not math.isfinite(value) or abs(value) < zero:
        return 0
    level = max(1, min(HEAT_LEVELS, math.ceil(abs(value) / scale * HEAT_LEVELS)))
    return level if value > 0 else -level


__all__ = ["HEAT_LEVELS", "heat_level"]
