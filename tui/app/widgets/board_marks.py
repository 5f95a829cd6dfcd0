"""Where a step's window lies on the board's input panes, with its weights and the max-pool winner.

A step's window is a tuple of slices into the padded input (``Step.window``); the board draws
the input as 2-D panes (:mod:`tui.app.widgets.board_layout`), so the slices become one
:class:`~tui.app.widgets.grid.Window` per pane the window covers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from engine import Step
from tui.app.widgets.board_layout import Layout
from tui.app.widgets.grid import Window, superscript

__all__ = ["InputMark", "input_marks", "reshape_weights"]


@dataclass(frozen=True)
class InputMark:
    """The marks of one input pane at a step.

    Attributes:
        window: The cells the window covers (with their superscript weights).
        winner: The max-pool winner's (row, column) on this pane, or None.
    """

    window: Window
    winner: tuple[int, int] | None


def reshape_weights(
    weights: Sequence[str] | None, rows: int, cols: int
) -> tuple[tuple[str, ...], ...] | None:
    """Weight texts (row-major) as rows × cols superscripts, or None when they do not fill it."""
    if weights is None or len(weights) != rows * cols:
        return None
    return tuple(
        tuple(superscript(weights[r * cols + c]) for c in range(cols)) for r in range(rows)
    )


def input_marks(
    step: Step, layout: Layout, weights: Sequence[str] | None
) -> list[InputMark | None]:
    """The window's marks on each input pane (None for a pane the window does not cover).

    Args:
        step: The step.
        layout: The board's layout (the input panes' shapes).
        weights: The step's weights as the superscripts write them (row-major over channel, row,
            column), or None (pooling).
    """
    window = step.window
    cols = window[-1]
    winner = step.winner
    shapes = [pane.shape for pane in layout.input_panes]
    if layout.spatial == 1:
        rows_count, cols_count = shapes[0]
        row_range = range(*window[0].indices(rows_count)) if len(window) > 1 else range(1)
        col_range = range(*cols.indices(cols_count))
        marks = reshape_weights(weights, len(row_range), len(col_range))
        cell = None
        if winner is not None:
            cell = (winner[0], winner[1]) if len(winner) > 1 else (0, winner[0])
        return [InputMark(Window(row_range, col_range, marks), cell)]
    panes = len(shapes)
    channels = range(*window[0].indices(panes)) if len(window) > 2 else range(panes)
    row_range = range(*window[-2].indices(shapes[0][0]))
    col_range = range(*cols.indices(shapes[0][1]))
    per_channel = len(row_range) * len(col_range)
    found: list[InputMark | None] = []
    for c in range(panes):
        if c not in channels:
            found.append(None)
            continue
        chunk = None
        if weights is not None:
            offset = channels.index(c) * per_channel
            chunk = reshape_weights(
                weights[offset : offset + per_channel], len(row_range), len(col_range)
            )
        cell = None
        if winner is not None and (len(winner) == 2 or winner[0] == c):
            cell = (winner[-2], winner[-1])
        found.append(InputMark(Window(row_range, col_range, chunk), cell))
    return found
