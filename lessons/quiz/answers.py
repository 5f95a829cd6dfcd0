"""Reading what the learner typed and deciding whether it counts.

Numbers are read by :mod:`lessons.numbers`, the parser lesson files and the command line use too:
``-7``, ``0.55``, ``.5``, ``2/3``, ``7/9``, ``1e2``, ``1.5e-3`` or ``−7`` (a typographic minus).
A decimal comma (``0,55``) gets a message suggesting ``0.55``; an answer longer than 40
characters or larger than 1e15 gets a gentle message too, at once, before any arithmetic.
A decimal counts when it is the expected value rounded (or, where the lesson truncates, cut) to the
number of decimals typed, with at least as many decimals as the lesson shows (two by default):
deck 003 prints 7/9 as ``0.77``, so ``0.77`` counts for 7/9 there, and so does ``0.78``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, Protocol

from lessons.numbers import MAX_CHARS, MAX_EXPONENT, NumberError, quote
from lessons.numbers import parse_number as read_number

#: Decimals a learner must type for a non-integer answer when the lesson states no rule.
DEFAULT_DECIMALS = 2
EXACT = 1e-9

Rounding = Literal["half-up", "half-even", "down"]


class FormatLike(Protocol):
    """What answer checking needs from :class:`engine.display.NumberFormat`."""

    @property
    def decimals(self) -> int | None: ...

    @property
    def mode(self) -> str: ...


@dataclass(frozen=True)
class Parsed:
    """A number the learner typed.

    Attributes:
        value: The exact value (a decimal string becomes an exact fraction).
        decimals: Digits typed after the point; None for an integer or a fraction.
    """

    value: Fraction
    decimals: int | None


class AnswerError(ValueError):
    """What was typed is not an answer; the message is a gentle one-liner for the learner."""


def parse_number(text: str) -> Parsed:
    """Read a number typed as an integer, a decimal, a fraction or in scientific notation.

    Args:
        text: The raw input.

    Returns:
        The exact value and how many decimals were typed.

    Raises:
        AnswerError: For anything else, with a message suggesting what to type.

    >>> parse_number("7/9").value
    Fraction(7, 9)
    >>> parse_number("-0.50")
    Parsed(value=Fraction(-1, 2), decimals=2)
    """
    try:
        number = read_number(text)
    except NumberError as error:
        raise AnswerError(_gentle(error)) from None
    return Parsed(number.value, number.decimals)


def _gentle(error: NumberError) -> str:
    """The quiz's wording for why a typed text is not a number."""
    shown = quote(error.text, 20)
    if error.kind == "empty":
        return "Type a number first, such as -7, 0.55 or 7/9."
    if error.kind == "zero_division":
        return f"{shown} divides by zero; try another fraction."
    if error.kind == "comma":
        return f"{shown} has a decimal comma: type {error.suggestion} instead."
    if error.kind == "too_long":
        return f"{shown} is too long: an answer has at most {MAX_CHARS} characters."
    if error.kind == "too_large":
        return f"{shown} is far too large: the answers here are at most 1e15 in size."
    if error.kind == "exponent":
        return f"{shown} has too large an exponent: keep it within ±{MAX_EXPONENT}."
    return f"{shown} is not a number I can read: try something like -7, 0.55 or 7/9."


def _cut(value: float, decimals: int, rounding: Rounding) -> Fraction:
    """``value`` (as its shortest repr) rounded or cut to ``decimals`` places, exactly.

    Fractions, not :mod:`decimal`: a 28-digit context raises ``InvalidOperation`` for a large
    ``value`` with many decimals (``1e20`` to 10 places).

    >>> _cut(7 / 9, 2, "down"), _cut(0.125, 2, "half-even"), _cut(-0.125, 2, "half-up")
    (Fraction(77, 100), Fraction(3, 25), Fraction(-13, 100))
    """
    scale = 10**decimals
    scaled = Fraction(repr(value)) * scale
    magnitude = abs(scaled)
    whole = math.floor(magnitude)
    rest = magnitude - whole
    half = Fraction(1, 2)
    up = rest >= half if rounding == "half-up" else False
    if rounding == "half-even":
        up = rest > half or (rest == half and whole % 2 == 1)
    whole += up
    cut = Fraction(whole, scale)
    return -cut if scaled < 0 else cut


def accepted_decimals(expected: float, fmt: FormatLike | None, decimals: int) -> set[Fraction]:
    """The decimal values with ``decimals`` digits that count for ``expected`` under ``fmt``."""
    truncating = fmt is not None and fmt.mode == "truncate"
    allowed = {
        _cut(expected, decimals, "half-up"),
        _cut(expected, decimals, "half-even"),
    }
    if truncating:
        allowed.add(_cut(expected, decimals, "down"))
    return allowed


def numeric_matches(parsed: Parsed, expected: float, fmt: FormatLike | None = None) -> bool:
    """Whether a typed number counts for ``expected`` under the lesson's display rule.

    Args:
        parsed: What the learner typed.
        expected: The engine's value.
        fmt: The lesson's number format (decimals and round/truncate/fraction), or None.

    Returns:
        True for an exact match, or a decimal that is ``expected`` rounded (or, when the lesson
        truncates, truncated) to the decimals typed, with at least the decimals the lesson shows.
    """
    if not math.isfinite(expected):
        return False
    if abs(float(parsed.value) - expected) <= EXACT * max(1.0, abs(expected)):
        return True
    if parsed.decimals is None:
        return False
    wanted = DEFAULT_DECIMALS
    if fmt is not None and fmt.decimals is not None:
        wanted = fmt.decimals
    if parsed.decimals < wanted:
        return False
    return parsed.value in accepted_decimals(expected, fmt, parsed.decimals)


def parse_choice(text: str, keys: list[str] | tuple[str, ...]) -> str:
    """Read a multiple-choice key such as ``b`` or ``B)``.

    Raises:
        AnswerError: When the text is none of ``keys``.
    """
    cleaned = text.strip().strip("().").lower()
    lowered = {key.lower(): key for key in keys}
    if cleaned in lowered:
        return lowered[cleaned]
    options = ", ".join(keys)
    if not cleaned:
        raise AnswerError(f"Type the letter of your choice: {options}.")
    raise AnswerError(f"{text.strip()[:20]!r} is not one of the choices; type one of {options}.")


__all__ = [
    "DEFAULT_DECIMALS",
    "AnswerError",
    "FormatLike",
    "Parsed",
    "accepted_decimals",
    "numeric_matches",
    "parse_choice",
    "parse_number",
]
