"""Quiz screens (placeholder while the quiz is built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class QuizScreen(Screen[None]):
    """Self-paced practice: one question at a time, answers computed by the engine."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Return to the previous screen")
    ]

    def __init__(
        self,
        *,
        lesson: str | None = None,
        skill: str | None = None,
        seed: int | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id)
        self.lesson = lesson
        self.skill = skill
        self.seed = seed

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Quiz: coming soon.", id="quiz-placeholder")
        yield Footer()
