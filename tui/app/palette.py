"""The command palette's cnn-tutor commands: jump to a lesson or scene, quiz, training, theme.

Every lesson is two keystrokes away: ``ctrl+p``, type a few letters of its title, Enter.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.markup import escape

from tui.app.navigation import Tutor, tutor
from tui.terminal_text import printable

Command = tuple[str, str, Callable[[], Any], bool]
"""(name shown, help line, what it does, listed before anything is typed)."""


class LessonCommands(Provider):
    """Commands for lessons, scenes, quiz, training and the theme."""

    @property
    def tutor(self) -> Tutor:
        """The app, typed."""
        return tutor(self.app)

    def commands(self) -> Iterator[Command]:
        """Every command this provider offers."""
        app = self.tutor
        yield ("Open quiz", "Practise with engine-checked answers", app.open_quiz, True)
        yield ("Open training", "Train the X/O toy ConvNet live", app.open_training, True)
        yield (
            "Open playground",
            "Your own grid, kernel, stride and padding, stepped live",
            app.open_playground,
            True,
        )
        yield (
            "Toggle fading",
            "Faded worked examples in the stepper: first windows worked, later ones asked",
            app.action_toggle_fading,
            True,
        )
        yield (
            "Toggle theme",
            "Switch between the dark and light theme",
            app.action_toggle_theme,
            True,
        )
        for lesson in app.lessons.lessons:
            yield (
                f"Jump to lesson: {lesson.title}",
                f"{lesson.id} · {len(lesson.scenes)} scenes",
                partial(self._jump, lesson.id, 0),
                True,
            )
            for index, scene in enumerate(lesson.scenes):
                title = getattr(scene, "title", None) or scene.kind
                yield (
                    f"Jump to scene: {lesson.title} › {index + 1}. {title}",
                    f"{lesson.id}, scene {index + 1} ({scene.kind})",
                    partial(self._jump, lesson.id, index),
                    False,
                )

    def _jump(self, lesson_id: str, scene: int) -> None:
        from tui.app.screens.lesson import LessonScreen

        current = self.app.screen
        if isinstance(current, LessonScreen) and current.lesson.id == lesson_id:
            current.goto(scene=scene, step=0)
            return
        while isinstance(self.app.screen, LessonScreen):
            self.app.pop_screen()
        self.tutor.open_lesson(lesson_id, scene=scene, step=0)

    async def discover(self) -> Hits:
        """What the palette lists before anything is typed."""
        for name, help_text, callback, listed in self.commands():
            if listed:  # the palette reads prompts as markup: a lesson title may hold [/]
                yield DiscoveryHit(
                    escape(printable(name)), callback, help=escape(printable(help_text))
                )

    async def search(self, query: str) -> Hits:
        """Commands whose name fuzzily matches ``query``."""
        matcher = self.matcher(query)
        for name, help_text, callback, _ in self.commands():
            shown = printable(name)
            score = matcher.match(shown)
            if score > 0:  # highlight() reads markup: a name with [ is shown plain
                display = matcher.highlight(shown) if "[" not in shown else Content(shown)
                yield Hit(score, display, callback, help=escape(printable(help_text)))
