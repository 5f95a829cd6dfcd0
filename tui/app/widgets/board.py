"""The board: a scene's grids (input, kernel, output) and its arithmetic, at one step.

A :class:`Board` draws one :class:`lessons.playback.Playback` (a stage of a pipeline is a
Playback too). ``board.show(n)`` puts it at step ``n``:

* ``n == 0``: the problem as the slide first shows it: input, kernel, an empty output;
* ``1 <= n <= len(trace)``: the window of ``trace[n - 1]`` on the input, its weights as
  superscripts, the output filled up to that cell (the current one bracketed), the arithmetic
  text, the per-channel partial sums, the max-pool winner.

A scene without a trace (ReLU, bias, flatten, a text scene) shows its whole result at every step.
The quiz reuses the board to show a worked answer in the same view as the stepper.

The board's rooms: :mod:`~tui.app.widgets.board_layout` (panes and titles),
:mod:`~tui.app.widgets.board_marks` (the window on the input panes),
:mod:`~tui.app.widgets.board_text` (the arithmetic and formula lines),
:mod:`~tui.app.widgets.erratum_line` (the slide's known mistake),
:mod:`~tui.app.widgets.cell_formats` (how cells are written) and
:mod:`~tui.app.widgets.panel` (a titled row of grids).
"""

from __future__ import annotations

import numpy as np
from textual.app import ComposeResult
from textual.containers import HorizontalScroll, Vertical
from textual.widget import Widget
from textual.widgets import Label, Static

from engine import Step, Trace
from lessons.playback import Playback
from tui.app.widgets.board_conceal import conceal
from tui.app.widgets.board_layout import Layout, layout_of
from tui.app.widgets.board_marks import input_marks
from tui.app.widgets.board_text import arithmetic_text, formula_text, partials_text, windows_text
from tui.app.widgets.cell_formats import CellFormats
from tui.app.widgets.erratum_line import ErratumCellText, erratum_cells, erratum_text
from tui.app.widgets.grid import GridView, superscript
from tui.app.widgets.line_update import update_line
from tui.app.widgets.panel import Panel

__all__ = ["Board"]


class Board(Vertical):
    """A playback's grids and arithmetic at one step."""

    def __init__(
        self,
        playback: Playback,
        *,
        step: int = 0,
        notes: bool = True,
        fractions: bool = False,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Make a board.

        Args:
            playback: The scene (or stage) to draw.
            step: The step to show first (0: before the first window).
            notes: Show the playback's formula and erratum (the flagged cells and the slide's
                wrong values too); the quiz leaves them out, as they may give the answer away.
            fractions: Write the cells as fractions (``7/9``): the ``numbers = "fraction"``
                setting.
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self.playback = playback
        self.layout_info: Layout = layout_of(playback)
        self.trace: Trace | None = playback.trace
        self.total = len(self.trace) if self.trace is not None else 0
        self.step = max(0, min(step, self.total))
        self.formats = CellFormats.of(playback, fractions=fractions)
        self.notes = notes
        self._errata: list[ErratumCellText] = erratum_cells(playback.erratum) if notes else []
        self._kernel_index = -1
        self.input_grids: list[GridView] = []
        self.kernel_grids: list[GridView] = []
        self.output_grids: list[GridView] = []
        self._weight_width = self._weights_width()
        self._ready = False
        self.stacked = False
        self.focus_mode = False
        """Only the current output map (and its kernel or input channel) shows."""
        self._retired = False
        """Set by :meth:`retire`: the board is being replaced and draws no more."""
        self._arranged_for: tuple[int, int] | None = None
        """The terminal's size when the board last re-arranged itself (see :meth:`on_resize`)."""
        self._notes_written = False
        self.concealed = False
        """The current step's value is being asked (predict before reveal): kept hidden."""

    def _weights_width(self) -> int:
        kernel = self.playback.kernel
        if kernel is None:
            return 0
        texts = {superscript(self.formats.weight_text(float(v))) for v in np.unique(kernel)}
        return max((len(t) for t in texts), default=0)

    # ------------------------------------------------------------------ composing
    def compose(self) -> ComposeResult:
        info = self.layout_info
        formats = self.formats
        panels: list[Widget] = []
        if info.input_panes:
            self.input_grids = [
                GridView(
                    pane,
                    formatter=formats.format_input,
                    real=info.real,
                    weight_width=self._weight_width,
                    classes="input-grid",
                )
                for pane in info.input_panes
            ]
            panels.append(Panel(info.input_title, self.input_grids, id="input-panel"))
        if info.kernel is not None:
            panels.append(Label(info.operator, classes="operator"))
            self.kernel_grids = [
                GridView(pane, formatter=formats.format_kernel, classes="kernel-grid")
                for pane in info.kernel_panes(0)
            ]
            self._kernel_index = 0
            panels.append(Panel(info.kernel_title(0), self.kernel_grids, id="kernel-panel"))
        if info.output_panes:
            panels.append(Label(" = " if info.kernel is not None else " → ", classes="operator"))
            self.output_grids = [
                GridView(
                    pane, formatter=formats.format, real=info.output_real, classes="output-grid"
                )
                for pane in info.output_panes
            ]
            panels.append(Panel(info.output_title, self.output_grids, id="output-panel"))
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
    def kernel_bank(self) -> bool:
        """Whether the kernels are K single-channel ones: (K, F, G) on an (H, W) input."""
        return self.layout_info.kernel_bank

    @property
    def pooled_channels(self) -> bool:
        """Whether each input channel is pooled on its own into its own output map."""
        return self.layout_info.pooled_by_channel

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
        wanted = self._arrangement(self.size.width)
        current = (self.focus_mode, self.stacked)
        if wanted == current:
            return
        terminal = (self.app.size.width, self.app.size.height)
        more_compact = wanted[0] >= current[0] and wanted[1] >= current[1]
        if terminal == self._arranged_for and not more_compact:
            # The terminal kept its size since the last re-arrangement, so the width moved only
            # because of it (the stage's scrollbar came or went with the board's height). Going
            # back would move it again, for ever: at one terminal size the board only gets more
            # compact, so it settles after two re-arrangements at most.
            return
        self._arranged_for = terminal
        self._ready = False
        try:
            await self.recompose()
        finally:
            # The lesson may have swapped this board for the next stage's meanwhile: then it is
            # on its way out, its grids removed and none mounted.
            self._ready = self.is_attached and not self._retired
        if self._ready:
            self.show(self.step)

    def on_mount(self) -> None:
        """Draw the first step (unless the board was replaced before it even mounted)."""
        self._ready = not self._retired
        self.show(self.step)

    def retire(self) -> None:
        """Draw no more: the lesson is replacing this board, whose grids are being removed.

        A board swapped out while it mounts or re-arranges (a fast step across a stage while
        the terminal resizes) would otherwise draw into grids already gone.
        """
        self._retired = True
        self._ready = False

    def _write_notes(self) -> None:
        """The formula, the erratum and the flagged cells: once per composition."""
        self._notes_written = True
        if not self.notes:
            return
        formula = formula_text(self.playback)
        if formula:
            widget = self.query_one("#formula", Static)
            widget.update(formula)
            widget.remove_class("-empty")
        self._flag_errata()
        erratum = erratum_text(self.playback.erratum)
        if erratum:
            widget = self.query_one("#erratum", Static)
            widget.update(erratum)
            widget.remove_class("-empty")

    def _flag_errata(self) -> None:
        flags: dict[int, set[tuple[int, int]]] = {}
        for index, _, _ in self._errata:
            where = self.layout_info.output_cell(index)
            if where is not None and where[0] < len(self.output_grids):
                flags.setdefault(where[0], set()).add((where[1], where[2]))
        for pane, cells in flags.items():
            self.output_grids[pane].set_flags(frozenset(cells))

    def load(self, playback: Playback, step: int) -> bool:
        """Draw another playback of the same make in place: the playground's parameter change.

        The grids keep their widgets and take the new numbers (no board is mounted), when the
        new playback has the same kind, panes, number formats and superscript width; else
        nothing changes and the caller makes a new board.

        Args:
            playback: The new scene (or stage).
            step: The step to show.

        Returns:
            True when the board now draws ``playback``.
        """
        if not self._ready or self._retired or playback.kind != self.playback.kind:
            return False
        info = layout_of(playback)
        old = self.layout_info
        same = (
            len(info.input_panes) == len(self.input_grids)
            and len(info.output_panes) == len(self.output_grids)
            and (info.kernel is None) == (old.kernel is None)
            and info.kernel_bank == old.kernel_bank
            and info.kernel_stack == old.kernel_stack
            and (info.kernel is None or len(info.kernel_panes(0)) == len(self.kernel_grids))
            and CellFormats.of(playback) == self.formats
            and playback.erratum is None
            and self.playback.erratum is None
        )
        previous = (self.playback, self.layout_info, self._weight_width)
        self.playback, self.layout_info = playback, info
        if not same or self._weights_width() != previous[2]:
            self.playback, self.layout_info = previous[0], previous[1]
            return False
        self.trace = playback.trace
        self.total = len(self.trace) if self.trace is not None else 0
        for grid, pane in zip(self.input_grids, info.input_panes, strict=True):
            grid.set_data(pane, real=info.real)
        if info.kernel is not None:
            self._kernel_index = 0
            for grid, pane in zip(self.kernel_grids, info.kernel_panes(0), strict=True):
                grid.set_data(pane)
        for grid, pane in zip(self.output_grids, info.output_panes, strict=True):
            grid.set_data(pane, real=info.output_real)
        for selector, title in (
            ("#input-panel", info.input_title),
            ("#kernel-panel", info.kernel_title(0)),
            ("#output-panel", info.output_title),
        ):
            for panel in self.query(selector).results(Panel):
                panel.set_title(title)
        self._notes_written = False
        self._arranged_for = None  # the grids' widths changed: arrange again if they must
        self.call_after_refresh(self.on_resize)
        self.show(step)
        return True

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
        if self.concealed:
            conceal(self)

    def _show_focus(self, step: Step | None) -> None:
        """In focus mode, show only the current map's grids (map 0 before the first step)."""
        if not self.focus_mode:
            return
        current = int(step.out[0]) if step is not None and len(step.out) > 2 else 0
        for group in self._focus_groups():
            for index, grid in enumerate(group):
                grid.set_class(index != current, "-offstage")
        maps = len(self.output_grids)
        if maps > 1 and not self.layout_info.labels:
            title = f"output map {current + 1} of {maps}"
            self.query_one("#output-panel", Panel).set_title(title)
        if self.pooled_channels:
            title = f"input channel {current + 1} of {len(self.input_grids)}"
            self.query_one("#input-panel", Panel).set_title(title)

    def _mark_inputs(self, step: Step | None) -> None:
        if step is None:
            for grid in self.input_grids:
                grid.set_marks(follow=False)
            return
        if not self.input_grids:
            return
        weight_text = self.formats.weight_text
        weights = None if step.weights is None else [weight_text(w) for w in step.weights]
        for grid, mark in zip(
            self.input_grids, input_marks(step, self.layout_info, weights), strict=False
        ):
            if mark is None:
                grid.set_marks(follow=False)
            else:
                grid.set_marks(window=mark.window, winner=mark.winner)

    def _mark_kernel(self, step: Step | None) -> None:
        info = self.layout_info
        if info.kernel is None or not self.kernel_grids:
            return
        k = int(step.out[0]) if step is not None else 0
        if info.kernel_bank:
            for index, grid in enumerate(self.kernel_grids):
                grid.set_class(index != k, "-inactive")
            self.query_one("#kernel-panel", Panel).set_title(info.kernel_title(k))
            return
        if not info.kernel_stack or k == self._kernel_index:
            return
        self._kernel_index = k
        for grid, pane in zip(self.kernel_grids, info.kernel_panes(k), strict=False):
            grid.set_data(pane)
        self.query_one("#kernel-panel", Panel).set_title(info.kernel_title(k))

    def _mark_outputs(self, step: Step | None) -> None:
        if not self.output_grids:
            return
        if self.trace is None:
            for grid in self.output_grids:
                grid.set_marks(follow=False)
            return
        done = self.step
        if self.layout_info.spatial == 1:
            current = None
            if step is not None:
                out = step.out
                current = (int(out[0]), int(out[1])) if len(out) > 1 else (0, int(out[0]))
            self.output_grids[0].set_marks(filled=done, current=current)
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

    def _write_text(self, step: Step | None) -> None:
        arithmetic = self.query_one("#arithmetic", Static)
        partials = self.query_one("#partials", Static)
        if step is None:
            if self.total:
                arithmetic.update(windows_text(self.total))
                arithmetic.remove_class("-empty")
            else:
                arithmetic.add_class("-empty")
            partials.add_class("-empty")
            return
        arithmetic.remove_class("-empty")
        update_line(arithmetic, arithmetic_text(step, self._errata))
        per_channel = partials_text(step, self.formats.format)
        if per_channel is not None:
            update_line(partials, per_channel)
            partials.remove_class("-empty")
        else:
            partials.add_class("-empty")

    # ------------------------------------------------------------------ clicks
    def step_for_output(self, grid: GridView, row: int, col: int) -> int | None:
        """The step (1-based, as ``show`` counts) that computes an output cell, or None."""
        if self.trace is None or grid not in self.output_grids:
            return None
        shape = self.trace.output_shape
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
