"""A grayscale picture drawn with half blocks: two pixels per character cell.

Each cell is "▀" with the top pixel as its foreground colour and the bottom pixel as its
background, so a 128x128 photograph takes 128 columns and 64 lines. Values are mapped to 64 gray
levels between ``low`` (black) and ``high`` (white); styles are cached per pair of levels, so a
large picture costs one dictionary lookup per cell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import numpy.typing as npt
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

GRAY_LEVELS = 64
"""Gray levels drawn (a terminal's 24-bit colour has 256; 64 look the same and cache better)."""

_STYLES: dict[tuple[int, int], Style] = {}


def _gray(level: int) -> Color:
    value = round(level * 255 / (GRAY_LEVELS - 1))
    return Color.from_rgb(value, value, value)


def half_block_style(top: int, bottom: int) -> Style:
    """The style of one cell: the top pixel's gray as foreground, the bottom's as background.

    Args:
        top: Gray level 0 (black) to ``GRAY_LEVELS - 1`` (white) of the upper pixel.
        bottom: The same for the lower pixel.
    """
    key = (top, bottom)
    style = _STYLES.get(key)
    if style is None:
        style = Style(color=_gray(top), bgcolor=_gray(bottom))
        _STYLES[key] = style
    return style


def gray_levels(
    pixels: npt.ArrayLike, low: float | None = None, high: float | None = None
) -> npt.NDArray[np.int64]:
    """Map values to gray levels.

    Args:
        pixels: Shape (H, W).
        low: The value drawn black (default: the smallest pixel).
        high: The value drawn white (default: the largest pixel).

    Returns:
        Levels 0 to ``GRAY_LEVELS - 1``, shape (H, W); all mid-gray where ``low == high``.

    >>> gray_levels([[0, 255]]).tolist()
    [[0, 63]]
    >>> gray_levels([[-1, 0, 1]]).tolist()
    [[0, 32, 63]]
    """
    array = np.asarray(pixels, dtype=np.float64)
    if array.ndim != 2:
        raise ValueError(f"a picture is 2-D (H, W), got shape {array.shape}")
    array = np.nan_to_num(array, nan=0.0, posinf=0.0, neginf=0.0)
    lo = float(array.min()) if low is None else low
    hi = float(array.max()) if high is None else high
    if not hi > lo:
        return np.full(array.shape, GRAY_LEVELS // 2, dtype=np.int64)
    scaled = np.clip((array - lo) / (hi - lo), 0.0, 1.0)
    return np.rint(scaled * (GRAY_LEVELS - 1)).astype(np.int64)


def half_block_rows(levels: npt.NDArray[np.int64]) -> list[list[Segment]]:
    """The segments of each text line: line ``y`` draws pixel rows ``2y`` and ``2y + 1``.

    Args:
        levels: Gray levels, shape (H, W); an odd last row is drawn over black.

    Returns:
        ``ceil(H / 2)`` lists of ``W`` one-character segments.
    """
    height, width = levels.shape
    if height % 2:
        levels = np.vstack([levels, np.zeros((1, width), dtype=np.int64)])
    rows: list[list[Segment]] = []
    for y in range(0, levels.shape[0], 2):
        top, bottom = levels[y].tolist(), levels[y + 1].tolist()
        rows.append(
            [Segment("▀", half_block_style(t, b)) for t, b in zip(top, bottom, strict=True)]
        )
    return rows


class Picture(Widget):
    """One grayscale picture, half blocks, with an optional caption line under it.

    The rows of segments are built once per new picture, so repainting (scrolling, a neighbour's
    update) costs no more than copying strips.
    """

    DEFAULT_CSS = """
    Picture {
        width: auto;
        height: auto;
    }
    """

    SIZED_BY_CSS: ClassVar[bool] = False
    """True for a subclass whose CSS fixes its width and height: a new caption or picture then
    repaints it without a layout pass of the whole screen."""

    def __init__(
        self,
        pixels: npt.ArrayLike,
        *,
        caption: str = "",
        low: float | None = None,
        high: float | None = None,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """Make a picture.

        Args:
            pixels: Shape (H, W), any numbers.
            caption: A line under the picture ("" for none).
            low: The value drawn black (default: the smallest pixel).
            high: The value drawn white (default: the largest pixel).
            name: The widget's name.
            id: The widget's id.
            classes: CSS classes.
        """
        super().__init__(name=name, id=id, classes=classes)
        self.caption = caption
        self._rows: list[list[Segment]] = []
        self._width = 0
        self.show(pixels, caption=caption, low=low, high=high)

    def show(
        self,
        pixels: npt.ArrayLike,
        *,
        caption: str | None = None,
        low: float | None = None,
        high: float | None = None,
    ) -> None:
        """Draw another picture (a layout pass only when its size changes).

        Args:
            pixels: Shape (H, W).
            caption: A new caption, or None to keep the old one.
            low: The value drawn black (default: the smallest pixel).
            high: The value drawn white (default: the largest pixel).
        """
        levels = gray_levels(pixels, low, high)
        before = (len(self._rows), self._width, self.caption)
        self._rows = half_block_rows(levels)
        self._width = int(levels.shape[1])
        if caption is not None:
            self.caption = caption
        resized = (len(self._rows), self._width, self.caption) != before
        self.refresh(layout=resized and not self.SIZED_BY_CSS)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max(self._width, len(self.caption))

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._rows) + (1 if self.caption else 0)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y < len(self._rows):
            return Strip(self._rows[y], self._width).crop_extend(0, width, base)
        if y == len(self._rows) and self.caption:
            return Strip([Segment(self.caption, base)]).crop_extend(0, width, base)
        return Strip.blank(width, base)


class MapStrip(Widget):
    """Several small pictures side by side under a title, wrapping to the widget's width.

    The training panel draws a digit's feature maps with it: every map of one layer shares one
    gray scale (``low`` to ``high``), so a bright map is a strongly firing filter.
    """

    DEFAULT_CSS = """
    MapStrip {
        width: 1fr;
        height: auto;
    }
    """

    GAP = 1
    """Columns between two maps."""

    def __init__(self, title: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.title = title
        self._maps: list[list[list[Segment]]] = []
        self._map_width = 0

    def show(
        self,
        title: str,
        maps: Sequence[npt.ArrayLike],
        *,
        low: float | None = None,
        high: float | None = None,
    ) -> None:
        """Draw new maps.

        Args:
            title: The line above them.
            maps: Pictures of one shape (H, W).
            low: The value drawn black (default: the smallest of all maps).
            high: The value drawn white (default: the largest of all maps).
        """
        arrays = [np.asarray(m, dtype=np.float64) for m in maps]
        if arrays:
            stack = np.stack(arrays)
            lo = float(stack.min()) if low is None else low
            hi = float(stack.max()) if high is None else high
        else:
            lo = hi = 0.0
        before = (len(self._maps), self._map_width, self.title)
        self.title = title
        self._maps = [half_block_rows(gray_levels(a, lo, hi)) for a in arrays]
        self._map_width = int(arrays[0].shape[1]) if arrays else 0
        self.refresh(layout=(len(self._maps), self._map_width, self.title) != before)

    def _per_line(self, width: int) -> int:
        block = self._map_width + self.GAP
        return max(1, (max(width, 1) + self.GAP) // block) if block > self.GAP else 1

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        if not self._maps:
            return 1
        lines = len(self._maps[0])
        bands = -(-len(self._maps) // self._per_line(width))
        return 1 + bands * lines

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:
            return Strip([Segment(self.title, base)]).crop_extend(0, width, base)
        if not self._maps:
            return Strip.blank(width, base)
        lines = len(self._maps[0])
        per_line = self._per_line(width)
        band, row = divmod(y - 1, lines)
        picks = self._maps[band * per_line : (band + 1) * per_line]
        segments: list[Segment] = []
        gap = Segment(" " * self.GAP, base)
        for rows in picks:
            segments.extend(rows[row])
            segments.append(gap)
        return Strip(segments).crop_extend(0, width, base)


def block_means(pixels: npt.ArrayLike, k: int) -> npt.NDArray[np.float64]:
    """Shrink by ``k``: the mean of each k x k block (the last blocks may be smaller).

    Args:
        pixels: Shape (H, W).
        k: The block side, at least 1.

    Returns:
        Shape (ceil(H / k), ceil(W / k)).

    >>> block_means([[0, 2, 4], [2, 4, 6]], 2).tolist()
    [[2.0, 5.0]]
    """
    array = np.asarray(pixels, dtype=np.float64)
    if k <= 1:
        return array
    h, w = array.shape
    rows, cols = -(-h // k), -(-w // k)
    sums = np.add.reduceat(array, np.arange(0, h, k), axis=0)  # (rows, W)
    sums = np.add.reduceat(sums, np.arange(0, w, k), axis=1)  # (rows, cols)
    heights = np.minimum(k, h - np.arange(rows) * k)[:, None]
    widths = np.minimum(k, w - np.arange(cols) * k)[None, :]
    return np.asarray(sums / (heights * widths), dtype=np.float64)


class FillingPicture(Widget):
    """An output map drawn as a picture that fills in, cell by cell, as the stepper moves.

    The map may be shrunk by ``k`` (each shown pixel the mean of a k x k block); a shown pixel
    counts as computed once the top-left cell of its block is. Cells ``0 .. filled - 1`` of the
    map (row-major) are computed. The three versions of every line (both pixels computed, the top
    one only, neither) are built once, so a step costs a line's slices and a repaint of the
    lines it changed.
    """

    DEFAULT_CSS = """
    FillingPicture {
        width: auto;
        height: auto;
    }
    """

    @dataclass
    class Clicked(Message):
        """A shown pixel was clicked."""

        row: int
        """The map's row under the pointer (the top-left cell of the block)."""
        col: int
        """The map's column."""

    def __init__(
        self,
        pixels: npt.ArrayLike,
        *,
        k: int = 1,
        filled: int = 0,
        low: float | None = None,
        high: float | None = None,
        id: str | None = None,
    ) -> None:
        """Make the picture.

        Args:
            pixels: The whole map, shape (H, W).
            k: Show one pixel per k x k block.
            filled: Cells of the map computed so far, row-major.
            low: The value drawn black (default: the smallest value).
            high: The value drawn white (default: the largest value).
            id: The widget's id.
        """
        super().__init__(id=id)
        array = np.asarray(pixels, dtype=np.float64)
        self.map_rows, self.map_cols = (int(n) for n in array.shape)
        self.k = max(1, k)
        levels = gray_levels(block_means(array, self.k), low, high)
        self.rows, self.cols = (int(n) for n in levels.shape)
        if self.rows % 2:
            levels = np.vstack([levels, np.zeros((1, self.cols), dtype=np.int64)])
        self._full: list[list[Segment]] = []
        self._top: list[list[Segment]] = []
        self._none: list[list[Segment]] = []
        for y in range(0, levels.shape[0], 2):
            top, bottom = levels[y].tolist(), levels[y + 1].tolist()
            self._full.append(
                [Segment("▀", half_block_style(t, b)) for t, b in zip(top, bottom, strict=True)]
            )
            self._top.append([Segment("▀", _blank_below(t)) for t in top])
            self._none.append([Segment("▀", _BLANK)] * self.cols)
        self.filled = max(0, min(filled, self.map_rows * self.map_cols))

    def _done(self, shown_row: int) -> int:
        """How many pixels of a shown row are computed."""
        if shown_row >= self.rows:
            return 0
        left = self.filled - shown_row * self.k * self.map_cols
        return max(0, min(self.cols, -(-left // self.k)))

    def fill(self, filled: int) -> None:
        """Show ``filled`` cells computed, repainting only the lines that changed."""
        filled = max(0, min(filled, self.map_rows * self.map_cols))
        if filled == self.filled or not self.map_cols:
            self.filled = filled
            return
        low, high = sorted((self.filled, filled))
        self.filled = filled
        first = low // self.map_cols // self.k // 2
        last = max(high - 1, 0) // self.map_cols // self.k // 2
        self.refresh(Region(0, first, self.cols, last - first + 1))

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return self.cols

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._full)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y >= len(self._full):
            return Strip.blank(width, base)
        top_done = self._done(2 * y)
        bottom_done = min(self._done(2 * y + 1), top_done)
        segments = (
            self._full[y][:bottom_done]
            + self._top[y][bottom_done:top_done]
            + self._none[y][top_done:]
        )
        return Strip(segments, self.cols).crop_extend(0, width, base)

    def on_click(self, event: events.Click) -> None:
        row, col = 2 * event.y * self.k, event.x * self.k
        if 0 <= row < self.map_rows and 0 <= col < self.map_cols:
            self.post_message(self.Clicked(row, col))


_BLANK = Style(color=Color.from_rgb(40, 44, 60), bgcolor=Color.from_rgb(40, 44, 60))
"""A shown pixel not computed yet: a dark slate, so it differs from a black pixel."""


def _blank_below(top: int) -> Style:
    return Style(color=_gray(top), bgcolor=_BLANK.bgcolor)
