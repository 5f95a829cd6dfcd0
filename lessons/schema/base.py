"""The keys every scene and every pipeline stage has, and the slot where a computed result is kept.

A record here only describes; it never computes. :func:`lessons.calls.compute` works out a
scene's (or stage's) output with the engine and keeps it on the record (:class:`Computes`), so the
loader's check, the playback, the quiz and ``check`` all read the one result.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, Literal

import numpy as np
from pydantic import Field, PrivateAttr, model_validator

from engine.display import NumberFormat
from engine.types import FloatArray
from lessons.arrays import shape_text
from lessons.schema.fields import Grid, Record, Text, field_error
from lessons.schema.records import Citation, Display, Erratum, QuizQuestion, SlideRef

__all__ = [
    "GRID",
    "ROW",
    "Computes",
    "InputScene",
    "SceneBase",
    "StageBase",
    "TextScene",
    "need_ndim",
]


class SceneBase(Record):
    """Keys every scene has."""

    title: Text | None = None
    slide: SlideRef | None = None
    narration: Text = ""
    display: Display | None = None
    erratum: Erratum | None = None
    reconstructed: Text | None = None
    quiz: tuple[QuizQuestion, ...] = ()
    citation: Citation | None = Field(default=None, validation_alias="source")

    @property
    def fmt(self) -> NumberFormat:
        """The number format this scene's values are written in."""
        return self.display.fmt() if self.display is not None else NumberFormat()

    @model_validator(mode="after")
    def _quiz_answerable(self) -> Any:
        kind = getattr(self, "kind", "")
        for index, question in enumerate(self.quiz):
            if question.answer is None and question.cell is None:
                if kind in ("output-size", "param-count", "network"):
                    continue
                raise field_error(
                    "a quiz question needs 'answer', or 'cell' (an output cell the engine "
                    "computes)",
                    ["quiz", index],
                )
            if question.cell is not None and kind in (
                "text",
                "output-size",
                "param-count",
                "network",
            ):
                raise field_error(
                    f"a {kind} scene has no output cells; give 'answer' instead of 'cell'",
                    ["quiz", index, "cell"],
                )
        return self


class StageBase(Record):
    """Keys every pipeline stage has (a stage's input is the previous stage's output)."""

    title: Text | None = None
    narration: Text = ""
    display: Display | None = None
    erratum: Erratum | None = None

    @property
    def fmt(self) -> NumberFormat:
        """The number format this stage's values are written in."""
        return self.display.fmt() if self.display is not None else NumberFormat()


class Computes(Record):
    """A scene or stage whose output the engine computes; it keeps the result once computed.

    The record stays immutable: only the private memo of the last computation changes, and it is
    reused only for the very input it was computed from (the same array, or an equal one).
    """

    _computed: tuple[FloatArray, FloatArray] | None = PrivateAttr(default=None)

    def computed_from(self, x: FloatArray) -> FloatArray | None:
        """The output already computed from input ``x``, or None.

        Args:
            x: The input: the scene's ``input``, or the previous stage's output.
        """
        memo = self._computed
        if memo is None:
            return None
        seen, output = memo
        if seen is x or (seen.shape == x.shape and np.array_equal(seen, x)):
            return output
        return None

    def remember(self, x: FloatArray, output: FloatArray) -> None:
        """Keep ``output`` as the result for input ``x`` (made read-only: it is shared)."""
        output.setflags(write=False)
        self._computed = (x, output)


def need_ndim(array: FloatArray, name: str, allowed: Sequence[int], what: str) -> None:
    """Refuse an array whose number of axes is not one of ``allowed`` (``what`` names them)."""
    if array.ndim not in allowed:
        got = "a single number" if array.ndim == 0 else shape_text(array.shape)
        raise field_error(f"{name} must be {what}, got {got}", name)


class TextScene(SceneBase):
    """Narration only: a slide with no worked numbers."""

    kind: Literal["text"]


class InputScene(SceneBase, Computes):
    """A scene computed from its ``input`` grid."""

    input: Grid

    _input_ndim: ClassVar[tuple[tuple[int, ...], str]] = ((1, 2, 3), "a row or a grid")
    """The input's allowed numbers of axes, and how the error names them."""

    @model_validator(mode="after")
    def _input_fits(self) -> Any:
        allowed, what = self._input_ndim
        need_ndim(self.input, "input", allowed, what)
        return self


ROW = (1, 2), "a row of numbers (or one row per channel)"
"""The inputs a 1-D scene takes."""

GRID = (2, 3), "a grid of rows (or a stack of channels)"
"""The inputs a 2-D scene takes."""
