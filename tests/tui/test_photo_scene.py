"""A photograph scene in the stepper: the pictures beside the numbers follow the steps."""

from __future__ import annotations

import pytest
from photo_scene_helpers import BOUND, lesson_screen

from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen
from tui.app.widgets.code_lines import CodeLines
from tui.app.widgets.picture import FillingPicture, Picture
from tui.app.widgets.picture_pane import PicturePane


async def test_the_output_picture_fills_in_with_the_steps_and_a_click_jumps() -> None:
    app = create_app(open_lesson=("060-photographs", 1, 0), fading=False)  # the cameraman
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        screen = await lesson_screen(pilot)
        pane = screen.query_one(PicturePane)
        assert pane.fills and pane.playback.output is not None
        assert pane.playback.output.shape == (126, 126)
        assert screen.query_one(Picture).size.width > 0  # the input, as a picture
        output = screen.query_one(FillingPicture)
        assert output.filled == 0
        for _ in range(3):
            await pilot.press("right")
        assert output.filled == 3 == screen.step
        await pilot.press("end")
        assert output.filled == 126 * 126
        await pilot.click(output, offset=(2, 1))  # shown row 2, column 2: map cell (2k, 2k)
        k = output.k
        for _ in range(BOUND):
            if screen.step == 2 * k * 126 + 2 * k + 1:
                break
            await pilot.pause()
        assert screen.step == 2 * k * 126 + 2 * k + 1
        assert output.filled == screen.step


async def test_a_small_grid_gets_no_pictures() -> None:
    app = create_app(open_lesson=("000-convolution", 1, 0), fading=False)  # the 6x6 grid
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        for _ in range(BOUND):
            screen = app.screen
            if isinstance(screen, LessonScreen) and screen.board is not None:
                break
            await pilot.pause()
        assert not app.screen.query(PicturePane)


@pytest.mark.parametrize("size", [(120, 40), (160, 50)], ids=["120x40", "160x50"])
@pytest.mark.parametrize("scene", [1, 5], ids=["vertical-edges", "gradient-magnitude"])
async def test_the_arithmetic_under_a_stacked_photo_board_stays_on_screen(
    scene: int, size: tuple[int, int]
) -> None:
    # The input and output views stack; at 16 rows each they pushed the arithmetic line under
    # them below the board column's visible part, so a step's sum could not be read.
    app = create_app(open_lesson=("060-photographs", scene, 0), fading=False)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        screen = await lesson_screen(pilot)
        await pilot.press("right")
        arithmetic = screen.query_one("#arithmetic", CodeLines)
        for _ in range(BOUND):  # until the step's arithmetic is written
            if "=" in str(arithmetic.render()):
                break
            await pilot.pause()
        region = arithmetic.region
        assert region.height >= 1 and region.bottom <= size[1]
        shown, _ = screen.get_widget_at(region.x, region.y)
        assert shown is arithmetic  # drawn there, not clipped under the narration or scrolled off


@pytest.mark.parametrize("size", [(120, 40), (160, 50)], ids=["120x40", "160x50"])
async def test_a_photo_scene_builds_its_board_once(
    size: tuple[int, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The board was built for the whole stage, then again a frame later beside the pictures.

    Building a 128x128 board twice was most of the second it took to open the scene; the lesson
    screen now gives the board the width the pictures leave it before either is built.
    """
    from tui.app.widgets.board import Board

    built: list[int] = []
    compose = Board.compose

    def counting(self: Board) -> object:
        built.append(self._available_width())
        return compose(self)

    monkeypatch.setattr(Board, "compose", counting)
    app = create_app(open_lesson=("060-photographs", 1, 0), fading=False)
    async with app.run_test(size=size) as pilot:
        await app.workers.wait_for_complete()
        screen = await lesson_screen(pilot)
        for _ in range(BOUND):  # until the board has its place and has drawn the first step
            await pilot.pause()
            if screen.board is not None and screen.board._ready and screen.board.size.width:
                break
        await pilot.pause()
        assert screen.board is not None
        assert len(built) == 1, built
        # built for about the width it has (a scrollbar's columns may differ)
        assert abs(built[0] - screen.board.outer_size.width) <= 3
