"""Cross-correlation (what deep learning calls convolution) and true convolution, vectorized.

Semantics are torch's ``conv1d`` / ``conv2d`` with one batch element and ``groups=1``: the kernel
is not flipped, every input channel is summed, and each kernel in a stack makes one output channel.
The stepping, narrating version of the same arithmetic lives in :mod:`engine.steps`; both read the
same :class:`ConvPlan`, so they cannot disagree about shapes or padding.

>>> x = [[3, 7, 9, 1], [8, 1, 3, 3], [7, 4, 6, 4]]
>>> correlate2d(x, [[1, 0, -1], [1, 0, -1], [1, 0, -1]])
array([[0., 4.]])
"""

from __future__ import annotations

import math
from types import EllipsisType
from typing import NamedTuple

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from engine.errors import ArgumentError
from engine.limits import MAX_CELLS, MAX_WORK, check_cells, check_work
from engine.padding import pad_spatial, resolve_padding
from engine.types import FloatArray, IntOrPair, PaddingArg, SidePadding
from engine.validate import as_numbers, describe, finite_number, per_axis, plural, shape_text

__all__ = ["ConvPlan", "convolve2d", "correlate1d", "correlate2d", "plan_correlation"]

_BAND_CELLS = 2**15
"""Most cells (256 KiB) of the window buffer :func:`run_plan` fills per band of output rows:
small enough to stay in the processor's cache between its filling
and the matrix product that reads it, which was twice as fast as bands of 8 MiB."""

_INPUT_SHAPES = {1: {1: "(L,)", 2: "(C, L)"}, 2: {2: "(H, W)", 3: "(C, H, W)"}}
_KERNEL_SHAPES = {
    1: {1: "(F,)", 2: "(C, F)", 3: "(K, C, F)"},
    2: {2: "(F, G)", 3: "(C, F, G)", 4: "(K, C, F, G)"},
}


class ConvPlan(NamedTuple):
    """A validated correlation, shared by the vectorized function and its stepper.

    An immutable record, built once per call: a NamedTuple, which builds in less than half the time
    of a frozen dataclass of the same fields (building a trace is meant to cost about one step).

    Attributes:
        x: The input with a channel axis, (C, L) or (C, H, W).
        k: The kernels with kernel and channel axes, (K, C, F) or (K, C, F, G) (already flipped
            for a true convolution).
        bias: One bias per kernel (K values).
        stride: Stride per spatial axis.
        dilation: Dilation per spatial axis.
        sides: Per-side padding per spatial axis.
        spans: Cells the (dilated) kernel covers per spatial axis: d(f−1) + 1.
        out_spatial: Output size per spatial axis.
        output_shape: Shape of the returned array: (K, ...) for a kernel stack, else spatial only.
        divisor: What each sum (with bias) is divided by, or None.
        has_channels: Whether the caller's input had a channel axis.
        stacked: Whether the caller's kernel had a kernel axis (K, ...).
    """

    x: FloatArray
    k: FloatArray
    bias: tuple[float, ...]
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    sides: SidePadding
    spans: tuple[int, ...]
    out_spatial: tuple[int, ...]
    output_shape: tuple[int, ...]
    divisor: float | None
    has_channels: bool
    stacked: bool

    @property
    def dims(self) -> int:
        """Number of spatial axes (1 or 2)."""
        return len(self.stride)


def plan_correlation(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    dims: int,
    stride: object,
    padding: object,
    bias: float | npt.ArrayLike,
    dilation: object,
    divisor: object,
    flip: bool = False,
) -> ConvPlan:
    """Validate a correlation's arguments and work out its shapes.

    Args:
        x: Input, (L,) or (C, L) when ``dims`` is 1; (H, W) or (C, H, W) when it is 2.
        k: Kernel, (F,), (C, F) or (K, C, F); or (F, G), (C, F, G) or (K, C, F, G).
        dims: Number of spatial axes, 1 or 2.
        stride: Int, or a pair for 2-D.
        padding: See :func:`engine.padding.resolve_padding`.
        bias: A number, or one per kernel (K,).
        dilation: Int, or a pair for 2-D.
        divisor: None, or a finite non-zero number every sum is divided by.
        flip: Flip the kernel's spatial axes (true convolution).

    Returns:
        The plan.

    Raises:
        ArgumentError: A bad argument, with a message naming shapes and parameters; its
            ``argument`` is the public functions' parameter (``x``, ``k``, ``stride``, ...).
    """
    xa = as_numbers(x, "input", _INPUT_SHAPES[dims], argument="x")
    ka = as_numbers(k, "kernel", _KERNEL_SHAPES[dims], argument="k")
    strides = per_axis(stride, "stride", dims)
    dilations = per_axis(dilation, "dilation", dims)
    has_channels = xa.ndim == dims + 1
    x3 = xa if has_channels else xa[np.newaxis]
    stacked = ka.ndim == dims + 2
    k4 = ka if stacked else ka.reshape((1,) * (dims + 2 - ka.ndim) + ka.shape)
    if k4.shape[1] != x3.shape[0]:
        raise ArgumentError(
            "k", f"kernel has {plural(k4.shape[1], 'channel')}, input has {x3.shape[0]}"
        )
    if flip:
        flipped: tuple[EllipsisType | slice, ...] = (Ellipsis,) + (slice(None, None, -1),) * dims
        k4 = k4[flipped]
    kernel = k4.shape[2:]
    sides = resolve_padding(padding, dims, kernel=kernel, stride=strides, dilation=dilations)
    spatial = x3.shape[1:]
    spans: list[int] = []
    out_spatial: list[int] = []
    padded_cells = x3.shape[0]  # the padded input's cells, and the output positions
    positions = 1
    for n, (a, b), f, d, st in zip(spatial, sides, kernel, dilations, strides, strict=True):
        span = d * (f - 1) + 1
        spans.append(span)
        out = (n + a + b - span) // st + 1
        out_spatial.append(out)
        padded_cells *= n + a + b
        positions *= out
    if min(out_spatial) < 1:  # some axis has room < 0: the kernel does not fit
        blamed = "k"
        if all(d == 1 for d in dilations):
            what = f"kernel {shape_text(kernel)}"
        else:
            if all(n + a + b >= f for n, (a, b), f in zip(spatial, sides, kernel, strict=True)):
                blamed = "dilation"  # the kernel fits; spread out, it does not
            shown = dilations[0] if len(set(dilations)) == 1 else dilations
            what = (
                f"kernel {shape_text(kernel)} with dilation {describe(shown)} "
                f"(spans {shape_text(tuple(spans))})"
            )
        raise ArgumentError(
            blamed,
            f"{what} does not fit input {shape_text(spatial)} with padding {describe(padding)}",
        )
    n_kernels = k4.shape[0]
    if (  # the work of the vectorized path (see _refuse_size), with no message unless refused
        padded_cells > MAX_CELLS
        or n_kernels * positions > MAX_CELLS  # the output
        or k4.size * positions > MAX_WORK  # the multiply-adds
    ):
        _refuse_size(x3, k4, sides, spans, strides, out_spatial)
    biases: tuple[float, ...]
    if isinstance(bias, (int, float)) and not isinstance(bias, bool):
        biases = (finite_number(bias, "bias"),) * n_kernels
    else:
        bias_array = as_numbers(bias, "bias", {0: "a number", 1: "(K,), one per kernel"})
        if bias_array.ndim == 1 and bias_array.shape[0] != n_kernels:
            raise ArgumentError(
                "bias",
                f"bias has {bias_array.shape[0]} values, kernel has {plural(n_kernels, 'filter')}",
            )
        biases = tuple(np.broadcast_to(bias_array, (n_kernels,)).tolist())
    scale: float | None = None
    if divisor is not None:
        scale = finite_number(divisor, "divisor")
        if scale == 0:
            raise ArgumentError("divisor", "divisor must be a finite non-zero number, got 0")
    return ConvPlan(
        x=x3,
        k=k4,
        bias=biases,
        stride=strides,
        dilation=dilations,
        sides=sides,
        spans=tuple(spans),
        out_spatial=tuple(out_spatial),
        output_shape=((n_kernels, *out_spatial) if stacked else tuple(out_spatial)),
        divisor=scale,
        has_channels=has_channels,
        stacked=stacked,
    )


def _refuse_size(
    x3: FloatArray,
    k4: FloatArray,
    sides: SidePadding,
    spans: list[int],
    strides: tuple[int, ...],
    out_spatial: list[int],
) -> None:
    """Refuse a correlation over the engine's limits, naming the limit and the argument to blame.

    :func:`plan_correlation` calls it, before anything is allocated, when the vectorized path
    would pass a limit of :mod:`engine.limits`: it copies the padded input, makes the output
    and does channels x kernel taps multiply-adds per output cell (the windows are copied a band
    of rows at a time, never all at once). The padding is blamed when the kernel fits the bare
    input within the limits, else the kernel.

    Args:
        x3: Input, (C, *spatial).
        k4: Kernels, (K, C, *kernel).
        sides: Per-side padding per spatial axis.
        spans: Cells the dilated kernel covers per axis.
        strides: Stride per axis.
        out_spatial: Output size per axis.

    Raises:
        ArgumentError: Always (the caller found the call over a limit).
    """
    channels, spatial = x3.shape[0], x3.shape[1:]
    padded = tuple(n + a + b for n, (a, b) in zip(spatial, sides, strict=True))
    positions = math.prod(out_spatial)
    window = channels * math.prod(k4.shape[2:])
    padded_cells = channels * math.prod(padded)
    output_cells = k4.shape[0] * positions
    work = k4.shape[0] * window * positions
    padded_shape = (channels, *padded) if x3.shape[0] > 1 else padded
    check_cells(
        padded_cells,
        "padding" if any(map(any, sides)) else "x",
        f"the padded input {shape_text(padded_shape)}",
    )
    # does the kernel fit the input without its padding, within the limits? then the padding is
    # what makes the call too big; otherwise the kernel is
    bare = math.prod(
        max(0, (n - f) // s + 1) for n, f, s in zip(spatial, spans, strides, strict=True)
    )
    fits_bare = (
        bare > 0 and k4.shape[0] * bare <= MAX_CELLS and k4.shape[0] * window * bare <= MAX_WORK
    )
    blamed = "padding" if fits_bare else "k"
    kernel = k4.shape[1:] if channels > 1 else k4.shape[2:]  # as the slides write it: 3x3
    at = f"kernel {shape_text(kernel)} at {positions} positions"
    check_cells(output_cells, blamed, f"the output of {plural(k4.shape[0], 'kernel')} {at}")
    check_work(work, blamed, f"{plural(k4.shape[0], 'kernel')} {at}")


def run_plan(plan: ConvPlan) -> FloatArray:
    """Compute a planned correlation at once: im2col in bounded bands, each a BLAS product.

    The output is made a band of rows (of the first spatial axis) at a time: the band's windows
    are copied into one buffer of (taps, band positions) and multiplied by the kernels
    (K, taps) with one BLAS matrix product. The buffer holds at most :data:`_BAND_CELLS` cells
    or twice the output; when one row's windows take more (a huge kernel), the taps are split
    by channel (then by kernel row) and the products summed. So no intermediate is larger than
    a few times the output (the padded input, the buffer): the windows of every position are
    never copied at once.

    Returns:
        The output, of shape ``plan.output_shape``.
    """
    dims = plan.dims
    k = plan.k
    n_kernels = k.shape[0]
    padded = pad_spatial(plan.x, plan.sides) if any(map(any, plan.sides)) else plan.x
    # (C, *positions, *spans): every window, as a view (nothing copied)
    windows = sliding_window_view(padded, plan.spans, axis=tuple(range(1, dims + 1)))
    # keep every stride-th position and every dilation-th tap: (C, *out_spatial, *kernel)
    picked = (slice(None), *(slice(None, None, s) for s in plan.stride))
    picked += tuple(slice(None, None, d) for d in plan.dilation)
    # (C, *kernel, *out_spatial): the im2col layout, still a view
    columns = windows[picked].transpose(0, *range(dims + 1, 2 * dims + 1), *range(1, dims + 1))
    rows, rest = plan.out_spatial[0], plan.out_spatial[1:]
    per_row = math.prod(rest)  # positions in one output row
    cells = max(per_row, min(_BAND_CELLS, 2 * n_kernels * rows * per_row))  # the buffer's size
    tap_axes = k.shape[1:]  # (C, *kernel)
    split = 0  # leading tap axes iterated over, the rest in each product
    while split < len(tap_axes) and math.prod(tap_axes[split:]) * per_row > cells:
        split += 1
    taps = math.prod(tap_axes[split:])
    band = max(1, min(rows, cells // (taps * per_row)))  # output rows per band
    out: FloatArray = np.zeros((n_kernels, rows * per_row))
    buffer: FloatArray = np.empty(taps * band * per_row)
    part: FloatArray | None = np.empty(n_kernels * band * per_row) if split else None
    for outer in np.ndindex(*tap_axes[:split]):
        every_kernel: tuple[slice | int, ...] = (slice(None), *outer)
        weights = k[every_kernel].reshape(n_kernels, taps)
        source = columns[outer]  # (*inner taps, *out_spatial)
        for start in range(0, rows, band):
            stop = min(rows, start + band)
            count = (stop - start) * per_row
            chunk = buffer[: taps * count].reshape(*tap_axes[split:], stop - start, *rest)
            band_rows: tuple[EllipsisType | slice, ...] = (Ellipsis, slice(start, stop))
            np.copyto(chunk, source[band_rows + (slice(None),) * (dims - 1)])
            target = out[:, start * per_row : stop * per_row]
            if part is None:
                np.matmul(weights, chunk.reshape(taps, count), out=target)
            else:
                product = part[: n_kernels * count].reshape(n_kernels, count)
                np.matmul(weights, chunk.reshape(taps, count), out=product)
                target += product
    result = out.reshape(n_kernels, *plan.out_spatial)
    if any(plan.bias):
        result += np.array(plan.bias).reshape((-1,) + (1,) * dims)
    if plan.divisor is not None:
        result /= plan.divisor
    return result if plan.stacked else result[0]


def correlate1d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: int = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: int = 1,
    divisor: float | None = None,
) -> FloatArray:
    """1-D cross-correlation with torch's ``conv1d`` semantics.

    Args:
        x: Input of shape (L,) or (C, L).
        k: Kernel of shape (F,), (C, F) or (K, C, F) (K kernels make K output rows).
        stride: Step between windows.
        padding: Zeros on both ends (int), ``(left, right)``, ``"valid"`` or ``"same"``.
        bias: Added to every output; a number, or one per kernel (K,).
        dilation: Spacing between kernel taps.
        divisor: If given, every sum (with bias) is divided by it.

    Returns:
        Output of shape (L',) or (K, L'), L' = ⌊(L + 2p − d(F−1) − 1)/s⌋ + 1.

    Raises:
        ArgumentError: Bad shapes or parameters ("kernel 5 does not fit input 4 with padding 0").

    >>> correlate1d([0, 0, 1, 1, 0], [-1, 1])
    array([ 0.,  1.,  0., -1.])
    >>> correlate1d([1, 2, 3, 4], [1, 1], stride=2, bias=1)
    array([4., 8.])
    """
    plan = plan_correlation(
        x, k, dims=1, stride=stride, padding=padding, bias=bias, dilation=dilation, divisor=divisor
    )
    return run_plan(plan)


def correlate2d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
) -> FloatArray:
    """2-D cross-correlation with torch's ``conv2d`` semantics (the kernel is not flipped).

    Args:
        x: Input of shape (H, W) or (C, H, W).
        k: Kernel of shape (F, G), (C, F, G) (summed over channels) or (K, C, F, G) (K output maps).
        stride: An int, or ``(s, t)`` for rows and columns.
        padding: An int, ``(p, q)`` (rows, columns), per side ``((top, bottom), (left, right))``,
            ``"valid"`` (none) or ``"same"`` (torch's: stride 1, the extra cell bottom/right).
        bias: Added to every output; a number, or one per kernel (K,).
        dilation: An int or a pair: spacing between kernel taps.
        divisor: If given, every sum (with bias) is divided by it (deck 003 divides by 9).

    Returns:
        Output of shape (H', W') or (K, H', W'), H' = ⌊(H + 2p − d(F−1) − 1)/s⌋ + 1.

    Raises:
        ArgumentError: Bad shapes or parameters, e.g. "kernel 5x5 does not fit input 4x4 with
            padding 0" or "kernel has 2 channels, input has 3".

    >>> correlate2d([[2, 3], [1, 1]], [[1, 1], [1, 0]], bias=1)
    array([[7.]])
    >>> correlate2d([[1, 2], [3, 4]], [[1]], padding=((0, 1), (1, 0)))
    array([[0., 1., 2.],
           [0., 3., 4.],
           [0., 0., 0.]])
    """
    plan = plan_correlation(
        x, k, dims=2, stride=stride, padding=padding, bias=bias, dilation=dilation, divisor=divisor
    )
    return run_plan(plan)


def convolve2d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
) -> FloatArray:
    """True 2-D convolution: :func:`correlate2d` with the kernel flipped on both spatial axes.

    Same arguments, shapes and errors as :func:`correlate2d`.

    >>> convolve2d([[1, 2], [3, 4]], [[1, 0], [0, 0]])  # the flipped kernel picks the bottom-right
    array([[4.]])
    >>> correlate2d([[1, 2], [3, 4]], [[1, 0], [0, 0]])
    array([[1.]])
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
    return run_plan(plan)
