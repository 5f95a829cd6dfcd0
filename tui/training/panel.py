"""The training panel: deck 003's X/O toy ConvNet trained live (placeholder while it is built)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static


class TrainingScreen(Screen[None]):
    """Train the X/O toy ConvNet and watch its features learn."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Return to the previous screen")
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Training panel: coming soon.", id="training-placeholder")
        yield Footer()
