"""The help screen (``?``): every key, read from the bindings themselves so it never drifts."""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

MOUSE_ROWS = (("click an output cell", "jump to the step that computes it"),)
"""Mouse actions, which have no binding to read."""


def binding_rows(bindings: Iterable[BindingType]) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding with a description.

    Keys that share an action are joined (``→ / l``). A binding's tooltip, when it has one, is the
    longer explanation; otherwise its footer description.
    """
    rows: list[tuple[str, str]] = []
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        keys = binding.key_display or " / ".join(
            _key_name(key.strip()) for key in binding.key.split(",")
        )
        rows.append((keys, binding.tooltip or binding.description))
    return rows


def _key_name(key: str) -> str:
    names = {
        "right": "→",
        "left": "←",
        "up": "↑",
        "down": "↓",
        "space": "space",
        "escape": "escape",
        "question_mark": "?",
        "slash": "/",
        "plus": "+",
        "minus": "-",
        "enter": "enter",
    }
    return names.get(key, key)


def key_table(title: str, rows: Iterable[tuple[str, str]]) -> str:
    """A section of the help text: a title and one aligned line per key."""
    lines = [f"[b]{title}[/b]"]
    lines.extend(f"  [b $accent]{keys:<14}[/] {what}" for keys, what in rows)
    return "\n".join(lines)


class HelpScreen(ModalScreen[None]):
    """Lists every key of the lesson stepper, the home screen and the whole app."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", tooltip="Close this help"),
        Binding("question_mark", "dismiss", "Close", key_display="?", show=False),
    ]

    def compose(self) -> ComposeResult:
        from tui.app import CnnTutorApp
        from tui.screens.home import HomeScreen
        from tui.screens.lesson import LessonScreen

        sections = [
            key_table("Lesson", [*binding_rows(LessonScreen.BINDINGS), *MOUSE_ROWS]),
            key_table("Home", binding_rows(HomeScreen.BINDINGS)),
            key_table(
                "Everywhere",
                [
                    *binding_rows(CnnTutorApp.BINDINGS),
                    ("ctrl+p", "command palette: jump to a lesson or scene, quiz, training, theme"),
                ],
            ),
        ]
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "escape closes"
            yield Static("\n\n".join(sections), id="help-text")
