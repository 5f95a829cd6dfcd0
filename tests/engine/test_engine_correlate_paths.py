"""The vectorized correlation's paths: float32 kept in float32, bands of rows, bounded memory.

Expected values come from torch (``conv1d`` / ``conv2d``), never from the engine: in float64 for
float64, integer and mixed inputs, and for float32 inputs in float64 of the same float32 values,
with a bound on float32's rounding (each sum's error is at most about n·ε times the sum of its
terms' magnitudes), and against torch's own float32 result.
"""

from __future__ import annotations

import tracemalloc
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from engine_cases import ConvCase, conv_cases, torch_correlate
from hypothesis import HealthCheck, given, settings

import engine
import engine.correlate
from engine import ArgumentError

CASES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Array = np.ndarray[Any, Any]


def single(case: ConvCase) -> ConvCase:
    """The case with its input and kernel as float32 arrays (the bias stays as it is)."""
    x = np.asarray(case.x, dtype=np.float32)
    k = np.asarray(case.k, dtype=np.float32)
    return replace(case, x=x, k=k)


def magnitude(case: ConvCase, *, flip: bool = False) -> Array:
    """Each output's sum of term magnitudes: the same correlation of |x| with |k|, plus |bias|."""
    bias = case.kwargs.get("bias", 0.0)
    absolute = replace(
        case,
        x=np.abs(np.asarray(case.x, dtype=np.float64)),
        k=np.abs(np.asarray(case.k, dtype=np.float64)),
        kwargs={**case.kwargs, "bias": np.abs(np.asarray(bias, dtype=np.float64))},
    )
    return torch_correlate(absolute, flip=flip)


def assert_single(got: Array, case: ConvCase, *, flip: bool = False) -> None:
    """float32, torch's shape, and within float32's rounding of torch's float64 sums."""
    expected = torch_correlate(case, flip=flip)  # float64 of the float32 values: exact sums
    assert got.dtype == np.float32
    assert got.shape == expected.shape
    bound = 1e-5 * magnitude(case, flip=flip) + 1e-30
    assert np.all(np.abs(got.astype(np.float64) - expected) <= bound)


@CASES
@given(conv_cases(dims=2))
def test_float32_correlate2d_is_computed_in_float32_and_matches_conv2d(case: ConvCase) -> None:
    case = single(case)
    assert_single(engine.correlate2d(case.x, case.k, **case.kwargs), case)


@CASES
@given(conv_cases(dims=1))
def test_float32_correlate1d_matches_conv1d(case: ConvCase) -> None:
    case = single(case)
    assert_single(engine.correlate1d(case.x, case.k, **case.kwargs), case)


@settings(CASES, max_examples=100)
@given(conv_cases(dims=2))
def test_float32_convolve2d_matches_conv2d_with_a_flipped_kernel(case: ConvCase) -> None:
    case = single(case)
    assert_single(engine.convolve2d(case.x, case.k, **case.kwargs), case, flip=True)


def test_float32_agrees_with_torch_float32_on_a_photograph_sized_input() -> None:
    rng = np.random.default_rng(32)
    x = rng.standard_normal((3, 96, 80)).astype(np.float32)
    k = rng.standard_normal((16, 3, 7, 7)).astype(np.float32)
    b = rng.standard_normal(16)
    got = engine.correlate2d(x, k, bias=b, padding=(3, 1), stride=(1, 2), divisor=4)
    theirs = F.conv2d(
        torch.from_numpy(x)[None],
        torch.from_numpy(k),
        torch.from_numpy(b.astype(np.float32)),
        padding=(3, 1),
        stride=(1, 2),
    )[0].numpy()
    assert got.dtype == np.float32 and got.shape == theirs.shape == (16, 96, 38)
    # two float32 computations of sums of 147 products of standard normals: about 1e-6 apart
    np.testing.assert_allclose(got, theirs / 4, rtol=0, atol=1e-5 * float(np.abs(theirs).max()))


@pytest.mark.parametrize(
    ("x_dtype", "k_dtype"),
    [(np.float32, np.float64), (np.float64, np.float32), (np.int64, np.float32), (np.int32, None)],
)
def test_anything_but_two_float32_arrays_is_float64_and_exact(x_dtype: Any, k_dtype: Any) -> None:
    """Mixed dtypes, integers and lists (every lesson) keep the float64 arithmetic, exactly."""
    rng = np.random.default_rng(7)
    x = rng.integers(-9, 10, (2, 9, 11)).astype(x_dtype)
    k_values = rng.integers(-3, 4, (4, 2, 3, 3))
    k: Any = k_values.tolist() if k_dtype is None else k_values.astype(k_dtype)
    got = engine.correlate2d(x, k, padding=1, bias=0.5)
    expected = F.conv2d(
        torch.from_numpy(x.astype(np.float64))[None],
        torch.from_numpy(k_values.astype(np.float64)),
        torch.full((4,), 0.5, dtype=torch.float64),
        padding=1,
    )[0].numpy()
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, expected)


def test_a_non_contiguous_float32_input_is_read_through_its_strides() -> None:
    rng = np.random.default_rng(3)
    wide = rng.standard_normal((2, 30, 40)).astype(np.float32)
    x = wide[:, ::2, 5:33]  # every other row, a window of columns: not contiguous
    k = rng.standard_normal((3, 2, 3, 2)).astype(np.float32)
    case = ConvCase(2, x, k, {"dilation": (1, 2)})
    assert not x.flags.c_contiguous
    assert_single(engine.correlate2d(x, k, dilation=(1, 2)), case)


def test_float32_arguments_are_checked_with_the_float64_messages() -> None:
    x = np.ones((4, 4), dtype=np.float32)
    x[1, 2] = np.nan
    k = np.ones((3, 3), dtype=np.float32)
    for xs, ks in ((x, k), (x.astype(np.float64), k.astype(np.float64))):
        with pytest.raises(ArgumentError) as caught:
            engine.correlate2d(xs, ks)
        assert str(caught.value) == (
            "input contains nan at index (1, 2); only finite numbers are allowed"
        )
        assert caught.value.argument == "x"
    with pytest.raises(ArgumentError) as caught:
        engine.correlate2d(np.ones((4, 4), np.float32), np.ones((5, 5), np.float32))
    assert str(caught.value) == "kernel 5x5 does not fit input 4x4 with padding 0"
    with pytest.raises(ArgumentError) as caught:
        engine.correlate2d(np.ones((2, 4, 4), np.float32), np.ones((3, 3, 3), np.float32))
    assert str(caught.value) == "kernel has 3 channels, input has 2"
    with pytest.raises(ArgumentError) as caught:
        engine.correlate2d(np.ones((0, 4), np.float32), np.ones((1, 1), np.float32))
    assert caught.value.argument == "x"


@pytest.mark.parametrize("band_cells", [1, 2_500, 5_000, 2**16])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_bands_of_rows_whose_count_does_not_divide_the_output(
    band_cells: int, dtype: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """31 output rows in bands of 1, a few or all rows (the last band shorter), against torch."""
    monkeypatch.setattr(engine.correlate, "_BAND_CELLS", band_cells)
    rng = np.random.default_rng(band_cells)
    x = rng.integers(-5, 6, (3, 35, 23)).astype(dtype)
    k = rng.integers(-2, 3, (5, 3, 5, 3)).astype(dtype)
    got = engine.correlate2d(x, k, padding=(0, 1), bias=[1, 2, 3, 4, 5])
    expected = F.conv2d(
        torch.from_numpy(x.astype(np.float64))[None],
        torch.from_numpy(k.astype(np.float64)),
        torch.arange(1.0, 6.0, dtype=torch.float64),
        padding=(0, 1),
    )[0].numpy()
    assert got.shape == (5, 31, 23) and got.dtype == dtype
    np.testing.assert_array_equal(got, expected)  # small integers: exact in float32 too


def test_rows_split_into_products_when_one_row_is_over_twice_the_output(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A 2x9x9 kernel on a 2x9x40 input: one row's 162 taps are summed by channel."""
    monkeypatch.setattr(engine.correlate, "_BAND_CELLS", 1)
    rng = np.random.default_rng(9)
    x = rng.integers(-5, 6, (2, 9, 40)).astype(np.float32)
    k = rng.integers(-2, 3, (1, 2, 9, 9)).astype(np.float32)
    got = engine.correlate2d(x, k)
    expected = F.conv2d(
        torch.from_numpy(x.astype(np.float64))[None], torch.from_numpy(k.astype(np.float64))
    )[0].numpy()
    assert got.dtype == np.float32
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_memory_stays_within_four_outputs(dtype: Any) -> None:
    """16 kernels 3x7x7 over 3x256x256: the windows (147 per position) are never all copied."""
    rng = np.random.default_rng(4)
    x = rng.standard_normal((3, 256, 256)).astype(dtype)
    k = rng.standard_normal((16, 3, 7, 7)).astype(dtype)
    tracemalloc.start()
    try:
        got = engine.correlate2d(x, k)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert got.dtype == dtype and got.shape == (16, 250, 250)
    assert peak <= 4 * got.nbytes, f"peak {peak / got.nbytes:.2f}x the output"


def test_the_vectorized_limit_computes_what_a_trace_refuses() -> None:
    """64 kernels 3x9x9 at 300x300 positions (1.4e9 multiply-adds): over a trace's 2**30 only."""
    x = np.ones((3, 308, 308), dtype=np.float32)
    k = np.ones((64, 3, 9, 9), dtype=np.float32)
    with pytest.raises(ArgumentError) as caught:
        engine.trace_correlate2d(x, k)
    assert "over the engine's limit of 2**30" in str(caught.value)
    got = engine.correlate2d(x, k)
    assert got.shape == (64, 300, 300)
    assert np.all(got == 243.0)  # every window: 3x9x9 ones times ones


def test_threads_calling_at_once_each_get_their_own_window_buffer() -> None:
    # Each thread keeps its window buffer for its next call (engine.correlate._window_buffer);
    # threads computing different shapes at the same time must not share one.
    rng = np.random.default_rng(7)
    jobs = []
    for n, f, channels, kernels in [(64, 3, 3, 16), (40, 5, 1, 1), (72, 3, 2, 4), (50, 7, 3, 2)]:
        for dtype in (np.float32, np.float64):
            x = rng.standard_normal((channels, n, n)).astype(dtype)
            k = rng.standard_normal((kernels, channels, f, f)).astype(dtype)
            jobs.append((x, k))
    with torch.no_grad():
        expected = [
            F.conv2d(torch.from_numpy(x).double()[None], torch.from_numpy(k).double())[0].numpy()
            for x, k in jobs
        ]

    def run(index: int) -> Array:
        x, k = jobs[index % len(jobs)]
        result: Array = np.zeros(0)
        for _ in range(20):  # calls interleave with the other threads' calls
            result = engine.correlate2d(x, k)
        return result

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run, range(4 * len(jobs))))
    for index, got in enumerate(results):
        want = expected[index % len(jobs)]
        atol = 1e-9 if got.dtype == np.float64 else 1e-4 * float(np.abs(want).max())
        np.testing.assert_allclose(got, want, rtol=0, atol=atol)


def test_a_call_after_a_larger_one_reuses_the_buffer_and_is_still_exact() -> None:
    rng = np.random.default_rng(8)
    big = rng.integers(-9, 10, (3, 60, 60)).astype(np.float64)
    small = rng.integers(-9, 10, (1, 9, 9)).astype(np.float64)
    k_big = rng.integers(-3, 4, (4, 3, 3, 3)).astype(np.float64)
    k_small = rng.integers(-3, 4, (2, 1, 3, 3)).astype(np.float64)
    engine.correlate2d(big, k_big)  # leaves its windows in this thread's buffer
    got = engine.correlate2d(small, k_small)
    want = F.conv2d(torch.from_numpy(small)[None], torch.from_numpy(k_small))[0].numpy()
    np.testing.assert_array_equal(got, want)
