"""The one number parser: lesson files, quiz answers and command-line arguments read numbers here.

Accepted forms (ASCII digits only):

- integers: ``-7``, ``+3``, ``007``;
- decimals: ``0.55``, ``.5``, ``-.5``, ``9.`` (torch prints ``9.`` for 9.0);
- fractions: ``2/3``, ``-7/9``, ``1 / 9`` (blanks around the slash are fine; the sign goes first);
- scientific notation: ``1e2``, ``1.5e-3``, ``2E+3``;
- a typographic minus (``−``, ``–``) or a full-width plus (``＋``) as the sign, as copied from a
  slide.

Refused, each with one line that names the text:

- a decimal comma, ``0,55``: lesson grids and lists of answers separate numbers with commas, so
  ``0,55`` could be 0.55 or the two numbers 0 and 55. Rather than guess, the message suggests
  ``0.55``;
- ``inf``, ``nan``, hexadecimal, underscores (``1_000``), spaces inside a number (``1 000``),
  digits of other scripts and division by zero;
- anything longer than :data:`MAX_CHARS` characters, an exponent beyond ±:data:`MAX_EXPONENT`,
  and a magnitude above :data:`MAX_MAGNITUDE`. These bounds keep every accepted number cheap
  (no ``10**999999999`` to build, no 5,000-digit integer to convert) and within what a float
  holds, so no caller meets ``OverflowError`` or ``decimal.InvalidOperation`` later. Lessons
  show small worked examples and answers are small numbers; the bounds are far beyond both.

Values are exact: ``0.1`` is ``Fraction(1, 10)``, not the float nearest to it.

>>> parse_number("-7/9").value
Fraction(-7, 9)
>>> parse_number("1.5e-3")
Number(value=Fraction(3, 2000), decimals=4)
>>> parse_number("0,55")
Traceback (most recent call last):
...
lessons.numbers.NumberError: '0,55' has a decimal comma: write 0.55 (a comma separates numbers)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

__all__ = [
    "MAX_CHARS",
    "MAX_EXPONENT",
    "MAX_MAGNITUDE",
    "Number",
    "NumberError",
    "NumberErrorKind",
    "parse_number",
    "parse_value",
    "quote",
]

MAX_CHARS = 40
"""The longest number text, in characters once surrounding blanks are stripped."""

MAX_EXPONENT = 30
"""The largest exponent, either sign, in scientific notation (``1e30``, ``1e-30``)."""

MAX_MAGNITUDE = 10**15
"""The largest size of a number, ``|x| <= 1e15``: floats hold every integer up to it exactly."""

NumberErrorKind = Literal[
    "empty", "too_long", "comma", "exponent", "too_large", "zero_division", "not_a_number"
]
"""Why a text is not a number, so that a caller can word the message its own way."""

_SIGNS = str.maketrans({"−": "-", "–": "-", "＋": "+"})
_DECIMAL = re.compile(
    r"(?P<sign>[+-]?)(?P<whole>[0-9]*)(?:\.(?P<frac>[0-9]*))?(?:[eE](?P<exp>[+-]?[0-9]+))?",
    re.ASCII,
)
_FRACTION = re.compile(r"(?P<sign>[+-]?)(?P<top>[0-9]+)\s*/\s*(?P<bottom>[0-9]+)", re.ASCII)
_QUOTE_CHARS = 24


def quote(text: str, limit: int = _QUOTE_CHARS) -> str:
    """``text`` quoted for a message: control characters escaped, at most ``limit`` characters.

    The limit counts what is shown, escapes included, so no text makes a long message.

    >>> quote("0,55"), quote("9" * 30), quote("1\\x1b[2J")
    ("'0,55'", "'99999999999999999999999…'", "'1\\\\x1b[2J'")
    """
    shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
    if len(shown) > limit:
        shown = shown[: limit - 1] + "…"
    return f"'{shown}'"


@dataclass(frozen=True)
class Number:
    """A number as written.

    Attributes:
        value: The exact value (``0.55`` is ``Fraction(11, 20)``).
        decimals: Digits after the decimal point once the exponent is applied (``0.50`` has 2,
            ``1.5e-3`` has 4, ``1e2`` and ``9.`` have 0); None for an integer or a fraction.
    """

    value: Fraction
    decimals: int | None


class NumberError(ValueError):
    """A text that is not a number this parser accepts; the message is one line naming the text.

    Attributes:
        kind: Why (see :data:`NumberErrorKind`).
        text: The text, blanks stripped.
        suggestion: What to write instead, where there is an obvious fix (``0.55`` for ``0,55``).
    """

    def __init__(
        self, kind: NumberErrorKind, text: str, message: str, suggestion: str | None = None
    ) -> None:
        super().__init__(message)
        self.kind: NumberErrorKind = kind
        self.text = text
        self.suggestion = suggestion


def _fail(kind: NumberErrorKind, text: str, suggestion: str | None = None) -> NumberError:
    shown = quote(text)
    messages: dict[NumberErrorKind, str] = {
        "empty": "no number given: write one such as -7, 0.55 or 7/9",
        "too_long": f"{shown} is too long for a number (at most {MAX_CHARS} characters)",
        "comma": f"{shown} has a decimal comma: write {suggestion} (a comma separates numbers)",
        "exponent": f"{shown} has an exponent beyond ±{MAX_EXPONENT}",
        "too_large": f"{shown} is too large: numbers here are at most 1e15 in size",
        "zero_division": f"{shown} divides by zero",
        "not_a_number": f"{shown} is not a number: write one such as -7, 0.55, 7/9 or 1.5e-3",
    }
    return NumberError(kind, text, messages[kind], suggestion)


def _comma_fix(text: str) -> str | None:
    """``0.55`` for ``0,55``: the text with its one comma read as a point, if that is a number."""
    if text.count(",") != 1:
        return None
    fixed = text.replace(",", ".")
    try:
        parse_number(fixed)
    except NumberError:
        return None
    return fixed


def parse_number(text: str) -> Number:
    """Read a number written in one of the accepted forms (see the module docstring).

    Args:
        text: The text as typed; blanks around it are ignored.

    Returns:
        The exact value and the decimals written.

    Raises:
        NumberError: For anything else, with a one-line message naming the text.

    >>> parse_number(" .5 "), parse_number("−7").value, parse_number("1e2").value
    (Number(value=Fraction(1, 2), decimals=1), Fraction(-7, 1), Fraction(100, 1))
    """
    stripped = text.strip()
    if not stripped:
        raise _fail("empty", stripped)
    if len(stripped) > MAX_CHARS:  # before any arithmetic: the cost of what follows is bounded
        raise _fail("too_long", stripped)
    cleaned = stripped.translate(_SIGNS)
    number = _fraction(cleaned, stripped)
    if number is None:
        number = _decimal(cleaned, stripped)
    if number is None:
        if "," in cleaned:
            suggestion = _comma_fix(cleaned)
            if suggestion is not None:
                raise _fail("comma", stripped, suggestion)
        raise _fail("not_a_number", stripped)
    if abs(number.value) > MAX_MAGNITUDE:
        raise _fail("too_large", stripped)
    return number


def _fraction(cleaned: str, stripped: str) -> Number | None:
    match = _FRACTION.fullmatch(cleaned)
    if match is None:
        return None
    bottom = int(match["bottom"])
    if bottom == 0:
        raise _fail("zero_division", stripped)
    top = int(match["top"])
    return Number(Fraction(-top if match["sign"] == "-" else top, bottom), None)


def _decimal(cleaned: str, stripped: str) -> Number | None:
    match = _DECIMAL.fullmatch(cleaned)
    if match is None or not (match["whole"] or match["frac"]):
        return None  # no digit at all: "", ".", "-", "e5"
    frac = match["frac"]
    exponent = 0
    if match["exp"] is not None:
        exponent = int(match["exp"])  # at most 39 digits: cheap
        if abs(exponent) > MAX_EXPONENT:
            raise _fail("exponent", stripped)
    digits = int((match["whole"] or "0") + (frac or ""))
    shift = exponent - len(frac or "")
    value = Fraction(digits * 10**shift) if shift >= 0 else Fraction(digits, 10**-shift)
    if match["sign"] == "-":
        value = -value
    if frac is None and match["exp"] is None:
        return Number(value, None)
    return Number(value, max(0, len(frac or "") - exponent))


def parse_value(text: str) -> Fraction:
    """The exact value of :func:`parse_number`'s number.

    Raises:
        NumberError: When ``text`` is not a number.

    >>> parse_value("2/3")
    Fraction(2, 3)
    """
    return parse_number(text).value
