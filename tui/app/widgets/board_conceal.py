"""The board with its current cell still to come: the window drawn, its value not yet shown.

Both the quiz (a question's board) and the stepper's predict-before-reveal dialog ask for the cell
under the window. :func:`conceal` turns a board already at that step into the question: the output
is filled up to the cell before, the asked cell is bracketed and empty, and the arithmetic line
and per-channel partial sums are blanked (they would give the answer away).
"""

from __future__ import annotations

from typing import Any, Protocol

from textual.widget import Widget
from textual.widgets import Static

from engine import Step, Trace
from tui.app.widgets.code_lines import CodeLines
from tui.app.widgets.grid import GridView


class Board(Protocol):
    """What concealing reads of a :class:`~tui.app.widgets.board.Board` (no import cycle)."""

    output_grids: list[GridView]
    step: int
    trace: Trace | None

    @property
    def is_mounted(self) -> bool:
        """Whether the board is on screen."""
        ...

    def query_one(self, selector: str, expect_type: type[Widget]) -> Any:
        """The widget matching ``selector``."""
        ...


__all__ = ["conceal", "conceal_outputs", "conceal_text"]


def conceal_outputs(board: Board, step: Step) -> None:
    """Fill the output up to the cell before ``step``'s, and bracket that cell empty."""
    if not board.output_grids:
        return
    out = tuple(int(i) for i in step.out)
    done = board.step - 1  # every cell before the asked one
    if len(out) == 1:
        board.output_grids[0].set_marks(filled=done, current=(0, out[0]))
        return
    asked_map = out[0] if len(out) == 3 else 0
    for m, grid in enumerate(board.output_grids):
        size = grid.shape[0] * grid.shape[1]
        filled = max(0, min(size, done - m * size))
        current = (out[-2], out[-1]) if m == asked_map else None
        grid.set_marks(filled=filled, current=current, follow=current is not None)


def conceal_text(board: Board) -> None:
    """Blank the arithmetic line and the per-channel partial sums."""
    arithmetic = board.query_one("#arithmetic", CodeLines)
    arithmetic.set_text("")
    arithmetic.add_class("-empty")
    board.query_one("#partials", Static).add_class("-empty")


def conceal(board: Board) -> None:
    """Hide the value of the board's current step (a board before its first step is left)."""
    if board.trace is None or board.step == 0 or not board.is_mounted:
        return
    step = board.trace[board.step - 1]
    conceal_outputs(board, step)
    conceal_text(board)
