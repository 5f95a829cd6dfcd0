"""The windows computed so far: one arithmetic line per earlier step, the newest last.

On a tall terminal the board leaves rows free under it. Rather than leave them blank, the
stepper lists the steps already taken there, as a worked trace a student reads back: ``(1,2) = 4 ←
1*7 + 0*9 + -1*1 + ...``. Only the lines that fit are drawn (the widget renders from its
own height), so a step costs the same on a 256×256 scene as on a 4×4 one: no layout, one
repaint.
"""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from engine import Trace

__all__ = ["StepHistory", "history_lines"]

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


def history_lines(trace: Trace, step: int, rows: int) -> list[str]:
    """The last ``rows`` steps before ``step`` (the current one is under the grids), oldest first.

    Args:
        trace: The scene's trace.
        step: The step shown (0 = before the first window).
        rows: How many lines fit.

    Returns:
        One line per step: the output cell, its value and the step's arithmetic.
    """
    if rows <= 0:
        return []
    first = max(0, step - 1 - rows)
    steps = (trace[k] for k in range(first, max(0, step - 1)))
    if trace.kind == "transposed":  # the input cell that paints, then what it paints
        return [f"{cell_label(tuple(int(i) for i in s.out))}  {s.text}" for s in steps]
    return [history_line(tuple(int(i) for i in s.out), s.text) for s in steps]


class StepHistory(Widget, can_focus=False):
    """The arithmetic of the steps taken before the current one, as many as fit."""

    DEFAULT_CSS = """
    StepHistory {
        height: 1fr;
        min-height: 0;
        padding: 0 1;
        color: $text-secondary;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    StepHistory.-empty { display: none; }
    StepHistory > .history--heading { color: $text-muted; text-style: italic; }
    """

    COMPONENT_CLASSES = {"history--heading"}

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._trace: Trace | None = None
        self._step = 0

    def follow(self, trace: Trace | None, step: int) -> None:
        """Show the steps of ``trace`` before ``step`` (no trace: nothing), repainting only."""
        if trace is self._trace and step == self._step:
            return
        self._trace, self._step = trace, step
        if self.has_class("-empty") != (trace is None):
            self.set_class(trace is None, "-empty")
        if self.display and self.size.height:  # hidden (narration below): nothing to draw
            self.refresh()

    def render(self) -> Text:
        """The heading, then the earlier steps that fit under it, each cut to the width."""
        text = Text(no_wrap=True, overflow="ellipsis")
        if self._trace is None or self.size.height < 2:
            return text
        heading = HEADINGS.get(self._trace.kind, HEADING)
        text.append(heading, self.get_component_rich_style("history--heading"))
        lines = history_lines(self._trace, self._step, self.size.height - 1)
        for line in lines or [EMPTY]:
            text.append("\n")
            text.append(line, None if lines else self.get_component_rich_style("history--heading"))
        return text
