"""The lesson file format: typed models (pydantic v2) for one YAML file per lesson.

Format reference
================

A lesson file is a YAML mapping. Files live directly in the ``lessons/`` package folder (or any
folder given with ``--lessons DIR`` / ``CNN_TUTOR_LESSONS``); course order is file-name order, so
name them ``000-edges.yaml``, ``010-...``. ``cnn-tutor check FILE`` validates one and recomputes
every ``expect`` with the engine.

Lesson keys::

    id: 000-edges                  # unique, used by the progress store and `quiz --lesson`
    title: Edges, stride, padding
    deck:
      file: 000_2ce6168aac0ff3a0.txt   # the seed deck this lesson mirrors (leave it out for a
      course: CS344 Deep Learning      # lesson beyond the decks: course names its group, e.g.
                                       # "Beyond the decks", and each slide names its deck)
    summary: One line for the lesson list.
    display: {decimals: 2, mode: truncate}   # optional default for every scene (see Display)
    scenes: [ ... ]                # in teaching order, at least one

Every scene has ``kind`` plus these optional keys:

- ``title``; ``slide``: where in the deck it comes from, ``{title: "Stride of 2", line: 412}``
  (``line`` is the line in the seed text file; add ``deck: FILE`` for a slide of another deck)
  or just the slide's title as a string;
- ``narration``: markdown; ``{step}``, ``{steps}``, ``{value}`` and ``{text}`` are replaced by the
  current step number, the step count, the current window's value and its arithmetic;
- ``display``: ``{decimals: 2, mode: round|truncate|fraction, fixed: true}`` (``fixed`` keeps
  trailing zeros: ``1.00``);
- ``expect``: the result exactly as the slide prints it (``.`` for a cell the slide leaves blank);
- ``erratum``: a known error on the slide, ``{note, cells: [{at: [r, c], slide: 7, correct: -7}],
  shape: {slide: [8, 6], correct: [6, 6]}}``; the tutor shows the correction at this scene;
- ``reconstructed``: a note saying which numbers the extracted slide lost and how they were rebuilt;
- ``quiz``: questions, ``{ask, answer}`` or ``{ask, cell: [r, c]}`` (the engine computes the answer
  from this scene's output), optionally ``choices``, ``hint``, ``explain``.

Kinds and their own keys (grids may be YAML blocks of rows, nested lists, or lists of blocks):

==============  ==============================================================================
text            narration only
correlate1d     input (L or C×L), kernel, stride, padding, bias, dilation, divisor
correlate2d     input (H×W or C×H×W), kernel or kernels, stride, padding, bias, dilation, divisor
convolve2d      like correlate2d, with the kernel flipped (true convolution)
multichannel    like correlate2d, input C×H×W (per-channel partial sums are shown)
transposed2d    input, kernel, stride, padding, output_padding, dilation, bias
pad             input, padding, value
pool1d          input (L or C×L), size, stride, mode (max|avg), padding, ceil_mode
pool2d          input, size, stride, mode (max|avg), padding, ceil_mode
relu            input
bias            input, bias (a number, or one per channel)
flatten         input
output-size     input_size, kernel_size, stride, padding, dilation, ceil_mode, filters,
                transposed, output_padding; expect like ``1198 x 1918`` or ``32x32x10``
param-count     layer (conv|dense|pool), dims (1|2|3, default 2), in_channels, filters,
                kernel_size (an int is square: 5 is 5x5 in a 2-D layer), bias, inputs, outputs
pipeline        input and stages: a chain of correlate2d/multichannel/convolve2d/relu/bias/pool2d/
                pool1d/pad/flatten/vote stages, each fed the previous stage's output, each with
                its own expect/display/erratum (deck 003's filter → ReLU → pool → vote)
==============  ==============================================================================

``padding`` is an int, ``[p, q]`` (rows, columns), ``[[top, bottom], [left, right]]``, ``valid`` or
``same`` (and ``full`` in output-size). ``stride``, ``size``, ``kernel_size`` and ``dilation`` are
an int or ``[s, t]``. A ``vote`` stage has ``labels`` and ``weights`` (one row of weights per
label over the flattened input), optional ``bias`` and ``divisor``.

A fully commented example is ``lessons/examples/annotated.yaml`` (shipped; files in subfolders are
not loaded as lessons).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, get_args

import numpy as np
import numpy.typing as npt
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    Strict,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from engine.display import NumberFormat
from lessons.arrays import ExpectGrid, _fail, parse_expect, parse_grid, shape_text

__all__ = [
    "ARRAY_KINDS",
    "SCENE_KINDS",
    "STAGE_KINDS",
    "BiasScene",
    "Convolve2dScene",
    "Correlate1dScene",
    "Correlate2dScene",
    "DeckRef",
    "Display",
    "Erratum",
    "ErratumCell",
    "FlattenScene",
    "Lesson",
    "MultichannelScene",
    "OutputSizeScene",
    "PadScene",
    "ParamCountScene",
    "PipelineScene",
    "Pool1dScene",
    "Pool2dScene",
    "QuizQuestion",
    "ReluScene",
    "Scene",
    "ShapeErratum",
    "SlideRef",
    "Stage",
    "TextScene",
    "Transposed2dScene",
    "VoteStage",
]

FloatArray = npt.NDArray[np.float64]


# ---------------------------------------------------------------------------- field types
def _grid(value: object, info: ValidationInfo) -> FloatArray:
    return parse_grid(value, info.field_name or "grid")


def _expect(value: object, info: ValidationInfo) -> ExpectGrid:
    if isinstance(value, ExpectGrid):
        return value
    return parse_expect(value, info.field_name or "expect")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_or_pair(value: object, info: ValidationInfo, *, minimum: int) -> int | tuple[int, int]:
    name = info.field_name or "value"
    bound = "a positive" if minimum >= 1 else "a non-negative"
    if _is_int(value):
        assert isinstance(value, int)
        if value < minimum:
            raise _fail(f"{name} must be {bound} whole number, got {value}")
        return value
    if isinstance(value, (list, tuple)) and len(value) == 2 and all(_is_int(v) for v in value):
        a, b = value
        if a < minimum or b < minimum:
            raise _fail(f"{name} must be {bound} whole numbers, got [{a}, {b}]")
        return int(a), int(b)
    raise _fail(f"{name} must be {bound} whole number or a pair [rows, columns], got {value!r}")


def _positive_int_or_pair(value: object, info: ValidationInfo) -> int | tuple[int, int]:
    return _int_or_pair(value, info, minimum=1)


def _nonnegative_int_or_pair(value: object, info: ValidationInfo) -> int | tuple[int, int]:
    return _int_or_pair(value, info, minimum=0)


PaddingValue = int | tuple[int, int] | tuple[tuple[int, int], ...] | str
"""Padding as the engine takes it: an int, (p, q), per-side pairs, "valid", "same" or "full"."""


def _padding(value: object, info: ValidationInfo) -> PaddingValue:
    name = info.field_name or "padding"
    if isinstance(value, str):
        if value in ("valid", "same", "full"):
            return value
        raise _fail(f"{name} must be a whole number, [p, q], 'valid' or 'same', got {value!r}")
    if _is_int(value):
        assert isinstance(value, int)
        if value < 0:
            raise _fail(f"{name} must not be negative, got {value}")
        return value
    if isinstance(value, (list, tuple)) and value:
        if all(_is_int(v) for v in value):
            if len(value) != 2:
                raise _fail(f"{name} as a list must be [rows, columns], got {len(value)} numbers")
            if any(v < 0 for v in value):
                raise _fail(f"{name} must not be negative, got {list(value)}")
            return int(value[0]), int(value[1])
        sides: list[tuple[int, int]] = []
        for index, side in enumerate(value):
            if (
                not isinstance(side, (list, tuple))
                or len(side) != 2
                or not all(_is_int(v) and v >= 0 for v in side)
            ):
                raise _fail(
                    f"{name} per side must be [[top, bottom], [left, right]] with whole numbers, "
                    f"got {side!r} at position {index + 1}",
                    at=(index,),
                )
            sides.append((int(side[0]), int(side[1])))
        return tuple(sides)
    raise _fail(f"{name} must be a whole number, [p, q], 'valid' or 'same', got {value!r}")


def _number(value: object, info: ValidationInfo) -> float:
    name = info.field_name or "value"
    if _is_int(value) or isinstance(value, float):
        assert isinstance(value, (int, float))
        if _is_int(value) and abs(value) > 10**300:
            raise _fail(f"{name} is too large a number")
        if not math.isfinite(value):
            raise _fail(f"{name} must be a finite number, got {value}")
        return float(value)
    raise _fail(f"{name} must be a number, got {value!r}")


def _bias(value: object, info: ValidationInfo) -> float | tuple[float, ...]:
    if isinstance(value, (list, tuple)):
        array = parse_grid(list(value), info.field_name or "bias")
        if array.ndim != 1:
            raise _fail("bias must be a number or a list of numbers, one per kernel")
        return tuple(float(v) for v in array)
    return _number(value, info)


def _divisor(value: object, info: ValidationInfo) -> float:
    number = _number(value, info)
    if number == 0:
        raise _fail("divisor must not be 0")
    return number


def _shape(value: object, info: ValidationInfo) -> tuple[int, ...]:
    """A shape: ``[6, 6]``, ``6``, ``"6x6"``, ``"(1198, 1918)"``."""
    name = info.field_name or "shape"
    if _is_int(value):
        assert isinstance(value, int)
        parts: list[object] = [value]
    elif isinstance(value, str):
        cleaned = value.strip().strip("()[]")
        for sep in ("×", "x", "X", "*", ","):
            cleaned = cleaned.replace(sep, " ")
        parts = list(cleaned.split())
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        raise _fail(f"{name} must be a shape such as [6, 6] or '6x6', got {value!r}")
    dims: list[int] = []
    for part in parts:
        if isinstance(part, str) and part.isdigit():
            part = int(part)
        if not _is_int(part) or int(str(part)) < 0:
            raise _fail(f"{name} must be a shape such as [6, 6] or '6x6', got {value!r}")
        dims.append(int(str(part)))
    if not dims:
        raise _fail(f"{name} is empty")
    return tuple(dims)


def _kernel_size(value: object, info: ValidationInfo) -> int | tuple[int, ...]:
    """A param-count kernel size: one number (every axis the same), or one per axis."""
    if _is_int(value):
        assert isinstance(value, int)
        if value < 1:
            raise _fail(f"kernel_size must be a positive whole number, got {value}")
        return value
    shape = _shape(value, info)
    if any(n < 1 for n in shape):
        raise _fail(f"kernel_size must be positive whole numbers, got {shape_text(shape)}")
    return shape


def _number_text(value: object, info: ValidationInfo) -> str:
    grid = parse_expect(value, info.field_name or "value")
    text = grid.cells[0] if grid.shape == () else None
    if text is None:
        raise _fail(f"{info.field_name} must be a single number")
    return text


def _answer_text(value: object, info: ValidationInfo) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if _is_int(value) or isinstance(value, float):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise _fail(f"{info.field_name} must be a number or some text, got {value!r}")


Grid = Annotated[
    FloatArray,
    PlainValidator(_grid),
    PlainSerializer(lambda a: a.tolist(), return_type=list),
]
"""A grid of numbers (see :mod:`lessons.arrays` for the forms an author may write)."""

Expect = Annotated[
    ExpectGrid,
    PlainValidator(_expect),
    PlainSerializer(lambda g: g.tolist(), return_type=object),
]
"""An output exactly as the slide prints it."""

PosIntOrPair = Annotated[int | tuple[int, int], PlainValidator(_positive_int_or_pair)]
NonNegIntOrPair = Annotated[int | tuple[int, int], PlainValidator(_nonnegative_int_or_pair)]
Padding = Annotated[PaddingValue, PlainValidator(_padding)]
Number = Annotated[float, PlainValidator(_number)]
BiasValue = Annotated[float | tuple[float, ...], PlainValidator(_bias)]
Divisor = Annotated[float, PlainValidator(_divisor)]
Shape = Annotated[tuple[int, ...], PlainValidator(_shape)]
KernelSize = Annotated[int | tuple[int, ...], PlainValidator(_kernel_size)]
PosInt = Annotated[int, Strict(), Field(ge=1)]
NonNegInt = Annotated[int, Strict(), Field(ge=0)]
Text = Annotated[str, Strict()]
NumberText = Annotated[str, PlainValidator(_number_text)]
AnswerText = Annotated[str, PlainValidator(_answer_text)]


class _Model(BaseModel):
    """Strict about unknown keys (a typo is an error, not a silently ignored key); immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)


# ---------------------------------------------------------------------------- small records
class DeckRef(_Model):
    """The lecture deck a lesson mirrors, or none for a lesson beyond the decks.

    Attributes:
        file: The seed deck's file name, such as ``000_2ce6168aac0ff3a0.txt``; None (left out, or
            ``file: null``) for a lesson that mirrors no deck. Such a lesson's scenes name the
            deck of each slide they follow (``slide: {title: ..., line: ..., deck: FILE}``).
        course: The course the deck belongs to, such as ``CS344 Deep Learning``; for a lesson
            without a deck, the group the app lists it under (``Beyond the decks``).
    """

    file: Text | None = None
    course: Text


class SlideRef(_Model):
    """Which part of the deck a scene follows.

    Written as a mapping or, for short, as the slide's title alone (``slide: Stride of 2``).

    Attributes:
        title: The slide's heading as the deck prints it.
        line: The line in the seed text file where the worked example starts (1-based).
        note: Anything else that pins it down ("the third build-up frame").
        deck: The seed file, when the slide is in another deck than the lesson's.
    """

    title: Text
    line: PosInt | None = None
    note: Text | None = None
    deck: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"title": data}
        return data


class Display(_Model):
    """How this scene writes numbers (the slide's own rounding).

    Attributes:
        decimals: Decimal places (None: integers bare, others up to 4 decimals).
        mode: ``round``, ``truncate`` (deck 003 prints 7/9 as 0.77) or ``fraction`` (``7/9``).
        fixed: Keep trailing zeros (``1.00``), as deck 003's grids do.
    """

    decimals: Annotated[int, Strict(), Field(ge=0, le=10)] | None = None
    mode: Literal["round", "truncate", "fraction"] = "round"
    fixed: Annotated[bool, Strict()] = False

    def fmt(self) -> NumberFormat:
        """The engine's :class:`~engine.display.NumberFormat` for this rule."""
        return NumberFormat(self.decimals, self.mode, fixed=self.fixed)


class ErratumCell(_Model):
    """One wrong number on a slide.

    Attributes:
        at: The cell's index in the output, 0-based (``[1, 0]``); ``[]`` for a single number.
        slide: The value the slide prints.
        correct: The value recomputation gives.
    """

    at: tuple[NonNegInt, ...] = ()
    slide: NumberText
    correct: NumberText


class ShapeErratum(_Model):
    """A slide that prints the output with the wrong shape.

    Attributes:
        slide: The shape the slide prints (``[8, 6]``).
        correct: The shape recomputation gives (``[6, 6]``).
    """

    slide: Shape
    correct: Shape


class Erratum(_Model):
    """A known error on the slide, found by recomputation; the tutor shows the correction.

    Attributes:
        note: What is wrong and why, for the learner.
        cells: The wrong cells, each with the slide's and the correct value.
        shape: The wrong shape, if the slide prints too many or too few rows or columns.
    """

    note: Text
    cells: tuple[ErratumCell, ...] = ()
    shape: ShapeErratum | None = None

    def cell(self, index: tuple[int, ...]) -> ErratumCell | None:
        """The erratum entry for one output cell, if any."""
        for entry in self.cells:
            if tuple(entry.at) == tuple(index):
                return entry
        return None


class QuizQuestion(_Model):
    """A question attached to a scene.

    Attributes:
        ask: The question (markdown).
        answer: The answer as text (a number such as ``4`` or ``0.77``, or a word). Optional when
            ``cell`` is given or the scene computes a single number: the engine computes it.
        cell: An output cell of this scene whose computed value is the answer.
        choices: For multiple choice: the options (the answer must be one of them).
        hint: A nudge shown on request.
        explain: Shown after answering.
    """

    ask: Text
    answer: AnswerText | None = None
    cell: tuple[NonNegInt, ...] | None = None
    choices: tuple[AnswerText, ...] | None = None
    hint: Text | None = None
    explain: Text | None = None

    @model_validator(mode="after")
    def _choices_hold_answer(self) -> QuizQuestion:
        if self.choices is not None:
            if self.answer is None:
                raise _fail("a multiple-choice question needs 'answer' (one of the choices)")
            if len(self.choices) < 2:
                raise _fail("choices needs at least two options", at=())
            if self.answer is not None and self.answer not in self.choices:
                raise _fail(f"answer {self.answer!r} is not one of the choices")
        return self


# ---------------------------------------------------------------------------- scenes
class _SceneBase(_Model):
    """Keys every scene has."""

    title: Text | None = None
    slide: SlideRef | None = None
    narration: Text = ""
    display: Display | None = None
    erratum: Erratum | None = None
    reconstructed: Text | None = None
    quiz: tuple[QuizQuestion, ...] = ()

    @property
    def fmt(self) -> NumberFormat:
        """The number format this scene's values are written in."""
        return self.display.fmt() if self.display is not None else NumberFormat()

    @model_validator(mode="after")
    def _quiz_answerable(self) -> Any:
        kind = getattr(self, "kind", "")
        for index, question in enumerate(self.quiz):
            if question.answer is None and question.cell is None:
                if kind in ("output-size", "param-count"):
                    continue
                raise PydanticCustomError(
                    "lesson_value",
                    "a quiz question needs 'answer', or 'cell' (an output cell the engine "
                    "computes)",
                    {"at": [], "field": ["quiz", index]},
                )
            if question.cell is not None and kind in ("text", "output-size", "param-count"):
                raise PydanticCustomError(
                    "lesson_value",
                    f"a {kind} scene has no output cells; give 'answer' instead of 'cell'",
                    {"at": [], "field": ["quiz", index, "cell"]},
                )
        return self


class _StageBase(_Model):
    """Keys every pipeline stage has (a stage's input is the previous stage's output)."""

    title: Text | None = None
    narration: Text = ""
    display: Display | None = None
    erratum: Erratum | None = None

    @property
    def fmt(self) -> NumberFormat:
        """The number format this stage's values are written in."""
        return self.display.fmt() if self.display is not None else NumberFormat()


_BLAME_WORDS: tuple[tuple[str, str], ...] = (
    ("output_padding", "output_padding"),
    ("kernel", "kernel"),
    ("window", "size"),
    ("size", "size"),
    ("stride", "stride"),
    ("padding", "padding"),
    ("dilation", "dilation"),
    ("divisor", "divisor"),
    ("bias", "bias"),
    ("weights", "weights"),
)


def _blame(message: str, fields: Sequence[str]) -> str:
    """The key an engine error message is about: the first word in it that names a key."""
    words = message.replace(",", " ").replace(":", " ").split()
    for word in words:
        for name, field in _BLAME_WORDS:
            if word != name:
                continue
            if field in fields:
                return field
            if field == "kernel" and "kernels" in fields:
                return "kernels"
    return "input" if "input" in fields else ""


def _engine_error(error: ValueError, fields: Sequence[str], present: Sequence[str]) -> Exception:
    message = str(error)
    field = _blame(message, [f for f in fields if f in present])
    context: dict[str, Any] = {"at": []}
    if field:
        context["field"] = field
    return PydanticCustomError("lesson_value", message.replace("{", "(").replace("}", ")"), context)


def _need_ndim(array: FloatArray, name: str, allowed: Sequence[int], what: str) -> None:
    if array.ndim not in allowed:
        got = "a single number" if array.ndim == 0 else shape_text(array.shape)
        raise PydanticCustomError(
            "lesson_value", f"{name} must be {what}, got {got}", {"at": [], "field": name}
        )


class _Computes(_Model):
    """Scenes and stages whose result the engine computes: checked against it while loading."""

    def _validate_against_engine(self, x: FloatArray) -> None:
        from lessons.calls import compute

        try:
            compute(self, x)
        except ValueError as error:
            present = [name for name in type(self).model_fields if name in self.model_fields_set]
            raise _engine_error(error, list(type(self).model_fields), [*present, "input"]) from None


class _CorrelateParams(_Computes):
    kernel: Grid | None = None
    kernels: Grid | None = None
    stride: PosIntOrPair = 1
    padding: Padding = 0
    bias: BiasValue = 0.0
    dilation: PosIntOrPair = 1
    divisor: Divisor | None = None
    expect: Expect | None = None

    @model_validator(mode="after")
    def _one_kernel_key(self) -> Any:
        if self.kernel is None and self.kernels is None:
            raise PydanticCustomError(
                "missing", "missing key 'kernel' (or 'kernels' for several)", {"at": []}
            )
        if self.kernel is not None and self.kernels is not None:
            raise PydanticCustomError(
                "lesson_value",
                "give 'kernel' or 'kernels', not both",
                {"at": [], "field": "kernels"},
            )
        if self.padding == "full":
            raise PydanticCustomError(
                "lesson_value",
                "padding 'full' is only for output-size scenes; write the number (f - 1)",
                {"at": [], "field": "padding"},
            )
        return self


class _PadParams(_Computes):
    padding: Padding = 1
    value: Number = 0.0
    expect: Expect | None = None

    @model_validator(mode="after")
    def _numbers_only(self) -> Any:
        if isinstance(self.padding, str):
            raise PydanticCustomError(
                "lesson_value",
                f"padding of a pad scene must be numbers, got {self.padding!r}",
                {"at": [], "field": "padding"},
            )
        return self


class _Pool1dParams(_Computes):
    size: PosInt
    stride: PosInt | None = None
    mode: Literal["max", "avg"] = "max"
    padding: NonNegInt = 0
    ceil_mode: Annotated[bool, Strict()] = False
    expect: Expect | None = None


class _Pool2dParams(_Computes):
    size: PosIntOrPair
    stride: PosIntOrPair | None = None
    mode: Literal["max", "avg"] = "max"
    padding: NonNegIntOrPair = 0
    ceil_mode: Annotated[bool, Strict()] = False
    expect: Expect | None = None


class _ReluParams(_Computes):
    expect: Expect | None = None


class _BiasParams(_Computes):
    bias: BiasValue
    expect: Expect | None = None


class _FlattenParams(_Computes):
    expect: Expect | None = None


class _TransposedParams(_Computes):
    kernel: Grid
    stride: PosIntOrPair = 1
    padding: NonNegIntOrPair = 0
    output_padding: NonNegIntOrPair = 0
    dilation: PosIntOrPair = 1
    bias: BiasValue = 0.0
    expect: Expect | None = None


class _VoteParams(_Computes):
    labels: tuple[Text, ...] = Field(min_length=1)
    weights: Grid
    bias: BiasValue = 0.0
    divisor: Divisor | None = None
    expect: Expect | None = None


class _ArrayScene(_SceneBase, _Computes):
    """A scene computed from its ``input`` grid."""

    input: Grid

    _input_ndim: ClassVar[tuple[tuple[int, ...], str]] = ((1, 2, 3), "a row or a grid")
    """The input's allowed numbers of axes, and how the error names them."""

    @model_validator(mode="after")
    def _fits(self) -> Any:
        allowed, what = self._input_ndim
        _need_ndim(self.input, "input", allowed, what)
        self._validate_against_engine(self.input)
        return self


_ROW = (1, 2), "a row of numbers (or one row per channel)"
_GRID = (2, 3), "a grid of rows (or a stack of channels)"


class Correlate1dScene(_ArrayScene, _CorrelateParams):
    """1-D cross-correlation (deck 001's ``[-1, 1, -1]`` filter)."""

    kind: Literal["correlate1d"]
    _input_ndim = _ROW


class Correlate2dScene(_ArrayScene, _CorrelateParams):
    """2-D cross-correlation, what deep-learning decks call convolution."""

    kind: Literal["correlate2d"]
    _input_ndim = _GRID


class Convolve2dScene(_ArrayScene, _CorrelateParams):
    """True 2-D convolution: the kernel flipped, then correlated (deck 002)."""

    kind: Literal["convolve2d"]
    _input_ndim = _GRID


class MultichannelScene(_ArrayScene, _CorrelateParams):
    """Correlation over a C×H×W input: each kernel spans every channel."""

    kind: Literal["multichannel"]
    _input_ndim = (3,), "a stack of channels (C×H×W)"


class Transposed2dScene(_ArrayScene, _TransposedParams):
    """Transposed convolution (torch's ``conv_transpose2d``)."""

    kind: Literal["transposed2d"]
    _input_ndim = _GRID


class PadScene(_ArrayScene, _PadParams):
    """Zero padding around a grid (deck 000's "same" padding, deck 004's (2, 1))."""

    kind: Literal["pad"]


class Pool1dScene(_ArrayScene, _Pool1dParams):
    """Pooling along the last axis; a grid's rows are pooled one by one (torch's MaxPool1d)."""

    kind: Literal["pool1d"]
    _input_ndim = _ROW


class Pool2dScene(_ArrayScene, _Pool2dParams):
    """Max or average pooling over a grid (or each channel of a stack)."""

    kind: Literal["pool2d"]
    _input_ndim = _GRID


class ReluScene(_ArrayScene, _ReluParams):
    """ReLU: every negative becomes 0."""

    kind: Literal["relu"]


class BiasScene(_ArrayScene, _BiasParams):
    """A bias added to every cell (one per channel for a stack)."""

    kind: Literal["bias"]


class FlattenScene(_ArrayScene, _FlattenParams):
    """Flatten a grid into one row, row by row."""

    kind: Literal["flatten"]


class OutputSizeScene(_SceneBase):
    """The output-size formula with a scene's numbers: ⌊(n + 2p − f)/s⌋ + 1.

    Attributes:
        input_size: n, [H, W], or [H, W, C] (the channels do not change the spatial size).
        kernel_size: f, or [F, G].
        filters: The number of kernels: appended to the output shape as its depth.
        transposed: Use the transposed-convolution relation (n − 1)s − 2p + d(f − 1) + op + 1.
        expect: The output shape as the slide prints it: ``5``, ``[7, 7]``, ``32x32x10``.
    """

    kind: Literal["output-size"]
    input_size: Shape
    kernel_size: PosIntOrPair
    stride: PosIntOrPair = 1
    padding: Padding = 0
    dilation: PosIntOrPair = 1
    ceil_mode: Annotated[bool, Strict()] = False
    filters: PosInt | None = None
    transposed: Annotated[bool, Strict()] = False
    output_padding: NonNegIntOrPair = 0
    expect: Shape | None = None

    @model_validator(mode="after")
    def _fits(self) -> OutputSizeScene:
        from lessons.calls import output_shape

        if len(self.input_size) not in (1, 2, 3):
            raise PydanticCustomError(
                "lesson_value",
                f"input_size must be n, [H, W] or [H, W, C], got {shape_text(self.input_size)}",
                {"at": [], "field": "input_size"},
            )
        try:
            output_shape(self)
        except ValueError as error:
            raise _engine_error(
                error, ["kernel", "stride", "padding", "dilation"], list(self.model_fields_set)
            ) from None
        return self


class ParamCountScene(_SceneBase):
    """How many learnable numbers a layer has: (F·G·C + 1)·K for a conv layer.

    A conv layer is 2-D unless ``dims`` says otherwise, and a single number as ``kernel_size``
    means a square kernel, as ``torch.nn.Conv2d(3, 10, kernel_size=5)`` does: ten 5x5 filters on
    3 channels have (5·5·3 + 1)·10 = 760 parameters (deck 002). A 1-D layer says so with
    ``dims: 1`` (deck 001's filter of 3 weights and a bias: ``dims: 1, kernel_size: 3`` → 4, as
    ``torch.nn.Conv1d(1, 1, 3)``); ``dims: 3`` is a 3-D layer (``torch.nn.Conv3d``). A list gives
    one size per axis and must have ``dims`` numbers: ``kernel_size: [2, 3]`` is a 2x3 kernel,
    while ``[3]`` alone is refused (write ``3`` for 3x3, or add ``dims: 1``).

    Attributes:
        layer: ``conv`` (kernel_size, in_channels, filters, dims), ``dense`` (inputs, outputs) or
            ``pool`` (no parameters).
        dims: The conv layer's spatial axes: 1, 2 (the default) or 3.
        kernel_size: f (an f×f kernel for a 2-D layer, f for 1-D, f×f×f for 3-D), or one size
            per axis: [F, G] (``"5x5"`` works too).
        expect: The count the slide prints.
    """

    kind: Literal["param-count"]
    layer: Literal["conv", "dense", "pool"] = "conv"
    dims: Annotated[int, Strict(), Field(ge=1, le=3)] = 2
    kernel_size: KernelSize | None = None
    in_channels: PosInt = 1
    filters: PosInt = 1
    bias: Annotated[bool, Strict()] = True
    inputs: PosInt | None = None
    outputs: PosInt | None = None
    expect: NonNegInt | None = None

    @property
    def kernel_shape(self) -> tuple[int, ...]:
        """The kernel's size along each of the layer's ``dims`` axes (``5`` → ``(5, 5)``)."""
        if self.kernel_size is None:
            return ()
        if isinstance(self.kernel_size, int):
            return (self.kernel_size,) * self.dims
        return self.kernel_size

    @model_validator(mode="after")
    def _complete(self) -> ParamCountScene:
        if self.layer == "conv" and self.kernel_size is None:
            raise PydanticCustomError(
                "missing", "missing key 'kernel_size' for a conv layer", {"at": []}
            )
        if self.layer == "dense" and (self.inputs is None or self.outputs is None):
            raise PydanticCustomError(
                "missing", "missing key 'inputs' or 'outputs' for a dense layer", {"at": []}
            )
        if self.layer != "conv" and "dims" in self.model_fields_set:
            raise PydanticCustomError(
                "lesson_value",
                f"dims is only for a conv layer, not a {self.layer} layer",
                {"at": [], "field": "dims"},
            )
        size = self.kernel_size
        if self.layer == "conv" and isinstance(size, tuple) and len(size) != self.dims:
            listed = "[" + ", ".join(str(n) for n in size) + "]"
            numbers = f"{len(size)} number{'s' if len(size) != 1 else ''}"
            if "dims" in self.model_fields_set:
                message = (
                    f"kernel_size {listed} has {numbers}, but dims is {self.dims}: give "
                    f"{self.dims} (one per axis), or a single number for every axis"
                )
            else:
                hint = {
                    1: f"write kernel_size: {size[0]} for a {size[0]}x{size[0]} kernel, or add "
                    "dims: 1 for a 1-D layer",
                    3: "add dims: 3 for a 3-D layer",
                }.get(len(size), "give [rows, columns]")
                message = f"kernel_size {listed} has {numbers}, but a conv layer is 2-D: {hint}"
            raise PydanticCustomError("lesson_value", message, {"at": [], "field": "kernel_size"})
        return self


class TextScene(_SceneBase):
    """Narration only: a slide with no worked numbers."""

    kind: Literal["text"]


# ---------------------------------------------------------------------------- pipeline
class Correlate2dStage(_StageBase, _CorrelateParams):
    """A filter stage: its input is the previous stage's output."""

    kind: Literal["correlate2d"]


class Convolve2dStage(_StageBase, _CorrelateParams):
    """A true-convolution stage."""

    kind: Literal["convolve2d"]


class MultichannelStage(_StageBase, _CorrelateParams):
    """A multi-channel filter stage."""

    kind: Literal["multichannel"]


class PadStage(_StageBase, _PadParams):
    """A padding stage."""

    kind: Literal["pad"]


class Pool1dStage(_StageBase, _Pool1dParams):
    """A 1-D pooling stage."""

    kind: Literal["pool1d"]


class Pool2dStage(_StageBase, _Pool2dParams):
    """A pooling stage (each map pooled on its own)."""

    kind: Literal["pool2d"]


class ReluStage(_StageBase, _ReluParams):
    """A ReLU stage."""

    kind: Literal["relu"]


class BiasStage(_StageBase, _BiasParams):
    """A bias stage."""

    kind: Literal["bias"]


class FlattenStage(_StageBase, _FlattenParams):
    """A flatten stage."""

    kind: Literal["flatten"]


class VoteStage(_StageBase, _VoteParams):
    """Fully connected voting: each label's score is its weights · the flattened input.

    Attributes:
        labels: The answers voted on, such as ``[X, O]``.
        weights: One row of weights per label, as long as the flattened input.
        bias: Added to each score (a number, or one per label).
        divisor: Each score is divided by it (to average the votes).
    """

    kind: Literal["vote"]


AnyStage = (
    Correlate2dStage
    | Convolve2dStage
    | MultichannelStage
    | PadStage
    | Pool1dStage
    | Pool2dStage
    | ReluStage
    | BiasStage
    | FlattenStage
    | VoteStage
)
"""Any pipeline stage (the union without its discriminator, for type hints)."""

Stage = Annotated[AnyStage, Field(discriminator="kind")]
"""One step of a pipeline."""


class PipelineScene(_SceneBase):
    """A chain of stages, each fed the previous one's output (deck 003's X/O ConvNet).

    Attributes:
        input: The image the chain starts from.
        stages: The stages in order.
        expect: Optionally the last stage's output (each stage may also have its own).
    """

    kind: Literal["pipeline"]
    input: Grid
    stages: tuple[Stage, ...] = Field(min_length=1)
    expect: Expect | None = None

    @model_validator(mode="after")
    def _chain(self) -> PipelineScene:
        from lessons.calls import compute

        x = self.input
        for index, stage in enumerate(self.stages):
            try:
                x = compute(stage, x)
            except ValueError as error:
                present = list(stage.model_fields_set)
                inner = _engine_error(error, list(type(stage).model_fields), present)
                field = (
                    (inner.context or {}).get("field")
                    if isinstance(inner, PydanticCustomError)
                    else None
                )
                where: list[Any] = ["stages", index] + ([field] if field else [])
                raise PydanticCustomError(
                    "lesson_value",
                    f"stage {index + 1} ({stage.kind}): {error}".replace("{", "(").replace(
                        "}", ")"
                    ),
                    {"at": [], "field": where},
                ) from None
        return self


ArrayScene = (
    Correlate1dScene
    | Correlate2dScene
    | Convolve2dScene
    | MultichannelScene
    | Transposed2dScene
    | PadScene
    | Pool1dScene
    | Pool2dScene
    | ReluScene
    | BiasScene
    | FlattenScene
)
"""Scenes computed from an input grid."""

Scene = Annotated[
    TextScene | ArrayScene | OutputSizeScene | ParamCountScene | PipelineScene,
    Field(discriminator="kind"),
]
"""One scene of a lesson; ``kind`` says which."""


def _kinds(union: Any) -> tuple[str, ...]:
    """The ``kind`` tags of a union's models, in the union's order."""
    return tuple(get_args(model.model_fields["kind"].annotation)[0] for model in get_args(union))


SCENE_KINDS: tuple[str, ...] = _kinds(get_args(Scene)[0])
"""Every scene kind, in the order the format reference lists them."""

STAGE_KINDS: tuple[str, ...] = _kinds(AnyStage)
"""Kinds a pipeline stage may have."""

ARRAY_KINDS = frozenset(_kinds(ArrayScene))
"""Kinds that compute an array from an ``input`` grid."""


class Lesson(_Model):
    """One lesson file.

    Attributes:
        id: Unique lesson id (letters, digits, ``-``, ``_`` and ``.``).
        title: The lesson's title.
        deck: The deck it mirrors (``deck.file`` None: beyond the decks).
        summary: One line for the lesson list.
        display: Default number display for scenes that give none.
        scenes: The scenes in teaching order.
        source: The file it was loaded from (set by the loader, not written in the file).
    """

    id: Annotated[str, Strict(), Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)]
    title: Text
    deck: DeckRef
    summary: Text
    display: Display | None = None
    scenes: tuple[Scene, ...] = Field(min_length=1)
    source: Path | None = Field(default=None, exclude=True)

    @field_validator("source", mode="plain")
    @classmethod
    def _source_from_loader(cls, value: object, info: ValidationInfo) -> Path | None:
        if value is None:
            return None
        if not (info.context or {}).get("loader"):
            raise _fail("'source' is set by the loader; remove it from the file")
        return Path(str(value))

    @model_validator(mode="after")
    def _slides_traceable(self) -> Lesson:
        """Without a deck file of its own, a lesson's slide references must each name a deck."""
        if self.deck.file is not None:
            return self
        for index, scene in enumerate(self.scenes):
            if scene.slide is not None and scene.slide.deck is None:
                raise PydanticCustomError(
                    "lesson_value",
                    "this lesson has no deck file, so its slide must name one: add "
                    "deck: FILE (such as 004_49149de07628b17c.txt)",
                    {"at": [], "field": ["scenes", index, "slide"]},
                )
        return self

    @model_validator(mode="after")
    def _inherit_display(self) -> Lesson:
        if self.display is not None:
            scenes = tuple(
                s if s.display is not None else s.model_copy(update={"display": self.display})
                for s in self.scenes
            )
            object.__setattr__(self, "scenes", scenes)
        return self
