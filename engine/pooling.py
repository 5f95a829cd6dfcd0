"""Max and average pooling along the last axis (1-D) or the last two axes (2-D), vectorized.

Semantics are torch's ``max_pool1d/2d`` and ``avg_pool1d/2d`` with their defaults: the stride
defaults to the window size, max pooling treats padding as ``-inf``, average pooling counts padded
zeros (``count_include_pad=True``; ``False`` divides by the input's cells only), and ``ceil_mode``
keeps a last, partial window as long as it starts inside the input or the left padding. Padding may
be given per side, ``((top, bottom), (left, right))`` (``(left, right)`` in 1-D): that is
``F.pad(x, sides, value)`` then the pooling (``-inf`` for max, zeros for average). Max pooling may
also pad with zeros (``pad_value=0``: ``F.pad(x, sides)`` then ``max_pool2d``), which differs from
torch's ``-inf`` where a window's real cells are all negative. The stepping
version lives in :mod:`engine.steps`; both read a :class:`PoolPlan`.

>>> pool2d([[3, 7, 9, 1], [8, 1, 3, 3]], 2)
array([[8., 9.]])
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import EllipsisType

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from engine.errors import ArgumentError
from engine.limits import MAX_CELLS, MAX_WORK, check_cells, check_work
from engine.padding import pad_spatial, resolve_padding
from engine.types import FloatArray, IntOrPair, PoolMode, SidePadding
from engine.validate import as_numbers, describe, flag, per_axis, shape_text

__all__ = ["PoolPlan", "plan_pooling", "pool1d", "pool2d"]


@dataclass(frozen=True)
class PoolPlan:
    """A validated pooling, shared by the vectorized functions and their steppers.

    Attributes:
        x: The input, (..., L) or (..., H, W).
        size: Window size per spatial axis.
        stride: Stride per spatial axis.
        sides: Per-side padding per spatial axis, ``((before, after), ...)``.
        mode: ``"max"`` or ``"avg"``.
        out_spatial: Output size per spatial axis.
        output_shape: The input's leading axes followed by ``out_spatial``.
        count_include_pad: Average pooling: True divides by the window's cells in the padded
            input (torch's default), False by its cells inside the input only.
        zero_padding: Max pooling: the padding holds zeros (``F.pad`` then ``max_pool2d``)
            rather than torch's ``-inf``.
    """

    x: FloatArray
    size: tuple[int, ...]
    stride: tuple[int, ...]
    sides: SidePadding
    mode: PoolMode
    out_spatial: tuple[int, ...]
    output_shape: tuple[int, ...]
    count_include_pad: bool = True
    zero_padding: bool = False

    @property
    def dims(self) -> int:
        """Number of spatial axes (1 or 2)."""
        return len(self.size)

    @property
    def pad_value(self) -> float:
        """What the padding holds: ``-inf`` for max pooling (torch ignores it), 0 for average
        (and for max pooling with ``zero_padding``)."""
        return -math.inf if self.mode == "max" and not self.zero_padding else 0.0

    def window_bounds(self, axis: int, position: int) -> tuple[int, int]:
        """Start and end (exclusive) in padded coordinates of the window at ``position``.

        A ceil-mode window is clipped to the padded input, as torch clips it.
        """
        start = position * self.stride[axis]
        before, after = self.sides[axis]
        limit = self.x.shape[self.x.ndim - self.dims + axis] + before + after
        return start, min(start + self.size[axis], limit)

    def inside_bounds(self, axis: int, position: int) -> tuple[int, int]:
        """Start and end (exclusive) in padded coordinates of the window's part inside the input.

        This is what ``count_include_pad=False`` averages over; it is never empty, since every
        window starts inside the input or the left padding, which is at most half the window.
        """
        start, end = self.window_bounds(axis, position)
        before = self.sides[axis][0]
        n = self.x.shape[self.x.ndim - self.dims + axis]
        return max(start, before), min(end, before + n)

    def divisor(self, position: tuple[int, ...]) -> int:
        """The number of cells an average-pooling window at ``position`` divides by."""
        count = 1
        for axis, p in enumerate(position):
            start, end = (
                self.window_bounds(axis, p)
                if self.count_include_pad
                else self.inside_bounds(axis, p)
            )
            count *= end - start
        return count


def plan_pooling(
    x: npt.ArrayLike,
    size: object,
    *,
    dims: int,
    stride: object,
    mode: object,
    padding: object,
    ceil_mode: bool,
    count_include_pad: object = True,
    pad_value: object = None,
) -> PoolPlan:
    """Validate a pooling's arguments and work out its shapes.

    Args:
        x: Input with at least ``dims`` axes; leading axes are channels (or batch and channels).
        size: Window size: an int, or a pair for 2-D.
        dims: Number of spatial axes, 1 or 2.
        stride: Like ``size``; None means the window size.
        mode: ``"max"`` or ``"avg"``.
        padding: An int, a pair for 2-D (rows, columns), or per-side pairs
            ``((top, bottom), (left, right))`` (``(left, right)`` or ``((left, right),)`` in 1-D);
            each side at most half the window size (torch's rule).
        ceil_mode: Keep a last, partial window (torch's rule).
        count_include_pad: Average pooling divides by the padded window (True, torch's default)
            or by its cells inside the input (False).
        pad_value: What the padding holds: None for the mode's own (``-inf`` for max, 0 for
            average); max pooling also takes 0 (zero padding) or ``-inf``, average only 0.

    Returns:
        The plan.

    Raises:
        ArgumentError: A bad argument, with a message naming shapes and parameters; its
            ``argument`` is the public functions' parameter (``x``, ``size``, ``padding``, ...).
    """
    expected = {1: "(L,)", 2: "(C, L)"} if dims == 1 else {2: "(H, W)", 3: "(C, H, W)"}
    xa = as_numbers(x, "input", expected, more=True, argument="x")
    ceil_mode = flag(ceil_mode, "ceil_mode")
    if not isinstance(mode, str) or mode not in ("max", "avg"):
        raise ArgumentError("mode", f"mode must be 'max' or 'avg', got {describe(mode)}")
    pool_mode: PoolMode = "max" if mode == "max" else "avg"
    sizes = per_axis(size, "size", dims)
    strides = sizes if stride is None else per_axis(stride, "stride", dims)
    include_pad = flag(count_include_pad, "count_include_pad")
    zero_padding = _zero_padding(pad_value, pool_mode)
    sides = resolve_padding(padding, dims, allow_strings=False)
    for (before, after), f in zip(sides, sizes, strict=True):
        if 2 * max(before, after) > f:
            raise ArgumentError(
                "padding",
                f"padding {describe(padding)} is more than half the pool size {describe(size)}",
            )
    spatial = xa.shape[xa.ndim - dims :]
    if any(n + a + b < f for n, (a, b), f in zip(spatial, sides, sizes, strict=True)):
        raise ArgumentError(
            "size",
            f"pool window {shape_text(sizes)} does not fit input {shape_text(spatial)} "
            f"with padding {describe(padding)}",
        )
    out_spatial = []
    lead = xa.size // math.prod(spatial)  # channels (and batch): every leading axis
    padded_cells, reads = lead, lead  # the padded input's cells; the window reads of the output
    for n, (before, after), f, s in zip(spatial, sides, sizes, strides, strict=True):
        room = n + before + after - f
        if ceil_mode:
            count = -(-room // s) + 1
            if (count - 1) * s >= n + before:  # the last window starts inside the input or left pad
                count -= 1
        else:
            count = room // s + 1
        out_spatial.append(count)
        padded_cells *= n + before + after
        reads *= count * f
    if padded_cells > MAX_CELLS or reads > MAX_WORK:
        padded = tuple(n + a + b for n, (a, b) in zip(spatial, sides, strict=True))
        check_cells(
            padded_cells,
            "padding" if any(a or b for a, b in sides) else "x",
            f"the padded input {shape_text(xa.shape[: xa.ndim - dims] + padded)}",
        )
        positions = lead * math.prod(out_spatial)
        check_work(
            reads,
            "size",
            f"pool window {shape_text(sizes)} at {positions} positions",
            "window reads",
        )
    return PoolPlan(
        x=xa,
        size=sizes,
        stride=strides,
        sides=sides,
        mode=pool_mode,
        out_spatial=tuple(out_spatial),
        output_shape=xa.shape[: xa.ndim - dims] + tuple(out_spatial),
        count_include_pad=include_pad,
        zero_padding=zero_padding,
    )


def _zero_padding(pad_value: object, mode: PoolMode) -> bool:
    """Whether a pooling's ``pad_value`` asks max pooling for zero padding.

    Raises:
        ArgumentError: A value other than None, 0 or ``-inf`` (0 only, for average pooling).
    """
    if pad_value is None:
        return False
    is_number = isinstance(pad_value, int | float) and not isinstance(pad_value, bool)
    number = pad_value if is_number else None
    if number == 0:
        return mode == "max"
    if number == -math.inf and mode == "max":
        return False
    allowed = "0 or -inf" if mode == "max" else "0 (average pooling pads with zeros)"
    raise ArgumentError("pad_value", f"pad_value must be {allowed}, got {describe(pad_value)}")


def run_pooling(plan: PoolPlan) -> FloatArray:
    """Compute a planned pooling at once over sliding-window views.

    Returns:
        The output, of shape ``plan.output_shape``.
    """
    dims = plan.dims
    spatial = plan.x.shape[plan.x.ndim - dims :]
    # a ceil-mode window may overhang the padded input: pad the overhang (it never wins or counts)
    overhang = []
    for axis, (n, (before, after)) in enumerate(zip(spatial, plan.sides, strict=True)):
        reach = (plan.out_spatial[axis] - 1) * plan.stride[axis] + plan.size[axis]
        overhang.append((0, max(0, reach - (n + before + after))))
    padded = pad_spatial(plan.x, plan.sides, plan.pad_value)  # (..., *padded spatial)
    if any(after for _, after in overhang):
        # -inf past the padded input even when max pooling pads with zeros: torch clips it
        ignored = -math.inf if plan.mode == "max" else 0.0
        padded = pad_spatial(padded, tuple(overhang), ignored)
    axes = tuple(range(padded.ndim - dims, padded.ndim))
    windows = sliding_window_view(padded, plan.size, axis=axes)  # (..., *positions, *size)
    picked: tuple[EllipsisType | slice, ...] = (Ellipsis,)
    picked += tuple(
        slice(None, n * s, s) for n, s in zip(plan.out_spatial, plan.stride, strict=True)
    )
    picked += (slice(None),) * dims
    windows = windows[picked]  # (..., *out_spatial, *size)
    window_axes = tuple(range(-dims, 0))
    if plan.mode == "max":
        result: FloatArray = windows.max(axis=window_axes)
        return result
    # count_include_pad: the window's cells in the padded input; otherwise its cells in the input
    bounds_of = plan.window_bounds if plan.count_include_pad else plan.inside_bounds
    counts = np.ones(plan.out_spatial)
    for axis in range(dims):
        bounds = [bounds_of(axis, i) for i in range(plan.out_spatial[axis])]
        shape = [1] * dims
        shape[axis] = plan.out_spatial[axis]
        counts = counts * np.array([end - start for start, end in bounds]).reshape(shape)
    averaged: FloatArray = windows.sum(axis=window_axes) / counts
    return averaged


def pool1d(
    x: npt.ArrayLike,
    size: int,
    *,
    stride: int | None = None,
    mode: PoolMode = "max",
    padding: int | tuple[int, int] = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    pad_value: float | None = None,
) -> FloatArray:
    """Max or average pooling along the last axis, as torch's ``MaxPool1d`` / ``AvgPool1d``.

    A 2-D input is rows as channels, each row pooled on its own, as torch treats (C, L).

    Args:
        x: Input of shape (L,) or (C, L) (more leading axes are allowed).
        size: Window length.
        stride: Step between windows; defaults to ``size``.
        mode: ``"max"`` or ``"avg"``.
        padding: Cells added at both ends, or ``(left, right)``; ``-inf`` for max, zeros for avg;
            each at most ``size // 2``.
        ceil_mode: Keep a last, partial window if it starts inside the input or the left padding.
        count_include_pad: Average pooling: count the padded zeros in the divisor (torch's
            default) or not.
        pad_value: None (the mode's padding), or 0 for max pooling over zero padding
            (``F.pad`` then the pooling).

    Returns:
        Output of shape (L',) or (C, L').

    Raises:
        ArgumentError: Bad shapes or parameters.

    >>> pool1d([[3, 2, 1, 0, 0, 3], [0, 3, 3, 1, 1, 0]], 3)  # deck 004's MaxPool1d, first rows
    array([[3., 3.],
           [3., 1.]])
    >>> pool1d([3, 2, 1, 0, 0, 3], 3, mode="avg")
    array([2., 1.])
    >>> pool1d([3, 2, 1], 3, stride=1, mode="avg", padding=1, count_include_pad=False)
    array([2.5, 2. , 1.5])
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
        pad_value=pad_value,
    )
    return run_pooling(plan)


def pool2d(
    x: npt.ArrayLike,
    size: IntOrPair,
    *,
    stride: IntOrPair | None = None,
    mode: PoolMode = "max",
    padding: IntOrPair | SidePadding = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    pad_value: float | None = None,
) -> FloatArray:
    """Max or average pooling over the last two axes, as torch's ``MaxPool2d`` / ``AvgPool2d``.

    Args:
        x: Input of shape (H, W) or (C, H, W) (more leading axes are allowed); channels pool apart.
        size: Window size, an int or ``(rows, columns)``.
        stride: Int or pair; defaults to ``size``.
        mode: ``"max"`` or ``"avg"`` (average counts padded zeros, torch's default).
        padding: Int, pair (rows, columns) or per-side ``((top, bottom), (left, right))``, each
            side at most half the window; ``-inf`` for max, zeros for avg.
        ceil_mode: Keep last, partial windows if they start inside the input or the left/top
            padding.
        count_include_pad: Average pooling: count the padded zeros in the divisor (torch's
            default) or not.
        pad_value: None (the mode's padding), or 0 for max pooling over zero padding
            (``F.pad`` then the pooling).

    Returns:
        Output of shape (H', W') or (C, H', W').

    Raises:
        ArgumentError: Bad shapes or parameters.

    >>> pool2d([[3, 2, 1, 0], [0, 3, 3, 1], [3, 1, 4, 1]], (3, 2), stride=2, mode="avg")
    array([[2.        , 1.66666667]])
    >>> pool2d([[1, 2, 3], [4, 5, 6], [7, 8, 9]], 2, ceil_mode=True)
    array([[5., 6.],
           [8., 9.]])
    >>> pool2d([[1, 2], [3, 4]], 2, stride=1, mode="avg", padding=((1, 0), (1, 0)))
    array([[0.25, 0.75],
           [1.  , 2.5 ]])
    >>> pool2d([[-1, -2], [-3, -4]], 2, stride=1, padding=1, pad_value=0)  # zeros win at the edge
    array([[ 0.,  0.,  0.],
           [ 0., -1.,  0.],
           [ 0.,  0.,  0.]])
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
        pad_value=pad_value,
    )
    return run_pooling(plan)
