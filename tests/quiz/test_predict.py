"""Predict before reveal: the question for the next window, and the stepper hook."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static

from engine import NumberFormat
from lessons.playback import Playback, Timeline, correlation
from lessons.quiz.predict import predict_question
from tui.app.screens.predict import PredictScreen, ask_then_advance
from tui.progress.store import ProgressStore

# Deck 003: the "\" feature on the X image, each sum divided by 9 and truncated (7/9 → 0.77).
X_IMAGE = np.array(
    [
        [-1, -1, -1, -1, -1],
        [-1, 1, -1, 1, -1],
        [-1, -1, 1, -1, -1],
        [-1, 1, -1, 1, -1],
        [-1, -1, -1, -1, -1],
    ],
    dtype=float,
)
FEATURE = np.array([[1, -1, -1], [-1, 1, -1], [-1, -1, 1]], dtype=float)
TRUNC = NumberFormat(2, "truncate")


def deck003_playback() -> Playback:
    return correlation(X_IMAGE, FEATURE, divisor=9, fmt=TRUNC)


def torch_cells() -> np.ndarray:
    x = torch.tensor(X_IMAGE)[None, None]
    k = torch.tensor(FEATURE)[None, None]
    return (F.conv2d(x, k)[0, 0] / 9).numpy()


def test_predict_question_follows_the_display_rule() -> None:
    playback = deck003_playback()
    cells = torch_cells()
    q = predict_question(playback, 0, lesson="003-xo", scene=2)
    assert q.answer == cells[0, 0]
    assert q.key == "predict:003-xo:3:1"
    assert q.check(q.answer_text).right
    # The top-left window matches 7 of 9 pixels: 7/9, which the deck prints as 0.77.
    assert cells[0, 0] * 9 == 7
    assert q.check("0.77").right and q.check("7/9").right
    verdict = q.check("7")
    assert verdict.diagnosis is not None and verdict.diagnosis.name == "divisor"


class FakeStepper(Screen[None]):
    """Just what the hook reads from the lesson stepper: step, timeline, predicting."""

    BINDINGS = [Binding("right", "next_step", "Next")]

    def __init__(self, playback: Any) -> None:
        super().__init__()
        self.timeline = Timeline.of(playback)
        self.step = 0
        self.scene = 0
        self.predicting = True

    def compose(self) -> ComposeResult:
        yield Static("stepper")

    def action_next_step(self) -> None:
        if not ask_then_advance(self):
            self.step += 1


class StepperApp(App[None]):
    def __init__(self, store: ProgressStore, playback: Any) -> None:
        super().__init__()
        self.store = store
        self.playback = playback

    def on_mount(self) -> None:
        self.push_screen(FakeStepper(self.playback))


async def test_stepper_asks_before_revealing_and_records(tmp_path: Any) -> None:
    store = ProgressStore.open(tmp_path)
    app = StepperApp(store, deck003_playback())
    async with app.run_test(size=(90, 24)) as pilot:
        await pilot.pause()
        stepper = app.screen
        assert isinstance(stepper, FakeStepper)
        await pilot.press("right")
        await pilot.pause()
        assert isinstance(app.screen, PredictScreen)
        assert stepper.step == 0  # nothing revealed yet
        await pilot.press("x", "enter")  # garbage: another try, nothing recorded
        await pilot.pause()
        assert isinstance(app.screen, PredictScreen) and store.answers() == []
        await pilot.press("0", ".", "7", "7", "enter")
        await pilot.pause()
        assert "Right" in str(app.screen.query_one("#predict-verdict", Static).render())
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is stepper and stepper.step == 1
        (answer,) = store.answers("predict")
        assert answer.correct and answer.given == "0.77"
        # Escape leaves without revealing; predicting off steps straight on.
        await pilot.press("right")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is stepper and stepper.step == 1
        stepper.predicting = False
        await pilot.press("right")
        await pilot.pause()
        assert app.screen is stepper and stepper.step == 2
    store.close()


LESSON = """\
id: zz-predict
title: Predict test
deck: {file: 003_f20768683df30fba.txt, course: CS344}
summary: The X feature, divided by the number of pixels.
scenes:
  - kind: correlate2d
    display: {decimals: 2, mode: truncate}
    input: |
      -1 -1 -1 -1 -1
      -1  1 -1  1 -1
      -1 -1  1 -1 -1
      -1  1 -1  1 -1
      -1 -1 -1 -1 -1
    kernel: [[1, -1, -1], [-1, 1, -1], [-1, -1, 1]]
    divisor: 9
"""


async def test_real_stepper_toggle_asks_then_reveals(tmp_path: Any) -> None:
    from tui.app.app import create_app
    from tui.app.screens.lesson import LessonScreen

    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "zz-predict.yaml").write_text(LESSON, encoding="utf-8")
    app = create_app(lesson_dirs=[folder], open_lesson=("zz-predict", 0, 0), fading=False)
    async with app.run_test(size=(110, 36)) as pilot:
        await pilot.pause()
        stepper = app.screen
        assert isinstance(stepper, LessonScreen)
        await pilot.press("g", "right")
        await pilot.pause()
        assert isinstance(app.screen, PredictScreen)
        assert stepper.step == 0
        await pilot.press("7", "/", "9", "enter", "enter")
        await pilot.pause()
        assert app.screen is stepper and stepper.step == 1
        (answer,) = app.store.answers("predict")
        assert answer.correct and answer.question == "predict:zz-predict:1:1"
