"""What screens, the palette and the help need from the app, as a typed protocol.

Screens never import :mod:`tui.app.app`: that would be an import cycle, since the app imports
the screens. They reach the shared state and the navigation through :func:`tutor`, which checks
that the running app provides :class:`Tutor` and returns it typed, so no screen needs a
``# type: ignore`` to call ``app.store`` or ``app.open_lesson``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, cast

if TYPE_CHECKING:
    from textual.app import App
    from textual.binding import BindingType

    from lessons import Lesson, LoadResult
    from lessons.listing import Listing
    from tui.progress.store import ProgressStore
    from tui.settings import Settings


class Tutor(Protocol):
    """The app as the screens see it: lessons, progress, and where to go next."""

    @property
    def lessons(self) -> LoadResult:
        """Every lesson (course order) and every broken file; loaded on first use."""
        ...

    @property
    def lessons_loaded(self) -> bool:
        """Whether the lessons have been loaded already."""
        ...

    def lesson_listing(self) -> Listing | None:
        """The listing the last start saved (or the shipped one of the built-in lessons), if
        still valid and the lessons are not loaded."""
        ...

    @property
    def store(self) -> ProgressStore:
        """The progress store."""
        ...

    @property
    def progress_kept(self) -> bool:
        """Whether the store is open or its file exists (False on a first start)."""
        ...

    @property
    def app_bindings(self) -> list[BindingType]:
        """The keys that work everywhere (the help lists them)."""
        ...

    @property
    def settings(self) -> Settings:
        """The settings in force (``config.toml``, then ``CNN_TUTOR_*``)."""
        ...

    @property
    def keymap(self) -> dict[str, str]:
        """The ``[keymap]`` in force: binding id to keys (the help shows them)."""
        ...

    def find_lesson(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, or None."""
        ...

    def open_lesson(self, lesson_id: str, *, scene: int = 0, step: int = 0) -> bool:
        """Open a lesson at a scene (0-based) and step; False if there is none."""
        ...

    def open_quiz(self, *, review: bool = False) -> None:
        """Open quiz mode, or (``review``) a mixed review of the skills due."""
        ...

    def open_training(self) -> None:
        """Open the training panel."""
        ...

    def open_playground(self, scene: object | None = None) -> None:
        """Open the playground (pre-filled with a lesson scene's arrays and parameters)."""
        ...

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        ...

    def action_toggle_fading(self) -> None:
        """Turn faded worked examples in the stepper on or off."""
        ...


def tutor(app: App[object] | App[int]) -> Tutor:
    """The running app as a :class:`Tutor`.

    Raises:
        TypeError: When the app is not the tutor (a screen mounted in some other app).
    """
    # Looked up on the class: an isinstance() check against a runtime-checkable protocol would
    # call the ``lessons`` and ``store`` properties on Python 3.11, loading every lesson file and
    # opening the database before the first frame.
    missing = [name for name in TUTOR_MEMBERS if not hasattr(type(app), name)]
    if missing:
        raise TypeError(f"{type(app).__name__} is not the cnn-tutor app (no {missing[0]})")
    return cast(Tutor, app)


TUTOR_MEMBERS = (
    "lessons",
    "lessons_loaded",
    "lesson_listing",
    "store",
    "progress_kept",
    "app_bindings",
    "settings",
    "keymap",
    "find_lesson",
    "open_lesson",
    "open_quiz",
    "open_training",
    "open_playground",
    "action_toggle_theme",
    "action_toggle_fading",
)
"""The members of :class:`Tutor`, checked on the app's class by :func:`tutor`."""


__all__ = ["TUTOR_MEMBERS", "Tutor", "tutor"]
