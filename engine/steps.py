"""Steppers: the naive path, one window at a time, narrated the way the slides write it.

Each ``trace_*`` function takes the arguments of its vectorized twin (plus ``fmt``) and returns a
lazy :class:`~engine.trace.Trace`. Building it validates the arguments and works out shapes, nothing
else.
Each step then reads its window straight from the unpadded input (padding is synthesized only for
windows that overlap it), multiplies in Python, and writes the text. The values equal the vectorized
functions' outputs; the tests hold both to torch.

>>> x = [[3, 7, 9], [8, 1, 3], [7, 4, 6]]
>>> trace_correlate2d(x, [[1, 0, -1], [1, 0, -1], [1, 0, -1]])[0].text
'1*3 + 0*7 + -1*9 + 1*8 + 0*1 + -1*3 + 1*7 + 0*4 + -1*6 = 0'
>>> trace_pool2d([[3, 7], [8, 1]], 2)[0].text
'max(3, 7, 8, 1) = 8'
"""

from __future__ import annotations

import math
from collections.abc import Callable
from types import EllipsisType

import numpy as np
import numpy.typing as npt

from engine.correlate import ConvPlan, plan_correlation
from engine.display import NumberFormat, check_format, format_number, operand_format
from engine.limits import MAX_STEP_TERMS, check_step_terms
from engine.pooling import PoolPlan, plan_pooling
from engine.trace import Step, Trace
from engine.types import FloatArray, IntOrPair, PaddingArg, PoolMode, SidePadding
from engine.validate import shape_text

__all__ = [
    "trace_convolve2d",
    "trace_correlate1d",
    "trace_correlate2d",
    "trace_pool1d",
    "trace_pool2d",
]


def _unraveler(shape: tuple[int, ...]) -> Callable[[int], tuple[int, ...]]:
    """Row-major flat index -> multi-index, for a fixed shape."""
    if len(shape) == 1:
        return lambda k: (k,)
    if len(shape) == 2:
        width = shape[1]
        return lambda k: divmod(k, width)
    if len(shape) == 3:
        plane, width = shape[1] * shape[2], shape[2]

        def unravel3(k: int) -> tuple[int, ...]:
            a, rest = divmod(k, plane)
            b, c = divmod(rest, width)
            return a, b, c

        return unravel3

    def unravel(k: int) -> tuple[int, ...]:
        index = []
        for n in reversed(shape):
            k, r = divmod(k, n)
            index.append(r)
        return tuple(reversed(index))

    return unravel


def _gather(
    x: FloatArray,
    lead: tuple[int | slice, ...],
    starts: tuple[int, ...],
    counts: tuple[int, ...],
    steps: tuple[int, ...],
    fill: float,
) -> FloatArray:
    """Values of a window given in input coordinates; cells outside the input read ``fill``.

    Args:
        x: The unpadded input, (..., *spatial).
        lead: Index into the leading axes (a channel, or ``slice(None)`` for all of them).
        starts: First tap per spatial axis, in input coordinates (negative inside the top/left pad).
        counts: Taps per spatial axis.
        steps: Spacing of the taps (the dilation).
        fill: Value of a padded cell.

    Returns:
        The window, (*kept leading axes, *counts).
    """
    spatial = x.shape[x.ndim - len(starts) :]
    targets: list[slice] = []  # which taps of the window lie inside the input
    sources: list[slice] = []  # where those taps are in the input
    inside = True
    for a, c, d, n in zip(starts, counts, steps, spatial, strict=True):
        first = 0 if a >= 0 else (d - 1 - a) // d  # ceil(-a / d): taps in the top/left pad
        last = max(0, min(c, (n - 1 - a) // d + 1))  # taps before the bottom/right pad
        inside = inside and first == 0 and last == c
        targets.append(slice(first, last))
        sources.append(slice(a + first * d, a + (last - 1) * d + 1, d))
    if inside:
        picked: tuple[int | slice, ...] = lead + tuple(sources)
        return x[picked]
    source = x[lead]
    shape = source.shape[: source.ndim - len(starts)] + counts
    window = np.zeros(shape) if fill == 0 else np.full(shape, fill)
    if all(t.start < t.stop for t in targets):
        into: tuple[EllipsisType | slice, ...] = (Ellipsis, *targets)
        take: tuple[EllipsisType | slice, ...] = (Ellipsis, *sources)
        window[into] = source[take]
    return window


def _correlation_trace(plan: ConvPlan, fmt: NumberFormat | None) -> Trace:
    """Steps of a planned correlation.

    The value is written with ``fmt`` (``fixed`` included: ``= 1.00``); the weights, inputs, bias
    and divisor with :func:`~engine.display.operand_format`, integers bare (``1*-1``).
    """
    check_format(fmt)
    operands = operand_format(fmt)
    n_channels = plan.x.shape[0]
    kernel = plan.k.shape[2:]
    per_channel = math.prod(kernel)
    if n_channels * per_channel > MAX_STEP_TERMS:
        shown = plan.k.shape[1:] if n_channels > 1 else kernel
        check_step_terms(n_channels * per_channel, "k", f"kernel {shape_text(shown)}")
    unravel = _unraveler(plan.output_shape)
    weights = [tuple(row) for row in plan.k.reshape(plan.k.shape[0], -1).tolist()]
    shown_weights: dict[int, list[str]] = {}
    biases = plan.bias
    tops = tuple([a for a, _ in plan.sides])
    spans = plan.spans
    lead: tuple[int | slice, ...] = (slice(None),)
    channel_window: tuple[slice, ...] = (slice(None),) if plan.has_channels else ()
    divisor = plan.divisor
    grouped = n_channels > 1
    text_of = format_number

    def make(index: int) -> Step:
        out = unravel(index)
        kernel_index = out[0] if plan.stacked else 0
        position = out[1:] if plan.stacked else out
        starts = tuple(
            p * s for p, s in zip(position, plan.stride, strict=True)
        )  # padded coordinates
        window = _gather(
            plan.x,
            lead,
            tuple(a - top for a, top in zip(starts, tops, strict=True)),
            kernel,
            plan.dilation,
            0.0,
        )
        inputs = tuple(window.ravel().tolist())
        ws = weights[kernel_index]
        terms = tuple(w * v for w, v in zip(ws, inputs, strict=True))
        partials = tuple(
            sum(terms[c * per_channel : (c + 1) * per_channel]) for c in range(n_channels)
        )
        bias = biases[kernel_index]
        value = sum(partials) + bias
        if divisor is not None:
            value /= divisor
        shown = shown_weights.get(kernel_index)
        if shown is None:
            shown = shown_weights[kernel_index] = [text_of(w, operands) for w in ws]
        products = [f"{w}*{text_of(v, operands)}" for w, v in zip(shown, inputs, strict=True)]
        if grouped:
            body = " + ".join(
                "(" + " + ".join(products[c * per_channel : (c + 1) * per_channel]) + ")"
                for c in range(n_channels)
            )
        else:
            body = " + ".join(products)
        if bias:
            body += f" + {text_of(bias, operands)}"
        if divisor is not None:
            body = f"({body}) / {text_of(divisor, operands)}"
        return Step(
            index=index,
            out=out,
            window=channel_window
            + tuple(
                slice(a, a + span, d)
                for a, span, d in zip(starts, spans, plan.dilation, strict=True)
            ),
            terms=terms,
            inputs=inputs,
            value=value,
            text=f"{body} = {text_of(value, fmt)}",
            weights=ws,
            bias=bias if bias else None,
            divisor=divisor,
            partials=partials if plan.has_channels else None,
        )

    return Trace(make, plan.output_shape, plan.sides, kind="correlate")


def trace_correlate1d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: int = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: int = 1,
    divisor: float | None = None,
    fmt: NumberFormat | None = None,
) -> Trace:
    """Step through :func:`engine.correlate1d`, one output cell at a time.

    Args:
        x: Input of shape (L,) or (C, L).
        k: Kernel of shape (F,), (C, F) or (K, C, F).
        stride: Step between windows.
        padding: Int, ``(left, right)``, ``"valid"`` or ``"same"``.
        bias: A number, or one per kernel (K,); shown as `` + b`` when not zero.
        dilation: Spacing between kernel taps.
        divisor: If given, each sum (with bias) is divided by it.
        fmt: How the value is written in ``Step.text``; weights, inputs, bias and divisor use it
            without ``fixed`` (integers bare).

    Returns:
        A lazy trace of ``len(output)`` steps; ``Step.out`` is ``(j,)`` or ``(kernel, j)``.

    >>> [step.text for step in trace_correlate1d([0, 0, 1, 1], [-1, 1])]
    ['-1*0 + 1*0 = 0', '-1*0 + 1*1 = 1', '-1*1 + 1*1 = 0']
    """
    plan = plan_correlation(
        x, k, dims=1, stride=stride, padding=padding, bias=bias, dilation=dilation, divisor=divisor
    )
    return _correlation_trace(plan, fmt)


def trace_correlate2d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
    fmt: NumberFormat | None = None,
) -> Trace:
    """Step through :func:`engine.correlate2d`, one output cell at a time.

    The text puts each weight before its input, row-major, joined by `` + ``; a multi-channel step
    groups each channel's products in parentheses (``Step.partials`` holds their sums); a bias is
    appended as `` + b``; a divisor wraps the sum: ``(...) / 9 = 0.77``.

    Args:
        x: Input of shape (H, W) or (C, H, W).
        k: Kernel of shape (F, G), (C, F, G) or (K, C, F, G).
        stride: Int or ``(s, t)``.
        padding: Int, ``(p, q)``, ``((top, bottom), (left, right))``, ``"valid"`` or ``"same"``.
        bias: A number, or one per kernel (K,).
        dilation: Int or pair.
        divisor: If given, each sum (with bias) is divided by it.
        fmt: How the value is written in ``Step.text``; weights, inputs, bias and divisor use it
            without ``fixed`` (integers bare).

    Returns:
        A lazy trace; ``Step.out`` is ``(i, j)``, or ``(kernel, i, j)`` for a kernel stack.

    >>> step = trace_correlate2d([[2, 3], [1, 1]], [[1, 1], [1, 0]], bias=1)[0]
    >>> step.text, step.window
    ('1*2 + 1*3 + 1*1 + 0*1 + 1 = 7', (slice(0, 2, 1), slice(0, 2, 1)))
    """
    plan = plan_correlation(
        x, k, dims=2, stride=stride, padding=padding, bias=bias, dilation=dilation, divisor=divisor
    )
    return _correlation_trace(plan, fmt)


def trace_convolve2d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
    fmt: NumberFormat | None = None,
) -> Trace:
    """Step through :func:`engine.convolve2d`: :func:`trace_correlate2d` with the kernel flipped.

    ``Step.weights`` and the text show the flipped kernel, the one that actually meets the window.

    >>> trace_convolve2d([[1, 2], [3, 4]], [[1, 0], [0, 0]])[0].text
    '0*1 + 0*2 + 0*3 + 1*4 = 4'
    """
    plan = plan_correlation(
        x,
        k,
        dims=2,
        stride=stride,
        padding=padding,
        bias=bias,
        dilation=dilation,
        divisor=divisor,
        flip=True,
    )
    return _correlation_trace(plan, fmt)


def _pool_trace(plan: PoolPlan, fmt: NumberFormat | None) -> Trace:
    """Steps of a planned pooling."""
    check_format(fmt)
    if math.prod(plan.size) > MAX_STEP_TERMS:
        check_step_terms(math.prod(plan.size), "size", f"pool window {shape_text(plan.size)}")
    dims = plan.dims
    n_lead = len(plan.output_shape) - dims
    unravel = _unraveler(plan.output_shape)
    tops = tuple(a for a, _ in plan.sides)
    fill = plan.pad_value
    mode = plan.mode
    is_max = mode == "max"
    ones = (1,) * dims
    text_of = format_number

    def make(index: int) -> Step:
        out = unravel(index)
        lead = out[:n_lead]
        position = out[n_lead:]
        bounds = [plan.window_bounds(axis, p) for axis, p in enumerate(position)]
        counts = tuple(end - start for start, end in bounds)
        window = _gather(
            plan.x,
            lead,
            tuple(start - top for (start, _), top in zip(bounds, tops, strict=True)),
            counts,
            ones,
            fill,
        )
        values = tuple(window.ravel().tolist())
        shown = ", ".join(text_of(v, fmt) for v in values)
        slices = tuple(slice(c, c + 1) for c in lead) + tuple(
            slice(start, end) for start, end in bounds
        )
        winner: tuple[int, ...] | None = None
        divisor: float | None = None
        if is_max:
            best = max(range(len(values)), key=values.__getitem__)
            if dims == 1:
                winner = (*lead, bounds[0][0] + best)
            else:
                row, col = divmod(best, counts[1])
                winner = (*lead, bounds[0][0] + row, bounds[1][0] + col)
            value = values[best]
        elif plan.count_include_pad:
            divisor = float(len(values))
            value = sum(values) / divisor
        else:  # only the cells inside the input count: the text lists those
            inner = tuple(
                slice(lo - start, hi - start)
                for (start, _), (lo, hi) in zip(
                    bounds,
                    (plan.inside_bounds(axis, p) for axis, p in enumerate(position)),
                    strict=True,
                )
            )
            counted = tuple(window.reshape(counts)[inner].ravel().tolist())
            divisor = float(len(counted))
            value = sum(counted) / divisor
            shown = ", ".join(text_of(v, fmt) for v in counted)
        return Step(
            index=index,
            out=out,
            window=slices,
            terms=values,
            inputs=values,
            value=value,
            text=f"{mode}({shown}) = {text_of(value, fmt)}",
            divisor=divisor,
            winner=winner,
            mode=mode,
        )

    return Trace(make, plan.output_shape, plan.sides, kind="pool", pad_value=fill)


def trace_pool1d(
    x: npt.ArrayLike,
    size: int,
    *,
    stride: int | None = None,
    mode: PoolMode = "max",
    padding: int | tuple[int, int] = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    pad_value: float | None = None,
    fmt: NumberFormat | None = None,
) -> Trace:
    """Step through :func:`engine.pool1d`, one output cell at a time.

    Args:
        x: Input of shape (L,) or (C, L) (rows as channels).
        size: Window length.
        stride: Defaults to ``size``.
        mode: ``"max"`` or ``"avg"``.
        padding: An int or ``(left, right)``, each at most ``size // 2``; max pooling shows padded
            cells as ``-inf``.
        ceil_mode: Keep a last, partial window (torch's rule).
        count_include_pad: Average pooling: False divides by (and lists) only the input's cells.
        pad_value: None (``-inf`` for max, 0 for average), or 0: max pooling over zeros.
        fmt: How numbers are written in ``Step.text``.

    Returns:
        A lazy trace; ``Step.out`` is ``(j,)`` or ``(row, j)``.

    >>> [step.text for step in trace_pool1d([3, 2, 1, 0, 0, 3], 3, mode="avg")]
    ['avg(3, 2, 1) = 2', 'avg(0, 0, 3) = 1']
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
    return _pool_trace(plan, fmt)


def trace_pool2d(
    x: npt.ArrayLike,
    size: IntOrPair,
    *,
    stride: IntOrPair | None = None,
    mode: PoolMode = "max",
    padding: IntOrPair | SidePadding = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    pad_value: float | None = None,
    fmt: NumberFormat | None = None,
) -> Trace:
    """Step through :func:`engine.pool2d`, one output cell at a time.

    Max steps name the winning cell (``Step.winner``, an index into the padded input); average steps
    carry the number of cells averaged in ``Step.divisor`` (padded zeros count, torch's default).

    Args:
        x: Input of shape (H, W) or (C, H, W).
        size: Int or ``(rows, columns)``.
        stride: Int or pair; defaults to ``size``.
        mode: ``"max"`` or ``"avg"``.
        padding: Int, pair or per-side ``((top, bottom), (left, right))``, at most half the
            window.
        ceil_mode: Keep last, partial windows (torch's rule).
        count_include_pad: Average pooling: False divides by (and lists) only the input's cells.
        pad_value: None (``-inf`` for max, 0 for average), or 0: max pooling over zeros.
        fmt: How numbers are written in ``Step.text``.

    Returns:
        A lazy trace; ``Step.out`` is ``(i, j)`` or ``(channel, i, j)``.

    >>> step = trace_pool2d([[3, 7, 9, 1], [8, 1, 3, 3]], 2)[1]
    >>> step.text, step.winner
    ('max(9, 1, 3, 3) = 9', (0, 2))
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
    return _pool_trace(plan, fmt)
