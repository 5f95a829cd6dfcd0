"""Stepped ReLU and transposed convolution in lesson scenes, and ceil-mode windows over the edge."""

from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F
from board_ready import lesson_with_grids
from textual.widget import Widget

from lessons import load_all
from lessons.playback import prepare
from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen

LESSONS = {lesson.id: lesson for lesson in load_all().lessons}


def _text(screen: LessonScreen, selector: str) -> str:
    widget = screen.query_one(selector, Widget)
    return " ".join(widget.render_line(y).text for y in range(widget.size.height))


async def test_relu_steps_one_cell_at_a_time() -> None:
    # Deck 001, "With bias +1, after ReLU": 0 1 0 1 -1 2 0 1 (scene 5).
    app = create_app(open_lesson=("010-conv-layers", 4, 5))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await lesson_with_grids(pilot)
        assert screen.timeline.total == 8
        assert _text(screen, "#arithmetic").startswith("max(0, -1) = 0")
        board = screen.board
        assert board is not None
        output = board.output_grids[0]
        assert output.filled == 5 and output.current == (0, 4)
        window = board.input_grids[0].window
        assert window is not None and list(window.cols) == [4]


async def test_the_transposed_convolution_paints_each_input_cell_and_the_overlaps_sum() -> None:
    scene_index = 11  # 090's "Stride 2, padding 1, output padding 1"
    scene = LESSONS["090-conv-arithmetic"].scenes[scene_index]
    x = torch.tensor(np.asarray(scene.input), dtype=torch.float64)[None, None]
    k = torch.tensor(np.asarray(scene.kernel), dtype=torch.float64)[None, None]
    app = create_app(open_lesson=("090-conv-arithmetic", scene_index, 0))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_with_grids(pilot)
        assert screen.timeline.total == 9  # one step per input cell
        assert "9 input cells to paint" in _text(screen, "#arithmetic")
        for n in (1, 5, 9):
            screen.step = n
            await pilot.pause()
            board = screen.board
            assert board is not None
            # torch on the input with the cells not yet painted at 0: the sums so far.
            mask = (torch.arange(9) < n).reshape(1, 1, 3, 3)
            expected = F.conv_transpose2d(x * mask, k, stride=2, padding=1, output_padding=1)
            np.testing.assert_allclose(board.output_grids[0].values, expected[0, 0].numpy())
            i, j = divmod(n - 1, 3)
            window = board.input_grids[0].window
            assert window is not None and (list(window.rows), list(window.cols)) == ([i], [j])
        painted = board.output_grids[0].window
        assert painted is not None and (list(painted.rows), list(painted.cols)) == (
            [3, 4, 5],
            [3, 4, 5],
        )


async def test_a_ceil_mode_window_over_the_edge_is_drawn_and_said_so() -> None:
    # Deck 003's 7x7 map pooled 2x2, stride 2, ceil_mode: the last window holds only (6, 6).
    scene_index = 8
    total = prepare(LESSONS["030-xo"].scenes[scene_index]).timeline.total
    app = create_app(open_lesson=("030-xo", scene_index, total))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await lesson_with_grids(pilot)
        board = screen.board
        assert board is not None
        window = board.input_grids[0].window
        assert window is not None and window.overhang == (True, True)
        line = "".join(s.text for s in board.input_grids[0]._row_segments(6))
        assert line.rstrip().endswith("»")
        assert "hangs over the edge" in _text(screen, "#arithmetic")
        screen.step = 1
        await pilot.pause()
        first = board.input_grids[0].window
        assert first is not None and first.overhang == (False, False)
