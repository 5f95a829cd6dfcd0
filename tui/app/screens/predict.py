"""Predict before reveal: in the lesson stepper, ask for the next cell before showing it.

The stepper keeps a ``predicting`` flag (a toggle key). While it is on, stepping forward first
opens :class:`PredictScreen`, a small dialog under the board asking for the value of the window
about to be computed, and then the step is revealed. The question itself is
:func:`lessons.quiz.predict.predict_question`; :func:`ask_then_advance` is the stepper's hook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from lessons.quiz.model import Question, Verdict
from lessons.quiz.predict import PREDICT_SKILL, predict_question


class PredictScreen(ModalScreen[bool]):
    """Ask for the next cell; dismissed with True once answered (reveal), False on escape."""

    DEFAULT_CSS = """
    PredictScreen {
        align: center bottom;
        background: $background 30%;
    }
    PredictScreen #predict-box {
        width: 80%;
        max-width: 90;
        height: auto;
        padding: 0 1;
        margin-bottom: 2;
        border: round $accent;
        background: $surface;
    }
    PredictScreen #predict-prompt { text-style: bold; }
    PredictScreen #predict-message { color: $text-warning; }
    PredictScreen #predict-verdict.-right { color: $text-success; text-style: bold; }
    PredictScreen #predict-verdict.-wrong { color: $text-error; text-style: bold; }
    PredictScreen .-empty { display: none; }
    """
    BINDINGS = [
        Binding(
            "escape",
            "cancel",
            "Cancel",
            tooltip="Back to the stepper, no reveal",
            id="predict.cancel",
        )
    ]

    def __init__(self, question: Question, *, record: Callable[[Verdict], None] | None = None):
        """Make the dialog.

        Args:
            question: From :func:`predict_question`.
            record: Called with the verdict of a real (not garbage) answer.
        """
        super().__init__()
        self.question = question
        self.record = record
        self.verdict: Verdict | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="predict-box"):
            yield Static(self.question.prompt, id="predict-prompt", markup=False)
            yield Input(placeholder="your prediction: -7, 0.55 or 7/9", id="predict-answer")
            yield Static("", id="predict-message", markup=False, classes="-empty")
            yield Static("", id="predict-verdict", markup=False, classes="-empty")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def judge(self, event: Input.Submitted) -> None:
        """Judge the prediction, or on a second Enter reveal the step."""
        event.stop()
        if self.verdict is not None:
            self.dismiss(True)
            return
        verdict = self.question.check(event.value)
        message = self.query_one("#predict-message", Static)
        if verdict.kind == "invalid":
            message.update(verdict.message or "")
            message.remove_class("-empty")
            event.input.value = ""
            return
        message.add_class("-empty")
        self.verdict = verdict
        if self.record is not None:
            self.record(verdict)
        text = "✓ Right!" if verdict.right else f"✗ It is {self.question.answer_text}."
        if verdict.diagnosis is not None:
            text += f" {verdict.diagnosis.message}"
        text += f"\n{self.question.worked}\nEnter: reveal the step."
        line = self.query_one("#predict-verdict", Static)
        line.update(text)
        line.remove_class("-empty")
        line.set_class(verdict.right, "-right")
        line.set_class(not verdict.right, "-wrong")

    def action_cancel(self) -> None:
        """Back to the stepper without revealing."""
        self.dismiss(False)


def next_window(screen: Any) -> tuple[Any, int] | None:
    """The playback and 0-based step index the stepper will show next, when it is a window."""
    timeline = getattr(screen, "timeline", None)
    if timeline is None or screen.step >= timeline.total:
        return None
    stage, local = timeline.locate(screen.step + 1)
    playback = timeline.stages[stage]
    trace = getattr(playback, "trace", None)
    if trace is None or local < 1 or local > len(trace):
        return None
    if trace.kind == "transposed":  # a step paints a patch: no one output cell to predict
        return None
    return playback, local - 1


def ask_then_advance(screen: Any) -> bool:
    """Stepper hook: when predicting and the next step is a window, ask first.

    Args:
        screen: The lesson screen (``step``, ``timeline``, ``lesson``, ``scene``; ``app.store``).

    Returns:
        True when a prediction dialog was opened (it advances the step once answered); False
        when the caller should simply step (predicting off, or no window next).
    """
    if not getattr(screen, "predicting", False):
        return False
    target = next_window(screen)
    if target is None:
        return False
    playback, index = target
    lesson = str(getattr(getattr(screen, "lesson", None), "id", ""))
    question = predict_question(playback, index, lesson=lesson, scene=int(screen.scene))
    step_before = screen.step

    def record(verdict: Verdict) -> None:
        store = getattr(screen.app, "store", None)
        if store is not None:
            store.record_answer(
                PREDICT_SKILL,
                question.key,
                verdict.given,
                verdict.right,
                diagnosis=verdict.diagnosis.name if verdict.diagnosis else None,
            )

    def reveal(answered: bool | None) -> None:
        if answered and screen.step == step_before:
            screen.step = step_before + 1

    screen.app.push_screen(PredictScreen(question, record=record), reveal)
    return True


__all__ = ["PredictScreen", "ask_then_advance", "next_window"]
