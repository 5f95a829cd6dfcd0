"""Cross-correlation (what deep learning calls convolution) and true convolution, vectorized.

Semantics are torch's ``conv1d`` / ``conv2d`` with one batch element and ``groups=1``: the kernel
is not flipped, every input channel is summed, and each kernel in a stack makes one output channel.
The stepping, narrating version of the same arithmetic lives in :mod:`engine.steps`; both read the
same :class:`ConvPlan`, so they cannot disagree about shapes or padding.

Precision follows torch: a float32 input with a float32 kernel is computed in float32 and returned
as float32; anything else (lists, integers, float64, a mix) is computed and returned in float64.
The vectorized functions may take up to :data:`~engine.limits.MAX_CORRELATION_WORK` multiply-adds
(BLAS products, a band of output rows at a time, in memory bounded by a few outputs).

>>> x = [[3, 7, 9, 1], [8, 1, 3, 3], [7, 4, 6, 4]]
>>> correlate2d(x, [[1, 0, -1], [1, 0, -1], [1, 0, -1]])
array([[0., 4.]])
"""

from __future__ import annotations

import math
import threading
from types import EllipsisType
from typing import NamedTuple, overload

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import as_strided

from engine.errors import ArgumentError
from engine.limits import MAX_CELLS, MAX_CORRELATION_WORK, MAX_WORK, check_cells, check_work
from engine.padding import pad_spatial, resolve_padding
from engine.types import FloatArray, IntOrPair, PaddingArg, Real, SidePadding, SingleArray
from engine.validate import (
    as_numbers,
    checked_array,
    describe,
    finite_number,
    per_axis,
    plural,
    shape_text,
)

__all__ = ["ConvPlan", "convolve2d", "correlate1d", "correlate2d", "plan_correlation"]

_BAND_CELLS = 2**15
"""About how many cells (256 KiB of float64) of the window buffer :func:`_compute` fills per
band of output rows: small enough to stay in the processor's cache between its filling and the
matrix product that reads it (bands of 8 MiB were twice as slow), large enough that a band's
product is not mostly the call's overhead. A band is never less than one output row."""

_ONE_BAND_CELLS = 2**18
"""The most window cells (2 MiB of float64) that :func:`_compute` copies into one buffer for one
matrix product, whatever the output's size. Below it a small input is one copy and one
product: 64x64 with a 3x3 kernel has 34,596 window cells, and bands of at most twice its output
were five copies and five products, whose calls' overhead doubled the time (20 us where it was
34; a 7x7 kernel 42 us where it was 86). Above it the buffer is bounded by the output."""

_KEPT_BUFFER_BYTES = 4 * 2**20
"""The largest window buffer a thread keeps for its next call (see :func:`_window_buffer`)."""

_kept = threading.local()


def _window_buffer(cells: int, dtype: np.dtype[Real]) -> npt.NDArray[Real]:
    """A scratch buffer of ``cells`` elements for :func:`_compute`'s windows, kept per thread.

    A fresh buffer of a few hundred KiB is above glibc's ``mmap`` threshold: each call mapped
    it, faulted its pages in and unmapped it again, which cost three times a 64x64 C=3 -> K=16
    product (155 us where the copy and the product take 47). Each thread keeps its last buffer
    of at most :data:`_KEPT_BUFFER_BYTES` and hands out its first ``cells`` elements; the
    buffer never leaves :func:`_compute`.

    Args:
        cells: Elements wanted.
        dtype: float32 or float64.

    Returns:
        A 1-D array of ``cells`` elements, contents undefined.
    """
    kept: dict[str, npt.NDArray[Real]] = _kept.__dict__
    key = dtype.str
    buffer = kept.get(key)
    if buffer is not None and buffer.size >= cells:
        return buffer[:cells]
    buffer = np.empty(cells, dtype)
    if buffer.nbytes <= _KEPT_BUFFER_BYTES:
        kept[key] = buffer
    return buffer


def release_buffers() -> None:
    """Forget this thread's kept window buffers (the next call allocates afresh), as
    ``bench/engine.py`` does before it measures a call's peak memory."""
    _kept.__dict__.clear()


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
    max_work: int = MAX_WORK,
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
        max_work: The most multiply-adds allowed: :data:`~engine.limits.MAX_WORK`, or
            :data:`~engine.limits.MAX_CORRELATION_WORK` for the vectorized functions.

    Returns:
        The plan.

    Raises:
        ArgumentError: A bad argument, with a message naming shapes and parameters; its
            ``argument`` is the public functions' parameter (``x``, ``k``, ``stride``, ...).
    """
    xa = as_numbers(x, "input", _INPUT_SHAPES[dims], argument="x")
    ka = as_numbers(k, "kernel", _KERNEL_SHAPES[dims], argument="k")
    x3, k4, layout = _lay_out(
        xa,
        ka,
        dims=dims,
        stride=stride,
        padding=padding,
        bias=bias,
        dilation=dilation,
        divisor=divisor,
        flip=flip,
        max_work=max_work,
    )
    return ConvPlan(x3, k4, *layout)


class _Layout(NamedTuple):
    """A :class:`ConvPlan` without its arrays: what :func:`_lay_out` works out from their shapes."""

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


def _lay_out(
    xa: npt.NDArray[Real],
    ka: npt.NDArray[Real],
    *,
    dims: int,
    stride: object,
    padding: object,
    bias: float | npt.ArrayLike,
    dilation: object,
    divisor: object,
    flip: bool,
    max_work: int,
) -> tuple[npt.NDArray[Real], npt.NDArray[Real], _Layout]:
    """Check a correlation's parameters against its validated arrays and work out its shapes.

    Args:
        xa: The validated input, (L,) or (C, L); (H, W) or (C, H, W).
        ka: The validated kernel, of one of the shapes :func:`plan_correlation` takes.
        dims: Number of spatial axes, 1 or 2.
        stride: As :func:`plan_correlation` takes it (and ``padding``, ``bias``, ``dilation``,
            ``divisor``, ``flip``, ``max_work``).
        padding: See ``stride``.
        bias: See ``stride``.
        dilation: See ``stride``.
        divisor: See ``stride``.
        flip: See ``stride``.
        max_work: See ``stride``.

    Returns:
        The input with a channel axis (C, *spatial), the kernels with kernel and channel axes
        (K, C, *kernel), of the arrays' own dtype, and the rest of the plan.
    """
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
        or k4.size * positions > max_work  # the multiply-adds
    ):
        _refuse_size(x3.shape, k4.shape, sides, spans, strides, out_spatial, max_work)
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
    layout = _Layout(
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
    return x3, k4, layout


def _refuse_size(
    x_shape: tuple[int, ...],
    k_shape: tuple[int, ...],
    sides: SidePadding,
    spans: list[int],
    strides: tuple[int, ...],
    out_spatial: list[int],
    max_work: int,
) -> None:
    """Refuse a correlation over the engine's limits, naming the limit and the argument to blame.

    :func:`plan_correlation` calls it, before anything is allocated, when the vectorized path
    would pass a limit of :mod:`engine.limits`: it copies the padded input, makes the output
    and does channels x kernel taps multiply-adds per output cell (the windows are copied a band
    of rows at a time, never all at once). The padding is blamed when the kernel fits the bare
    input within the limits, else the kernel.

    Args:
        x_shape: The input's shape, (C, *spatial).
        k_shape: The kernels' shape, (K, C, *kernel).
        sides: Per-side padding per spatial axis.
        spans: Cells the dilated kernel covers per axis.
        strides: Stride per axis.
        out_spatial: Output size per axis.
        max_work: The most multiply-adds allowed.

    Raises:
        ArgumentError: Always (the caller found the call over a limit).
    """
    channels, spatial = x_shape[0], x_shape[1:]
    padded = tuple(n + a + b for n, (a, b) in zip(spatial, sides, strict=True))
    positions = math.prod(out_spatial)
    window = channels * math.prod(k_shape[2:])
    padded_cells = channels * math.prod(padded)
    output_cells = k_shape[0] * positions
    work = k_shape[0] * window * positions
    padded_shape = (channels, *padded) if x_shape[0] > 1 else padded
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
        bare > 0 and k_shape[0] * bare <= MAX_CELLS and k_shape[0] * window * bare <= max_work
    )
    blamed = "padding" if fits_bare else "k"
    kernel = k_shape[1:] if channels > 1 else k_shape[2:]  # as the slides write it: 3x3
    at = f"kernel {shape_text(kernel)} at {positions} positions"
    check_cells(output_cells, blamed, f"the output of {plural(k_shape[0], 'kernel')} {at}")
    check_work(work, blamed, f"{plural(k_shape[0], 'kernel')} {at}", limit=max_work)


_Shape = ConvPlan | _Layout
"""What :func:`_compute` reads besides the arrays: a whole plan, or the float32 path's layout."""

_SINGLE = np.dtype(np.float32)


def run_plan(plan: ConvPlan) -> FloatArray:
    """Compute a planned correlation at once (see :func:`_compute`).

    Returns:
        The output, of shape ``plan.output_shape``, float64.
    """
    return _compute(plan.x, plan.k, plan)


def _windows(padded: npt.NDArray[Real], k: npt.NDArray[Real], plan: _Shape) -> npt.NDArray[Real]:
    """Every window of the padded input in the im2col layout, (C, *kernel, *out_spatial): a view.

    ``windows[c, i, j, r, s]`` is ``padded[c, r*stride + i*dilation, s*stride + j*dilation]``
    (and likewise in 1-D): strides over the input's own memory, nothing copied. Built with
    ``np.ndarray`` on the input's buffer when it is contiguous (a third of a microsecond, where
    ``sliding_window_view`` takes ten), else with ``as_strided``.
    """
    steps: tuple[int, ...] = padded.strides[1:]
    shape = (padded.shape[0], *k.shape[2:], *plan.out_spatial)
    strides = (
        padded.strides[0],
        *(d * step for d, step in zip(plan.dilation, steps, strict=True)),
        *(s * step for s, step in zip(plan.stride, steps, strict=True)),
    )
    if padded.flags.c_contiguous:
        view: npt.NDArray[Real] = np.ndarray(shape, padded.dtype, padded, 0, strides)
        view.flags.writeable = False
        return view
    return as_strided(padded, shape, strides, writeable=False)


def _compute(x: npt.NDArray[Real], k: npt.NDArray[Real], plan: _Shape) -> npt.NDArray[Real]:
    """Compute a correlation at once, in its arrays' dtype: im2col in bounded bands, BLAS products.

    The output is made a band of rows (of the first spatial axis) at a time: the band's windows
    are copied into one buffer of (taps, band positions) and multiplied by the kernels
    (K, taps) with one BLAS matrix product written into the output. A band holds about
    :data:`_BAND_CELLS` cells and at least one row, and never more than twice the output (a
    small output's bands are a few rows), unless every window fits :data:`_ONE_BAND_CELLS`:
    then one band. When one row's windows take more than that (a huge kernel), the taps are
    split by channel (then by kernel row) and the products summed. So no intermediate is
    larger than a few times the output or one 2 MiB band (the padded input, the buffer): the
    windows of every position are never copied at once.

    Args:
        x: Input with a channel axis, (C, L) or (C, H, W), float32 or float64.
        k: Kernels, (K, C, F) or (K, C, F, G), of ``x``'s dtype.
        plan: The rest of the plan (a :class:`ConvPlan` or the vectorized path's layout).

    Returns:
        The output, of shape ``plan.output_shape`` and ``x``'s dtype.
    """
    n_kernels = k.shape[0]
    padded = pad_spatial(x, plan.sides) if any(map(any, plan.sides)) else x
    columns = _windows(padded, k, plan)  # (C, *kernel, *out_spatial)
    rows, rest = plan.out_spatial[0], plan.out_spatial[1:]
    per_row = math.prod(rest)  # positions in one output row
    output_cells = n_kernels * rows * per_row
    tap_axes = k.shape[1:]  # (C, *kernel)
    # the buffer's size: every window when they fit _ONE_BAND_CELLS (one product); else about
    # _BAND_CELLS, at least one row, unless that is over twice the output
    every_window = math.prod(tap_axes) * rows * per_row
    if every_window <= _ONE_BAND_CELLS:
        cells = every_window
    else:
        cells = min(max(_BAND_CELLS, math.prod(tap_axes) * per_row), 2 * output_cells)
    split = 0  # leading tap axes iterated over, the rest in each product
    while split < len(tap_axes) and math.prod(tap_axes[split:]) * per_row > cells:
        split += 1
    taps = math.prod(tap_axes[split:])
    band = max(1, min(rows, cells // (taps * per_row)))  # output rows per band
    dtype = x.dtype
    flat = (np.zeros if split else np.empty)((n_kernels, rows * per_row), dtype)
    buffer = _window_buffer(taps * band * per_row, dtype)
    if band == rows and not split:  # one band: a small output, or a long thin one
        np.copyto(buffer.reshape(columns.shape), columns)
        np.matmul(k.reshape(n_kernels, taps), buffer.reshape(taps, -1), out=flat)
    else:
        _bands(columns, k, flat, buffer, split, band)
    result = flat.reshape(n_kernels, *plan.out_spatial)
    if any(plan.bias):
        result += np.array(plan.bias, dtype).reshape((-1,) + (1,) * len(plan.out_spatial))
    if plan.divisor is not None:
        result /= plan.divisor
    return result if plan.stacked else result[0]


def _bands(
    columns: npt.NDArray[Real],
    k: npt.NDArray[Real],
    out: npt.NDArray[Real],
    buffer: npt.NDArray[Real],
    split: int,
    band: int,
) -> None:
    """Fill ``out`` band by band (see :func:`_compute`).

    Args:
        columns: Every window, (C, *kernel, *out_spatial), a view.
        k: Kernels, (K, C, *kernel).
        out: The output, (K, positions): zeros when ``split`` (the products are summed into it).
        buffer: Room for one band's windows of the taps in each product.
        split: Leading tap axes (of C, *kernel) iterated over; the rest go in each product.
        band: Output rows per band.
    """
    n_kernels = k.shape[0]
    tap_axes = k.shape[1:]
    inner = tap_axes[split:]
    taps = math.prod(inner)
    rows: int = columns.shape[len(tap_axes)]
    rest: tuple[int, ...] = columns.shape[len(tap_axes) + 1 :]
    per_row = math.prod(rest)
    # a band's buffer, both as the product reads it (taps, positions) and with its rows first,
    # as the copy writes it (rows, *inner taps, *rest): views made once, for a whole band and
    # for the shorter last one
    shapes = {band, rows % band or band}
    matrices = {n: buffer[: taps * n * per_row].reshape(taps, n * per_row) for n in shapes}
    first: int = len(inner)  # the rows axis, after the taps
    order = (first, *range(first), *range(first + 1, first + 1 + len(rest)))
    targets = {n: m.reshape(*inner, n, *rest).transpose(order) for n, m in matrices.items()}
    parts = {n: np.empty((n_kernels, n * per_row), out.dtype) for n in shapes} if split else {}
    outer: tuple[int, ...]
    for outer in np.ndindex(*tap_axes[:split]):
        every_kernel: tuple[slice | int, ...] = (slice(None), *outer)
        weights = k[every_kernel].reshape(n_kernels, taps)
        # (rows, *inner taps, *rest): the windows of these taps, output rows first
        by_row = columns[outer].transpose(order)
        for start in range(0, rows, band):
            n = min(band, rows - start)
            targets[n][...] = by_row[start : start + n]
            target = out[:, start * per_row : (start + n) * per_row]
            if split:
                np.matmul(weights, matrices[n], out=parts[n])
                target += parts[n]
            else:
                np.matmul(weights, matrices[n], out=target)


def _correlate(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    dims: int,
    stride: object,
    padding: object,
    bias: float | npt.ArrayLike,
    dilation: object,
    divisor: object,
    *,
    flip: bool,
) -> FloatArray | SingleArray:
    """The vectorized correlations: float32 when ``x`` and ``k`` both are float32 arrays.

    Either way the arguments are checked as :func:`plan_correlation` checks them, with the
    vectorized limit :data:`~engine.limits.MAX_CORRELATION_WORK`; float32 arrays are not
    converted, and are computed in float32 (as torch's ``conv2d`` computes them).
    """
    if type(x) is np.ndarray and type(k) is np.ndarray and x.dtype == _SINGLE == k.dtype:
        xa: SingleArray = checked_array(x, "input", _INPUT_SHAPES[dims], argument="x")
        ka: SingleArray = checked_array(k, "kernel", _KERNEL_SHAPES[dims], argument="k")
        x3, k4, layout = _lay_out(
            xa,
            ka,
            dims=dims,
            stride=stride,
            padding=padding,
            bias=bias,
            dilation=dilation,
            divisor=divisor,
            flip=flip,
            max_work=MAX_CORRELATION_WORK,
        )
        return _compute(x3, k4, layout)
    plan = plan_correlation(
        x,
        k,
        dims=dims,
        stride=stride,
        padding=padding,
        bias=bias,
        dilation=dilation,
        divisor=divisor,
        flip=flip,
        max_work=MAX_CORRELATION_WORK,
    )
    return _compute(plan.x, plan.k, plan)


@overload
def correlate1d(
    x: SingleArray,
    k: SingleArray,
    *,
    stride: int = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: int = 1,
    divisor: float | None = None,
) -> SingleArray: ...


@overload
def correlate1d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: int = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: int = 1,
    divisor: float | None = None,
) -> FloatArray: ...


def correlate1d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: int = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: int = 1,
    divisor: float | None = None,
) -> FloatArray | SingleArray:
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
        Output of shape (L',) or (K, L'), L' = ⌊(L + 2p − d(F−1) − 1)/s⌋ + 1: float32 when ``x``
        and ``k`` are both float32 arrays (computed in float32), else float64.

    Raises:
        ArgumentError: Bad shapes or parameters ("kernel 5 does not fit input 4 with padding 0").

    >>> correlate1d([0, 0, 1, 1, 0], [-1, 1])
    array([ 0.,  1.,  0., -1.])
    >>> correlate1d([1, 2, 3, 4], [1, 1], stride=2, bias=1)
    array([4., 8.])
    """
    return _correlate(x, k, 1, stride, padding, bias, dilation, divisor, flip=False)


@overload
def correlate2d(
    x: SingleArray,
    k: SingleArray,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
) -> SingleArray: ...


@overload
def correlate2d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
) -> FloatArray: ...


def correlate2d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
) -> FloatArray | SingleArray:
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
        Output of shape (H', W') or (K, H', W'), H' = ⌊(H + 2p − d(F−1) − 1)/s⌋ + 1: float32
        when ``x`` and ``k`` are both float32 arrays (computed in float32, as torch's ``conv2d``
        does), else float64.

    Raises:
        ArgumentError: Bad shapes or parameters, e.g. "kernel 5x5 does not fit input 4x4 with
            padding 0" or "kernel has 2 channels, input has 3"; or more than
            :data:`~engine.limits.MAX_CORRELATION_WORK` multiply-adds.

    >>> correlate2d([[2, 3], [1, 1]], [[1, 1], [1, 0]], bias=1)
    array([[7.]])
    >>> correlate2d([[1, 2], [3, 4]], [[1]], padding=((0, 1), (1, 0)))
    array([[0., 1., 2.],
           [0., 3., 4.],
           [0., 0., 0.]])
    >>> correlate2d(np.ones((3, 3), np.float32), np.ones((2, 2), np.float32)).dtype
    dtype('float32')
    """
    return _correlate(x, k, 2, stride, padding, bias, dilation, divisor, flip=False)


@overload
def convolve2d(
    x: SingleArray,
    k: SingleArray,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
) -> SingleArray: ...


@overload
def convolve2d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
) -> FloatArray: ...


def convolve2d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: PaddingArg = 0,
    bias: float | npt.ArrayLike = 0.0,
    dilation: IntOrPair = 1,
    divisor: float | None = None,
) -> FloatArray | SingleArray:
    """True 2-D convolution: :func:`correlate2d` with the kernel flipped on both spatial axes.

    Same arguments, shapes, dtypes and errors as :func:`correlate2d`.

    >>> convolve2d([[1, 2], [3, 4]], [[1, 0], [0, 0]])  # the flipped kernel picks the bottom-right
    array([[4.]])
    >>> correlate2d([[1, 2], [3, 4]], [[1, 0], [0, 0]])
    array([[1.]])
    """
    return _correlate(x, k, 2, stride, padding, bias, dilation, divisor, flip=True)
