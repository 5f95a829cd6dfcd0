"""Playbacks made straight from arrays and a layer's numbers, for the quiz's generated questions.

A generated question has no lesson scene behind it: its family picks an image, a kernel and the
layer's numbers, and these constructors bind them to the engine the way :func:`prepare` binds a
scene (the same :class:`~lessons.calls.WindowedCall`, the same formats, the same size formula).

>>> import numpy as np
>>> playback = correlation(np.arange(16.0).reshape(4, 4), np.ones((3, 3)), padding=1)
>>> playback.pad, playback.padded.shape, len(playback.trace)
(((1, 1), (1, 1)), (6, 6), 16)
>>> playback.formula
'⌊(4 + 2·1 − 3)/1⌋ + 1 = 4'
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import engine
from engine import NumberFormat
from engine.display import operand_format
from engine.types import FloatArray
from lessons.calls import WindowedCall
from lessons.playback.build import call_formula
from lessons.playback.model import Playback, input_format

__all__ = ["correlation", "picture", "pooling"]


def _windowed(kind: str, call: WindowedCall, fmt: NumberFormat | None) -> Playback:
    x: FloatArray = call.args[0]
    trace = call.trace(fmt)
    sides = trace.padding
    padded = engine.pad(x, sides, value=trace.pad_value) if any(a or b for a, b in sides) else x
    kernel = call.args[1] if trace.kind == "correlate" else None
    return Playback(
        kind=kind,
        title=None,
        input=x,
        padded=padded,
        pad=sides,
        kernel=kernel,
        output=call.compute(),
        trace=trace,
        fmt=fmt,
        input_fmt=input_format(kind, fmt),
        kernel_fmt=operand_format(fmt),
        formula=call_formula(call, trace),
    )


def correlation(
    x: FloatArray,
    kernel: FloatArray,
    *,
    stride: int = 1,
    padding: int = 0,
    bias: float = 0.0,
    divisor: float | None = None,
    convolve: bool = False,
    fmt: NumberFormat | None = None,
) -> Playback:
    """A 2-D correlation (or, with ``convolve``, a true convolution), ready to step through.

    Args:
        x: The image, (H, W).
        kernel: The kernel, (F, G).
        stride: The stride.
        padding: Zeros on each side.
        bias: Added to every sum.
        divisor: Every sum (with the bias) is divided by it, or None.
        convolve: Flip the kernel first (``engine.convolve2d``); the kind is then ``convolve2d``.
        fmt: How the results are written; None: the engine's default.

    Raises:
        ValueError: The engine refuses the numbers (the kernel does not fit, ...).
    """
    args = {"stride": stride, "padding": padding, "bias": bias, "divisor": divisor}
    if convolve:
        call = WindowedCall(engine.convolve2d, engine.trace_convolve2d, (x, kernel), args)
        return _windowed("convolve2d", call, fmt)
    call = WindowedCall(engine.correlate2d, engine.trace_correlate2d, (x, kernel), args)
    return _windowed("correlate2d", call, fmt)


def pooling(
    x: FloatArray,
    size: int,
    *,
    stride: int | None = None,
    mode: Literal["max", "avg"] = "max",
    padding: int = 0,
    fmt: NumberFormat | None = None,
) -> Playback:
    """A 2-D pooling, ready to step through (max pooling pads with ``-inf``, as torch does).

    Args:
        x: The image, (H, W).
        size: The window's size.
        stride: The stride; None: the window's size.
        mode: ``max`` or ``avg`` (which counts padded zeros, as torch's default does).
        padding: Padding on each side.
        fmt: How the results are written; None: the engine's default.

    Raises:
        ValueError: The engine refuses the numbers.
    """
    args = {"stride": stride, "mode": mode, "padding": padding, "ceil_mode": False}
    call = WindowedCall(engine.pool2d, engine.trace_pool2d, (x, size), args)
    return _windowed("pool2d", call, fmt)


def picture(x: FloatArray, kernel: FloatArray, *, fmt: NumberFormat | None = None) -> Playback:
    """An image, a filter and the filter's whole response, without steps (nothing to step).

    Args:
        x: The image, (H, W).
        kernel: The filter, (F, G).
        fmt: How the results are written; None: the engine's default.
    """
    return replace(correlation(x, kernel, fmt=fmt), trace=None, formula=None)
