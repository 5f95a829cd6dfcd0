"""Lines of plain text (the playground's torch code, a step's arithmetic) that repaint only the
lines that change.

A ``Static`` draws its whole text again for any change, through Textual's content pipeline, and
the playground's code panel changes one line when a parameter does (``stride=1`` to
``stride=2``); the arithmetic line changes at every step (an 8x8 step took 5% less without it).
:class:`CodeLines` wraps each line at the widget's width, keeps each drawn line, and repaints the
lines whose text changed; it asks for a layout only when the number of lines drawn changes.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["CodeLines", "wrap_lines"]


def wrap_lines(text: str, width: int) -> list[str]:
    """``text``'s lines, each wrapped at ``width`` cells as a Static wraps them.

    Args:
        text: Lines separated by ``\\n``.
        width: Cells per drawn line (at least 1).

    Returns:
        The drawn lines, one string each; an empty text is one empty line.

    >>> wrap_lines("out = F.conv2d(x, w)\\nprint(out)", 12)
    ['out =', 'F.conv2d(x,', 'w)', 'print(out)']
    """
    drawn: list[str] = []
    for line in text.split("\n"):
        if line.isprintable() and cell_len(line) <= width:
            drawn.append(line)  # it fits as it is (no tab to expand): what the wrap gives
            continue
        wrapped = [part.plain for part in Content(line).wrap(max(1, width))] if line else []
        drawn.extend(wrapped or [""])
    return drawn


class CodeLines(Widget):
    """Plain text, wrapped at the width, whose changed lines are repainted alone.

    Args:
        text: The first text.
        id: The widget's id.
        classes: Its CSS classes.
    """

    DEFAULT_CSS = """
    CodeLines { height: auto; }
    """

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None):
        super().__init__(id=id, classes=classes)
        self._text = text
        self._drawn: list[str] = []  # the drawn lines at _drawn_width
        self._drawn_width = 0
        self._strips: dict[int, Strip] = {}
        self._base: Style | None = None  # the widget's style, as its lines are drawn in

    @property
    def text(self) -> str:
        """The text shown, lines separated by ``\\n``."""
        return self._text

    def render(self) -> Content:
        """The text as Content (what ``str(widget.render())`` reads, as for a Static); the
        drawing itself is :meth:`render_line`'s."""
        return Content(self._text)

    def set_text(self, text: str) -> None:
        """Show ``text``: the changed lines repainted, a layout only when the line count changes.

        Args:
            text: Lines separated by ``\\n``.
        """
        if text == self._text:
            return
        self._text = text
        width = self.content_region.width if self.is_mounted else 0
        if width <= 0 or width != self._drawn_width or not self.display:
            self._drawn_width = 0  # drawn again at the next layout
            self._strips.clear()
            self.refresh(layout=True)
            return
        before, after = self._drawn, wrap_lines(text, width)
        self._drawn = after
        if len(before) != len(after):
            self._strips.clear()
            self.refresh(layout=True)
            return
        for y, (old, new) in enumerate(zip(before, after, strict=True)):
            if old != new:
                self._strips.pop(y, None)
                self.refresh(Region(0, y, width, 1))

    def _lines_at(self, width: int) -> list[str]:
        """The drawn lines at ``width``, wrapped again when the width changed."""
        if width != self._drawn_width:
            self._drawn = wrap_lines(self._text, width)
            self._drawn_width = width
            self._strips.clear()
        return self._drawn

    def get_content_width(self, container: Size, viewport: Size) -> int:
        """The longest line's cells."""
        return max((Content(line).cell_length for line in self._text.split("\n")), default=0)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """The drawn lines at ``width``."""
        return len(self._lines_at(width))

    def notify_style_update(self) -> None:
        """A theme or stylesheet change: draw every line again."""
        self._strips.clear()
        self._base = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """Drawn line ``y`` in the widget's style, padded to the width."""
        width = self.content_region.width
        lines = self._lines_at(width)
        strip = self._strips.get(y)
        if strip is None:
            base = self._base
            if base is None:
                base = self._base = self.rich_style
            text = lines[y] if y < len(lines) else ""
            strip = Strip([Segment(text, base)]).crop_extend(0, width, base)
            self._strips[y] = strip
        return strip
