"""Backpropagation: the engine's gradients agree with torch.autograd, and the steppers with them."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from engine_cases import ConvCase, PoolCase, arrays, conv_cases, pool_cases, side_pool_cases
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine

CASES = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STEPS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Array = np.ndarray[Any, np.dtype[np.float64]]


def close(ours: Array, theirs: Array) -> None:
    assert ours.dtype == np.float64
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-9)


def conv_call(case: ConvCase) -> dict[str, Any]:
    """The case's keyword arguments that the backward takes (bias does not change gradients)."""
    return {key: value for key, value in case.kwargs.items() if key != "bias"}


def torch_conv_grads(case: ConvCase, grad: Array) -> tuple[Array, Array, Array]:
    """torch.autograd's ∂L/∂x, ∂L/∂k, ∂L/∂b for L = sum(grad * conv(x, k) + b)."""
    dims = case.dims
    x_np = np.array(case.x, dtype=np.float64)
    k_np = np.array(case.k, dtype=np.float64)
    x = torch.tensor(x_np, requires_grad=True)
    k = torch.tensor(k_np, requires_grad=True)
    xb = x if x.ndim == dims + 1 else x[None]
    kb = k
    while kb.ndim < dims + 2:
        kb = kb[None]
    b = torch.zeros(kb.shape[0], dtype=torch.float64, requires_grad=True)
    padding = case.kwargs.get("padding", 0)
    stride = case.kwargs.get("stride", 1)
    dilation = case.kwargs.get("dilation", 1)
    batch = xb[None]
    if isinstance(padding, tuple) and (dims == 1 or isinstance(padding[0], tuple)):
        sides = list(padding) if isinstance(padding[0], tuple) else [padding]
        batch = F.pad(batch, [v for side in reversed(sides) for v in side])
        padding = 0
    conv = F.conv1d if dims == 1 else F.conv2d
    out = conv(batch, kb, b, stride=stride, padding=padding, dilation=dilation)[0]
    if k_np.ndim < dims + 2:
        out = out[0]
    out = out / case.kwargs.get("divisor", 1.0)
    (out * torch.from_numpy(grad)).sum().backward()
    assert x.grad is not None and k.grad is not None and b.grad is not None
    bias = b.grad.numpy() if k_np.ndim == dims + 2 else b.grad.numpy()[0]
    return x.grad.numpy(), k.grad.numpy(), np.asarray(bias)


def upstream(draw: st.DrawFn, shape: tuple[int, ...]) -> Array:
    return arrays(draw, shape)


@st.composite
def conv_backward_cases(draw: st.DrawFn, dims: int) -> tuple[ConvCase, Array]:
    case = draw(conv_cases(dims=dims))
    if draw(st.booleans()):
        case.kwargs["divisor"] = draw(st.sampled_from([9.0, 2.5, -4.0]))
    fn = engine.correlate1d if dims == 1 else engine.correlate2d
    shape = fn(case.x, case.k, **conv_call(case)).shape
    return case, upstream(draw, shape)


@CASES
@given(conv_backward_cases(dims=2))
def test_correlate2d_backward_matches_autograd(drawn: tuple[ConvCase, Array]) -> None:
    case, grad = drawn
    ours = engine.correlate2d_backward(case.x, case.k, grad, **conv_call(case))
    dx, dk, db = torch_conv_grads(case, grad)
    close(ours.input, dx)
    close(ours.kernel, dk)
    close(ours.bias, db)


@CASES
@given(conv_backward_cases(dims=1))
def test_correlate1d_backward_matches_autograd(drawn: tuple[ConvCase, Array]) -> None:
    case, grad = drawn
    ours = engine.correlate1d_backward(case.x, case.k, grad, **conv_call(case))
    dx, dk, db = torch_conv_grads(case, grad)
    close(ours.input, dx)
    close(ours.kernel, dk)
    close(ours.bias, db)


def torch_pool_grad(case: PoolCase, grad: Array) -> Array:
    """torch.autograd's ∂L/∂x for L = sum(grad * pool(x)); per-side padding through ``F.pad``."""
    dims = case.dims
    x = torch.tensor(np.array(case.x, dtype=np.float64), requires_grad=True)
    xb = x if x.ndim > dims else x[None]
    mode = case.kwargs.get("mode", "max")
    stride = case.kwargs.get("stride")
    padding = case.kwargs.get("padding", 0)
    ceil_mode = case.kwargs.get("ceil_mode", False)
    include = case.kwargs.get("count_include_pad", True)
    max_fn = F.max_pool1d if dims == 1 else F.max_pool2d
    avg_fn = F.avg_pool1d if dims == 1 else F.avg_pool2d
    per_side = isinstance(padding, tuple) and (dims == 1 or isinstance(padding[0], tuple))
    if per_side:
        sides = padding if isinstance(padding[0], tuple) else (padding,)
        flat = [v for side in reversed(sides) for v in side]  # F.pad takes the last axis first
        if mode == "max":
            out = max_fn(F.pad(xb, flat, value=-np.inf), case.size, stride)
        else:
            out = avg_fn(F.pad(xb, flat), case.size, stride)
            if not include:  # divide by the input cells each window holds, counted by torch
                out = out / avg_fn(F.pad(torch.ones_like(xb), flat), case.size, stride)
    elif mode == "max":
        out = max_fn(xb, case.size, stride, padding, ceil_mode=ceil_mode)
    else:
        out = avg_fn(xb, case.size, stride, padding, ceil_mode=ceil_mode, count_include_pad=include)
    if x.ndim == dims:
        out = out[0]
    (out * torch.from_numpy(grad)).sum().backward()
    assert x.grad is not None
    result: Array = x.grad.numpy()
    return result


@st.composite
def pool_backward_cases(draw: st.DrawFn, dims: int) -> tuple[PoolCase, Array]:
    case = draw(pool_cases(dims=dims))
    # small integer inputs make ties, which torch breaks in favour of the first cell
    if draw(st.booleans()):
        case.x = np.round(case.x / 4.0)
    fn = engine.pool1d if dims == 1 else engine.pool2d
    shape = fn(case.x, case.size, **case.kwargs).shape
    return case, upstream(draw, shape)


@CASES
@given(pool_backward_cases(dims=2))
def test_pool2d_backward_matches_autograd(drawn: tuple[PoolCase, Array]) -> None:
    case, grad = drawn
    ours = engine.pool2d_backward(case.x, grad, case.size, **case.kwargs)
    close(ours, torch_pool_grad(case, grad))


@st.composite
def side_pool_backward_cases(draw: st.DrawFn, dims: int) -> tuple[PoolCase, Array]:
    case = draw(side_pool_cases(dims=dims))
    fn = engine.pool1d if dims == 1 else engine.pool2d
    shape = fn(case.x, case.size, **case.kwargs).shape
    return case, upstream(draw, shape)


@settings(CASES, max_examples=300)
@given(st.sampled_from([1, 2]).flatmap(side_pool_backward_cases))
def test_pool_backward_with_per_side_padding_matches_autograd(
    drawn: tuple[PoolCase, Array],
) -> None:
    case, grad = drawn
    fn = engine.pool1d_backward if case.dims == 1 else engine.pool2d_backward
    close(fn(case.x, grad, case.size, **case.kwargs), torch_pool_grad(case, grad))


@CASES
@given(pool_backward_cases(dims=1))
def test_pool1d_backward_matches_autograd(drawn: tuple[PoolCase, Array]) -> None:
    case, grad = drawn
    ours = engine.pool1d_backward(case.x, grad, case.size, **case.kwargs)
    close(ours, torch_pool_grad(case, grad))


@CASES
@given(st.data())
def test_relu_backward_matches_autograd_zero_included(data: st.DataObject) -> None:
    shape = data.draw(st.lists(st.integers(1, 5), min_size=1, max_size=3).map(tuple))
    x = np.round(data.draw(st.builds(lambda s: arrays_of(s, shape), st.integers(0, 2**32 - 1))))
    grad = data.draw(st.builds(lambda s: arrays_of(s, shape), st.integers(0, 2**32 - 1)))
    xt = torch.tensor(x, requires_grad=True)
    (torch.relu(xt) * torch.from_numpy(grad)).sum().backward()
    assert xt.grad is not None
    close(engine.relu_backward(x, grad), xt.grad.numpy())


def arrays_of(seed: int, shape: tuple[int, ...]) -> Array:
    """Integers in -3..3 (zeros are common: the ReLU edge case)."""
    return np.random.default_rng(seed).integers(-3, 4, shape).astype(np.float64)


# --- steppers agree with the vectorized gradients ------------------------------------------------


@STEPS
@given(conv_backward_cases(dims=2), st.sampled_from(["kernel", "input", "bias"]))
def test_correlation_stepper_agrees_with_vectorized(
    drawn: tuple[ConvCase, Array], wrt: str
) -> None:
    case, grad = drawn
    kwargs = conv_call(case)
    grads = engine.correlate2d_backward(case.x, case.k, grad, **kwargs)
    expected = {"kernel": grads.kernel, "input": grads.input, "bias": np.atleast_1d(grads.bias)}[
        wrt
    ]
    trace = engine.trace_correlate2d_backward(case.x, case.k, grad, wrt=wrt, **kwargs)  # type: ignore[arg-type]
    assert trace.output_shape == expected.shape
    got = np.zeros(expected.shape)
    canvas = engine.backward_canvas(case.x, case.k, grad, wrt=wrt, **kwargs)  # type: ignore[arg-type]
    for step in trace:
        got[step.out] = step.value
        divisor = kwargs.get("divisor", 1.0)
        assert step.value == pytest.approx(sum(step.terms) / divisor, abs=1e-9)
        # the window slices the canvas, and its cells are the step's inputs
        window = canvas.array[step.window]
        if wrt != "kernel" or np.ndim(case.x) == 2:
            np.testing.assert_allclose(np.ravel(window), step.inputs, atol=1e-12)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-9)


@STEPS
@given(pool_backward_cases(dims=2))
def test_pool_stepper_agrees_with_vectorized(drawn: tuple[PoolCase, Array]) -> None:
    case, grad = drawn
    expected = engine.pool2d_backward(case.x, grad, case.size, **case.kwargs)
    trace = engine.trace_pool2d_backward(case.x, grad, case.size, **case.kwargs)
    got = np.zeros(expected.shape)
    tops = tuple(a for a, _ in trace.padding)
    spatial = np.ndim(case.x) - 2
    for step in trace:
        got[step.out] = step.value
        # the window (padded coordinates) holds the cell; a max step's winner lies in the window
        cell = step.out[spatial:]
        for axis, (i, top) in enumerate(zip(cell, tops, strict=True)):
            span = step.window[spatial + axis]
            assert span.start <= i + top < span.stop
            if step.winner is not None:
                assert span.start <= step.winner[spatial + axis] < span.stop
        assert step.value == pytest.approx(sum(step.terms), abs=1e-9)
    np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-9)


@STEPS
@given(st.lists(st.integers(1, 5), min_size=1, max_size=3), st.integers(0, 2**32 - 1))
def test_relu_stepper_agrees_with_vectorized(shape: list[int], seed: int) -> None:
    x = arrays_of(seed, tuple(shape))  # small integers: many exact zeros
    grad = arrays_of(seed + 1, tuple(shape))
    trace = engine.trace_relu_backward(x, grad)
    got = np.zeros(x.shape)
    for step in trace:
        got[step.out] = step.value
        assert step.inputs == (grad[step.out],)
    close(got, engine.relu_backward(x, grad))


# --- texts, verbatim ----------------------------------------------------------------------------

DECK_000 = [
    [3, 7, 9, 1, 0, 4],
    [8, 1, 3, 3, 3, 0],
    [7, 4, 6, 4, 4, 6],
    [4, 4, 1, 9, 3, 6],
    [9, 8, 4, 9, 4, 3],
    [7, 5, 2, 3, 3, 1],
]
EDGE = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]


def test_kernel_gradient_text_reads_inputs_times_output_gradients() -> None:
    grad = np.zeros((4, 4))
    grad[0, 0], grad[0, 1], grad[1, 0] = 1, -1, 2
    step = engine.trace_correlate2d_backward(DECK_000, EDGE, grad, wrt="kernel")[0]
    assert step.text.startswith("∂L/∂w₁₁ = 3*1 + 7*-1 + 9*0 + 1*0 + 8*2 + 1*0 + ")
    assert step.text.endswith(" = 12")  # 3 - 7 + 16
    assert step.value == 12


def test_input_gradient_text_names_the_windows() -> None:
    grad = [[1, 2], [3, 4]]  # 3x3 input, 2x2 kernel, 2x2 output
    k = [[1, 2], [3, 4]]
    trace = engine.trace_correlate2d_backward(np.zeros((3, 3)), k, grad, wrt="input")
    # the centre cell is touched by all four windows, each through a different weight
    assert (
        trace[4].text == "∂L/∂x₂₂ = 4*1 + 3*2 + 2*3 + 1*4 = 20 (windows (1,1), (1,2), (2,1), (2,2))"
    )
    assert trace[0].text == "∂L/∂x₁₁ = 1*1 = 1 (window (1,1))"
    assert trace[8].text == "∂L/∂x₃₃ = 4*4 = 16 (window (2,2))"


def test_input_gradient_with_padding_and_stride() -> None:
    trace = engine.trace_correlate2d_backward(
        np.zeros((5, 5)), [[1, 1], [1, 1]], [[1, 2], [3, 4]], stride=3, wrt="input"
    )
    assert trace[2 * 5 + 2].text == "∂L/∂x₃₃ = 0 (no window touched it)"


def test_divisor_wraps_the_sum() -> None:
    trace = engine.trace_correlate2d_backward([[9, 0], [0, 9]], [[1]], [[1, 1], [1, 1]], divisor=9)
    assert trace[0].text == "∂L/∂w₁₁ = (9*1 + 0*1 + 0*1 + 9*1) / 9 = 2"


def test_bias_text() -> None:
    step = engine.trace_correlate2d_backward(DECK_000, EDGE, np.eye(4), wrt="bias")[0]
    assert step.text == "∂L/∂b = 1 + 0 + 0 + 0 + 0 + 1 + 0 + 0 + 0 + 0 + 1 + 0 + 0 + 0 + 0 + 1 = 4"


def test_max_pool_steps_name_the_winner() -> None:
    trace = engine.trace_pool2d_backward([[3, 7, 9, 1], [8, 1, 3, 3]], [[5, 2]], 2)
    texts = [step.text for step in trace]
    assert texts[0] == "∂L/∂x₁₁ = 0: window (1,1) went to x₂₁ = 8"
    assert texts[2] == "∂L/∂x₁₃ = 2: x₁₃ = 9 won window (1,2)"
    assert texts[4] == "∂L/∂x₂₁ = 5: x₂₁ = 8 won window (1,1)"
    assert trace[4].terms == (5.0,)
    assert trace[0].winner == trace[4].winner == (1, 0)  # the window's winner, which got 5


def test_overlapping_max_pool_adds_the_windows_a_cell_won() -> None:
    trace = engine.trace_pool2d_backward([[1, 9, 1]], [[5, 2]], (1, 2), stride=1)
    assert trace[1].text == "∂L/∂x₁₂ = 5 + 2 = 7: x₁₂ = 9 won windows (1,1), (1,2)"


def test_avg_pool_steps_divide_by_the_window() -> None:
    trace = engine.trace_pool2d_backward(np.zeros((2, 3)), [[4, 2]], 2, stride=1, mode="avg")
    assert trace[1].text == "∂L/∂x₁₂ = 4/4 + 2/4 = 1.5 (windows (1,1), (1,2))"


def test_relu_steps() -> None:
    trace = engine.trace_relu_backward([[-3, 0, 2]], [[5, 4, 3]])
    assert [step.text for step in trace] == [
        "∂L/∂x₁₁ = 0: x₁₁ = -3 ≤ 0, ReLU stops the gradient 5",
        "∂L/∂x₁₂ = 0: x₁₂ = 0 ≤ 0, ReLU stops the gradient 4",
        "∂L/∂x₁₃ = 3: x₁₃ = 2 > 0, ReLU passes the gradient",
    ]


# --- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "argument", "message"),
    [
        (
            lambda: engine.correlate2d_backward(DECK_000, EDGE, np.ones((3, 3))),
            "grad_out",
            "grad_out is 3x3, the forward output is 4x4",
        ),
        (
            lambda: engine.pool2d_backward(DECK_000, np.ones((2, 2)), 2),
            "grad_out",
            "grad_out is 2x2, the forward output is 3x3",
        ),
        (
            lambda: engine.relu_backward([1, 2], [1]),
            "grad_out",
            "grad_out is 1, the forward output is 2",
        ),
        (
            lambda: engine.trace_correlate2d_backward(DECK_000, EDGE, np.ones((4, 4)), wrt="x"),  # type: ignore[arg-type]
            "wrt",
            "wrt must be 'kernel', 'input' or 'bias', got 'x'",
        ),
        (
            lambda: engine.correlate2d_backward(DECK_000, EDGE, [[1, "a"]]),
            "grad_out",
            "grad_out",
        ),
    ],
)
def test_bad_input_is_one_line(call: Any, argument: str, message: str) -> None:
    with pytest.raises(engine.ArgumentError) as raised:
        call()
    assert raised.value.argument == argument
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)
