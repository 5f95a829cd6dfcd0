"""``fixed`` decimals on results only: deck 003 prints its maps as ``1.00`` and ``0.77`` but its
pixels and weights as ``1`` and ``-1``. Every expected text is read from the seed deck."""

from __future__ import annotations

from typing import Any

import pytest
from lesson_helpers import LESSONS_DIR, SEEDS

from lessons import load_text
from lessons.loader import load_file
from lessons.playback import prepare
from lessons.verify import verify_lesson

DECK3 = SEEDS / "003_f20768683df30fba.txt"
XO = LESSONS_DIR / "030-xo.yaml"

pytestmark = pytest.mark.skipif(
    not DECK3.is_file(), reason="the seed decks are not next to this checkout"
)


def slide_rows(after: str, rows: int, *, skip: int = 0) -> list[list[str]]:
    """The ``rows`` rows of numbers the deck prints after the line ``after`` (tab-separated)."""
    lines = DECK3.read_text(encoding="utf-8").splitlines()
    start = lines.index(after) + 1
    found = [line.split() for line in lines[start:] if line.strip()]
    return found[skip : skip + rows]


def xo_scene(title: str) -> Any:
    return next(s for s in load_file(XO).scenes if s.title == title)


def test_the_xo_pooling_scene_prints_the_slides_maps() -> None:
    playback = prepare(xo_scene("Pooling: shrinking the image stack"))
    pooled = slide_rows("max pooling", 4)  # 1.00 0.33 0.55 0.33 / ...
    the_map = slide_rows("max pooling", 7, skip=4)  # the \ map it pools, 0.77 -0.11 ...
    assert playback.output is not None and playback.input is not None
    assert [[playback.format(v) for v in row] for row in playback.output] == pooled
    assert [[playback.format_input(v) for v in row] for row in playback.input] == the_map
    assert playback.trace is not None
    first = the_map[0][:2] + the_map[1][:2]
    assert playback.trace[0].text == f"max({', '.join(first)}) = {pooled[0][0]}"
    assert pooled[0][0] == "1.00"


def test_relu_and_pipeline_pooling_keep_the_zeros() -> None:
    relu = prepare(xo_scene("Rectified linear units: no negatives"))
    assert relu.output is not None
    assert relu.format(float(relu.output[0, 1])) == "0.00"  # ReLU of the slide's -0.11
    assert relu.format(float(relu.output[1, 1])) == "1.00"
    pipeline = prepare(xo_scene("Layers get stacked, then the values vote"))
    pooled = pipeline.stages[2]
    assert pooled.output is not None
    slide = slide_rows("max pooling", 4)
    assert [[pooled.format(v) for v in row] for row in pooled.output[0]] == slide


# A correlation scene with the deck's fixed rule: operands bare, results with two decimals.
FIXED = """\
id: t
title: T
deck: {file: 003_f20768683df30fba.txt, course: C}
summary: S
display: {decimals: 2, mode: truncate, fixed: true}
scenes:
  - kind: correlate2d
    input: |
      -1 -1 -1 -1
      -1  1 -1 -1
      -1 -1  1 -1
      -1 -1 -1  1
    kernel: |2
       1 -1 -1
      -1  1 -1
      -1 -1  1
    divisor: 9
    expect: |
      EXPECT
"""


def test_fixed_correlation_writes_operands_plainly_and_results_fixed() -> None:
    # the top-left 4x4 of deck 003's X: its \ map starts 0.77 -0.11 / -0.11 1.00
    lesson = load_text(FIXED.replace("EXPECT", "0.77 -0.11\n      -0.11 1.00"), "t.yaml")
    playback = prepare(lesson.scenes[0])
    assert playback.trace is not None and playback.output is not None
    assert playback.trace[0].text == (
        "(1*-1 + -1*-1 + -1*-1 + -1*-1 + 1*1 + -1*-1 + -1*-1 + -1*-1 + 1*1) / 9 = 0.77"
    )
    assert playback.trace[3].text.endswith(") / 9 = 1.00")
    the_map = slide_rows("max pooling", 2, skip=4)  # the \ map's first two rows
    assert [[playback.format(v) for v in row] for row in playback.output] == [
        the_map[0][:2],
        the_map[1][:2],
    ]
    assert playback.format_input(-1.0) == "-1" and playback.format_kernel(-1.0) == "-1"
    assert playback.format_input(0.5) == "0.5"  # a non-integer operand keeps its decimals
    assert verify_lesson(lesson).ok


@pytest.mark.parametrize(
    ("expect", "ok"),
    [
        ("0.77 -0.11\n      -0.11 1", True),  # 1 and 1.00 are the same number
        ("0.78 -0.11\n      -0.11 1.00", False),  # rounded, not truncated as the deck does
    ],
)
def test_check_compares_numbers_not_trailing_zeros(expect: str, ok: bool) -> None:
    report = verify_lesson(load_text(FIXED.replace("EXPECT", expect), "t.yaml"))
    assert report.ok is ok
    if not ok:
        assert [str(f).split(": ", 1)[1] for f in report.failures] == ["slide 0.78, computed 0.77"]
