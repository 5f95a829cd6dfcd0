"""Every stepper agrees with its vectorized function, and every Step is consistent with its input.

For random small cases: the trace's values fill exactly the vectorized output; each step's window,
sliced from the padded input, holds the step's inputs; products, winners, divisors and text all
follow from those inputs.
"""

from __future__ import annotations

import numpy as np
from engine_cases import conv_cases, pool_cases
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


def check_pool_steps(trace: engine.Trace, x: np.ndarray, mode: str) -> None:
    padded = engine.pad(x, trace.padding, value=trace.pad_value)
    for step in trace:
        assert step.mode == mode
        assert step.inputs == step.terms == tuple(padded[step.window].ravel().tolist())
        shown = ", ".join(format_number(v) for v in step.terms)
        assert step.text == f"{mode}({shown}) = {format_number(step.value)}"
        assert step.weights is None
        if mode == "max":
            assert step.winner is not None
            assert padded[step.winner] == step.value == max(step.terms)
            assert step.value != -np.inf
        else:
            assert step.winner is None
            assert step.divisor == len(step.terms)


@STEPS
@given(pool_cases(dims=1))
def test_trace_pool1d_equals_pool1d(case) -> None:
    trace = engine.trace_pool1d(case.x, case.size, **case.kwargs)
    check_trace_fills(trace, engine.pool1d(case.x, case.size, **case.kwargs))
    check_pool_steps(trace, case.x, case.kwargs["mode"])


@STEPS
@given(pool_cases(dims=2))
def test_trace_pool2d_equals_pool2d(case) -> None:
    trace = engine.trace_pool2d(case.x, case.size, **case.kwargs)
    check_trace_fills(trace, engine.pool2d(case.x, case.size, **case.kwargs))
    check_pool_steps(trace, case.x, case.kwargs["mode"])
