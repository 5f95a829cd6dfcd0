"""The playground's headless model: grids, presets, states, saving as a lesson."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from lessons import load_all, load_text
from lessons.loader.errors import LessonError
from lessons.playback import prepare
from lessons.playground import (
    GridError,
    PlaygroundError,
    PlayState,
    lesson_yaml,
    parse_cli_grid,
    parse_param,
    preset,
)
from lessons.playground.state import apply, edge_contrast
from lessons.verify import verify_lesson

SEEDS = Path("/work/shared/seeds")
ROOT = Path(__file__).resolve().parents[2]
DECK_000 = [
    [3, 7, 9, 1, 0, 4],
    [8, 1, 3, 3, 3, 0],
    [7, 4, 6, 4, 4, 6],
    [4, 4, 1, 9, 3, 6],
    [9, 8, 4, 9, 4, 3],
    [7, 5, 2, 3, 3, 1],
]


def example() -> PlayState:
    return PlayState.example()


# ---------------------------------------------------------------- grids
def test_grid_rows_channels_and_one_row() -> None:
    assert parse_cli_grid("3 7 9; 8 1 3; 7 4 6").tolist() == [[3, 7, 9], [8, 1, 3], [7, 4, 6]]
    assert parse_cli_grid("1,0,-1").tolist() == [1, 0, -1]
    assert parse_cli_grid("1 2; 3 4;; 5 6; 7 8").shape == (2, 2, 2)
    assert parse_cli_grid("1/2 −3").tolist() == [0.5, -3]


@pytest.mark.parametrize(
    ("text", "words"),
    [("1 2; 3", "row 2"), ("", "empty"), ("1 x", "x")],
)
def test_bad_grids_name_the_problem(text: str, words: str) -> None:
    with pytest.raises(GridError) as error:
        parse_cli_grid(text)
    assert words in str(error.value)
    assert "\n" not in str(error.value)


def test_parameters_as_typed() -> None:
    assert parse_param("2", "stride") == 2
    assert parse_param("2 1", "stride") == [2, 1]
    assert parse_param("SAME", "padding") == "same"
    assert parse_param("[[1, 0], [2, 2]]", "padding") == [[1, 0], [2, 2]]
    with pytest.raises(GridError):
        parse_param("[1, 'a']", "padding")


# ---------------------------------------------------------------- presets
def _seed_grid(deck: str, after: str, rows: int) -> list[list[float]]:
    """Rows of numbers that follow a heading in a seed deck (the slide's own numbers)."""
    text = next(SEEDS.glob(f"{deck}_*.txt")).read_text(encoding="utf-8")
    tail = text[text.index(after) :].splitlines()
    grid = [line.split() for line in tail if re.fullmatch(r"[\d\s.-]+", line.strip() or "x")]
    return [[float(v) for v in row] for row in grid[:rows]]


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed decks are not here")
def test_gaussian_5x5_is_deck_002s() -> None:
    chosen = preset("gaussian-5x5")
    assert chosen.kernel.tolist() == _seed_grid("002", "Gaussian Blur)", 5)
    assert chosen.divisor == 273  # the slide's 1/273


def _kernel_after(heading: str) -> list[list[float]]:
    """The kernel a deck 000 slide prints between its ``*`` and ``=`` after ``heading``."""
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    tail = text[text.index(heading) :]
    between = tail[tail.index("\n*\n") + 3 : tail.index("\n=\n")]
    return [[float(v) for v in line.split()] for line in between.splitlines() if line.strip()]


@pytest.mark.skipif(not SEEDS.exists(), reason="the seed decks are not here")
@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("vertical-edge", "Vertical Edge Detection"),
        ("horizontal-edge", "Horizontal Edge Detection"),
    ],
)
def test_edge_filters_are_deck_000s(name: str, heading: str) -> None:
    assert preset(name).kernel.tolist() == _kernel_after(heading)


def test_presets_match_published_kernels() -> None:
    # Sobel: deck 002 (Gx = [+1 0 -1; +2 0 -2; +1 0 -1], Gy = [+1 +2 +1; 0 0 0; -1 -2 -1]).
    assert preset("sobel-x").kernel.tolist() == [[1, 0, -1], [2, 0, -2], [1, 0, -1]]
    assert preset("sobel-y").kernel.tolist() == [[1, 2, 1], [0, 0, 0], [-1, -2, -1]]
    # Wikipedia, "Kernel (image processing)": sharpen, box blur (1/9), Gaussian 3x3 (1/16).
    assert preset("sharpen").kernel.tolist() == [[0, -1, 0], [-1, 5, -1], [0, -1, 0]]
    assert (preset("box-blur").kernel.sum(), preset("box-blur").divisor) == (9, 9)
    assert preset("gaussian-3x3").kernel.tolist() == [[1, 2, 1], [2, 4, 2], [1, 2, 1]]
    assert preset("gaussian-3x3").divisor == 16
    # Wikipedia, "Prewitt operator"; "Discrete Laplace operator"; GIMP's emboss.
    assert preset("prewitt-x").kernel.tolist() == [[1, 0, -1]] * 3
    assert preset("laplacian").kernel.tolist() == [[0, 1, 0], [1, -4, 1], [0, 1, 0]]
    assert preset("emboss").kernel.tolist() == [[-2, -1, 0], [-1, 1, 1], [0, 1, 2]]
    assert preset("identity").kernel.sum() == 1
    with pytest.raises(KeyError, match="presets: identity"):
        preset("nope")


def test_gaussian_blur_of_a_constant_image_is_that_constant() -> None:
    state = PlayState(np.full((5, 5), 7.0), preset("gaussian-5x5").kernel, divisor=273)
    assert state.build().output.tolist() == [[7.0]]  # 273/273: the weights sum to 1


# ---------------------------------------------------------------- states
def test_example_is_deck_000s_stride_2_slide() -> None:
    built = example().replace(padding=0, stride=2).build()
    assert built.output.tolist() == [[0, 11], [9, 0]]  # deck 000, "Stride of 2"


def test_formula_has_the_numbers() -> None:
    built = example().replace(stride=2, padding=1).build()
    assert built.playback.formula == "⌊(6 + 2·1 − 3)/2⌋ + 1 = 3"


@pytest.mark.parametrize(
    ("changes", "key", "words"),
    [
        ({"stride": 0}, "stride", "0"),
        ({"kernel": np.ones((9, 9))}, "kernel", "does not fit"),
        ({"dilation": 5}, "dilation", "dilation"),
        ({"op": "max-pool", "size": 9}, "size", "9"),
        ({"op": "max-pool", "size": 2, "padding": 2}, "padding", "padding"),
    ],
)
def test_invalid_changes_keep_the_last_valid_state(changes, key, words) -> None:
    built = example().build()
    kept, error = apply(built, **changes)
    assert kept is built
    assert error is not None and error.startswith(f"{key}:") and words in error
    assert "\n" not in error
    with pytest.raises(PlaygroundError):
        built.state.replace(**changes).build()


def test_convolution_flips_the_kernel() -> None:
    x = np.array(DECK_000, dtype=float)
    k = np.array([[1, 2, 0], [0, 0, 0], [0, 0, -1]], dtype=float)
    conv = PlayState(x, k, op="convolve").build().output
    corr = PlayState(x, k[::-1, ::-1].copy()).build().output
    np.testing.assert_array_equal(conv, corr)


def test_ceil_mode_pooling_keeps_the_partial_window() -> None:
    state = PlayState(np.array(DECK_000, dtype=float), op="max-pool", size=3, pool_stride=2)
    assert state.build().output.shape == (2, 2)
    assert state.replace(ceil_mode=True).build().output.shape == (3, 3)  # ⌈(6-3)/2⌉+1


def test_zero_padding_changes_the_windows_whose_real_cells_are_all_negative() -> None:
    # an independent NumPy reference: np.pad with 0 or -inf, then the 2x2 maxima
    x = np.array([[-1.0, 5.0, -3.0], [-4.0, -5.0, -6.0], [-7.0, 2.0, -9.0]])
    state = PlayState(x, op="max-pool", size=2, padding=1)
    for fill, zero in ((-np.inf, False), (0.0, True)):
        padded = np.pad(x, 1, constant_values=fill)
        want = padded[:4, :4].reshape(2, 2, 2, 2).max(axis=(1, 3))
        built = state.replace(zero_pad=zero).build()
        np.testing.assert_array_equal(built.output, want)
        # the stepper's padded cells hold the same value as the padding
        assert built.playback.trace is not None and built.playback.trace.pad_value == fill
    assert edge_contrast(state.build()) == (2, 4)  # the corners (-1 and -9 alone) turn 0
    assert edge_contrast(state.replace(input=x + 10).build()) == (0, 4)
    assert edge_contrast(state.replace(padding=0).build()) is None  # no padding, no policy
    assert "zero padding" in state.replace(zero_pad=True).default_title()


def test_pad_value_is_for_max_pooling_only() -> None:
    text = (
        "id: x\ntitle: X\nsummary: S.\nscenes:\n- kind: pool2d\n  input: [[1, 2], [3, 4]]\n"
        "  size: 2\n  mode: avg\n  pad_value: 0\n"
    )
    with pytest.raises(LessonError, match="pad_value is for max pooling"):
        load_text(text, Path("x.yaml"))
    with pytest.raises(LessonError, match="pad_value must be 0"):
        load_text(text.replace("mode: avg", "mode: max").replace("0\n", "2\n"), Path("x.yaml"))


def test_full_padding_is_f_minus_1() -> None:
    built = example().replace(padding="full").build()
    assert built.output.shape == (8, 8)
    assert built.playback.pad == ((2, 2), (2, 2))


def test_every_lesson_scene_opens_in_the_playground_with_its_output() -> None:
    opened = 0
    for lesson in load_all().lessons:
        for scene in lesson.scenes:
            try:
                built = PlayState.from_scene(scene).build()
            except PlaygroundError:
                assert scene.kind in {
                    "text",
                    "output-size",
                    "param-count",
                    "pipeline",
                    "pad",
                    "gradient-magnitude",  # two kernels at once: no single playground op
                    "flatten",
                    "backward",  # a gradient, not a forward grid to play with
                }
                continue
            np.testing.assert_array_equal(built.output, prepare(scene).output)
            opened += 1
    assert opened > 20


# ---------------------------------------------------------------- saving
@pytest.mark.parametrize(
    "state",
    [
        PlayState.example(),
        PlayState.example().replace(stride=[2, 1], padding=[[1, 0], [0, 2]], bias=1),
        PlayState.example().replace(kernel=preset("gaussian-5x5").kernel, divisor=273, padding=2),
        PlayState.example().replace(op="convolve", kernel=preset("sobel-y").kernel),
        PlayState.example().replace(
            op="max-pool", size=3, pool_stride=2, ceil_mode=True, padding=0
        ),
        PlayState.example().replace(op="avg-pool", size=2, padding=1),
        PlayState(-np.arange(1.0, 17.0).reshape(4, 4), op="max-pool", padding=1, zero_pad=True),
        PlayState.example().replace(op="transposed", kernel=np.ones((2, 2)), stride=2, padding=0),
        PlayState.example().replace(op="relu", input=np.array([[-3, 2], [0, -1]])),
        PlayState(np.arange(8.0) - 4, np.array([1.0, -1.0]), stride=2),
        PlayState(np.arange(18.0).reshape(2, 3, 3), np.ones((2, 2, 2))),
        PlayState(np.arange(9.0).reshape(3, 3), np.ones((2, 2, 2)), bias=[1, 2]),
    ],
    ids=lambda s: s.default_title(),
)
def test_saved_lesson_round_trips(state: PlayState, tmp_path: Path) -> None:
    built = state.build()
    path = tmp_path / "015-mine.yaml"
    path.write_text(lesson_yaml(built, lesson_id="015-mine"), encoding="utf-8")
    lesson = load_text(path.read_text(encoding="utf-8"), path)
    np.testing.assert_array_equal(prepare(lesson.scenes[0]).output, built.output)
    report = verify_lesson(lesson)
    assert report.ok, [str(f) for f in report.failures]
    assert [item.id for item in load_all([tmp_path]).lessons].count("015-mine") == 1


def test_receptive_formula_matches_distill() -> None:
    from lessons.playground.layers import LayerSize, receptive_formula

    # Distill (Araujo et al. 2019): r0 = 1 + Σ (k_l − 1)·∏_{i<l} s_i; 3 conv 3x3 of stride 1
    # see 7x7, and a 2x2/2 pool between them doubles the later ones' reach.
    three = [LayerSize(3, 1, 0, 1)] * 3
    assert receptive_formula(three).startswith("r = 1 + (3 − 1)·1 + (3 − 1)·1 + (3 − 1)·1·1 = 7")
    pooled = [LayerSize(3, 1, 0, 1), LayerSize(2, 2, 0, 1), LayerSize(3, 1, 0, 1)]
    assert "= 8;" in receptive_formula(pooled)
    dilated = [LayerSize(3, 1, 0, 2)]  # span 2·(3 − 1) + 1 = 5
    assert "= 5;" in receptive_formula(dilated)


def test_stacked_layers_save_and_round_trip(tmp_path: Path) -> None:
    from lessons.playground.layers import Layer

    state = PlayState.example().replace(
        layers=(Layer("relu"), Layer("correlate", kernel=np.ones((2, 2)), stride=2))
    )
    built = state.build()
    path = tmp_path / "020-stack.yaml"
    path.write_text(lesson_yaml(built, lesson_id="020-stack"), encoding="utf-8")
    lesson = load_text(path.read_text(encoding="utf-8"), path)
    assert lesson.scenes[0].kind == "pipeline"
    np.testing.assert_array_equal(prepare(lesson.scenes[0]).output, built.output)
    assert verify_lesson(lesson).ok
