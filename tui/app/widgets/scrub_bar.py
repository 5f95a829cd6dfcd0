"""The scrub bar: a one-line timeline of a scene's steps under the board.

It shows where the stepper is (``●`` on the track, the steps done drawn ``━``, the steps to come
``─``, so the position never rests on colour alone), a tick ``┼`` where each row of windows
starts when there is room for them, and ``step k/n`` at its right end. A click on the track
asks to jump to the step under the pointer (:class:`ScrubBar.Seek`).
"""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["ScrubBar", "row_starts", "step_at", "track_position"]


def track_position(step: int, total: int, width: int) -> int:
    """The track column (0 to ``width - 1``) that stands for ``step`` of ``total``.

    >>> track_position(0, 16, 33), track_position(8, 16, 33), track_position(16, 16, 33)
    (0, 16, 32)
    """
    if total <= 0 or width <= 1:
        return 0
    return round(step * (width - 1) / total)


def step_at(column: int, total: int, width: int) -> int:
    """The step a click on track ``column`` jumps to (the inverse of :func:`track_position`).

    >>> step_at(0, 16, 33), step_at(16, 16, 33), step_at(40, 16, 33)
    (0, 8, 16)
    """
    if total <= 0 or width <= 1:
        return 0
    return max(0, min(total, round(column * total / (width - 1))))


def row_starts(total: int, row: int) -> list[int]:
    """The steps at which a row of windows starts: 1, 1 + row, ... (steps count from 1).

    >>> row_starts(16, 4)
    [1, 5, 9, 13]
    """
    if row <= 0 or total <= 0:
        return []
    return list(range(1, total + 1, row))


class ScrubBar(Widget, can_focus=False):
    """A timeline of the scene's steps: the current one marked, click to jump."""

    DEFAULT_CSS = """
    ScrubBar {
        height: 1;
        width: 1fr;
        padding: 0 1;
    }
    ScrubBar.-empty { display: none; }
    ScrubBar > .scrub--done { color: $accent; text-style: bold; }
    ScrubBar > .scrub--todo { color: $text-muted; }
    ScrubBar > .scrub--knob { color: $text-accent; text-style: bold; }
    ScrubBar > .scrub--label { color: $text-muted; }
    """

    COMPONENT_CLASSES = {"scrub--done", "scrub--todo", "scrub--knob", "scrub--label"}

    step: reactive[int] = reactive(0)
    total: reactive[int] = reactive(0)
    row: reactive[int] = reactive(0)
    """Windows in one row of the output (the ticks), 0 for none."""

    class Seek(Message):
        """A click on the track asks for a step.

        Attributes:
            step: The step under the pointer (0 to the scene's total).
        """

        def __init__(self, step: int) -> None:
            super().__init__()
            self.step = step

    LABEL_GAP = 1

    def __init__(
        self, *, id: str | None = None, classes: str | None = None, disabled: bool = False
    ) -> None:
        super().__init__(id=id, classes=classes, disabled=disabled)
        self._styles: dict[str, Style] = {}

    def _label(self) -> str:
        return f"step {self.step}/{self.total}"

    def _track_width(self) -> int:
        width = self.content_size.width
        return max(0, width - len(f"step {self.total}/{self.total}") - self.LABEL_GAP)

    def update_position(self, step: int, total: int, row: int) -> None:
        """Show ``step`` of ``total``, with a tick every ``row`` windows."""
        self.step, self.total, self.row = step, total, row
        self.set_class(total == 0, "-empty")

    def _style(self, name: str) -> Style:
        """A component's style, looked up once (a lookup costs a fifth of a millisecond)."""
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(name)
            self._styles[name] = style
        return style

    def notify_style_update(self) -> None:
        """A theme or stylesheet change: look the styles up again."""
        self._styles.clear()
        super().notify_style_update()

    def _parts(self) -> list[tuple[str, Style | None]]:
        """The line's runs of text and their styles: the track, then ``step k/n``."""
        width = self._track_width()
        parts: list[tuple[str, Style | None]] = []
        if width >= 3 and self.total:
            knob = track_position(self.step, self.total, width)
            ticks: set[int] = set()
            starts = row_starts(self.total, self.row)
            if 1 < len(starts) <= width // 2:
                ticks = {track_position(s - 1, self.total, width) for s in starts[1:]}
            # one run per style (a span per column cost a millisecond a step)
            done = "".join("╋" if c in ticks else "━" for c in range(knob))
            rest = range(knob + 1, width)
            todo = "".join("┼" if c in ticks else "─" for c in rest)
            parts += [
                (done, self._style("scrub--done")),
                ("●", self._style("scrub--knob")),
                (todo, self._style("scrub--todo")),
                (" " * self.LABEL_GAP, None),
            ]
        parts.append((self._label(), self._style("scrub--label")))
        return parts

    def render(self) -> Text:
        """The track, then ``step k/n``, as text."""
        text = Text(no_wrap=True, overflow="crop")
        for part, style in self._parts():
            text.append(part, style)
        return text

    def render_line(self, y: int) -> Strip:
        """The bar's one line, drawn from its runs (Textual's line API: no text layout)."""
        width = self.content_region.width
        base = self.rich_style
        if y:
            return Strip.blank(width, base)
        segments = [Segment(part, base + style if style else base) for part, style in self._parts()]
        return Strip(segments).crop_extend(0, width, base)

    def on_click(self, event: events.Click) -> None:
        """A click on the track jumps to the step under it."""
        offset = event.get_content_offset(self)
        width = self._track_width()
        if offset is None or width < 3 or not self.total or offset.x >= width:
            return
        event.stop()
        self.post_message(self.Seek(step_at(offset.x, self.total, width)))
