"""Every stepper agrees with its vectorized function, and every Step is consistent with its input.

For random small cases: the trace's values fill exactly the vectorized output; each step's window,
sliced from the padded input, holds the step's inputs; products, winners, divisors and text all
follow from those inputs.
"""

from __future__ import annotations

import numpy as np
from engine_cases import conv_cases, pool_cases, side_pool_cases, transposed_cases
from hypothesis import HealthCheck, given, settings

import engine
from engine import format_number

STEPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_trace_fills(trace: engine.Trace, expected: np.ndarray) -> None:
    assert trace.output_shape == expected.shape
    assert len(trace) == expected.size
    values = np.array([step.value for step in trace]).reshape(expected.shape)
    np.testing.assert_allclose(values, expected, rtol=1e-12, atol=1e-12)
    for k, step in enumerate(trace):
        assert step.index == k
        assert step.out == tuple(int(i) for i in np.unravel_index(k, expected.shape))


def check_correlation_steps(trace: engine.Trace, x: np.ndarray, k: np.ndarray, dims: int) -> None:
    padded = engine.pad(x, trace.padding)
    stack = np.asarray(k, dtype=float)
    stack = stack.reshape((1,) * (dims + 2 - stack.ndim) + stack.shape)
    channels = stack.shape[1]
    for step in trace:
        kernel = step.out[0] if len(step.out) > dims else 0
        assert step.inputs == tuple(padded[step.window].ravel().tolist())
        assert step.weights == tuple(stack[kernel].ravel().tolist())
        assert step.terms == tuple(w * v for w, v in zip(step.weights, step.inputs, strict=True))
        products = [
            f"{format_number(w)}*{format_number(v)}"
            for w, v in zip(step.weights, step.inputs, strict=True)
        ]
        assert step.text.endswith(f" = {format_number(step.value)}")
        for product in products:
            assert product in step.text
        if x.ndim == dims + 1:
            assert step.partials is not None and len(step.partials) == channels
            per = len(step.terms) // channels
            for c, partial in enumerate(step.partials):
                assert np.isclose(partial, sum(step.terms[c * per : (c + 1) * per]))
        else:
            assert step.partials is None


@STEPS
@given(conv_cases(dims=1))
def test_trace_correlate1d_equals_correlate1d(case) -> None:
    trace = engine.trace_correlate1d(case.x, case.k, **case.kwargs)
    check_trace_fills(trace, engine.correlate1d(case.x, case.k, **case.kwargs))
    check_correlation_steps(trace, case.x, case.k, 1)


@STEPS
@given(conv_cases(dims=2))
def test_trace_correlate2d_equals_correlate2d(case) -> None:
    trace = engine.trace_correlate2d(case.x, case.k, **case.kwargs)
    check_trace_fills(trace, engine.correlate2d(case.x, case.k, **case.kwargs))
    check_correlation_steps(trace, case.x, case.k, 2)


@settings(STEPS, max_examples=60)
@given(conv_cases(dims=2))
def test_trace_convolve2d_equals_convolve2d(case) -> None:
    trace = engine.trace_convolve2d(case.x, case.k, **case.kwargs)
    check_trace_fills(trace, engine.convolve2d(case.x, case.k, **case.kwargs))
    check_correlation_steps(trace, case.x, np.flip(case.k, axis=(-2, -1)), 2)


def check_pool_steps(
    trace: engine.Trace, x: np.ndarray, mode: str, *, include_pad: bool = True
) -> None:
    padded = engine.pad(x, trace.padding, value=trace.pad_value)
    # which padded cells are input cells: count_include_pad=False averages only those
    inside = engine.pad(np.ones_like(np.asarray(x, dtype=float)), trace.padding) == 1
    for step in trace:
        assert step.mode == mode
        assert step.inputs == step.terms == tuple(padded[step.window].ravel().tolist())
        counted = step.terms if include_pad else tuple(padded[step.window][inside[step.window]])
        shown = ", ".join(format_number(v) for v in counted)
        assert step.text == f"{mode}({shown}) = {format_number(step.value)}"
        assert step.weights is None
        if mode == "max":
            assert step.winner is not None
            assert padded[step.winner] == step.value == max(step.terms)
            assert step.value != -np.inf
        else:
            assert step.winner is None
            assert step.divisor == len(counted)


@STEPS
@given(pool_cases(dims=1))
def test_trace_pool1d_equals_pool1d(case) -> None:
    trace = engine.trace_pool1d(case.x, case.size, **case.kwargs)
    check_trace_fills(trace, engine.pool1d(case.x, case.size, **case.kwargs))
    check_pool_steps(
        trace,
        case.x,
        case.kwargs["mode"],
        include_pad=case.kwargs.get("count_include_pad", True),
    )


@STEPS
@given(pool_cases(dims=2))
def test_trace_pool2d_equals_pool2d(case) -> None:
    trace = engine.trace_pool2d(case.x, case.size, **case.kwargs)
    check_trace_fills(trace, engine.pool2d(case.x, case.size, **case.kwargs))
    check_pool_steps(
        trace,
        case.x,
        case.kwargs["mode"],
        include_pad=case.kwargs.get("count_include_pad", True),
    )


@STEPS
@given(side_pool_cases(dims=2))
def test_trace_pool2d_with_per_side_padding_equals_pool2d(case) -> None:
    trace = engine.trace_pool2d(case.x, case.size, **case.kwargs)
    check_trace_fills(trace, engine.pool2d(case.x, case.size, **case.kwargs))
    check_pool_steps(
        trace,
        case.x,
        case.kwargs["mode"],
        include_pad=case.kwargs.get("count_include_pad", True),
    )


@STEPS
@given(transposed_cases())
def test_trace_transposed_paints_the_output_of_transposed_correlate2d(case) -> None:
    """Summing every step's painted patch on the canvas and cropping gives the output."""
    kwargs = {key: value for key, value in case.kwargs.items() if key != "bias"}
    expected = engine.transposed_correlate2d(case.x, case.k, **kwargs)
    trace = engine.trace_transposed_correlate2d(case.x, case.k, **kwargs)
    x = np.asarray(case.x, dtype=float)
    x3 = x if x.ndim == 3 else x[None]
    assert len(trace) == x3.shape[1] * x3.shape[2]
    assert trace.output_shape == expected.shape
    maps = expected.shape[0] if expected.ndim == 3 else 1
    (top, bottom), (left, right) = trace.padding
    canvas = np.zeros((maps, expected.shape[-2] + top + bottom, expected.shape[-1] + left + right))
    for k, step in enumerate(trace):
        assert step.out == divmod(k, x3.shape[2])
        assert step.inputs == tuple(x3[:, step.out[0], step.out[1]].tolist())
        patch = np.array(step.terms).reshape(canvas[step.window].shape)
        canvas[step.window] += patch
    painted = canvas[:, top : top + expected.shape[-2], left : left + expected.shape[-1]]
    np.testing.assert_allclose(painted if expected.ndim == 3 else painted[0], expected, atol=1e-9)


def test_trace_transposed_text_on_the_d2l_example() -> None:
    """d2l.ai 14.10 (transposed convolution): X = [[0, 1], [2, 3]], K = [[0, 1], [2, 3]].

    Each input cell paints its scaled kernel; the output is [[0, 0, 1], [0, 4, 6], [4, 12, 9]].
    """
    trace = engine.trace_transposed_correlate2d([[0, 1], [2, 3]], [[0, 1], [2, 3]])
    assert [step.text for step in trace] == [
        "0 × [0 1; 2 3] = [0 0; 0 0]",
        "1 × [0 1; 2 3] = [0 1; 2 3]",
        "2 × [0 1; 2 3] = [0 2; 4 6]",
        "3 × [0 1; 2 3] = [0 3; 6 9]",
    ]
    canvas = np.zeros((1, 3, 3))
    for step in trace:
        canvas[step.window] += np.array(step.terms).reshape(1, 2, 2)
    assert canvas[0].tolist() == [[0, 0, 1], [0, 4, 6], [4, 12, 9]]


@STEPS
@given(conv_cases(dims=2))
def test_trace_relu_equals_relu(case) -> None:
    x = np.asarray(case.x, dtype=float)
    trace = engine.trace_relu(x)
    check_trace_fills(trace, engine.relu(x))
    for step in trace:
        assert step.inputs == (x[step.out],)
        assert step.text == f"max(0, {format_number(x[step.out])}) = {format_number(step.value)}"
