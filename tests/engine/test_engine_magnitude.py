"""The gradient magnitude √(Gx² + Gy²) agrees with torch, and its steps narrate each cell.

The reference is torch's ``conv2d`` with deck 002's Sobel kernels (written out here, not taken
from the engine), then ``sqrt`` of the sum of squares, on a crop of the shipped cameraman.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

import engine
from engine import ArgumentError, NumberFormat
from lessons.pictures import load_picture

SOBEL_X = [[1.0, 0.0, -1.0], [2.0, 0.0, -2.0], [1.0, 0.0, -1.0]]
SOBEL_Y = [[1.0, 2.0, 1.0], [0.0, 0.0, 0.0], [-1.0, -2.0, -1.0]]


def crop() -> np.ndarray:
    """Rows 20-59, columns 30-69 of the cameraman: his head, coat and the camera (40 x 40)."""
    return load_picture("camera")[20:60, 30:70]


def torch_magnitude(x: np.ndarray, padding: int | str) -> np.ndarray:
    image = torch.from_numpy(np.array(x, dtype=np.float64))[None, None]
    weights = torch.tensor([[SOBEL_X], [SOBEL_Y]], dtype=torch.float64)  # (2, 1, 3, 3)
    g = F.conv2d(image, weights, padding=padding)[0]
    out: np.ndarray = torch.sqrt(g[0] ** 2 + g[1] ** 2).numpy()
    return out


@pytest.mark.parametrize("padding", [0, 1, "same"])
def test_magnitude_matches_torch_on_a_photo_crop(padding: int | str) -> None:
    x = crop()
    ours = engine.gradient_magnitude(x, padding=padding)
    theirs = torch_magnitude(x, padding)
    assert ours.dtype == np.float64 and ours.shape == theirs.shape
    assert ours.shape == ((38, 38) if padding == 0 else (40, 40))
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=1e-9)
    assert ours.max() > 100  # the crop has real edges, not a flat patch


def test_default_kernels_are_deck_002s_sobel_pair() -> None:
    x = crop()
    given = engine.gradient_magnitude(x, SOBEL_X, SOBEL_Y)
    np.testing.assert_array_equal(engine.gradient_magnitude(x), given)


def test_every_step_is_the_vectorized_cell_and_writes_its_arithmetic() -> None:
    x = crop()[:12, :12]
    whole = engine.gradient_magnitude(x)
    trace = engine.trace_gradient_magnitude(x)
    assert len(trace) == whole.size and trace.output_shape == whole.shape
    image = torch.from_numpy(x.copy())[None, None]
    gx = F.conv2d(image, torch.tensor([[SOBEL_X]], dtype=torch.float64))
    gy = F.conv2d(image, torch.tensor([[SOBEL_Y]], dtype=torch.float64))
    for step in trace:
        i, j = step.out
        assert step.value == pytest.approx(whole[i, j], abs=1e-12)
        assert step.window == (slice(i, i + 3, 1), slice(j, j + 3, 1))
        assert step.terms == (float(gx[0, 0, i, j]), float(gy[0, 0, i, j]))
        assert step.inputs == tuple(x[i : i + 3, j : j + 3].reshape(-1))


def test_the_text_writes_gx_gy_and_the_root_negatives_squared_in_parentheses() -> None:
    # Sobel x reads 2·3 = 6 from the left column, Sobel y 2·4 = 8 from the top row: 6-8-10.
    window = np.array([[0.0, 4.0, 0.0], [3.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    gx = float((window * np.array(SOBEL_X)).sum())
    gy = float((window * np.array(SOBEL_Y)).sum())
    assert (gx, gy) == (6.0, 8.0)
    step = engine.trace_gradient_magnitude(window)[0]
    assert step.text == "√(Gx² + Gy²) = √(6² + 8²) = 10"
    assert step.value == 10.0
    flipped = engine.trace_gradient_magnitude(-window * 1.5, fmt=NumberFormat(1))[0].text
    assert flipped == "√(Gx² + Gy²) = √((-9)² + (-12)²) = 15"
    corner = window.copy()
    corner[0, 2] = 1.0  # Sobel x reads it as -1, Sobel y as +1
    odd = engine.trace_gradient_magnitude(corner, fmt=NumberFormat(2))[0]
    root = f"{math.sqrt(5**2 + 9**2):.2f}".rstrip("0")
    assert odd.text == f"√(Gx² + Gy²) = √(5² + 9²) = {root}"


@pytest.mark.parametrize(
    ("args", "argument"),
    [
        (([[1.0, 2.0]], SOBEL_X), "ky"),  # kernels of two shapes
        (([1.0, 2.0, 3.0], SOBEL_Y), "kx"),  # a 1-D kernel
    ],
)
def test_bad_kernels_are_refused_naming_the_argument(
    args: tuple[object, object], argument: str
) -> None:
    with pytest.raises(ArgumentError) as info:
        engine.gradient_magnitude(crop(), *args)  # type: ignore[arg-type]
    assert info.value.argument == argument and "\n" not in str(info.value)


def test_a_stack_of_channels_is_refused() -> None:
    with pytest.raises(ArgumentError) as info:
        engine.trace_gradient_magnitude(np.zeros((2, 5, 5)))
    assert info.value.argument == "x" and "H×W" in str(info.value)
