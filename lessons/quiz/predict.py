"""Predict before reveal, the headless half: the question "what does the next window give?".

The stepper's dialog (``tui.app.screens.predict``) asks it; the answer is judged like a quiz
answer (the scene's display rule, the same diagnoses) and recorded under the ``predict`` skill.
"""

from __future__ import annotations

import numpy as np

from engine import Step
from engine.display import NumberFormat, format_number, operand_format
from lessons.playback import Playback
from lessons.quiz.model import Diagnosis, Question

PREDICT_SKILL = "predict"


def _cell_name(out: tuple[int, ...]) -> str:
    if len(out) == 1:
        return f"cell {out[0] + 1}"
    name = f"row {out[-2] + 1}, column {out[-1] + 1}"
    return name if len(out) == 2 else f"map {out[0] + 1}, {name}"


def _span(axis: slice) -> str:
    """A window's rows or columns in the padded input, counted from 1 (``2–4``)."""
    first, last = axis.start + 1, axis.stop - (axis.step or 1) + 1
    return f"{first}" if first == last else f"{first}–{last}"


def predict_hints(step: Step, fmt: NumberFormat | None = None) -> tuple[str, ...]:
    """The quiz's tiered hints for one window: where it is, its products, then the arithmetic.

    Args:
        step: The engine step about to be shown.
        fmt: The scene's display rule (for the bias and the weights' products).

    Returns:
        Two or three tiers; the last is the worked arithmetic (the answer itself).
    """
    spatial = [axis for axis in step.window if axis.start is not None][-2:]  # not channels
    names = ("rows", "columns")[2 - len(spatial) :] if len(spatial) == 2 else ("cells",)
    where = ", ".join(
        f"{name if '–' in _span(axis) else name[:-1]} {_span(axis)}"
        for name, axis in zip(names, spatial, strict=False)
    )
    hints = [f"The next window covers {where} of the input (the bracket on the grid)."]
    operands = operand_format(fmt)
    if step.weights is not None:
        products = ", ".join(
            f"{format_number(w, operands)}*{format_number(i, operands)}"
            for w, i in zip(step.weights, step.inputs, strict=False)
        )
        tail = ""
        if step.bias:
            tail += f", then add the bias {format_number(step.bias, fmt)}"
        if step.divisor:
            tail += f", then divide by {format_number(step.divisor)}"
        hints.append(f"Weight × input, cell by cell: {products}. Add them up{tail}.")
    else:
        values = ", ".join(format_number(v, operands) for v in step.terms)
        hints.append(f"The window holds {values}.")
    hints.append(step.text)
    return tuple(hints)


def predict_question(
    playback: Playback, index: int, *, lesson: str = "", scene: int = 0
) -> Question:
    """The question "what does window ``index`` give?" for a stepper playback.

    Args:
        playback: A playback with a ``trace`` (and ``output``, ``fmt``).
        index: The step about to be shown (0-based, into ``playback.trace``).
        lesson: The lesson id (part of the question's key).
        scene: The scene index (part of the key).

    Returns:
        A numeric question whose answer is the engine's value for that window.

    Raises:
        ValueError: The playback has no windows to step (an output-size or text scene).
    """
    trace = playback.trace
    if trace is None or trace.kind == "transposed":  # a transposed step paints many cells
        raise ValueError(f"a {playback.kind} scene has no windows to predict")
    step = trace[index]
    fmt = playback.fmt
    value = float(step.value)
    out = tuple(int(i) for i in step.out)
    diagnoses: list[Diagnosis] = []
    if step.bias:
        diagnoses.append(
            Diagnosis(
                "bias",
                value - float(step.bias) / (step.divisor or 1.0),
                f"Forgot the bias? Add {format_number(step.bias, fmt)}.",
            )
        )
    if step.divisor:
        diagnoses.append(
            Diagnosis(
                "divisor",
                value * float(step.divisor),
                f"Forgot to divide by {format_number(step.divisor)}?",
            )
        )
    output = playback.output
    if output is not None:
        grid = np.asarray(output)
        for axis in range(max(0, grid.ndim - 2), grid.ndim):
            for delta in (-1, 1):
                near = list(out)
                near[axis] += delta
                if all(0 <= n < s for n, s in zip(near, grid.shape, strict=False)):
                    diagnoses.append(
                        Diagnosis(
                            "window",
                            float(grid[tuple(near)]),
                            "That is a neighbouring cell's value: the next window is the one "
                            "just after the highlighted one.",
                        )
                    )
    diagnoses.append(Diagnosis("sign", -value, "A sign slip: check each product's sign."))
    kept = tuple(d for d in diagnoses if d.value != value)
    return Question(
        skill=PREDICT_SKILL,
        key=f"{PREDICT_SKILL}:{lesson}:{scene + 1}:{index + 1}",
        prompt=f"Predict window {index + 1} of {len(trace)}: what goes in {_cell_name(out)}?",
        answer=value,
        answer_text=format_number(value, fmt),
        worked=step.text,
        hints=predict_hints(step, fmt),
        fmt=fmt,
        diagnoses=kept,
        lesson=lesson or None,
    )


__all__ = ["PREDICT_SKILL", "predict_hints", "predict_question"]
