"""Decks 000-002: the lessons reproduce the numbers the slides print, and the errata are real.

Expected values here are typed from the seed decks (or, for the reconstructed scenes, worked
by hand), never read back from the engine.
"""

from __future__ import annotations

import numpy as np
import pytest
from lesson_helpers import LESSONS_DIR

from lessons import load_file
from lessons.playback import prepare
from lessons.verify import verify_lesson

DECK000 = LESSONS_DIR / "000-convolution.yaml"
DECK001 = LESSONS_DIR / "010-conv-layers.yaml"
DECK002 = LESSONS_DIR / "020-conv-sizes.yaml"


def scene(path, title):  # type: ignore[no-untyped-def]
    lesson = load_file(path)
    for item in lesson.scenes:
        if item.title == title:
            return item
    raise AssertionError(f"no scene {title!r}")


def test_deck000_stride1_steps_read_like_the_slides() -> None:
    playback = prepare(scene(DECK000, "Convolution: a 3x3 filter over a 6x6 grid"))
    assert playback.trace is not None
    # deck 000, lines 35 and 391: the first and the last window's arithmetic
    assert playback.trace[0].text == "1*3 + 0*7 + -1*9 + 1*8 + 0*1 + -1*3 + 1*7 + 0*4 + -1*6 = 0"
    assert playback.trace[-1].text == "1*9 + 0*3 + -1*6 + 1*9 + 0*4 + -1*3 + 1*3 + 0*3 + -1*1 = 11"
    assert playback.output is not None
    assert playback.output.tolist() == [
        [0, 4, 11, -2],
        [9, -7, 0, 4],
        [9, -6, 0, 7],
        [13, -4, -3, 11],
    ]


def test_deck000_stride2_and_same_padding() -> None:
    stride2 = prepare(scene(DECK000, "Stride 2"))
    assert stride2.output is not None and stride2.output.tolist() == [[0, 11], [9, 0]]
    assert stride2.trace is not None
    assert stride2.trace[1].text == "1*9 + 0*1 + -1*0 + 1*3 + 0*3 + -1*3 + 1*6 + 0*4 + -1*4 = 11"
    same = prepare(scene(DECK000, "Same convolution"))
    assert same.pad == ((1, 1), (1, 1))
    assert same.padded is not None and same.padded.shape == (8, 8)
    assert same.output is not None
    assert same.output[0].tolist() == [-8, -1, 4, 9, 0, 3]  # deck 000, line 575
    assert same.output[:, 0].tolist() == [-8, -12, -9, -16, -17, -13]


def test_deck000_errata_are_the_eight_rows_and_the_missing_floor() -> None:
    report = verify_lesson(load_file(DECK000))
    assert report.ok
    assert [(f.scene_title, f.cell, f.slide, f.computed) for f in report.errata] == [
        ("Vertical edge detection", None, "8x6", "6x6")
    ]
    assert [f.scene_title for f in report.notes] == ["Output size with stride 2: round down"]
    edges = prepare(scene(DECK000, "Vertical edge detection"))
    assert edges.output is not None
    assert edges.output.shape == (6, 6)
    assert (edges.output == np.array([0, 0, 60, 60, 0, 0])).all()


def test_deck000_shapes_and_pooling() -> None:
    conv = prepare(scene(DECK000, "Layer shapes: a 3x3 convolution"))
    pool = prepare(scene(DECK000, "Layer shapes: 2x2 max pooling"))
    assert conv.value == (1198, 1918) and pool.value == (599, 959)
    maxpool = prepare(scene(DECK000, "Max pooling, 2x2, stride 2"))
    assert maxpool.output is not None
    assert maxpool.output.tolist() == [[8, 9, 4], [7, 9, 6], [9, 9, 4]]
    floor = prepare(scene(DECK000, "Output size with stride 2: round down"))
    assert floor.formula == "⌊(6 + 2·0 − 3)/2⌋ + 1 = 2"
    assert floor.erratum is not None and "2.5" in floor.erratum.note


def test_deck001_one_d_relu_bias() -> None:
    conv = prepare(scene(DECK001, "A 1-D image and a filter"))
    assert conv.output is not None
    assert conv.output.tolist() == [-1, 0, -1, 0, -2, 1, -1, 0]  # deck 001, line 566
    assert conv.trace is not None and conv.trace[0].value == -1  # 0*-1 + 0*1 + 1*-1 = -1
    relu = prepare(scene(DECK001, "After ReLU"))
    assert relu.output is not None and relu.output.tolist() == [0, 0, 0, 0, 0, 1, 0, 0]
    # reconstructed by hand: each value + 1, then ReLU
    biased = prepare(scene(DECK001, "With bias +1"))
    assert biased.output is not None and biased.output.tolist() == [0, 1, 0, 1, -1, 2, 0, 1]
    assert scene(DECK001, "With bias +1").reconstructed
    assert "**Reconstructed:** The extracted deck keeps the words" in biased.narration


def test_deck001_weight_counts() -> None:
    assert prepare(scene(DECK001, "How many weights (including bias)?")).value == 4
    dense = prepare(scene(DECK001, "...and a fully connected layer"))
    assert dense.value == 110
    assert dense.formula == "(10 + 1)·10 = 110"


def test_deck001_hi_image() -> None:
    valid = prepare(scene(DECK001, 'A 2-D example: the "hi" image'))
    assert valid.output is not None
    assert valid.output.tolist() == [[-7, -2, -4], [-5, -2, -5], [-7, -2, -5]]
    padded = prepare(scene(DECK001, "Convolution with padding"))
    assert padded.output is not None
    assert padded.output[1].tolist() == [-2, -7, -2, -4, 1]  # deck 001, line 2241
    biased = prepare(scene(DECK001, "With bias 2"))
    assert biased.output is not None and biased.output[0, :2].tolist() == [2, -2]
    assert biased.expect is not None and biased.expect.text_at((0, 2)) is None  # left blank
    bank = prepare(scene(DECK001, "Multiple filters: a filter bank"))
    assert bank.output is not None and bank.output.shape == (2, 3, 3)
    assert bank.output[0].tolist() == valid.output.tolist()


def test_deck001_pooling() -> None:
    s1 = prepare(scene(DECK001, "Max pooling: size 3, stride 1"))
    s3 = prepare(scene(DECK001, "Max pooling: size 3, stride 3"))
    assert s1.output is not None and s3.output is not None
    assert s1.output.tolist() == [[0, 0, 1, 1], [1, 1, 1, 1], [1, 1, 0, 0], [1, 1, 0, 0]]
    assert s3.output.tolist() == [[0, 1], [1, 0]]


def test_deck001_three_d_partial_sums() -> None:
    playback = prepare(scene(DECK001, "A 3-D image and a 3-D filter"))
    assert playback.trace is not None
    first = playback.trace[0]
    # worked by hand: red slice 1+0+2 - (0+3+1) = -1, green 1+2+0+1+1 = 5, blue 1+1+1 = 3
    assert first.partials == (-1, 5, 3)
    assert first.value == 8  # with bias 1


@pytest.mark.parametrize(
    ("title", "shape"),
    [
        ("7x7 input, 3x3 filter, stride 1", (5, 5)),
        ("Stride 2", (3, 3)),
        ("Stride 3: floor division", (2, 2)),
        ("Zero padding keeps the size", (7, 7)),
        ("Six 5x5 filters on 32x32x3", (28, 28, 6)),
        ("Examples time: 10 5x5 filters, stride 1, pad 2", (32, 32, 10)),
        ("1x1 convolution: 56x56x64 to 56x56x32", (56, 56, 32)),
    ],
)
def test_deck002_output_sizes(title: str, shape: tuple[int, ...]) -> None:
    assert prepare(scene(DECK002, title)).value == shape


def test_deck002_parameters_and_formulas() -> None:
    params = prepare(scene(DECK002, "Number of parameters in this layer"))
    assert params.value == 760
    assert params.formula == "(5·5·3 + 1)·10 = 760"  # the slide's 5*5*3 + 1 = 76, 76*10 = 760
    assert prepare(scene(DECK002, "Pooling layer: number of parameters?")).value == 0
    padded = prepare(scene(DECK002, "Zero padding keeps the size"))
    assert padded.formula == "⌊(7 + 2·1 − 3)/1⌋ + 1 = 7"


def test_deck002_convolution_flips_the_kernel() -> None:
    corr = prepare(scene(DECK002, "Cross-correlation: what ConvNets compute"))
    conv = prepare(scene(DECK002, "True convolution flips the filter"))
    assert corr.output is not None and conv.output is not None
    assert (conv.output == -corr.output).all()
    blur = prepare(scene(DECK002, "Gaussian blur"))
    assert blur.output is not None
    assert blur.output[2].tolist() == [7, 26, 41, 26, 7]  # the deck's Gaussian row, /273 * 273


def test_deck002_pooling_cs231n_slice() -> None:
    maxed = prepare(scene(DECK002, "Max pooling, 2x2 filters, stride 2"))
    avg = prepare(scene(DECK002, "Average pooling, 2x2 filters, stride 2"))
    assert maxed.output is not None and avg.output is not None
    assert maxed.output.tolist() == [[6, 8], [3, 4]]
    assert avg.output.tolist() == [[3.25, 5.25], [2, 2]]
