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


def windows_text(total: int, kind: str = "") -> str:
    """What the arithmetic line says before the first step: ``16 windows to compute: ...``.

    A ReLU steps through cells; a transposed convolution through the input cells that paint.
    """
    noun = {"relu": "cell", "transposed": "input cell"}.get(kind, "window")
    what = f"1 {noun}" if total == 1 else f"{total} {noun}s"
    verb = "to paint onto the output" if kind == "transposed" else "to compute"
    return f"{what} {verb}: press → to take the first."


OVERHANG_NOTE = "   (the window hangs over the edge: ceil_mode keeps it)"
"""Said after a ceil-mode pooling window that the edge cuts."""


def arithmetic_text(
    step: Step, errata: Sequence[ErratumCellText], *, overhang: bool = False
) -> str:
    """The step's arithmetic, with what the slide prints when the slide has this cell wrong.

    Args:
        step: The step.
        errata: The scene's wrong cells.
        overhang: The window hangs over the edge (ceil mode): say so, not by colour alone.
    """
    text = step.text + (OVERHANG_NOTE if overhang else "")
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
    labels = {"param-count": "parameters", "network": "parameters", "backward": "rule"}
    label = labels.get(playback.kind, "size")
    return f"{label}: {playback.formula}"
