"""The engine reproduces the worked examples of the lecture decks in /work/shared/seeds.

Every expected number and every expected text below is copied from a slide; where a slide is wrong,
the test says so and asserts the value the slide's own input gives.
"""

from __future__ import annotations

import numpy as np
import pytest

import engine
from engine import NumberFormat, format_number

# Deck 000 (CS344): the 6x6 example and the vertical-edge kernel.
DECK0_X = [
    [3, 7, 9, 1, 0, 4],
    [8, 1, 3, 3, 3, 0],
    [7, 4, 6, 4, 4, 6],
    [4, 4, 1, 9, 3, 6],
    [9, 8, 4, 9, 4, 3],
    [7, 5, 2, 3, 3, 1],
]
VERTICAL = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]
DECK0_TEXTS = [
    "1*3 + 0*7 + -1*9 + 1*8 + 0*1 + -1*3 + 1*7 + 0*4 + -1*6 = 0",
    "1*7 + 0*9 + -1*1 + 1*1 + 0*3 + -1*3 + 1*4 + 0*6 + -1*4 = 4",
    "1*9 + 0*1 + -1*0 + 1*3 + 0*3 + -1*3 + 1*6 + 0*4 + -1*4 = 11",
    "1*1 + 0*0 + -1*4 + 1*3 + 0*3 + -1*0 + 1*4 + 0*4 + -1*6 = -2",
    "1*8 + 0*1 + -1*3 + 1*7 + 0*4 + -1*6 + 1*4 + 0*4 + -1*1 = 9",
    "1*1 + 0*3 + -1*3 + 1*4 + 0*6 + -1*4 + 1*4 + 0*1 + -1*9 = -7",
    "1*3 + 0*3 + -1*3 + 1*6 + 0*4 + -1*4 + 1*1 + 0*9 + -1*3 = 0",
    "1*3 + 0*3 + -1*0 + 1*4 + 0*4 + -1*6 + 1*9 + 0*3 + -1*6 = 4",
    "1*7 + 0*4 + -1*6 + 1*4 + 0*4 + -1*1 + 1*9 + 0*8 + -1*4 = 9",
    "1*4 + 0*6 + -1*4 + 1*4 + 0*1 + -1*9 + 1*8 + 0*4 + -1*9 = -6",
    "1*6 + 0*4 + -1*4 + 1*1 + 0*9 + -1*3 + 1*4 + 0*9 + -1*4 = 0",
    "1*4 + 0*4 + -1*6 + 1*9 + 0*3 + -1*6 + 1*9 + 0*4 + -1*3 = 7",
    "1*4 + 0*4 + -1*1 + 1*9 + 0*8 + -1*4 + 1*7 + 0*5 + -1*2 = 13",
    "1*4 + 0*1 + -1*9 + 1*8 + 0*4 + -1*9 + 1*5 + 0*2 + -1*3 = -4",
    "1*1 + 0*9 + -1*3 + 1*4 + 0*9 + -1*4 + 1*2 + 0*3 + -1*3 = -3",
    "1*9 + 0*3 + -1*6 + 1*9 + 0*4 + -1*3 + 1*3 + 0*3 + -1*1 = 11",
]
DECK0_OUT = [[0, 4, 11, -2], [9, -7, 0, 4], [9, -6, 0, 7], [13, -4, -3, 11]]
DECK0_SAME = [
    [-8, -1, 4, 9, 0, 3],
    [-12, 0, 4, 11, -2, 7],
    [-9, 9, -7, 0, 4, 10],
    [-16, 9, -6, 0, 7, 11],
    [-17, 13, -4, -3, 11, 10],
    [-13, 10, 1, -1, 8, 7],
]


def test_deck0_first_step_reads_exactly_as_the_slide() -> None:
    step = engine.trace_correlate2d(DECK0_X, VERTICAL)[0]
    assert step.text == "1*3 + 0*7 + -1*9 + 1*8 + 0*1 + -1*3 + 1*7 + 0*4 + -1*6 = 0"
    assert step.window == (slice(0, 3, 1), slice(0, 3, 1))
    assert step.out == (0, 0)
    assert step.value == 0
    assert step.bias is None and step.divisor is None and step.partials is None


def test_deck0_every_step_text_and_the_output_grid() -> None:
    trace = engine.trace_correlate2d(DECK0_X, VERTICAL)
    assert [step.text for step in trace] == DECK0_TEXTS
    assert trace.output_shape == (4, 4)
    np.testing.assert_array_equal(engine.correlate2d(DECK0_X, VERTICAL), DECK0_OUT)


def test_deck0_windows_slide_one_column_then_wrap_to_the_next_row() -> None:
    trace = engine.trace_correlate2d(DECK0_X, VERTICAL)
    assert trace[1].window == (slice(0, 3, 1), slice(1, 4, 1))
    assert trace[4].window == (slice(1, 4, 1), slice(0, 3, 1))
    assert trace[-1].window == (slice(3, 6, 1), slice(3, 6, 1))
    assert trace[-1].out == (3, 3)


def test_deck0_stride_2_visits_every_other_window() -> None:
    trace = engine.trace_correlate2d(DECK0_X, VERTICAL, stride=2)
    assert [step.text for step in trace] == [DECK0_TEXTS[i] for i in (0, 2, 8, 10)]
    assert trace[1].window == (slice(0, 3, 1), slice(2, 5, 1))
    assert trace[2].window == (slice(2, 5, 1), slice(0, 3, 1))
    np.testing.assert_array_equal(
        engine.correlate2d(DECK0_X, VERTICAL, stride=2), [[0, 11], [9, 0]]
    )


def test_deck0_same_padding_keeps_6x6_and_pads_with_zeros() -> None:
    np.testing.assert_array_equal(engine.correlate2d(DECK0_X, VERTICAL, padding="same"), DECK0_SAME)
    trace = engine.trace_correlate2d(DECK0_X, VERTICAL, padding="same")
    assert trace.padding == ((1, 1), (1, 1))
    first = trace[0]
    assert first.window == (slice(0, 3, 1), slice(0, 3, 1))
    assert first.inputs == (0, 0, 0, 0, 3, 7, 0, 8, 1)
    assert first.text == "1*0 + 0*0 + -1*0 + 1*0 + 0*3 + -1*7 + 1*0 + 0*8 + -1*1 = -8"
    padded = engine.pad(DECK0_X, 1)
    assert padded.shape == (8, 8)
    assert padded[first.window].ravel().tolist() == list(first.inputs)


def test_deck0_edge_detectors_find_the_edges() -> None:
    vertical_in = [[20] * 4 + [0] * 4] * 8
    # The slide draws 8 rows of output; a 3x3 kernel on 8x8 gives 6x6, each row 0 0 60 60 0 0.
    np.testing.assert_array_equal(
        engine.correlate2d(vertical_in, VERTICAL), [[0, 0, 60, 60, 0, 0]] * 6
    )
    horizontal_in = [[20] * 8] * 4 + [[0] * 8] * 4
    horizontal = [[1, 1, 1], [0, 0, 0], [-1, -1, -1]]
    expected = [[0] * 6, [0] * 6, [60] * 6, [60] * 6, [0] * 6, [0] * 6]
    np.testing.assert_array_equal(engine.correlate2d(horizontal_in, horizontal), expected)


def test_deck0_max_pooling_2x2_stride_2() -> None:
    trace = engine.trace_pool2d(DECK0_X, 2)
    first = trace[0]
    assert first.text == "max(3, 7, 8, 1) = 8"
    assert first.window == (slice(0, 2), slice(0, 2))
    assert first.winner == (1, 0)
    assert first.mode == "max"
    assert trace[1].text == "max(9, 1, 3, 3) = 9"
    assert trace[1].window == (slice(0, 2), slice(2, 4))
    expected = [[8, 9, 4], [7, 9, 6], [9, 9, 4]]
    np.testing.assert_array_equal(engine.pool2d(DECK0_X, 2, stride=2), expected)
    assert [step.value for step in trace] == [v for row in expected for v in row]


# Deck 001: the 2-D example with a "-1 everywhere, 1 in the middle" filter.
def test_deck1_terms_are_the_products_the_slide_adds() -> None:
    image = [[1, 0, 1, 0, 0], [1, 0, 1, 0, 1], [1, 1, 1, 0, 0], [1, 0, 1, 0, 1], [1, 0, 1, 0, 1]]
    kernel = [[-1, -1, -1], [-1, 1, -1], [-1, -1, -1]]
    step = engine.trace_correlate2d(image, kernel)[0]
    # "-1 + 0 + -1 + -1 + 0 + -1 + -1 + -1 + -1 = -7"
    assert step.terms == (-1, 0, -1, -1, 0, -1, -1, -1, -1)
    assert step.value == -7


def test_deck1_one_dimensional_window() -> None:
    # "0 * -1 + 0 * 1 + 1 * -1 = -1": the image starts 0 0 1, the filter is -1 1 -1.
    step = engine.trace_correlate1d([0, 0, 1], [-1, 1, -1])[0]
    assert step.value == -1
    assert step.inputs == (0, 0, 1)
    assert step.text == "-1*0 + 1*0 + -1*1 = -1"
    assert step.window == (slice(0, 3, 1),)


# Deck 003 (X's and O's): divide by the number of pixels, truncate to two decimals.
X_IMAGE = [
    [-1, -1, -1, -1, -1, -1, -1, -1, -1],
    [-1, 1, -1, -1, -1, -1, -1, 1, -1],
    [-1, -1, 1, -1, -1, -1, 1, -1, -1],
    [-1, -1, -1, 1, -1, 1, -1, -1, -1],
    [-1, -1, -1, -1, 1, -1, -1, -1, -1],
    [-1, -1, -1, 1, -1, 1, -1, -1, -1],
    [-1, -1, 1, -1, -1, -1, 1, -1, -1],
    [-1, 1, -1, -1, -1, -1, -1, 1, -1],
    [-1, -1, -1, -1, -1, -1, -1, -1, -1],
]
DIAGONAL = [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]]
CROSS = [[1, -1, 1], [-1, 1, -1], [1, -1, 1]]
ANTIDIAGONAL = [[-1, -1, 1], [-1, 1, -1], [1, -1, -1]]
DECK3_GRIDS = {
    "diagonal": """
        0.77 -0.11 0.11 0.33 0.55 -0.11 0.33
        -0.11 1.00 -0.11 0.33 -0.11 0.11 -0.11
        0.11 -0.11 1.00 -0.33 0.11 -0.11 0.55
        0.33 0.33 -0.33 0.55 -0.33 0.33 0.33
        0.55 -0.11 0.11 -0.33 1.00 -0.11 0.11
        -0.11 0.11 -0.11 0.33 -0.11 1.00 -0.11
        0.33 -0.11 0.55 0.33 0.11 -0.11 0.77""",
    "cross": """
        0.33 -0.55 0.11 -0.11 0.11 -0.55 0.33
        -0.55 0.55 -0.55 0.33 -0.55 0.55 -0.55
        0.11 -0.55 0.55 -0.77 0.55 -0.55 0.11
        -0.11 0.33 -0.77 1.00 -0.77 0.33 -0.11
        0.11 -0.55 0.55 -0.77 0.55 -0.55 0.11
        -0.55 0.55 -0.55 0.33 -0.55 0.55 -0.55
        0.33 -0.55 0.11 -0.11 0.11 -0.55 0.33""",
    "antidiagonal": """
        0.33 -0.11 0.55 0.33 0.11 -0.11 0.77
        -0.11 0.11 -0.11 0.33 -0.11 1.00 -0.11
        0.55 -0.11 0.11 -0.33 1.00 -0.11 0.11
        0.33 0.33 -0.33 0.55 -0.33 0.33 0.33
        0.11 -0.11 1.00 -0.33 0.11 -0.11 0.55
        -0.11 1.00 -0.11 0.33 -0.11 0.11 -0.11
        0.77 -0.11 0.11 0.33 0.55 -0.11 0.33""",
}
DECK3_POOLED = {
    "diagonal": "1.00 0.33 0.55 0.33 / 0.33 1.00 0.33 0.55 / 0.55 0.33 1.00 0.11 / "
    "0.33 0.55 0.11 0.77",
    "cross": "0.55 0.33 0.55 0.33 / 0.33 1.00 0.55 0.11 / 0.55 0.55 0.55 0.11 / "
    "0.33 0.11 0.11 0.33",
    "antidiagonal": "0.33 0.55 1.00 0.77 / 0.55 0.55 1.00 0.33 / 1.00 1.00 0.11 0.55 / "
    "0.77 0.33 0.55 0.33",
}
DECK3_FILTERS = {"diagonal": DIAGONAL, "cross": CROSS, "antidiagonal": ANTIDIAGONAL}
TRUNCATE_2 = NumberFormat(2, "truncate", fixed=True)


def grid_text(array: np.ndarray, fmt: NumberFormat, rows: str = "\n") -> str:
    return rows.join(" ".join(format_number(v, fmt) for v in row) for row in array)


def test_deck3_first_match_divides_by_9_and_truncates_7_9_to_0_77() -> None:
    step = engine.trace_correlate2d(X_IMAGE, DIAGONAL, divisor=9, fmt=NumberFormat(2, "truncate"))[
        0
    ]
    assert step.value == pytest.approx(7 / 9)
    assert step.divisor == 9
    assert step.text == (
        "(1*-1 + -1*-1 + -1*-1 + -1*-1 + 1*1 + -1*-1 + -1*-1 + -1*-1 + 1*1) / 9 = 0.77"
    )
    exact = engine.trace_correlate2d(
        X_IMAGE, DIAGONAL, divisor=9, fmt=NumberFormat(mode="fraction")
    )
    assert exact[0].text.endswith(") / 9 = 7/9")


def test_deck3_fixed_decimals_only_on_the_result() -> None:
    """Deck 003 prints its maps as 1.00 and 0.77, its pixels and weights as 1 and -1."""
    trace = engine.trace_correlate2d(X_IMAGE, DIAGONAL, divisor=9, fmt=TRUNCATE_2)
    assert trace[0].text == (
        "(1*-1 + -1*-1 + -1*-1 + -1*-1 + 1*1 + -1*-1 + -1*-1 + -1*-1 + 1*1) / 9 = 0.77"
    )
    centre = trace[1 * 7 + 1]  # row 2, column 2 of the map: the slide's 1.00
    assert centre.out == (1, 1)
    assert (
        centre.text
        == "(1*1 + -1*-1 + -1*-1 + -1*-1 + 1*1 + -1*-1 + -1*-1 + -1*-1 + 1*1) / 9 = 1.00"
    )
    # every step's result reads exactly as the slide's map prints it
    printed = DECK3_GRIDS["diagonal"].split()
    assert [step.text.rsplit(" = ", 1)[1] for step in trace] == printed


def test_fixed_format_keeps_bias_and_operands_plain() -> None:
    # two channels (deck 001's 3-D idea): operands and bias bare, the sum with its decimals
    x = [[[1, 2], [3, 4]], [[0, 1], [1, 0]]]
    k = [[[1, 0], [0, 1]], [[2, 2], [2, 2]]]
    step = engine.trace_correlate2d(x, k, bias=1, fmt=NumberFormat(1, fixed=True))[0]
    assert step.text == "(1*1 + 0*2 + 0*3 + 1*4) + (2*0 + 2*1 + 2*1 + 2*0) + 1 = 10.0"
    assert step.partials == (5.0, 4.0)
    one_d = engine.trace_correlate1d([0, 1, 0.5], [-1, 1, -1], fmt=NumberFormat(2, fixed=True))
    assert one_d[0].text == "-1*0 + 1*1 + -1*0.5 = 0.50"


def test_deck3_pooling_terms_are_map_values_with_fixed_decimals() -> None:
    out = engine.correlate2d(X_IMAGE, DIAGONAL, divisor=9)
    first = engine.trace_pool2d(out, 2, ceil_mode=True, fmt=TRUNCATE_2)[0]
    assert first.text == "max(0.77, -0.11, -0.11, 1.00) = 1.00"


@pytest.mark.parametrize("name", list(DECK3_FILTERS))
def test_deck3_filtered_images_match_the_slides(name: str) -> None:
    out = engine.correlate2d(X_IMAGE, DECK3_FILTERS[name], divisor=9)
    expected = "\n".join(line.strip() for line in DECK3_GRIDS[name].strip().splitlines())
    assert grid_text(out, TRUNCATE_2) == expected


@pytest.mark.parametrize("name", list(DECK3_FILTERS))
def test_deck3_pooling_7x7_to_4x4_keeps_the_partial_windows(name: str) -> None:
    # Window 2, stride 2 on 7x7 gives 4x4 only with ceil mode: the last row and column are partial.
    out = engine.correlate2d(X_IMAGE, DECK3_FILTERS[name], divisor=9)
    pooled = engine.pool2d(out, 2, ceil_mode=True)
    assert grid_text(pooled, TRUNCATE_2, rows=" / ") == DECK3_POOLED[name]
    last = engine.trace_pool2d(out, 2, ceil_mode=True, fmt=TRUNCATE_2)[-1]
    assert last.window == (slice(6, 7), slice(6, 7))
    corner = DECK3_POOLED[name].split()[-1]
    assert last.text == f"max({corner}) = {corner}"


# Deck 004 (PyTorch): bias, padding (2, 1), stride (2, 2), MaxPool1d, AvgPool2d, AvgPool1d.
DECK4_X = [
    [2, 2, 1, 4, 1, 0],
    [0, 4, 0, 3, 3, 4],
    [0, 4, 1, 2, 0, 0],
    [2, 1, 4, 1, 3, 1],
    [4, 3, 1, 4, 2, 4],
    [2, 0, 0, 4, 3, 4],
]
DECK4_K = [[1, 1, 0], [1, 1, 0], [1, 0, 1]]
DECK4_PAD_X = [[2, 3, 1, 4], [1, 1, 3, 2], [0, 4, 3, 0], [3, 2, 2, 0]]
DECK4_PAD_K = [[1, 1, 1], [1, 1, 1], [0, 1, 0]]
DECK4_STRIDE_X = [
    [1, 0, 1, 3, 1, 3],
    [0, 1, 4, 0, 0, 4],
    [0, 2, 0, 3, 3, 2],
    [2, 2, 1, 3, 2, 2],
    [1, 3, 0, 3, 1, 0],
    [3, 2, 3, 3, 4, 3],
]
DECK4_POOL_X = [
    [3, 2, 1, 0, 0, 3],
    [0, 3, 3, 1, 1, 0],
    [3, 1, 4, 1, 1, 0],
    [2, 4, 1, 1, 0, 4],
    [1, 0, 3, 0, 3, 0],
    [3, 4, 4, 3, 3, 4],
]


def test_deck4_conv_without_and_with_bias() -> None:
    plain = [[9, 13, 9, 13], [14, 11, 13, 10], [12, 17, 11, 14], [12, 13, 13, 18]]
    np.testing.assert_array_equal(engine.correlate2d(DECK4_X, DECK4_K), plain)
    with_bias = [[10, 14, 10, 14], [15, 12, 14, 11], [13, 18, 12, 15], [13, 14, 14, 19]]
    np.testing.assert_array_equal(engine.correlate2d(DECK4_X, DECK4_K, bias=1), with_bias)
    step = engine.trace_correlate2d(DECK4_X, DECK4_K, bias=1)[0]
    assert step.text == "1*2 + 1*2 + 0*1 + 1*0 + 1*4 + 0*0 + 1*0 + 0*4 + 1*1 + 1 = 10"
    assert step.bias == 1


def test_deck4_bias_text_with_a_negative_and_a_fractional_bias() -> None:
    step = engine.trace_correlate2d(DECK4_X, DECK4_K, bias=-0.5)[0]
    assert step.text.endswith(" + 1*1 + -0.5 = 8.5")


def test_deck4_a_2x3_kernel_gives_5x4() -> None:
    expected = [[8, 10, 9, 12], [6, 11, 6, 8], [7, 12, 6, 7], [11, 8, 14, 9], [6, 12, 11, 16]]
    out = engine.correlate2d(DECK4_X, [[1, 0, 1], [0, 1, 1]], bias=1)
    np.testing.assert_array_equal(out, expected)


def test_deck4_padding_same_and_padding_2_1() -> None:
    same = [[7, 8, 12, 8], [8, 16, 18, 11], [10, 15, 16, 9], [10, 15, 12, 6]]
    out = engine.correlate2d(DECK4_PAD_X, DECK4_PAD_K, padding="same", bias=1)
    np.testing.assert_array_equal(out, same)
    taller = [[3, 4, 2, 5], *same, [6, 8, 5, 3]]
    out = engine.correlate2d(DECK4_PAD_X, DECK4_PAD_K, padding=(2, 1), bias=1)
    np.testing.assert_array_equal(out, taller)
    padded = engine.pad(DECK4_PAD_X, (2, 1))
    assert padded.shape == (8, 6)  # "Shape: 8 x 6"
    trace = engine.trace_correlate2d(DECK4_PAD_X, DECK4_PAD_K, padding=(2, 1), bias=1)
    assert trace.padding == ((2, 2), (1, 1))
    assert trace[0].inputs == (0, 0, 0, 0, 0, 0, 0, 2, 3)
    assert trace[0].text == "1*0 + 1*0 + 1*0 + 1*0 + 1*0 + 1*0 + 0*0 + 1*2 + 0*3 + 1 = 3"
    assert trace[5].value == 8 and trace[5].window == (slice(1, 4, 1), slice(1, 4, 1))


def test_deck4_stride_1_and_stride_2() -> None:
    stride1 = [[10, 10, 13, 15], [10, 12, 14, 15], [11, 12, 16, 17], [12, 16, 14, 16]]
    np.testing.assert_array_equal(engine.correlate2d(DECK4_STRIDE_X, DECK4_PAD_K, bias=1), stride1)
    np.testing.assert_array_equal(
        engine.correlate2d(DECK4_STRIDE_X, DECK4_PAD_K, stride=2, bias=1), [[10, 13], [11, 16]]
    )


def test_deck4_padding_1_with_stride_2_2() -> None:
    x = [[0, 3, 1, 1], [3, 1, 2, 0], [3, 4, 2, 3], [3, 0, 0, 2]]
    out = engine.correlate2d(x, DECK4_PAD_K, padding=1, stride=(2, 2), bias=1)
    np.testing.assert_array_equal(out, [[7, 8], [15, 13]])
    trace = engine.trace_correlate2d(x, DECK4_PAD_K, padding=1, stride=(2, 2), bias=1)
    assert [step.window for step in trace][3] == (slice(2, 5, 1), slice(2, 5, 1))


def test_deck4_exercise_conv_with_bias_2() -> None:
    out = engine.correlate2d(DECK4_X[:4], [[1, 1, 0], [1, 0, 0], [0, 0, 0]], bias=2)
    np.testing.assert_array_equal(out, [[6, 9, 7, 10], [6, 10, 6, 10]])


def test_deck4_max_pool_2d_default_stride_and_stride_1_2() -> None:
    np.testing.assert_array_equal(engine.pool2d(DECK4_POOL_X, 2), [[3, 3, 3], [4, 4, 4], [4, 4, 4]])
    expected = [[3, 3, 3], [3, 4, 1], [4, 4, 4], [4, 3, 4], [4, 4, 4]]
    np.testing.assert_array_equal(engine.pool2d(DECK4_POOL_X, 2, stride=(1, 2)), expected)


def test_deck4_max_pool_1d_pools_each_row() -> None:
    expected = [[3, 3], [3, 1], [4, 1], [4, 4], [3, 3], [4, 4]]
    np.testing.assert_array_equal(engine.pool1d(DECK4_POOL_X, 3, stride=3), expected)
    trace = engine.trace_pool1d(DECK4_POOL_X, 3, stride=3)
    assert trace.output_shape == (6, 2)
    assert trace[3].out == (1, 1)
    assert trace[3].text == "max(1, 1, 0) = 1"
    assert trace[3].window == (slice(1, 2), slice(3, 6))
    assert trace[3].winner == (1, 3)


def test_deck4_avg_pool_2d_3x2_stride_2_prints_one_decimal() -> None:
    out = engine.pool2d(DECK4_POOL_X, (3, 2), stride=2, mode="avg")
    assert grid_text(out, NumberFormat(1), rows=" / ") == "2 1.7 0.8 / 1.8 1.7 1.3"
    first = engine.trace_pool2d(DECK4_POOL_X, (3, 2), stride=(2, 2), mode="avg")[0]
    assert first.text == "avg(3, 2, 0, 3, 3, 1) = 2"
    assert first.divisor == 6


def test_deck4_avg_pool_1d_prints_fixed_one_decimal() -> None:
    out = engine.pool1d(DECK4_POOL_X, 3, stride=3, mode="avg")
    expected = "2.0 1.0 / 2.0 0.7 / 2.7 0.7 / 2.3 1.7 / 1.3 1.0 / 3.7 3.3"
    assert grid_text(out, NumberFormat(1, fixed=True), rows=" / ") == expected
    step = engine.trace_pool1d(DECK4_POOL_X, 3, mode="avg", fmt=NumberFormat(1))[6]
    assert step.out == (3, 0)
    assert step.text == "avg(2, 4, 1) = 2.3"
    first = engine.trace_pool1d(DECK4_POOL_X, 3, mode="avg", fmt=NumberFormat(1, fixed=True))[0]
    assert first.text == "avg(3.0, 2.0, 1.0) = 2.0"  # the slide's 2.0; pooled terms are map values


def test_deck4_flatten_3x2() -> None:
    np.testing.assert_array_equal(engine.flatten([[2, 4], [3, 1], [3, 4]]), [2, 4, 3, 1, 3, 4])


GRAYSCALE = [
    [0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 43, 43, 0, 0],
    [0, 30, 250, 230, 125, 251, 0],
    [0, 191, 38, 0, 0, 81, 0],
    [0, 241, 0, 35, 119, 250, 0],
    [0, 49, 193, 198, 83, 0, 0],
    [0, 0, 0, 0, 0, 0, 0],
]


def test_deck4_grayscale_max_pool() -> None:
    expected = [[0, 43, 43], [191, 250, 251], [241, 198, 250]]
    np.testing.assert_array_equal(engine.pool2d(GRAYSCALE, 2), expected)


def test_deck4_grayscale_edges_where_the_slide_is_right() -> None:
    out = engine.correlate2d(GRAYSCALE, VERTICAL)
    assert out.shape == (5, 5)
    # The slide's first row and last column are right ...
    np.testing.assert_array_equal(out[0], [-250, -243, 82, 22, 168])
    np.testing.assert_array_equal(out[:, 4], [168, 168, 244, 202, 202])
    # ... but several inner cells are not: at (1, 1) the slide prints 34. Its own window says
    # (0 + 30 + 191) - (43 + 230 + 0) = -52.
    step = engine.trace_correlate2d(GRAYSCALE, VERTICAL)[6]
    assert step.out == (1, 1)
    assert step.inputs == (0, 0, 43, 30, 250, 230, 191, 38, 0)
    assert step.value == -52
