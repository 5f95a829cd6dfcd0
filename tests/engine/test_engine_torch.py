"""The vectorized engine agrees with torch.nn.functional over thousands of small random cases."""

from __future__ import annotations

import numpy as np
import pytest
from engine_cases import (
    conv_cases,
    pool_cases,
    side_pool_cases,
    torch_correlate,
    torch_pool,
    torch_side_pool,
    torch_transposed,
    transposed_cases,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import engine

CASES = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_same(ours: np.ndarray, theirs: np.ndarray) -> None:
    assert ours.dtype == np.float64
    assert ours.shape == theirs.shape
    np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-9)


@CASES
@given(conv_cases(dims=1))
def test_correlate1d_matches_conv1d(case) -> None:
    assert_same(engine.correlate1d(case.x, case.k, **case.kwargs), torch_correlate(case))


@CASES
@given(conv_cases(dims=2))
def test_correlate2d_matches_conv2d(case) -> None:
    assert_same(engine.correlate2d(case.x, case.k, **case.kwargs), torch_correlate(case))


@settings(CASES, max_examples=200)
@given(conv_cases(dims=2))
def test_convolve2d_matches_conv2d_with_a_flipped_kernel(case) -> None:
    assert_same(engine.convolve2d(case.x, case.k, **case.kwargs), torch_correlate(case, flip=True))


@CASES
@given(transposed_cases())
def test_transposed_correlate2d_matches_conv_transpose2d(case) -> None:
    assert_same(
        engine.transposed_correlate2d(case.x, case.k, **case.kwargs), torch_transposed(case)
    )


@CASES
@given(pool_cases(dims=1))
def test_pool1d_matches_max_and_avg_pool1d(case) -> None:
    assert_same(engine.pool1d(case.x, case.size, **case.kwargs), torch_pool(case))


@CASES
@given(pool_cases(dims=2))
def test_pool2d_matches_max_and_avg_pool2d(case) -> None:
    assert_same(engine.pool2d(case.x, case.size, **case.kwargs), torch_pool(case))


@CASES
@given(side_pool_cases(dims=1, zero_pad=True))
def test_pool1d_with_per_side_padding_matches_f_pad_then_pool(case) -> None:
    assert_same(engine.pool1d(case.x, case.size, **case.kwargs), torch_side_pool(case))


@CASES
@given(side_pool_cases(dims=2, zero_pad=True))
def test_pool2d_with_per_side_padding_matches_f_pad_then_pool(case) -> None:
    assert_same(engine.pool2d(case.x, case.size, **case.kwargs), torch_side_pool(case))


def test_count_include_pad_false_on_the_pytorch_docs_shape() -> None:
    """A 3x3 average with padding 1 on a 4x4 ramp: corners average 4 cells, edges 6, as torch."""
    import torch
    import torch.nn.functional as F

    x = np.arange(1.0, 17.0).reshape(4, 4)
    theirs = F.avg_pool2d(torch.from_numpy(x)[None], 3, 1, 1, count_include_pad=False)[0]
    ours = engine.pool2d(x, 3, stride=1, padding=1, mode="avg", count_include_pad=False)
    assert_same(ours, theirs.numpy())
    assert ours[0, 0] == (1 + 2 + 5 + 6) / 4  # only the four input cells count


@CASES
@given(
    st.integers(1, 7),
    st.integers(1, 7),
    st.integers(1, 4),
    st.integers(1, 3),
    st.integers(0, 2),
    st.booleans(),
    st.integers(0, 2**32 - 1),
)
def test_max_pool_over_zeros_matches_f_pad_then_max_pool2d(
    rows: int, cols: int, size: int, stride: int, pad: int, ceil: bool, seed: int
) -> None:
    """``pad_value=0`` is ``F.pad(x, zeros)`` then ``max_pool2d`` (cropped in ceil mode to the
    windows that start inside the input or the left/top padding, torch's own rule)."""
    import torch
    import torch.nn.functional as F

    pad = min(pad, size // 2)
    assume(rows + 2 * pad >= size and cols + 2 * pad >= size)
    x = np.random.default_rng(seed).integers(-9, 3, size=(rows, cols)).astype(float)
    ours = engine.pool2d(x, size, stride=stride, padding=pad, ceil_mode=ceil, pad_value=0)
    padded = F.pad(torch.from_numpy(x)[None, None], (pad, pad, pad, pad))
    theirs = F.max_pool2d(padded, size, stride, ceil_mode=ceil)[0, 0].numpy()
    # the windows are torch's own max_pool2d's (same shape), only the padding's value differs
    shape = F.max_pool2d(torch.from_numpy(x)[None, None], size, stride, pad, ceil_mode=ceil).shape
    assert ours.shape == tuple(shape[-2:])
    assert_same(ours, theirs[: ours.shape[0], : ours.shape[1]])


def test_zero_and_minus_inf_padding_differ_only_where_all_real_cells_are_negative() -> None:
    """Deck-free check against torch: a negative ramp, 2x2 windows, padding 1."""
    import torch
    import torch.nn.functional as F

    x = -np.arange(1.0, 10.0).reshape(3, 3)
    t = torch.from_numpy(x)[None, None]
    minus_inf = F.max_pool2d(t, 2, 2, 1)[0, 0].numpy()
    zeros = F.max_pool2d(F.pad(t, (1, 1, 1, 1)), 2, 2)[0, 0].numpy()
    assert_same(engine.pool2d(x, 2, padding=1), minus_inf)
    assert_same(engine.pool2d(x, 2, padding=1, pad_value=0), zeros)
    assert_same(engine.pool2d(x + 10, 2, padding=1, pad_value=0), minus_inf + 10)  # all positive


def test_pad_value_is_0_or_minus_inf_for_max_and_0_for_average() -> None:
    for mode, value in (("max", 1.0), ("max", float("nan")), ("avg", float("-inf"))):
        with pytest.raises(engine.ArgumentError, match="pad_value must be") as caught:
            engine.pool2d([[1.0, 2.0]], 1, mode=mode, pad_value=value)  # type: ignore[arg-type]
        assert caught.value.argument == "pad_value"
    assert engine.pool2d([[-1.0]], 1, padding=0, pad_value=float("-inf")).tolist() == [[-1.0]]
