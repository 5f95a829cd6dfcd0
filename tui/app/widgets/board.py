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

from contextlib import ExitStack
from dataclasses import replace

import numpy as np
from textual.app import ComposeResult
from textual.containers import Horizontal, HorizontalScroll, Vertical
from textual.css.scalar import Unit
from textual.widget import Widget
from textual.widgets import Label, Static

from engine import Step, Trace
from lessons.playback import Playback
from tui.app.widgets.board_conceal import conceal
from tui.app.widgets.board_fit import (
    ZOOM_CELLS,
    ZOOM_FROM,
    Arrangement,
    BoardWidths,
    arrange,
    side_zoom_rows,
    stacked_zoom_rows,
    zoom_cells,
)
from tui.app.widgets.board_layout import Layout, layout_of, panes
from tui.app.widgets.board_marks import input_marks
from tui.app.widgets.board_text import arithmetic_text, formula_text, partials_text, windows_text
from tui.app.widgets.cell_formats import CellFormats
from tui.app.widgets.code_lines import CodeLines
from tui.app.widgets.erratum_line import ErratumCellText, erratum_cells, erratum_text
from tui.app.widgets.grid import GridView, Window, superscript
from tui.app.widgets.id_cache import IdCache
from tui.app.widgets.line_update import set_text, update_line
from tui.app.widgets.panel import Panel

__all__ = ["BANK_SPARE_ROWS", "TALL_FROM", "Board"]

BANK_SPARE_ROWS = 20
"""Terminal rows a bank's column of maps leaves to the rest: header, status and footer, the
arithmetic, the legend, the scrub bar and a few lines of narration."""

TALL_FROM = 34
"""A terminal this many rows high or more is tall (the lesson screen's ``-tall`` class); a
shorter one keeps the stylesheet's compact grid heights."""

MODES = ("row", "bank", "side", "stacked")
"""The arrangements' modes, from the widest to the most compact."""


class Board(Vertical):
    """A playback's grids and arithmetic at one step."""

    def __init__(
        self,
        playback: Playback,
        *,
        step: int = 0,
        notes: bool = True,
        fractions: bool = False,
        steady: bool = False,
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
            steady: Zoomed grids keep their view's height when new numbers have fewer rows
                (the playground: a stride change redraws the output without moving anything).
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(id=id, classes=classes)
        self._ids = IdCache(self)  # the lines and panels each step writes, found once
        self.steady = steady
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
        self.zoom = ZOOM_CELLS
        """Columns of cells a big grid's zoomed view shows (set for the width when composing)."""
        self.widths = self._measure()
        """The grids' widths, full and compact, worked out before any grid exists."""
        self.arrangement = Arrangement(False, False, "row", 0)
        self._ready = False
        self.stacked = False
        self.focus_mode = False
        """Only the current output map (and its kernel or input channel) shows."""
        self.compact = False
        """Cells without superscript weights (the weights are in the kernel and the arithmetic)."""
        self._retired = False
        """Set by :meth:`retire`: the board is being replaced and draws no more."""
        self._arranged_for: tuple[int, int] | None = None
        """The terminal's size when the board last re-arranged itself (see :meth:`on_resize`)."""
        self._notes_written = False
        self.width_hint: int | None = None
        """The columns the board will have, before it is laid out (set by the lesson screen)."""
        self.concealed = False
        """The current step's value is being asked (predict before reveal): kept hidden."""

    def _weights_width(self) -> int:
        kernel = self.playback.kernel
        if kernel is None:
            return 0
        texts = {superscript(self.formats.weight_text(float(v))) for v in np.unique(kernel)}
        return max((len(t) for t in texts), default=0)

    def _measure(self, zoom: int = ZOOM_CELLS) -> BoardWidths:
        info = self.layout_info
        groups = set()
        if len(info.output_panes) > 1:
            groups.add("outputs")
        if info.kernel_bank:
            groups.add("kernels")
        if info.pooled_by_channel:
            groups.add("inputs")
        formats = self.formats
        return BoardWidths.of(
            info.input_panes,
            info.kernel_panes(0),
            info.output_panes,
            (formats.format_input, formats.format_kernel, formats.format),
            self._weight_width,
            frozenset(groups),
            zoom,
        )

    def _zoom_width(self, grid: GridView) -> int:
        """The columns of a zoomed grid's view: ``self.zoom`` cells and a closing separator."""
        return self.zoom * (grid.cell_width + 1) + 1

    @property
    def zoomed_grids(self) -> list[GridView]:
        """The input grids shown as a zoomed view (28 rows or columns, or more)."""
        return [grid for grid in self.input_grids if grid.has_class("-zoomed")]

    @property
    def zoomed_outputs(self) -> list[GridView]:
        """The output grids shown as a zoomed view."""
        return [grid for grid in self.output_grids if grid.has_class("-zoomed")]

    def pan(self, rows: int, cols: int) -> None:
        """Pan the zoomed input views by whole cells (the next step follows the window again)."""
        for grid in [*self.zoomed_grids, *self.zoomed_outputs]:
            grid.pan(rows, cols)
        self._show_view()

    def _show_view(self) -> None:
        """A zoomed input's title says which rows and columns are in view."""
        if not self._ready:
            return
        zoomed = self.zoomed_grids
        if zoomed and not self.pooled_channels:
            self._ids.one("input-panel", Panel).set_title(
                self._view_title(self.layout_info.input_title, zoomed[0])
            )
        outputs = self.zoomed_outputs
        if len(outputs) == 1 and self.arrangement.mode != "bank":
            self._ids.one("output-panel", Panel).set_title(
                self._view_title(self.layout_info.output_title, outputs[0])
            )

    @staticmethod
    def _view_title(name: str, grid: GridView) -> str:
        """``input · rows 3-12, cols 5-20 of 28x28``, as long as the view is wide."""
        room = max(1, int(grid.styles.max_width.value) if grid.styles.max_width else 80)
        for text in (f"{name} · {grid.view_text(room - len(name) - 3)}", grid.view_text(room)):
            if len(text) <= room:
                return text
        return grid.view_text(room)

    @property
    def has_grids(self) -> bool:
        """Whether the board draws any grid (a text or output-size scene draws none)."""
        info = self.layout_info
        return bool(info.input_panes or info.output_panes or info.kernel is not None)

    def fitting_width(self, available: int) -> int | None:
        """The columns the board takes in one row within ``available``, or None if none fits."""
        arrangement = arrange(self.widths, available, side=False, bank=self._bank_fits())
        return arrangement.width if arrangement.mode in ("row", "bank") else None

    def _bank_fits(self) -> bool:
        """Whether a bank of kernels may show one ``kernel = map`` line per map: the terminal
        has the rows for every map and :data:`BANK_SPARE_ROWS` more."""
        info = self.layout_info
        if not info.kernel_bank or self.playback.partial_output is not None:
            return False
        kernel_rows = int(info.kernel_panes(0)[0].shape[0]) if info.kernel is not None else 0
        rows = max(kernel_rows, *(int(pane.shape[0]) for pane in info.output_panes))
        if rows >= ZOOM_FROM:
            return False
        try:
            height = int(self.app.size.height)
        except Exception:  # not running in an app yet
            return False
        return len(info.output_panes) * (rows + 1) + BANK_SPARE_ROWS <= height

    # ------------------------------------------------------------------ composing
    def compose(self) -> ComposeResult:
        info = self.layout_info
        formats = self.formats
        available = self._available_width()
        self.zoom = zoom_cells(available)
        self.widths = self._measure(self.zoom)
        self.arrangement = arrange(self.widths, available, bank=self._bank_fits())
        self.focus_mode = self.arrangement.focus
        self.stacked = self.arrangement.stacked
        self.compact = self.arrangement.compact
        self.set_class(self.arrangement.mode == "stacked", "-stacked")
        self.set_class(self.arrangement.mode == "side", "-side")
        self.set_class(self.compact, "-compact")
        inputs: Widget | None = None
        kernel: list[Widget] = []
        output: list[Widget] = []
        if info.input_panes:
            self.input_grids = [
                GridView(
                    pane,
                    formatter=formats.format_input,
                    real=info.real,
                    weight_width=0 if self.compact else self._weight_width,
                    classes="input-grid",
                )
                for pane in info.input_panes
            ]
            inputs = Panel(info.input_title, self.input_grids, id="input-panel")
        if info.kernel is not None:
            kernel.append(Label(info.operator, classes="operator"))
            self.kernel_grids = [
                GridView(pane, formatter=formats.format_kernel, classes="kernel-grid")
                for pane in info.kernel_panes(0)
            ]
            self._kernel_index = 0
            kernel.append(Panel(info.kernel_title(0), self.kernel_grids, id="kernel-panel"))
        if info.output_panes:
            output.append(Label(" = " if info.kernel is not None else " → ", classes="operator"))
            self.output_grids = [
                GridView(
                    pane, formatter=formats.format, real=info.output_real, classes="output-grid"
                )
                for pane in info.output_panes
            ]
            output.append(Panel(info.output_title, self.output_grids, id="output-panel"))
        self._notes_written = False
        for grid in [*self.input_grids, *self.output_grids]:
            if max(grid.shape) >= ZOOM_FROM:  # a big grid: a view around the step
                grid.add_class("-zoomed")
                grid.styles.max_width = min(grid.line_width, self._zoom_width(grid))
        self._fit_zoomed_heights()
        first = [inputs] if inputs is not None else []
        rest = [*kernel, *output]
        if self.arrangement.mode == "bank" and first and kernel and output:
            # one line per feature: kernel k = map k (the grids leave their shared panels)
            kernel_rows = self.kernel_grids[0].shape[0]
            lines = [
                Horizontal(
                    Panel(f"kernel {k + 1}", [kernel_grid], id=f"kernel-panel-{k}"),
                    self._level(Label(" = ", classes="operator"), kernel_rows),
                    Panel(f"map {k + 1}", [output_grid], id=f"output-panel-{k}"),
                    classes="board-pair",
                )
                for k, (kernel_grid, output_grid) in enumerate(
                    zip(self.kernel_grids, self.output_grids, strict=True)
                )
            ]
            bank = Vertical(*lines, classes="board-side board-bank")
            star = self._level(kernel[0], self.input_grids[0].shape[0])  # at the input's middle
            yield HorizontalScroll(*first, star, bank, classes="board-grids", can_focus=False)
        elif self.arrangement.mode == "side" and first and kernel and output:
            right = Vertical(
                Horizontal(*kernel, classes="board-pair"),
                Horizontal(*output, classes="board-pair"),
                classes="board-side",
            )
            yield HorizontalScroll(*first, right, classes="board-grids", can_focus=False)
        elif self.stacked and first and rest:
            yield HorizontalScroll(*first, classes="board-grids", can_focus=False)
            yield HorizontalScroll(*rest, classes="board-grids -second", can_focus=False)
        elif first or rest:
            yield HorizontalScroll(*first, *rest, classes="board-grids", can_focus=False)
        yield CodeLines(id="arithmetic", classes="-empty")
        yield Static("", id="partials", markup=False, classes="-empty")
        yield Static("", id="formula", markup=False, classes="-empty")
        yield Static("", id="erratum", classes="-empty")
        yield Static("", id="legend", classes="-empty")

    @staticmethod
    def _level(operator: Widget, rows: int) -> Widget:
        """An operator level with the middle row of a grid of ``rows`` under its title line."""
        operator.styles.height = "auto"
        operator.styles.padding = (1 + rows // 2, 0, 0, 0)
        return operator

    def _fit_zoomed_heights(self) -> None:
        """Give the zoomed grids the rows that keep the arithmetic on screen.

        A stacked board draws its input over its output: two zoomed grids of the stylesheet's
        16 rows each pushed the arithmetic line under them off a 40- or 50-row terminal. Side by
        side, a grid of the tall stylesheet's 30 rows did the same in a 40-row one. Short
        terminals keep the stylesheet's own (smaller) heights.
        """
        try:
            height = int(self.app.size.height)
        except Exception:  # not running in an app yet
            return
        rows = None
        if height >= TALL_FROM:
            rows = stacked_zoom_rows(height) if self.stacked else side_zoom_rows(height)
        for grid in [*self.zoomed_grids, *self.zoomed_outputs]:
            now = grid.styles.inline.get_rule("max_height", None)
            value = None if now is None else getattr(now, "value", None)
            if value != rows or (now is None) != (rows is None):  # a layout pass only if new
                grid.styles.max_height = rows
            if self.steady:
                cap = grid.styles.max_height
                least = int(cap.value) if cap is not None and cap.unit is Unit.CELLS else None
                floor = grid.styles.inline.get_rule("min_height", None)
                if getattr(floor, "value", None) != least:
                    grid.styles.min_height = least

    def _available_width(self) -> int:
        if self.outer_size.width:
            return self.outer_size.width
        if self.width_hint is not None:
            return self.width_hint
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

    async def on_resize(self) -> None:
        """Re-arrange (focus, stack) when the board's width no longer suits the arrangement.

        While the grids are rebuilt the board is not ready: a ``show`` from the animation
        meanwhile only records its step, drawn once the new grids are mounted.
        """
        if not self._ready or not self.outer_size.width:
            return
        self._fit_zoomed_heights()
        new = arrange(self.widths, self.outer_size.width, bank=self._bank_fits())
        current = self.arrangement
        wanted_key = (new.focus, new.compact, MODES.index(new.mode))
        current_key = (current.focus, current.compact, MODES.index(current.mode))
        if wanted_key == current_key:
            return
        terminal = (self.app.size.width, self.app.size.height)
        more_compact = all(w >= c for w, c in zip(wanted_key, current_key, strict=True))
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
            # The lesson may have swapped this board for the next stage's meanwhile, or the app
            # be closing: then it is on its way out, its grids removed and none mounted.
            self._ready = (
                self.is_attached
                and not self._retired
                and not self._pruning
                and bool(self.query_children("#formula"))
            )
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
            widget = self._ids.one("formula", Static)
            set_text(widget, formula)
            widget.remove_class("-empty")
        self._flag_errata()
        self._write_legend()
        erratum = erratum_text(self.playback.erratum)
        if erratum:
            widget = self._ids.one("erratum", Static)
            widget.update(erratum)
            widget.remove_class("-empty")

    def _write_legend(self) -> None:
        """The input's heatmap key: which shade stands for which values."""
        if not self.input_grids:
            return
        legend = self.input_grids[0].legend(self.formats.format_input)
        if legend.plain:
            widget = self._ids.one("legend", Static)
            if widget.content != legend:  # the same shades after a playground change
                widget.update(legend)
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
        with ExitStack() as held:  # each grid compares its lines once, after the step's marks
            for grid in (*self.input_grids, *self.kernel_grids, *self.output_grids):
                held.enter_context(grid.holding_repaint())
            self._load_grids(info)
            self.show(step)
        return True

    def _load_grids(self, info: Layout) -> None:
        """Give the grids and their panels' titles the new playback's numbers (see :meth:`load`)."""
        for grid, pane in zip(self.input_grids, info.input_panes, strict=True):
            grid.set_data(pane, real=info.real)
        if info.kernel is not None:
            self._kernel_index = 0
            for grid, pane in zip(self.kernel_grids, info.kernel_panes(0), strict=True):
                grid.set_data(pane)
        for grid, pane in zip(self.output_grids, info.output_panes, strict=True):
            grid.set_data(pane, real=info.output_real)
        for selector, title in (
            ("input-panel", info.input_title),
            ("kernel-panel", info.kernel_title(0)),
            ("output-panel", info.output_title),
        ):
            panel = self._ids.maybe(selector, Panel)
            if panel is not None:
                panel.set_title(title)
        self._notes_written = False
        self._arranged_for = None  # the grids' widths changed: arrange again if they must
        self.call_after_refresh(self.on_resize)

    # ------------------------------------------------------------------ stepping
    def show(self, step: int) -> None:
        """Put the board at ``step`` (0 = before the first window; clamped to the trace)."""
        self.step = max(0, min(step, self.total))
        if not self._ready:
            return
        if not self._notes_written:
            self._write_notes()
        current = self.trace[self.step - 1] if (self.trace is not None and self.step > 0) else None
        if self.trace is not None and self.trace.kind == "transposed":
            self._show_painting(current)
            self._write_text(current)
            return
        self._show_focus(current)
        self._mark_inputs(current)
        self._mark_kernel(current)
        self._mark_outputs(current)
        self._write_text(current)
        if self.zoomed_grids or self.zoomed_outputs:  # after the view followed the window
            self._show_view()
            self.call_after_refresh(self._show_view)

        if self.concealed:
            conceal(self)

    def _show_painting(self, step: Step | None) -> None:
        """A transposed convolution: the input cell that paints, the patch it paints, the sums.

        Each step is one INPUT cell (``step.out``), bracketed on the input; the output shows the
        sum of every patch painted so far, the current patch bracketed (``step.window`` is on the
        canvas before the crop of ``trace.padding``).
        """
        for grid in self.input_grids:
            if step is None:
                grid.set_marks(follow=False)
            else:
                row, col = int(step.out[-2]), int(step.out[-1])
                grid.set_marks(window=Window(range(row, row + 1), range(col, col + 1)))
        partial = self.playback.partial_output
        if partial is None or not self.output_grids or self.trace is None:
            return
        info = self.layout_info
        for grid, pane in zip(
            self.output_grids, panes(partial(self.step), info.spatial), strict=False
        ):
            grid.set_data(pane, real=info.output_real)
        if step is None:
            for grid in self.output_grids:
                grid.set_marks(follow=False)
            return
        (top, _), (left, _) = self.trace.padding[-2:]
        rows_slice, cols_slice = step.window[-2], step.window[-1]
        for grid in self.output_grids:
            height, width = grid.shape
            rows = range(max(0, rows_slice.start - top), min(height, rows_slice.stop - top))
            cols = range(max(0, cols_slice.start - left), min(width, cols_slice.stop - left))
            grid.set_marks(window=Window(rows, cols) if rows and cols else None)

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
            self._ids.one("output-panel", Panel).set_title(title)
        if self.pooled_channels:
            title = f"input channel {current + 1} of {len(self.input_grids)}"
            self._ids.one("input-panel", Panel).set_title(title)

    def _mark_inputs(self, step: Step | None) -> None:
        if step is None:
            for grid in self.input_grids:
                grid.set_marks(follow=False)
            return
        if not self.input_grids:
            return
        weight_text = self.formats.weight_text
        weights = (
            None if step.weights is None or self.compact else [weight_text(w) for w in step.weights]
        )
        overhang = self._overhang(step)
        for grid, mark in zip(
            self.input_grids, input_marks(step, self.layout_info, weights), strict=False
        ):
            if mark is None:
                grid.set_marks(follow=False)
            else:
                window = replace(mark.window, overhang=overhang) if any(overhang) else mark.window
                grid.set_marks(window=window, winner=mark.winner)

    def _overhang(self, step: Step) -> tuple[bool, bool]:
        """Whether a pooling window hangs over the bottom, the right edge (ceil mode clips it).

        The first window is never clipped: a window with fewer rows or columns is cut by the edge.
        """
        if self.trace is None or self.trace.kind != "pool" or len(step.window) < 1:
            return (False, False)
        first = self.trace[0].window

        def span(piece: slice) -> int:
            return len(range(*piece.indices(1 << 30)))

        rows = len(step.window) > 1 and span(step.window[-2]) < span(first[-2])
        cols = span(step.window[-1]) < span(first[-1])
        return (bool(rows), bool(cols))

    def _mark_kernel(self, step: Step | None) -> None:
        info = self.layout_info
        if info.kernel is None or not self.kernel_grids:
            return
        k = int(step.out[0]) if step is not None else 0
        if info.kernel_bank:
            for index, grid in enumerate(self.kernel_grids):
                grid.set_class(index != k, "-inactive")
            if self.arrangement.mode != "bank":  # a bank's lines are titled once, each its own
                self._ids.one("kernel-panel", Panel).set_title(info.kernel_title(k))
            return
        if not info.kernel_stack or k == self._kernel_index:
            return
        self._kernel_index = k
        for grid, pane in zip(self.kernel_grids, info.kernel_panes(k), strict=False):
            grid.set_data(pane)
        self._ids.one("kernel-panel", Panel).set_title(info.kernel_title(k))

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
        arithmetic = self._ids.one("arithmetic", CodeLines)
        partials = self._ids.one("partials", Static)
        if step is None:
            if self.total:
                kind = self.trace.kind if self.trace is not None else ""
                arithmetic.set_text(windows_text(self.total, kind))
                arithmetic.remove_class("-empty")
            else:
                arithmetic.add_class("-empty")
            partials.add_class("-empty")
            return
        arithmetic.remove_class("-empty")
        overhang = any(self._overhang(step))
        arithmetic.set_text(arithmetic_text(step, self._errata, overhang=overhang))
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
