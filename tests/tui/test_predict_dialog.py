"""Predict before reveal in the stepper: the board shows the window asked about, the dialog has
the quiz's tiered hints and diagnosis, and the mode shows in the status line, not in a toast."""

from __future__ import annotations

from collections.abc import Callable

from stepper_lesson import DECK000_INPUT, LESSON_ID, VERTICAL
from textual.widgets import Input, Static

import engine
from tui.app.app import CnnTutorApp
from tui.app.screens.lesson import LessonScreen
from tui.app.screens.predict import PredictScreen
from tui.app.widgets.code_lines import CodeLines

AppFactory = Callable[..., CnnTutorApp]
SIZE = (100, 30)


async def until(pilot: object, condition: Callable[[], bool], limit: int = 5000) -> None:
    """Pause until ``condition`` holds (a bounded count of pauses, no clock)."""
    for _ in range(limit):
        if condition():
            return
        await pilot.pause()  # type: ignore[attr-defined]
    raise AssertionError("the condition never held")


async def open_stepper(app: CnnTutorApp, pilot: object) -> LessonScreen:
    app.open_lesson(LESSON_ID, scene=0, step=0)
    await until(pilot, lambda: isinstance(app.screen, LessonScreen))
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    await until(pilot, lambda: screen.board is not None and bool(screen.board.output_grids))
    return screen


def text(widget: object) -> str:
    return str(widget.render())  # type: ignore[attr-defined]


async def test_the_board_brackets_the_window_being_asked(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stepper(app, pilot)
        trace = engine.trace_correlate2d(DECK000_INPUT, VERTICAL)
        await pilot.press("right")  # window 1 shown
        await until(pilot, lambda: screen.step == 1)
        await pilot.press("g", "right")  # predict window 2
        await until(pilot, lambda: isinstance(app.screen, PredictScreen))
        dialog = app.screen
        assert isinstance(dialog, PredictScreen)
        assert "window 2 of 16" in dialog.question.prompt
        board = screen.board
        assert board is not None
        window = board.input_grids[0].window
        rows, cols = trace[1].window
        assert window is not None
        assert (window.rows, window.cols) == (
            range(rows.start, rows.stop),
            range(cols.start, cols.stop),
        )
        output = board.output_grids[0]
        assert output.current == (0, 1) and output.filled == 1  # asked cell bracketed, empty
        assert text(board.query_one("#arithmetic", CodeLines)) == ""  # no answer on screen
        assert screen.step == 1
        await pilot.press("escape")  # cancel: back to window 1, nothing revealed
        await until(pilot, lambda: app.screen is screen)
        window = board.input_grids[0].window
        assert window is not None and window.cols == range(0, 3)
        assert screen.step == 1


async def test_the_dialog_gives_tiered_hints_and_a_diagnosis(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stepper(app, pilot)
        trace = engine.trace_correlate2d(DECK000_INPUT, VERTICAL)
        await pilot.press("g", "right")
        await until(pilot, lambda: isinstance(app.screen, PredictScreen))
        dialog = app.screen
        assert isinstance(dialog, PredictScreen)
        await pilot.press("?", "enter")
        await pilot.pause()
        hints = dialog.query_one("#predict-hints", Static)
        message = dialog.query_one("#predict-message", Static)
        assert message.has_class("-empty"), text(message)  # not "'?' is not a number"
        assert "Hint 1:" in text(hints) and "rows 1–3, columns 1–3" in text(hints)
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert "Hint 2:" in text(hints) and "1*3" in text(hints)
        assert dialog.query_one(Input).value == ""
        assert trace[0].value == 0  # deck 000's first window with the vertical filter
        await pilot.press("1", "enter")
        await pilot.pause()
        verdict = text(dialog.query_one("#predict-verdict", Static))
        assert verdict.startswith("✗ It is 0.")
        (answer,) = app.store.answers("predict")
        assert answer.hints == 2 and not answer.correct
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and screen.step == 1)


async def test_predict_mode_shows_in_the_status_line_not_a_toast(stepper_app: AppFactory) -> None:
    app = stepper_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stepper(app, pilot)
        status = screen.query_one("#status-step", Static)
        assert "predict" not in text(status)
        await pilot.press("g")
        await pilot.pause()
        assert "predict on" in text(status)
        assert not app._notifications  # no toast to cover the dialog
        await pilot.press("right")
        await until(pilot, lambda: isinstance(app.screen, PredictScreen))
        dialog = app.screen
        assert "g turns it off" in str(dialog.query_one("#predict-box").border_title)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("g")
        await pilot.pause()
        assert "predict" not in text(status)
