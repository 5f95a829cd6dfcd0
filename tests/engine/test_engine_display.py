"""Numbers read as the decks print them: integers bare, deck 003 truncating, deck 004 rounding."""

from __future__ import annotations

import numpy as np
import pytest

from engine import NumberFormat, format_number

TRUNCATE_2 = NumberFormat(2, "truncate")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3.0, "3"),
        (-1, "-1"),
        (0.0, "0"),
        (-0.0, "0"),
        (0.5, "0.5"),
        (2.5, "2.5"),
        (2 / 3, "0.6667"),  # torch prints 0.6667 too
        (5 / 3, "1.6667"),
        (0.1 + 0.2, "0.3"),
        (1e-7, "1e-07"),
        (1e20, "1e+20"),
        (1e15, "1000000000000000"),
        (np.float64(4.0), "4"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
        (float("-inf"), "-inf"),
    ],
)
def test_default_format(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (7 / 9, "0.77"),  # deck 003: 7/9 is printed 0.77
        (5 / 9, "0.55"),  # ".55"
        (-5 / 9, "-0.55"),  # truncation goes toward zero
        (-1 / 9, "-0.11"),
        (1 / 3, "0.33"),
        (0.29, "0.29"),  # no binary surprise: 0.29 is not 0.28999...
        (-0.001, "0"),
        (1.0, "1"),
    ],
)
def test_truncate_to_two_decimals(value: float, text: str) -> None:
    assert format_number(value, TRUNCATE_2) == text


def test_fixed_decimals_print_like_the_deck_grids() -> None:
    fixed = NumberFormat(2, "truncate", fixed=True)
    assert format_number(1.0, fixed) == "1.00"  # deck 003's grids print 1.00
    assert format_number(-0.001, fixed) == "0.00"
    assert format_number(7 / 9, fixed) == "0.77"
    assert format_number(2.0, NumberFormat(1, fixed=True)) == "2.0"  # deck 004's AvgPool1d
    assert format_number(2 / 3, NumberFormat(1, fixed=True)) == "0.7"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (5 / 3, "1.7"),  # deck 004's AvgPool2d row: 2 1.7 0.8 / 1.8 1.7 1.3
        (5 / 6, "0.8"),
        (11 / 6, "1.8"),
        (4 / 3, "1.3"),
        (2.0, "2"),
        (0.25, "0.3"),  # half away from zero, as by hand
        (-0.25, "-0.3"),
        (2.675, "2.7"),
    ],
)
def test_round_to_one_decimal(value: float, text: str) -> None:
    assert format_number(value, NumberFormat(1)) == text


def test_round_half_up_uses_the_written_decimal() -> None:
    assert format_number(2.675, NumberFormat(2)) == "2.68"
    assert format_number(0.125, NumberFormat(2)) == "0.13"


def test_zero_decimals() -> None:
    assert format_number(2.5, NumberFormat(0)) == "3"
    assert format_number(2.5, NumberFormat(0, "truncate")) == "2"


@pytest.mark.parametrize(
    ("value", "text"),
    [(7 / 9, "7/9"), (-5 / 9, "-5/9"), (2 / 3, "2/3"), (3.0, "3"), (0.5, "1/2"), (-2.0, "-2")],
)
def test_fractions(value: float, text: str) -> None:
    assert format_number(value, NumberFormat(mode="fraction")) == text


def test_fraction_denominator_limit() -> None:
    assert format_number(1 / 3 + 1e-9, NumberFormat(mode="fraction", max_denominator=10)) == "1/3"
    assert format_number(0.1234, NumberFormat(mode="fraction", max_denominator=10)) == "1/8"


def test_number_format_is_frozen_and_hashable() -> None:
    fmt = NumberFormat(2, "truncate")
    assert {fmt: 1}[NumberFormat(2, "truncate")] == 1
    with pytest.raises(AttributeError):
        fmt.decimals = 3  # type: ignore[misc]


def test_huge_values_with_decimals_do_not_overflow_decimal_precision() -> None:
    assert format_number(1.5e30, NumberFormat(2)) == "1.5e+30"
    assert format_number(1.5e30) == "1.5e+30"
    assert format_number(123456789012345.0, NumberFormat(2, fixed=True)) == "123456789012345.00"
