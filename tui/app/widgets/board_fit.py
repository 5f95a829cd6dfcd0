"""How a board's grids fit a width: full or compact cells, all maps or one, in a row or not.

Worked out from the panes' texts before any grid exists, so the board composes once in the
arrangement that fits, and the lesson screen can ask how wide the board wants to be before it
decides where the narration goes (beside the board, or below it).

The arrangements, best first:

1. full cells (each covered cell shows its kernel weight as a superscript), every map, one row;
1b. a bank of single-channel kernels (deck 003's three features on one image), when the terminal
    has the rows for it: the input, then a column of one line per feature, ``kernel k = map k``,
    so every map of the stack shows at full cell size (``bank``);
2. full cells, one map at a time (focus), one row;
3. compact cells (no superscripts: the weights are in the kernel grid and the arithmetic), every
   map, one row;
4. compact cells, focus, one row;
5. compact, focus, "side": the input on the left, the kernel over the output on its right;
6. compact, focus, stacked: the input, then the kernel and the output under it, scrolling.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from engine.types import FloatArray

__all__ = [
    "MIN_CELL_WIDTH",
    "ZOOM_CELLS",
    "ZOOM_FROM",
    "Arrangement",
    "BoardWidths",
    "arrange",
    "line_width",
    "stacked_zoom_rows",
    "zoom_cells",
]

MIN_CELL_WIDTH = 2
"""The narrowest cell, so single digits do not run together (as the grid widget draws it)."""

GRID_GAP = 1
"""Columns after each grid: its right margin."""

BANK_EQUALS = 3
"""Columns of the ``=`` between a kernel and its map on a bank's line."""

BOARD_EXTRA = 10
"""Columns the operators (``⋆``, ``=``) and the board's padding take in one row, with room for
the stage's scrollbar."""

SIDE_EXTRA = 6
"""Columns the "side" arrangement adds to its grids: one operator (3), the padding (2) and one to
spare."""


def line_width(texts_width: int, cols: int, weight_width: int) -> int:
    """A grid's drawn width: each cell plus its separator, and a closing separator.

    >>> line_width(1, 6, 2)  # deck 000's 6x6 input, weights like ⁻¹ shown
    25
    >>> line_width(1, 6, 0)
    19
    """
    cell = max(MIN_CELL_WIDTH, texts_width + weight_width)
    return cols * (cell + 1) + 1


ZOOM_FROM = 20
"""A grid this many rows or columns (or more) shows as a zoomed view around the step: a 28x28
input, and its 26x26 output."""

ZOOM_CELLS = 16
"""The columns of cells a zoomed grid shows at most (its view follows the window)."""


def zoom_cells(available: int) -> int:
    """How many columns of cells a zoomed view shows in ``available`` terminal columns.

    >>> zoom_cells(80), zoom_cells(120), zoom_cells(160)
    (9, 12, 16)
    """
    if available >= 140:
        return ZOOM_CELLS
    return 12 if available >= 100 else 9


STACKED_LINES = 8
"""Lines a stacked board spends besides its two rows of grids: the two rows' titles, the
arithmetic, the formula, the shade legend and the notes under them."""


def stacked_zoom_rows(height: int) -> int:
    """How many rows of cells each zoomed grid of a stacked board shows in a ``height``-row
    terminal, so that input, output and the arithmetic under them stay on screen.

    The board column takes at most three quarters of the rows under the header, the status
    line and the footer (the narration keeps the rest); two zoomed grids share it, beside
    :data:`STACKED_LINES` more lines. Never more than :data:`ZOOM_CELLS`, never under 5.

    >>> stacked_zoom_rows(24), stacked_zoom_rows(40), stacked_zoom_rows(50), stacked_zoom_rows(80)
    (5, 9, 13, 16)
    """
    board = (height - 3) * 3 // 4
    return max(5, min(ZOOM_CELLS, (board - STACKED_LINES) // 2))


SIDE_LINES = 7
"""Lines a board with its grids side by side spends besides their cells: the grids' titles,
the arithmetic (a blank line over it, and one for a long sum's wrap), the formula, the shade
legend and the scrub bar docked under the board."""


def side_zoom_rows(height: int) -> int:
    """How many rows of cells a zoomed grid shows when the grids stand side by side in a
    ``height``-row terminal, so that the arithmetic under them stays on screen.

    The board column takes at most three quarters of the rows under the header, the status line
    and the footer; the grids get that less :data:`SIDE_LINES`. Never more than 30 (the tall
    stylesheet's height), never under 5.

    >>> side_zoom_rows(34), side_zoom_rows(40), side_zoom_rows(50), side_zoom_rows(80)
    (16, 20, 28, 30)
    """
    board = (height - 3) * 3 // 4
    return max(5, min(30, board - SIDE_LINES))


def text_width(pane: FloatArray, format: Callable[[float], str]) -> int:
    """The widest cell text of a pane (distinct values only: a 28x28 image has few)."""
    values = np.unique(pane[np.isfinite(pane)]) if pane.size else pane
    widths = [len(format(float(v))) for v in values]
    if pane.size and not np.isfinite(pane).all():
        widths.append(len(format(float("-inf"))))
    return max(widths, default=1)


@dataclass(frozen=True)
class Arrangement:
    """Where the board's grids go.

    Attributes:
        focus: Only the current output map (and its kernel, or input channel) shows.
        compact: Cells without superscript weights.
        mode: ``row`` (input, kernel, output side by side), ``bank`` (the input beside a column
            of ``kernel k = map k`` lines), ``side`` (the kernel over the output, beside the
            input) or ``stacked`` (the input over the kernel and output).
        width: The columns the arrangement takes.
    """

    focus: bool
    compact: bool
    mode: str
    width: int

    @property
    def stacked(self) -> bool:
        """Whether the grids do not fit in one row (a bank's column of maps is one row too)."""
        return self.mode not in ("row", "bank")


@dataclass(frozen=True)
class BoardWidths:
    """The drawn widths of a board's grids, full and compact.

    Attributes:
        inputs: Each input pane's (full, compact) width.
        kernels: Each kernel pane's width (kernels carry no superscripts).
        outputs: Each output pane's width.
        focus_groups: Which of ``inputs``/``kernels``/``outputs`` show one pane at a time in
            focus mode.
    """

    inputs: tuple[tuple[int, int], ...]
    kernels: tuple[int, ...]
    outputs: tuple[int, ...]
    focus_groups: frozenset[str]

    @classmethod
    def of(
        cls,
        inputs: Sequence[FloatArray],
        kernels: Sequence[FloatArray],
        outputs: Sequence[FloatArray],
        formats: tuple[Callable[[float], str], Callable[[float], str], Callable[[float], str]],
        weight_width: int,
        focus_groups: frozenset[str],
        zoom: int = ZOOM_CELLS,
    ) -> BoardWidths:
        """Measure the panes with their formats (input, kernel, output).

        A big pane (``ZOOM_FROM`` rows or columns) counts as its zoomed view of ``zoom`` cells.
        """
        input_format, kernel_format, output_format = formats

        def measured(pane: FloatArray, width: int, weights: int) -> int:
            cols = pane.shape[1]
            if max(pane.shape) >= ZOOM_FROM:
                cols = min(cols, zoom)
            return line_width(width, cols, weights)

        measured_inputs = []
        for pane in inputs:
            width = text_width(pane, input_format)
            measured_inputs.append((measured(pane, width, weight_width), measured(pane, width, 0)))
        return cls(
            inputs=tuple(measured_inputs),
            kernels=tuple(measured(p, text_width(p, kernel_format), 0) for p in kernels),
            outputs=tuple(measured(p, text_width(p, output_format), 0) for p in outputs),
            focus_groups=focus_groups,
        )

    def _parts(self, focus: bool, compact: bool) -> tuple[list[int], list[int], list[int]]:
        inputs = [pair[1] if compact else pair[0] for pair in self.inputs]
        kernels = list(self.kernels)
        outputs = list(self.outputs)
        if focus:
            if "inputs" in self.focus_groups:
                inputs = inputs[:1]
            if "kernels" in self.focus_groups:
                kernels = kernels[:1]
            if "outputs" in self.focus_groups:
                outputs = outputs[:1]
        return inputs, kernels, outputs

    def row_width(self, *, focus: bool, compact: bool) -> int:
        """The columns of one row of every grid shown."""
        inputs, kernels, outputs = self._parts(focus, compact)
        return sum(w + GRID_GAP for w in (*inputs, *kernels, *outputs)) + BOARD_EXTRA

    def side_width(self) -> int:
        """The columns of the input beside the kernel-over-output column (compact, focus)."""
        inputs, kernels, outputs = self._parts(True, True)
        left = sum(w + GRID_GAP for w in inputs)
        right = max(sum(w + GRID_GAP for w in kernels), sum(w + GRID_GAP for w in outputs))
        return left + right + SIDE_EXTRA

    def bank_width(self, *, compact: bool) -> int:
        """The columns of the input beside one ``kernel = map`` line (every map, one a line)."""
        inputs, kernels, outputs = self._parts(True, compact)
        left = sum(w + GRID_GAP for w in inputs)
        right = max(kernels, default=0) + GRID_GAP + BANK_EQUALS + max(outputs, default=0)
        return left + right + GRID_GAP + BOARD_EXTRA

    @property
    def can_compact(self) -> bool:
        """Whether compact cells are narrower than full ones (a window carries weights)."""
        return any(full != compact for full, compact in self.inputs)


def arrange(
    widths: BoardWidths, available: int, *, side: bool = True, bank: bool = False
) -> Arrangement:
    """The best arrangement of the board's grids in ``available`` columns (see the module).

    Args:
        widths: The grids' widths.
        available: The columns the board has.
        side: Whether the "side" arrangement may be used (a board with a kernel and an output).
        bank: Whether the "bank" arrangement may be used: a bank of single-channel kernels, on
            a terminal with the rows for one line per map.
    """
    focus_options = (False, True) if widths.focus_groups else (False,)
    compact_options = (False, True) if widths.can_compact else (False,)
    for compact in compact_options:
        for focus in focus_options:
            width = widths.row_width(focus=focus, compact=compact)
            if width <= available:
                return Arrangement(focus, compact, "row", width)
            if bank and not focus:
                width = widths.bank_width(compact=compact)
                if width <= available:
                    return Arrangement(False, compact, "bank", width)
    focus = bool(widths.focus_groups)
    compact = widths.can_compact
    if side and widths.kernels and widths.outputs:
        width = widths.side_width()
        if width <= available:
            return Arrangement(focus, compact, "side", width)
    width = min(available, widths.row_width(focus=focus, compact=compact))
    return Arrangement(focus, compact, "stacked", width)
