"""A 28x28 input (MNIST's size) shows as a zoomed view that follows the window, pans with keys,
and says in its title which rows and columns are in view."""

from __future__ import annotations

from pathlib import Path

import pytest
from board_ready import lesson_with_grids

from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen
from tui.app.widgets.panel import Panel

BIG = Path(__file__).resolve().parent / "lesson_files" / "big"


def _title(screen: LessonScreen, panel: str) -> str:
    return str(screen.query_one(panel, Panel)._title)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
async def test_the_view_follows_the_window(size: tuple[int, int]) -> None:
    app = create_app(lesson_dirs=[BIG], open_lesson=("fixture-big", 0, 300))
    async with app.run_test(size=size) as pilot:
        screen = await lesson_with_grids(pilot)
        board = screen.board
        assert board is not None
        grid = board.input_grids[0]
        assert grid.shape == (28, 28) and grid.zoomed
        for step in (300, 1, 676, 400):
            screen.step = step
            await pilot.pause()
            await pilot.pause()
            window = grid.window
            assert window is not None
            rows, cols = grid.visible_cells()
            assert set(window.rows) <= set(rows) and set(window.cols) <= set(cols)
            title = _title(screen, "#input-panel")
            first_row = rows[0] + 1
            assert f"{first_row}-" in title  # the title says where the view is
            output = board.output_grids[0]
            assert output.current is not None
            out_rows, out_cols = output.visible_cells()
            assert output.current[0] in out_rows and output.current[1] in out_cols


async def test_shift_arrows_pan_the_view_and_the_next_step_brings_the_window_back() -> None:
    app = create_app(lesson_dirs=[BIG], open_lesson=("fixture-big", 0, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await lesson_with_grids(pilot)
        board = screen.board
        assert board is not None
        grid = board.input_grids[0]
        _, cols = grid.visible_cells()
        assert cols[0] == 0
        before = _title(screen, "#input-panel")
        await pilot.press("shift+right")
        _, cols = grid.visible_cells()
        assert cols[0] == 4
        assert _title(screen, "#input-panel") != before
        await pilot.press("shift+down")
        rows, _ = grid.visible_cells()
        assert rows[0] == 4
        await pilot.press("right")  # step 2: the window (rows 1-3, cols 2-4) back in view
        await pilot.pause()
        rows, cols = grid.visible_cells()
        assert 0 in rows and 1 in cols


async def test_the_view_stays_put_and_pages_when_the_window_would_leave_it() -> None:
    """The numbers hold still while the window walks across the view; when it would leave, the
    view jumps once, and the window opens one cell in from the left edge (the cell it left
    stays in sight). Scrolling at every step moved every number on every step."""
    app = create_app(lesson_dirs=[BIG], open_lesson=("fixture-big", 0, 1), fading=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_with_grids(pilot)
        board = screen.board
        assert board is not None
        grid = board.input_grids[0]
        _, cols = grid.visible_cells()
        assert cols[0] == 0 and len(cols) < 28  # a view of the 28 columns
        firsts = [cols[0]]
        for step in range(2, 27):  # the first row of windows: columns 1-3 ... 24-26
            await pilot.press("right")
            window = grid.window
            assert window is not None and window.cols[0] == step - 1
            _, cols = grid.visible_cells()
            assert set(window.cols) <= set(cols)  # the window is always in view
            if cols[0] != firsts[-1]:  # a page: one cell of context left of the window
                assert cols[0] == window.cols[0] - 1 or cols[-1] == 27
            firsts.append(cols[0])
        pages = len(set(firsts))
        assert 2 <= pages <= 6  # 26 windows in a view of 9 to 12 columns: a page every 6 or more


@pytest.mark.parametrize("size", [(120, 40), (160, 50)])
async def test_the_arithmetic_is_on_screen_under_side_by_side_zoomed_grids(
    size: tuple[int, int],
) -> None:
    """At 120x40 the zoomed grids took the tall stylesheet's 30 rows and pushed the arithmetic
    line under them out of the board column: the current window's sum was nowhere on screen."""
    app = create_app(lesson_dirs=[BIG], open_lesson=("fixture-big", 0, 5), fading=False)
    async with app.run_test(size=size) as pilot:
        screen = await lesson_with_grids(pilot)
        board = screen.board
        assert board is not None and not board.stacked
        arithmetic = screen.query_one("#arithmetic")
        visible = screen._compositor.visible_widgets
        assert arithmetic in visible
        region, clip = visible[arithmetic]
        assert clip.contains_region(region)  # the whole line, not clipped by the stage
        scrub = screen.query_one("#scrub")
        assert region.bottom <= scrub.region.y
        # window 5 of the 28x28 seven: columns 5-7 of rows 1-3 are all zero
        text = "\n".join(strip.text for strip in screen._compositor.render_strips())
        assert "= 0" in text
