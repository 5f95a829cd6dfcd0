"""How numbers are written: in step text, in grids, in quiz answers.

One function, :func:`format_number`, shared by the engine, the lessons and the UI, so a value reads
the same everywhere. The default writes integers without decimals (``3``, ``-1``) and other values
with up to four decimals, trailing zeros stripped. A :class:`NumberFormat` picks a number of
decimals, rounding or truncating (deck 003 truncates 7/9 to ``0.77``), or exact fractions (``7/9``).

>>> format_number(3.0), format_number(-1), format_number(2 / 3)
('3', '-1', '0.6667')
>>> format_number(7 / 9, NumberFormat(2, "truncate"))
'0.77'
>>> format_number(7 / 9, NumberFormat(mode="fraction"))
'7/9'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal
from fractions import Fraction
from typing import Literal

from engine.errors import ArgumentError
from engine.validate import describe, flag

__all__ = ["MAX_DECIMALS", "NumberFormat", "check_format", "format_number", "operand_format"]

DEFAULT_DECIMALS = 4
"""Decimals used when a format gives none."""

MAX_DECIMALS = 17
"""Most decimal places a format writes: a float has about 17 significant digits, so more would
only write noise (and a 30-decimal quantize overflows Decimal's default precision)."""

_MODES = ("round", "truncate", "fraction")

_DECIMAL = Context(prec=16 + MAX_DECIMALS + 8)
"""Room for the 16 integer digits a value below 1e16 can have, plus every decimal."""


@dataclass(frozen=True)
class NumberFormat:
    """How to write a number.

    Attributes:
        decimals: Decimal places, 0 to 17 (:data:`MAX_DECIMALS`), or None for the default (up to
            4, trailing zeros stripped).
        mode: ``"round"`` (half away from zero, as people round by hand), ``"truncate"`` (toward
            zero, the way deck 003 prints 7/9 as 0.77) or ``"fraction"`` (``7/9``; ``decimals`` is
            ignored).
        fixed: If True, always write exactly ``decimals`` places (``1.00``, as deck 003's grids do);
            if False, integers print without decimals and trailing zeros are stripped. It is meant
            for results (map values): a correlation's weights, inputs, bias and divisor are written
            with :meth:`plain` instead, ``1*-1``, never ``1.00*-1.00``.
        max_denominator: Largest denominator in ``"fraction"`` mode.

    >>> format_number(1.0, NumberFormat(2, fixed=True)), format_number(1.0, NumberFormat(2))
    ('1.00', '1')
    """

    decimals: int | None = None
    mode: Literal["round", "truncate", "fraction"] = "round"
    fixed: bool = False
    max_denominator: int = 1000

    def __post_init__(self) -> None:
        """Check every field.

        Raises:
            ArgumentError: A field out of range, named by ``argument``.
        """
        if self.decimals is not None and (
            isinstance(self.decimals, bool)
            or not isinstance(self.decimals, int)
            or self.decimals < 0
        ):
            raise ArgumentError(
                "decimals",
                f"decimals must be a non-negative integer or None, got {describe(self.decimals)}",
            )
        if self.decimals is not None and self.decimals > MAX_DECIMALS:
            raise ArgumentError(
                "decimals",
                f"decimals must be at most {MAX_DECIMALS} (a float has about 17 significant "
                f"digits), got {describe(self.decimals)}",
            )
        if not isinstance(self.mode, str) or self.mode not in _MODES:
            raise ArgumentError(
                "mode",
                f"mode must be 'round', 'truncate' or 'fraction', got {describe(self.mode)}",
            )
        flag(self.fixed, "fixed")
        if (
            isinstance(self.max_denominator, bool)
            or not isinstance(self.max_denominator, int)
            or self.max_denominator < 1
        ):
            raise ArgumentError(
                "max_denominator",
                f"max_denominator must be a positive integer, got {describe(self.max_denominator)}",
            )

    def plain(self) -> NumberFormat:
        """This format without ``fixed``: how a correlation writes its weights and inputs.

        Integers print bare and trailing zeros are stripped; decimals and mode still apply.

        >>> fmt = NumberFormat(2, "truncate", fixed=True)
        >>> format_number(-1.0, fmt.plain()), format_number(7 / 9, fmt.plain())
        ('-1', '0.77')
        """
        return replace(self, fixed=False) if self.fixed else self


def operand_format(fmt: NumberFormat | None) -> NumberFormat | None:
    """The format for a correlation's operands (weights, inputs, bias, divisor): ``fmt.plain()``.

    Results, partial sums and pooled values (map values) keep ``fmt`` itself, ``fixed``
    included: deck 003 writes its maps as ``1.00`` and ``0.77`` but its pixels and weights as
    ``1`` and ``-1``.

    >>> operand_format(None) is None, operand_format(NumberFormat(2, fixed=True))
    (True, NumberFormat(decimals=2, mode='round', fixed=False, max_denominator=1000))
    """
    checked = check_format(fmt)
    return None if checked is None else checked.plain()


def check_format(fmt: object) -> NumberFormat | None:
    """Return ``fmt`` if it is a :class:`NumberFormat` or None.

    Raises:
        ArgumentError: "fmt must be a NumberFormat or None, got 2" (``argument`` is ``"fmt"``).
    """
    if fmt is None or isinstance(fmt, NumberFormat):
        return fmt
    raise ArgumentError("fmt", f"fmt must be a NumberFormat or None, got {describe(fmt)}")


def _strip(text: str) -> str:
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _fraction(value: float, max_denominator: int) -> str:
    exact = Fraction(value).limit_denominator(max_denominator)
    if exact.denominator == 1:
        return str(exact.numerator)
    return f"{exact.numerator}/{exact.denominator}"


def format_number(value: float, fmt: NumberFormat | None = None) -> str:
    """Write ``value`` as the slides would.

    Args:
        value: The number (any real; NaN and infinities print as ``nan``, ``inf``, ``-inf``).
        fmt: The format, or None for the default: integers without decimals, others with up to four
            decimals and trailing zeros stripped.

    Returns:
        The text, never ``-0``.

    Raises:
        ArgumentError: ``value`` is not a real number or is beyond float range (``10**400``), or
            ``fmt`` is not a NumberFormat.

    >>> format_number(0.5), format_number(-0.0), format_number(1 / 3, NumberFormat(2))
    ('0.5', '0', '0.33')
    >>> format_number(1.5e30)
    '1.5e+30'
    >>> format_number(-5 / 9, NumberFormat(2, "truncate")), format_number(5 / 3, NumberFormat(1))
    ('-0.55', '1.7')
    """
    # Fast path for the commonest case, a whole float in the default format (every pixel and weight
    # of the slides): the same text the general path below writes, without its checks.
    if fmt is None and type(value) is float and value.is_integer() and -1e16 < value < 1e16:
        return str(int(value))
    if fmt is not None and type(fmt) is not NumberFormat:
        check_format(fmt)
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ArgumentError("value", f"value must be a number, got {describe(value)}") from None
    except OverflowError:  # 10**400, a huge Fraction: no float holds it
        raise ArgumentError(
            "value", f"value must be within float range (about 1.8e308), got {describe(value)}"
        ) from None
    if not math.isfinite(value):
        return str(value)
    if (
        abs(value) >= 1e16
    ):  # beyond float's exact integers: scientific notation, as Python writes it
        return repr(value)
    if fmt is None:
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        text = _strip(f"{value:.{DEFAULT_DECIMALS}f}")
        if text == "0":  # a tiny non-zero value: show its significant digits, not a misleading 0
            return f"{value:.{DEFAULT_DECIMALS}g}"
        return text
    if fmt.mode == "fraction":
        return _fraction(value, fmt.max_denominator)
    decimals = DEFAULT_DECIMALS if fmt.decimals is None else fmt.decimals
    if not fmt.fixed and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    rounding = ROUND_DOWN if fmt.mode == "truncate" else ROUND_HALF_UP
    quantized = Decimal(repr(value)).quantize(
        Decimal(1).scaleb(-decimals), rounding=rounding, context=_DECIMAL
    )
    text = f"{quantized:f}"
    if text.startswith("-") and quantized.is_zero():
        text = text[1:]
    return text if fmt.fixed else _strip(text)
