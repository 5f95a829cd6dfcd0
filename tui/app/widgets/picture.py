"""A grayscale picture drawn with half blocks: two pixels per character cell.

Each cell is "▀" with the top pixel as its foreground colour and the bottom pixel as its
background, so a 128x128 photograph takes 128 columns and 64 lines. Values are mapped to 64 gray
levels between ``low`` (black) and ``high`` (white); styles are cached per pair of levels, so a
large picture costs one dictionary lookup per cell.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rich.color import Color
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
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
        self.refresh(layout=(len(self._rows), self._width, self.caption) != before)

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
