"""Every engine error: a ValueError (or IndexError/TypeError for trace indexing) with a one-line
message that names the shapes, the parameter and the value it got."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import partial
from typing import Any

import numpy as np
import pytest

import engine
from engine import NumberFormat
from engine.padding import resolve_padding

X44 = np.arange(16.0).reshape(4, 4)
X344 = np.arange(48.0).reshape(3, 4, 4)
K33 = np.ones((3, 3))


def message(call: Callable[[], Any], kind: type[Exception] = ValueError) -> str:
    with pytest.raises(kind) as caught:
        call()
    text = str(caught.value)
    assert "\n" not in text
    return text


# The three messages the issue spells out, word for word.
def test_kernel_does_not_fit() -> None:
    got = message(lambda: engine.correlate2d(X44, np.ones((5, 5))))
    assert got == "kernel 5x5 does not fit input 4x4 with padding 0"


def test_stride_must_be_positive() -> None:
    got = message(lambda: engine.correlate2d(X44, K33, stride=0))
    assert got == "stride must be a positive integer, got 0"


def test_kernel_channels_must_match_input_channels() -> None:
    got = message(lambda: engine.correlate2d(X344, np.ones((2, 3, 3))))
    assert got == "kernel has 2 channels, input has 3"


CASES: list[tuple[str, Callable[[], Any], str]] = [
    # shapes that do not fit
    (
        "dilated kernel",
        lambda: engine.correlate2d(X44, K33, dilation=2),
        "kernel 3x3 with dilation 2 (spans 5x5) does not fit input 4x4 with padding 0",
    ),
    (
        "pair padding",
        lambda: engine.correlate2d(np.ones((2, 2)), np.ones((5, 5)), padding=(1, 0)),
        "kernel 5x5 does not fit input 2x2 with padding (1, 0)",
    ),
    (
        "1-D",
        lambda: engine.correlate1d([1, 2, 3, 4], [1, 1, 1, 1, 1]),
        "kernel 5 does not fit input 4 with padding 0",
    ),
    (
        "one kernel channel",
        lambda: engine.trace_correlate2d(X344, K33),
        "kernel has 1 channel, input has 3",
    ),
    (
        "kernel stack channels",
        lambda: engine.correlate1d(np.ones((2, 5)), np.ones((4, 3, 2))),
        "kernel has 3 channels, input has 2",
    ),
    (
        "pool window",
        lambda: engine.pool2d(X44, 5),
        "pool window 5x5 does not fit input 4x4 with padding 0",
    ),
    (
        "pool 1-D window",
        lambda: engine.trace_pool1d([1, 2], 3),
        "pool window 3 does not fit input 2 with padding 0",
    ),
    (
        "output size",
        lambda: engine.output_size(4, 5),
        "kernel 5 does not fit input 4 with padding 0",
    ),
    (
        "output size dilated",
        lambda: engine.output_size(4, 3, dilation=2),
        "kernel 3 with dilation 2 (spans 5) does not fit input 4 with padding 0",
    ),
    # integer parameters
    (
        "dilation",
        lambda: engine.correlate2d(X44, K33, dilation=0),
        "dilation must be a positive integer, got 0",
    ),
    (
        "float stride",
        lambda: engine.correlate1d([1, 2, 3], [1], stride=1.5),
        "stride must be a positive integer, got 1.5",
    ),
    (
        "bool stride",
        lambda: engine.correlate1d([1, 2, 3], [1], stride=True),
        "stride must be a positive integer, got True",
    ),
    (
        "stride pair",
        lambda: engine.correlate2d(X44, K33, stride=(1, 0)),
        "stride must be a positive integer or a pair of them, got (1, 0)",
    ),
    (
        "stride triple",
        lambda: engine.correlate2d(X44, K33, stride=(1, 1, 1)),
        "stride must be an integer or a pair of integers, got (1, 1, 1)",
    ),
    (
        "pool size",
        lambda: engine.pool2d(X44, 0),
        "size must be a positive integer, got 0",
    ),
    (
        "pool stride",
        lambda: engine.pool1d([1, 2, 3], 2, stride=-1),
        "stride must be a positive integer, got -1",
    ),
    # padding
    (
        "negative padding",
        lambda: engine.correlate2d(X44, K33, padding=-1),
        "padding must be a non-negative integer, a pair, per-side pairs, 'valid' or 'same', got -1",
    ),
    (
        "unknown padding",
        lambda: engine.correlate2d(X44, K33, padding="full"),
        "padding must be a non-negative integer, a pair, per-side pairs, 'valid' or 'same', "
        "got 'full'",
    ),
    (
        "per-side padding of the wrong rank",
        lambda: engine.correlate2d(X44, K33, padding=((1, 1),)),
        "padding must be a non-negative integer, a pair, per-side pairs, 'valid' or 'same', "
        "got ((1, 1),)",
    ),
    (
        "padding triple",
        lambda: engine.correlate2d(X44, K33, padding=(1, 1, 1)),
        "padding must be a non-negative integer, a pair, per-side pairs, 'valid' or 'same', "
        "got (1, 1, 1)",
    ),
    (
        "ceil mode flag",
        lambda: engine.pool2d(X44, 2, ceil_mode="yes"),
        "ceil_mode must be True or False, got 'yes'",
    ),
    (
        "output size ceil mode flag",
        lambda: engine.output_size(4, 2, ceil_mode=1),
        "ceil_mode must be True or False, got 1",
    ),
    (
        "trace format",
        lambda: engine.trace_correlate2d(X44, K33, fmt=2),
        "fmt must be a NumberFormat or None, got 2",
    ),
    (
        "pool trace format",
        lambda: engine.trace_pool1d([1, 2], 1, fmt="round"),
        "fmt must be a NumberFormat or None, got 'round'",
    ),
    (
        "format a word",
        lambda: engine.format_number("seven"),
        "value must be a number, got 'seven'",
    ),
    (
        "same with stride",
        lambda: engine.correlate2d(X44, K33, padding="same", stride=2),
        "padding 'same' needs stride 1, got stride 2",
    ),
    (
        "same with a stride pair",
        lambda: engine.trace_correlate2d(X44, K33, padding="same", stride=(2, 1)),
        "padding 'same' needs stride 1, got stride (2, 1)",
    ),
    (
        "same without a kernel",
        lambda: resolve_padding("same", 2),
        "padding 'same' needs the kernel size to work out the padding",
    ),
    (
        "pad strings",
        lambda: engine.pad(X44, "same"),
        # pad() takes no strings, so the message does not offer them
        "padding must be a non-negative integer, a pair or per-side pairs, got 'same'",
    ),
    (
        "pool padding over half",
        lambda: engine.pool2d(X44, 3, padding=2),
        "padding 2 is more than half the pool size 3",
    ),
    (
        "pool negative padding",
        lambda: engine.pool1d([1, 2, 3], 2, padding=-1),
        "padding must be a non-negative integer, a pair or per-side pairs, got -1",
    ),
    (
        "output size same with stride",
        lambda: engine.output_size(5, 3, stride=2, padding="same"),
        "padding 'same' needs stride 1, got stride 2",
    ),
    (
        "output size unknown string",
        lambda: engine.output_size(5, 3, padding="full"),
        "padding must be a non-negative integer, a pair, 'valid' or 'same', got 'full'",
    ),
    # bias and divisor
    (
        "bias count",
        lambda: engine.correlate2d(X344, np.ones((2, 3, 3, 3)), bias=[1, 2, 3]),
        "bias has 3 values, kernel has 2 filters",
    ),
    (
        "bias for one kernel",
        lambda: engine.correlate2d(X44, K33, bias=[1, 2]),
        "bias has 2 values, kernel has 1 filter",
    ),
    (
        "bias shape",
        lambda: engine.correlate2d(X44, K33, bias=[[1]]),
        "bias must be a number or 1-D (K,), one per kernel, got shape (1, 1)",
    ),
    (
        "infinite bias",
        lambda: engine.correlate2d(X44, K33, bias=float("inf")),
        "bias must be a finite number, got inf",
    ),
    (
        "zero divisor",
        lambda: engine.trace_correlate2d(X44, K33, divisor=0),
        "divisor must be a finite non-zero number, got 0",
    ),
    (
        "nan divisor",
        lambda: engine.correlate2d(X44, K33, divisor=float("nan")),
        "divisor must be a finite number, got nan",
    ),
    (
        "text divisor",
        lambda: engine.correlate2d(X44, K33, divisor="9"),
        "divisor must be a finite number, got '9'",
    ),
    # pooling mode
    (
        "pool mode",
        lambda: engine.pool2d(X44, 2, mode="sum"),
        "mode must be 'max' or 'avg', got 'sum'",
    ),
    # shapes of the arrays
    (
        "input rank",
        lambda: engine.correlate2d([1, 2, 3], K33),
        "input must be 2-D (H, W) or 3-D (C, H, W), got shape (3,)",
    ),
    (
        "kernel rank",
        lambda: engine.correlate1d([1, 2, 3], 1),
        "kernel must be 1-D (F,), 2-D (C, F) or 3-D (K, C, F), got shape ()",
    ),
    (
        "pool input rank",
        lambda: engine.pool2d([1, 2, 3], 1),
        "input must be 2-D (H, W) or 3-D (C, H, W) (leading axes allowed), got shape (3,)",
    ),
    (
        "empty input",
        lambda: engine.correlate2d([[]], [[1]]),
        "input is empty (shape (1, 0))",
    ),
    (
        "ragged input",
        lambda: engine.correlate2d([[1, 2], [3]], [[1]]),
        "input must be a rectangular array of numbers (all rows the same length)",
    ),
    # transposed convolution
    (
        "transposed channels",
        lambda: engine.transposed_correlate2d(X344, np.ones((2, 1, 3, 3))),
        "kernel has 2 channels, input has 3",
    ),
    (
        "transposed bias",
        lambda: engine.transposed_correlate2d(X44, np.ones((1, 3, 2, 2)), bias=[1, 2]),
        "bias has 2 values, kernel has 3 output maps",
    ),
    (
        "transposed output padding",
        lambda: engine.transposed_correlate2d(X44, K33, stride=2, output_padding=2),
        "output_padding must be smaller than the stride or the dilation, got output_padding 2 "
        "with stride 2 and dilation 1",
    ),
    (
        "transposed empty output",
        lambda: engine.transposed_correlate2d([[1]], [[1]], padding=1),
        "transposed output of input 1x1 with kernel 1x1, stride 1 and padding 1 would be empty",
    ),
    (
        "transposed size",
        lambda: engine.transposed_output_size(1, 1, padding=1),
        "transposed output of input 1 with kernel 1, stride 1 and padding 1 would have size -1",
    ),
    # conv arithmetic helpers
    (
        "conv params",
        lambda: engine.conv_params(0, 10, 3),
        "in_channels must be a positive integer, got 0",
    ),
    (
        "dense params",
        lambda: engine.dense_params(10, -1),
        "outputs must be a positive integer, got -1",
    ),
    (
        "same padding kernel",
        lambda: engine.same_padding(0),
        "kernel size must be a positive integer, got 0",
    ),
    (
        "full padding dilation",
        lambda: engine.full_padding(3, dilation=0),
        "dilation must be a positive integer, got 0",
    ),
    (
        "output size input",
        lambda: engine.output_size(0, 1),
        "input size must be a positive integer, got 0",
    ),
    # pad's fill value
    ("pad value text", lambda: engine.pad(X44, 1, value="x"), "value must be a number, got 'x'"),
    (
        "pad value nan",
        lambda: engine.pad(X44, 1, value=float("nan")),
        "value must be a number, got nan",
    ),
    # number formats
    (
        "decimals",
        lambda: NumberFormat(-1),
        "decimals must be a non-negative integer or None, got -1",
    ),
    (
        "format mode",
        lambda: NumberFormat(2, "ceil"),  # type: ignore[arg-type]
        "mode must be 'round', 'truncate' or 'fraction', got 'ceil'",
    ),
    (
        "max denominator",
        lambda: NumberFormat(mode="fraction", max_denominator=0),
        "max_denominator must be a positive integer, got 0",
    ),
]


@pytest.mark.parametrize(("call", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_error_message(call: Callable[[], Any], expected: str) -> None:
    assert message(call) == expected


# Non-finite and non-numeric values are refused by every function that takes arrays.
def array_calls(bad: Any) -> list[tuple[str, Callable[[], Any]]]:
    return [
        ("correlate1d input", lambda: engine.correlate1d(bad, [1])),
        ("correlate2d input", lambda: engine.correlate2d(bad, [[1]])),
        ("convolve2d input", lambda: engine.convolve2d(bad, [[1]])),
        ("transposed input", lambda: engine.transposed_correlate2d(bad, [[1]])),
        ("pool1d input", lambda: engine.pool1d(bad, 1)),
        ("pool2d input", lambda: engine.pool2d(bad, 1)),
        ("trace_correlate1d input", lambda: engine.trace_correlate1d(bad, [1])),
        ("trace_correlate2d input", lambda: engine.trace_correlate2d(bad, [[1]])),
        ("trace_convolve2d input", lambda: engine.trace_convolve2d(bad, [[1]])),
        ("trace_pool1d input", lambda: engine.trace_pool1d(bad, 1)),
        ("trace_pool2d input", lambda: engine.trace_pool2d(bad, 1)),
        ("relu input", lambda: engine.relu(bad)),
        ("flatten input", lambda: engine.flatten(bad)),
        ("pad input", lambda: engine.pad(bad, 1)),
    ]


NAN_GRID = [[1.0, 2.0], [3.0, float("nan")]]


@pytest.mark.parametrize(
    ("name", "call"), array_calls(NAN_GRID), ids=lambda v: v if isinstance(v, str) else ""
)
def test_nan_input_is_refused_with_its_index(name: str, call: Callable[[], Any]) -> None:
    got = message(call)
    assert got.startswith("input contains nan at index ")
    assert got.endswith("; only finite numbers are allowed")


@pytest.mark.parametrize(
    ("name", "call"),
    array_calls([["a", "b"], ["c", "d"]]),
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_text_input_is_refused(name: str, call: Callable[[], Any]) -> None:
    assert message(call) == "input must contain only numbers, got text such as 'a'"


def test_non_finite_messages_name_the_value_and_the_index() -> None:
    assert message(lambda: engine.correlate2d(NAN_GRID, [[1]])) == (
        "input contains nan at index (1, 1); only finite numbers are allowed"
    )
    assert message(lambda: engine.correlate1d([1, 2, float("inf")], [1])) == (
        "input contains inf at index 2; only finite numbers are allowed"
    )
    assert message(lambda: engine.correlate2d(X44, [[1, float("-inf")]])) == (
        "kernel contains -inf at index (0, 1); only finite numbers are allowed"
    )
    assert message(lambda: engine.correlate2d(X44, K33, bias=[float("nan")])) == (
        "bias contains nan at index 0; only finite numbers are allowed"
    )


def test_huge_finite_values_are_not_mistaken_for_infinities() -> None:
    big = np.full((2, 2), 1e308)
    assert engine.pool2d(big, 2)[0, 0] == 1e308


def test_huge_finite_values_raise_no_overflow_warning() -> None:
    """1e200 squared overflows the finiteness check's dot product; no RuntimeWarning escapes."""
    huge = np.array([[1e200, -3.0], [2.0, -1e200]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.testing.assert_array_equal(engine.relu(huge), [[1e200, 0.0], [2.0, 0.0]])
        assert engine.pool2d(huge, 2)[0, 0] == 1e200
        assert engine.flatten(huge).tolist() == [1e200, -3.0, 2.0, -1e200]
        # the slow path still finds a bad value among huge ones, at the right index
        assert message(lambda: engine.relu([[1e200, 1.0], [float("nan"), 1e200]])) == (
            "input contains nan at index (1, 0); only finite numbers are allowed"
        )
        assert message(lambda: engine.relu([1e200, float("-inf")])) == (
            "input contains -inf at index 1; only finite numbers are allowed"
        )


@pytest.mark.parametrize("size", [1, 2, 3, 31, 32, 33, 34, 129, 1000, 1001])
@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_every_non_finite_position_is_found(size: int, bad: float) -> None:
    """Small arrays (summed in Python) and large ones (half-by-half dot product, the middle of an
    odd count shared) alike: a bad value anywhere, among zeros (inf times zero) or ones,
    is found."""
    for fill in (0.0, 1.0):
        for where in sorted({0, size // 2, (size - 1) // 2, size - 1}):
            x = np.full(size, fill)
            x[where] = bad
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                got = message(partial(engine.relu, x))
            assert got == f"input contains {bad} at index {where}; only finite numbers are allowed"


def test_cancelling_infinities_are_found() -> None:
    for size in (4, 200, 201):
        x = np.zeros(size)
        x[0], x[-1] = float("inf"), float("-inf")
        assert message(partial(engine.relu, x)) == (
            "input contains inf at index 0; only finite numbers are allowed"
        )


def test_huge_finite_large_arrays_raise_no_overflow_warning() -> None:
    huge = np.full((40, 40), 1e200)
    huge[::2] *= -1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        engine.relu(np.full(33, 1e300))  # the dot product overflows to inf: the slow path
        np.testing.assert_array_equal(engine.relu(huge)[1], huge[1])
        assert len(engine.trace_correlate2d(huge, np.ones((3, 3)))) == 38 * 38


def test_other_non_numeric_inputs() -> None:
    assert (
        message(lambda: engine.relu([True, False]))
        == "input must contain only numbers, got booleans"
    )
    assert (
        message(lambda: engine.relu([1j, 2]))
        == "input must contain only numbers, got complex numbers"
    )
    assert message(lambda: engine.relu([1, None])) == "input must contain only numbers, got None"
    assert message(lambda: engine.correlate2d(X44, [["1"]])) == (
        "kernel must contain only numbers, got text such as '1'"
    )
    assert message(lambda: engine.correlate2d(X44, K33, bias="b")) == (
        "bias must contain only numbers, got text such as 'b'"
    )


def test_trace_indexing_errors() -> None:
    trace = engine.trace_correlate2d(X44, K33)
    assert message(lambda: trace[4], IndexError) == "step 4 is out of range for a trace of 4 steps"
    assert (
        message(lambda: trace[-5], IndexError) == "step -5 is out of range for a trace of 4 steps"
    )
    assert message(lambda: trace["a"], TypeError) == "step index must be an integer, got 'a'"
