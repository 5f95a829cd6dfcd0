"""Pilot tests: every key of the lesson stepper, the mouse click, animation and resizing."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from stepper_lesson import DECK000_INPUT, LESSON_ID, VERTICAL
from textual.command import CommandList, CommandPalette

import engine
from tui.app.app import CnnTutorApp
from tui.app.screens.help import HelpScreen
from tui.app.screens.home import HomeScreen
from tui.app.screens.lesson import SPEEDS, LessonScreen
from tui.app.widgets.grid import GridView

AppFactory = Callable[..., CnnTutorApp]
SIZE = (100, 30)


async def open_lesson(
    app: CnnTutorApp, pilot: object, scene: int = 0, step: int = 0
) -> LessonScreen:
    app.open_lesson(LESSON_ID, scene=scene, step=step)
    await pilot.pause()  # type: ignore[attr-defined]
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    await until(pilot, lambda: board_laid_out(screen))
    return screen


def board_laid_out(screen: LessonScreen) -> bool:
    """Whether the board has its grids mounted and sized (a busy machine takes a while)."""
    board = screen.board
    return (
        board is not None
        and bool(board.output_grids)
        and all(grid.region.width > 0 for grid in board.output_grids if grid.display)
    )


async def until(pilot: object, condition: Callable[[], bool], timeout: float = 120) -> None:
    """Wait for ``condition`` (the timeout is only a safety net)."""
    waited = 0
    while not condition():
        await pilot.pause()  # type: ignore[attr-defined]
        waited += 1
        assert waited < timeout * 100, "timed out waiting"


def palette_offers(app: CnnTutorApp, text: str) -> bool:
    """Whether the command palette is open with ``text`` in its highlighted command."""
    palette = app.screen
    if not isinstance(palette, CommandPalette):
        return False
    option = palette.query_one(CommandList).highlighted_option
    return option is not None and text.casefold() in str(option.prompt).casefold()


def output_grid(screen: LessonScreen) -> GridView:
    assert screen.board is not None
    return screen.board.output_grids[0]


async def test_right_and_l_step_forward_left_and_h_step_back(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        assert screen.step == 0
        await pilot.press("right")
        assert screen.step == 1
        await pilot.press("l", "l")
        assert screen.step == 3
        await pilot.press("left")
        assert screen.step == 2
        await pilot.press("h", "h", "h")  # stops at 0
        assert screen.step == 0


async def test_step_shows_the_slides_first_window(stepper_app: AppFactory) -> None:
    """Deck 000, first window: the text and the superscript weights as the slide prints them."""
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        await pilot.press("right")
        await pilot.pause()
        assert screen.board is not None
        text = str(screen.board.query_one("#arithmetic").render())
        assert text == "1*3 + 0*7 + -1*9 + 1*8 + 0*1 + -1*3 + 1*7 + 0*4 + -1*6 = 0"
        first_row = screen.board.input_grids[0].render_line(0).text
        # The slide: "¹ 3	⁰ 7	⁻¹ 9	1	0	4"
        assert first_row.split() == ["[", "¹3", "⁰7", "⁻¹9]", "1", "0", "4"]
        out = output_grid(screen)
        assert out.render_line(0).text.split() == ["[", "0]", "·", "·", "·"]


async def test_home_and_end_jump_to_first_and_last_step(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        await pilot.press("end")
        assert screen.step == 16  # 6x6 input, 3x3 kernel: a 4x4 output
        out = output_grid(screen)
        # The slide's finished output, row by row (deck 000).
        assert out.render_line(0).text.split() == ["0", "4", "11", "-2"]
        await pilot.press("home")
        assert screen.step == 0
        assert out.render_line(0).text.split() == ["·", "·", "·", "·"]


async def test_space_plays_and_pauses_and_speed_keys(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        start_speed = screen.speed
        await pilot.press("plus")
        assert screen.speed == start_speed + 1
        await pilot.press("minus", "minus")
        assert screen.speed == start_speed - 1
        for _ in range(len(SPEEDS)):
            await pilot.press("plus")
        assert screen.speed == len(SPEEDS) - 1  # clamped at the fastest
        await pilot.press("space")
        assert screen.playing
        await until(pilot, lambda: screen.step > 0)  # the timer ticks, however late
        await pilot.press("space")
        assert not screen.playing
        paused_at = screen.step
        await pilot.pause(0.3)  # time for a tick that must not come
        assert screen.step == paused_at


async def test_animation_stops_at_the_last_step(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot, step=14)
        screen.speed = len(SPEEDS) - 1
        await pilot.press("space")
        await until(pilot, lambda: not screen.playing)
        assert screen.step == 16


async def test_n_and_p_change_scene_and_r_restarts(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        await pilot.press("right", "right")
        await pilot.press("n")
        assert (screen.scene, screen.step) == (1, 0)
        await pilot.press("p")
        assert (screen.scene, screen.step) == (0, 0)
        await pilot.press("p")  # stays on the first scene
        assert screen.scene == 0
        await pilot.press("right", "right", "right", "r")
        assert screen.step == 0
        assert not screen.playing


async def test_escape_goes_back_and_q_quits(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lesson(app, pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_question_mark_opens_help_listing_every_key(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=(100, 50)) as pilot:
        await open_lesson(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.text
        for key in ("→/l", "←/h", "space", "+", "-", "home", "end", "n", "p", "r", "escape"):
            assert f" {key} " in text, key
        for key in ("ctrl+p", "?", "q", "click an output cell", "/", "enter"):
            assert key in text, key
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LessonScreen)


async def test_ctrl_p_opens_the_palette_and_jumps_to_a_scene(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Max pooling")
        await until(pilot, lambda: palette_offers(app, "Max pooling"))  # the search is a worker
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.scene == 2


async def test_palette_toggles_the_theme(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        before = app.theme
        await pilot.press("ctrl+p")
        await pilot.press(*"Toggle theme")
        await until(pilot, lambda: palette_offers(app, "Toggle theme"))
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme != before
        assert {before, app.theme} == {"textual-dark", "textual-light"}


async def test_clicking_an_output_cell_jumps_to_its_step(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot)
        out = output_grid(screen)
        width = out.cell_width + 1
        # Row 2, column 3 of the 4x4 output is step 2*4 + 3 + 1 = 12.
        await pilot.click(out, offset=(3 * width + 1, 2))
        await pilot.pause()
        assert screen.step == 12
        step = engine.trace_correlate2d(DECK000_INPUT, VERTICAL)[11]
        assert step.out == (2, 3)
        text = str(screen.board.query_one("#arithmetic").render())  # type: ignore[union-attr]
        assert text == step.text
        # The first cell.
        await pilot.click(out, offset=(1, 0))
        await pilot.pause()
        assert screen.step == 1


async def test_click_on_a_multichannel_second_map(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_lesson(app, pilot, scene=4)
        assert screen.board is not None
        second = screen.board.output_grids[1]
        await until(pilot, lambda: second.region.width > 0)
        assert await pilot.click(second, offset=(1, 0))
        # 2 kernels over a 3x3 output each: the second map's first cell is step 10.
        await until(pilot, lambda: screen.step != 0)
        assert screen.step == 10
        text = str(screen.board.query_one("#partials").render())
        assert text.startswith("per channel: ch1 ")


async def test_narrow_terminal_shows_one_output_map_at_a_time(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=(200, 40)) as pilot:
        screen = await open_lesson(app, pilot, scene=4)
        board = screen.board
        assert board is not None and not board.focus_mode
        await pilot.resize_terminal(80, 24)  # too narrow for both maps: the board re-arranges
        await pilot.pause()
        await pilot.pause()
        assert board.focus_mode and callable(board.focus)  # Widget.focus() not shadowed
        first, second = board.output_grids
        assert first.display and not second.display
        # Re-arranging for the narrow terminal keeps the formula: 4x4 input, 2x2 kernel.
        formula = str(board.query_one("#formula").render())
        assert formula == "size: ⌊(4 + 2·0 − 2)/1⌋ + 1 = 3"
        await pilot.press("end")  # the last step is in the second map
        await pilot.pause()
        assert second.display and not first.display
        assert "map 2 of 2" in str(board.query_one("#output-panel .panel-title").render())
        await pilot.click(second, offset=(1, 0))
        await pilot.pause()
        assert screen.step == 10


async def test_resizing_during_animation_never_crashes(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot, scene=3)  # the 28x28 scene
        screen.speed = len(SPEEDS) - 1
        await pilot.press("space")
        for width, height in [(80, 24), (40, 10), (160, 50), (61, 17), (30, 5), (120, 40)]:
            await pilot.resize_terminal(width, height)
        await until(pilot, lambda: app.screen is screen and screen.step > 0)
        assert screen.playing


async def test_big_grid_scrolls_to_keep_the_window_in_view(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_lesson(app, pilot, scene=3)
        await pilot.press("end")
        await pilot.pause()
        assert screen.board is not None
        grid = screen.board.input_grids[0]
        assert grid.size.width < grid.virtual_size.width  # it does not fit: it scrolls
        assert grid.scroll_offset.x > 0 and grid.scroll_offset.y > 0
        # The last window's brackets are in view.
        visible = "".join(grid.render_line(y).text for y in range(grid.size.height))
        assert "[" in visible and "]" in visible


async def test_max_pool_marks_the_winner(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot, scene=2)
        await pilot.press("right")
        assert screen.board is not None
        grid = screen.board.input_grids[0]
        # Deck 000's 2x2 max pooling: max(3, 7, 8, 1) = 8, the 8 at row 1, column 0.
        assert grid.winner == (1, 0)
        text = str(screen.board.query_one("#arithmetic").render())
        assert text == "max(3, 7, 8, 1) = 8"


async def test_position_and_seen_are_saved(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lesson(app, pilot, scene=1)
        await pilot.press("right", "right", "right")
        await pilot.press("escape")
        await pilot.pause()
        assert app.store.last_position() == (LESSON_ID, 1, 3)
        assert app.store.lesson_status() == {LESSON_ID: "seen"}


async def test_the_lesson_is_done_once_every_scene_was_stepped_to_its_end(
    stepper_app: AppFactory,
) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        scenes = len(app.lessons.lessons[0].scenes)
        screen = await open_lesson(app, pilot)
        for scene in range(scenes):
            assert app.store.lesson_status() == {LESSON_ID: "seen"}
            await until(pilot, lambda s=scene: screen.scene == s)  # type: ignore[misc]
            await pilot.press("end")
            await pilot.pause()
            assert scene in app.store.scenes_finished(LESSON_ID)
            await pilot.press("n")
        assert app.store.lesson_status() == {LESSON_ID: "done"}


async def test_pressing_n_through_the_scenes_does_not_finish_the_lesson(
    stepper_app: AppFactory,
) -> None:
    """The reported bug: the lesson was marked done after only pressing n through it."""
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        scenes = len(app.lessons.lessons[0].scenes)
        screen = await open_lesson(app, pilot)
        for _ in range(scenes):
            await pilot.press("n")
            await pilot.pause()
        assert screen.scene == scenes - 1
        await pilot.press("end")  # even finishing the last scene is not the whole lesson
        await pilot.pause()
        assert app.store.lesson_status() == {LESSON_ID: "seen"}
        assert app.store.scenes_finished(LESSON_ID) == {scenes - 1}


async def test_the_app_resumes_where_it_left_off(stepper_app: AppFactory) -> None:
    app = stepper_app()
    app.store.save_position(LESSON_ID, 2, 4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        await pilot.press("enter")  # "Continue" is the first entry
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert (screen.scene, screen.step) == (2, 4)


@pytest.mark.parametrize("size", [(40, 10), (59, 30), (100, 15)])
async def test_too_small_terminal_shows_a_notice(
    stepper_app: AppFactory, size: tuple[int, int]
) -> None:
    app = stepper_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert app.screen.id == "too-small"
        await pilot.resize_terminal(80, 24)
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))


def test_output_values_match_the_engine() -> None:
    """The first scene's numbers are the engine's (the slides' 4x4 output of deck 000)."""
    out = engine.correlate2d(DECK000_INPUT, VERTICAL)
    np.testing.assert_array_equal(out[0], [0, 4, 11, -2])


async def test_quitting_from_a_lesson_remembers_the_step(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        await open_lesson(app, pilot, scene=1)
        await pilot.press("right", "right", "right", "right", "right")
        await pilot.press("q")  # before the debounced save fires
        await pilot.pause()
    again = stepper_app()
    assert again.store.last_position() == (LESSON_ID, 1, 5)
    again.store.close()


async def test_right_at_the_end_of_a_scene_points_to_the_next_one(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_lesson(app, pilot, step=16)
        await pilot.press("right")
        await pilot.pause()
        assert (screen.scene, screen.step) == (0, 16)
        messages = [n.message for n in app._notifications]
        assert messages == ["The end of this scene: n opens the next scene."]
