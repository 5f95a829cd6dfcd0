"""Hostile calls: every public engine function, fed values a careless or hostile caller might pass.

The only exception that may escape is the engine's own :class:`engine.ArgumentError` (a
``ValueError``), with a one-line message free of control characters that names an argument of the
function's signature. No ``OverflowError``, ``TypeError``, ``MemoryError``, ``IndexError`` or
``decimal.InvalidOperation``, and no giant allocation: a call whose padded input, output or work
would pass the engine's limits (:mod:`engine.limits`) is refused before anything is allocated.

Two passes: every hostile value in every argument of every function, one at a time (a fixed list,
a few thousand calls), and a seeded, bounded Hypothesis search over pairs of generated values.
"""

from __future__ import annotations

import inspect
import tracemalloc
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine import ArgumentError, NumberFormat


def nested(depth: int) -> object:
    """``[[...[1]...]]``, ``depth`` lists deep."""
    value: object = 1
    for _ in range(depth):
        value = [value]
    return value


class Unprintable:
    """An object whose ``str`` fails and whose ``repr`` spreads over lines, with an escape."""

    def __str__(self) -> str:
        raise RuntimeError("no str for you")

    def __repr__(self) -> str:
        return "line one\nline two\x1b[31m"


HOSTILE: list[object] = [
    # integers: huge, beyond int64, negative, zero
    10**400,
    -(10**400),
    10**5000,
    2**70,
    -(2**70),
    2**63,
    2**31,
    10**6,
    -1,
    0,
    np.int64(-(2**63)),
    np.uint64(2**64 - 1),
    # floats
    float("nan"),
    float("inf"),
    float("-inf"),
    1e308,
    -1e308,
    1e-320,
    1.5,
    2.0,
    np.float32(2.0),
    # bools, None, text
    True,
    False,
    None,
    "",
    "3",
    "same",
    "valid",
    "max",
    "\x1b]0;pwned\x07",
    "a\nb",
    "x" * 10_000,
    b"\x1b[2J",
    # containers of the wrong depth or shape
    [],
    [[]],
    [[[]]],
    [1, [2]],
    [[1, 2], [3]],
    nested(6),
    nested(100),
    nested(5000),
    (1, 2, 3),
    (0, 1),
    (1, -1),
    (2**70, 1),
    (1.5, 1),
    ((1, 1),),
    ((1, 1), (1,)),
    ((0, 10**400), (0, 0)),
    ((1, 1), (1, 1), (1, 1)),
    [10**400],
    [2**70, 1],
    [Fraction(10**400, 3)],
    [Decimal("1e400")],
    list(range(1000)),
    {},
    {"a": 1},
    set(),
    object(),
    Unprintable(),
    complex(1, 2),
    # arrays: empty, 0-d, of the wrong kind, huge values
    np.array(3.0),
    np.array(2),
    np.array([]),
    np.zeros((0, 3)),
    np.zeros((2, 0, 2)),
    np.array([np.nan]),
    np.ones((2, 2), dtype=bool),
    np.array(["a", "b"]),
    np.array([1 + 2j]),
    np.array([None, 1.0], dtype=object),
    np.full(3, 1e300),
    np.full((2, 2), 1e308),
    np.ones((1,) * 40),
    np.arange(24.0).reshape(2, 3, 4),
    np.ones((2, 2, 2, 2, 2)),
    # exact numbers
    Decimal("1e400"),
    Decimal("NaN"),
    Decimal("0.0000000000"),
    Fraction(10**400, 3),
    Fraction(1, 3),
    # a format where a number goes
    NumberFormat(2),
]

X4 = [1.0, 2.0, 3.0, 4.0]
X44 = np.arange(16.0).reshape(4, 4)
K33 = np.ones((3, 3))

# A valid call of every public function; each hostile value replaces one argument of it.
CORRELATE2D = {
    "x": X44,
    "k": K33,
    "stride": 1,
    "padding": 1,
    "bias": 0.5,
    "dilation": 1,
    "divisor": 2.0,
}
POOL2D = {"x": X44, "size": 2, "stride": None, "mode": "max", "padding": 1, "ceil_mode": True}
SHAPE = {"n": 6, "f": 3, "stride": 1, "padding": 1, "dilation": 1, "ceil_mode": False}
BASELINES: dict[str, tuple[Callable[..., Any], dict[str, object]]] = {
    "correlate1d": (
        engine.correlate1d,
        {
            "x": X4,
            "k": [1.0, -1.0],
            "stride": 1,
            "padding": 1,
            "bias": 0.0,
            "dilation": 1,
            "divisor": None,
        },
    ),
    "correlate2d": (engine.correlate2d, CORRELATE2D),
    "convolve2d": (engine.convolve2d, CORRELATE2D),
    "transposed_correlate2d": (
        engine.transposed_correlate2d,
        {
            "x": [[1.0, 2.0], [3.0, 4.0]],
            "k": [[1.0, 0.0], [0.0, 1.0]],
            "stride": 2,
            "padding": 0,
            "bias": 1.0,
            "output_padding": 1,
            "dilation": 1,
        },
    ),
    "pool1d": (
        engine.pool1d,
        {"x": [3.0, 1.0, 4.0, 1.0, 5.0], "size": 2, "stride": 1, "mode": "avg", "padding": 1},
    ),
    "pool2d": (engine.pool2d, POOL2D),
    "pad": (engine.pad, {"x": X44, "padding": 1, "value": 0.0}),
    "relu": (engine.relu, {"x": X44}),
    "flatten": (engine.flatten, {"x": X44}),
    "trace_correlate1d": (
        engine.trace_correlate1d,
        {"x": X4, "k": [1.0, -1.0], "padding": "same", "bias": 1.0, "fmt": NumberFormat(2)},
    ),
    "trace_correlate2d": (engine.trace_correlate2d, {**CORRELATE2D, "fmt": NumberFormat(1)}),
    "trace_convolve2d": (engine.trace_convolve2d, {**CORRELATE2D, "fmt": None}),
    "trace_pool1d": (
        engine.trace_pool1d,
        {"x": X4, "size": 2, "stride": 1, "mode": "max", "padding": 1, "ceil_mode": True},
    ),
    "trace_pool2d": (engine.trace_pool2d, {**POOL2D, "fmt": NumberFormat(2, "truncate")}),
    "output_size": (engine.output_size, SHAPE),
    "output_size_formula": (engine.output_size_formula, SHAPE),
    "transposed_output_size": (
        engine.transposed_output_size,
        {"n": 4, "f": 3, "stride": 2, "padding": 1, "output_padding": 1, "dilation": 1},
    ),
    "same_padding": (engine.same_padding, {"f": 3, "dilation": 2}),
    "full_padding": (engine.full_padding, {"f": 3, "dilation": 2}),
    "conv_params": (
        engine.conv_params,
        {"in_channels": 3, "out_channels": 10, "kernel_size": 5, "bias": True},
    ),
    "dense_params": (engine.dense_params, {"inputs": 10, "outputs": 10, "bias": False}),
    "format_number": (engine.format_number, {"value": 2 / 3, "fmt": NumberFormat(2, fixed=True)}),
    "NumberFormat": (
        NumberFormat,
        {"decimals": 2, "mode": "truncate", "fixed": True, "max_denominator": 1000},
    ),
    "operand_format": (engine.operand_format, {"fmt": NumberFormat(2, fixed=True)}),
}

# Where a value can only be judged against another argument, the error may name that one: a
# 3-channel input against a 1-channel kernel is "kernel has 1 channel, input has 3" (the kernel
# is blamed, as a lesson author edits the kernel to fit the picture), and an input too small for
# the kernel is "kernel 3x3 does not fit input 1x1".
RELATED = {
    ("x", "k"),
    ("x", "size"),
    ("stride", "padding"),
    ("size", "padding"),
    ("stride", "output_padding"),
    ("dilation", "output_padding"),
}

# Numbers a format must write without raising (a NumberFormat that builds must be usable).
FORMATTED = [2 / 3, -5 / 9, 0.0, -0.0, 1e15 + 0.5, 9.999999999999999e15, 1e-300, 5e-324, 1e300]


def signature_names(function: Callable[..., Any]) -> set[str]:
    return set(inspect.signature(function).parameters)


def check_call(name: str, changes: dict[str, object]) -> None:
    """Call a baseline with ``changes``; only a well-formed ArgumentError may come out."""
    function, baseline = BASELINES[name]
    kwargs = {**baseline, **changes}
    try:
        result = function(**kwargs)
        use(result)
    except ArgumentError as error:
        text = str(error)
        assert text, f"{name}{changes!r}: empty message"
        assert text.isprintable(), f"{name}: message with a control character: {text!r}"
        assert len(text) <= 400, f"{name}: message of {len(text)} characters"
        assert isinstance(error, ValueError)
        assert error.argument in signature_names(function), (
            f"{name}: .argument {error.argument!r} is not a parameter; message {text!r}"
        )
        if len(changes) == 1:
            (changed,) = changes
            assert error.argument == changed or (changed, error.argument) in RELATED, (
                f"{name}({changed}=...): blames {error.argument!r}: {text!r}"
            )


def use(result: object) -> None:
    """Use what a call returned the way a caller would: step a trace, write with a format."""
    if isinstance(result, engine.Trace):
        assert len(result) >= 1
        for step in (result[0], result[-1]):
            assert step.text.isprintable()
    elif isinstance(result, NumberFormat):
        for value in FORMATTED:
            assert engine.format_number(value, result).isprintable()
    elif isinstance(result, np.ndarray):
        assert result.dtype == np.float64


CALLS = [
    (name, argument)
    for name, (function, baseline) in BASELINES.items()
    for argument in sorted(signature_names(function))
]


# Values near 1e308 overflow to inf in a sum, as floats do (NumPy warns; that is not an error).
pytestmark = pytest.mark.filterwarnings("ignore:overflow encountered:RuntimeWarning")


@pytest.mark.parametrize(("name", "argument"), CALLS, ids=[f"{n}-{a}" for n, a in CALLS])
def test_every_hostile_value_in_every_argument(name: str, argument: str) -> None:
    for value in HOSTILE:
        check_call(name, {argument: value})


# Generated values: integers of every size, floats of every kind, text with control characters,
# nested lists of numbers (ragged or not), and the fixed list above.
NUMBERS = st.one_of(
    st.integers(),
    st.integers(-(2**80), 2**80),
    st.floats(),
    st.sampled_from([0, 1, 2, 3, -1, 2**26, 2**13, 10**400]),
)
VALUES = st.recursive(
    st.one_of(NUMBERS, st.text(max_size=8), st.none(), st.booleans()),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner)),
    max_leaves=12,
)
HOSTILE_VALUES = st.one_of(st.sampled_from(HOSTILE), VALUES)


@st.composite
def hostile_calls(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    name = draw(st.sampled_from(sorted(BASELINES)))
    names = sorted(signature_names(BASELINES[name][0]))
    chosen = draw(st.lists(st.sampled_from(names), min_size=1, max_size=2, unique=True))
    return name, {argument: draw(HOSTILE_VALUES) for argument in chosen}


@settings(
    derandomize=True,
    max_examples=600,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(hostile_calls())
def test_generated_hostile_calls_raise_only_argument_errors(
    call: tuple[str, dict[str, object]],
) -> None:
    check_call(*call)


# Giant work is refused before anything is allocated: the allocation is measured (NumPy reports its
# buffers to tracemalloc), not the time. The arrays are made before the measurement starts.
X3_40 = np.ones((3, 40, 40))
X3_100 = np.ones((3, 100, 100))
K16_3_200 = np.ones((16, 3, 200, 200))
X3_100_SINGLE, K16_3_200_SINGLE = X3_100.astype(np.float32), K16_3_200.astype(np.float32)
# 16 x 3*200*200 taps x 40*40 positions: 3.07e9 > 2**30 (a trace's limit; the vectorized is 2**34);
# x 100*100 positions: 1.92e10 > 2**34
LONG = np.ones(2**16)
GIANT: list[tuple[str, Callable[[], object], str]] = [
    (
        "padding 2**13 on a 4x4 input",
        lambda: engine.correlate2d(X44, [[1.0]], padding=2**13),
        "padding",
    ),
    (
        "trace with padding 2**13",
        lambda: engine.trace_correlate2d(X44, [[1.0]], padding=(2**13, 2**13)),
        "padding",
    ),
    ("pad by 10**6", lambda: engine.pad(X44, 10**6), "padding"),
    ("pad by 10**400", lambda: engine.pad(X44, 10**400), "padding"),
    (
        "same padding with a 200x200 kernel stack on a 3-channel input (issue 16)",
        lambda: engine.correlate2d(X3_100, K16_3_200, padding="same"),
        "k",
    ),
    (
        "the same in float32",
        lambda: engine.correlate2d(X3_100_SINGLE, K16_3_200_SINGLE, padding="same"),
        "k",
    ),
    (
        "a trace of a 200x200 kernel stack, over the stepper's 2**30",
        lambda: engine.trace_correlate2d(X3_40, K16_3_200, padding="same"),
        "k",
    ),
    (
        "pool window 2**26 with padding half of it",
        lambda: engine.pool1d(X4, 2**26, padding=2**25),
        "padding",
    ),
    (
        "pool window 2**15 at stride 1 over 2**16 cells: 2**30 window reads",
        lambda: engine.pool1d(LONG, 2**15, stride=1),
        "size",
    ),
    (
        "transposed stride 10**6",
        lambda: engine.transposed_correlate2d(X44, K33, stride=10**6),
        "stride",
    ),
    (
        "transposed dilation 2**20",
        lambda: engine.transposed_correlate2d(X44, K33, dilation=2**20),
        "dilation",
    ),
    (
        "traced pool window of 2**24 cells",
        lambda: engine.trace_pool2d(np.ones((2, 2)), 2**12, padding=2**11),
        "size",
    ),
]


@pytest.mark.parametrize(("call", "argument"), [g[1:] for g in GIANT], ids=[g[0] for g in GIANT])
def test_giant_work_is_refused_before_allocating(call: Callable[[], object], argument: str) -> None:
    tracemalloc.start()
    try:
        with pytest.raises(ArgumentError) as caught:
            call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert caught.value.argument == argument, str(caught.value)
    assert "2**" in str(caught.value), "the message names the limit"
    assert peak < 4 * 2**20, f"allocated {peak / 2**20:.0f} MiB before refusing"


# The examples issue 16 names, and the messages of the limits.
def refused(call: Callable[[], object]) -> ArgumentError:
    with pytest.raises(ArgumentError) as caught:
        call()
    return caught.value


def test_format_number_of_a_huge_integer_is_refused() -> None:
    error = refused(lambda: engine.format_number(10**400))
    assert error.argument == "value"
    assert str(error) == (
        "value must be within float range (about 1.8e308), got an integer of 401 digits"
    )
    assert refused(lambda: engine.format_number(Fraction(10**400, 3))).argument == "value"


def test_thirty_decimals_are_refused_and_seventeen_are_written() -> None:
    error = refused(lambda: NumberFormat(30))
    assert error.argument == "decimals"
    assert str(error) == (
        "decimals must be at most 17 (a float has about 17 significant digits), got 30"
    )
    # 1e15 + 0.5 is exact in binary; 16 integer digits and 17 decimals are more than Decimal's
    # default 28 digits of precision, which raised InvalidOperation
    fmt = NumberFormat(17, fixed=True)
    assert engine.format_number(1e15 + 0.5, fmt) == "1000000000000000.50000000000000000"
    assert engine.format_number(-2.5, NumberFormat(17, "truncate", fixed=True)) == (
        "-2.50000000000000000"
    )


def test_integer_arguments_are_bounded_by_the_cell_limit() -> None:
    error = refused(lambda: engine.correlate2d(X44, K33, stride=2**70))
    assert error.argument == "stride"
    assert str(error) == (
        "stride must be at most 2**26 = 67108864 (the engine's size limit), "
        "got 1180591620717411303424"
    )
    error = refused(lambda: engine.output_size_formula(10**5000, 3))
    assert error.argument == "n"
    assert str(error).endswith("got an integer of 5001 digits")
    # the limit itself is allowed: arithmetic only, nothing allocated
    assert engine.output_size(2**26, 1, stride=2**26) == 1


def test_limit_messages_name_the_array_and_the_limit() -> None:
    assert str(refused(lambda: engine.correlate2d(X44, [[1.0]], padding=2**13))) == (
        "the padded input 16388x16388 would take 268566544 cells, "
        "over the engine's limit of 2**26 = 67108864 cells"
    )
    assert str(refused(lambda: engine.correlate2d(X3_100, K16_3_200, padding="same"))) == (
        "16 kernels kernel 3x200x200 at 10000 positions would take 19200000000 multiply-adds, "
        "over the engine's limit of 2**34 = 17179869184"
    )
    assert str(refused(lambda: engine.trace_correlate2d(X3_40, K16_3_200, padding="same"))) == (
        "16 kernels kernel 3x200x200 at 1600 positions would take 3072000000 multiply-adds, "
        "over the engine's limit of 2**30 = 1073741824"
    )
    assert str(refused(lambda: engine.pool1d(LONG, 2**15, stride=1))) == (
        "pool window 32768 at 32769 positions would take 1073774592 window reads, "
        "over the engine's limit of 2**30 = 1073741824"
    )
    assert str(refused(lambda: engine.trace_pool2d(np.ones((2, 2)), 2**12, padding=2**11))) == (
        "a step of pool window 4096x4096 would write 16777216 terms, "
        "over the stepper's limit of 2**16 = 65536 per step"
    )


def test_padding_is_blamed_when_the_kernel_fits_the_bare_input() -> None:
    """30x30 over a 40x40 input is fine; padded by 2500 it takes 900 x 5011**2 multiply-adds
    (over the vectorized 2**34), and padded by 600, 900 x 1211**2 (over a trace's 2**30)."""
    error = refused(lambda: engine.correlate2d(np.ones((40, 40)), np.ones((30, 30)), padding=2500))
    assert error.argument == "padding"
    assert f"kernel 30x30 at {5011**2} positions would take {900 * 5011**2} multiply-adds" in str(
        error
    )
    error = refused(
        lambda: engine.trace_correlate2d(np.ones((40, 40)), np.ones((30, 30)), padding=600)
    )
    assert error.argument == "padding"
    assert f"kernel 30x30 at {1211**2} positions would take {900 * 1211**2} multiply-adds" in str(
        error
    )


def test_a_huge_kernel_within_the_limits_is_computed_in_bounded_memory() -> None:
    """Two 3x200x200 kernels, "same" over 3x40x40: every window at once would be 1.5 GB."""
    rng = np.random.default_rng(16)
    x, k = rng.standard_normal((3, 40, 40)), rng.standard_normal((2, 3, 200, 200))
    tracemalloc.start()
    try:
        got = engine.correlate2d(x, k, padding="same")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # torch's "same" puts the odd cell bottom/right: 99 before, 100 after on each axis
    padded = np.pad(x, ((0, 0), (99, 100), (99, 100)))
    expected = np.array(
        [
            [
                [np.sum(padded[:, i : i + 200, j : j + 200] * k[o]) for j in range(40)]
                for i in range(40)
            ]
            for o in range(2)
        ]
    )
    np.testing.assert_allclose(got, expected, atol=1e-9)
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_messages_quote_hostile_values_on_one_short_line() -> None:
    error = refused(lambda: engine.pool2d(X44, 2, mode="max\x1b]0;pwned\x07\n"))
    assert str(error) == "mode must be 'max' or 'avg', got 'max\\x1b]0;pwned\\x07\\n'"
    error = refused(lambda: engine.correlate2d(X44, K33, padding=nested(5000)))
    assert str(error).endswith("got (((((...),),),),)")  # four levels, then no further
    error = refused(lambda: engine.format_number(Unprintable()))
    assert str(error) == "value must be a number, got a Unprintable object"
    error = refused(lambda: engine.correlate2d(X44, K33, bias="x" * 10_000))
    assert len(str(error)) <= 160  # not the 10,000 characters passed


def test_trace_indexing_errors_stay_one_line_for_hostile_indexes() -> None:
    """A trace is a sequence: IndexError and TypeError, as Python's own sequences raise."""
    trace = engine.trace_correlate2d(X44, K33)
    with pytest.raises(IndexError) as out_of_range:
        trace[10**5000]
    assert str(out_of_range.value) == (
        "step an integer of 5001 digits is out of range for a trace of 4 steps"
    )
    with pytest.raises(TypeError) as not_an_index:
        trace["\x1b[2J"]
    assert str(not_an_index.value) == "step index must be an integer, got '\\x1b[2J'"
    assert trace[np.int64(-1)].out == (1, 1)


def test_numbers_beyond_float_range_are_refused_by_name() -> None:
    error = refused(lambda: engine.correlate2d(X44, K33, bias=10**400))
    assert (error.argument, str(error)) == (
        "bias",
        "bias must be a finite number within float range (about 1.8e308), "
        "got an integer of 401 digits",
    )
    error = refused(lambda: engine.correlate2d([[10**400, 1], [2, 3]], [[1]]))
    assert (error.argument, str(error)) == (
        "x",
        "input holds a number too large for a float (over 1.8e308)",
    )
    assert refused(lambda: engine.pad(X44, 1, value=10**400)).argument == "value"
