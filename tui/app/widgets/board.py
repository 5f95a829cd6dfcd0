"""The board: a scene's grids (input, kernel, output) and its arithmetic, at one step.

A :class:`Board` renders one :class:`lessons.playback.Playback` (a stage of a pipeline is a
Playback too). ``board.show(n)`` puts it at step ``n``:

* ``n == 0``: the problem as the slide first shows it: input, kernel, an empty output;
* ``1 <= n <= len(trace)``: the window of ``trace[n - 1]`` on the input, its weights as
  superscripts, the output filled up to that cell (the current one bracketed), the arithmetic
  text, the per-channel partial sums, the max-pool winner.

A scene without a trace (ReLU, bias, flatten, a text scene) shows its whole result at every step.
The quiz reuses the board to show a worked answer in the same view as the stepper.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from rich.markup import escape
from textual.app import ComposeResult
from textual.containers import Horizontal, HorizontalScroll, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from tui.app.widgets.grid import GridView, Window, superscript

FloatArray = npt.NDArray[np.float64]


def _infinity(value: float) -> str:
    """Max pooling pads with -∞ (as torch does); the board writes it as a symbol."""
    return "-∞" if value < 0 else "∞"


def _as_float(array: Any) -> FloatArray | None:
    if array is None:
        return None
    return np.asarray(array, dtype=np.float64)


@dataclass(frozen=True)
class Layout:
    """How a playback's arrays split into panes (2-D grids), worked out once per playback.

    Attributes:
        spatial: 1 for 1-D scenes, 2 for 2-D scenes.
        input_panes: The padded input as 2-D panes: one per channel in 2-D, one (rows = channels)
            in 1-D.
        real: The real (unpadded) cells of every input pane, (top, bottom, left, right).
        output_panes: The output as 2-D panes: one per output map in 2-D, one in 1-D.
        kernel_ndim: The kernel's number of axes (0 when there is no kernel).
        output_real: The real cells of the output panes when the output is padded (a padding
            scene), else None.
    """

    spatial: int
    input_panes: tuple[FloatArray, ...]
    real: tuple[int, int, int, int]
    output_panes: tuple[FloatArray, ...]
    kernel_ndim: int
    output_real: tuple[int, int, int, int] | None = None


def _spatial(playback: Any) -> int:
    pad = getattr(playback, "pad", None)
    if pad is not None:
        return len(pad)
    trace = getattr(playback, "trace", None)
    if trace is not None and getattr(trace, "padding", None) is not None:
        return len(trace.padding)
    source = _as_float(playback.input)
    return 1 if source is not None and source.ndim == 1 else 2


def _panes(array: FloatArray | None, spatial: int) -> tuple[FloatArray, ...]:
    """Split an array into 2-D panes: (H, W) → 1; (C, H, W) → C; 1-D (L,) or (C, L) → 1."""
    if array is None:
        return ()
    if spatial == 1:
        if array.ndim == 1:
            return (array.reshape(1, -1),)
        return (array.reshape(-1, array.shape[-1]),)
    if array.ndim <= 2:
        return (array.reshape((1, -1)) if array.ndim == 1 else array,)
    return tuple(array.reshape((-1, *array.shape[-2:])))


def layout_of(playback: Any) -> Layout:
    """Work out the panes of a playback."""
    spatial = _spatial(playback)
    pad = getattr(playback, "pad", None) or ()
    output = _as_float(getattr(playback, "output", None))
    kernel = _as_float(getattr(playback, "kernel", None))
    padding_scene = getattr(playback, "kind", "") == "pad"
    if padding_scene:  # the padding is the result: the input as given, the output padded
        padded = _as_float(playback.input)
    else:
        padded = _as_float(getattr(playback, "padded", None))
        if padded is None:
            padded = _as_float(playback.input)
    input_panes = _panes(padded, spatial)
    output_panes = _panes(output, spatial)
    framed = output_panes if padding_scene else input_panes
    rows, cols = framed[0].shape if framed else (0, 0)
    if spatial == 2 and len(pad) == 2:
        (top, bottom), (left, right) = pad
        real = (top, rows - bottom, left, cols - right)
    elif spatial == 1 and len(pad) == 1:
        ((left, right),) = pad
        real = (0, rows, left, cols - right)
    else:
        real = (0, rows, 0, cols)
    return Layout(
        spatial=spatial,
        input_panes=input_panes,
        real=(0, *input_panes[0].shape[:1], 0, input_panes[0].shape[1])
        if padding_scene and input_panes
        else real,
        output_panes=output_panes,
        kernel_ndim=0 if kernel is None else kernel.ndim,
        output_real=real if padding_scene else None,
    )


class Panel(Vertical):
    """A titled group of grids (the input's channels, the kernel, the output's maps)."""

    def __init__(self, title: str, grids: Sequence[GridView], *, id: str | None = None) -> None:
        super().__init__(id=id, classes="panel")
        self._title = title
        self.grids = list(grids)

    def compose(self) -> ComposeResult:
        yield Label(self._title, classes="panel-title")
        with Horizontal(classes="panel-grids"):
            yield from self.grids

    def set_title(self, title: str) -> None:
        """Change the title line."""
        if self._title != title:
            self._title = title
            if self.is_mounted:
                self.query_one(".panel-title", Label).update(title)


class Board(Vertical):
    """A playback's grids and arithmetic at one step."""

    def __init__(
        self,
        playback: Any,
        *,
        step: int = 0,
        formula: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Make a board.

        Args:
            playback: A :class:`lessons.playback.Playback` (or anything with its fields).
            step: The step to show first (0: before the first window).
            formula: The output-size formula to show (default: the playback's own).
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self.playback = playback
        self.formula = formula or getattr(playback, "formula", None)
        self.layout_info = layout_of(playback)
        self.trace = getattr(playback, "trace", None)
        self.total = len(self.trace) if self.trace is not None else 0
        self.step = max(0, min(step, self.total))
        self.fmt = getattr(playback, "fmt", None)
        self._kernel = _as_float(getattr(playback, "kernel", None))
        self._kernel_index = -1
        self.input_grids: list[GridView] = []
        self.kernel_grids: list[GridView] = []
        self.output_grids: list[GridView] = []
        self._weight_width = self._weights_width()
        self._ready = False
        self.stacked = False
        self.focus_mode = False
        """Only the current output map (and its kernel or input channel) shows."""
        self._notes_written = False

    # ------------------------------------------------------------------ formatting
    def format(self, value: float) -> str:
        """A result (output cell, partial sum) as the scene's display rule writes it.

        The rule's ``fixed`` applies here (deck 003's maps print ``1.00``); ∞ is max-pool padding.
        """
        if not math.isfinite(value):
            return _infinity(value)
        from engine.display import format_number

        return format_number(value, self.fmt)

    def format_input(self, value: float) -> str:
        """An input cell, written as the step text writes it (``playback.format_input``).

        A correlation's pixels are operands (deck 003's ``-1``, not ``-1.00``); pooling and ReLU
        inputs are map values and keep the scene's rule. ∞ is max-pool padding.
        """
        if not math.isfinite(value):
            return _infinity(value)
        formatter = getattr(self.playback, "format_input", None)
        return str(formatter(value)) if callable(formatter) else self.format(value)

    def format_kernel(self, value: float) -> str:
        """A kernel weight (or vote weight) as the step text writes it (``format_kernel``)."""
        if not math.isfinite(value):
            return _infinity(value)
        formatter = getattr(self.playback, "format_kernel", None)
        return str(formatter(value)) if callable(formatter) else self.format(value)

    def weight_text(self, value: float) -> str:
        """A kernel weight as a superscript writes it: whole numbers without decimals (``⁻¹``)."""
        if float(value).is_integer():
            return str(int(value))
        return self.format_kernel(value)

    def _weights_width(self) -> int:
        if self._kernel is None:
            return 0
        texts = {superscript(self.weight_text(float(v))) for v in np.unique(self._kernel)}
        return max((len(t) for t in texts), default=0)

    # ------------------------------------------------------------------ composing
    def compose(self) -> ComposeResult:
        info = self.layout_info
        panels: list[Widget] = []
        if info.input_panes:
            self.input_grids = [
                GridView(
                    pane,
                    formatter=self.format_input,
                    real=info.real,
                    weight_width=self._weight_width,
                    classes="input-grid",
                )
                for pane in info.input_panes
            ]
            panels.append(Panel(self._input_title(), self.input_grids, id="input-panel"))
        if self._kernel is not None:
            panels.append(Label(self._operator(), classes="operator"))
            self.kernel_grids = [
                GridView(pane, formatter=self.format_kernel, classes="kernel-grid")
                for pane in self._kernel_panes(0)
            ]
            self._kernel_index = 0
            panels.append(Panel(self._kernel_title(0), self.kernel_grids, id="kernel-panel"))
        if info.output_panes:
            panels.append(Label(" = " if self._kernel is not None else " → ", classes="operator"))
            self.output_grids = [
                GridView(pane, formatter=self.format, real=info.output_real, classes="output-grid")
                for pane in info.output_panes
            ]
            panels.append(Panel(self._output_title(), self.output_grids, id="output-panel"))
        self._notes_written = False
        self.focus_mode, self.stacked = self._arrangement(self._available_width())
        self.set_class(self.stacked, "-stacked")
        if self.stacked and len(panels) > 1:
            yield HorizontalScroll(panels[0], classes="board-grids", can_focus=False)
            yield HorizontalScroll(*panels[1:], classes="board-grids -second", can_focus=False)
        elif panels:
            yield HorizontalScroll(*panels, classes="board-grids", can_focus=False)
        yield Static("", id="arithmetic", markup=False, classes="-empty")
        yield Static("", id="partials", markup=False, classes="-empty")
        yield Static("", id="formula", markup=False, classes="-empty")
        yield Static("", id="erratum", classes="-empty")

    def _available_width(self) -> int:
        if self.size.width:
            return self.size.width
        try:
            return self.app.size.width
        except Exception:  # not running in an app yet
            return 80

    @property
    def pooled_channels(self) -> bool:
        """Whether each input channel is pooled on its own into its own output map."""
        trace = self.trace
        return (
            trace is not None
            and getattr(trace, "kind", "") == "pool"
            and self.layout_info.spatial == 2
            and len(self.input_grids) > 1
        )

    def _focus_groups(self) -> list[list[GridView]]:
        """The grids of which only the current one shows in focus mode (one per output map)."""
        groups = []
        if len(self.output_grids) > 1:
            groups.append(self.output_grids)
        if self.kernel_bank:
            groups.append(self.kernel_grids)
        if self.pooled_channels:
            groups.append(self.input_grids)
        return groups

    def _row_width(self, focus: bool) -> int:
        focused = (
            {id(grid) for group in self._focus_groups() for grid in group[1:]} if focus else set()
        )
        grids = [*self.input_grids, *self.kernel_grids, *self.output_grids]
        return sum(grid.line_width + 2 for grid in grids if id(grid) not in focused) + 10

    def _arrangement(self, width: int) -> tuple[bool, bool]:
        """(focus, stacked) for ``width`` columns.

        Focus: show only the current output map (and its kernel, or its input channel) when all
        of them do not fit side by side. Stacked: kernel and output go under the input when one
        row is still too wide.
        """
        focus = bool(self._focus_groups()) and self._row_width(focus=False) > width
        return focus, self._row_width(focus) > width

    async def on_resize(self) -> None:
        """Re-arrange (focus, stack) when the board's width no longer suits the arrangement.

        While the grids are rebuilt the board is not ready: a ``show`` from the animation
        meanwhile only records its step, drawn once the new grids are mounted.
        """
        if not self._ready or not self.size.width:
            return
        if self._arrangement(self.size.width) != (self.focus_mode, self.stacked):
            self._ready = False
            try:
                await self.recompose()
            finally:
                self._ready = self.is_attached
            if self._ready:
                self.show(self.step)

    def on_mount(self) -> None:
        """Draw the first step."""
        self._ready = True
        self.show(self.step)

    def _write_notes(self) -> None:
        """The formula, the erratum and the flagged cells: once per composition."""
        self._notes_written = True
        if self.formula:
            widget = self.query_one("#formula", Static)
            label = "parameters" if getattr(self.playback, "kind", "") == "param-count" else "size"
            widget.update(f"{label}: {self.formula}")
            widget.remove_class("-empty")
        self._flag_errata()
        erratum = erratum_text(self.playback, self.format)
        if erratum:
            widget = self.query_one("#erratum", Static)
            widget.update(erratum)
            widget.remove_class("-empty")

    def output_cell(self, index: Sequence[int]) -> tuple[int, int, int] | None:
        """Where an output index is drawn: (output grid, row, column), or None."""
        index = tuple(int(i) for i in index)
        if not self.output_grids or not index:
            return None
        if self.layout_info.spatial == 1:
            pane, row, col = 0, (index[0] if len(index) > 1 else 0), index[-1]
        elif len(index) >= 3:
            pane, row, col = index[0], index[-2], index[-1]
        else:
            pane, row, col = 0, (index[0] if len(index) > 1 else 0), index[-1]
        if not 0 <= pane < len(self.output_grids):
            return None
        rows, cols = self.output_grids[pane].shape
        if not (0 <= row < rows and 0 <= col < cols):
            return None
        return pane, row, col

    def _flag_errata(self) -> None:
        flags: dict[int, set[tuple[int, int]]] = {}
        for index, _, _ in erratum_cells(self.playback):
            where = self.output_cell(index)
            if where is not None:
                flags.setdefault(where[0], set()).add((where[1], where[2]))
        for pane, cells in flags.items():
            self.output_grids[pane].set_flags(frozenset(cells))

    def _input_title(self) -> str:
        info = self.layout_info
        pad = getattr(self.playback, "pad", None) or ()
        padded = any(side for pair in pad for side in pair)
        title = "input, padded" if padded and info.output_real is None else "input"
        if len(info.input_panes) > 1:
            title += f" ({len(info.input_panes)} channels)"
        return title

    def _operator(self) -> str:
        kind = str(getattr(self.playback, "kind", ""))
        if "transposed" in kind:
            return " ⋆ᵀ"
        return " ∗ " if "convolve" in kind else " ⋆ "

    def _kernel_panes(self, k: int) -> tuple[FloatArray, ...]:
        kernel = self._kernel
        if kernel is None:
            return ()
        spatial = self.layout_info.spatial
        if kernel.ndim >= spatial + 2:
            kernel = kernel[k]
        return _panes(kernel, spatial)

    @property
    def kernel_bank(self) -> bool:
        """Whether the kernels are K single-channel ones: (K, F, G) on an (H, W) input."""
        kernel = self._kernel
        info = self.layout_info
        return (
            kernel is not None
            and info.spatial == 2
            and kernel.ndim == 3
            and len(info.input_panes) == 1
            and len(info.output_panes) == kernel.shape[0] > 1
        )

    def _kernel_title(self, k: int) -> str:
        kernel = self._kernel
        if kernel is None:
            return ""
        if getattr(self.playback, "kind", "") == "vote":
            return "vote weights"
        if kernel.ndim >= self.layout_info.spatial + 2 or self.kernel_bank:
            return f"kernel {k + 1} of {kernel.shape[0]}"
        return "kernel"

    def _output_title(self) -> str:
        labels = tuple(getattr(self.playback, "labels", ()) or ())
        if labels:
            return "votes: " + ", ".join(labels)
        if self.layout_info.output_real is not None:
            return "padded"
        maps = len(self.layout_info.output_panes)
        return "output" if maps == 1 else f"output ({maps} maps)"

    # ------------------------------------------------------------------ stepping
    def show(self, step: int) -> None:
        """Put the board at ``step`` (0 = before the first window; clamped to the trace)."""
        self.step = max(0, min(step, self.total))
        if not self._ready:
            return
        if not self._notes_written:
            self._write_notes()
        current = self.trace[self.step - 1] if (self.trace is not None and self.step > 0) else None
        self._show_focus(current)
        self._mark_inputs(current)
        self._mark_kernel(current)
        self._mark_outputs(current)
        self._write_text(current)

    def _show_focus(self, step: Any) -> None:
        """In focus mode, show only the current map's grids (map 0 before the first step)."""
        if not self.focus_mode:
            return
        current = int(step.out[0]) if step is not None and len(step.out) > 2 else 0
        for group in self._focus_groups():
            for index, grid in enumerate(group):
                grid.set_class(index != current, "-offstage")
        maps = len(self.output_grids)
        if maps > 1:
            labels = tuple(getattr(self.playback, "labels", ()) or ())
            if not labels:
                title = f"output map {current + 1} of {maps}"
                self.query_one("#output-panel", Panel).set_title(title)
        if self.pooled_channels:
            title = f"input channel {current + 1} of {len(self.input_grids)}"
            self.query_one("#input-panel", Panel).set_title(title)

    def _mark_inputs(self, step: Any) -> None:
        info = self.layout_info
        if step is None:
            for grid in self.input_grids:
                grid.set_marks(follow=False)
            return
        window = tuple(step.window)
        cols = window[-1]
        weights = None if step.weights is None else [self.weight_text(w) for w in step.weights]
        winner = tuple(step.winner) if step.winner is not None else None
        if info.spatial == 1:
            grid = self.input_grids[0]
            rows_count = grid.shape[0]
            row_range = range(*window[0].indices(rows_count)) if len(window) > 1 else range(1)
            col_range = range(*cols.indices(grid.shape[1]))
            marks = _reshape_weights(weights, len(row_range), len(col_range))
            win = Window(row_range, col_range, marks)
            cell = None
            if winner is not None:
                cell = (winner[0], winner[1]) if len(winner) > 1 else (0, winner[0])
            grid.set_marks(window=win, winner=cell)
            return
        rows = window[-2]
        if len(window) > 2:
            channels = range(*window[0].indices(len(self.input_grids)))
        else:
            channels = range(len(self.input_grids))
        grid0 = self.input_grids[0]
        row_range = range(*rows.indices(grid0.shape[0]))
        col_range = range(*cols.indices(grid0.shape[1]))
        per_channel = len(row_range) * len(col_range)
        for c, grid in enumerate(self.input_grids):
            if c not in channels:
                grid.set_marks(follow=False)
                continue
            marks = None
            if weights is not None:
                offset = channels.index(c) * per_channel
                chunk = weights[offset : offset + per_channel]
                marks = _reshape_weights(chunk, len(row_range), len(col_range))
            cell = None
            if winner is not None and (len(winner) == 2 or winner[0] == c):
                cell = (winner[-2], winner[-1])
            grid.set_marks(window=Window(row_range, col_range, marks), winner=cell)

    def _mark_kernel(self, step: Any) -> None:
        kernel = self._kernel
        if kernel is None or not self.kernel_grids:
            return
        k = int(step.out[0]) if step is not None else 0
        if self.kernel_bank:
            for index, grid in enumerate(self.kernel_grids):
                grid.set_class(index != k, "-inactive")
            self.query_one("#kernel-panel", Panel).set_title(self._kernel_title(k))
            return
        if kernel.ndim < self.layout_info.spatial + 2:
            return
        if k == self._kernel_index:
            return
        self._kernel_index = k
        for grid, pane in zip(self.kernel_grids, self._kernel_panes(k), strict=False):
            grid.set_data(pane)
        panel = self.query_one("#kernel-panel", Panel)
        panel.set_title(self._kernel_title(k))

    def _mark_outputs(self, step: Any) -> None:
        if not self.output_grids:
            return
        if self.trace is None:
            for grid in self.output_grids:
                grid.set_marks(follow=False)
            return
        done = self.step
        if self.layout_info.spatial == 1:
            grid = self.output_grids[0]
            current = None
            if step is not None:
                out = tuple(int(i) for i in step.out)
                current = (out[0], out[1]) if len(out) > 1 else (0, out[0])
            grid.set_marks(filled=done, current=current)
            return
        for m, grid in enumerate(self.output_grids):
            size = grid.shape[0] * grid.shape[1]
            filled = max(0, min(size, done - m * size))
            current = None
            if step is not None and (len(step.out) == 2 or int(step.out[0]) == m):
                current = (int(step.out[-2]), int(step.out[-1]))
            grid.set_marks(filled=filled, current=current, follow=current is not None)
            if current is not None and len(self.output_grids) > 1 and grid.is_mounted:
                grid.scroll_visible(animate=False, immediate=True)

    def _write_text(self, step: Any) -> None:
        arithmetic = self.query_one("#arithmetic", Static)
        partials = self.query_one("#partials", Static)
        if step is None:
            if self.trace is not None and self.total:
                windows = "1 window" if self.total == 1 else f"{self.total} windows"
                arithmetic.update(f"{windows} to compute: press → to take the first.")
                arithmetic.remove_class("-empty")
            else:
                arithmetic.add_class("-empty")
            partials.add_class("-empty")
            return
        arithmetic.remove_class("-empty")
        text = step.text
        for index, slide, _ in erratum_cells(self.playback):
            if tuple(index) == tuple(int(i) for i in step.out):
                text += f"   (the slide prints {slide})"
        arithmetic.update(text)
        if step.partials is not None and len(step.partials) > 1:
            parts = " + ".join(
                f"ch{c + 1} {self.format(value)}" for c, value in enumerate(step.partials)
            )
            text = f"per channel: {parts}"
            if step.bias is not None:
                text += f" + bias {self.format(step.bias)}"
            text += f" = {self.format(step.value)}"
            partials.update(text)
            partials.remove_class("-empty")
        else:
            partials.add_class("-empty")

    # ------------------------------------------------------------------ clicks
    def step_for_output(self, grid: GridView, row: int, col: int) -> int | None:
        """The step (1-based, as ``show`` counts) that computes an output cell, or None."""
        if self.trace is None or grid not in self.output_grids:
            return None
        shape = tuple(self.trace.output_shape)
        m = self.output_grids.index(grid)
        if len(shape) == 1:
            index: tuple[int, ...] = (col,)
        elif len(shape) == 2:
            index = (row, col)
        else:
            index = (m, row, col)
        try:
            flat = int(np.ravel_multi_index(index, shape))
        except ValueError:
            return None
        return flat + 1


def size_formula(item: Any, playback: Any) -> str | None:
    """The output-size formula of a stepped scene, with its numbers (one axis, or each axis).

    Args:
        item: The scene or pipeline stage (its ``stride``, ``dilation``, pooling ``size``...).
        playback: Its playback (the input, the kernel, and the trace's resolved padding).

    Returns:
        ``⌊(6 + 2·0 − 3)/1⌋ + 1 = 4``, or ``rows: ...; columns: ...`` when the axes differ; None
        when the scene has no windows.
    """
    from engine import output_size_formula

    trace = getattr(playback, "trace", None)
    x = _as_float(getattr(playback, "input", None))
    if trace is None or x is None:
        return None
    sides = tuple(trace.padding)
    axes = len(sides)

    def per_axis(value: Any, default: int) -> tuple[int, ...]:
        if value is None:
            return (default,) * axes
        if isinstance(value, int):
            return (value,) * axes
        values = tuple(int(v) for v in value)
        return values[-axes:] if len(values) >= axes else (values[0],) * axes

    if trace.kind == "pool":
        sizes = per_axis(getattr(item, "size", None), 1)
        strides = per_axis(getattr(item, "stride", None) or getattr(item, "size", None), 1)
        dilations = (1,) * axes
        ceil = bool(getattr(item, "ceil_mode", False))
    else:
        kernel = _as_float(getattr(playback, "kernel", None))
        if kernel is None:
            return None
        sizes = tuple(int(n) for n in kernel.shape[-axes:])
        strides = per_axis(getattr(item, "stride", 1), 1)
        dilations = per_axis(getattr(item, "dilation", 1), 1)
        ceil = False
    texts = []
    for axis in range(axes):
        n = int(x.shape[-axes + axis])
        try:
            texts.append(
                output_size_formula(
                    n,
                    sizes[axis],
                    stride=strides[axis],
                    padding=tuple(sides[axis]),
                    dilation=dilations[axis],
                    ceil_mode=ceil,
                )
            )
        except ValueError:
            return None
    if len(texts) == 2 and texts[0] != texts[1]:
        return f"rows: {texts[0]}; columns: {texts[1]}"
    return texts[0]


def _reshape_weights(
    weights: Sequence[str] | None, rows: int, cols: int
) -> tuple[tuple[str, ...], ...] | None:
    if weights is None or len(weights) != rows * cols:
        return None
    return tuple(
        tuple(superscript(weights[r * cols + c]) for c in range(cols)) for r in range(rows)
    )


def erratum_cells(playback: Any) -> list[tuple[tuple[int, ...], str, str]]:
    """The wrong cells of a playback's erratum: (output index, slide's text, correct text)."""
    erratum = getattr(playback, "erratum", None)
    cells = getattr(erratum, "cells", None) or ()
    return [
        (tuple(int(i) for i in getattr(cell, "at", ()) or ()), str(cell.slide), str(cell.correct))
        for cell in cells
    ]


def erratum_text(playback: Any, format: Callable[[float], str]) -> str:
    """The erratum lines: the note, then each wrong value on the slide beside the correct one."""
    erratum = getattr(playback, "erratum", None)
    if not erratum:
        return ""
    note = getattr(erratum, "note", None) or (erratum if isinstance(erratum, str) else "")
    lines = [f"[b $text-warning]Erratum:[/] {escape(str(note))}"]
    cells = erratum_cells(playback)
    if len(cells) <= 2:
        for index, slide, correct in cells:
            where = f"cell ({', '.join(str(i + 1) for i in index)})" if index else "the value"
            lines.append(
                f"  {where}: the slide prints [b]{escape(slide)}[/], "
                f"the correct value is [b $text-success]{escape(correct)}[/]"
            )
    else:
        # Each entry is one word, "(2,2):34→-52", so a narrow board wraps between entries only.
        pairs = "  ".join(
            f"({','.join(str(i + 1) for i in index)}):{escape(slide.replace(' ', ''))}→"
            f"[b $text-success]{escape(correct.replace(' ', ''))}[/]"
            for index, slide, correct in cells
        )
        lines.append(f"  (row,column):slide→correct  {pairs}")
    shape = getattr(erratum, "shape", None)
    if shape is not None:
        slide_shape = "×".join(str(n) for n in shape.slide)
        correct_shape = "×".join(str(n) for n in shape.correct)
        lines.append(
            f"  shape: the slide prints [b]{slide_shape}[/], "
            f"the correct shape is [b $text-success]{correct_shape}[/]"
        )
    return "\n".join(lines)
