"""Reading what the learner typed and deciding whether it counts.

Numbers may be typed as ``-7``, ``0.55``, ``.5``, ``2/3``, ``7/9`` or ``−7`` (a typographic minus).
A decimal counts when it is the expected value rounded (or, where the lesson truncates, cut) to the
number of decimals typed, with at least as many decimals as the lesson shows (two by default):
deck 003 prints 7/9 as ``0.77``, so ``0.77`` counts for 7/9 there, and so does ``0.78``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from fractions import Fraction
from typing import Protocol

#: Decimals a learner must type for a non-integer answer when the lesson states no rule.
DEFAULT_DECIMALS = 2
EXACT = 1e-9

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_FRACTION = re.compile(r"^[+-]?\d+\s*/\s*[+-]?\d+$")


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
    """Read a number typed as an integer, a decimal or a fraction.

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
    cleaned = text.strip().replace("−", "-").replace("–", "-").replace(",", ".").replace(" ", "")
    if not cleaned:
        raise AnswerError("Type a number first, such as -7, 0.55 or 7/9.")
    if _FRACTION.match(cleaned):
        top, bottom = cleaned.split("/")
        if int(bottom) == 0:
            raise AnswerError(f"{text.strip()!r} divides by zero; try another fraction.")
        return Parsed(Fraction(int(top), int(bottom)), None)
    if _NUMBER.match(cleaned):
        try:
            exact = Fraction(Decimal(cleaned))
        except InvalidOperation as error:  # pragma: no cover - the regex already vetted it
            raise AnswerError(f"{text.strip()!r} is not a number.") from error
        digits = cleaned.split(".", 1)[1] if "." in cleaned else None
        return Parsed(exact, len(digits) if digits is not None else None)
    raise AnswerError(
        f"{text.strip()[:20]!r} is not a number I can read: try something like -7, 0.55 or 7/9."
    )


def _cut(value: float, decimals: int, rounding: str) -> Fraction:
    quantum = Decimal(1).scaleb(-decimals)
    return Fraction(Decimal(repr(value)).quantize(quantum, rounding=rounding))


def accepted_decimals(expected: float, fmt: FormatLike | None, decimals: int) -> set[Fraction]:
    """The decimal values with ``decimals`` digits that count for ``expected`` under ``fmt``."""
    truncating = fmt is not None and fmt.mode == "truncate"
    allowed = {
        _cut(expected, decimals, ROUND_HALF_UP),
        _cut(expected, decimals, ROUND_HALF_EVEN),
    }
    if truncating:
        allowed.add(_cut(expected, decimals, ROUND_DOWN))
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
