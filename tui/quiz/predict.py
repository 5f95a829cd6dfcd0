"""Predict before reveal: in the lesson stepper, ask for the next cell before showing it.

The stepper keeps a ``predicting`` flag (a toggle key). While it is on, stepping forward first
opens :class:`PredictScreen`, a small dialog under the board asking for the value of the window
about to be computed; the answer is judged like a quiz answer (the scene's display rule, the
same diagnoses) and recorded under the ``predict`` skill, and then the step is revealed.

:func:`predict_question` is plain logic; :func:`ask_then_advance` is the hook the stepper calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from engine.display import format_number
from tui.quiz.model import Diagnosis, Question, Verdict

PREDICT_SKILL = "predict"


def _cell_name(out: tuple[int, ...]) -> str:
    if len(out) == 1:
        return f"cell {out[0] + 1}"
    name = f"row {out[-2] + 1}, column {out[-1] + 1}"
    return name if len(out) == 2 else f"map {out[0] + 1}, {name}"


def predict_question(playback: Any, index: int, *, lesson: str = "", scene: int = 0) -> Question:
    """The question "what does window ``index`` give?" for a stepper playback.

    Args:
        playback: A playback with a ``trace`` (and ``output``, ``fmt``).
        index: The step about to be shown (0-based, into ``playback.trace``).
        lesson: The lesson id (part of the question's key).
        scene: The scene index (part of the key).

    Returns:
        A numeric question whose answer is the engine's value for that window.
    """
    trace = playback.trace
    step = trace[index]
    fmt = getattr(playback, "fmt", None)
    value = float(step.value)
    out = tuple(int(i) for i in step.out)
    diagnoses: list[Diagnosis] = []
    if step.bias:
        diagnoses.append(
            Diagnosis(
                "bias",
                value - float(step.bias) / (step.divisor or 1.0),
                f"Forgot the bias? Add {format_number(step.bias, fmt)}.",
            )
        )
    if step.divisor:
        diagnoses.append(
            Diagnosis(
                "divisor",
                value * float(step.divisor),
                f"Forgot to divide by {format_number(step.divisor)}?",
            )
        )
    output = getattr(playback, "output", None)
    if output is not None:
        grid = np.asarray(output)
        for axis in range(max(0, grid.ndim - 2), grid.ndim):
            for delta in (-1, 1):
                near = list(out)
                near[axis] += delta
                if all(0 <= n < s for n, s in zip(near, grid.shape, strict=False)):
                    diagnoses.append(
                        Diagnosis(
                            "window",
                            float(grid[tuple(near)]),
                            "That is a neighbouring cell's value: the next window is the one "
                            "just after the highlighted one.",
                        )
                    )
    diagnoses.append(Diagnosis("sign", -value, "A sign slip: check each product's sign."))
    kept = tuple(d for d in diagnoses if d.value != value)
    return Question(
        skill=PREDICT_SKILL,
        key=f"{PREDICT_SKILL}:{lesson}:{scene + 1}:{index + 1}",
        prompt=f"Predict window {index + 1} of {len(trace)}: what goes in {_cell_name(out)}?",
        answer=value,
        answer_text=format_number(value, fmt),
        worked=step.text,
        hints=(step.text,),
        fmt=fmt,
        diagnoses=kept,
        lesson=lesson or None,
    )


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
    BINDINGS = [Binding("escape", "cancel", "Cancel", tooltip="Back to the stepper, no reveal")]

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


__all__ = ["PREDICT_SKILL", "PredictScreen", "ask_then_advance", "next_window", "predict_question"]
