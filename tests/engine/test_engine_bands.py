"""correlate2d computes its output a band of rows at a time (im2col in bounded chunks): every band
size gives torch's answer, and no array bigger than a band and the output is made."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import engine
import engine.correlate as correlate

CASES = [
    # (channels, kernels, size, kernel, stride, padding, dilation)
    (1, 1, 9, 3, 1, 0, 1),
    (3, 16, 12, 3, 1, 1, 1),
    (3, 4, 13, 7, 2, 3, 1),
    (2, 5, 11, 3, (2, 1), ((1, 0), (2, 1)), (1, 2)),
]


@pytest.mark.parametrize("chunk", [1, 7, 50, 2**20])
@pytest.mark.parametrize("case", CASES)
def test_every_band_size_gives_torchs_answer(
    monkeypatch: pytest.MonkeyPatch, chunk: int, case: tuple
) -> None:
    channels, kernels, size, f, stride, padding, dilation = case
    monkeypatch.setattr(correlate, "CHUNK_CELLS", chunk)
    rng = np.random.default_rng(size)
    x = rng.standard_normal((channels, size, size))
    k = rng.standard_normal((kernels, channels, f, f))
    bias = rng.standard_normal(kernels)
    got = engine.correlate2d(x, k, stride=stride, padding=padding, dilation=dilation, bias=bias)
    sides = padding if isinstance(padding, tuple) and isinstance(padding[0], tuple) else None
    tx = torch.from_numpy(x)[None]
    if sides is not None:  # torch pads per side with F.pad: (left, right, top, bottom)
        (top, bottom), (left, right) = sides
        tx = F.pad(tx, (left, right, top, bottom))
        padding = 0
    expected = F.conv2d(
        tx,
        torch.from_numpy(k),
        torch.from_numpy(bias),
        stride=stride,
        padding=padding,
        dilation=dilation,
    )[0].numpy()
    np.testing.assert_allclose(got, expected, rtol=1e-12, atol=1e-12)


def test_no_intermediate_is_larger_than_a_few_outputs() -> None:
    """A 7x7 kernel over 3 channels reads 147 cells per output cell: copying every window, as
    the engine did, made an array 147/16 = 9 times the output of 16 maps; bands keep it near 2."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 200, 200))
    k = rng.standard_normal((16, 3, 7, 7))
    engine.correlate2d(x, k)  # warm
    tracemalloc.start()
    try:
        out = engine.correlate2d(x, k)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert out.shape == (16, 194, 194)
    assert peak <= 4 * out.nbytes
