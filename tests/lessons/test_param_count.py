"""``param-count`` scenes: an int kernel size is square in a 2-D layer, ``dims`` picks 1-D or 3-D.

Every expected count is torch's: the number of parameters of the matching ``torch.nn`` layer.
"""

from __future__ import annotations

from typing import Any

import pytest

from lessons import LessonError, load_text
from lessons.calls import param_count
from lessons.playback import prepare
from lessons.schema import ParamCountScene

torch = pytest.importorskip("torch")

HEAD = """\
id: t
title: T
deck: {file: 002_cb5bb21a0d3db1eb.txt, course: C}
summary: S
scenes:
  - kind: param-count
"""


def scene(body: str) -> ParamCountScene:
    loaded = load_text(HEAD + "    " + body, "t.yaml").scenes[0]
    assert isinstance(loaded, ParamCountScene)
    return loaded


def torch_count(layer: Any) -> int:
    return sum(p.numel() for p in layer.parameters())


@pytest.mark.parametrize(
    ("body", "layer"),
    [
        # deck 002: ten 5x5 filters on a 32x32x3 image, 760 parameters
        ("kernel_size: 5\n    in_channels: 3\n    filters: 10\n", "Conv2d(3, 10, 5)"),
        ("kernel_size: [5, 5]\n    in_channels: 3\n    filters: 10\n", "Conv2d(3, 10, 5)"),
        ("kernel_size: 5x5\n    in_channels: 3\n    filters: 10\n", "Conv2d(3, 10, 5)"),
        ("dims: 2\n    kernel_size: 5\n    in_channels: 3\n    filters: 10\n", "Conv2d(3, 10, 5)"),
        ("kernel_size: [2, 3]\n    in_channels: 4\n    filters: 2\n", "Conv2d(4, 2, (2, 3))"),
        (
            "kernel_size: 5\n    in_channels: 3\n    filters: 10\n    bias: false\n",
            "Conv2d(3, 10, 5, bias=False)",
        ),
        # deck 001: a 1-D filter of 3 weights and a bias, 4 parameters
        ("dims: 1\n    kernel_size: 3\n", "Conv1d(1, 1, 3)"),
        ("dims: 1\n    kernel_size: 5\n    in_channels: 3\n    filters: 10\n", "Conv1d(3, 10, 5)"),
        (
            "dims: 1\n    kernel_size: [5]\n    in_channels: 3\n    filters: 10\n",
            "Conv1d(3, 10, 5)",
        ),
        ("dims: 3\n    kernel_size: 3\n    in_channels: 2\n    filters: 4\n", "Conv3d(2, 4, 3)"),
        (
            "dims: 3\n    kernel_size: [1, 2, 3]\n    in_channels: 2\n    filters: 4\n",
            "Conv3d(2, 4, (1, 2, 3))",
        ),
        # deck 001: a fully connected layer from 10 to 10, 10 x 11 = 110
        ("layer: dense\n    inputs: 10\n    outputs: 10\n", "Linear(10, 10)"),
        (
            "layer: dense\n    inputs: 7\n    outputs: 3\n    bias: false\n",
            "Linear(7, 3, bias=False)",
        ),
        ("layer: pool\n", "MaxPool2d(2)"),
    ],
)
def test_count_is_torchs(body: str, layer: str) -> None:
    expected = torch_count(eval(f"torch.nn.{layer}", {"torch": torch}))
    assert param_count(scene(body)) == expected


def test_ten_5x5_filters_on_3_channels_are_760_as_deck_002_prints() -> None:
    loaded = scene("kernel_size: 5\n    in_channels: 3\n    filters: 10\n    expect: 760\n")
    assert loaded.kernel_shape == (5, 5)
    assert prepare(loaded).formula == "(5·5·3 + 1)·10 = 760"
    assert torch_count(torch.nn.Conv2d(3, 10, 5)) == 760


def test_a_1d_layer_writes_one_factor() -> None:
    loaded = scene("dims: 1\n    kernel_size: 3\n    expect: 4\n")
    assert loaded.kernel_shape == (3,)
    assert prepare(loaded).formula == "3 + 1 = 4"


@pytest.mark.parametrize(
    ("body", "where", "message"),
    [
        (
            "kernel_size: [3]\n",
            (7, 18),
            "kernel_size [3] has 1 number, but a conv layer is 2-D: write kernel_size: 3 for a "
            "3x3 kernel, or add dims: 1 for a 1-D layer",
        ),
        (
            "kernel_size: [3, 3, 3]\n",
            (7, 18),
            "kernel_size [3, 3, 3] has 3 numbers, but a conv layer is 2-D: add dims: 3 for a 3-D "
            "layer",
        ),
        (
            "dims: 1\n    kernel_size: [5, 5]\n",
            (8, 18),
            "kernel_size [5, 5] has 2 numbers, but dims is 1: give 1 (one per axis), or a single "
            "number for every axis",
        ),
        (
            "layer: dense\n    dims: 1\n    inputs: 3\n    outputs: 2\n",
            (8, 11),
            "dims is only for a conv layer, not a dense layer",
        ),
        ("dims: 4\n    kernel_size: 3\n", (7, 11), "dims must be at most 3, got 4"),
        ("dims: true\n    kernel_size: 3\n", (7, 11), "dims must be a whole number, got True"),
        ("kernel_size: 0\n", (7, 18), "kernel_size must be a positive whole number, got 0"),
        ("kernel_size: [0, 3]\n", (7, 18), "kernel_size must be positive whole numbers, got 0x3"),
    ],
)
def test_ambiguous_or_wrong_kernel_sizes_are_clear_errors(
    body: str, where: tuple[int, int], message: str
) -> None:
    with pytest.raises(LessonError) as caught:
        load_text(HEAD + "    " + body, "t.yaml")
    error = caught.value
    assert error.message.startswith(message), error.message
    assert (error.line, error.column) == where
