"""Every engine error names its argument: ``ArgumentError.argument`` is a parameter of the function
as its signature spells it, so the lesson loader can blame the right key without reading words."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import engine
from engine import ArgumentError, NumberFormat

X44 = np.arange(16.0).reshape(4, 4)
X344 = np.arange(48.0).reshape(3, 4, 4)
K33 = np.ones((3, 3))

# (function, a call with one bad argument, the parameter at fault as the signature names it)
CASES: list[tuple[Callable[..., Any], Callable[[], Any], str]] = [
    (engine.correlate1d, lambda: engine.correlate1d([1, 2], [1, 1, 1]), "k"),
    (engine.correlate1d, lambda: engine.correlate1d([[1, 2], [3, 4]], [1]), "k"),
    (engine.correlate1d, lambda: engine.correlate1d([1, float("nan")], [1]), "x"),
    (engine.correlate1d, lambda: engine.correlate1d([1, 2], [1], padding=-1), "padding"),
    (engine.correlate2d, lambda: engine.correlate2d([1, 2, 3], K33), "x"),
    (engine.gradient_magnitude, lambda: engine.gradient_magnitude([1, 2, 3]), "x"),
    (engine.gradient_magnitude, lambda: engine.gradient_magnitude(X44, kx=[1, 0, -1]), "kx"),
    (
        engine.gradient_magnitude,
        lambda: engine.gradient_magnitude(X44, kx=K33, ky=[[1, -1]]),
        "ky",
    ),
    (
        engine.trace_gradient_magnitude,
        lambda: list(engine.trace_gradient_magnitude(X44, ky=np.ones((3, 3, 1)))),
        "ky",
    ),
    (engine.correlate2d, lambda: engine.correlate2d(X44, [["a"]]), "k"),
    (engine.correlate2d, lambda: engine.correlate2d(X344, np.ones((2, 3, 3))), "k"),
    (engine.correlate2d, lambda: engine.correlate2d(X44, K33, stride=(1, 0)), "stride"),
    (engine.correlate2d, lambda: engine.correlate2d(X44, K33, dilation=0), "dilation"),
    # the kernel fits; dilated by 2 it spans 5x5 and does not
    (engine.correlate2d, lambda: engine.correlate2d(X44, K33, dilation=2), "dilation"),
    (engine.correlate2d, lambda: engine.correlate2d(X44, K33, padding="full"), "padding"),
    (engine.correlate2d, lambda: engine.correlate2d(X44, K33, bias=[1, 2]), "bias"),
    (engine.correlate2d, lambda: engine.correlate2d(X44, K33, bias="b"), "bias"),
    (engine.correlate2d, lambda: engine.correlate2d(X44, K33, divisor=0), "divisor"),
    (engine.convolve2d, lambda: engine.convolve2d(X44, np.ones((5, 5))), "k"),
    (
        engine.convolve2d,
        lambda: engine.convolve2d(X44, K33, padding="same", stride=2),
        "padding",
    ),
    (
        engine.transposed_correlate2d,
        lambda: engine.transposed_correlate2d(X44, K33, output_padding=1),
        "output_padding",
    ),
    (
        engine.transposed_correlate2d,
        lambda: engine.transposed_correlate2d([[1]], [[1]], padding=1),
        "padding",
    ),
    (
        engine.transposed_correlate2d,
        lambda: engine.transposed_correlate2d(X344, np.ones((2, 1, 3, 3))),
        "k",
    ),
    (engine.transposed_correlate2d, lambda: engine.transposed_correlate2d([[]], K33), "x"),
    (
        engine.transposed_correlate2d,
        lambda: engine.transposed_correlate2d(X44, K33, stride=0),
        "stride",
    ),
    (engine.pool1d, lambda: engine.pool1d([1, 2], 3), "size"),
    (engine.pool1d, lambda: engine.pool1d([1, 2, 3], 2, stride=-1), "stride"),
    (engine.pool2d, lambda: engine.pool2d(X44, 3, padding=2), "padding"),
    (engine.pool2d, lambda: engine.pool2d(X44, 2, mode="sum"), "mode"),
    (engine.pool2d, lambda: engine.pool2d(X44, 2, ceil_mode="yes"), "ceil_mode"),
    (engine.pool2d, lambda: engine.pool2d([1, 2, 3], 1), "x"),
    (engine.pad, lambda: engine.pad(X44, "same"), "padding"),
    (engine.pad, lambda: engine.pad(X44, 1, value="x"), "value"),
    (engine.pad, lambda: engine.pad([[1, None]], 1), "x"),
    (engine.relu, lambda: engine.relu([1, None]), "x"),
    (engine.flatten, lambda: engine.flatten([[1, 2], [3]]), "x"),
    (engine.trace_correlate1d, lambda: engine.trace_correlate1d([1, 2], [1], fmt=2), "fmt"),
    (engine.trace_correlate2d, lambda: engine.trace_correlate2d(X344, K33), "k"),
    (
        engine.trace_convolve2d,
        lambda: engine.trace_convolve2d(X44, K33, divisor=float("nan")),
        "divisor",
    ),
    (engine.trace_pool1d, lambda: engine.trace_pool1d([1, 2], 1, fmt="round"), "fmt"),
    (engine.trace_pool2d, lambda: engine.trace_pool2d(X44, 0), "size"),
    (engine.pool2d, lambda: engine.pool2d(X44, 2, padding=((1, 2), (0, 0))), "padding"),
    (engine.pool2d, lambda: engine.pool2d(X44, 2, padding="same"), "padding"),
    (
        engine.pool2d,
        lambda: engine.pool2d(X44, 2, mode="avg", count_include_pad="no"),
        "count_include_pad",
    ),
    (
        engine.trace_transposed_correlate2d,
        lambda: engine.trace_transposed_correlate2d(X44, K33, stride=0),
        "stride",
    ),
    (
        engine.trace_transposed_correlate2d,
        lambda: engine.trace_transposed_correlate2d(X44, K33, fmt=3),
        "fmt",
    ),
    (engine.trace_relu, lambda: engine.trace_relu([1, float("inf")]), "x"),
    (engine.trace_relu, lambda: engine.trace_relu([1], fmt="x"), "fmt"),
    # the backward pass: the forward call's arguments, and grad_out of the forward output's shape
    (
        engine.correlate2d_backward,
        lambda: engine.correlate2d_backward(X44, K33, np.ones((3, 3))),
        "grad_out",
    ),
    (engine.correlate2d_backward, lambda: engine.correlate2d_backward(X44, [[1, "a"]], 1), "k"),
    (
        engine.correlate1d_backward,
        lambda: engine.correlate1d_backward([1, 2, 3], [1, 1], [1, 1], stride=0),
        "stride",
    ),
    (
        engine.pool2d_backward,
        lambda: engine.pool2d_backward(X44, np.ones((2, 2)), 2, padding=3),
        "padding",
    ),
    (engine.pool1d_backward, lambda: engine.pool1d_backward([1, 2], [1, 1], 2), "grad_out"),
    (engine.relu_backward, lambda: engine.relu_backward([1, float("nan")], [1, 1]), "x"),
    (
        engine.trace_correlate2d_backward,
        lambda: engine.trace_correlate2d_backward(X44, K33, np.ones((2, 2)), wrt="w"),  # type: ignore[arg-type]
        "wrt",
    ),
    (
        engine.trace_correlate2d_backward,
        lambda: engine.trace_correlate2d_backward(X44, K33, np.ones((2, 2)), fmt=3),  # type: ignore[arg-type]
        "fmt",
    ),
    (
        engine.trace_pool2d_backward,
        lambda: engine.trace_pool2d_backward(X44, np.ones((3, 3)), 2),
        "grad_out",
    ),
    (
        engine.trace_relu_backward,
        lambda: engine.trace_relu_backward([1, 2], [[1, 2]]),
        "grad_out",
    ),
    (
        engine.backward_canvas,
        lambda: engine.backward_canvas(X44, K33, np.ones((2, 2)), dilation=0),
        "dilation",
    ),
    (engine.output_size, lambda: engine.output_size(0, 1), "n"),
    (engine.output_size, lambda: engine.output_size(4, 5), "f"),
    (engine.output_size, lambda: engine.output_size(5, 3, dilation=3), "dilation"),
    (engine.output_size, lambda: engine.output_size(5, 3, stride=2, padding="same"), "padding"),
    (engine.output_size, lambda: engine.output_size(4, 2, ceil_mode=1), "ceil_mode"),
    (engine.output_size_formula, lambda: engine.output_size_formula(4, 0), "f"),
    (engine.output_size_formula, lambda: engine.output_size_formula(4, 2, stride=0), "stride"),
    (
        engine.transposed_output_size,
        lambda: engine.transposed_output_size(1, 1, padding=1),
        "padding",
    ),
    (
        engine.transposed_output_size,
        lambda: engine.transposed_output_size(4, 3, output_padding=1),
        "output_padding",
    ),
    (engine.transposed_output_size, lambda: engine.transposed_output_size(-1, 3), "n"),
    (engine.same_padding, lambda: engine.same_padding(0), "f"),
    (engine.same_padding, lambda: engine.same_padding(3, dilation=0), "dilation"),
    (engine.full_padding, lambda: engine.full_padding(1.5), "f"),
    (engine.conv_params, lambda: engine.conv_params(0, 10, 3), "in_channels"),
    (engine.conv_params, lambda: engine.conv_params(3, 0, 3), "out_channels"),
    (engine.conv_params, lambda: engine.conv_params(3, 10, (3, 0)), "kernel_size"),
    (engine.dense_params, lambda: engine.dense_params(0, 10), "inputs"),
    (engine.dense_params, lambda: engine.dense_params(10, -1), "outputs"),
    (engine.format_number, lambda: engine.format_number("seven"), "value"),
    (engine.format_number, lambda: engine.format_number(1.5, 2), "fmt"),  # type: ignore[arg-type]
    (engine.operand_format, lambda: engine.operand_format("2"), "fmt"),  # type: ignore[arg-type]
    (NumberFormat, lambda: NumberFormat(-1), "decimals"),
    (NumberFormat, lambda: NumberFormat(2, "ceil"), "mode"),  # type: ignore[arg-type]
    (NumberFormat, lambda: NumberFormat(max_denominator=0), "max_denominator"),
]


@pytest.mark.parametrize(
    ("function", "call", "argument"),
    CASES,
    ids=[f"{c[0].__name__}-{c[2]}-{i}" for i, c in enumerate(CASES)],
)
def test_error_names_the_argument(
    function: Callable[..., Any], call: Callable[[], Any], argument: str
) -> None:
    assert argument in inspect.signature(function).parameters  # the table itself is right
    with pytest.raises(ArgumentError) as caught:
        call()
    assert caught.value.argument == argument, str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_every_public_function_is_covered() -> None:
    covered = {c[0] for c in CASES}
    public = {getattr(engine, name) for name in engine.__all__}
    public = {f for f in public if inspect.isfunction(f)} | {NumberFormat}
    assert public - covered == set()


def test_argument_error_is_a_value_error_with_its_argument() -> None:
    error = ArgumentError("stride", "stride must be a positive integer, got 0")
    assert isinstance(error, ValueError)
    assert (error.argument, str(error)) == ("stride", "stride must be a positive integer, got 0")
    assert engine.ArgumentError is ArgumentError


def test_control_characters_in_a_message_are_escaped() -> None:
    error = ArgumentError("x", "got 'a\nb\x1b[2J\x07'")
    assert str(error) == "got 'a\\nb\\x1b[2J\\x07'"
