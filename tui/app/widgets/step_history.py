"""The windows computed so far: one arithmetic line per earlier step, the newest last.

On a tall terminal the board leaves rows free under it. Rather than leave them blank, the
stepper lists the steps already taken there, as a worked trace a student reads back: ``(1,2) = 4 ←
1*7 + 0*9 + -1*1 + ...``. Only the lines that fit are drawn (the widget renders from its
own height), line by line, so a step costs the same on a 256×256 scene as on a 4×4 one: no
layout, and a repaint of only the lines that show another step.
"""

from __future__ import annotations

from itertools import zip_longest

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget

from engine import Trace

__all__ = ["StepHistory", "first_shown", "history_line"]

HEADING = "windows so far (newest last)"
"""The heading over the list (a window's output cell, its value, its arithmetic)."""

HEADINGS = {
    "relu": "cells so far (newest last)",
    "transposed": "input cells painted so far (newest last)",
}
"""The heading where a step is not a window."""

EMPTY = "the windows you compute are listed here"
"""Said before the second step (the first is under the grids)."""


def cell_label(out: tuple[int, ...]) -> str:
    """The output cell, counted from 1 as the erratum line writes it: ``(1,3)``, ``(2,1,3)``.

    >>> cell_label((0, 2)), cell_label((1, 0, 2))
    ('(1,3)', '(2,1,3)')
    """
    return f"({','.join(str(int(i) + 1) for i in out)})"


def history_line(out: tuple[int, ...], text: str) -> str:
    """One step's line: the cell and its value first, so a narrow column cuts the sum, not them.

    >>> history_line((0, 1), "1*7 + 0*9 + -1*1 = 6")
    '(1,2) = 6 ← 1*7 + 0*9 + -1*1'
    >>> history_line((2,), "max(3, 7) = 7")
    '(3) = 7 ← max(3, 7)'
    """
    sum_, equals, value = text.rpartition(" = ")
    label = cell_label(out)
    return f"{label} = {value} ← {sum_}" if equals else f"{label}  {text}"


def first_shown(step: int, rows: int) -> int:
    """The first earlier step the list shows at ``step``, when ``rows`` lines fit under the heading.

    The list fills down, newest last; once full it turns half a page: the older half goes and
    the newer half moves up, and the next steps fill the freed lines again. (Scrolling by one
    line moved, and redrew, every line at every step.)

    Args:
        step: The step shown (0 = before the first window; steps 1 to ``step - 1`` are listed,
            as indices 0 to ``step - 2``).
        rows: How many lines fit.

    Returns:
        The index of the first step listed.

    >>> [first_shown(step, 4) for step in (1, 5, 6, 7, 8, 9)]
    [0, 0, 2, 2, 4, 4]
    """
    earlier = max(0, step - 1)
    if rows <= 0 or earlier <= rows:
        return 0
    half = max(1, rows // 2)
    return -(-(earlier - rows) // half) * half


class StepHistory(Widget, can_focus=False):
    """The arithmetic of the steps taken before the current one, as many as fit.

    It draws line by line (Textual's line API): a step repaints only the lines that show another
    step than before (the one new line, and every line when the list turns half a page, see
    :func:`first_shown`), and each step's line is drawn once and kept while it is in view.
    """

    DEFAULT_CSS = """
    StepHistory {
        height: 1fr;
        min-height: 0;
        padding: 0 1;
        color: $text-secondary;
    }
    StepHistory.-empty { display: none; }
    StepHistory > .history--heading { color: $text-muted; text-style: italic; }
    """

    COMPONENT_CLASSES = {"history--heading"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._trace: Trace | None = None
        self._step = 0
        self._strips: dict[int | str, Strip] = {}  # drawn lines, by step index (or "heading")
        self._strips_width = 0
        self._muted: Style | None = None

    def follow(self, trace: Trace | None, step: int) -> None:
        """Show the steps of ``trace`` before ``step`` (no trace: nothing), repainting only."""
        if trace is self._trace and step == self._step:
            return
        before = self._shown()
        if trace is not self._trace:
            self._strips.clear()
        self._trace, self._step = trace, step
        if self.has_class("-empty") != (trace is None):
            self.set_class(trace is None, "-empty")
        if not (self.display and self.size.height):  # hidden (narration below): nothing to draw
            return
        after = self._shown()
        if before[:1] != after[:1]:  # a first trace, or another heading: every line
            self.refresh()
            return
        width = self.size.width
        for y, (old, new) in enumerate(zip_longest(before, after)):
            if old != new:
                self.refresh(Region(0, y, width, 1))
        # forget the lines that scrolled away
        keep = set(after)
        for key in [key for key in self._strips if key not in keep]:
            del self._strips[key]

    def _shown(self) -> list[int | str]:
        """What each content line shows: ``"heading"``, a step index, or ``"empty"``."""
        rows = self.content_region.height if self.is_mounted else 0
        if self._trace is None or rows < 2:
            return []
        first = first_shown(self._step, rows - 1)
        steps: list[int | str] = list(range(first, max(0, self._step - 1)))
        return ["heading", *(steps or ["empty"])]

    def notify_style_update(self) -> None:
        """A theme or stylesheet change: draw every line again."""
        self._strips.clear()
        self._muted = None
        super().notify_style_update()

    def render_line(self, y: int) -> Strip:
        """Line ``y``: the heading, then the earlier steps that fit, each cut to the width."""
        width = self.content_region.width
        shown = self._shown()
        if width != self._strips_width:
            self._strips.clear()
            self._strips_width = width
        if y >= len(shown):
            return Strip.blank(width, self.rich_style)
        key = shown[y]
        strip = self._strips.get(key)
        if strip is None:
            strip = self._draw(key, width)
            self._strips[key] = strip
        return strip

    def _draw(self, key: int | str, width: int) -> Strip:
        """One line of the list in the widget's style, cut with an ellipsis to ``width`` cells."""
        trace = self._trace
        assert trace is not None
        base = self.rich_style
        muted = self._muted
        if muted is None:
            muted = self._muted = self.get_component_rich_style("history--heading")
        if key == "heading":
            text, style = HEADINGS.get(trace.kind, HEADING), base + muted
        elif key == "empty":
            text, style = EMPTY, base + muted
        else:
            text, style = _line(trace, int(key)), base
        if cell_len(text) > width:
            text = set_cell_size(text, max(0, width - 1)) + "…" if width else ""
        return Strip([Segment(text, style)]).crop_extend(0, width, base)


def _line(trace: Trace, k: int) -> str:
    """Step ``k``'s line of the list (a transposed step: the input cell, then what it paints)."""
    step = trace[k]
    out = tuple(int(i) for i in step.out)
    if trace.kind == "transposed":
        return f"{cell_label(out)}  {step.text}"
    return history_line(out, step.text)
