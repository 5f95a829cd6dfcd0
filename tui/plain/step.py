"""``cnn-tutor step LESSON --plain``: a scene's steps as a plain-text transcript.

For each window: where it is, its arithmetic as the slides write it, and the output so far (cells
not yet computed are dots). A scene without windows (ReLU, flatten, a text scene) shows its
narration, input and result. No escape codes and no box drawing; text from lesson files is
printed with its control characters escaped.
"""

from __future__ import annotations

from typing import Any

from engine import Step
from lessons.playback import Playback, narrate, prepare
from tui.plain.grids import output_so_far, titled_grids
from tui.plain.markdown_text import plain_markdown
from tui.terminal_text import printable

__all__ = ["SO_FAR_MAX", "scene_transcript", "step_lines", "window_text"]

SO_FAR_MAX = 100
"""An output of more cells than this is not reprinted after every step (a 126x126 photograph
scene printed 2 million lines); it is printed once, after the last window."""


def _span(axis: slice) -> str:
    first, last = axis.start + 1, axis.stop - (axis.step or 1) + 1
    return f"{first}" if first == last else f"{first}–{last}"


def window_text(step: Step) -> str:
    """Where a window lies in the (padded) input: ``rows 1–3, columns 2–4``."""
    spatial = [axis for axis in step.window if axis.start is not None][-2:]
    if len(spatial) == 1:
        return f"cells {_span(spatial[0])}"
    return f"rows {_span(spatial[0])}, columns {_span(spatial[1])}"


def step_lines(playback: Playback, index: int) -> list[str]:
    """One window (0-based ``index`` into the trace): where, the arithmetic, the output so far.

    The output so far only where it holds at most :data:`SO_FAR_MAX` cells.
    """
    assert playback.trace is not None
    step = playback.trace[index]
    lines = [
        f"Step {index + 1} of {len(playback.trace)}: window at {window_text(step)}",
        f"  {step.text}",
    ]
    if playback.output is not None and playback.output.size <= SO_FAR_MAX:
        lines.append("  Output so far:")
        so_far = output_so_far(playback.output, index + 1, fmt=playback.fmt)
        lines += [f"  {line}" for line in so_far]
    return lines


def _stage_lines(playback: Playback) -> list[str]:
    lines: list[str] = []
    if playback.input is not None:
        padded = playback.padded
        if padded is not None and playback.trace is not None and any(map(any, playback.pad)):
            # The windows' rows and columns count in the padded input.
            lines += titled_grids("Input, padded", padded, fmt=playback.input_fmt)
        else:
            lines += titled_grids("Input", playback.input, fmt=playback.input_fmt)
    if playback.kernel is not None:
        lines += titled_grids("Kernel", playback.kernel, fmt=playback.kernel_fmt)
    if playback.formula:
        lines.append(f"Formula: {playback.formula}")
    if playback.trace is not None:
        output = playback.output
        if output is not None and output.size > SO_FAR_MAX:
            cells = "x".join(str(n) for n in output.shape)
            lines.append(f"(The {cells} output is printed once, after the last window.)")
        for index in range(len(playback.trace)):
            lines += step_lines(playback, index)
    if playback.output is not None:
        lines += titled_grids("Output", playback.output, fmt=playback.fmt)
    elif playback.value is not None:
        value = playback.value
        text = "x".join(str(v) for v in value) if isinstance(value, tuple) else str(value)
        lines.append(f"Result: {text}")
    return lines


def scene_transcript(lesson: Any, index: int) -> list[str]:
    """Scene ``index`` (0-based) of ``lesson`` as lines: heading, narration, grids, each step."""
    scene = lesson.scenes[index]
    playback = prepare(scene)
    title = getattr(scene, "title", None) or scene.kind
    lines = [f"Scene {index + 1} of {len(lesson.scenes)}: {title} ({scene.kind})"]
    # Each step's arithmetic is printed with its window below; the narration says the rest,
    # without Markdown's marks (a screen reader would read them out).
    narration = plain_markdown(narrate(playback.narration, playback, 0, arithmetic=False))
    lines += narration.strip().splitlines()
    stages = playback.stages or (playback,)
    for number, stage in enumerate(stages):
        if len(stages) > 1:
            lines.append(f"Stage {number + 1} of {len(stages)}: {stage.title or stage.kind}")
        lines += _stage_lines(stage)
    return [printable(line) for line in lines]
