"""The board's size line comes from the scene model (``Playback.formula``, worked out once when the
scene is prepared, from the padding the engine resolved), for scenes and for each pipeline stage.

Expected lines are worked by hand from the output-size rule ⌊(N + 2P − F)/S⌋ + 1 (⌈⌉ in ceil
mode), as deck 002 writes it.
"""

from __future__ import annotations

import pytest

from lessons import LoadResult, load_text
from lessons.playback import prepare
from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen

LESSON = """\
id: formula-lines
title: Formula lines
deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344 Deep Learning}
summary: Size lines of stepped scenes.
scenes:
  - kind: pipeline
    title: One pooling stage
    input: &six |
      3 7 9 1 0 4
      8 1 3 3 3 0
      7 4 6 4 4 6
      4 4 1 9 3 6
      9 8 4 9 4 3
      7 5 2 3 3 1
    stages:
      - kind: pool2d
        size: 2
  - kind: correlate2d
    title: Same padding
    padding: same
    input: *six
    kernel: [[1, 0, -1], [1, 0, -1], [1, 0, -1]]
  - kind: pool2d
    title: Ceil mode
    size: 4
    stride: 4
    ceil_mode: true
    input: *six
  - kind: pipeline
    title: Filter, then pool
    input: *six
    stages:
      - kind: correlate2d
        kernel: [[1, 0, -1], [1, 0, -1], [1, 0, -1]]
      - kind: relu
      - kind: pool2d
        size: 2
  - kind: correlate2d
    title: Rows padded, stride 2
    padding: [1, 0]
    stride: 2
    input: *six
    kernel: [[1, 0, -1], [1, 0, -1], [1, 0, -1]]
"""

SIX_POOLED = "⌊(6 + 2·0 − 2)/2⌋ + 1 = 3"
"""2×2 max pooling, stride 2, over 6 columns: 3 windows."""


def lessons() -> LoadResult:
    return LoadResult(lessons=[load_text(LESSON, "formula-lines.yaml")])


def test_each_stage_carries_its_own_size_formula() -> None:
    scenes = lessons().lessons[0].scenes
    (pooled,) = prepare(scenes[0]).stages
    assert pooled.formula == SIX_POOLED
    # 'same' pads (3 − 1)/2 = 1 on each side: the 6 columns stay 6.
    assert prepare(scenes[1]).formula == "⌊(6 + 2·1 − 3)/1⌋ + 1 = 6"
    # A 4×4 window at stride 4 over 6 cells: ceil mode keeps the partial last window.
    assert prepare(scenes[2]).formula == "⌈(6 + 2·0 − 4)/4⌉ + 1 = 2"
    filtered, relu, pool = prepare(scenes[3]).stages
    assert filtered.formula == "⌊(6 + 2·0 − 3)/1⌋ + 1 = 4"
    assert relu.formula is None  # no windows, no size line
    assert pool.formula == "⌊(4 + 2·0 − 2)/2⌋ + 1 = 2"
    # Rows padded by 1, columns not: the axes differ, so the line gives both.
    assert prepare(scenes[4]).formula == (
        "rows: ⌊(6 + 2·1 − 3)/2⌋ + 1 = 3; columns: ⌊(6 + 2·0 − 3)/2⌋ + 1 = 2"
    )


@pytest.mark.parametrize(
    ("scene", "step", "line"),
    [
        (0, 1, f"size: {SIX_POOLED}"),  # a one-stage pipeline: the stage's own numbers
        (1, 1, "size: ⌊(6 + 2·1 − 3)/1⌋ + 1 = 6"),
        (3, 18, "size: ⌊(4 + 2·0 − 2)/2⌋ + 1 = 2"),  # the pool stage, after 16 windows + ReLU
    ],
)
async def test_the_board_shows_the_stage_formula(scene: int, step: int, line: str) -> None:
    app = create_app(lessons=lessons())
    async with app.run_test(size=(100, 32)) as pilot:
        app.open_lesson("formula-lines", scene=scene, step=step)
        for _ in range(2000):  # wait for the board to be mounted and drawn; a safety net only
            screen = app.screen
            board = screen.board if isinstance(screen, LessonScreen) else None
            drawn = board is not None and board.size.width and board.query("#formula")
            if drawn and board is not None and str(board.query_one("#formula").render()):
                break
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.board is not None
        assert str(screen.board.query_one("#formula").render()) == line
