"""The help screen (``?``): every key, read from the bindings themselves so it never drifts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label

from tui.app.navigation import tutor

MOUSE_ROWS = (("click an output cell", "jump to the step that computes it"),)
"""Mouse actions, which have no binding to read."""


def binding_rows(
    bindings: Iterable[BindingType], keymap: Mapping[str, str] | None = None
) -> list[tuple[str, str]]:
    """(keys, what they do) for every binding with a description.

    Keys that share an action are joined (``→ / l``). A binding's tooltip, when it has one, is the
    longer explanation; otherwise its footer description. A binding the ``keymap`` remaps (by its
    ``id``) shows the keys it has now.
    """
    keymap = keymap or {}
    rows: list[tuple[str, str]] = []
    for binding in bindings:
        if not isinstance(binding, Binding) or not binding.description:
            continue
        remapped = keymap.get(binding.id) if binding.id else None
        keys = (None if remapped else binding.key_display) or " / ".join(
            _key_name(key.strip()) for key in (remapped or binding.key).split(",")
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
    """A section of the help as plain text: a title and one aligned line per key."""
    rows = list(rows)
    width = max((len(keys) for keys, _ in rows), default=0)
    return "\n".join([title, *(f"  {keys:<{width}}  {what}" for keys, what in rows)])


class KeySection(Vertical):
    """A titled section of the help: keys in one column, what they do (wrapped) in the next."""

    def __init__(self, title: str, rows: Iterable[tuple[str, str]], *, key_width: int) -> None:
        """Make a section.

        Args:
            title: The section's title (``Lesson``).
            rows: (keys, what they do) per line.
            key_width: Columns of the keys column, shared by every section so they align.
        """
        super().__init__(classes="help-section")
        self.title = title
        self.rows = list(rows)
        self.key_width = key_width

    def compose(self) -> ComposeResult:
        yield Label(self.title, classes="help-title")
        grid = Grid(classes="help-keys")
        grid.styles.grid_columns = f"{self.key_width} 1fr"
        with grid:
            for keys, what in self.rows:
                yield Label(keys, classes="help-key", markup=False)
                yield Label(what, classes="help-what", markup=False)

    @property
    def text(self) -> str:
        """The section as plain text (see :func:`key_table`)."""
        return key_table(self.title, self.rows)


class HelpScreen(ModalScreen[None]):
    """Lists every key of the lesson stepper, the home screen and the whole app."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", tooltip="Close this help", id="help.close"),
        Binding(
            "question_mark",
            "dismiss",
            "Close",
            key_display="?",
            show=False,
            id="help.close_question",
        ),
    ]

    def compose(self) -> ComposeResult:
        from tui.app.screens.home import HomeScreen
        from tui.app.screens.lesson import LessonScreen
        from tui.app.screens.playground import PlaygroundScreen
        from tui.app.screens.quiz import QuizScreen
        from tui.app.screens.training import TrainingScreen  # torch stays unloaded until it opens

        keymap = tutor(self.app).keymap
        sections = [
            ("Lesson", [*binding_rows(LessonScreen.BINDINGS, keymap), *MOUSE_ROWS]),
            ("Home", binding_rows(HomeScreen.BINDINGS, keymap)),
            ("Quiz", binding_rows(QuizScreen.BINDINGS, keymap)),
            ("Training panel", binding_rows(TrainingScreen.BINDINGS, keymap)),
            ("Playground", binding_rows(PlaygroundScreen.BINDINGS, keymap)),
            (
                "Everywhere",
                [
                    *binding_rows(tutor(self.app).app_bindings, keymap),
                    ("ctrl+p", "command palette: jump to a lesson or scene, quiz, training, theme"),
                ],
            ),
        ]
        key_width = max(len(keys) for _, rows in sections for keys, _ in rows) + 2
        with VerticalScroll(id="help-body") as body:
            body.border_title = "Keys"
            body.border_subtitle = "escape closes"
            with Vertical(id="help-text"):
                for title, rows in sections:
                    yield KeySection(title, rows, key_width=key_width)

    @property
    def text(self) -> str:
        """Every section as plain text, as the help shows it."""
        return "\n\n".join(section.text for section in self.query(KeySection))
