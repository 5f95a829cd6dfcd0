"""The vectorized engine agrees with torch.nn.functional over thousands of small random cases."""

from __future__ import annotations

import numpy as np
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
from hypothesis import HealthCheck, given, settings

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
@given(side_pool_cases(dims=1))
def test_pool1d_with_per_side_padding_matches_f_pad_then_pool(case) -> None:
    assert_same(engine.pool1d(case.x, case.size, **case.kwargs), torch_side_pool(case))


@CASES
@given(side_pool_cases(dims=2))
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
