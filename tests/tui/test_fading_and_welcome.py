"""Faded worked examples (worked windows, then asked, then plain play once mastered) and the
first-run welcome."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from stepper_lesson import LESSON_ID
from textual.pilot import Pilot
from textual.widgets import Button, Input, Static

from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.home import HomeScreen
from tui.app.screens.lesson import LessonScreen
from tui.app.screens.predict import PredictScreen
from tui.app.screens.welcome import KEYS, WelcomeScreen
from tui.settings import load_settings

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


def status(screen: LessonScreen) -> str:
    return str(screen.query_one("#status-step", Static).render())


async def test_a_faded_scene_works_two_windows_then_asks(stepper_app: AppFactory) -> None:
    app = stepper_app(fading=True)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stepper(app, pilot)
        assert screen.fade.active and screen.predicting  # on by default in a faded scene
        assert "faded: 2 worked" in status(screen)  # the whole wording from 160 columns
        await pilot.press("right", "right")  # windows 1 and 2: shown worked, nothing asked
        await until(pilot, lambda: screen.step == 2)
        assert app.screen is screen
        await pilot.press("right")  # window 3: asked first
        await until(pilot, lambda: isinstance(app.screen, PredictScreen))
        dialog = app.screen
        assert isinstance(dialog, PredictScreen)
        assert "window 3 of 16" in dialog.question.prompt
        assert "faded example" in str(dialog.query_one("#predict-box").border_title)
        await pilot.press("?", "enter")  # the quiz's hints are there
        await pilot.pause()
        assert "Hint 1:" in str(dialog.query_one("#predict-hints", Static).render())
        await pilot.press(*dialog.question.answer_text, "enter", "enter")
        await until(pilot, lambda: app.screen is screen and screen.step == 3)
        (answer,) = app.store.answers("predict")
        assert answer.correct and answer.hints == 1


async def test_a_mastered_kind_plays_without_asking(stepper_app: AppFactory) -> None:
    app = stepper_app(fading=True)
    # Mastered through a mixed review: right at once, in a review, card in FSRS's review state.
    state = app.store.record_answer("next-cell", "q", "1", True, seconds=1.0, review=True)
    assert state.mastered
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stepper(app, pilot)
        assert not screen.fade.active and not screen.predicting
        assert "predict" not in status(screen) and "faded" not in status(screen)
        await pilot.press("right", "right", "right", "right")
        await until(pilot, lambda: screen.step == 4)
        assert app.screen is screen  # no dialog


async def test_fading_off_steps_plainly_and_f_turns_it_on(stepper_app: AppFactory) -> None:
    app = stepper_app(fading=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stepper(app, pilot)
        assert not screen.fade.active and not screen.predicting
        await pilot.press("right", "right", "right")
        await until(pilot, lambda: screen.step == 3)
        assert app.screen is screen
        await pilot.press("f")
        await pilot.pause()
        assert app.faded_examples and screen.fade.active and screen.predicting
        await pilot.press("right")  # window 4 is past the two worked ones: asked
        await until(pilot, lambda: isinstance(app.screen, PredictScreen))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("f")
        await pilot.pause()
        assert not app.faded_examples and not screen.predicting


@pytest.mark.parametrize(
    ("text", "environ", "expected"),
    [
        ("", {}, True),
        ("faded_examples = false\n", {}, False),
        ("", {"CNN_TUTOR_FADED_EXAMPLES": "0"}, False),
        ("faded_examples = false\n", {"CNN_TUTOR_FADED_EXAMPLES": "yes"}, True),
    ],
)
async def test_the_faded_examples_setting_turns_fading_off(
    stepper_app: AppFactory, tmp_path: Path, text: str, environ: dict[str, str], expected: bool
) -> None:
    """Issue 13: "A setting turns fading off" — the file, or its environment variable."""
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    app = stepper_app(fading=True, settings=load_settings(path, environ=environ))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_stepper(app, pilot)
        assert app.faded_examples is expected
        assert screen.fade.active is expected and screen.predicting is expected
        await pilot.press("right", "right", "right")  # past the two worked windows
        if expected:
            await until(pilot, lambda: isinstance(app.screen, PredictScreen))
        else:
            await until(pilot, lambda: screen.step == 3)
            assert app.screen is screen  # nothing asked


async def welcome_up(pilot: Pilot[Any]) -> WelcomeScreen:
    """The welcome screen once it is composed (its buttons mounted)."""
    app = pilot.app
    await until(
        pilot,
        lambda: isinstance(app.screen, WelcomeScreen) and bool(app.screen.query("#welcome-start")),
    )
    assert isinstance(app.screen, WelcomeScreen)
    return app.screen


async def test_the_welcome_opens_on_an_empty_progress_db_and_starts_deck_000() -> None:
    app = create_app(welcome=True)
    async with app.run_test(size=(100, 30)) as pilot:
        welcome = await welcome_up(pilot)
        keys = str(welcome.query_one("#welcome-keys", Static).render())
        assert len(KEYS) == 5 and all(key in keys for key, _ in KEYS)
        assert "convolutional neural networks" in str(
            welcome.query_one("#welcome-teaches", Static).render()
        )
        labels = [str(b.label) for b in welcome.query(Button)]
        assert labels == ["Start with deck 000", "Jump to a topic"]
        await pilot.press("enter")  # the focused button: start
        await until(pilot, lambda: isinstance(app.screen, LessonScreen))
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.lesson.id == "000-convolution"
    again = create_app(welcome=True)  # no longer a first run: home, no welcome
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await again.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)


async def test_jump_to_a_topic_opens_the_filter() -> None:
    app = create_app(welcome=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await welcome_up(pilot)
        await pilot.press("j")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        await until(pilot, lambda: home.query_one("#filter", Input).has_focus)
        await pilot.press(*"pooling")
        await pilot.pause()
        assert home.query_one("#filter", Input).value == "pooling"


async def test_no_welcome_unless_asked() -> None:
    app = create_app()  # tests and exports build the app without the first-run welcome
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_the_welcome_box_never_crosses_the_home_screens_border(
    size: tuple[int, int],
) -> None:
    """At 80x24 the box (22 rows) was drawn over the home's bordered list and crossed its edges.

    Under 30 rows the welcome takes the whole terminal; taller, it is an 80-column box with the
    home's border around it, not through it.
    """
    app = create_app(welcome=True)
    async with app.run_test(size=size) as pilot:
        welcome = await welcome_up(pilot)
        await until(pilot, lambda: welcome.query_one("#welcome-box").size.height > 0)
        await pilot.pause()
        box = welcome.query_one("#welcome-box").region
        buttons = [button.region for button in welcome.query(Button)]
        if size == (80, 24):
            assert (box.x, box.y, box.width, box.height) == (0, 0, 80, 24)
            assert all(b.height == 1 for b in buttons)  # one-line buttons
        else:
            home = app.screen_stack[0].query_one("#home-list").region
            assert box.width == 80
            # the home's list box lies wholly outside the welcome, or wholly around it
            assert home.x < box.x and box.right < home.right
            assert home.y < box.y and box.bottom < home.bottom
        # every button inside the box, none cut off
        assert all(box.contains_region(b) for b in buttons)
