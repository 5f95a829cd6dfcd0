"""The board at the issue's sizes: deck 003's 9x9 X whole at 80x24, and deck 000's 6x6 example in
one row at full cell size with the narration beside it at 160x50."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region

from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen


async def _open(pilot: Any, lesson: str, scene: int, step: int) -> LessonScreen:
    app = pilot.app
    await app.workers.wait_for_complete()
    assert app.open_lesson(lesson, scene=scene, step=step)
    for _ in range(100):  # until the board is mounted, arranged and laid out
        await pilot.pause()
        screen = app.screen
        board = screen.board if isinstance(screen, LessonScreen) else None
        if board is not None and board._ready and all(g.region.height for g in board.input_grids):
            break
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    return screen


async def test_deck_003s_9x9_x_is_whole_at_80x24_without_scrolling(tmp_path: Any) -> None:
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "030-xo", 3, 24)  # the 9x9 X, 24 of 49 windows
        board = screen.board
        assert board is not None
        (grid,) = board.input_grids
        assert grid.shape == (9, 9)
        stage = screen.query_one("#stage")
        assert stage.max_scroll_y == 0  # nothing to scroll to
        assert grid.max_scroll_y == 0 and grid.max_scroll_x == 0
        assert grid.region.height >= 9  # all nine rows drawn
        assert Region(0, 0, 80, 24).contains_region(grid.region)
        assert stage.region.contains_region(grid.region)


async def test_deck_000s_example_sits_in_one_row_at_full_size_at_160x50(tmp_path: Any) -> None:
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(pilot, "000-convolution", 1, 8)
        board = screen.board
        assert board is not None
        assert board.arrangement.mode == "row" and not board.arrangement.compact
        assert not board.focus_mode
        (inputs,), (kernel,), (output,) = (
            board.input_grids,
            board.kernel_grids,
            board.output_grids,
        )
        # side by side: one row, left to right
        assert inputs.region.y == kernel.region.y == output.region.y
        assert inputs.region.right <= kernel.region.x and kernel.region.right <= output.region.x
        # full cells: the window's cells carry their kernel weights as superscripts
        assert any(
            ch in "¹⁰⁻" for y in range(inputs.size.height) for ch in inputs.render_line(y).text
        )
        assert screen.has_class("-beside")  # the narration beside the board
        narration = screen.query_one("#narration-box")
        assert narration.region.x >= output.region.right
