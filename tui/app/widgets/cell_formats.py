"""The board's cell texts: results, input cells, kernel weights and superscript weights.

Each grid of the board writes its numbers as the scene's step text writes them: results with the
scene's rule (deck 003's maps print ``1.00``), a correlation's pixels and weights without
``fixed`` (``-1``, not ``-1.00``), and the max-pool padding as ``-∞``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from engine import NumberFormat, format_number
from lessons.playback import Playback

__all__ = ["CellFormats", "infinity"]


def infinity(value: float) -> str:
    """Max pooling pads with -∞ (as torch does); the board writes it as a symbol."""
    return "-∞" if value < 0 else "∞"


@dataclass(frozen=True)
class CellFormats:
    """How a playback's cells are written (its ``fmt``, ``input_fmt`` and ``kernel_fmt``).

    Attributes:
        result: Output cells, partial sums, pooled values.
        input: Input cells.
        kernel: Kernel weights (and vote weights).
    """

    result: NumberFormat | None
    input: NumberFormat | None
    kernel: NumberFormat | None

    @classmethod
    def of(cls, playback: Playback, *, fractions: bool = False) -> CellFormats:
        """The formats a playback's grids are written in (all as fractions with ``fractions``)."""
        if fractions:
            fraction = NumberFormat(mode="fraction")
            return cls(fraction, fraction, fraction)
        return cls(playback.fmt, playback.input_fmt, playback.kernel_fmt)

    def format(self, value: float) -> str:
        """A result (output cell, partial sum) with the scene's rule, ``fixed`` included."""
        if not math.isfinite(value):
            return infinity(value)
        return format_number(value, self.result)

    def format_input(self, value: float) -> str:
        """An input cell, written as the step text writes it (a correlation's operands bare)."""
        if not math.isfinite(value):
            return infinity(value)
        return format_number(value, self.input)

    def format_kernel(self, value: float) -> str:
        """A kernel weight (or vote weight) as the step text writes it (without ``fixed``)."""
        if not math.isfinite(value):
            return infinity(value)
        return format_number(value, self.kernel)

    def weight_text(self, value: float) -> str:
        """A kernel weight as a superscript writes it: whole numbers without decimals (``⁻¹``)."""
        if float(value).is_integer():
            return str(int(value))
        return self.format_kernel(value)
