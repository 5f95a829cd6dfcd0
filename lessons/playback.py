"""What the app renders for a scene: :func:`prepare` binds a lesson scene to the engine.

A :class:`Playback` holds the arrays as the slide shows them (the input unpadded and padded, the
kernel, the full output), the engine's lazy :class:`~engine.Trace` of steps (one per output
cell), the number format, the output-size or parameter formula, the erratum, and, for a pipeline,
one Playback per stage.

>>> from lessons.schema import Correlate2dScene
>>> scene = Correlate2dScene.model_validate(
...     {"kind": "correlate2d", "input": "3 7 9\\n8 1 3\\n7 4 6", "kernel": "1 0 -1\\n" * 3}
... )
>>> playback = prepare(scene)
>>> playback.trace[0].text
'1*3 + 0*7 + -1*9 + 1*8 + 0*1 + -1*3 + 1*7 + 0*4 + -1*6 = 0'
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

import engine
from engine import NumberFormat, Trace, format_number
from engine.padding import resolve_padding
from lessons.arrays import ExpectGrid
from lessons.calls import (
    compute,
    output_shape,
    output_size_text,
    param_count,
    param_count_text,
    spatial_dims,
    windowed_call,
)
from lessons.schema import Erratum, OutputSizeScene, ParamCountScene, PipelineScene

__all__ = ["Playback", "SidePadding", "narrate", "prepare", "prepare_stage", "scene_narration"]

FloatArray = npt.NDArray[np.float64]
SidePadding = tuple[tuple[int, int], ...]
"""Per-side padding: ``((top, bottom), (left, right))``, or ``((left, right),)`` in 1-D."""


@dataclass(frozen=True)
class Playback:
    """One scene (or pipeline stage), ready to draw and step through.

    Attributes:
        kind: The scene kind (``correlate2d``, ``pool2d``, ``pipeline``, ``vote``, ...).
        title: The scene's (or stage's) title, or None.
        input: The input as the slide shows it (unpadded); None for output-size, param-count and
            text scenes. Shapes: (L,), (C, L), (H, W) or (C, H, W).
        padded: The padded input that ``Step.window`` slices (max pooling pads with ``-inf``, as
            torch does); equal to ``input`` when there is no padding.
        pad: Padding per side, ``((top, bottom), (left, right))`` or ``((left, right),)`` in 1-D.
        kernel: The kernel as the lesson writes it ((F, G), (C, F, G), or (K, F, G) / (K, C, F, G)
            for several), the vote weights for a vote stage, or None.
        output: The full result array, or None for text, output-size and param-count scenes.
        trace: The engine's lazy steps (``len(trace)``, ``trace[k]``), or None when the result has
            no windows to step through (ReLU, bias, flatten, pad, vote, transposed, text, sizes).
        fmt: How to write this scene's results (the slide's rounding; ``fixed`` keeps ``1.00``):
            the output grid, partial sums, pooled values and ``{value}``.
        input_fmt: How to write the input grid: for a correlation (``correlate1d``,
            ``correlate2d``, ``convolve2d``, ``multichannel``, ``transposed2d``) ``fmt`` without
            ``fixed``, as its step text writes the inputs (deck 003's pixels are ``-1``, not
            ``-1.00``); for other kinds, whose inputs are map values (pooling, ReLU, vote), ``fmt``.
            None (text and size scenes): ``fmt``.
        kernel_fmt: How to write the kernel (or vote weights): ``fmt`` without ``fixed``, as the
            step text writes the weights. None: ``fmt``.
        formula: The output-size formula with the numbers substituted
            (``⌊(6 + 2·0 − 3)/2⌋ + 1 = 2``) or the parameter count written out
            (``(5·5·3 + 1)·10 = 760``); None for other kinds.
        value: The scalar answer of an output-size scene (the output shape) or a param-count
            scene (the count); None otherwise.
        expect: The output as the slide prints it (cell texts, None where blank), or None.
        erratum: The known error on the slide at this scene, or None.
        labels: A vote stage's labels (``("X", "O")``), else ().
        stages: For a pipeline, one Playback per stage (filter → ReLU → pool → vote), else ().
        narration: The narration markdown, with ``{step}``-style placeholders (see :func:`narrate`);
            a scene whose numbers were rebuilt ends with its ``reconstructed`` note.
    """

    kind: str
    title: str | None
    input: FloatArray | None
    padded: FloatArray | None
    pad: SidePadding
    kernel: FloatArray | None
    output: FloatArray | None
    trace: Trace | None
    fmt: NumberFormat
    formula: str | None = None
    value: tuple[int, ...] | int | None = None
    expect: ExpectGrid | None = None
    erratum: Erratum | None = None
    labels: tuple[str, ...] = ()
    stages: tuple[Playback, ...] = field(default_factory=tuple)
    narration: str = ""
    input_fmt: NumberFormat | None = None
    kernel_fmt: NumberFormat | None = None

    @property
    def steps(self) -> int:
        """How many steps the trace has (0 without one)."""
        return len(self.trace) if self.trace is not None else 0

    def narration_at(self, step: int) -> str:
        """The narration with the placeholders filled for ``step`` (see :func:`narrate`)."""
        return narrate(self.narration, self, step)

    def format(self, value: float) -> str:
        """A result written with this scene's display rule."""
        return format_number(value, self.fmt)

    def format_input(self, value: float) -> str:
        """A cell of the input grid, written as the step text writes it (see ``input_fmt``)."""
        return format_number(value, self.input_fmt if self.input_fmt is not None else self.fmt)

    def format_kernel(self, value: float) -> str:
        """A kernel weight (or vote weight), integers bare (see ``kernel_fmt``)."""
        return format_number(value, self.kernel_fmt if self.kernel_fmt is not None else self.fmt)


def narrate(text: str, playback: Playback, step: int) -> str:
    """Fill a narration's placeholders for a step.

    ``{step}`` is the step number (0: before the first window), ``{steps}`` the step count,
    ``{value}`` the current window's value and ``{text}`` its arithmetic (both empty at step 0 or
    without a trace), ``{formula}`` the scene's formula. Other braces are left alone.

    Args:
        text: The narration markdown.
        playback: The prepared scene.
        step: 0 for the problem as posed, k for the k-th window (1-based).
    """
    trace = playback.trace
    current = trace[step - 1] if trace is not None and 1 <= step <= len(trace) else None
    values = {
        "{step}": str(step),
        "{steps}": str(playback.steps),
        "{value}": playback.format(current.value) if current is not None else "",
        "{text}": f"`{current.text}`" if current is not None else "",
        "{formula}": playback.formula or "",
    }
    for key, value in values.items():
        text = text.replace(key, value)
    return text


OPERAND_INPUT_KINDS = frozenset(
    {"correlate1d", "correlate2d", "convolve2d", "multichannel", "transposed2d"}
)
"""Kinds whose input cells are operands of a product (written without ``fixed``)."""


def _no_padding(dims: int) -> SidePadding:
    return ((0, 0),) * dims


def _trace_for(item: Any, x: FloatArray, fmt: NumberFormat) -> Trace | None:
    call = windowed_call(item, x)
    return call.trace(fmt) if call is not None else None


def _expect_of(item: Any, output: FloatArray | None = None) -> ExpectGrid | None:
    """The slide's printed output, shaped like the computed one where only length-1 axes differ."""
    expect = getattr(item, "expect", None)
    if not isinstance(expect, ExpectGrid):
        return None
    if output is not None and expect.shape != output.shape:
        squeezed = expect.squeezed_to(output.ndim)
        if squeezed.shape == output.shape:
            return squeezed
        if [n for n in expect.shape if n != 1] == [n for n in output.shape if n != 1]:
            return ExpectGrid(output.shape, expect.cells)
    return expect


def prepare_stage(item: Any, x: FloatArray, *, fmt: NumberFormat | None = None) -> Playback:
    """The playback of an array scene or pipeline stage applied to ``x``.

    Args:
        item: A scene or stage of an array kind.
        x: Its input.
        fmt: The number format (default: the item's own).

    Raises:
        ValueError: The engine refuses the item (cannot happen for a loaded lesson).
    """
    fmt = fmt if fmt is not None else item.fmt
    kind: str = item.kind
    output = compute(item, x)
    trace = _trace_for(item, x, fmt)
    dims = spatial_dims(kind, x)
    kernel: FloatArray | None = None
    if getattr(item, "kernel", None) is not None:
        kernel = item.kernel
    elif getattr(item, "kernels", None) is not None:
        kernel = item.kernels
    elif kind == "vote":
        kernel = item.weights
    if trace is not None:
        pad: SidePadding = tuple(tuple(side) for side in trace.padding)  # type: ignore[misc]
        padded = engine.pad(x, pad, value=trace.pad_value) if any(a or b for a, b in pad) else x
    elif kind == "pad":
        pad = resolve_padding(item.padding, dims=dims)
        padded = output
    else:
        pad = _no_padding(dims)
        padded = x
    return Playback(
        kind=kind,
        title=item.title,
        input=x,
        padded=padded,
        pad=pad,
        kernel=kernel,
        output=output,
        trace=trace,
        fmt=fmt,
        expect=_expect_of(item, output),
        erratum=item.erratum,
        labels=tuple(getattr(item, "labels", ()) or ()),
        narration=item.narration,
        input_fmt=fmt.plain() if kind in OPERAND_INPUT_KINDS else fmt,
        kernel_fmt=fmt.plain(),
    )


def scene_narration(scene: Any) -> str:
    """A scene's narration, ending with its reconstruction note when the slide lost numbers."""
    text: str = scene.narration
    note = getattr(scene, "reconstructed", None)
    if note:
        text = f"{text.rstrip()}\n\n> **Reconstructed:** {note}".lstrip()
    return text


def _without_arrays(
    scene: Any,
    fmt: NumberFormat,
    *,
    formula: str | None = None,
    value: tuple[int, ...] | int | None = None,
) -> Playback:
    """The playback of a scene with nothing to draw: text, output-size or param-count."""
    return Playback(
        kind=scene.kind,
        title=scene.title,
        input=None,
        padded=None,
        pad=(),
        kernel=None,
        output=None,
        trace=None,
        fmt=fmt,
        formula=formula,
        value=value,
        erratum=scene.erratum,
        narration=scene_narration(scene),
    )


def prepare(scene: Any) -> Playback:
    """Bind a scene to the engine: arrays, trace, formula, erratum (and stages for a pipeline).

    Args:
        scene: A scene of a loaded lesson (``lesson.scenes[i]``).

    Returns:
        The playback the app renders.
    """
    kind: Literal["text", "output-size", "param-count", "pipeline"] | str = scene.kind
    fmt: NumberFormat = scene.fmt
    if kind == "text":
        return _without_arrays(scene, fmt)
    if isinstance(scene, OutputSizeScene):
        shape = output_shape(scene)
        return _without_arrays(scene, fmt, formula=output_size_text(scene), value=shape)
    if isinstance(scene, ParamCountScene):
        return _without_arrays(
            scene, fmt, formula=param_count_text(scene), value=param_count(scene)
        )
    if isinstance(scene, PipelineScene):
        stages: list[Playback] = []
        x: FloatArray = scene.input
        for stage in scene.stages:
            stage_fmt = stage.fmt if stage.display is not None else fmt
            played = prepare_stage(stage, x, fmt=stage_fmt)
            stages.append(played)
            assert played.output is not None
            x = played.output
        dims = spatial_dims(kind, scene.input)
        return Playback(
            kind=kind,
            title=scene.title,
            input=scene.input,
            padded=scene.input,
            pad=_no_padding(dims),
            kernel=None,
            output=x,
            trace=None,
            fmt=fmt,
            expect=_expect_of(scene, x),
            erratum=scene.erratum,
            stages=tuple(stages),
            narration=scene_narration(scene),
            input_fmt=stages[0].input_fmt,
        )
    return replace(prepare_stage(scene, scene.input, fmt=fmt), narration=scene_narration(scene))
