"""The notice shown instead of a broken layout when the terminal is too small."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class TooSmallScreen(Screen[None]):
    """Asks for a bigger terminal; the app removes it once the terminal is big enough."""

    def __init__(self, min_width: int, min_height: int) -> None:
        """Make the notice.

        Args:
            min_width: The fewest columns the app needs.
            min_height: The fewest lines the app needs.
        """
        super().__init__(id="too-small")
        self.min_width = min_width
        self.min_height = min_height

    @staticmethod
    def size_text(width: int, height: int, min_width: int, min_height: int) -> str:
        """One line comparing the terminal's size with the size needed."""
        return f"now {width}×{height}, needs at least {min_width}×{min_height}"

    def compose(self) -> ComposeResult:
        width, height = self.app.size
        yield Static("Please enlarge the terminal", id="too-small-title")
        yield Static(
            self.size_text(width, height, self.min_width, self.min_height), id="too-small-size"
        )
        yield Static("q quits", id="too-small-hint")
