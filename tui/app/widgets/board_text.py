"""The board's text lines under the grids: the step's arithmetic, its per-channel sums, the formula.

Plain text (the widgets show them with ``markup=False``): the arithmetic is the engine's step text,
as the slides write it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from engine import Step
from lessons.playback import Playback
from tui.app.widgets.erratum_line import ErratumCellText

__all__ = ["arithmetic_text", "formula_text", "partials_text", "windows_text"]


def windows_text(total: int) -> str:
    """What the arithmetic line says before the first window: ``16 windows to compute: ...``."""
    windows = "1 window" if total == 1 else f"{total} windows"
    return f"{windows} to compute: press → to take the first."


def arithmetic_text(step: Step, errata: Sequence[ErratumCellText]) -> str:
    """The step's arithmetic, with what the slide prints when the slide has this cell wrong."""
    text = step.text
    if errata:
        out = tuple(int(i) for i in step.out)
        for index, slide, _ in errata:
            if index == out:
                text += f"   (the slide prints {slide})"
    return text


def partials_text(step: Step, format: Callable[[float], str]) -> str | None:
    """``per channel: ch1 3 + ch2 -1 + bias 1 = 3`` for a step over several channels, else None.

    Args:
        step: The step.
        format: How results are written (the scene's rule).
    """
    if step.partials is None or len(step.partials) <= 1:
        return None
    parts = " + ".join(f"ch{c + 1} {format(value)}" for c, value in enumerate(step.partials))
    text = f"per channel: {parts}"
    if step.bias is not None:
        text += f" + bias {format(step.bias)}"
    return f"{text} = {format(step.value)}"


def formula_text(playback: Playback) -> str | None:
    """The formula line: ``size: ⌊(6 + 2·0 − 3)/1⌋ + 1 = 4`` or ``parameters: ...``, or None."""
    if not playback.formula:
        return None
    label = "parameters" if playback.kind in ("param-count", "network") else "size"
    return f"{label}: {playback.formula}"
