"""Type aliases shared by the engine modules.

Every array the engine returns is ``FloatArray``: a NumPy array of float64, except the vectorized
correlations given two float32 arrays, which compute and return float32 (``SingleArray``), as
torch does. Arguments accept anything NumPy can turn into numbers (``npt.ArrayLike``: lists,
tuples, integer arrays, ...).
"""

from __future__ import annotations

from typing import Literal, TypeVar

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
"""A float64 NumPy array; every array the engine returns has this type."""

SingleArray = npt.NDArray[np.float32]
"""A float32 NumPy array: what ``correlate2d`` (and ``correlate1d``, ``convolve2d``) return for a
float32 input and kernel."""

Real = TypeVar("Real", np.float32, np.float64)
"""The float type of an array computed in its own precision: float32 or float64."""

IntPair = tuple[int, int]
"""A ``(rows, columns)`` pair, or ``(before, after)`` for one axis."""

IntOrPair = int | tuple[int, int]
"""An int used for both axes, or one value per axis."""

SidePadding = tuple[tuple[int, int], ...]
"""Padding per side: ``((top, bottom), (left, right))`` for 2-D, ``((left, right),)`` for 1-D."""

PaddingArg = int | tuple[int, int] | tuple[tuple[int, int], ...] | str
"""What ``padding=`` accepts: an int, a pair, per-side pairs, or ``"valid"`` / ``"same"``."""

PoolMode = Literal["max", "avg"]
"""Pooling mode: ``"max"`` or ``"avg"``."""

__all__ = [
    "FloatArray",
    "IntOrPair",
    "IntPair",
    "PaddingArg",
    "PoolMode",
    "Real",
    "SidePadding",
    "SingleArray",
]
