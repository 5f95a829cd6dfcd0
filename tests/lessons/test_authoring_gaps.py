"""Format gaps closed: count_include_pad, per-side pooling padding, 3-D refused, and ``source:``.

Every expected value comes from torch (``F.avg_pool2d``, ``F.max_pool2d`` after ``F.pad``).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from lesson_helpers import write

from lessons import LessonError, load_text
from lessons.playback import prepare
from lessons.verify import verify_lesson

HEAD = """\
id: gaps
title: Gaps
summary: Scenes that use the new keys.
scenes:
"""

GRID = np.arange(1, 26, dtype=np.float64).reshape(5, 5) * np.array([1, -1, 2, 0.5, 3])


def _rows(array: np.ndarray) -> str:
    return (
        "[" + ", ".join("[" + ", ".join(repr(float(v)) for v in row) + "]" for row in array) + "]"
    )


def _scene(**keys: object) -> str:
    lines = ["  - kind: pool2d", f"    input: {_rows(GRID)}"]
    lines += [f"    {key}: {value}" for key, value in keys.items()]
    return HEAD + "\n".join(lines) + "\n"


def _computed(text: str) -> np.ndarray:
    lesson = load_text(text)
    playback = prepare(lesson.scenes[0])
    assert playback.output is not None
    return np.asarray(playback.output)


@pytest.mark.parametrize("include", [True, False])
@pytest.mark.parametrize(("size", "stride", "padding"), [(2, 2, 1), (3, 1, 1), (3, 2, [1, 0])])
def test_count_include_pad_matches_torch(
    include: bool, size: int, stride: int, padding: int | list[int]
) -> None:
    pad = tuple(padding) if isinstance(padding, list) else padding
    want = F.avg_pool2d(
        torch.tensor(GRID)[None, None], size, stride, padding=pad, count_include_pad=include
    )[0, 0].numpy()
    text = _scene(
        size=size, stride=stride, padding=padding, mode="avg",
        count_include_pad=str(include).lower(),
    )  # fmt: skip
    np.testing.assert_allclose(_computed(text), want)


@pytest.mark.parametrize("mode", ["max", "avg"])
@pytest.mark.parametrize("sides", [((1, 0), (1, 0)), ((0, 1), (1, 1)), ((1, 1), (0, 1))])
def test_per_side_pool_padding_matches_torch(mode: str, sides: tuple[tuple[int, int], ...]) -> None:
    (top, bottom), (left, right) = sides
    fill = float("-inf") if mode == "max" else 0.0
    padded = F.pad(torch.tensor(GRID)[None, None], (left, right, top, bottom), value=fill)
    pool = F.max_pool2d if mode == "max" else F.avg_pool2d
    want = pool(padded, 2, 2)[0, 0].numpy()
    text = _scene(size=2, padding=[list(side) for side in sides], mode=mode)
    np.testing.assert_allclose(_computed(text), want)


def test_pool1d_count_include_pad_and_sides_match_torch() -> None:
    row = torch.tensor([[1.0, 2.0, 3.0, 4.0, 5.0]], dtype=torch.float64)
    want = F.avg_pool1d(row, 2, 2, padding=1, count_include_pad=False)[0].numpy()
    text = HEAD + (
        "  - kind: pool1d\n    input: [1, 2, 3, 4, 5]\n    size: 2\n    padding: 1\n"
        "    mode: avg\n    count_include_pad: false\n"
    )
    np.testing.assert_allclose(_computed(text), want)
    want = F.max_pool1d(F.pad(row, (0, 1), value=float("-inf")), 2, 2)[0].numpy()
    text = HEAD + "  - kind: pool1d\n    input: [1, 2, 3, 4, 5]\n    size: 2\n    padding: [0, 1]\n"
    np.testing.assert_allclose(_computed(text), want)


def test_a_count_include_pad_scene_checks_against_its_expect() -> None:
    text = _scene(size=2, stride=2, padding=1, mode="avg", count_include_pad="false")
    want = F.avg_pool2d(torch.tensor(GRID)[None, None], 2, 2, padding=1, count_include_pad=False)
    expect = _rows(want[0, 0].numpy())
    lesson = load_text(text + f"    expect: {expect}\n")
    assert verify_lesson(lesson).ok


@pytest.mark.parametrize(
    ("keys", "message"),
    [
        ({"size": 2, "count_include_pad": "false"}, "count_include_pad is for average pooling"),
        ({"size": 2, "padding": "same"}, "padding of a pooling must be numbers"),
    ],
)
def test_pooling_keys_are_refused_clearly(keys: dict[str, object], message: str) -> None:
    with pytest.raises(LessonError) as info:
        load_text(_scene(**keys))
    assert message in str(info.value) and ":8:" in str(info.value)  # the key after size


def test_pool1d_refuses_two_axes_of_sides() -> None:
    text = (
        HEAD
        + "  - kind: pool1d\n    input: [1, 2, 3]\n    size: 2\n    padding: [[1, 0], [0, 1]]\n"
    )
    with pytest.raises(LessonError, match=r"a number or \[left, right\]"):
        load_text(text)


# ----------------------------------------------------------------------------- source and deck
def test_source_is_shown_with_the_scene_and_deck_is_optional(tmp_path: Path) -> None:
    text = HEAD.replace("scenes:", "source: https://d2l.ai/\nscenes:") + (
        "  - kind: relu\n    input: [[-1, 2]]\n"
        "    source: {title: Dive into Deep Learning, repo: d2l-ai/d2l-en, path: "
        "chapter_convolutional-neural-networks/conv-layer.md, page: 12}\n"
    )
    lesson = load_text(text)
    assert lesson.deck is None
    assert lesson.citation is not None and lesson.citation.text() == "https://d2l.ai/"
    narration = prepare(lesson.scenes[0]).narration
    assert narration.endswith(
        "**Source:** Dive into Deep Learning, d2l-ai/d2l-en: "
        "chapter_convolutional-neural-networks/conv-layer.md, p. 12"
    )


@pytest.mark.parametrize(
    ("deck", "message"),
    [
        ("deck: {file: my-notes.txt, course: X}", "deck file 'my-notes.txt' is not a seed deck"),
        ("source: {author: Nobody}", "a source needs a title, a url or a repo"),
    ],
)
def test_deck_and_source_are_checked(deck: str, message: str, tmp_path: Path) -> None:
    text = HEAD.replace("scenes:", f"{deck}\nscenes:") + "  - kind: text\n"
    with pytest.raises(LessonError) as info:
        load_text(text, write(tmp_path, "x.yaml", text))
    assert message in str(info.value) and "x.yaml:4:" in str(info.value)


# ----------------------------------------------------------------------------- 3-D output sizes
@pytest.mark.parametrize(
    ("size", "kernel", "stride", "padding"),
    [((16, 20, 24), (3, 5, 3), (1, 2, 2), (1, 2, 0)), ((8, 8, 8), (3, 3, 3), (2, 2, 2), (0, 0, 0))],
)
def test_a_3d_output_size_matches_torch_conv3d(
    size: tuple[int, ...],
    kernel: tuple[int, ...],
    stride: tuple[int, ...],
    padding: tuple[int, ...],
) -> None:
    layer = torch.nn.Conv3d(2, 5, kernel, stride, padding)
    want = (*layer(torch.zeros(1, 2, *size)).shape[2:], 5)
    text = HEAD + (
        f"  - kind: output-size\n    dims: 3\n    input_size: {[*size, 2]}\n"
        f"    kernel_size: {list(kernel)}\n    stride: {list(stride)}\n"
        f"    padding: {list(padding)}\n    filters: 5\n"
        f"    expect: {'x'.join(map(str, want))}\n"
    )
    assert verify_lesson(load_text(text)).ok


def test_three_numbers_without_dims_3_are_refused_or_hinted() -> None:
    text = (
        HEAD + "  - kind: output-size\n    input_size: [16, 16, 16]\n    kernel_size: [3, 3, 3]\n"
    )
    with pytest.raises(LessonError, match=r"kernel_size \[3, 3, 3\] has three numbers.*dims: 3"):
        load_text(text)
    want = tuple(torch.nn.Conv3d(1, 1, 3)(torch.zeros(1, 1, 16, 16, 16)).shape[2:])
    text = HEAD + (
        "  - kind: output-size\n    input_size: [16, 16, 16]\n    kernel_size: 3\n"
        f"    expect: {'x'.join(map(str, want))}\n"
    )
    report = verify_lesson(load_text(text))
    assert not report.ok and "add dims: 3" in report.failures[0].hint
