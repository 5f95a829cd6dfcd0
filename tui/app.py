"""The Textual application and the factory the CLI and the tests share."""

from __future__ import annotations

import os
from collections.abc import Sequence

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Header, Static

from tui import __version__


class CnnTutorApp(App[int]):
    """The cnn-tutor application."""

    TITLE = "cnn-tutor"
    SUB_TITLE = f"v{__version__}"
    BINDINGS = [Binding("q", "quit", "Quit", tooltip="Leave cnn-tutor")]

    def __init__(
        self,
        *,
        lesson_dirs: Sequence[str | os.PathLike[str]] = (),
        data_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__()
        self.lesson_dirs = tuple(lesson_dirs)
        self.data_dir = data_dir

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Welcome to cnn-tutor.", id="welcome")
        yield Footer()


def create_app(
    *,
    lesson_dirs: Sequence[str | os.PathLike[str]] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
) -> CnnTutorApp:
    """Build the app exactly as ``cnn-tutor`` does; tests use this factory too."""
    return CnnTutorApp(lesson_dirs=lesson_dirs or (), data_dir=data_dir)
