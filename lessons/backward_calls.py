"""The engine calls of a ``backward`` scene: its gradient, its steps and the array they slice.

A backward scene (:class:`~lessons.schema.BackwardScene`) restates a forward layer and gives the
upstream gradient; :func:`gradient` is what ``expect`` and ``cnn-tutor check`` compare with,
:func:`trace` the steps the board draws, :func:`canvas` the array their windows slice.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

import engine
from engine.backward_steps import BackwardCanvas, subscript
from engine.display import NumberFormat, format_number, operand_format
from engine.errors import ArgumentError
from engine.padding import resolve_padding
from engine.types import FloatArray, SidePadding
from lessons.schema import BackwardScene

__all__ = ["MAX_BACKWARD_CELLS", "BackwardCanvas", "canvas", "gradient", "trace"]

MAX_BACKWARD_CELLS = 1_000_000
"""Largest padded input a backward scene may make (as :data:`lessons.calls.MAX_RESULT_CELLS`)."""


def _conv_kwargs(scene: BackwardScene) -> dict[str, Any]:
    return {
        "stride": 1 if scene.stride is None else scene.stride,
        "padding": scene.padding,
        "dilation": scene.dilation,
        "divisor": scene.divisor,
    }


def _pool_kwargs(scene: BackwardScene) -> dict[str, Any]:
    return {
        "stride": scene.stride,
        "mode": scene.mode,
        "padding": scene.padding,
        "ceil_mode": scene.ceil_mode,
        "count_include_pad": scene.count_include_pad,
    }


def _kernel(scene: BackwardScene) -> FloatArray:
    kernel = scene.kernel
    assert kernel is not None  # the schema requires it for a correlation
    return kernel


def _size(scene: BackwardScene) -> int | tuple[int, int]:
    size = scene.size
    assert size is not None  # the schema requires it for a pooling
    return size


def _check_size(scene: BackwardScene) -> None:
    """Refuse a padding that would make more cells than a lesson may hold, before allocating."""
    if scene.layer == "relu" or isinstance(scene.padding, str):
        return
    x = scene.input
    try:
        sides = resolve_padding(scene.padding, 2, allow_strings=False)
    except ArgumentError:
        return  # the engine names it
    cells = math.prod(x.shape[:-2]) * math.prod(
        n + a + b for n, (a, b) in zip(x.shape[-2:], sides, strict=True)
    )
    if cells > MAX_BACKWARD_CELLS:
        raise ArgumentError(
            "padding",
            f"padding {scene.padding} makes a grid of more than {MAX_BACKWARD_CELLS} cells: "
            "too large for a lesson",
        )


def gradient(scene: BackwardScene) -> FloatArray:
    """The gradient the scene asks for (``wrt``), as the engine computes it.

    Returns:
        ∂L/∂k (the kernel's shape), ∂L/∂x (the input's) or ∂L/∂b ((K,), or (1,) for one bias).

    Raises:
        ArgumentError: A bad forward argument, or ``grad_out`` of another shape than the forward
            output's (``argument`` is ``"grad_out"``).
    """
    _check_size(scene)
    x, grad = scene.input, scene.grad_out
    if scene.layer == "relu":
        return engine.relu_backward(x, grad)
    if scene.layer == "pool2d":
        return engine.pool2d_backward(x, grad, _size(scene), **_pool_kwargs(scene))
    grads = engine.correlate2d_backward(x, _kernel(scene), grad, **_conv_kwargs(scene))
    if scene.wrt == "kernel":
        return grads.kernel
    if scene.wrt == "bias":
        return np.atleast_1d(grads.bias)
    return grads.input


def _with_updates(
    scene: BackwardScene, steps: engine.Trace, fmt: NumberFormat | None
) -> engine.Trace:
    """The kernel-gradient steps with each weight's SGD update appended: ``w ← w − lr·g = w'``."""
    assert scene.lr is not None and scene.kernel is not None
    kernel: FloatArray = scene.kernel
    lr = float(scene.lr)
    operands = operand_format(fmt)

    def make(index: int) -> engine.Step:
        step = steps[index]
        w = float(kernel[step.out])
        new = w - lr * step.value
        name = f"w{subscript(step.out)}"
        update = (
            f"{name} ← {format_number(w, operands)} − {format_number(lr, operands)}·"
            f"{format_number(step.value, fmt)} = {format_number(new, fmt)}"
        )
        return replace(step, text=f"{step.text}; {update}")

    return engine.Trace(make, steps.output_shape, steps.padding, kind=steps.kind)


def trace(scene: BackwardScene, fmt: NumberFormat | None) -> engine.Trace:
    """The scene's steps, one per cell of the gradient (see :mod:`engine.backward_steps`)."""
    x, grad = scene.input, scene.grad_out
    if scene.layer == "relu":
        return engine.trace_relu_backward(x, grad, fmt=fmt)
    if scene.layer == "pool2d":
        return engine.trace_pool2d_backward(x, grad, _size(scene), fmt=fmt, **_pool_kwargs(scene))
    steps = engine.trace_correlate2d_backward(
        x, _kernel(scene), grad, wrt=scene.wrt, fmt=fmt, **_conv_kwargs(scene)
    )
    return _with_updates(scene, steps, fmt) if scene.lr is not None else steps


def canvas(scene: BackwardScene) -> BackwardCanvas:
    """The array the steps' windows slice, its padding and what is drawn as the kernel."""
    x, grad = scene.input, scene.grad_out
    none: SidePadding = ((0, 0), (0, 0))
    if scene.layer == "relu":
        return BackwardCanvas(x, none, grad)
    if scene.layer == "pool2d":
        steps = trace(scene, None)
        padded = engine.pad(x, steps.padding, value=steps.pad_value)
        return BackwardCanvas(padded, steps.padding, grad)
    return engine.backward_canvas(x, _kernel(scene), grad, wrt=scene.wrt, **_conv_kwargs(scene))
