"""Pure-NumPy convolution arithmetic that steps, narrates and agrees with torch.

Every number the tutor shows comes from here. Semantics are those of ``torch.nn.functional`` (one
sample, no batch axis): :func:`correlate2d` is ``conv2d``, :func:`pool2d` is ``max_pool2d`` /
``avg_pool2d``, :func:`transposed_correlate2d` is ``conv_transpose2d``;
:func:`gradient_magnitude` is ``√(Gx² + Gy²)`` of two such correlations (Sobel x and y by
default). Each ``trace_*`` function steps through the same arithmetic one output cell at a time
and narrates it as the slides do::

    >>> from engine import trace_correlate2d
    >>> x = [[3, 7, 9, 1], [8, 1, 3, 3], [7, 4, 6, 4]]
    >>> trace_correlate2d(x, [[1, 0, -1]] * 3)[1].text
    '1*7 + 0*9 + -1*1 + 1*1 + 0*3 + -1*3 + 1*4 + 0*6 + -1*4 = 4'

Every bad argument raises :class:`ArgumentError`, a ``ValueError`` with a one-line message whose
``argument`` attribute names the parameter at fault as the signature spells it (``"x"``, ``"k"``,
``"stride"``, ...). A call whose padding, sizes or kernels imply more work than
:mod:`engine.limits` allows (2**26 cells in any array, 2**30 multiply-adds or 2**34 for the
vectorized correlations, 2**16 terms in a step) is refused the same way, before anything is
allocated. Arrays are float64, except that :func:`correlate1d`, :func:`correlate2d` and
:func:`convolve2d` compute two float32 arrays in float32 and return float32, as torch does. The
engine never imports textual, rich or torch.
"""

from __future__ import annotations

from engine.backward import (
    ConvGradients,
    correlate1d_backward,
    correlate2d_backward,
    pool1d_backward,
    pool2d_backward,
    relu_backward,
)
from engine.backward_steps import (
    backward_canvas,
    trace_correlate2d_backward,
    trace_pool2d_backward,
    trace_relu_backward,
)
from engine.correlate import convolve2d, correlate1d, correlate2d
from engine.display import NumberFormat, format_number, operand_format
from engine.errors import ArgumentError
from engine.layers import flatten, relu, trace_relu
from engine.limits import MAX_CELLS, MAX_CORRELATION_WORK, MAX_STEP_TERMS, MAX_WORK
from engine.magnitude import SOBEL_X, SOBEL_Y, gradient_magnitude, trace_gradient_magnitude
from engine.padding import pad
from engine.pooling import pool1d, pool2d
from engine.shapes import (
    conv_params,
    dense_params,
    full_padding,
    output_size,
    output_size_formula,
    same_padding,
    transposed_output_size,
)
from engine.steps import (
    trace_convolve2d,
    trace_correlate1d,
    trace_correlate2d,
    trace_pool1d,
    trace_pool2d,
)
from engine.trace import Step, Trace
from engine.transposed import trace_transposed_correlate2d, transposed_correlate2d
from engine.types import FloatArray

__all__ = [
    "MAX_CELLS",
    "MAX_CORRELATION_WORK",
    "MAX_STEP_TERMS",
    "MAX_WORK",
    "SOBEL_X",
    "SOBEL_Y",
    "ArgumentError",
    "ConvGradients",
    "FloatArray",
    "NumberFormat",
    "Step",
    "Trace",
    "backward_canvas",
    "conv_params",
    "convolve2d",
    "correlate1d",
    "correlate1d_backward",
    "correlate2d",
    "correlate2d_backward",
    "dense_params",
    "flatten",
    "format_number",
    "full_padding",
    "gradient_magnitude",
    "operand_format",
    "output_size",
    "output_size_formula",
    "pad",
    "pool1d",
    "pool1d_backward",
    "pool2d",
    "pool2d_backward",
    "relu",
    "relu_backward",
    "same_padding",
    "trace_convolve2d",
    "trace_correlate1d",
    "trace_correlate2d",
    "trace_correlate2d_backward",
    "trace_gradient_magnitude",
    "trace_pool1d",
    "trace_pool2d",
    "trace_pool2d_backward",
    "trace_relu",
    "trace_relu_backward",
    "trace_transposed_correlate2d",
    "transposed_correlate2d",
    "transposed_output_size",
]
