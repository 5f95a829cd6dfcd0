"""Answers to a scene's ``quiz:`` questions, computed by the engine where the lesson allows.

A question may give its ``answer`` outright, or point at an output ``cell`` of its scene (the
engine computes the value), or, on an output-size or param-count scene, leave both out: the answer
is the scene's own result.

>>> from lessons.schema import Correlate2dScene
>>> scene = Correlate2dScene.model_validate({
...     "kind": "correlate2d", "input": "3 7 9 1\\n8 1 3 3\\n7 4 6 4", "kernel": "1 0 -1\\n" * 3,
...     "quiz": [{"ask": "Second cell?", "cell": [0, 1]}]})
>>> resolve_answer(scene, scene.quiz[0]).text
'4'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine import NumberFormat, format_number
from engine.types import FloatArray
from lessons.arrays import parse_number_text
from lessons.calls import compute, network_total, output_shape, param_count
from lessons.schema import (
    Computes,
    NetworkScene,
    OutputSizeScene,
    ParamCountScene,
    PipelineScene,
    QuizQuestion,
)

__all__ = ["Answer", "AnswerError", "output_cell", "resolve_answer"]


class AnswerError(ValueError):
    """A question whose answer cannot be worked out (a cell outside the output, no answer)."""


@dataclass(frozen=True)
class Answer:
    """The expected answer to a lesson question.

    Attributes:
        text: The answer as the tutor writes it (``4``, ``0.77``, ``1198x1918``, ``yes``).
        value: Its number, for numeric checking with tolerance for the display rule; None for a
            word or a shape.
        fmt: The scene's number format (answers written with the slide's rounding are right).
        choices: The options of a multiple-choice question, or None.
        computed: Whether the engine computed it (True) or the lesson wrote it (False).
    """

    text: str
    value: float | None
    fmt: NumberFormat
    choices: tuple[str, ...] | None
    computed: bool


def output_cell(scene: Any, cell: tuple[int, ...]) -> tuple[FloatArray, tuple[int, ...]]:
    """The scene's output and the full index of a question's ``cell`` into it.

    A 1xN output is read as a row, like its one-line ``expect``: ``cell: [3]`` is ``(0, 3)``.

    Raises:
        AnswerError: The scene has no output grid, or the cell lies outside it.
    """
    if not isinstance(scene, (Computes, PipelineScene)):
        raise AnswerError(f"cell {list(cell)} asked, but a {scene.kind} scene has no output grid")
    output = compute(scene)
    index = tuple(cell)
    while len(index) < output.ndim and output.shape[len(index) - len(cell)] == 1:
        index = (0, *index)
    if len(index) != output.ndim or any(
        not 0 <= i < n for i, n in zip(index, output.shape, strict=True)
    ):
        shape = "x".join(str(n) for n in output.shape)
        words = (
            ", ".join(
                f"{name} {i + 1}"
                for name, i in zip(("row", "column")[-len(cell) :], cell, strict=False)
            )
            if 1 <= len(cell) <= 2
            else ""
        )
        said = f" ({words}, counting from 1)" if words else ""
        raise AnswerError(f"cell {list(cell)}{said} is outside the {shape} output")
    return output, index


def _scene_value(scene: Any) -> str:
    if isinstance(scene, OutputSizeScene):
        return "x".join(str(n) for n in output_shape(scene))
    if isinstance(scene, ParamCountScene):
        return str(param_count(scene))
    if isinstance(scene, NetworkScene):
        return str(network_total(scene))
    raise AnswerError("no answer and no cell given, and the scene computes no single number")


def resolve_answer(scene: Any, question: QuizQuestion) -> Answer:
    """The answer to one of a scene's questions.

    Args:
        scene: The scene the question belongs to.
        question: One of ``scene.quiz``.

    Raises:
        AnswerError: The question points at a cell outside the output, or has no answer at all.
    """
    fmt: NumberFormat = scene.fmt
    if question.cell is not None:
        output, index = output_cell(scene, tuple(question.cell))
        value = float(output[index])
        return Answer(format_number(value, fmt), value, fmt, question.choices, True)
    if question.answer is not None:
        parsed = parse_number_text(question.answer)
        number = float(parsed) if parsed is not None else None
        return Answer(question.answer, number, fmt, question.choices, False)
    text = _scene_value(scene)
    parsed = parse_number_text(text)
    return Answer(text, float(parsed) if parsed is not None else None, fmt, question.choices, True)
