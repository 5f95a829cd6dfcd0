"""Argument checks shared by every engine function.

Each check raises :class:`~engine.errors.ArgumentError` (a ``ValueError``) with a one-line message
that names the argument and the value it got, so a notebook user or a lesson author sees what to fix
without reading a traceback; its ``argument`` attribute is the parameter's name as the public
function's signature spells it (``x``, ``k``, ``stride``, ...). A check takes that name as
``argument`` when the message words it differently (``input`` for ``x``, ``kernel size`` for ``f``).

>>> positive_int(2, "stride")
2
>>> positive_int(0, "stride")
Traceback (most recent call last):
...
engine.errors.ArgumentError: stride must be a positive integer, got 0
"""

from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

from engine.errors import ArgumentError, printable
from engine.limits import MAX_CELLS
from engine.types import FloatArray, IntPair, Real, SingleArray

__all__ = [
    "as_int",
    "as_numbers",
    "check_finite",
    "checked_array",
    "describe",
    "finite_number",
    "flag",
    "int_pair",
    "nonnegative_int",
    "per_axis",
    "plural",
    "positive_int",
    "shape_text",
    "too_large",
]


_SHOWN_CHARS = 80
"""A quoted value is cut to this many characters (and ``...``): a message stays one short line."""

_SHOWN_ITEMS = 12
"""Items of a list or tuple quoted before ``...``."""

_SHOWN_DEPTH = 4
"""Nesting quoted before ``(...)``: a 5,000-deep list is not followed down."""

_SHOWN_BITS = 128
"""Integers longer than this (about 39 digits) are described by their number of digits."""


def describe(value: object) -> str:
    """Write a value the way an error message quotes it: strings quoted, tuples as tuples.

    Whatever the value, the text is one printable line of at most about 80 characters: control
    characters are escaped, long or deep containers cut short, a huge integer described by its
    digits, and an object whose ``str`` fails named by its type.

    >>> describe("same"), describe((1, 2)), describe(1.5)
    ("'same'", '(1, 2)', '1.5')
    >>> describe(10**400), describe("a\x1b[2J")
    ('an integer of 401 digits', "'a\\\\x1b[2J'")
    """
    text = printable(_quote(value, 0))
    if len(text) > _SHOWN_CHARS:
        text = text[: _SHOWN_CHARS - 3] + "..."
    return text


def _digits(number: int) -> int:
    """The number of decimal digits of ``abs(number)``, found without ``str`` (which refuses more
    than 4300 digits); beyond about 20,000 digits the last one may be off by one."""
    size = abs(number)
    digits = int(math.log10(size)) + 1  # math.log10 takes integers of any size
    if size.bit_length() <= 2**16:  # the float log can be one off next to a power of ten
        if 10 ** (digits - 1) > size:
            digits -= 1
        elif 10**digits <= size:
            digits += 1
    return digits


def _quote(value: object, depth: int) -> str:
    if isinstance(value, str):
        return repr(value[: _SHOWN_CHARS + 1])
    if isinstance(value, (list, tuple)):
        if depth >= _SHOWN_DEPTH:
            return "(...)"
        items = [_quote(v, depth + 1) for v in value[:_SHOWN_ITEMS]]
        if len(value) > _SHOWN_ITEMS:
            items.append("...")
        inner = ", ".join(items)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, np.ndarray):
        if value.size > _SHOWN_ITEMS or value.ndim > _SHOWN_DEPTH:
            return f"an array of shape {_quote(value.shape, 0)}"
        return _quote(value.tolist(), depth)
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > _SHOWN_BITS:
        sign = "a negative" if value < 0 else "an"
        return f"{sign} integer of {_digits(value)} digits"
    try:
        return str(value)
    except Exception:  # a hostile object's __str__: name its type instead
        return f"a {type(value).__name__} object"


def shape_text(shape: tuple[int, ...]) -> str:
    """Write a shape the way the slides do: ``4x4``.

    >>> shape_text((6, 6)), shape_text((3,))
    ('6x6', '3')
    """
    return "x".join(str(n) for n in shape)


def as_int(value: object) -> int | None:
    """``value`` as a Python int when it is a genuine integer (bool and floats excluded), else None.

    >>> as_int(np.int64(3)), as_int(3.0), as_int(True)
    (3, None, None)
    """
    if isinstance(value, (bool, np.bool_)):
        return None
    try:
        return int(operator.index(value))  # type: ignore[arg-type]
    except TypeError:
        return None


def too_large(value: object, name: str, argument: str) -> ArgumentError:
    """The error for an integer argument over :data:`engine.limits.MAX_CELLS`."""
    return ArgumentError(
        argument,
        f"{name} must be at most 2**26 = {MAX_CELLS} (the engine's size limit), "
        f"got {describe(value)}",
    )


def positive_int(value: object, name: str, argument: str | None = None) -> int:
    """Return ``value`` as an int, or raise if it is not an integer >= 1.

    Args:
        value: The argument as the caller passed it.
        name: The argument's name, used in the message.
        argument: The parameter's name in the signature, when the message words it differently
            (``"n"`` for "input size"); defaults to ``name``.

    Returns:
        The value as a Python int.

    Raises:
        ArgumentError: "stride must be a positive integer, got 0"; or a value over 2**26
            (:data:`engine.limits.MAX_CELLS`, longer than any axis the engine works on).
    """
    number = as_int(value)
    if number is None or number < 1:
        raise ArgumentError(
            argument or name, f"{name} must be a positive integer, got {describe(value)}"
        )
    if number > MAX_CELLS:
        raise too_large(value, name, argument or name)
    return number


def nonnegative_int(value: object, name: str, argument: str | None = None) -> int:
    """Return ``value`` as an int, or raise if it is not an integer >= 0.

    >>> nonnegative_int(0, "padding")
    0
    """
    number = as_int(value)
    if number is None or number < 0:
        raise ArgumentError(
            argument or name, f"{name} must be a non-negative integer, got {describe(value)}"
        )
    if number > MAX_CELLS:
        raise too_large(value, name, argument or name)
    return number


def int_pair(value: object, name: str, *, positive: bool, argument: str | None = None) -> IntPair:
    """Return an int or a pair of ints as a ``(rows, columns)`` pair.

    Args:
        value: An int (used for both axes) or a pair of ints.
        name: The argument's name, used in the message.
        positive: True if each value must be >= 1, False if >= 0.
        argument: The parameter's name in the signature, if not ``name``.

    Returns:
        The pair of Python ints.

    Raises:
        ArgumentError: The value is not an int or a pair, or an entry is out of range.

    >>> int_pair(2, "stride", positive=True), int_pair((1, 2), "stride", positive=True)
    ((2, 2), (1, 2))
    """
    check = positive_int if positive else nonnegative_int
    argument = argument or name
    if isinstance(value, (tuple, list)):
        if len(value) != 2:
            raise ArgumentError(
                argument, f"{name} must be an integer or a pair of integers, got {describe(value)}"
            )
        kind = "positive" if positive else "non-negative"
        try:
            return check(value[0], name, argument), check(value[1], name, argument)
        except ArgumentError:
            raise ArgumentError(
                argument,
                f"{name} must be a {kind} integer or a pair of them, got {describe(value)}",
            ) from None
    number = check(value, name, argument)
    return number, number


def per_axis(value: object, name: str, dims: int, *, positive: bool = True) -> tuple[int, ...]:
    """Return a per-axis integer argument as one int per spatial axis.

    Args:
        value: An int, or (for 2-D) a pair of ints.
        name: The argument's name, used in the message.
        dims: Number of spatial axes, 1 or 2.
        positive: True if each value must be >= 1, False if >= 0.

    Returns:
        ``(n,)`` for 1-D, ``(rows, columns)`` for 2-D.

    >>> per_axis(2, "stride", 1), per_axis(2, "stride", 2)
    ((2,), (2, 2))
    >>> per_axis((0, 1), "padding", 2, positive=False)
    (0, 1)
    """
    if type(value) is int and (1 if positive else 0) <= value <= MAX_CELLS:  # the common case
        return (value,) * dims
    if dims == 1:
        return (positive_int(value, name) if positive else nonnegative_int(value, name),)
    return int_pair(value, name, positive=positive)


def plural(n: int, noun: str) -> str:
    """``n`` and the noun, with an ``s`` unless n is 1: ``1 channel``, ``3 filters``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def flag(value: object, name: str) -> bool:
    """Return a True/False argument, refusing anything else (a string is truthy but not a flag).

    >>> flag(True, "ceil_mode")
    True
    """
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    raise ArgumentError(name, f"{name} must be True or False, got {describe(value)}")


def finite_number(value: object, name: str) -> float:
    """Return a real, finite number as a float.

    >>> finite_number(2, "bias")
    2.0
    >>> finite_number(float("inf"), "bias")
    Traceback (most recent call last):
    ...
    engine.errors.ArgumentError: bias must be a finite number, got inf
    """
    if type(value) is float and math.isfinite(value):  # the common case, checked at once
        return value
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise ArgumentError(name, f"{name} must be a finite number, got {describe(value)}")
    try:
        number = float(value)
    except (OverflowError, ValueError, TypeError):  # 10**400, a huge Fraction
        raise ArgumentError(
            name,
            f"{name} must be a finite number within float range (about 1.8e308), "
            f"got {describe(value)}",
        ) from None
    if not math.isfinite(number):
        raise ArgumentError(name, f"{name} must be a finite number, got {describe(value)}")
    return number


_PYTHON_SUM_SIZE = 32
"""Arrays up to this size are proved finite by a Python sum (cheaper than ``np.errstate``)."""

_FLOAT64 = np.dtype(np.float64)


def _non_numeric_kind(array: npt.NDArray[np.generic]) -> str:
    if array.dtype.kind in "US":
        return f"text such as {describe(str(array.flat[0]))}"
    if array.dtype.kind == "b":
        return "booleans"
    if array.dtype.kind == "c":
        return "complex numbers"
    for item in array.flat:
        if isinstance(item, (bool, np.bool_)) or not isinstance(item, numbers.Real):
            return describe(item)
    return f"dtype {array.dtype}"


def check_finite(array: FloatArray | SingleArray, name: str, argument: str | None = None) -> None:
    """Raise if ``array`` holds a NaN or an infinity, naming the first one's index.

    One pass proves most arrays finite: a sum over the array whose every term is non-finite when an
    element is (NaN times anything is NaN, infinity times zero is NaN, infinity times anything else
    is infinite, and a sum with a non-finite term is non-finite). Only a failing array, or one whose
    sum overflows, pays for the element-wise search.

    - A small array (a kernel, a bias) is summed in Python, where overflow and ``inf - inf`` are
      silent.
    - A larger one goes to BLAS: the dot product of its first half with its second half (the middle
      element of an odd count is in both), so every element is read once. ``np.vdot`` computes it:
      unlike ``np.dot`` it does not turn the floating-point flags into a ``RuntimeWarning``, so
      products overflowing to infinity (1e200 squared) and ``inf * 0`` stay silent without the cost
      of ``np.errstate`` (about 1 us). An overflow just takes the slow path. The tests run these
      cases with warnings as errors, so a NumPy that starts warning here is caught.

    Raises:
        ArgumentError: "input contains nan at index (1, 2); only finite numbers are allowed";
            its ``argument`` is ``argument`` (default ``name``).

    >>> check_finite(np.array([1e200, -1e200]), "input")  # finite, though its squares overflow
    >>> check_finite(np.full(1001, 1e200), "input")
    >>> check_finite(np.array([np.inf] + [0.0] * 99), "input")
    Traceback (most recent call last):
    ...
    engine.errors.ArgumentError: input contains inf at index 0; only finite numbers are allowed
    """
    flat = array.reshape(-1)
    size = flat.size
    if size <= _PYTHON_SUM_SIZE:
        total = sum(flat.tolist())
    else:
        half = (size + 1) // 2
        total = float(np.vdot(flat[:half], flat[size - half :]))
    if math.isfinite(total):
        return
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size == 0:
        return
    index = tuple(int(i) for i in np.unravel_index(int(bad[0]), array.shape))
    where = str(index[0]) if len(index) == 1 else describe(index)
    value = float(array.flat[int(bad[0])])
    raise ArgumentError(
        argument or name,
        f"{name} contains {value} at index {where}; only finite numbers are allowed",
    )


def as_numbers(
    value: npt.ArrayLike,
    name: str,
    expected: Mapping[int, str] | None = None,
    *,
    more: bool = False,
    argument: str | None = None,
) -> FloatArray:
    """Turn ``value`` into a finite float64 array of an accepted number of dimensions.

    Args:
        value: Anything NumPy turns into an array of real numbers.
        name: The argument's name, used in the message ("input", "kernel", ...).
        expected: Accepted dimension counts mapped to their shape names, e.g. ``{2: "(H, W)"}``;
            None accepts any shape.
        more: Also accept more dimensions than the largest in ``expected`` (leading axes).
        argument: The parameter's name in the signature (``"x"`` for "input"), if not ``name``.

    Returns:
        The array as float64 (no copy when it already is one).

    Raises:
        ArgumentError: The value is ragged, not numeric, empty, of the wrong dimension or not
            finite.

    >>> as_numbers([[1, 2], [3, 4]], "input", {2: "(H, W)"}).dtype
    dtype('float64')
    >>> as_numbers([1, 2], "input", {2: "(H, W)", 3: "(C, H, W)"})
    Traceback (most recent call last):
    ...
    engine.errors.ArgumentError: input must be 2-D (H, W) or 3-D (C, H, W), got shape (2,)
    """
    if type(value) is np.ndarray and value.dtype is _FLOAT64:  # the common case, no conversion
        array: FloatArray = value
    else:
        try:
            raw = np.asarray(value)
        except (ValueError, TypeError, OverflowError, RecursionError):
            raise ArgumentError(
                argument or name,
                f"{name} must be a rectangular array of numbers (all rows the same length)",
            ) from None
        if raw.dtype.kind not in "iuf":
            converted = None
            if raw.dtype.kind == "O":
                kind = _non_numeric_kind(raw)
                if kind.startswith("dtype"):
                    try:
                        converted = raw.astype(np.float64)
                    except (OverflowError, ValueError, TypeError):  # 10**400, a huge Fraction
                        raise ArgumentError(
                            argument or name,
                            f"{name} holds a number too large for a float (over 1.8e308)",
                        ) from None
            if converted is None:
                raise ArgumentError(
                    argument or name,
                    f"{name} must contain only numbers, got {_non_numeric_kind(raw)}",
                )
            raw = converted
        array = raw.astype(np.float64, copy=False)
    return checked_array(array, name, expected, more=more, argument=argument)


def checked_array(
    array: npt.NDArray[Real],
    name: str,
    expected: Mapping[int, str] | None = None,
    *,
    more: bool = False,
    argument: str | None = None,
) -> npt.NDArray[Real]:
    """The checks of :func:`as_numbers` on an array that already holds floats, kept as it is.

    The vectorized correlations call it on float32 arrays, which they compute in float32.

    Args:
        array: A float32 or float64 array, of any shape.
        name: The argument's name, used in the message.
        expected: Accepted dimension counts mapped to their shape names; None accepts any shape.
        more: Also accept more dimensions than the largest in ``expected``.
        argument: The parameter's name in the signature, if not ``name``.

    Returns:
        ``array`` itself.

    Raises:
        ArgumentError: The array is of the wrong dimension, empty or not finite, with the
            messages of :func:`as_numbers`.

    >>> checked_array(np.ones(2, np.float32), "kernel", {1: "(F,)"}).dtype
    dtype('float32')
    """
    wrong = expected is not None and array.ndim not in expected
    if wrong and expected is not None and not (more and array.ndim > max(expected)):
        forms = [shape if n == 0 else f"{n}-D {shape}" for n, shape in sorted(expected.items())]
        accepted = forms[0] if len(forms) == 1 else ", ".join(forms[:-1]) + " or " + forms[-1]
        if more:
            accepted += " (leading axes allowed)"
        raise ArgumentError(
            argument or name, f"{name} must be {accepted}, got shape {describe(array.shape)}"
        )
    if array.size == 0:
        raise ArgumentError(argument or name, f"{name} is empty (shape {describe(array.shape)})")
    check_finite(array, name, argument)
    return array
