"""The gradient magnitude: two edge filters joined into one edge strength per pixel.

Deck 002's Sobel filters answer to vertical (G_x) and horizontal (G_y) edges separately; the
gradient magnitude ``√(Gx² + Gy²)`` is the length of the vector (Gx, Gy), large wherever the
brightness changes fast in any direction. :func:`gradient_magnitude` computes the whole map from
two :func:`~engine.correlate.correlate2d` calls; :func:`trace_gradient_magnitude` steps through it
one output cell at a time, ``√(Gx² + Gy²) = √(6² + 8²) = 10``.

>>> x = [[0, 0, 9], [0, 0, 9], [0, 0, 9]]
>>> gradient_magnitude(x)
array([[36.]])
>>> trace_gradient_magnitude(x)[0].text
'√(Gx² + Gy²) = √((-36)² + 0²) = 36'
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from engine.correlate import correlate2d
from engine.display import NumberFormat, check_format, format_number, operand_format
from engine.errors import ArgumentError
from engine.steps import trace_correlate2d
from engine.trace import Step, Trace
from engine.types import FloatArray, PaddingArg
from engine.validate import as_numbers, shape_text

__all__ = ["SOBEL_X", "SOBEL_Y", "gradient_magnitude", "trace_gradient_magnitude"]

SOBEL_X: tuple[tuple[int, ...], ...] = ((1, 0, -1), (2, 0, -2), (1, 0, -1))
"""Deck 002's Sobel G_x (vertical edges), as a correlation kernel."""

SOBEL_Y: tuple[tuple[int, ...], ...] = ((1, 2, 1), (0, 0, 0), (-1, -2, -1))
"""Deck 002's Sobel G_y (horizontal edges), as a correlation kernel."""


def _kernels(kx: npt.ArrayLike, ky: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """The two kernels as 2-D arrays of one shape (so both see the same window)."""
    ka = as_numbers(kx, "kernel", argument="kx")
    kb = as_numbers(ky, "kernel", argument="ky")
    for array, name in ((ka, "kx"), (kb, "ky")):
        if array.ndim != 2:
            raise ArgumentError(name, f"{name} must be a 2-D kernel, got {shape_text(array.shape)}")
    if ka.shape != kb.shape:
        raise ArgumentError(
            "ky",
            f"the two kernels must have one shape, got {shape_text(ka.shape)} and "
            f"{shape_text(kb.shape)}",
        )
    return ka, kb


def _input(x: npt.ArrayLike) -> FloatArray:
    xa = as_numbers(x, "input", argument="x")
    if xa.ndim != 2:
        raise ArgumentError("x", f"input must be a grid (H×W), got {shape_text(xa.shape)}")
    return xa


def gradient_magnitude(
    x: npt.ArrayLike,
    kx: npt.ArrayLike = SOBEL_X,
    ky: npt.ArrayLike = SOBEL_Y,
    *,
    padding: PaddingArg = 0,
) -> FloatArray:
    """``√(Gx² + Gy²)`` per cell, Gx and Gy the two correlations of ``x`` (torch's conv2d).

    Args:
        x: Input of shape (H, W).
        kx: The first kernel, (F, G); Sobel G_x by default.
        ky: The second kernel, ``kx``'s shape; Sobel G_y by default.
        padding: As :func:`~engine.correlate.correlate2d` takes it (an int, a pair, per side,
            ``"valid"`` or ``"same"``).

    Returns:
        Shape (H', W'), each correlation's output shape; every value ≥ 0.

    Raises:
        ArgumentError: A bad input, kernels of two shapes, or a kernel that does not fit.
    """
    xa = _input(x)
    ka, kb = _kernels(kx, ky)
    gx = correlate2d(xa, ka, padding=padding)
    gy = correlate2d(xa, kb, padding=padding)
    magnitude: FloatArray = np.sqrt(gx * gx + gy * gy)
    return magnitude


def _squared(text: str) -> str:
    """``12²``, or ``(-12)²`` for a negative number (the square of −12, not −(12²))."""
    return f"({text})²" if text.startswith("-") else f"{text}²"


def trace_gradient_magnitude(
    x: npt.ArrayLike,
    kx: npt.ArrayLike = SOBEL_X,
    ky: npt.ArrayLike = SOBEL_Y,
    *,
    padding: PaddingArg = 0,
    fmt: NumberFormat | None = None,
) -> Trace:
    """Step through :func:`gradient_magnitude`, one output cell at a time, row-major.

    Each step's window is the patch both kernels read; ``Step.terms`` holds (Gx, Gy) and the
    text writes them into the formula, first Gx then Gy: ``√(Gx² + Gy²) = √(6² + 8²) = 10``.

    Args:
        x: Input of shape (H, W).
        kx: The first kernel, (F, G).
        ky: The second kernel, ``kx``'s shape.
        padding: As :func:`gradient_magnitude`.
        fmt: How the magnitude is written; Gx and Gy use it without ``fixed``.

    Returns:
        A lazy trace of H'·W' steps; ``Step.out`` is ``(i, j)``, ``Step.window`` slices the
        padded input (``Trace.padding``), ``Step.inputs`` the window's values.

    Raises:
        ArgumentError: As :func:`gradient_magnitude`, or a bad ``fmt``.
    """
    check_format(fmt)
    xa = _input(x)
    ka, kb = _kernels(kx, ky)
    along_x = trace_correlate2d(xa, ka, padding=padding)
    along_y = trace_correlate2d(xa, kb, padding=padding)
    operands = operand_format(fmt)
    text_of = format_number

    def make(index: int) -> Step:
        sx, sy = along_x[index], along_y[index]
        gx, gy = sx.value, sy.value
        value = math.sqrt(gx * gx + gy * gy)
        tx, ty = text_of(gx, operands), text_of(gy, operands)
        text = f"√(Gx² + Gy²) = √({_squared(tx)} + {_squared(ty)}) = {text_of(value, fmt)}"
        return Step(
            index=index,
            out=sx.out,
            window=sx.window,
            terms=(gx, gy),
            inputs=sx.inputs,
            value=value,
            text=text,
        )

    return Trace(make, along_x.output_shape, along_x.padding, kind="magnitude")
