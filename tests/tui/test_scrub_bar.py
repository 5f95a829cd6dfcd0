"""The scrub bar under the board: it shows the step, a click jumps, ``[``/``]`` jump a row."""

from __future__ import annotations

from board_ready import lesson_with_board

from tui.app.app import create_app
from tui.app.widgets.scrub_bar import ScrubBar, step_at, track_position


def test_the_track_maps_steps_to_columns_and_back() -> None:
    for total in (1, 4, 16, 49, 784):
        for width in (10, 33, 70):
            for step in (0, total // 2, total):
                column = track_position(step, total, width)
                assert 0 <= column < width
                assert abs(step_at(column, total, width) - step) <= total / (width - 1) / 2 + 1


async def test_brackets_jump_a_row_of_windows_and_the_bar_follows() -> None:
    # Deck 000's 6×6 input with the 3×3 filter: a 4×4 output, so a row is 4 windows.
    app = create_app(open_lesson=("000-convolution", 1, 0))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_with_board(pilot)
        assert screen.timeline.total == 16
        bar = screen.query_one("#scrub", ScrubBar)
        assert bar.display and (bar.step, bar.total, bar.row) == (0, 16, 4)
        await pilot.press("right_square_bracket")
        assert screen.step == 4
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.step == 12
        await pilot.press("right_square_bracket")
        assert screen.step == 16  # clamped at the last step
        await pilot.press("left_square_bracket")
        assert screen.step == 12 and bar.step == 12
        assert "step 12/16" in str(bar.render())


async def test_a_click_on_the_bar_jumps_to_the_step_under_it() -> None:
    app = create_app(open_lesson=("000-convolution", 1, 0))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_with_board(pilot)
        bar = screen.query_one("#scrub", ScrubBar)
        width = bar._track_width()
        assert width > 10
        # The middle of the track, in the bar's content (after its left padding of 1).
        column = track_position(8, 16, width)
        assert await pilot.click(ScrubBar, offset=(1 + column, 0))
        for _ in range(50):
            if screen.step == 8:
                break
            await pilot.pause()
        assert screen.step == 8
        assert "●" in str(bar.render())


async def test_a_scene_without_steps_has_no_bar() -> None:
    app = create_app(open_lesson=("000-convolution", 0, 0))  # a text scene
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await lesson_with_board(pilot)
        assert screen.timeline.total == 0
        assert not screen.query_one("#scrub", ScrubBar).display
