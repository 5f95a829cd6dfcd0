"""Conv arithmetic: output sizes, padding helpers and parameter counts, on slides and torch."""

from __future__ import annotations

import doctest
import importlib

import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

import engine

SIZES = settings(max_examples=300, deadline=None)


@pytest.mark.parametrize(
    ("args", "kwargs", "size"),
    [
        ((7, 3), {}, 5),  # deck 001: (7 - 3)/1 + 1 = 5
        ((7, 3), {"stride": 2}, 3),  # (7 - 3)/2 + 1 = 3
        ((7, 3), {"stride": 3}, 2),  # (7 - 3) // 3 + 1 = 2
        ((7, 3), {"padding": 1}, 7),  # (7 - 3 + 2*1)/1 + 1 = 7
        ((32, 5), {"padding": 2}, 32),  # (32 + 2*2 - 5)/1 + 1 = 32
        ((1200, 3), {}, 1198),  # deck 000: (1200, 1920) -> conv (1198, 1918)
        ((1918, 2), {"stride": 2}, 959),  # -> max pool (599, 959)
        ((6, 3), {"padding": "same"}, 6),
        ((6, 3), {"padding": "valid"}, 4),
        ((6, 3), {"padding": (0, 1)}, 5),
    ],
)
def test_output_size_on_slide_examples(args: tuple[int, int], kwargs: dict, size: int) -> None:
    assert engine.output_size(*args, **kwargs) == size


@SIZES
@given(
    n=st.integers(1, 12),
    f=st.integers(1, 5),
    stride=st.integers(1, 4),
    padding=st.integers(0, 3),
    dilation=st.integers(1, 3),
)
def test_output_size_matches_conv1d(
    n: int, f: int, stride: int, padding: int, dilation: int
) -> None:
    if n + 2 * padding < dilation * (f - 1) + 1:
        with pytest.raises(ValueError, match="does not fit"):
            engine.output_size(n, f, stride=stride, padding=padding, dilation=dilation)
        return
    out = F.conv1d(
        torch.zeros(1, 1, n),
        torch.zeros(1, 1, f),
        stride=stride,
        padding=padding,
        dilation=dilation,
    )
    assert (
        engine.output_size(n, f, stride=stride, padding=padding, dilation=dilation) == out.shape[-1]
    )


@SIZES
@given(
    n=st.integers(1, 12),
    f=st.integers(1, 5),
    stride=st.integers(1, 4),
    padding=st.integers(0, 2),
)
def test_output_size_ceil_mode_matches_max_pool1d(
    n: int, f: int, stride: int, padding: int
) -> None:
    if 2 * padding > f or n + 2 * padding < f:
        return
    out = F.max_pool1d(torch.zeros(1, n), f, stride, padding, ceil_mode=True)
    assert engine.output_size(n, f, stride=stride, padding=padding, ceil_mode=True) == out.shape[-1]


def test_ceil_mode_drops_a_window_that_would_start_in_the_right_padding() -> None:
    # n=2, f=2, s=2, p=1: ⌈(2 + 2 - 2)/2⌉ + 1 = 2, but the second window would start at the right
    # padding, so torch keeps only one; the formula text shows the correction.
    assert engine.output_size(2, 2, stride=2, padding=1, ceil_mode=True) == 2
    assert engine.output_size(3, 2, stride=2, padding=1, ceil_mode=True) == 2
    assert F.max_pool1d(torch.zeros(1, 3), 2, 2, 1, ceil_mode=True).shape[-1] == 2
    text = engine.output_size_formula(3, 2, stride=2, padding=1, ceil_mode=True)
    assert text == "⌈(3 + 2·1 − 2)/2⌉ + 1 − 1 = 2"


@SIZES
@given(
    n=st.integers(1, 6),
    f=st.integers(1, 4),
    stride=st.integers(1, 3),
    dilation=st.integers(1, 2),
    padding=st.integers(0, 2),
    extra=st.integers(0, 2),
)
def test_transposed_output_size_matches_conv_transpose1d(
    n: int, f: int, stride: int, dilation: int, padding: int, extra: int
) -> None:
    size = (n - 1) * stride - 2 * padding + dilation * (f - 1) + extra + 1
    if extra >= max(stride, dilation) or size < 1:
        with pytest.raises(ValueError):
            engine.transposed_output_size(
                n, f, stride=stride, padding=padding, output_padding=extra, dilation=dilation
            )
        return
    out = F.conv_transpose1d(
        torch.zeros(1, 1, n),
        torch.zeros(1, 1, f),
        stride=stride,
        padding=padding,
        output_padding=extra,
        dilation=dilation,
    )
    got = engine.transposed_output_size(
        n, f, stride=stride, padding=padding, output_padding=extra, dilation=dilation
    )
    assert got == out.shape[-1]


@SIZES
@given(n=st.integers(1, 10), f=st.integers(1, 6), dilation=st.integers(1, 3))
def test_same_and_full_padding(n: int, f: int, dilation: int) -> None:
    before, after = engine.same_padding(f, dilation=dilation)
    assert engine.output_size(n, f, padding=(before, after), dilation=dilation) == n
    assert after - before in (0, 1)  # torch puts the extra cell after
    full = engine.full_padding(f, dilation=dilation)
    assert engine.output_size(n, f, padding=full, dilation=dilation) == n + dilation * (f - 1)
    out = F.conv1d(torch.zeros(1, 1, n), torch.zeros(1, 1, f), padding=full, dilation=dilation)
    assert out.shape[-1] == n + dilation * (f - 1)


def test_output_size_formula_substitutes_the_numbers() -> None:
    assert engine.output_size_formula(6, 3, stride=2) == "⌊(6 + 2·0 − 3)/2⌋ + 1 = 2"
    assert engine.output_size_formula(7, 3, padding=1) == "⌊(7 + 2·1 − 3)/1⌋ + 1 = 7"
    assert engine.output_size_formula(4, 3, padding="same") == "⌊(4 + 2·1 − 3)/1⌋ + 1 = 4"
    assert engine.output_size_formula(7, 3, dilation=2) == "⌊(7 + 2·0 − 2·(3 − 1) − 1)/1⌋ + 1 = 3"


def test_parameter_counts_match_the_slides_and_torch() -> None:
    # deck 001: 5*5*3 + 1 = 76 params per filter, 76*10 = 760
    assert engine.conv_params(3, 10, 5) == 760
    layer = torch.nn.Conv2d(3, 10, 5)
    assert engine.conv_params(3, 10, 5) == sum(p.numel() for p in layer.parameters())
    assert engine.conv_params(1, 1, (3, 3), bias=False) == 9  # deck 000: 9 parameters for W
    assert engine.conv_params(1, 1, 3) == 10  # "Initialize 10 parameters in each unit"
    # deck 001: 10 inputs and 10 outputs: 10 x 11 = 110
    assert engine.dense_params(10, 10) == 110
    assert engine.dense_params(10, 10) == sum(
        p.numel() for p in torch.nn.Linear(10, 10).parameters()
    )


MODULES = [
    "engine",
    "engine.correlate",
    "engine.display",
    "engine.errors",
    "engine.layers",
    "engine.limits",
    "engine.padding",
    "engine.pooling",
    "engine.shapes",
    "engine.steps",
    "engine.trace",
    "engine.transposed",
    "engine.validate",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    result = doctest.testmod(
        importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE
    )
    assert result.failed == 0
    assert result.attempted > 0
