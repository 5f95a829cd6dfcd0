"""Backpropagation through correlation, ReLU and pooling, vectorized, with torch autograd semantics.

Each function takes the forward call's arguments plus ``grad_out``, the gradient of the loss with
respect to the forward output (∂L/∂y, the forward output's shape), and returns the gradients the
chain rule sends back, one sample, as ``torch.autograd`` computes them:

- :func:`correlate2d_backward` / :func:`correlate1d_backward`: ∂L/∂x (the output gradient
  correlated in full with the flipped kernel), ∂L/∂k (the input correlated with the output
  gradient) and ∂L/∂b (the output gradient summed), as a :class:`ConvGradients`;
- :func:`pool2d_backward` / :func:`pool1d_backward`: max pooling routes each output gradient to its
  window's (first) largest cell, average pooling spreads it over the window with torch's divisor;
- :func:`relu_backward`: the output gradient where the input is above 0 (0 at exactly 0, as torch).

The stepping, narrating versions live in :mod:`engine.backward_steps`.

>>> grads = correlate2d_backward([[1, 2, 3], [4, 5, 6]], [[1, -1]], [[1, 0], [0, 2]])
>>> grads.kernel
array([[11., 14.]])
>>> grads.input
array([[ 1., -1.,  0.],
       [ 0.,  2., -2.]])
>>> float(grads.bias)
3.0
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import EllipsisType

import numpy as np
import numpy.typing as npt

from engine.correlate import ConvPlan, plan_correlation
from engine.errors import ArgumentError
from engine.padding import pad_spatial
from engine.pooling import PoolPlan, plan_pooling
from engine.types import FloatArray, IntOrPair, PaddingArg, PoolMode, SidePadding
from engine.validate import as_numbers, shape_text

__all__ = [
    "ConvGradients",
    "check_grad_out",
    "conv_input_gradient",
    "conv_kernel_gradient",
    "correlate1d_backward",
    "correlate2d_backward",
    "pool1d_backward",
    "pool2d_backward",
    "pool_divisors",
    "relu_backward",
]


@dataclass(frozen=True)
class ConvGradients:
    """The gradients of a correlation's loss with respect to its three operands.

    Attributes:
        input: ∂L/∂x, the input's shape: (L,), (C, L), (H, W) or (C, H, W).
        kernel: ∂L/∂k, the kernel's shape: (F,), (C, F), (K, C, F), (F, G), (C, F, G) or
            (K, C, F, G).
        bias: ∂L/∂b: shape (K,) for a kernel stack, else a 0-d array (one bias).
    """

    input: FloatArray
    kernel: FloatArray
    bias: FloatArray


def check_grad_out(grad_out: npt.ArrayLike, shape: tuple[int, ...]) -> FloatArray:
    """``grad_out`` as a float64 array, refused unless it has the forward output's shape.

    Args:
        grad_out: The upstream gradient ∂L/∂y.
        shape: The forward output's shape.

    Raises:
        ArgumentError: ``grad_out`` is not numeric and finite, or has another shape
            ("grad_out is 3x3, the forward output is 4x4").
    """
    grad = as_numbers(grad_out, "grad_out", argument="grad_out")
    if grad.shape != shape:
        raise ArgumentError(
            "grad_out",
            f"grad_out is {shape_text(grad.shape) if grad.ndim else 'a number'}, "
            f"the forward output is {shape_text(shape)}",
        )
    return grad


def _stacked_grad(plan: ConvPlan, grad: FloatArray) -> FloatArray:
    """The output gradient with a kernel axis, (K, *out_spatial)."""
    return grad if plan.stacked else grad[np.newaxis]


def conv_kernel_gradient(plan: ConvPlan, grad: FloatArray) -> FloatArray:
    """∂L/∂k of a planned correlation, (K, C, *kernel): each weight's inputs times the gradients.

    Args:
        plan: The forward correlation.
        grad: The output gradient, (K, *out_spatial).
    """
    padded = pad_spatial(plan.x, plan.sides)  # (C, *padded)
    kernel = plan.k.shape[2:]
    out = np.empty(plan.k.shape)
    flat_grad = grad.reshape(grad.shape[0], -1)  # (K, positions)
    for tap in np.ndindex(*kernel):
        picked: tuple[slice, ...] = (
            slice(None),
            *tuple(
                slice(t * d, t * d + s * (n - 1) + 1, s)
                for t, d, s, n in zip(
                    tap, plan.dilation, plan.stride, plan.out_spatial, strict=True
                )
            ),
        )
        under = padded[picked].reshape(padded.shape[0], -1)  # (C, positions)
        at: tuple[slice | int, ...] = (slice(None), slice(None), *tap)
        out[at] = flat_grad @ under.T
    return out


def conv_input_gradient(plan: ConvPlan, grad: FloatArray) -> FloatArray:
    """∂L/∂x of a planned correlation, (C, *spatial): every window's gradient painted back.

    Args:
        plan: The forward correlation.
        grad: The output gradient, (K, *out_spatial).
    """
    spatial = plan.x.shape[1:]
    padded_shape = tuple(n + a + b for n, (a, b) in zip(spatial, plan.sides, strict=True))
    into = np.zeros((plan.x.shape[0], *padded_shape))
    flat_grad = grad.reshape(grad.shape[0], -1)  # (K, positions)
    kernel = plan.k.shape[2:]
    for tap in np.ndindex(*kernel):
        picked: tuple[slice, ...] = (
            slice(None),
            *tuple(
                slice(t * d, t * d + s * (n - 1) + 1, s)
                for t, d, s, n in zip(
                    tap, plan.dilation, plan.stride, plan.out_spatial, strict=True
                )
            ),
        )
        at: tuple[slice | int, ...] = (slice(None), slice(None), *tap)
        weights = plan.k[at]  # (K, C)
        into[picked] += (weights.T @ flat_grad).reshape(into[picked].shape)
    crop = (
        slice(None),
        *tuple(slice(a, a + n) for n, (a, _) in zip(spatial, plan.sides, strict=True)),
    )
    return into[crop]


def _correlate_backward(plan: ConvPlan, grad_out: npt.ArrayLike, k_ndim: int) -> ConvGradients:
    """The three gradients of a planned correlation, shaped as the caller's arrays."""
    grad = _stacked_grad(plan, check_grad_out(grad_out, plan.output_shape))
    if plan.divisor is not None:
        grad = grad / plan.divisor
    dx = conv_input_gradient(plan, grad)
    dk = conv_kernel_gradient(plan, grad)
    db = grad.reshape(grad.shape[0], -1).sum(axis=1)
    return ConvGradients(
        input=dx if plan.has_channels else dx[0],
        kernel=dk if plan.stacked else dk.reshape(dk.shape[dk.ndim - k_ndim :]),
        bias=db if plan.stacked else np.asarray(db[0]),
    )


def correlate1d_backward(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    grad_out: npt.ArrayLike,
    *,
    stride: int = 1,
    padding: PaddingArg = 0,
    dilation: int = 1,
    divisor: float | None = None,
) -> ConvGradients:
    """Gradients of :func:`engine.correlate1d` (torch's ``conv1d`` backward).

    Args:
        x: Input of shape (L,) or (C, L).
        k: Kernel of shape (F,), (C, F) or (K, C, F).
        grad_out: ∂L/∂y, the forward output's shape: (L',) or (K, L').
        stride: As in the forward call.
        padding: As in the forward call.
        dilation: As in the forward call.
        divisor: As in the forward call: every gradient is divided by it too.

    Returns:
        ∂L/∂x (x's shape), ∂L/∂k (k's shape) and ∂L/∂b ((K,) or a 0-d array).

    Raises:
        ArgumentError: A bad forward argument, or ``grad_out`` of the wrong shape.

    >>> grads = correlate1d_backward([1, 2, 3], [1, -1], [1, 1])
    >>> grads.input, grads.kernel, float(grads.bias)
    (array([ 1.,  0., -1.]), array([3., 5.]), 2.0)
    """
    plan = plan_correlation(
        x, k, dims=1, stride=stride, padding=padding, bias=0.0, dilation=dilation, divisor=divisor
    )
    return _correlate_backward(plan, grad_out, np.ndim(k))


def correlate2d_backward(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    grad_out: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
) -> ConvGradients:
    """Gradients of :func:`engine.correlate2d` (torch's ``conv2d`` backward), one sample.

    ∂L/∂k[f, g] sums the inputs under weight (f, g) in every window times that window's output
    gradient (a correlation of the input with ``grad_out``); ∂L/∂x[i, j] sums, over the windows
    that touched cell (i, j), the weight that met it times the window's gradient (a full
    correlation of ``grad_out`` with the flipped kernel); ∂L/∂b sums ``grad_out``.

    Args:
        x: Input of shape (H, W) or (C, H, W).
        k: Kernel of shape (F, G), (C, F, G) or (K, C, F, G).
        grad_out: ∂L/∂y, the forward output's shape: (H', W') or (K, H', W').
        stride: As in the forward call.
        padding: As in the forward call (int, pair, per side, ``"valid"``, ``"same"``).
        dilation: As in the forward call.
        divisor: As in the forward call: every gradient is divided by it too.

    Returns:
        ∂L/∂x (x's shape), ∂L/∂k (k's shape) and ∂L/∂b ((K,) or a 0-d array).

    Raises:
        ArgumentError: A bad forward argument, or ``grad_out`` of the wrong shape
            ("grad_out is 3x3, the forward output is 4x4").

    >>> grads = correlate2d_backward([[1, 2], [3, 4]], [[1]], [[1, 0], [0, 1]], padding=0)
    >>> grads.kernel, float(grads.bias)
    (array([[5.]]), 2.0)
    """
    plan = plan_correlation(
        x, k, dims=2, stride=stride, padding=padding, bias=0.0, dilation=dilation, divisor=divisor
    )
    return _correlate_backward(plan, grad_out, np.ndim(k))


def relu_backward(x: npt.ArrayLike, grad_out: npt.ArrayLike) -> FloatArray:
    """Gradient of :func:`engine.relu`: ``grad_out`` where ``x > 0``, else 0 (0 at exactly 0).

    Args:
        x: The forward input, any shape.
        grad_out: ∂L/∂y, the same shape.

    Returns:
        ∂L/∂x, x's shape.

    Raises:
        ArgumentError: Non-numeric input, or ``grad_out`` of another shape.

    >>> relu_backward([-2, 0, 3], [5, 5, 5])
    array([0., 0., 5.])
    """
    xa = as_numbers(x, "input", argument="x")
    grad = check_grad_out(grad_out, xa.shape)
    result: FloatArray = np.where(xa > 0, grad, 0.0)
    return result


def pool_divisors(plan: PoolPlan) -> FloatArray:
    """Average pooling's divisor per output position, (*out_spatial): the cells torch divides by.

    With ``count_include_pad`` (torch's default) a window counts its cells inside the padded
    input (a ceil-mode window that overhangs it counts fewer); without, its cells inside the input.
    """
    bounds_of = plan.window_bounds if plan.count_include_pad else plan.inside_bounds
    counts = np.ones(plan.out_spatial)
    for axis in range(plan.dims):
        bounds = [bounds_of(axis, i) for i in range(plan.out_spatial[axis])]
        shape = [1] * plan.dims
        shape[axis] = plan.out_spatial[axis]
        counts = counts * np.array([end - start for start, end in bounds]).reshape(shape)
    return counts


def _pool_extended_sides(plan: PoolPlan) -> tuple[tuple[int, int], ...]:
    """Per-side padding that holds every window, a ceil-mode overhang included."""
    spatial = plan.x.shape[plan.x.ndim - plan.dims :]
    sides = []
    for axis, (n, (before, after)) in enumerate(zip(spatial, plan.sides, strict=True)):
        reach = (plan.out_spatial[axis] - 1) * plan.stride[axis] + plan.size[axis]
        sides.append((before, after + max(0, reach - (n + before + after))))
    return tuple(sides)


def _pool_backward(plan: PoolPlan, grad_out: npt.ArrayLike) -> FloatArray:
    grad = check_grad_out(grad_out, plan.output_shape)
    dims = plan.dims
    sides = _pool_extended_sides(plan)
    spatial = plan.x.shape[plan.x.ndim - dims :]
    lead_shape = plan.x.shape[: plan.x.ndim - dims]
    padded_shape = tuple(n + a + b for n, (a, b) in zip(spatial, sides, strict=True))
    into = np.zeros((*lead_shape, *padded_shape))
    taps: list[tuple[EllipsisType | slice, ...]] = [
        (
            Ellipsis,
            *tuple(
                slice(t, t + s * (n - 1) + 1, s)
                for t, s, n in zip(tap, plan.stride, plan.out_spatial, strict=True)
            ),
        )
        for tap in np.ndindex(*plan.size)
    ]  # for each tap of the window, that tap's cell in every window
    if plan.mode == "max":
        # one pass per tap: the running largest value and the first tap that holds it (a later
        # tap must be strictly larger to win, so ties go to the first, row-major, as in torch)
        padded = pad_spatial(plan.x, sides, -math.inf)
        best = padded[taps[0]].copy()
        won = np.zeros(best.shape, dtype=np.intp)
        for t, picked in enumerate(taps[1:], start=1):
            values = padded[picked]
            larger = values > best
            best[larger] = values[larger]
            won[larger] = t
        for t, picked in enumerate(taps):
            into[picked] += np.where(won == t, grad, 0.0)
    else:
        share = grad / pool_divisors(plan)
        for picked in taps:
            into[picked] += share
    crop: tuple[EllipsisType | slice, ...] = (
        Ellipsis,
        *tuple(slice(a, a + n) for n, (a, _) in zip(spatial, sides, strict=True)),
    )
    result: FloatArray = np.ascontiguousarray(into[crop])
    return result


def pool1d_backward(
    x: npt.ArrayLike,
    grad_out: npt.ArrayLike,
    size: int,
    *,
    stride: int | None = None,
    mode: PoolMode = "max",
    padding: int | tuple[int, int] | SidePadding = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> FloatArray:
    """Gradient of :func:`engine.pool1d` (torch's ``max_pool1d`` / ``avg_pool1d`` backward).

    Args:
        x: The forward input, (L,) or (C, L).
        grad_out: ∂L/∂y, the forward output's shape.
        size: As in the forward call.
        stride: As in the forward call.
        mode: As in the forward call.
        padding: As in the forward call.
        ceil_mode: As in the forward call.
        count_include_pad: As in the forward call (average pooling's divisor).

    Returns:
        ∂L/∂x, x's shape.

    Raises:
        ArgumentError: A bad forward argument, or ``grad_out`` of the wrong shape.

    >>> pool1d_backward([3, 1, 4, 1], [10, 20], 2)
    array([10.,  0., 20.,  0.])
    >>> pool1d_backward([3, 1, 4, 1], [10, 20], 2, mode="avg")
    array([ 5.,  5., 10., 10.])
    """
    plan = plan_pooling(
        x,
        size,
        dims=1,
        stride=stride,
        mode=mode,
        padding=padding,
        ceil_mode=ceil_mode,
        count_include_pad=count_include_pad,
    )
    return _pool_backward(plan, grad_out)


def pool2d_backward(
    x: npt.ArrayLike,
    grad_out: npt.ArrayLike,
    size: IntOrPair,
    *,
    stride: IntOrPair | None = None,
    mode: PoolMode = "max",
    padding: IntOrPair | SidePadding = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> FloatArray:
    """Gradient of :func:`engine.pool2d` (torch's ``max_pool2d`` / ``avg_pool2d`` backward).

    Max pooling routes each output gradient to its window's winner (the first largest cell,
    row-major, as torch breaks ties); overlapping windows that share a winner add up. Average
    pooling gives each cell of the window the gradient over the window's divisor (padded cells
    count with ``count_include_pad``, torch's default; a ceil-mode window past the padding counts
    fewer).

    Args:
        x: The forward input, (H, W) or (C, H, W).
        grad_out: ∂L/∂y, the forward output's shape.
        size: As in the forward call.
        stride: As in the forward call.
        mode: As in the forward call.
        padding: As in the forward call.
        ceil_mode: As in the forward call.
        count_include_pad: As in the forward call (average pooling's divisor).

    Returns:
        ∂L/∂x, x's shape.

    Raises:
        ArgumentError: A bad forward argument, or ``grad_out`` of the wrong shape.

    >>> pool2d_backward([[3, 7], [8, 1]], [[5]], 2)
    array([[0., 0.],
           [5., 0.]])
    """
    plan = plan_pooling(
        x,
        size,
        dims=2,
        stride=stride,
        mode=mode,
        padding=padding,
        ceil_mode=ceil_mode,
        count_include_pad=count_include_pad,
    )
    return _pool_backward(plan, grad_out)
