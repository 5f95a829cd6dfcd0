"""Decks 003 and 004 against the engine: the numbers here are typed from the slides.

Each test pins a lesson scene to the deck's printed output (so an edit to the YAML cannot
quietly drift from the slide), and checks the claims the lessons make: that the reconstructed
kernels are the only ones that reproduce what the extracted text kept, and that the marked
errata are exactly the cells where the engine disagrees with the slide.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import engine
from engine.display import NumberFormat, format_number
from lessons.arrays import parse_number_text
from lessons.loader import load_file
from lessons.verify import verify_lesson

LESSONS = Path(__file__).resolve().parents[2] / "lessons"
XO = LESSONS / "030-xo.yaml"
TORCH = LESSONS / "040-torch-layers.yaml"
ARITH = LESSONS / "090-conv-arithmetic.yaml"

TRUNC2 = NumberFormat(2, "truncate")


def grid(text: str) -> np.ndarray:
    """A grid typed as rows of numbers (blank lines separate channels)."""
    blocks = [b for b in text.strip().split("\n\n") if b.strip()]
    arrays = [
        np.array([[float(v) for v in row.split()] for row in b.strip().splitlines()])
        for b in blocks
    ]
    return arrays[0] if len(arrays) == 1 else np.stack(arrays)


def scene(path: Path, title: str) -> Any:
    lesson = load_file(path)
    for item in lesson.scenes:
        if item.title == title:
            return item
    raise AssertionError(f"no scene titled {title!r} in {path.name}")


def shown(values: np.ndarray, fmt: NumberFormat | None = None) -> list[Fraction | None]:
    """Each value as the tutor writes it, read back as an exact number."""
    return [parse_number_text(format_number(float(v), fmt)) for v in np.ravel(values)]


def printed(values: np.ndarray) -> list[Fraction | None]:
    return [parse_number_text(repr(float(v))) for v in np.ravel(values)]


# ---------------------------------------------------------------------------- deck 003
# The clean 9x9 X the deck draws (its extracted text garbles some frames).
X = grid(
    """
    -1 -1 -1 -1 -1 -1 -1 -1 -1
    -1  1 -1 -1 -1 -1 -1  1 -1
    -1 -1  1 -1 -1 -1  1 -1 -1
    -1 -1 -1  1 -1  1 -1 -1 -1
    -1 -1 -1 -1  1 -1 -1 -1 -1
    -1 -1 -1  1 -1  1 -1 -1 -1
    -1 -1  1 -1 -1 -1  1 -1 -1
    -1  1 -1 -1 -1 -1 -1  1 -1
    -1 -1 -1 -1 -1 -1 -1 -1 -1
    """
)
FEATURES = {
    "\\": grid("1 -1 -1\n-1 1 -1\n-1 -1 1"),
    "x": grid("1 -1 1\n-1 1 -1\n1 -1 1"),
    "/": grid("-1 -1 1\n-1 1 -1\n1 -1 -1"),
}
# Deck 003, "Convolution: Trying every possible match" (lines 801, 882, 909 of the seed text).
SLIDE_MAPS = {
    "\\": grid(
        """
        0.77 -0.11 0.11 0.33 0.55 -0.11 0.33
        -0.11 1.00 -0.11 0.33 -0.11 0.11 -0.11
        0.11 -0.11 1.00 -0.33 0.11 -0.11 0.55
        0.33 0.33 -0.33 0.55 -0.33 0.33 0.33
        0.55 -0.11 0.11 -0.33 1.00 -0.11 0.11
        -0.11 0.11 -0.11 0.33 -0.11 1.00 -0.11
        0.33 -0.11 0.55 0.33 0.11 -0.11 0.77
        """
    ),
    "x": grid(
        """
        0.33 -0.55 0.11 -0.11 0.11 -0.55 0.33
        -0.55 0.55 -0.55 0.33 -0.55 0.55 -0.55
        0.11 -0.55 0.55 -0.77 0.55 -0.55 0.11
        -0.11 0.33 -0.77 1.00 -0.77 0.33 -0.11
        0.11 -0.55 0.55 -0.77 0.55 -0.55 0.11
        -0.55 0.55 -0.55 0.33 -0.55 0.55 -0.55
        0.33 -0.55 0.11 -0.11 0.11 -0.55 0.33
        """
    ),
    "/": grid(
        """
        0.33 -0.11 0.55 0.33 0.11 -0.11 0.77
        -0.11 0.11 -0.11 0.33 -0.11 1.00 -0.11
        0.55 -0.11 0.11 -0.33 1.00 -0.11 0.11
        0.33 0.33 -0.33 0.55 -0.33 0.33 0.33
        0.11 -0.11 1.00 -0.33 0.11 -0.11 0.55
        -0.11 1.00 -0.11 0.33 -0.11 0.11 -0.11
        0.77 -0.11 0.11 0.33 0.55 -0.11 0.33
        """
    ),
}
# Deck 003, "max pooling" and "Pooling layer" (lines 1048, 1078, 1093).
SLIDE_POOLED = {
    "\\": grid(
        "1.00 0.33 0.55 0.33\n0.33 1.00 0.33 0.55\n0.55 0.33 1.00 0.11\n0.33 0.55 0.11 0.77"
    ),
    "x": grid("0.55 0.33 0.55 0.33\n0.33 1.00 0.55 0.11\n0.55 0.55 0.55 0.11\n0.33 0.11 0.11 0.33"),
    "/": grid("0.33 0.55 1.00 0.77\n0.55 0.55 1.00 0.33\n1.00 1.00 0.11 0.55\n0.77 0.33 0.55 0.33"),
}


@pytest.mark.parametrize("name", list(FEATURES))
def test_deck003_maps_are_ninths_truncated(name: str) -> None:
    out = engine.correlate2d(X, FEATURES[name], divisor=9)
    assert shown(out, TRUNC2) == printed(SLIDE_MAPS[name])
    # rounding instead of truncating would not reproduce the slide (5/9 -> 0.56)
    assert shown(out, NumberFormat(2, "round")) != printed(SLIDE_MAPS[name])


@pytest.mark.parametrize("name", list(FEATURES))
def test_deck003_pooling_needs_ceil_mode(name: str) -> None:
    maps = engine.correlate2d(X, FEATURES[name], divisor=9)
    pooled = engine.pool2d(maps, 2, stride=2, ceil_mode=True)
    assert pooled.shape == (4, 4)
    assert shown(pooled, TRUNC2) == printed(SLIDE_POOLED[name])
    assert engine.pool2d(maps, 2, stride=2).shape == (3, 3)  # floor mode drops the 7th row


def test_deck003_single_windows() -> None:
    # "(1 + 1 + ... + 1) / 9 = 1" and "... / 9 = .55": one window each, nine products.
    perfect = scene(XO, "Filtering: a perfect match")
    partial = scene(XO, "Filtering: a partial match")
    assert np.array_equal(perfect.input, X[1:4, 1:4])
    assert np.array_equal(partial.input, X[3:6, 3:6])
    one = engine.correlate2d(perfect.input, perfect.kernel, divisor=9)
    part = engine.correlate2d(partial.input, partial.kernel, divisor=9)
    assert format_number(float(one[0, 0]), TRUNC2) == "1"
    assert format_number(float(part[0, 0]), TRUNC2) == "0.55"
    products = (partial.input * partial.kernel).ravel()
    assert sorted(products.tolist()) == [-1.0, -1.0] + [1.0] * 7


def test_deck003_lesson_scenes_carry_the_slide_maps() -> None:
    for title, name in [
        ("Convolution: trying every possible match", "\\"),
        ("The x feature", "x"),
        ("The / feature", "/"),
    ]:
        item = scene(XO, title)
        assert np.array_equal(item.input, X)
        assert [item.expect.value_at(ix) for ix in item.expect.indices()] == printed(
            SLIDE_MAPS[name]
        )
    stack = scene(XO, "Pooling layer: a stack of smaller images")
    want = np.stack([SLIDE_POOLED[n] for n in FEATURES])
    assert [stack.expect.value_at(ix) for ix in stack.expect.indices()] == printed(want)


def test_deck003_vote_says_x() -> None:
    pipeline = scene(XO, "Layers get stacked, then the values vote")
    x = pipeline.input
    from lessons.calls import compute

    for stage in pipeline.stages:
        x = compute(stage, x)
    assert x.shape == (2,)
    assert x[0] > x[1]  # X beats O


# ---------------------------------------------------------------------------- deck 004
A6 = grid("2 2 1 4 1 0\n0 4 0 3 3 4\n0 4 1 2 0 0\n2 1 4 1 3 1\n4 3 1 4 2 4\n2 0 0 4 3 4")
B4 = grid("2 3 1 4\n1 1 3 2\n0 4 3 0\n3 2 2 0")
C6 = grid("1 0 1 3 1 3\n0 1 4 0 0 4\n0 2 0 3 3 2\n2 2 1 3 2 2\n1 3 0 3 1 0\n3 2 3 3 4 3")
D4 = grid("0 3 1 1\n3 1 2 0\n3 4 2 3\n3 0 0 2")
E6 = grid("3 2 1 0 0 3\n0 3 3 1 1 0\n3 1 4 1 1 0\n2 4 1 1 0 4\n1 0 3 0 3 0\n3 4 4 3 3 4")
K110 = grid("1 1 0\n1 1 0\n1 0 1")
KPLUS = grid("1 1 1\n1 1 1\n0 1 0")
GRAY = grid(
    """
    0 0 0 0 0 0 0
    0 0 0 43 43 0 0
    0 30 250 230 125 251 0
    0 191 38 0 0 81 0
    0 241 0 35 119 250 0
    0 49 193 198 83 0 0
    0 0 0 0 0 0 0
    """
)

# (title of the lesson scene, engine call, the output the slide prints)
DECK004 = [
    (
        "Convolution of a 6x6 input with a 3x3 kernel",
        lambda: engine.correlate2d(A6, K110),
        "9 13 9 13\n14 11 13 10\n12 17 11 14\n12 13 13 18",
    ),
    (
        "The same convolution with a bias of 1",
        lambda: engine.correlate2d(A6, K110, bias=1),
        "10 14 10 14\n15 12 14 11\n13 18 12 15\n13 14 14 19",
    ),
    (
        "A 2x3 kernel",
        lambda: engine.correlate2d(A6, grid("1 0 1\n0 1 1"), bias=1),
        "8 10 9 12\n6 11 6 8\n7 12 6 7\n11 8 14 9\n6 12 11 16",
    ),
    (
        "Convolution with padding 1",
        lambda: engine.correlate2d(B4, KPLUS, padding=1, bias=1),
        "7 8 12 8\n8 16 18 11\n10 15 16 9\n10 15 12 6",
    ),
    (
        "padding='same'",
        lambda: engine.correlate2d(B4, KPLUS, padding="same", bias=1),
        "7 8 12 8\n8 16 18 11\n10 15 16 9\n10 15 12 6",
    ),
    (
        "Convolution with padding (2, 1)",
        lambda: engine.correlate2d(B4, KPLUS, padding=(2, 1), bias=1),
        "3 4 2 5\n7 8 12 8\n8 16 18 11\n10 15 16 9\n10 15 12 6\n6 8 5 3",
    ),
    (
        "Stride 1",
        lambda: engine.correlate2d(C6, KPLUS, bias=1),
        "10 10 13 15\n10 12 14 15\n11 12 16 17\n12 16 14 16",
    ),
    ("Stride 2", lambda: engine.correlate2d(C6, KPLUS, stride=2, bias=1), "10 13\n11 16"),
    (
        "Padding 1 and stride (2, 2)",
        lambda: engine.correlate2d(D4, KPLUS, padding=1, stride=(2, 2), bias=1),
        "7 8\n15 13",
    ),
    ("Max pooling 2x2, stride 2", lambda: engine.pool2d(E6, 2), "3 3 3\n4 4 4\n4 4 4"),
    (
        "Max pooling 2x2, stride (1, 2)",
        lambda: engine.pool2d(E6, 2, stride=(1, 2)),
        "3 3 3\n3 4 1\n4 4 4\n4 3 4\n4 4 4",
    ),
    (
        "MaxPool1d, size 3, stride 3",
        lambda: engine.pool1d(E6, 3, stride=3),
        "3 3\n3 1\n4 1\n4 4\n3 3\n4 4",
    ),
    (
        "Exercise 1: convolutional layer",
        lambda: engine.correlate2d(A6[:4], grid("1 1 0\n1 0 0\n0 0 0"), bias=2),
        "6 9 7 10\n6 10 6 10",
    ),
    (
        "Exercise 4: max pooling a grayscale image",
        lambda: engine.pool2d(GRAY, 2),
        "0 43 43\n191 250 251\n241 198 250",
    ),
]


@pytest.mark.parametrize(("title", "run", "slide"), DECK004, ids=[t for t, _, _ in DECK004])
def test_deck004_outputs(title: str, run: Callable[[], np.ndarray], slide: str) -> None:
    want = grid(slide)
    out = run()
    assert out.shape == want.shape
    assert np.array_equal(out, want)
    item = scene(TORCH, title)
    assert [item.expect.value_at(ix) for ix in item.expect.indices()] == printed(want)


def test_deck004_torch_printouts_of_average_pooling() -> None:
    # The PyTorch slides print four decimals: AvgPool2d((3, 2), stride=(2, 2)) and AvgPool1d(3, 3).
    avg2 = engine.pool2d(E6, (3, 2), stride=(2, 2), mode="avg")
    fmt4 = NumberFormat(4, "round", fixed=True)
    assert [format_number(float(v), fmt4) for v in avg2.ravel()] == (
        ["2.0000", "1.6667", "0.8333", "1.8333", "1.6667", "1.3333"]
    )
    avg1 = engine.pool1d(E6, 3, stride=3, mode="avg")
    assert [format_number(float(v), fmt4) for v in avg1.ravel()] == (
        # the 6x2 printout, row by row
        [
            "2.0000",
            "1.0000",
            "2.0000",
            "0.6667",
            "2.6667",
            "0.6667",
            "2.3333",
            "1.6667",
            "1.3333",
            "1.0000",
            "3.6667",
            "3.3333",
        ]
    )


def errata_cells(title: str) -> dict[tuple[int, ...], tuple[Fraction | None, Fraction | None]]:
    item = scene(TORCH, title)
    assert item.erratum is not None
    return {
        tuple(c.at): (parse_number_text(c.slide), parse_number_text(c.correct))
        for c in item.erratum.cells
    }


def mismatches(
    out: np.ndarray, slide: np.ndarray, fmt: NumberFormat | None = None
) -> dict[tuple[int, ...], tuple[Fraction | None, Fraction | None]]:
    return {
        tuple(int(i) for i in ix): (printed(slide[ix])[0], shown(out[ix], fmt)[0])
        for ix in np.ndindex(*slide.shape)
        if printed(slide[ix]) != shown(out[ix], fmt)
    }


def test_deck004_average_pooling_picture_has_one_wrong_cell() -> None:
    out = engine.pool2d(E6, (3, 2), stride=2, mode="avg")
    slide = grid("2 1.7 0.8\n1.8 1.6 1.3")  # the picture on the slide at line 1256
    found = mismatches(out, slide, NumberFormat(1, "round"))
    assert found == {(1, 1): (Fraction(16, 10), Fraction(17, 10))}
    assert errata_cells("Average pooling (3, 2), stride 2") == found


def test_deck004_grayscale_edge_map_errata() -> None:
    kernel = grid("1 0 -1\n1 0 -1\n1 0 -1")
    out = engine.correlate2d(GRAY, kernel)
    slide = grid(  # the slide at line 2033
        """
        -250 -243 82 22 168
        -288 34 206 -59 168
        212 657 294 185 244
        -155 248 29 64 202
        -193 127 229 486 202
        """
    )
    found = mismatches(out, slide)
    assert len(found) == 11
    assert found[(2, 1)] == (Fraction(657), Fraction(197))
    assert errata_cells("Exercise 4: a vertical-edge kernel on the grayscale image") == found
    # pooling the slide's own map: 34 206 / 657 294, but the slide prints 297
    pooled = engine.pool2d(slide, 2)
    assert mismatches(pooled, grid("34 206\n657 297")) == {(1, 1): (Fraction(297), Fraction(294))}
    assert errata_cells("Exercise 4: max pooling the edge map") == {
        (1, 1): (Fraction(297), Fraction(294))
    }
    # and the exercise's true answer
    assert engine.pool2d(out, 2).tolist() == [[-52, 120], [248, 44]]


def binary_kernels(rows: int, cols: int) -> Iterator[np.ndarray]:
    for bits in itertools.product((0.0, 1.0), repeat=rows * cols):
        yield np.array(bits).reshape(rows, cols)


def test_deck004_exercise2_kernel_is_the_only_one() -> None:
    # What survives of the output: 11 13 12 and 15 18 13 (padding 1, stride 1).
    h = grid("2 4 2\n3 3 4\n3 2 0\n4 0 4\n1 4 0")
    hits = []
    for kernel in binary_kernels(3, 3):
        base = engine.correlate2d(h, kernel, padding=1)
        for bias in range(4):
            out = base + bias
            if out[0].tolist() == [11, 13, 12] and out[1].tolist() == [15, 18, 13]:
                hits.append((kernel.tolist(), bias))
    assert hits == [([[1, 0, 1], [1, 1, 1], [0, 1, 0]], 2)]
    item = scene(TORCH, "Exercise 2: padding")
    assert item.kernel.tolist() == hits[0][0] and item.bias == hits[0][1]


def test_deck004_exercise3_kernel_is_the_only_one() -> None:
    # What survives of the 3x2 feature map: 8, 8, 6, 10, 8 read down the columns.
    i53 = grid("2 4 2\n1 3 2\n3 2 1\n0 0 1\n0 0 1")
    hits = []
    for kernel in binary_kernels(3, 2):
        base = engine.correlate2d(i53, kernel)
        for bias in range(4):
            if (base + bias).T.ravel()[:5].tolist() == [8, 8, 6, 10, 8]:
                hits.append((kernel.tolist(), bias))
    assert hits == [([[1, 1], [1, 0], [0, 0]], 1)]
    pipeline = scene(TORCH, "Exercise 3: convolution, then max pooling (1, 2)")
    conv = pipeline.stages[0]
    assert conv.kernel.tolist() == hits[0][0] and conv.bias == hits[0][1]


@pytest.mark.parametrize("path", [XO, TORCH, ARITH], ids=lambda p: p.stem)
def test_lessons_check_clean(path: Path) -> None:
    report = verify_lesson(load_file(path))
    assert report.ok, [str(f) for f in report.failures]


def test_deck004_errata_are_reported() -> None:
    report = verify_lesson(load_file(TORCH))
    assert len(report.errata) == 13
