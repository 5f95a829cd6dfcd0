"""``--watch``: reload a lesson file when it changes, keeping the open scene and step.

An author edits a lesson in one window and sees each change in the tutor at once (tuitorial
does this). The watcher polls the modification time and size of every lesson file twice a
second (no extra dependency, the same on every platform); a changed file is loaded again. A
file that now fails to load leaves the lesson as it was and shows its error (``file:line:col``)
as a notice; a file that loads replaces the lesson, and if it is open, the screen reopens it at
the same scene and step (the last one, if the edit removed scenes or steps).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textual.app import App

if TYPE_CHECKING:
    from lessons import LoadResult  # lazily: the app starts without loading lessons

__all__ = ["POLL_SECONDS", "LessonWatcher"]

POLL_SECONDS = 0.5
"""How often the lesson files are looked at."""

Stamp = tuple[int, int]
"""A file's modification time (ns) and size."""


def _stamp(path: Path) -> Stamp | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


class WatchedApp(Protocol):
    """What the watcher needs of the tutor (the app's class, without importing it: no cycle)."""

    @property
    def lesson_dirs(self) -> Sequence[str | os.PathLike[str]]:
        """The ``--lessons`` folders."""

    @property
    def lessons(self) -> LoadResult:
        """The loaded lessons, which a reload updates."""


class LessonWatcher:
    """Watches the app's lesson files and reloads the one that changed.

    Attributes:
        app: The tutor.
        reloads: How many times a changed file was loaded again (its count, for tests).
    """

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.tutor: WatchedApp = app  # type: ignore[assignment]  # the tutor's app has both
        self.reloads = 0
        self._stamps: dict[Path, Stamp | None] = {}

    def _files(self) -> list[Path]:
        from lessons.loader import lesson_dirs, lesson_files

        files, _missing = lesson_files(lesson_dirs([os.fspath(d) for d in self.tutor.lesson_dirs]))
        return files

    def start(self) -> None:
        """Note every file as it is now, then look again every :data:`POLL_SECONDS`."""
        self._stamps = {path: _stamp(path) for path in self._files()}
        self.app.set_interval(POLL_SECONDS, self.poll)

    def poll(self) -> None:
        """Reload each lesson file whose time or size changed since the last look."""
        for path in self._files():
            stamp = _stamp(path)
            if path in self._stamps and self._stamps[path] == stamp:
                continue
            known = path in self._stamps
            self._stamps[path] = stamp
            if known and stamp is not None:
                self.reload(path)

    def reload(self, path: Path) -> None:
        """Load ``path`` again; replace its lesson and reopen it where the author was."""
        from lessons import LessonError, load_file
        from lessons.loader.files import display_path
        from tui.app.screens.lesson import LessonScreen

        self.reloads += 1
        shown = display_path(path)
        try:
            lesson = load_file(path)
        except LessonError as error:
            self.app.notify(str(error), title="Not reloaded", severity="error", markup=False)
            return
        result = self.tutor.lessons
        result.errors[:] = [e for e in result.errors if e.path != shown]
        for index, old in enumerate(result.lessons):
            if old.source == lesson.source or old.id == lesson.id:
                result.lessons[index] = lesson
                break
        else:
            result.lessons.append(lesson)
        screen = self.app.screen
        if isinstance(screen, LessonScreen) and screen.lesson.id == lesson.id:
            scene = min(screen.scene, len(lesson.scenes) - 1)
            self.app.switch_screen(LessonScreen(lesson, scene=scene, step=screen.step))
        self.app.notify(f"Reloaded {shown}", timeout=2, markup=False)
