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

from engine.types import FloatArray
from engine.validate import as_numbers

__all__ = ["flatten", "relu"]


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
