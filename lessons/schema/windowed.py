"""Scenes that slide a window or pad: correlation, convolution, multichannel, transposed, pool, pad,
and the gradient magnitude (two kernels over one window).

The ``*Params`` classes hold each kind's own keys; a scene adds them to :class:`InputScene` and a
pipeline stage (:mod:`lessons.schema.pipeline`) to :class:`StageBase`, so both read alike.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Strict, model_validator

from engine.types import FloatArray
from lessons.schema.base import GRID, ROW, Computes, InputScene
from lessons.schema.fields import (
    BiasValue,
    Divisor,
    Expect,
    Grid,
    NonNegIntOrPair,
    Number,
    Padding,
    PadValue,
    PoolPadding,
    PosInt,
    PosIntOrPair,
    field_error,
)

__all__ = [
    "Convolve2dScene",
    "Correlate1dScene",
    "Correlate2dScene",
    "CorrelateParams",
    "GradientMagnitudeParams",
    "GradientMagnitudeScene",
    "MultichannelScene",
    "PadParams",
    "PadScene",
    "Pool1dParams",
    "Pool1dScene",
    "Pool2dParams",
    "Pool2dScene",
    "Transposed2dScene",
    "TransposedParams",
]


class CorrelateParams(Computes):
    """The keys of a correlation: one ``kernel`` or several ``kernels``, and the layer's numbers."""

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
            raise field_error("missing key 'kernel' (or 'kernels' for several)", [], code="missing")
        if self.kernel is not None and self.kernels is not None:
            raise field_error("give 'kernel' or 'kernels', not both", "kernels")
        if self.padding == "full":
            raise field_error(
                "padding 'full' is only for output-size scenes; write the number (f - 1)",
                "padding",
            )
        return self


SOBEL_PAIR = np.array(
    [
        [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
        [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
    ],
    dtype=np.float64,
)
"""Deck 002's Sobel G_x and G_y, the default ``kernels`` of a gradient-magnitude scene."""


class GradientMagnitudeParams(Computes):
    """The keys of a gradient magnitude: the two kernels (Sobel x and y unless given), padding.

    Attributes:
        kernels: Two kernels of one shape, ``[Gx kernel, Gy kernel]``; None for Sobel x and y.
        padding: As a correlation's (a number, a pair, per side, ``valid`` or ``same``).
        expect: The magnitude map as the source prints it.
    """

    kernels: Grid | None = None
    padding: Padding = 0
    expect: Expect | None = None

    @model_validator(mode="after")
    def _two_kernels(self) -> Any:
        kernels = self.kernels
        if kernels is not None and (kernels.ndim != 3 or kernels.shape[0] != 2):
            got = "x".join(str(n) for n in kernels.shape) or "a single number"
            raise field_error(
                f"kernels must be two kernels of one shape, [Gx kernel, Gy kernel], got {got}",
                "kernels",
            )
        if self.padding == "full":
            raise field_error(
                "padding 'full' is only for output-size scenes; write the number (f - 1)",
                "padding",
            )
        return self

    @property
    def kernel_pair(self) -> FloatArray:
        """The two kernels, (2, F, G): the scene's, or Sobel x and y."""
        return SOBEL_PAIR if self.kernels is None else self.kernels


class PadParams(Computes):
    """The keys of a padding scene: the padding (numbers only) and the fill value."""

    padding: Padding = 1
    value: Number = 0.0
    expect: Expect | None = None

    @model_validator(mode="after")
    def _numbers_only(self) -> Any:
        if isinstance(self.padding, str):
            raise field_error(
                f"padding of a pad scene must be numbers, got {self.padding!r}", "padding"
            )
        return self


class _PoolKeys(Computes):
    """What 1-D and 2-D pooling share: the mode, ceil_mode, count_include_pad and pad_value."""

    mode: Literal["max", "avg"] = "max"
    ceil_mode: Annotated[bool, Strict()] = False
    count_include_pad: Annotated[bool, Strict()] = True
    pad_value: PadValue | None = None
    expect: Expect | None = None

    @model_validator(mode="after")
    def _average_only(self) -> Any:
        if "count_include_pad" in self.model_fields_set and self.mode != "avg":
            raise field_error(
                "count_include_pad is for average pooling: add mode: avg, or remove it",
                "count_include_pad",
            )
        if self.pad_value is not None and self.mode != "max":
            raise field_error(
                "pad_value is for max pooling (average pooling pads with zeros): remove it",
                "pad_value",
            )
        return self


class Pool1dParams(_PoolKeys):
    """The keys of 1-D pooling: one number each for size and stride; padding, or [left, right]."""

    size: PosInt
    stride: PosInt | None = None
    padding: PoolPadding = 0

    @model_validator(mode="after")
    def _one_axis(self) -> Pool1dParams:
        padding = self.padding
        if isinstance(padding, tuple) and isinstance(padding[0], tuple):
            raise field_error(
                f"padding of a 1-D pooling is a number or [left, right], got "
                f"{[list(side) for side in padding]}",
                "padding",
            )
        return self


class Pool2dParams(_PoolKeys):
    """The keys of 2-D pooling: size and stride are a number or [rows, columns]; padding too, or
    per side ``[[top, bottom], [left, right]]``."""

    size: PosIntOrPair
    stride: PosIntOrPair | None = None
    padding: PoolPadding = 0


class TransposedParams(Computes):
    """The keys of a transposed convolution (torch's ``conv_transpose2d``)."""

    kernel: Grid
    stride: PosIntOrPair = 1
    padding: NonNegIntOrPair = 0
    output_padding: NonNegIntOrPair = 0
    dilation: PosIntOrPair = 1
    bias: BiasValue = 0.0
    expect: Expect | None = None


class Correlate1dScene(InputScene, CorrelateParams):
    """1-D cross-correlation (deck 001's ``[-1, 1, -1]`` filter)."""

    kind: Literal["correlate1d"]
    _input_ndim = ROW

    @model_validator(mode="after")
    def _single_numbers(self) -> Correlate1dScene:
        for name in ("stride", "dilation"):
            value = getattr(self, name)
            if isinstance(value, tuple):
                raise field_error(
                    f"{name} of a 1-D scene must be a single number, got {list(value)}", name
                )
        return self


class Correlate2dScene(InputScene, CorrelateParams):
    """2-D cross-correlation, what deep-learning decks call convolution."""

    kind: Literal["correlate2d"]
    _input_ndim = GRID


class Convolve2dScene(InputScene, CorrelateParams):
    """True 2-D convolution: the kernel flipped, then correlated (deck 002)."""

    kind: Literal["convolve2d"]
    _input_ndim = GRID


class GradientMagnitudeScene(InputScene, GradientMagnitudeParams):
    """√(Gx² + Gy²) of two correlations, Sobel x and y by default (deck 002's edge strength)."""

    kind: Literal["gradient-magnitude"]
    _input_ndim = (2,), "a grid (H×W)"


class MultichannelScene(InputScene, CorrelateParams):
    """Correlation over a C×H×W input: each kernel spans every channel."""

    kind: Literal["multichannel"]
    _input_ndim = (3,), "a stack of channels (C×H×W)"


class Transposed2dScene(InputScene, TransposedParams):
    """Transposed convolution (torch's ``conv_transpose2d``)."""

    kind: Literal["transposed2d"]
    _input_ndim = GRID


class PadScene(InputScene, PadParams):
    """Zero padding around a grid (deck 000's "same" padding, deck 004's (2, 1))."""

    kind: Literal["pad"]


class Pool1dScene(InputScene, Pool1dParams):
    """Pooling along the last axis; a grid's rows are pooled one by one (torch's MaxPool1d)."""

    kind: Literal["pool1d"]
    _input_ndim = ROW


class Pool2dScene(InputScene, Pool2dParams):
    """Max or average pooling over a grid (or each channel of a stack)."""

    kind: Literal["pool2d"]
    _input_ndim = GRID
