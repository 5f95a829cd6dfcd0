"""The grid widget: one 2-D array drawn line by line, the way the slides draw it.

A :class:`GridView` shows the numbers of an input, a kernel or an output. On top of the numbers it
can mark, all at once:

* padded cells (muted, italic, on a faint background), so they look different from real ones;
* the current window, with brackets ``[`` ``]`` on both sides of every covered row and the kernel
  weight of each covered cell written before its value as a superscript (``¹3 ⁰7 ⁻¹9``), as the
  slides do;
* how far the output has filled: cells not computed yet show ``·``;
* the current output cell, bracketed and highlighted;
* the winner of a max-pool window, underlined and highlighted;
* flagged cells (where a slide prints a wrong value), underlined in the warning colour;
* a heatmap: positive values shade one way, negative values the other (a diverging palette).

Every style comes from ``COMPONENT_CLASSES``, so a theme or a ``.tcss`` file can restyle the cells.
The widget is a :class:`~textual.scroll_view.ScrollView`: a grid bigger than its space scrolls,
and it scrolls by itself to keep the window in view.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.css.scalar import Unit
from textual.filter import ANSIToTruecolor
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app.line_compositor import runs
from tui.app.widgets.heat import HEAT_LEVELS, heat_level

_NO_SPACING = Spacing(0, 0, 0, 0)

SUPERSCRIPTS = str.maketrans("0123456789-+.=()/", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺·⁼⁽⁾ᐟ")
"""Digits, signs and the decimal point as superscripts (the point becomes a raised dot)."""

MIN_CELL_WIDTH = 2
"""The narrowest cell, so single digits do not run together."""

EMPTY = "·"
"""What an output cell shows before its step has run."""


def superscript(text: str) -> str:
    """Write ``text`` in superscript characters, as the slides write kernel weights.

    >>> superscript("-1")
    '⁻¹'
    >>> superscript("0.5")
    '⁰·⁵'
    """
    return text.translate(SUPERSCRIPTS)


def _default_format(value: float) -> str:
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class Window:
    """The cells a step covers, in grid coordinates.

    Attributes:
        rows: The covered rows (a range: dilation makes it step by more than one).
        cols: The covered columns.
        weights: The superscript text of each covered cell's weight, rows × cols, or None.
    """

    rows: range
    cols: range
    weights: tuple[tuple[str, ...], ...] | None = None
    overhang: tuple[bool, bool] = (False, False)
    """Whether the window hangs over the bottom, the right edge (a ceil-mode pooling window)."""

    def covers(self, row: int, col: int) -> bool:
        """Whether the window covers the cell at (row, col)."""
        return row in self.rows and col in self.cols

    @property
    def box(self) -> tuple[int, int, int, int]:
        """The bounding box (top, bottom, left, right), bottom and right exclusive."""
        return self.rows[0], self.rows[-1] + 1, self.cols[0], self.cols[-1] + 1


class GridView(ScrollView, can_focus=False):
    """A 2-D array of numbers with window, padding, weights, fill, winner and heatmap marks.

    The grid holds the data (``set_data``) and the marks (``set_marks``); it never computes
    anything. A row of the array is a line of the widget; each cell is ``cell_width`` characters
    plus a one-character separator, where the window's brackets go.
    """

    COMPONENT_CLASSES = {
        "grid--cell",
        "grid--pad",
        "grid--empty",
        "grid--window",
        "grid--bracket",
        "grid--weight",
        "grid--current",
        "grid--winner",
        "grid--erratum",
        "grid--overhang",
        "grid--zero",
        *(f"grid--pos-{level}" for level in range(1, HEAT_LEVELS + 1)),
        *(f"grid--neg-{level}" for level in range(1, HEAT_LEVELS + 1)),
    }

    DEFAULT_CSS = """
    GridView {
        width: auto;
        height: auto;
        scrollbar-size: 1 1;
        background: $surface;
    }
    GridView > .grid--cell { color: $text; }
    GridView > .grid--zero { color: $text; }
    GridView > .grid--pad { color: $text-muted; background: $foreground 6%; text-style: italic; }
    GridView > .grid--empty { color: $text-muted; }
    GridView > .grid--window { background: $accent 45%; color: $text; text-style: bold; }
    GridView > .grid--bracket { color: $accent; text-style: bold; }
    GridView > .grid--weight { color: $text-warning; text-style: bold; }
    GridView > .grid--current { background: $accent 70%; color: $text; text-style: bold; }
    GridView > .grid--winner { background: $success 60%; color: $text; text-style: bold underline; }
    GridView > .grid--erratum { color: $text-warning; text-style: bold underline; }
    GridView > .grid--overhang { text-style: bold underline; }
    GridView > .grid--pos-1 { background: $primary 12%; }
    GridView > .grid--pos-2 { background: $primary 25%; }
    GridView > .grid--pos-3 { background: $primary 40%; }
    GridView > .grid--pos-4 { background: $primary 55%; }
    GridView > .grid--neg-1 { background: $error 12%; }
    GridView > .grid--neg-2 { background: $error 25%; }
    GridView > .grid--neg-3 { background: $error 40%; }
    GridView > .grid--neg-4 { background: $error 55%; }
    """

    class CellClicked(Message):
        """A cell of the grid was clicked.

        Attributes:
            grid: The grid that was clicked.
            row: The clicked cell's row.
            col: The clicked cell's column.
        """

        def __init__(self, grid: GridView, row: int, col: int) -> None:
            super().__init__()
            self.grid = grid
            self.row = row
            self.col = col

        @property
        def control(self) -> GridView:
            """The grid that was clicked."""
            return self.grid

    def __init__(
        self,
        values: npt.ArrayLike,
        *,
        formatter: Callable[[float], str] | None = None,
        real: tuple[int, int, int, int] | None = None,
        weight_width: int = 0,
        heat: bool = True,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Make a grid.

        Args:
            values: The numbers, shape (H, W); a 1-D array of length L is drawn as one row (1, L).
            formatter: Turns a value into its text (the lesson's display rule).
            real: The real (unpadded) cells as (top, bottom, left, right), bottom and right
                exclusive; cells outside are padding. None: every cell is real.
            weight_width: Room to keep in every cell for a superscript weight, so cells keep their
                width while the window moves.
            heat: Shade cells by value (diverging palette).
            name: The widget's name.
            id: The widget's id.
            classes: CSS classes.
        """
        self._rows: dict[int, tuple[int, int, Strip]] = {}  # row: (scroll x, width, line)
        self._single_cells = True  # every text one cell per character (see _cut)
        self._truecolor = True  # every style so far in truecolor, none dim (see _in_truecolor)
        self._empty_gap: Style | None = None  # the style of an empty cell's separator
        self._painted: dict[int, Strip] = {}  # content line: the strip last drawn there
        self._painting = False  # inside render_lines: the screen asks for these lines
        self._holding = 0  # nested holding_repaint() blocks open
        self._held = False  # new numbers arrived while holding: compare the lines at the end
        self._scrolled = False  # the view moved while holding: it is repainted whole anyway
        self._styles: dict[tuple[str, ...], Style] = {}
        super().__init__(name=name, id=id, classes=classes)
        self._format = formatter or _default_format
        self._heat_on = heat
        self._weight_width = weight_width
        self.window: Window | None = None
        self.filled: int | None = None
        self.current: tuple[int, int] | None = None
        self.winner: tuple[int, int] | None = None
        self.flagged: frozenset[tuple[int, int]] = frozenset()
        self._values: npt.NDArray[np.float64] = np.zeros((0, 0))
        self._texts: Sequence[Sequence[str]] = []
        self._heat: Sequence[Sequence[str]] = []
        self._distinct_texts: set[str] = set()
        self._real = (0, 0, 0, 0)
        self.cell_width = 1
        self.set_data(values, real=real)

    # ----------------------------------------------------------------------------- data and marks
    @property
    def shape(self) -> tuple[int, int]:
        """The grid's (rows, columns)."""
        rows, cols = self._values.shape
        return int(rows), int(cols)

    @property
    def values(self) -> npt.NDArray[np.float64]:
        """The numbers shown, shape (H, W)."""
        return self._values

    def set_data(
        self, values: npt.ArrayLike, *, real: tuple[int, int, int, int] | None = None
    ) -> None:
        """Replace the numbers (and which cells are real); keeps the marks.

        Args:
            values: Shape (H, W), or (L,) drawn as one row.
            real: The real cells (top, bottom, left, right), or None for all.
        """
        array = np.asarray(values, dtype=np.float64)
        if array.ndim == 1:
            array = array.reshape(1, -1)
        if array.ndim != 2:
            raise ValueError(f"a grid shows a 2-D array, got shape {array.shape}")
        rows, cols = array.shape
        real = real if real is not None else (0, rows, 0, cols)
        old = self._values
        if (
            old.size
            and real == self._real
            and np.array_equal(old, array, equal_nan=True)
            and np.array_equal(np.signbit(old), np.signbit(array))  # -0 may be written apart
        ):
            return  # the same numbers (a playground change that left this grid): nothing to do
        box = self._capped_box()
        self._values = array
        self._real = real
        width, height = self.cell_width, self.virtual_size
        finite = array[np.isfinite(array)]
        scale = float(np.max(np.abs(finite))) if finite.size else 0.0
        self._texts, self._heat = self._cell_texts(array, scale)
        self._single_cells = all(cell_len(text) == len(text) for text in self._distinct_texts)
        text_width = max((len(t) for t in self._distinct_texts), default=1)
        self.cell_width = max(MIN_CELL_WIDTH, text_width + self._weight_width)
        virtual = Size(self.line_width, rows)
        self._rows.clear()
        # A layout pass only when the grid's box changes; else new numbers are a repaint. A
        # zoomed grid's box is its view's caps, whatever the numbers' size behind it.
        resized = (self.cell_width, virtual) != (width, height)
        if resized and box is not None and box == self._capped_box(virtual.width, rows):
            resized = False
            self.set_reactive(GridView.virtual_size, virtual)  # no layout: the box is the same
            self.scroll_to(
                min(self.scroll_x, self.max_scroll_x),
                min(self.scroll_y, self.max_scroll_y),
                animate=False,
                immediate=True,
                force=True,
            )
        else:
            self.virtual_size = virtual
        if not resized and self._holding:
            self._held = True  # compared once the marks and the view are set (holding_repaint)
            return
        if resized or not self._repaint_changed_lines():
            self.refresh(layout=resized)

    @contextmanager
    def holding_repaint(self) -> Iterator[None]:
        """Hold the repaint that new numbers ask for until the block ends.

        A playground change gives the grid new numbers, then marks, then pages its view: the
        lines compared when the numbers arrive would be drawn again once the marks move, and
        all of them when the view pages. Inside the block the numbers only set the grid's data;
        at its end the visible lines are compared with the ones drawn last (as ``set_data``
        does alone), unless the view moved, which repaints them all.
        """
        self._holding += 1
        if self._holding == 1:
            self._held = self._scrolled = False
        try:
            yield
        finally:
            self._holding -= 1
            if not self._holding and self._held:
                self._held = False
                if not self._scrolled and not self._repaint_changed_lines():
                    self.refresh()

    def _repaint_changed_lines(self) -> bool:
        """New numbers in the same box: draw each visible line now and repaint only the lines
        that differ from the ones drawn last (a playground change at step 0 shows the same
        empty cells; a stride change keeps most rows of an input's view).

        Returns:
            False when the grid is not on screen or not drawn yet: then repaint it all.
        """
        view_width, height = self.size
        width = max(self.virtual_size.width, view_width)
        painted = self._painted
        if not self.is_mounted or not self.display or height <= 0 or len(painted) < height:
            return False
        dirty: list[int] = []
        scroll_x, scroll_y = self.scroll_offset
        for y in range(height):
            before = painted.get(y)
            if before is None or before != self._line(y, scroll_x, scroll_y, view_width):
                dirty.append(y)
        if dirty:
            self.refresh(*(Region(0, run.start, width, len(run)) for run in runs(dirty)))
        return True

    def _capped_box(
        self, line_width: int | None = None, rows: int | None = None
    ) -> tuple[int, int] | None:
        """The grid's outer (width, height) when a zoomed view's caps decide it, else None.

        Args:
            line_width: The drawn line's width (default: the current one).
            rows: The rows of numbers (default: the current ones).

        A zoomed grid has no scrollbars and its ``max-width``/``max-height`` (and, in the
        playground, ``min-height``) in cells: its box is then its line width and rows clamped
        to those, known without a layout pass.
        """
        styles = self.styles
        max_width, max_height, min_height = styles.max_width, styles.max_height, styles.min_height
        cells = Unit.CELLS
        if (
            not self.is_mounted
            or not self.has_class("-zoomed")
            or max_width is None
            or max_height is None
            or max_width.unit is not cells
            or max_height.unit is not cells
            or (min_height is not None and min_height.unit is not cells)
            or styles.scrollbar_size_horizontal
            or styles.scrollbar_size_vertical
        ):
            return None
        shown = min(self.virtual_size.height if rows is None else rows, int(max_height.value))
        if min_height is not None:
            shown = max(shown, int(min_height.value))
        width = self.virtual_size.width if line_width is None else line_width
        return min(width, int(max_width.value)), shown

    def _cell_texts(
        self, array: npt.NDArray[np.float64], scale: float
    ) -> tuple[Sequence[Sequence[str]], Sequence[Sequence[str]]]:
        """Every cell's text and heat class, shape (H, W), each distinct value formatted once.

        A 256x256 image holds at most 256 distinct values: formatting and shading those and
        indexing back costs a few milliseconds where formatting all 65,536 cells took most of a
        second. A grid with a negative zero is formatted cell by cell (``np.unique`` takes -0
        for 0, and a format may write them apart).
        """
        if array.size and bool(np.any((array == 0) & np.signbit(array))):
            texts = [[self._format(float(v)) for v in row] for row in array]
            self._distinct_texts = {t for row in texts for t in row}
            heat = [[self._heat_class(float(v), scale) for v in row] for row in array]
            return texts, heat
        values, inverse = np.unique(array, return_inverse=True)
        inverse = inverse.reshape(array.shape)
        distinct = [self._format(float(v)) for v in values]
        self._distinct_texts = set(distinct)
        shades = [self._heat_class(float(v), scale) for v in values]
        cell_texts: list[list[str]] = np.array(distinct, dtype=object)[inverse].tolist()
        cell_heat: list[list[str]] = np.array(shades, dtype=object)[inverse].tolist()
        return cell_texts, cell_heat

    def _heat_class(self, value: float, scale: float) -> str:
        if not self._heat_on:
            return "grid--cell"
        level = heat_level(value, scale)
        if level == 0:
            return "grid--zero"
        return f"grid--pos-{level}" if level > 0 else f"grid--neg-{-level}"

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """The grid's width, already clamped to ``max-width``.

        A container sized ``auto`` adds up its children's content widths; clamping here keeps a
        capped grid from stretching its panel to the uncapped width.
        """
        width = self.virtual_size.width
        max_width = self.styles.max_width
        if max_width is not None and not max_width.is_percent:
            limit = int(max_width.resolve(container, viewport))
            width = min(width, max(1, limit - self.styles.gutter.width))
        return width

    @property
    def line_width(self) -> int:
        """Characters in one drawn row: each cell plus its separator, and a closing separator."""
        return self.shape[1] * (self.cell_width + 1) + 1

    def set_marks(
        self,
        *,
        window: Window | None = None,
        filled: int | None = None,
        current: tuple[int, int] | None = None,
        winner: tuple[int, int] | None = None,
        follow: bool = True,
    ) -> None:
        """Set what is marked and repaint the rows whose look changed.

        Args:
            window: The covered cells (and their weights), or None.
            filled: How many cells, in row-major order, are computed; None shows every cell.
            current: The cell being computed now (bracketed), or None.
            winner: The winning cell of a max-pool window, or None.
            follow: Scroll so the window (or the current cell) is in view.
        """
        dirty = self._marked_rows()
        if filled != self.filled:
            dirty |= self._fill_rows(self.filled, filled)
        self.window = window
        self.filled = filled
        self.current = current
        self.winner = winner
        dirty |= self._marked_rows()
        for row in dirty:
            self._rows.pop(row, None)
        self._refresh_rows(dirty)
        if follow:
            self._follow()

    def _refresh_rows(self, rows: set[int]) -> None:
        """Repaint these rows of the array, each run of consecutive rows as one region (one
        ``refresh`` call in all: a call costs tens of microseconds)."""
        if not rows:
            return
        width = max(self.virtual_size.width, self.size.width)
        top = int(self.scroll_offset.y)
        regions = [Region(0, run.start - top, width, len(run)) for run in runs(sorted(rows))]
        self.refresh(*regions)

    def set_flags(self, cells: frozenset[tuple[int, int]]) -> None:
        """Flag cells (a slide's known errors), drawn underlined in the warning colour."""
        self.flagged = frozenset(cells)
        self._rows.clear()
        self.refresh()

    def _marked_rows(self) -> set[int]:
        """Rows drawn differently because of the window, the current cell or the winner."""
        rows: set[int] = set()
        if self.window is not None:
            top, bottom, _, _ = self.window.box
            rows.update(range(top, bottom))
        if self.current is not None:
            rows.add(self.current[0])
        if self.winner is not None:
            rows.add(self.winner[0])
        return rows

    def _fill_rows(self, old: int | None, new: int | None) -> set[int]:
        """Rows whose cells change between ``old`` and ``new`` filled counts."""
        rows, cols = self.shape
        if old is None or new is None or cols == 0:
            return set(range(rows))
        low, high = sorted((old, new))
        return set(range(low // cols, min(rows, high // cols + 1)))

    def _follow(self) -> None:
        """Scroll by a page when the window (or the current cell) leaves the view.

        The numbers stay put while the window walks across the view, and jump once when it
        would leave it: the window then opens one cell in from the edge it enters by, so the
        cell it just left stays in sight. (Scrolling at every step would move every number on
        every step, and repaint the whole grid.)
        """
        box: tuple[int, int, int, int] | None = None
        if self.window is not None:
            box = self.window.box
        elif self.current is not None:
            row, col = self.current
            box = (row, row + 1, col, col + 1)
        if box is None or not self.is_mounted:
            return
        view = self.scrollable_content_region.size
        if view.width >= self.virtual_size.width and view.height >= self.virtual_size.height:
            return
        top, bottom, left, right = box
        cell = self.cell_width + 1
        scroll_x, scroll_y = self.scroll_offset
        new_x = _page_to(scroll_x, view.width, left * cell, right * cell + 1, cell)
        new_y = _page_to(scroll_y, view.height, top, bottom, 1)
        new_x = max(0, min(new_x, self.max_scroll_x))
        new_y = max(0, min(new_y, self.max_scroll_y))
        if (new_x, new_y) != (scroll_x, scroll_y):
            self.scroll_to(new_x, new_y, animate=False, immediate=True, force=True)

    # ------------------------------------------------------------------------------- legend
    @property
    def heat_scale(self) -> float:
        """The magnitude shaded darkest (the largest finite |value|), 0 for an all-zero grid."""
        finite = self._values[np.isfinite(self._values)]
        return float(np.max(np.abs(finite))) if finite.size else 0.0

    def legend(self, format: Callable[[float], str] | None = None) -> Text:
        """The heatmap's key: ``-9 ▆▆▆▆ 0 ▆▆▆▆ 9``, each swatch in its shade.

        Negative shades to the left of 0, positive to the right, the darkest at the ends; the
        end labels are the grid's largest magnitude, so a shade reads back as a value range.
        """
        scale = self.heat_scale
        write = format or self._format
        text = Text(no_wrap=True)
        if not self._heat_on or scale <= 0:
            return text
        finite = self._values[np.isfinite(self._values)]
        text.append("shade: ")
        if float(finite.min()) < 0:  # the negative side only where there are negatives
            text.append(f"{write(-scale)} ")
            for level in range(HEAT_LEVELS, 0, -1):
                text.append("  ", self._style(f"grid--neg-{level}"))
            text.append(" ")
        text.append(write(0.0))
        if float(finite.max()) > 0:
            text.append(" ")
            for level in range(1, HEAT_LEVELS + 1):
                text.append("  ", self._style(f"grid--pos-{level}"))
            text.append(f" {write(scale)}")
        return text

    # ------------------------------------------------------------------------------- zoom
    @property
    def zoomed(self) -> bool:
        """Whether only part of the grid is in view (a big grid: a window around the step)."""
        return self.is_mounted and (
            self.size.width < self.virtual_size.width or self.size.height < self.virtual_size.height
        )

    def visible_cells(self) -> tuple[range, range]:
        """The rows and columns in view (all of them when the grid fits)."""
        rows, cols = self.shape
        size = self.size if self.is_mounted else None
        if size is None or not size.width:
            return range(rows), range(cols)
        width = self.cell_width + 1
        x, y = self.scroll_offset
        first_col = min(cols, x // width)
        last_col = min(cols, max(first_col + 1, (x + size.width - 1) // width))
        return range(y, min(rows, y + size.height)), range(first_col, last_col)

    def view_text(self, room: int = 80) -> str:
        """Where the view is on a zoomed grid, 1-based, in at most ``room`` characters.

        ``rows 3-12, cols 5-20 of 28x28``, or ``r3-12 c5-20 of 28x28`` when that is too long,
        or ``r3-12 c5-20``.
        """
        rows, cols = self.visible_cells()
        height, width = self.shape
        if not rows or not cols:
            return f"{height}x{width}"
        r = f"{rows[0] + 1}-{rows[-1] + 1}"
        c = f"{cols[0] + 1}-{cols[-1] + 1}"
        for text in (
            f"rows {r}, cols {c} of {height}x{width}",
            f"r{r} c{c} of {height}x{width}",
        ):
            if len(text) <= room:
                return text
        return f"r{r} c{c}"

    def pan(self, rows: int, cols: int) -> None:
        """Move the view by whole cells (until the next step follows the window again)."""
        width = self.cell_width + 1
        self.scroll_to(
            self.scroll_offset.x + cols * width,
            self.scroll_offset.y + rows,
            animate=False,
            immediate=True,
            force=True,
        )

    # ------------------------------------------------------------------------------- drawing
    def watch_scroll_x(self, old_value: float, new_value: float) -> None:
        """Repaint at a new offset (see :meth:`_scrolled_to`)."""
        bar = bool(self.styles.scrollbar_size_horizontal)
        self._scrolled_to(old_value, new_value, super().watch_scroll_x if bar else None)

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        """Repaint at a new offset (see :meth:`_scrolled_to`)."""
        bar = bool(self.styles.scrollbar_size_vertical)
        self._scrolled_to(old_value, new_value, super().watch_scroll_y if bar else None)

    def _scrolled_to(
        self, old: float, new: float, scroll_view_watch: Callable[[float, float], None] | None
    ) -> None:
        """A new offset on one axis: ScrollView's watcher where the grid has that scrollbar;
        else only the repaint, since moving the hidden bar would repaint a widget that is not on
        screen, and the compositor maps every widget again for it (a zoomed grid's page). Inside
        :meth:`holding_repaint` a move is noted: the grid is repainted whole."""
        moved = round(old) != round(new)
        if self._holding and moved:
            self._scrolled = True
        if scroll_view_watch is not None:
            scroll_view_watch(old, new)
        elif moved:
            self.refresh(self.size.region)

    def notify_style_update(self) -> None:
        """A theme or stylesheet change: forget every drawn row and style."""
        self._styles.clear()
        self._truecolor = True
        self._empty_gap = None
        self._rows.clear()
        super().notify_style_update()

    def _style(self, *names: str) -> Style:
        style = self._styles.get(names)
        if style is None:
            style = self.get_component_rich_style(*names) if names else self.rich_style
            self._styles[names] = style
            if not _in_truecolor(style):
                self._truecolor = False
        return style

    def _is_pad(self, row: int, col: int) -> bool:
        top, bottom, left, right = self._real
        return not (top <= row < bottom and left <= col < right)

    def _boxes(self) -> list[tuple[int, int, int, int]]:
        boxes = []
        if self.window is not None:
            boxes.append(self.window.box)
        if self.current is not None:
            row, col = self.current
            boxes.append((row, row + 1, col, col + 1))
        return boxes

    def render_lines(self, crop: Region) -> list[Strip]:
        """Textual's, noting each line drawn for the screen (see :meth:`_repaint_changed_lines`;
        a ``render_line`` called from elsewhere is not what the screen shows)."""
        self._painting = True
        try:
            if not self._plain_box():
                return super().render_lines(crop)
            return self._render_plain_lines(crop)
        finally:
            self._painting = False

    def _plain_box(self) -> bool:
        """True when the grid draws nothing around its lines: no border, outline, padding,
        scrollbar gutter, tint, hatch or opacity (a zoomed grid, the playground's)."""
        styles = self.styles
        return (
            not styles.scrollbar_size_horizontal
            and not styles.scrollbar_size_vertical
            and styles.gutter == _NO_SPACING
            and self._border_title is None
            and self._border_subtitle is None
            and not any(edge for edge, _ in styles.outline)
            and not styles.tint.a
            and styles.text_opacity == 1.0
            and self.opacity == 1.0
            and (not styles.has_rule("hatch") or styles.hatch == "none")
        )

    def _render_plain_lines(self, crop: Region) -> list[Strip]:
        """Textual's styles cache for a plain box (see :meth:`_plain_box`), without its work
        per line for borders, padding and effects that such a box does not have: each line is
        :meth:`render_line`'s, kept until the line is refreshed, then the app's filters."""
        cache = self._styles_cache
        width = self.size.width
        if width != cache._width:
            cache.clear()
            cache._width = width
        lines, dirty = cache._cache, cache._dirty_lines
        _, background = self.background_colors
        filters = self.get_line_filters()
        if self._truecolor:  # the lines' colours are the filter's already: it would copy them
            filters = [kept for kept in filters if not isinstance(kept, ANSIToTruecolor)]
        scroll_x, scroll_y = self.scroll_offset
        strips: list[Strip] = []
        for y in crop.line_range:
            strip = lines.get(y)
            if strip is None or y in dirty:
                strip = lines[y] = self._line(y, scroll_x, scroll_y, width)
            for line_filter in filters:
                strip = strip.apply_filter(line_filter, background)
            strips.append(strip)
        dirty.difference_update(crop.line_range)
        if crop.column_span != (0, width):
            x1, x2 = crop.column_span
            strips = [strip.crop(x1, x2) for strip in strips]
        return strips

    def render_line(self, y: int) -> Strip:
        """Draw line ``y`` of the visible area (one row of the array)."""
        scroll_x, scroll_y = self.scroll_offset
        return self._line(y, scroll_x, scroll_y, self.size.width)

    def _line(self, y: int, scroll_x: int, scroll_y: int, width: int) -> Strip:
        """Line ``y`` of the view at (``scroll_x``, ``scroll_y``), ``width`` cells wide: the
        offset and width read once for all the lines a render draws."""
        row = y + scroll_y
        rows, cols = self._values.shape
        if row >= rows or row < 0:
            blank = Strip.blank(width, self._style())
            if self._painting:
                self._painted[y] = blank
            return blank
        # Only the columns in view are drawn (a zoomed 28x28 grid shows 9 to 16 of them), and
        # the line is kept as drawn for this view until its row's marks or numbers change.
        drawn = self._rows.get(row)
        if drawn is None or drawn[0] != scroll_x or drawn[1] != width:
            cell = self.cell_width + 1
            first = min(cols, scroll_x // cell)
            stop = min(cols, (scroll_x + width) // cell + 1)
            start = scroll_x - first * cell
            segments = self._row_segments(row, first, stop)
            strip = (
                Strip(_cut(segments, start, start + width, self._style()), width)
                if self._single_cells
                else Strip(segments).crop_extend(start, start + width, self._style())
            )
            drawn = (scroll_x, width, strip)
            self._rows[row] = drawn
        strip = drawn[2]
        if self._painting:
            self._painted[y] = strip
        return strip

    def _row_segments(self, row: int, first: int = 0, stop: int | None = None) -> list[Segment]:
        """The segments of one row's cells ``first`` to ``stop - 1``: separators (brackets) and
        cells, and the closing separator when ``stop`` is the last column."""
        _, cols = self.shape
        stop = cols if stop is None else stop
        base = self._style()
        bracket = self._style("grid--bracket")
        empty = self._style("grid--empty")
        window = self.window
        covered_cols = window.cols if window is not None and row in window.rows else range(0)
        weights = (
            window.weights[window.rows.index(row)]
            if window is not None and window.weights is not None and covered_cols
            else None
        )
        # Where the brackets go: the column a box opens before, the column it closes before.
        opens: set[int] = set()
        closes: set[int] = set()
        for top, bottom, left, right in self._boxes():
            if top <= row < bottom:
                opens.add(left)
                closes.add(right)
        # A ceil-mode window cut by the edge: its last row underlined, its right side open (»).
        bottom_overhang = (
            window is not None
            and window.overhang[0]
            and bool(covered_cols)
            and row == window.rows[-1]
        )
        overhangs_right = window is not None and window.overhang[1] and bool(covered_cols)
        width = self.cell_width
        filled = self.filled
        texts = self._texts[row]
        heat = self._heat[row]
        top, bottom, left, right = self._real
        real_row = top <= row < bottom
        # Runs of one style are one segment (a cell and the separator before it share the
        # cell's shade): half the segments or fewer for every later stage of the drawing.
        segments: list[Segment] = []
        run_text, run_style = "", base

        def put(text: str, style: Style) -> None:
            nonlocal run_text, run_style
            if style is run_style:
                run_text += text
            else:
                if run_text:
                    segments.append(Segment(run_text, run_style))
                run_text, run_style = text, style

        # Most cells carry no mark: their separator and number are one piece in their shade.
        marked = {c for r, c in self.flagged if r == row}
        for cell in (self.winner, self.current):
            if cell is not None and cell[0] == row:
                marked.add(cell[1])
        plain = set(range(first, stop)) - marked - opens - closes - set(covered_cols)
        pad = self._style("grid--pad")
        # An empty cell's separator is a space: drawn in the dot's style when that has the
        # grid's background, so a row still to come is one piece.
        empty_gap = self._empty_gap
        if empty_gap is None:
            empty_gap = self._empty_gap = empty if _same_space(empty, base) else base
        blank = EMPTY.rjust(width)
        for col in range(first, stop):
            if filled is not None and row * cols + col >= filled:
                put(*self._separator(col, opens, closes, empty_gap))
                put(blank, empty)
                continue
            if col in plain:
                style = self._style(heat[col]) if real_row and left <= col < right else pad
                put(" " + texts[col].rjust(width), style)
                continue
            names: tuple[str, ...] = (
                (heat[col],) if real_row and left <= col < right else ("grid--pad",)
            )
            is_covered = col in covered_cols
            if is_covered:
                names += ("grid--window",)
                if bottom_overhang:
                    names += ("grid--overhang",)
            if self.winner == (row, col):
                names += ("grid--winner",)
            if (row, col) in self.flagged:
                names += ("grid--erratum",)
            if self.current == (row, col):
                names += ("grid--current",)
            style = self._style(*names)
            # The separator before a cell is shaded as the cell, so a heatmap is even blocks.
            put(*self._separator(col, opens, closes, style))
            text = texts[col]
            weight = weights[covered_cols.index(col)] if weights is not None and is_covered else ""
            if weight:
                put(" " * max(0, width - len(text) - len(weight)), style)
                put(weight, self._style(*names, "grid--weight"))
                put(text, style)
            else:
                put(text.rjust(width), style)
        if stop == cols:
            last = "]" if cols in closes else " "
            if overhangs_right and cols in closes:
                last = "»"
            put(last, bracket if cols in closes else base)
        if run_text:
            segments.append(Segment(run_text, run_style))
        return segments

    def _separator(
        self, col: int, opens: set[int], closes: set[int], style: Style
    ) -> tuple[str, Style]:
        """The character before cell ``col`` and its style: a window's bracket, or a space in
        ``style``."""
        if col in opens or col in closes:
            return ("[" if col in opens else "]"), self._style("grid--bracket")
        return " ", style

    # ------------------------------------------------------------------------------- mouse
    def cell_at(self, x: int, y: int) -> tuple[int, int] | None:
        """The (row, col) of the cell drawn at content offset (x, y), or None."""
        virtual_x = x + int(self.scroll_offset.x)
        row = y + int(self.scroll_offset.y)
        rows, cols = self.shape
        if not 0 <= row < rows or virtual_x < 0 or virtual_x >= self.line_width:
            return None
        col = min(cols - 1, max(0, (virtual_x - 1) // (self.cell_width + 1)))
        return row, col

    def on_click(self, event: events.Click) -> None:
        """Report a click on a cell as :class:`GridView.CellClicked`."""
        offset = event.get_content_offset(self)
        if offset is None:
            return
        cell = self.cell_at(offset.x, offset.y)
        if cell is not None:
            event.stop()
            self.post_message(self.CellClicked(self, *cell))


def _in_truecolor(style: Style) -> bool:
    """True when Textual's ``ANSIToTruecolor`` filter leaves ``style`` as it is: its colours
    are given as RGB (a theme's), not a terminal's palette, and it is not dim."""
    return (
        (style.color is None or style.color.triplet is not None)
        and (style.bgcolor is None or style.bgcolor.triplet is not None)
        and not style.dim
    )


def _same_space(style: Style, other: Style) -> bool:
    """True when a space drawn in ``style`` looks as one drawn in ``other``: the same
    background and nothing drawn over a space (underline, strike, reverse, overline)."""
    marks = ("underline", "underline2", "strike", "reverse", "overline", "blink", "blink2")
    return style.bgcolor == other.bgcolor and not any(
        getattr(s, mark) for s in (style, other) for mark in marks
    )


def _cut(segments: list[Segment], start: int, end: int, pad: Style) -> list[Segment]:
    """Cells ``start`` to ``end - 1`` of a line whose every character is one cell wide (a
    grid's numbers, dots, brackets and superscripts), padded with spaces in ``pad``: what
    ``Strip.crop_extend`` gives, without measuring each character's width.

    Args:
        segments: The line, left to right.
        start: The first cell kept.
        end: One past the last cell kept.
        pad: The style of the cells added past the line's end.

    >>> [s.text for s in _cut([Segment("ab"), Segment("cde"), Segment("f")], 1, 5, Style())]
    ['b', 'cde']
    >>> [s.text for s in _cut([Segment("ab")], 1, 4, Style())]
    ['b', '  ']
    """
    cut: list[Segment] = []
    position = 0
    for segment in segments:
        text = segment.text
        length = len(text)
        if position + length > start and position < end:
            left = max(0, start - position)
            right = min(length, end - position)
            cut.append(
                Segment(text[left:right], segment.style) if left or right < length else segment
            )
        position += length
        if position >= end:
            return cut
    missing = end - max(start, position)
    if missing > 0:
        cut.append(Segment(" " * missing, pad))
    return cut


def window_from_slices(
    slices: Sequence[slice], shape: tuple[int, int], weights: Sequence[Sequence[str]] | None = None
) -> Window:
    """Build a :class:`Window` from a step's slices into a (padded) 2-D grid.

    Args:
        slices: One slice per axis, (rows, cols); a single slice is a 1-D window on row 0.
        shape: The grid's (rows, columns).
        weights: Superscript weight texts, rows × cols of the window, or None.
    """
    if len(slices) == 1:
        row_slice, col_slice = slice(0, 1), slices[0]
    else:
        row_slice, col_slice = slices[-2], slices[-1]
    rows = range(*row_slice.indices(shape[0]))
    cols = range(*col_slice.indices(shape[1]))
    frozen = tuple(tuple(r) for r in weights) if weights is not None else None
    return Window(rows, cols, frozen)


def _page_to(offset: int, view: int, start: int, end: int, unit: int) -> int:
    """The scroll offset that shows ``start``-``end``, moving only when it is out of view.

    Args:
        offset: The current scroll offset (characters or rows).
        view: How many characters (or rows) are in view.
        start: Where the span to show starts.
        end: Where it ends (exclusive).
        unit: One cell's width, the context kept beside the span.

    Returns:
        ``offset`` if the span is in view; else the offset that puts the span one ``unit`` in
        from the edge it enters by (the left one when it moves right, and so on), or at the
        view's start when it is wider than the view.

    >>> _page_to(0, 10, 3, 7, 1)   # in view: no scroll
    0
    >>> _page_to(0, 10, 9, 13, 1)  # leaves on the right: a page on, one cell of context
    8
    >>> _page_to(8, 10, 5, 9, 1)   # leaves on the left
    0
    """
    if offset <= start and end <= offset + view:
        return offset
    new = start - unit if start >= offset + view or end > offset + view else end + unit - view
    if end - new > view or new > start:
        new = start
    return new
