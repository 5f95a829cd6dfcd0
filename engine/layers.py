"""The parameter-free layers between convolutions: ReLU and flatten.

>>> relu([[-2, 3], [0, -0.5]])
array([[0., 3.],
       [0., 0.]])
>>> flatten([[2, 4], [3, 1], [3, 4]])  # deck 004: a 3x2 input becomes 6 values
array([2., 4., 3., 1., 3., 4.])
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from engine.display import NumberFormat, check_format, format_number
from engine.trace import Step, Trace
from engine.types import FloatArray
from engine.validate import as_numbers

__all__ = ["flatten", "relu", "trace_relu"]


def relu(x: npt.ArrayLike) -> FloatArray:
    """Rectified linear unit: max(0, x) element-wise.

    Args:
        x: Any shape.

    Returns:
        Same shape as ``x``, negatives replaced by 0.

    Raises:
        ArgumentError: Non-numeric or non-finite input.
    """
    array = as_numbers(x, "input", argument="x")
    result: FloatArray = np.maximum(array, 0.0)
    return result


def trace_relu(x: npt.ArrayLike, *, fmt: NumberFormat | None = None) -> Trace:
    """Step through :func:`relu`, one cell at a time, row-major.

    Args:
        x: Any shape, e.g. (H, W) or (C, H, W).
        fmt: How numbers are written in ``Step.text``.

    Returns:
        A lazy trace; ``Step.out`` and ``Step.window`` pick the one cell, ``Step.inputs`` its value.

    Raises:
        ArgumentError: Non-numeric or non-finite input.

    >>> [step.text for step in trace_relu([[-3, 2], [0, -0.5]])]
    ['max(0, -3) = 0', 'max(0, 2) = 2', 'max(0, 0) = 0', 'max(0, -0.5) = 0']
    """
    check_format(fmt)
    array = as_numbers(x, "input", argument="x")
    shape = array.shape
    flat = array.reshape(-1)
    text_of = format_number

    def make(index: int) -> Step:
        out = tuple(int(i) for i in np.unravel_index(index, shape))
        value = float(flat[index])
        result = max(0.0, value)
        return Step(
            index=index,
            out=out,
            window=tuple(slice(i, i + 1) for i in out),
            terms=(value,),
            inputs=(value,),
            value=result,
            text=f"max(0, {text_of(value, fmt)}) = {text_of(result, fmt)}",
        )

    return Trace(make, shape, ((0, 0),) * min(2, len(shape)), kind="relu")


def flatten(x: npt.ArrayLike) -> FloatArray:
    """All values in one row, row-major (as ``torch.flatten`` of one sample).

    Args:
        x: Any shape, e.g. (C, H, W).

    Returns:
        Shape (N,), N the number of values.

    Raises:
        ArgumentError: Non-numeric or non-finite input.
    """
    array = as_numbers(x, "input", argument="x")
    flat: FloatArray = array.reshape(-1).copy()
    return flat
