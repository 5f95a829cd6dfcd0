"""The first-run welcome: what the tutor teaches, the keys that matter, and where to start.

Shown once, by the bare ``cnn-tutor`` command, while ``progress.db`` is still empty (nothing
opened, nothing answered). "Start with deck 000" opens the course's first lesson; "Jump to a
topic" goes to the lesson list with the filter open. Either way the welcome is not shown again:
opening a lesson is progress.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from tui.app.navigation import tutor

__all__ = ["KEYS", "WelcomeScreen"]

TEACHES = (
    "cnn-tutor teaches convolutional neural networks by doing the arithmetic in front of you: "
    "step through correlation, padding, stride and pooling one window at a time, predict the "
    "next cell before it is shown, practise with questions the engine checks, and train the "
    "lectures' X/O toy network live."
)

KEYS: tuple[tuple[str, str], ...] = (
    ("→ / ←", "next / previous step of a lesson"),
    ("space", "play or pause the animation"),
    ("g", "predict the next cell before it is shown"),
    ("?", "every key, on any screen"),
    ("ctrl+p", "jump to any lesson, scene, quiz or training"),
)
"""The five keys that matter, as the welcome lists them."""


SHORT_BELOW = 30
"""Terminals shorter than this get the compact welcome (one-line buttons, no blank rows)."""


class WelcomeScreen(ModalScreen[None]):
    """A short welcome on the first run, with two ways in."""

    VERTICAL_BREAKPOINTS = [(0, "-short"), (SHORT_BELOW, "-roomy")]

    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen #welcome-box {
        width: 80;
        max-width: 95%;
        height: auto;
        padding: 1 2;
        border: round $accent;
        border-title-color: $text-accent;
        background: $surface;
    }
    WelcomeScreen #welcome-keys { margin: 1 0; }
    WelcomeScreen #welcome-buttons { height: auto; align-horizontal: center; }
    WelcomeScreen Button { margin: 0 1; }
    /* Under 30 rows the welcome takes the whole terminal (a box over the home's would cross
       its border), one-line buttons, its lines in the middle */
    WelcomeScreen.-short #welcome-box {
        width: 100%; max-width: 100%; height: 100%; padding: 0 2; align-vertical: middle;
    }
    WelcomeScreen.-short #welcome-keys { margin: 1 0; }
    """
    BINDINGS = [
        Binding("s", "start", "Start", tooltip="Start with deck 000", id="welcome.start"),
        Binding(
            "j",
            "jump",
            "Jump",
            tooltip="Jump to a topic: the lesson list, filtering",
            id="welcome.jump",
        ),
        Binding(
            "escape",
            "dismiss_welcome",
            "Close",
            tooltip="Close the welcome",
            id="welcome.dismiss_welcome",
        ),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-box") as box:
            box.border_title = "Welcome to cnn-tutor"
            yield Static(TEACHES, id="welcome-teaches", markup=False)
            keys = "\n".join(f"  {key:<7} {what}" for key, what in KEYS)
            yield Static(f"The keys that matter:\n{keys}", id="welcome-keys", markup=False)
            with Horizontal(id="welcome-buttons"):
                yield Button("Start with deck 000", id="welcome-start", variant="primary")
                yield Button("Jump to a topic", id="welcome-jump")

    def on_resize(self) -> None:
        """One-line buttons on a short terminal (the box's -short style is the breakpoint's)."""
        self._fit_buttons()

    def _fit_buttons(self) -> None:
        for button in self.query(Button):
            button.compact = self.app.size.height < SHORT_BELOW

    def on_mount(self) -> None:
        self._fit_buttons()
        self.query_one("#welcome-start", Button).focus()

    @on(Button.Pressed, "#welcome-start")
    def action_start(self) -> None:
        """Open the course's first lesson (deck 000)."""
        app = tutor(self.app)
        self.dismiss(None)
        lessons = app.lessons.lessons
        first = next(
            (
                lesson
                for lesson in lessons
                if str(getattr(getattr(lesson, "deck", None), "file", "") or "").startswith("000")
            ),
            lessons[0] if lessons else None,
        )
        if first is not None:
            app.open_lesson(first.id)

    @on(Button.Pressed, "#welcome-jump")
    def action_jump(self) -> None:
        """Go to the lesson list with the filter open."""
        home = self.app.screen_stack[0]
        filter_when_shown = getattr(home, "filter_when_shown", None)
        if filter_when_shown is not None:
            filter_when_shown()  # home opens its filter as it resumes
        self.dismiss(None)

    def action_dismiss_welcome(self) -> None:
        """Close the welcome (the lesson list is under it)."""
        self.dismiss(None)
