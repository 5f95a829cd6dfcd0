"""The scene model: :class:`Playback`, what the board draws, and :class:`Timeline`, its steps.

A Playback is built once per scene (:func:`lessons.playback.prepare`) or per quiz question
(:func:`lessons.playback.correlation`, :func:`lessons.playback.pooling`) and only read after
that: the board, the quiz board, the stepper's narration and ``cnn-tutor export`` all draw it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field

from engine import NumberFormat, Trace, format_number
from engine.display import operand_format
from engine.types import FloatArray, SidePadding
from lessons.arrays import ExpectGrid
from lessons.playback.narration import fill_placeholders, without_arithmetic
from lessons.schema import Erratum

__all__ = [
    "OPERAND_INPUT_KINDS",
    "Playback",
    "SidePadding",
    "Timeline",
    "input_format",
    "narrate",
]

OPERAND_INPUT_KINDS = frozenset(
    {"correlate1d", "correlate2d", "convolve2d", "multichannel", "transposed2d"}
)
"""Kinds whose input cells are operands of a product (written without ``fixed``)."""


def input_format(kind: str, fmt: NumberFormat | None) -> NumberFormat | None:
    """How a kind's input cells are written: a correlation's pixels as its step text writes its
    operands (``fmt`` without ``fixed``), other inputs (map values) with ``fmt`` itself."""
    return operand_format(fmt) if kind in OPERAND_INPUT_KINDS else fmt


@dataclass(frozen=True, eq=False)
class Playback:
    """One scene (or pipeline stage, or quiz picture), ready to draw and step through.

    Attributes:
        kind: The scene kind (``correlate2d``, ``pool2d``, ``pipeline``, ``vote``, ...).
        title: The scene's (or stage's) title, or None.
        input: The input as the slide shows it (unpadded); None for output-size, param-count and
            text scenes. Shapes: (L,), (C, L), (H, W) or (C, H, W).
        padded: The padded input that ``Step.window`` slices (max pooling pads with ``-inf``, as
            torch does); equal to ``input`` when there is no padding. For a padding scene, the
            result (the padding is what it computes).
        pad: Padding per side, ``((top, bottom), (left, right))`` or ``((left, right),)`` in 1-D;
            ``()`` when there is no input.
        kernel: The kernel as the lesson writes it ((F, G), (C, F, G), or (K, F, G) / (K, C, F, G)
            for several), the vote weights for a vote stage, or None.
        output: The full result array, or None for text, output-size and param-count scenes.
        trace: The engine's lazy steps (``len(trace)``, ``trace[k]``), or None when the result has
            no windows to step through (ReLU, bias, flatten, pad, vote, transposed, text, sizes).
        fmt: How to write this scene's results (the slide's rounding; ``fixed`` keeps ``1.00``):
            the output grid, partial sums, pooled values and ``{value}``. None: the engine's
            default (a generated quiz question without a display rule).
        input_fmt: How to write the input grid (see :func:`input_format`).
        kernel_fmt: How to write the kernel (or vote weights): ``fmt`` without ``fixed``, as the
            step text writes the weights.
        formula: The output-size formula with the numbers substituted, worked out once from the
            engine's resolved padding (``⌊(6 + 2·0 − 3)/2⌋ + 1 = 2``, or ``rows: ...;
            columns: ...`` when the axes differ) for an output-size scene and for every scene or
            stage with windows; the parameter count written out (``(5·5·3 + 1)·10 = 760``) for a
            param-count scene; None otherwise.
        value: The scalar answer of an output-size scene (the output shape) or a param-count
            scene (the count); None otherwise.
        expect: The output as the slide prints it (cell texts, None where blank), or None.
        erratum: The known error on the slide at this scene, or None.
        labels: A vote stage's labels (``("X", "O")``), else ().
        stages: For a pipeline, one Playback per stage (filter → ReLU → pool → vote), else ().
        narration: The narration markdown, with ``{step}``-style placeholders (see :func:`narrate`);
            a scene whose numbers were rebuilt ends with its ``reconstructed`` note.
        titles: A backward scene's panel titles (input, kernel, output), such as ``("input x",
            "∂L/∂y", "∂L/∂k")``, and a fourth, the sign before the kernel panel, where the panel
            does not meet the window (pooling, ReLU); () for the usual ones.
        partial_output: A transposed convolution's output after ``n`` of its steps (each input
            cell painting its scaled kernel), for the board to show the overlaps summing; None for
            every other kind, whose output fills cell by cell.
    """

    kind: str
    title: str | None
    input: FloatArray | None
    padded: FloatArray | None
    pad: SidePadding
    kernel: FloatArray | None
    output: FloatArray | None
    trace: Trace | None
    fmt: NumberFormat | None
    input_fmt: NumberFormat | None
    kernel_fmt: NumberFormat | None
    formula: str | None = None
    value: tuple[int, ...] | int | None = None
    expect: ExpectGrid | None = None
    erratum: Erratum | None = None
    labels: tuple[str, ...] = ()
    stages: tuple[Playback, ...] = field(default_factory=tuple)
    narration: str = ""
    titles: tuple[str, ...] = ()
    partial_output: Callable[[int], FloatArray] | None = field(
        default=None, compare=False, repr=False
    )

    @property
    def steps(self) -> int:
        """How many steps the trace has (0 without one)."""
        return len(self.trace) if self.trace is not None else 0

    @property
    def timeline(self) -> Timeline:
        """The scene's steps across its stages (see :class:`Timeline`)."""
        return Timeline.of(self)

    def narration_at(self, step: int) -> str:
        """The narration with the placeholders filled for ``step`` (see :func:`narrate`)."""
        return narrate(self.narration, self, step)

    def format(self, value: float) -> str:
        """A result written with this scene's display rule."""
        return format_number(value, self.fmt)

    def format_input(self, value: float) -> str:
        """A cell of the input grid, written as the step text writes it (see ``input_fmt``)."""
        return format_number(value, self.input_fmt)

    def format_kernel(self, value: float) -> str:
        """A kernel weight (or vote weight), integers bare (see ``kernel_fmt``)."""
        return format_number(value, self.kernel_fmt)


def narrate(text: str, playback: Playback, step: int, *, arithmetic: bool = True) -> str:
    """Fill a narration's placeholders for a step.

    ``{step}`` is the step number (0: before the first window), ``{steps}`` the step count,
    ``{value}`` the current window's value and ``{text}`` its arithmetic in backticks (both empty
    at step 0 or without a trace), ``{formula}`` the scene's formula. Other braces are left alone.

    Args:
        text: The narration markdown.
        playback: The prepared scene.
        step: 0 for the problem as posed, k for the k-th window (1-based).
        arithmetic: Write ``{text}``; False for the stepper, whose board prints the arithmetic
            under the grids (see :func:`~lessons.playback.narration.without_arithmetic`).
    """
    if "{" not in text:
        return text
    if not arithmetic:
        text = without_arithmetic(text)
    trace = playback.trace
    current = trace[step - 1] if trace is not None and 1 <= step <= len(trace) else None
    return fill_placeholders(
        text,
        step=step,
        steps=playback.steps,
        value=playback.format(current.value) if current is not None else "",
        arithmetic=current.text if current is not None else None,
        formula=playback.formula or "",
    )


@dataclass(frozen=True)
class Timeline:
    """A scene's steps, across its stages.

    Attributes:
        stages: One playback per stage (the scene's own playback for an ordinary scene).
        ends: The global step at which each stage ends (cumulative step counts); a stage without
            windows (ReLU, vote) of a pipeline still takes one step to reach.
    """

    stages: tuple[Playback, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, playback: Playback) -> Timeline:
        """The timeline of a prepared scene."""
        stages = playback.stages or (playback,)
        ends: list[int] = []
        total = 0
        for stage in stages:
            if stage.trace is not None:
                total += len(stage.trace)
            elif len(stages) > 1:
                total += 1
            ends.append(total)
        return cls(stages, tuple(ends))

    @property
    def total(self) -> int:
        """The scene's last step."""
        return self.ends[-1] if self.ends else 0

    def locate(self, step: int) -> tuple[int, int]:
        """The (stage, step within the stage) of a global step."""
        if step <= 0:
            return 0, 0
        stage = min(bisect_left(self.ends, step), len(self.stages) - 1)
        start = self.ends[stage - 1] if stage > 0 else 0
        return stage, step - start

    def start_of(self, stage: int) -> int:
        """The global step just before a stage's first step."""
        return self.ends[stage - 1] if stage > 0 else 0
