"""Transposed convolution (torch's ``conv_transpose2d``): each input cell paints a scaled kernel.

Where a strided correlation gathers a window into one output cell, the transposed operation scatters
one input cell into a kernel-sized patch, the patches ``stride`` cells apart, and sums the overlaps.
``padding`` then crops that many cells from each side.

>>> transposed_correlate2d([[1, 2]], [[1, 1]], stride=2)
array([[1., 1., 2., 2.]])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from engine.display import NumberFormat, check_format, format_number, operand_format
from engine.errors import ArgumentError
from engine.limits import (
    MAX_CELLS,
    MAX_STEP_TERMS,
    MAX_WORK,
    check_cells,
    check_step_terms,
    check_work,
)
from engine.shapes import transposed_output_size
from engine.trace import Step, Trace
from engine.types import FloatArray, IntOrPair, SidePadding
from engine.validate import as_numbers, describe, int_pair, plural, shape_text

__all__ = [
    "TransposedPlan",
    "plan_transposed",
    "trace_transposed_correlate2d",
    "transposed_correlate2d",
]


@dataclass(frozen=True)
class TransposedPlan:
    """A validated transposed convolution, shared by the vectorized function and its stepper.

    Attributes:
        x: The input as (C, H, W).
        k: The kernel in torch's transposed layout, (C, K, F, G).
        stacked: Whether the caller gave K output maps (a 4-D kernel): the output keeps its K axis.
        bias: One bias per output map, (K,).
        stride: Spacing of the painted patches, (rows, columns).
        dilation: Spacing between kernel taps, (rows, columns).
        crop: Cells cropped from each side of the canvas, ``((top, bottom), (left, right))``.
        canvas_shape: The painted canvas before cropping, (K, H_c, W_c).
        out_shape: The output's spatial size after cropping, (H', W').
    """

    x: FloatArray
    k: FloatArray
    stacked: bool
    bias: FloatArray
    stride: tuple[int, int]
    dilation: tuple[int, int]
    crop: SidePadding
    canvas_shape: tuple[int, int, int]
    out_shape: tuple[int, int]

    @property
    def output_shape(self) -> tuple[int, ...]:
        """The shape the caller gets: (H', W') or (K, H', W')."""
        return ((self.k.shape[1],) if self.stacked else ()) + self.out_shape


def plan_transposed(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: object = 1,
    padding: object = 0,
    bias: float | npt.ArrayLike = 0.0,
    output_padding: object = 0,
    dilation: object = 1,
) -> TransposedPlan:
    """Validate a transposed convolution's arguments and work out its shapes.

    Args and Raises: as :func:`transposed_correlate2d`.

    Returns:
        The plan.
    """
    xa = as_numbers(x, "input", {2: "(H, W)", 3: "(C, H, W)"}, argument="x")
    ka = as_numbers(k, "kernel", {2: "(F, G)", 3: "(C, F, G)", 4: "(C, K, F, G)"}, argument="k")
    strides = int_pair(stride, "stride", positive=True)
    pads = int_pair(padding, "padding", positive=False)
    extra = int_pair(output_padding, "output_padding", positive=False)
    dilations = int_pair(dilation, "dilation", positive=True)
    x3 = xa if xa.ndim == 3 else xa[np.newaxis]  # (C, H, W)
    stacked = ka.ndim == 4
    # torch's layout (C_in, C_out, F, G): a (C, F, G) kernel makes one output map
    k4 = ka if stacked else ka.reshape((ka.shape[0] if ka.ndim == 3 else 1, 1, *ka.shape[-2:]))
    if k4.shape[0] != x3.shape[0]:
        raise ArgumentError(
            "k", f"kernel has {plural(k4.shape[0], 'channel')}, input has {x3.shape[0]}"
        )
    n_out = k4.shape[1]
    bias_array = as_numbers(bias, "bias", {0: "a number", 1: "(K,), one per output map"})
    if bias_array.ndim == 1 and bias_array.shape[0] != n_out:
        raise ArgumentError(
            "bias",
            f"bias has {bias_array.shape[0]} values, kernel has {plural(n_out, 'output map')}",
        )
    _, height, width = x3.shape
    f, g = k4.shape[2:]
    try:
        out_h, out_w = (
            transposed_output_size(n, size, stride=s, padding=p, output_padding=o, dilation=d)
            for n, size, s, p, o, d in zip(
                (height, width), (f, g), strides, pads, extra, dilations, strict=True
            )
        )
    except ArgumentError as error:
        if error.argument == "output_padding":
            raise
        raise ArgumentError(
            "padding",
            f"transposed output of input {height}x{width} with kernel {f}x{g}, stride "
            f"{describe(stride)} and padding {describe(padding)} would be empty",
        ) from None
    s, t = strides
    d, e = dilations
    # the whole painted canvas before cropping, plus room for output_padding
    canvas_shape = (
        n_out,
        (height - 1) * s + d * (f - 1) + 1 + extra[0],
        (width - 1) * t + e * (g - 1) + 1 + extra[1],
    )
    canvas_cells = n_out * canvas_shape[1] * canvas_shape[2]
    if canvas_cells > MAX_CELLS or f * g * n_out * x3.size > MAX_WORK:
        spread = (height - 1) * s + (width - 1) * t  # how far the stride spreads the patches
        check_cells(
            canvas_cells,
            "stride" if spread >= d * (f - 1) + e * (g - 1) else "dilation",
            f"the transposed output before cropping, {shape_text(canvas_shape)},",
        )
        check_work(
            f * g * n_out * x3.size,
            "k",
            f"kernel {shape_text(k4.shape)} over input {shape_text(x3.shape)}",
        )
    crop = (
        (pads[0], canvas_shape[1] - pads[0] - out_h),
        (pads[1], canvas_shape[2] - pads[1] - out_w),
    )
    return TransposedPlan(
        x=x3,
        k=k4,
        stacked=stacked,
        bias=np.broadcast_to(bias_array, (n_out,)).astype(float),
        stride=strides,
        dilation=dilations,
        crop=crop,
        canvas_shape=canvas_shape,
        out_shape=(out_h, out_w),
    )


def transposed_correlate2d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: IntOrPair = 0,
    bias: float | npt.ArrayLike = 0.0,
    output_padding: IntOrPair = 0,
    dilation: IntOrPair = 1,
) -> FloatArray:
    """2-D transposed convolution with the semantics of torch's ``conv_transpose2d``.

    Args:
        x: Input of shape (H, W) or (C, H, W).
        k: Kernel in torch's transposed layout: (F, G), (C, F, G) (C input channels, one output map)
            or (C, K, F, G) (K output maps).
        stride: Int or pair: spacing of the painted patches.
        padding: Int or pair: cells cropped from each side of the output.
        bias: Added to every output; a number, or one per output map (K,).
        output_padding: Int or pair: extra cells at the bottom/right; smaller than the stride or
            the dilation.
        dilation: Int or pair: spacing between kernel taps.

    Returns:
        Output of shape (H', W') or (K, H', W'), H' = (H − 1)s − 2p + d(F−1) + output_padding + 1.

    Raises:
        ArgumentError: Bad shapes or parameters.

    >>> transposed_correlate2d([[1, 2], [3, 4]], [[1, 0], [0, 1]])
    array([[1., 2., 0.],
           [3., 5., 2.],
           [0., 3., 4.]])
    """
    plan = plan_transposed(
        x,
        k,
        stride=stride,
        padding=padding,
        bias=bias,
        output_padding=output_padding,
        dilation=dilation,
    )
    x3, k4 = plan.x, plan.k
    _, height, width = x3.shape
    f, g = k4.shape[2:]
    s, t = plan.stride
    d, e = plan.dilation
    canvas = np.zeros(plan.canvas_shape)
    for row in range(f):
        for col in range(g):
            # (C, H, W) · (C, K) -> (K, H, W): every input cell times this tap, for every output map
            patch = np.tensordot(k4[:, :, row, col], x3, axes=([0], [0]))
            canvas[
                :,
                row * d : row * d + (height - 1) * s + 1 : s,
                col * e : col * e + (width - 1) * t + 1 : t,
            ] += patch
    (top, _), (left, _) = plan.crop
    out_h, out_w = plan.out_shape
    out: FloatArray = canvas[:, top : top + out_h, left : left + out_w]
    out = out + plan.bias.reshape(-1, 1, 1)
    return out if plan.stacked else out[0]


def trace_transposed_correlate2d(
    x: npt.ArrayLike,
    k: npt.ArrayLike,
    *,
    stride: IntOrPair = 1,
    padding: IntOrPair = 0,
    output_padding: IntOrPair = 0,
    dilation: IntOrPair = 1,
    fmt: NumberFormat | None = None,
) -> Trace:
    """Step through :func:`transposed_correlate2d`, one INPUT cell at a time.

    Each step paints one input cell's scaled kernel onto the canvas (the output before cropping);
    summing every step's patch where the patches overlap, then cropping ``trace.padding`` from each
    side, gives the output. A bias is added once to every output cell after the last step, so the
    trace takes none.

    Args:
        x: Input of shape (H, W) or (C, H, W).
        k: Kernel (F, G), (C, F, G) or (C, K, F, G), as :func:`transposed_correlate2d` takes it.
        stride: Int or pair.
        padding: Int or pair: cells cropped from each side.
        output_padding: Int or pair.
        dilation: Int or pair.
        fmt: How numbers are written in ``Step.text``.

    Returns:
        A lazy trace of H·W steps; ``Step.out`` is the input cell ``(i, j)``; ``Step.window`` the
        canvas patch ``(maps, rows, columns)`` it paints; ``trace.output_shape`` the output's shape;
        ``trace.padding`` the crop.

    Raises:
        ArgumentError: Bad shapes or parameters.

    >>> trace = trace_transposed_correlate2d([[1, 2], [3, 4]], [[1, 0], [0, 1]])
    >>> len(trace), trace.output_shape, trace[1].text
    (4, (3, 3), '2 × [1 0; 0 1] = [2 0; 0 2]')
    >>> trace[1].window
    (slice(None, None, None), slice(0, 2, 1), slice(1, 3, 1))
    """
    check_format(fmt)
    plan = plan_transposed(
        x, k, stride=stride, padding=padding, output_padding=output_padding, dilation=dilation
    )
    x3, k4 = plan.x, plan.k
    n_channels, height, width = x3.shape
    _, n_maps, f, g = k4.shape
    if n_channels * n_maps * f * g > MAX_STEP_TERMS:
        check_step_terms(n_channels * n_maps * f * g, "k", f"kernel {shape_text(k4.shape)}")
    operands = operand_format(fmt)
    text_of = format_number
    weights = tuple(k4.ravel().tolist())

    def grid(values: FloatArray, number_fmt: NumberFormat | None) -> str:
        return (
            "[" + "; ".join(" ".join(text_of(v, number_fmt) for v in row) for row in values) + "]"
        )

    shown_kernels = [[grid(k4[c, m], operands) for m in range(n_maps)] for c in range(n_channels)]
    s, t = plan.stride
    d, e = plan.dilation

    def make(index: int) -> Step:
        i, j = divmod(index, width)
        cell = x3[:, i, j]  # (C,)
        patch = np.tensordot(cell, k4, axes=([0], [0]))  # (K, F, G)
        maps = []
        for m in range(n_maps):
            painted = " + ".join(
                f"{text_of(float(cell[c]), operands)} × {shown_kernels[c][m]}"
                for c in range(n_channels)
            )
            maps.append(f"{painted} = {grid(patch[m], fmt)}")
        return Step(
            index=index,
            out=(i, j),
            window=(
                slice(None),
                slice(i * s, i * s + d * (f - 1) + 1, d),
                slice(j * t, j * t + e * (g - 1) + 1, e),
            ),
            terms=tuple(patch.ravel().tolist()),
            inputs=tuple(cell.tolist()),
            value=float(cell.sum()),
            text="; ".join(maps),
            weights=weights,
        )

    return Trace(
        make,
        plan.output_shape,
        plan.crop,
        kind="transposed",
        steps_shape=(height, width),
    )
