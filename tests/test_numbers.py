"""The one number parser (``lessons.numbers``) and the two that now delegate to it.

Expected values are typed by hand: 0.55 is 11/20, 1.5e-3 is 3/2000.
"""

from __future__ import annotations

import doctest
from fractions import Fraction

import pytest

import lessons.numbers
from lessons.arrays import parse_grid, parse_number_text
from lessons.numbers import MAX_CHARS, NumberError, parse_number, parse_value
from lessons.quiz.answers import AnswerError
from lessons.quiz.answers import parse_number as parse_answer

ACCEPTED = [
    ("-7", Fraction(-7), None),
    ("+3", Fraction(3), None),
    ("007", Fraction(7), None),
    ("0.55", Fraction(11, 20), 2),
    ("0.50", Fraction(1, 2), 2),
    (".5", Fraction(1, 2), 1),
    ("-.5", Fraction(-1, 2), 1),
    ("9.", Fraction(9), 0),
    ("2/3", Fraction(2, 3), None),
    ("-7/9", Fraction(-7, 9), None),
    ("  -1 / 9 ", Fraction(-1, 9), None),
    ("4/6", Fraction(2, 3), None),
    ("1e2", Fraction(100), 0),
    ("1E2", Fraction(100), 0),
    ("2e+3", Fraction(2000), 0),
    ("1.5e-3", Fraction(3, 2000), 4),
    ("-2.5e1", Fraction(-25), 0),
    ("1.25e1", Fraction(25, 2), 1),
    ("−7", Fraction(-7), None),  # U+2212, as copied from a slide
    ("–0.11", Fraction(-11, 100), 2),  # an en dash
    ("＋3", Fraction(3), None),  # a full-width plus
    ("1e15", Fraction(1_000_000_000_000_000), 0),  # the largest size allowed
    ("-1000000000000000", Fraction(-1_000_000_000_000_000), None),
    ("1e-30", Fraction(1, 10**30), 30),  # the smallest exponent allowed
    ("0.0000000000", Fraction(0), 10),
]


@pytest.mark.parametrize(("text", "value", "decimals"), ACCEPTED)
def test_accepted_forms(text: str, value: Fraction, decimals: int | None) -> None:
    number = parse_number(text)
    assert number.value == value
    assert number.decimals == decimals


@pytest.mark.parametrize(("text", "value", "decimals"), ACCEPTED)
def test_the_lesson_loader_and_the_quiz_read_numbers_alike(
    text: str, value: Fraction, decimals: int | None
) -> None:
    """Issue 10: the quiz took 0,55 and refused 1e2; the lesson loader did the opposite."""
    assert parse_number_text(text) == value
    typed = parse_answer(text)
    assert (typed.value, typed.decimals) == (value, decimals)


REFUSED = [
    ("", "empty"),
    ("   ", "empty"),
    ("0,55", "comma"),
    ("-0,5", "comma"),
    ("abc", "not_a_number"),
    ("1,2,3", "not_a_number"),  # a list, not a number with a comma
    (".", "not_a_number"),
    ("-", "not_a_number"),
    ("e5", "not_a_number"),
    ("3e", "not_a_number"),
    ("--3", "not_a_number"),
    ("1/2/3", "not_a_number"),
    ("1/-2", "not_a_number"),  # the sign goes in front
    ("0x10", "not_a_number"),
    ("1_000", "not_a_number"),
    ("1 000", "not_a_number"),
    ("inf", "not_a_number"),
    ("nan", "not_a_number"),
    ("½", "not_a_number"),
    ("١٢", "not_a_number"),  # Arabic-Indic digits: float() reads them, a lesson may not
    ("1.5/2", "not_a_number"),
    ("7/0", "zero_division"),
    ("9" * 41, "too_long"),
    ("9" * 400, "too_long"),
    ("1/" + "3" * 5000, "too_long"),
    ("1e31", "exponent"),
    ("1e-31", "exponent"),
    ("1e400", "exponent"),
    ("1e99999999999999999999999999999", "exponent"),  # never builds 10**that
    ("1000000000000001", "too_large"),
    ("-2e15", "too_large"),
    ("999999999999999999", "too_large"),
    ("9999999999999999999/3", "too_large"),
]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_refused_forms_name_the_text_in_one_line(text: str, kind: str) -> None:
    with pytest.raises(NumberError) as info:
        parse_number(text)
    error = info.value
    assert error.kind == kind
    message = str(error)
    assert "\n" not in message and len(message) < 100
    if text.strip():
        assert repr(text.strip()[:10])[:-1] in message  # names the text, quoted
    assert parse_number_text(text) is None
    with pytest.raises(AnswerError):
        parse_answer(text)


def test_a_decimal_comma_suggests_the_point() -> None:
    with pytest.raises(NumberError) as info:
        parse_number("0,55")
    assert info.value.suggestion == "0.55"
    assert str(info.value) == "'0,55' has a decimal comma: write 0.55 (a comma separates numbers)"


def test_the_length_limit_counts_characters_after_stripping_blanks() -> None:
    longest = "1." + "0" * (MAX_CHARS - 2)
    assert len(longest) == MAX_CHARS
    assert parse_value(f"  {longest}  ") == 1
    with pytest.raises(NumberError, match="too long"):
        parse_number(longest + "0")


def test_control_characters_are_escaped_in_messages() -> None:
    with pytest.raises(NumberError) as info:
        parse_number("1\x1b]0;pwned\x07")
    message = str(info.value)
    assert "\x1b" not in message and "\x07" not in message
    assert "\\x1b" in message


def test_values_are_exact_not_floats() -> None:
    assert parse_value("0.1") == Fraction(1, 10)
    assert parse_value("0.1") != Fraction(0.1)


def test_a_lesson_grid_reads_scientific_notation_and_splits_on_commas() -> None:
    """In a grid the comma separates numbers: 0,55 is the two numbers 0 and 55."""
    assert parse_grid("1e2 1.5e-3", "input").tolist() == [100.0, 0.0015]
    assert parse_grid("0,55", "input").tolist() == [0.0, 55.0]


def test_doctests() -> None:
    result = doctest.testmod(lessons.numbers, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 5
