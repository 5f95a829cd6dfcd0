"""Trace is lazy and indexable; Step records carry partials, bias, divisor, winners and padding."""

from __future__ import annotations

import dataclasses
import tracemalloc
from collections.abc import Iterator

import numpy as np
import pytest

import engine
from engine import NumberFormat

X = np.arange(1.0, 17.0).reshape(4, 4)
K = [[1, 0], [0, -1]]


def test_trace_len_shape_and_random_access() -> None:
    trace = engine.trace_correlate2d(X, K)
    assert trace.output_shape == (3, 3)
    assert len(trace) == 9
    assert trace[-1] == trace[8]
    assert trace[-9] == trace[0]
    assert trace[4].out == (1, 1)
    assert trace.kind == "correlate"
    assert trace.padding == ((0, 0), (0, 0))


def test_iterating_twice_gives_the_same_steps_and_next_walks_its_own_cursor() -> None:
    trace = engine.trace_correlate2d(X, K)
    assert isinstance(trace, Iterator)
    first = next(trace)
    second = next(trace)
    assert (first.index, second.index) == (0, 1)
    assert [s.index for s in trace] == list(range(9))
    assert [s.text for s in trace] == [s.text for s in trace]
    assert next(trace).index == 2
    rest = [next(trace) for _ in range(6)]
    assert rest[-1].index == 8
    with pytest.raises(StopIteration):
        next(trace)


def test_steps_are_frozen() -> None:
    step = engine.trace_correlate2d(X, K)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.value = 0  # type: ignore[misc]


def test_building_a_trace_never_pads_or_computes_the_whole_input() -> None:
    big = np.ones((1500, 1500))  # 18 MB: a padded copy or an output would show in the peak
    tracemalloc.start()
    try:
        trace = engine.trace_correlate2d(big, np.ones((3, 3)), padding=1)
        first = trace[0]
        last = trace[-1]
        pool = engine.trace_pool2d(big, 3, padding=1, mode="avg")[0]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200_000
    assert (first.value, last.value, pool.value) == (4, 4, 4 / 9)
    assert len(trace) == 1500 * 1500


def test_multi_channel_steps_group_each_channel_and_expose_partials() -> None:
    x = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]]  # (C, H, W) = (2, 2, 2)
    k = [[[1]], [[2]]]  # (C, F, G) = (2, 1, 1)
    trace = engine.trace_correlate2d(x, k, bias=1)
    step = trace[0]
    assert step.partials == (1, 10)
    assert step.value == 12
    assert step.text == "(1*1) + (2*5) + 1 = 12"
    assert step.window == (slice(None), slice(0, 1, 1), slice(0, 1, 1))
    np.testing.assert_array_equal(engine.pad(x, trace.padding)[step.window].ravel(), [1, 5])
    divided = engine.trace_correlate2d(x, k, bias=1, divisor=4)[0]
    assert divided.text == "((1*1) + (2*5) + 1) / 4 = 3"


def test_single_channel_with_a_channel_axis_has_one_partial_and_no_parentheses() -> None:
    step = engine.trace_correlate2d([[[1, 2], [3, 4]]], [[[1, 1]]])[0]
    assert step.partials == (3,)
    assert step.text == "1*1 + 1*2 = 3"


def test_kernel_stacks_step_over_kernel_then_row_then_column() -> None:
    x = np.arange(9.0).reshape(3, 3)
    stack = [[[[1, 0], [0, 0]]], [[[0, 0], [0, 1]]]]  # (K, C, F, G) = (2, 1, 2, 2)
    trace = engine.trace_correlate2d(x, stack, bias=[10, 20])
    assert trace.output_shape == (2, 2, 2)
    assert [s.out for s in trace][3:5] == [(0, 1, 1), (1, 0, 0)]
    assert trace[4].value == 24  # x[1, 1] + 20
    assert trace[4].bias == 20
    assert trace[4].weights == (0, 0, 0, 1)
    assert trace[4].text == "0*0 + 0*1 + 0*3 + 1*4 + 20 = 24"


def test_dilated_windows_step_over_cells() -> None:
    x = np.arange(25.0).reshape(5, 5)
    step = engine.trace_correlate2d(x, [[1, 1], [1, 1]], dilation=2)[0]
    assert step.window == (slice(0, 3, 2), slice(0, 3, 2))
    assert step.inputs == (0, 2, 10, 12)


def test_fmt_applies_to_every_number_in_the_text() -> None:
    step = engine.trace_correlate2d([[0.26, 1.0]], [[0.5, 2]], bias=0.04, fmt=NumberFormat(1))[0]
    assert step.text == "0.5*0.3 + 2*1 + 0 = 2.2"
    assert step.value == pytest.approx(2.17)


def test_max_pooling_sees_padding_as_minus_infinity() -> None:
    trace = engine.trace_pool2d([[1, 2], [3, 4]], 2, padding=1)
    assert trace.pad_value == -np.inf
    first = trace[0]
    assert first.text == "max(-inf, -inf, -inf, 1) = 1"
    assert first.winner == (1, 1)
    assert first.window == (slice(0, 2), slice(0, 2))
    padded = engine.pad([[1, 2], [3, 4]], trace.padding, value=trace.pad_value)
    assert padded[first.winner] == 1


def test_average_pooling_counts_padded_zeros() -> None:
    first = engine.trace_pool2d([[1, 2], [3, 4]], 2, padding=1, mode="avg")[0]
    assert first.text == "avg(0, 0, 0, 1) = 0.25"
    assert first.divisor == 4
    assert first.winner is None


def test_ceil_mode_windows_are_clipped_to_the_input() -> None:
    trace = engine.trace_pool1d([1, 2, 3, 4, 5], 2, ceil_mode=True, mode="avg")
    assert len(trace) == 3
    last = trace[-1]
    assert last.window == (slice(4, 5),)
    assert last.text == "avg(5) = 5"
    assert last.divisor == 1


def test_pool_over_channels_slices_the_channel() -> None:
    x = np.arange(18.0).reshape(2, 3, 3)
    step = engine.trace_pool2d(x, 2, stride=1)[5]
    assert step.out == (1, 0, 1)
    assert step.window == (slice(1, 2), slice(0, 2), slice(1, 3))
    assert step.winner == (1, 1, 2)
    assert step.value == 14


def test_convolution_trace_shows_the_flipped_kernel() -> None:
    step = engine.trace_convolve2d([[1, 2], [3, 4]], [[1, 2], [3, 4]])[0]
    assert step.weights == (4, 3, 2, 1)
    assert step.text == "4*1 + 3*2 + 2*3 + 1*4 = 20"
