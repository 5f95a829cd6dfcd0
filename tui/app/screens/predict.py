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
from lessons.quiz.session import HINT_WORDS


class PredictScreen(ModalScreen[bool]):
    """Ask for the next cell; dismissed with True once answered (reveal), False on escape.

    Like the quiz: ``?`` (or ``h``, ``hint``) and Enter, or ctrl+t, gives the next hint tier
    (which window, then the products, then the arithmetic), and a wrong number is diagnosed.
    """

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
        border-title-color: $text-accent;
        background: $surface;
    }
    PredictScreen #predict-prompt { text-style: bold; }
    PredictScreen #predict-hints { color: $text-muted; }
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
        ),
        Binding(
            "ctrl+t",
            "hint",
            "Hint",
            priority=True,
            tooltip="Show the next hint tier",
            id="predict.hint",
        ),
    ]

    def __init__(
        self,
        question: Question,
        *,
        record: Callable[[Verdict, int], None] | None = None,
        title: str = "Predict before reveal · g turns it off",
    ):
        """Make the dialog.

        Args:
            question: From :func:`predict_question`.
            record: Called with the verdict of a real (not garbage) answer and the number of
                hint tiers shown before it.
            title: The dialog's border title: says which mode asked.
        """
        super().__init__()
        self.question = question
        self.record = record
        self.box_title = title
        self.verdict: Verdict | None = None
        self.hints_shown = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="predict-box") as box:
            box.border_title = self.box_title
            yield Static(self.question.prompt, id="predict-prompt", markup=False)
            yield Static("", id="predict-hints", markup=False, classes="-empty")
            yield Input(
                placeholder="your prediction: -7, 0.55 or 7/9   (? + Enter for a hint)",
                id="predict-answer",
            )
            yield Static("", id="predict-message", markup=False, classes="-empty")
            yield Static("", id="predict-verdict", markup=False, classes="-empty")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _say(self, text: str | None) -> None:
        message = self.query_one("#predict-message", Static)
        message.update(text or "")
        message.set_class(not text, "-empty")

    def action_hint(self) -> None:
        """Show the next hint tier (the last one is the arithmetic itself)."""
        if self.verdict is not None:
            return
        hints = self.question.hints
        if self.hints_shown >= len(hints):
            self._say("No more hints: the last one was the answer itself.")
            return
        self.hints_shown += 1
        shown = hints[: self.hints_shown]
        widget = self.query_one("#predict-hints", Static)
        widget.update("\n".join(f"Hint {i + 1}: {h}" for i, h in enumerate(shown)))
        widget.remove_class("-empty")
        self._say(None)

    @on(Input.Submitted)
    def judge(self, event: Input.Submitted) -> None:
        """Judge the prediction (``?`` asks for a hint), or on a second Enter reveal the step."""
        event.stop()
        if self.verdict is not None:
            self.dismiss(True)
            return
        if event.value.strip().lower() in HINT_WORDS:
            event.input.value = ""
            self.action_hint()
            return
        verdict = self.question.check(event.value)
        if verdict.kind == "invalid":
            self._say(verdict.message)
            event.input.value = ""
            return
        self._say(None)
        self.verdict = verdict
        if self.record is not None:
            self.record(verdict, self.hints_shown)
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


def _conceal_next(screen: Any) -> Any:
    """Draw the window about to be asked on the stepper's board, its value still hidden.

    Returns the board that was concealed (None without one); the stepper's own ``step`` is left
    alone until the prediction is answered.
    """
    timeline = screen.timeline
    stage, local = timeline.locate(screen.step + 1)
    if stage != getattr(screen, "_stage", stage):  # the next window opens the next stage
        screen._mount_stage(stage, local)
    board = getattr(screen, "board", None)
    if board is None:
        return None
    board.concealed = True
    board.show(local)
    return board


def ask_then_advance(screen: Any, *, title: str | None = None) -> bool:
    """Stepper hook: when predicting and the next step is a window, ask first.

    While the dialog is open the board shows the window being asked about, with its output cell
    empty and no arithmetic.

    Args:
        screen: The lesson screen (``step``, ``timeline``, ``lesson``, ``scene``; ``app.store``).
        title: The dialog's border title (which mode asked); None: the default.

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
    if index < int(getattr(screen, "worked_windows", 0)):
        return False  # a faded example: the first windows are shown worked
    lesson = str(getattr(getattr(screen, "lesson", None), "id", ""))
    question = predict_question(playback, index, lesson=lesson, scene=int(screen.scene))
    step_before = screen.step

    def record(verdict: Verdict, hints: int) -> None:
        store = getattr(screen.app, "store", None)
        if store is not None:
            store.record_answer(
                PREDICT_SKILL,
                question.key,
                verdict.given,
                verdict.right,
                hints=hints,
                diagnosis=verdict.diagnosis.name if verdict.diagnosis else None,
            )

    board = _conceal_next(screen) if hasattr(screen, "_mount_stage") else None

    def reveal(answered: bool | None) -> None:
        if board is not None:
            board.concealed = False
        if answered and screen.step == step_before:
            screen.step = step_before + 1
        elif board is not None:
            screen._show()  # cancelled: back to the stepper's own step

    dialog = PredictScreen(question, record=record)
    if title is not None:
        dialog.box_title = title
    elif getattr(getattr(screen, "fade", None), "active", False):
        dialog.box_title = "Your turn (faded example) · g stops asking · f turns fading off"
    screen.app.push_screen(dialog, reveal)
    return True


__all__ = ["PredictScreen", "ask_then_advance", "next_window"]
