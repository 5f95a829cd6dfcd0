"""Zero padding: the helper the slides draw, and the parser behind every ``padding=`` argument.

>>> pad([[1, 2], [3, 4]], 1)
array([[0., 0., 0., 0.],
       [0., 1., 2., 0.],
       [0., 3., 4., 0.],
       [0., 0., 0., 0.]])
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from engine.errors import ArgumentError
from engine.limits import MAX_CELLS, check_cells
from engine.shapes import same_padding
from engine.types import FloatArray, PaddingArg, Real, SidePadding
from engine.validate import as_int, as_numbers, describe, shape_text, too_large

__all__ = ["pad", "resolve_padding"]

_PADDING_FORMS = "a non-negative integer, a pair, per-side pairs, 'valid' or 'same'"


_NUMERIC_FORMS = "a non-negative integer, a pair or per-side pairs"


def _bad_padding(padding: object, forms: str = _PADDING_FORMS) -> ArgumentError:
    return ArgumentError("padding", f"padding must be {forms}, got {describe(padding)}")


def _nonneg(value: object, padding: object, forms: str = _PADDING_FORMS) -> int:
    number = as_int(value)
    if number is None or number < 0:
        raise _bad_padding(padding, forms)
    if number > MAX_CELLS:
        raise too_large(value, "padding", "padding")
    return number


def resolve_padding(
    padding: object,
    dims: int,
    *,
    kernel: tuple[int, ...] | None = None,
    stride: tuple[int, ...] | None = None,
    dilation: tuple[int, ...] | None = None,
    allow_strings: bool = True,
) -> SidePadding:
    """Turn any ``padding=`` form into per-side pairs, one per spatial axis.

    Args:
        padding: An int (every side); a pair: ``(p, q)`` rows and columns for 2-D, ``(left, right)``
            for 1-D; per-side pairs ``((top, bottom), (left, right))`` or ``((left, right),)``; or
            ``"valid"`` (none) / ``"same"`` (torch's: stride 1, the extra cell bottom/right).
        dims: Number of spatial axes, 1 or 2.
        kernel: Kernel size per axis (needed for ``"same"``; a trace's ``padding`` attribute holds
            the resolved sides).
        stride: Stride per axis (``"same"`` needs 1).
        dilation: Dilation per axis (for ``"same"``).
        allow_strings: False where torch has no ``"same"`` (pooling, transposed convolution).

    Returns:
        ``((before, after), ...)``, one pair per spatial axis.

    Raises:
        ArgumentError: Negative or malformed padding, or ``"same"`` with a stride other than 1
            (``argument`` is ``"padding"``).

    >>> resolve_padding(1, 2), resolve_padding((2, 1), 2), resolve_padding((0, 1), 1)
    (((1, 1), (1, 1)), ((2, 2), (1, 1)), ((0, 1),))
    >>> resolve_padding("same", 2, kernel=(3, 4), stride=(1, 1), dilation=(1, 1))
    ((1, 1), (1, 2))
    """
    if type(padding) is int and 0 <= padding <= MAX_CELLS:  # the common case, checked at once
        return ((padding, padding),) * dims
    forms = _PADDING_FORMS if allow_strings else _NUMERIC_FORMS
    if isinstance(padding, str):
        if not allow_strings or padding not in ("valid", "same"):
            raise _bad_padding(padding, forms)
        if padding == "valid":
            return ((0, 0),) * dims
        if kernel is None:
            raise ArgumentError(
                "padding", "padding 'same' needs the kernel size to work out the padding"
            )
        strides = stride or (1,) * dims
        if any(s != 1 for s in strides):
            shown = strides[0] if dims == 1 or strides[0] == strides[1] else strides
            raise ArgumentError(
                "padding", f"padding 'same' needs stride 1, got stride {describe(shown)}"
            )
        dilations = dilation or (1,) * dims
        return tuple(same_padding(f, dilation=d) for f, d in zip(kernel, dilations, strict=True))
    value = padding.tolist() if isinstance(padding, np.ndarray) else padding  # 0-d: a number
    if isinstance(value, (tuple, list)):
        items = [item.tolist() if isinstance(item, np.ndarray) else item for item in value]
        if all(isinstance(item, (tuple, list)) for item in items) and items:
            if len(items) != dims or any(len(item) != 2 for item in items):
                raise _bad_padding(padding, forms)
            return tuple((_nonneg(a, padding, forms), _nonneg(b, padding, forms)) for a, b in items)
        if len(items) != 2:
            raise _bad_padding(padding, forms)
        first, second = _nonneg(items[0], padding, forms), _nonneg(items[1], padding, forms)
        if dims == 1:
            return ((first, second),)
        return ((first, first), (second, second))
    p = _nonneg(value, padding, forms)
    return ((p, p),) * dims


def pad_spatial(x: npt.NDArray[Real], sides: SidePadding, value: float = 0.0) -> npt.NDArray[Real]:
    """Pad the last ``len(sides)`` axes of an already validated array.

    Args:
        x: Array of shape (..., L) or (..., H, W).
        sides: Per-side padding of the trailing axes.
        value: Fill value (``-inf`` shows how max pooling sees its padding).

    Returns:
        The padded copy, of ``x``'s dtype, shape (..., L + left + right) or
        (..., H + top + bottom, W + left + right).
    """
    width = [(0, 0)] * (x.ndim - len(sides)) + [tuple(side) for side in sides]
    padded: npt.NDArray[Real] = np.pad(x, width, mode="constant", constant_values=value)
    return padded


def pad(x: npt.ArrayLike, padding: PaddingArg, *, value: float = 0.0) -> FloatArray:
    """Surround the input with ``value`` (zero by default), as the padding slides draw it.

    A 1-D input is padded along its only axis. Any other input is padded along its last two axes
    (rows and columns), unless ``padding`` is a single per-side pair ``((left, right),)``, which
    pads only the last axis (the rows-as-channels layout of ``pool1d``).

    Args:
        x: Input of shape (L,), (H, W) or (C, H, W) (more leading axes are allowed).
        padding: An int for every side; ``(p, q)`` for p rows above and below and q columns left
            and right (``(left, right)`` for a 1-D input); or per side
            ``((top, bottom), (left, right))``.
        value: The fill value; ``float("-inf")`` draws max pooling's padding.

    Returns:
        The padded input: (L + 2p,), (H + 2p, W + 2q) or (C, H + top + bottom, W + left + right).

    Raises:
        ArgumentError: Malformed or negative padding, a bad fill value, or a non-numeric or
            non-finite input.

    >>> pad([1, 2, 3], (1, 0))
    array([0., 1., 2., 3.])
    >>> pad([[1, 2]], (1, 0)).shape, pad([[1, 2]], ((0, 1), (2, 0))).shape
    ((3, 2), (2, 4))
    """
    array = as_numbers(
        x, "input", {1: "(L,)", 2: "(H, W)", 3: "(C, H, W)"}, more=True, argument="x"
    )
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.number)):
        raise ArgumentError("value", f"value must be a number, got {describe(value)}")
    try:
        fill = float(value)
    except (OverflowError, TypeError, ValueError):  # 10**400, a complex NumPy number
        raise ArgumentError(
            "value", f"value must be a real number within float range, got {describe(value)}"
        ) from None
    if math.isnan(fill):
        raise ArgumentError("value", "value must be a number, got nan")
    if (
        isinstance(padding, (tuple, list))
        and len(padding) == 1
        and isinstance(padding[0], (tuple, list))
    ):
        dims = 1
    else:
        dims = 1 if array.ndim == 1 else 2
    sides = resolve_padding(padding, dims, allow_strings=False)
    lead = array.shape[: array.ndim - dims]
    padded = tuple(
        n + a + b for n, (a, b) in zip(array.shape[array.ndim - dims :], sides, strict=True)
    )
    check_cells(
        math.prod(lead) * math.prod(padded),
        "padding" if any(map(any, sides)) else "x",
        f"the padded input {shape_text(lead + padded)}",
    )
    return pad_spatial(array, sides, fill)
