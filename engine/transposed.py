"""Transposed convolution (torch's ``conv_transpose2d``): each input cell paints a scaled kernel.

Where a strided correlation gathers a window into one output cell, the transposed operation scatters
one input cell into a kernel-sized patch, the patches ``stride`` cells apart, and sums the overlaps.
``padding`` then crops that many cells from each side.

>>> transposed_correlate2d([[1, 2]], [[1, 1]], stride=2)
array([[1., 1., 2., 2.]])
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from engine.errors import ArgumentError
from engine.limits import MAX_CELLS, MAX_WORK, check_cells, check_work
from engine.shapes import transposed_output_size
from engine.types import FloatArray, IntOrPair
from engine.validate import as_numbers, describe, int_pair, plural, shape_text

__all__ = ["transposed_correlate2d"]


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
    canvas = np.zeros(canvas_shape)
    for row in range(f):
        for col in range(g):
            # (C, H, W) · (C, K) -> (K, H, W): every input cell times this tap, for every output map
            patch = np.tensordot(k4[:, :, row, col], x3, axes=([0], [0]))
            canvas[
                :,
                row * d : row * d + (height - 1) * s + 1 : s,
                col * e : col * e + (width - 1) * t + 1 : t,
            ] += patch
    out: FloatArray = canvas[:, pads[0] : pads[0] + out_h, pads[1] : pads[1] + out_w]
    out = out + np.broadcast_to(bias_array, (n_out,)).reshape(-1, 1, 1)
    return out if stacked else out[0]
