"""The transposed convolution stepped: each input cell paints its scaled kernel onto the canvas.

A :class:`TransposedBoard` draws one engine trace of ``trace_transposed_correlate2d``: step k
brackets input cell k, marks the canvas patch it paints, and shows the canvas as the sum of the
first k patches (the overlaps adding up). The canvas cells outside the output (the crop that
``padding`` asks for) are dimmed; after the last step the output (canvas cropped, bias added)
fills in.
"""

from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.widgets import Label, Static

from engine import Trace, format_number
from engine.types import FloatArray
from lessons.playback import Playback
from tui.app.widgets.grid import GridView, window_from_slices
from tui.app.widgets.panel import Panel

__all__ = ["TransposedBoard", "canvas_after"]


def canvas_after(trace: Trace, steps: int) -> FloatArray:
    """The canvas once the first ``steps`` input cells have painted (one output map).

    Args:
        trace: A transposed trace; its steps' ``window`` is (maps, rows, columns).
        steps: How many steps have painted (0 to ``len(trace)``).

    Returns:
        The canvas, shape (output rows + cropped rows, output columns + cropped columns).
    """
    (top, bottom), (left, right) = trace.padding
    rows, cols = trace.output_shape[-2:]
    canvas = np.zeros((rows + top + bottom, cols + left + right))
    for k in range(steps):
        step = trace[k]
        _, row_slice, col_slice = step.window
        patch = np.array(step.terms, dtype=np.float64)
        rows_hit = range(*row_slice.indices(canvas.shape[0]))
        cols_hit = range(*col_slice.indices(canvas.shape[1]))
        patch = patch.reshape(-1, len(rows_hit), len(cols_hit))[0]
        canvas[np.ix_(list(rows_hit), list(cols_hit))] += patch
    return canvas


class TransposedBoard(Vertical):
    """Input, kernel, the canvas being painted and the output, at one step."""

    def __init__(self, playback: Playback, trace: Trace, *, step: int = 0) -> None:
        """Make the board.

        Args:
            playback: The transposed scene (its input (H, W), kernel (F, G), output, bias).
            trace: ``engine.trace_transposed_correlate2d`` of the same call.
            step: The step to show first.
        """
        super().__init__()
        self.playback = playback
        self.trace = trace
        self.total = len(trace)
        self.step = max(0, min(step, self.total))
        self._ready = False

    def compose(self) -> ComposeResult:
        playback = self.playback
        assert playback.input is not None and playback.kernel is not None
        assert playback.output is not None
        (top, bottom), (left, right) = self.trace.padding
        canvas = canvas_after(self.trace, 0)
        self.input_grid = GridView(playback.input, formatter=playback.format_input)
        self.kernel_grid = GridView(playback.kernel, formatter=playback.format_kernel)
        rows, cols = canvas.shape
        self.canvas_grid = GridView(
            canvas, formatter=playback.format, real=(top, rows - bottom, left, cols - right)
        )
        self.output_grid = GridView(playback.output, formatter=playback.format)
        yield HorizontalScroll(
            Panel("input", [self.input_grid]),
            Label(" ⋆ᵀ", classes="operator"),
            Panel("kernel", [self.kernel_grid]),
            Label(" → ", classes="operator"),
            Panel("canvas (painted)", [self.canvas_grid]),
            Label(" → ", classes="operator"),
            Panel("output", [self.output_grid]),
            classes="board-grids",
            can_focus=False,
        )
        yield Static("", id="t-arithmetic", markup=False)
        yield Static("", id="t-formula", markup=False)

    def on_mount(self) -> None:
        """Draw the first step."""
        self._ready = True
        self.show(self.step)

    def show(self, step: int) -> None:
        """Put the board at ``step`` (0: nothing painted yet)."""
        self.step = max(0, min(step, self.total))
        if not self._ready:
            return
        canvas = canvas_after(self.trace, self.step)
        (top, bottom), (left, right) = self.trace.padding
        rows, cols = canvas.shape
        self.canvas_grid.set_data(canvas, real=(top, rows - bottom, left, cols - right))
        done = self.step == self.total
        self.output_grid.set_marks(filled=None if done else 0, follow=False)
        arithmetic = self.query_one("#t-arithmetic", Static)
        formula = self.query_one("#t-formula", Static)
        if self.step == 0:
            self.input_grid.set_marks(follow=False)
            self.canvas_grid.set_marks(follow=False)
            arithmetic.update(f"{self.total} input cells to paint: press → for the first.")
        else:
            current = self.trace[self.step - 1]
            i, j = current.out[-2], current.out[-1]
            self.input_grid.set_marks(current=(int(i), int(j)))
            self.canvas_grid.set_marks(window=window_from_slices(current.window[1:], canvas.shape))
            arithmetic.update(f"cell ({i + 1}, {j + 1}): {current.text}")
        output = self.playback.output
        assert output is not None
        bias = output - self._cropped(canvas_after(self.trace, self.total))
        b = float(bias.ravel()[0]) if bias.size else 0.0
        crop = (
            f"crop {top}/{bottom} rows, {left}/{right} columns"
            if (top or bottom or left or right)
            else "no crop"
        )
        note = f"output = canvas, {crop}, + bias {format_number(b)}"
        size = self.playback.formula
        formula.update(f"{note};  size: {size}" if done and size else note)

    def _cropped(self, canvas: FloatArray) -> FloatArray:
        (top, bottom), (left, right) = self.trace.padding
        rows, cols = canvas.shape
        return canvas[top : rows - bottom, left : cols - right]
