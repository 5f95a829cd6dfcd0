"""The Textual application and the factory the CLI and the tests share.

The app holds two things every screen reads:

* ``app.lessons``: the :class:`lessons.LoadResult` (lessons in course order, plus broken files);
* ``app.store``: the :class:`tui.progress.store.ProgressStore` (lessons seen and done, last
  position).

Both open lazily, on first use, so the first frame paints before any YAML is parsed. The home
screen loads the lessons in a thread worker.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Static

from tui import __version__
from tui.app.stale_resize import drop_stale_screen_resizes
from tui.app.watch import LessonWatcher

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.timer import Timer

    from lessons import Lesson, LoadResult
    from lessons.listing import Listing
    from tui.progress.store import ProgressStore
    from tui.settings import LoadedSettings, Settings

MIN_WIDTH = 60
"""Below this many columns the app shows the "enlarge the terminal" notice."""
MIN_HEIGHT = 16
"""Below this many lines the app shows the "enlarge the terminal" notice."""

ScreenFactory = Callable[[], Screen[object]]


def lesson_commands() -> type[Provider]:
    """The palette's lesson commands, imported when the palette first opens."""
    from tui.app.palette import LessonCommands

    return LessonCommands


class CnnTutorApp(App[int]):
    """The cnn-tutor application: a lesson browser, an animated stepper, quiz and training."""

    faded_examples: bool = True
    """Faded worked examples in the stepper: worked windows first, then predictions."""
    TITLE = "cnn-tutor"
    SUB_TITLE = f"v{__version__}"
    CSS_PATH = ["app.tcss"]
    COMMANDS = App.COMMANDS | {lesson_commands}
    COMMAND_PALETTE_DISPLAY = "ctrl+p"
    BINDINGS = [
        Binding(
            "q", "quit", "Quit", tooltip="Leave cnn-tutor (your place is remembered)", id="app.quit"
        ),
        Binding(
            "question_mark",
            "help",
            "Help",
            key_display="?",
            tooltip="List every key",
            id="app.help",
        ),
    ]

    def export_screenshot(self, *, title: str | None = None, simplify: bool = False) -> str:
        """The screen as SVG that renders the same with any font (the export and the snapshots).

        Every glyph sits in its own cell (:func:`tui.app.svg_cells.place_glyphs`), so a viewer
        without Rich's web font (``rsvg-convert``, a slide tool offline) keeps the spaces after
        styled spans and the columns.
        """
        from tui.app.svg_cells import place_glyphs

        return place_glyphs(super().export_screenshot(title=title, simplify=simplify))

    def __init__(
        self,
        *,
        lesson_dirs: Sequence[str | os.PathLike[str]] = (),
        data_dir: str | os.PathLike[str] | None = None,
        initial_screen: Screen[object] | ScreenFactory | None = None,
        open_lesson: tuple[str, int, int] | None = None,
        lessons: LoadResult | None = None,
        fading: bool = True,
        welcome: bool = False,
        watch: bool = False,
        settings: LoadedSettings | None = None,
    ) -> None:
        """Make the app (nothing is loaded yet).

        Args:
            lesson_dirs: Extra folders of lesson files (``--lessons``).
            data_dir: Where ``progress.db`` lives (``--data-dir``).
            initial_screen: A screen (or a function making one) to show on top of home at start,
                such as the quiz for ``cnn-tutor quiz``.
            open_lesson: ``(lesson id, scene index, step)`` to open at start, 0-based scene.
            lessons: Lessons already loaded (``lessons.load_paths`` in tests, say); None loads
                them with ``lessons.load_all`` on first use.
            fading: Faded worked examples in the stepper (``--no-fading`` turns them off; a
                setting may map onto this).
            welcome: Open on the first-run welcome when ``progress.db`` is empty (the bare
                ``cnn-tutor`` command does).
            watch: Reload a lesson file when it changes (``--watch``, :mod:`tui.app.watch`).
            settings: The settings (:func:`tui.settings.load_settings`); None reads them.
        """
        super().__init__()
        self._fading_asked = fading
        self.faded_examples = fading
        self.welcome = welcome
        drop_stale_screen_resizes()  # else fast resizes can loop a screen's layout for ever
        self.lesson_dirs = tuple(lesson_dirs)
        self.data_dir = data_dir
        self._initial_screen = initial_screen
        self._open_lesson = open_lesson
        self._lessons: LoadResult | None = lessons
        self._store: ProgressStore | None = None
        self._heap_timer: Timer | None = None
        self.heap_settled = False
        """True once the screen on top has had its heap settled (see ``tui.app.heap``)."""
        self._load_lock = threading.Lock()
        self.watcher: LessonWatcher | None = LessonWatcher(self) if watch else None
        if settings is None:
            from tui.settings import load_settings

            settings = load_settings()
        self.loaded_settings = settings
        self._setting_notices = list(settings.problems)
        self._keymap_in_force: dict[str, str] = {}
        self.fading = True
        """Whether new output cells fade in (the ``fading`` setting)."""
        self._apply_settings(settings.settings)

    # ------------------------------------------------------------------ settings
    @property
    def settings(self) -> Settings:
        """The settings in force (``config.toml``, then ``CNN_TUTOR_*``)."""
        return self.loaded_settings.settings

    def _apply_settings(self, settings: Settings) -> None:
        """Theme, keymap, motion: what the app itself does with the settings."""
        path = self.loaded_settings.path
        lines = self.loaded_settings.lines
        if settings.theme == self.theme:
            pass  # the default: nothing to restyle
        elif settings.theme in self.available_themes:
            self.theme = settings.theme
        else:
            line = lines.get("theme")
            where = f"{path}:{line}" if line else "CNN_TUTOR_THEME"
            self._setting_notices.append(
                f"{where}: no theme named {settings.theme!r} (ctrl+p, Theme, lists them)"
            )
        # The screens are imported only to check a keymap: start-up stays as fast without one.
        known = {b.id for b in all_bindings() if b.id} if settings.keymap else set()
        keymap = {}
        for binding_id, keys in settings.keymap:
            if binding_id in known:
                keymap[binding_id] = keys
                continue
            line = lines.get(f"keymap.{binding_id}")
            where = f"{path}:{line}" if line else "CNN_TUTOR_KEYMAP"
            self._setting_notices.append(
                f"{where}: no key has the id {binding_id!r} (the README lists the ids)"
            )
        self._keymap_in_force = keymap
        if keymap:
            self.set_keymap(keymap)
        if settings.reduced_motion:
            self.animation_level = "none"
        # Reduced motion (the setting, or TEXTUAL_ANIMATIONS=none) turns the fades off too.
        self.fading = settings.fading and self.animation_level != "none"
        # Faded worked examples: on unless the caller (--no-fading) or the setting says off.
        self.faded_examples = self._fading_asked and settings.faded_examples

    @property
    def keymap(self) -> dict[str, str]:
        """The ``[keymap]`` in force, binding id to keys (ids that no binding has are left out)."""
        return dict(self._keymap_in_force)

    @property
    def reduced_motion(self) -> bool:
        """No animated transitions: the setting, or ``TEXTUAL_ANIMATIONS=none``."""
        return self.animation_level == "none"

    def _remember_theme(self, theme: object) -> None:
        """The user picked a theme: write it to the settings file."""
        name = getattr(theme, "name", None)
        if not isinstance(name, str) or name == self.settings.theme:
            return
        from dataclasses import replace

        from tui.settings import save_theme

        try:
            save_theme(self.loaded_settings.path, name)
        except OSError as error:
            self.notify(
                f"The theme could not be remembered in {self.loaded_settings.path}: "
                f"{error.strerror}",
                severity="warning",
                markup=False,
            )
            return
        self.loaded_settings = replace(
            self.loaded_settings, settings=replace(self.settings, theme=name)
        )

    # ------------------------------------------------------------------ shared state
    @property
    def lessons(self) -> LoadResult:
        """Every lesson (course order) and every broken file; loaded on first use."""
        with self._load_lock:
            if self._lessons is None:
                from lessons import load_all

                try:  # the files' sizes and times before reading them: an edit meanwhile shows
                    place: tuple[Path, dict[str, Any]] | None = self._listing_place()
                except OSError:
                    place = None
                self._lessons = load_all([os.fspath(folder) for folder in self.lesson_dirs])
                if place is not None:
                    self._save_listing(self._lessons, *place)
            return self._lessons

    def _listing_place(self) -> tuple[Path, dict[str, Any]]:
        """The listing's file (in the data folder) and the key it must have been saved under."""
        from lessons.listing import LISTING_FILE, listing_key
        from tui.datadir import resolve_data_dir

        key = listing_key([os.fspath(folder) for folder in self.lesson_dirs], __version__)
        return resolve_data_dir(self.data_dir) / LISTING_FILE, key

    def lesson_listing(self) -> Listing | None:
        """The lessons' listing saved by the last start, if no lesson file changed since.

        Without one (a first start), the listing of the built-in lessons shipped in the package,
        if they are the only lessons and none was edited since it was made. It lets home list
        the lessons before they are loaded (:mod:`lessons.listing`); None when there is none, it
        is stale or unreadable, or the lessons are loaded already.
        """
        if self._lessons is not None:
            return None
        from lessons.listing import LISTING_FILE, read_bundled_listing, read_listing
        from tui.datadir import resolve_data_dir

        folders = [os.fspath(folder) for folder in self.lesson_dirs]
        saved = None
        # none saved yet (a first start): no need to examine every lesson file for its key
        if os.path.lexists(resolve_data_dir(self.data_dir) / LISTING_FILE):
            with contextlib.suppress(OSError):
                saved = read_listing(*self._listing_place())
        return saved if saved is not None else read_bundled_listing(folders, __version__)

    @staticmethod
    def _save_listing(result: LoadResult, path: Path, key: dict[str, Any]) -> None:
        """Save the listing of freshly loaded lessons for the next start (best effort)."""
        from lessons.listing import listing_of, save_listing

        # a read-only data folder: the next start loads before listing, as before
        with contextlib.suppress(OSError):
            save_listing(path, listing_of(result.lessons, result.errors), key)

    @property
    def progress_kept(self) -> bool:
        """Whether there may be progress to show: the store is open, or its file exists.

        False on a first start (no ``progress.db`` yet): home lists every lesson as new
        without waiting for the store to import and create its file (it opens right after).
        """
        if self._store is not None:
            return True
        from tui.datadir import DB_NAME, resolve_data_dir

        return os.path.lexists(resolve_data_dir(self.data_dir) / DB_NAME)

    @property
    def lessons_loaded(self) -> bool:
        """Whether the lessons have been loaded already."""
        return self._lessons is not None

    @property
    def store(self) -> ProgressStore:
        """The progress store; opened on first use."""
        if self._store is None:
            from tui.progress.store import ProgressStore

            self._store = ProgressStore.open(self.data_dir)
            # A later notice (a write that failed, or saving again) comes from the store's
            # writer thread; App.notify is thread-safe.
            self._store.on_notice = lambda text, level: self.notify(
                text, severity=level, timeout=10, markup=False
            )
        return self._store

    @property
    def app_bindings(self) -> list[BindingType]:
        """The keys that work everywhere (the help lists them)."""
        return list(self.BINDINGS)

    def find_lesson(self, lesson_id: str) -> Lesson | None:
        """Return the lesson with this id, or None."""
        for lesson in self.lessons.lessons:
            if lesson.id == lesson_id:
                return lesson
        return None

    # ------------------------------------------------------------------ lifecycle
    def get_default_screen(self) -> Screen[Any]:
        """Home is the bottom of the screen stack."""
        from tui.app.screens.home import HomeScreen

        return HomeScreen()

    def on_mount(self) -> None:
        """Open any screen asked for at start; after the first frame, the store's notice."""
        self.call_after_refresh(self._after_home_listed, self._show_store_notice)
        for notice in self._setting_notices:
            self.notify(notice, severity="warning", timeout=10, markup=False)
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.screen_change_signal.subscribe(self, self._settle_heap_soon)
        self._settle_heap_soon(self.screen)
        if self._open_lesson is not None:
            lesson_id, scene, step = self._open_lesson
            self.open_lesson(lesson_id, scene=scene, step=step)
        if self._initial_screen is not None:
            screen = self._initial_screen
            self.push_screen(screen if isinstance(screen, Screen) else screen())
        elif self.welcome and self._open_lesson is None:
            self.call_after_refresh(self._after_home_listed, self._welcome_first_run)
        self._check_size()
        if self.watcher is not None:
            self.watcher.start()

    def _settle_heap_soon(self, screen: Screen[Any]) -> None:
        """Settle the heap (:func:`tui.app.heap.settle`) once this screen has been open a
        moment; a screen opened sooner puts it off again."""
        from tui.app.heap import SETTLE_AFTER

        if self._heap_timer is not None:
            self._heap_timer.stop()
        self.heap_settled = False
        self._heap_timer = self.set_timer(SETTLE_AFTER, self._settle_heap, name="settle-heap")

    def _settle_heap(self) -> None:
        from tui.app.heap import settle

        settle()
        self.heap_settled = True

    def _after_home_listed(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once home's rows are on the screen (at once if another is on top).

        The store's notice and the welcome wait for them: opening the store (some 20 ms) and
        the welcome's first frame (some 50 ms) would otherwise come before the rows.
        """
        from tui.app.screens.home import HomeScreen

        if isinstance(self.screen, HomeScreen):
            self.screen.call_when_listed(callback)
        else:
            callback()

    def _welcome_first_run(self) -> None:
        """On a first run (nothing in ``progress.db`` yet), open the welcome over home."""
        from tui.app.screens.too_small import TooSmallScreen

        if not self.store.is_empty or isinstance(self.screen, TooSmallScreen):
            return  # a terminal too small for the lessons is too small for the welcome
        from tui.app.screens.welcome import WelcomeScreen

        self.push_screen(WelcomeScreen())

    def _show_store_notice(self) -> None:
        if self.store.notice:
            self.notify(self.store.notice, severity="warning", timeout=10, markup=False)

    def on_unmount(self) -> None:
        """Close the store."""
        if self._store is not None:
            self._store.close()

    def on_resize(self, event: events.Resize) -> None:
        """Show or hide the "enlarge the terminal" notice as the terminal changes size."""
        self._check_size(event.size.width, event.size.height)

    def _check_size(self, width: int | None = None, height: int | None = None) -> None:
        from tui.app.screens.too_small import TooSmallScreen

        width = self.size.width if width is None else width
        height = self.size.height if height is None else height
        too_small = width < MIN_WIDTH or height < MIN_HEIGHT
        on_top = isinstance(self.screen, TooSmallScreen)
        if too_small and not on_top:
            self.push_screen(TooSmallScreen(MIN_WIDTH, MIN_HEIGHT))
        elif not too_small and on_top:
            self.pop_screen()
        elif too_small and on_top:
            self.screen.query_one("#too-small-size", Static).update(
                TooSmallScreen.size_text(width, height, MIN_WIDTH, MIN_HEIGHT)
            )

    # ------------------------------------------------------------------ navigation
    def open_lesson(self, lesson_id: str, *, scene: int = 0, step: int = 0) -> bool:
        """Open a lesson at a scene (0-based) and step; False (with a notice) if there is none."""
        lesson = self.find_lesson(lesson_id)
        if lesson is None:
            self.notify(f"No lesson named {lesson_id!r}.", severity="error", markup=False)
            return False
        from tui.app.screens.lesson import LessonScreen

        self.push_screen(LessonScreen(lesson, scene=scene, step=step))
        return True

    def open_quiz(self, *, review: bool = False) -> None:
        """Open quiz mode, or (``review``) a mixed review of the skills due (imported on demand)."""
        try:
            from tui.app.screens.quiz import QuizScreen
        except ImportError as error:
            self.notify(f"Quiz mode is not available: {error}", severity="warning", markup=False)
            return
        self.push_screen(QuizScreen(review=review))

    def open_training(self) -> None:
        """Open the training panel (imported on demand; torch loads only then)."""
        try:
            from tui.app.screens.training import TrainingScreen
        except ImportError as error:
            self.notify(
                f"The training panel is not available: {error}", severity="warning", markup=False
            )
            return
        self.push_screen(TrainingScreen())

    def open_playground(self, scene: object | None = None) -> None:
        """Open the playground, on a lesson scene's arrays and parameters or on a 6×6 example.

        Args:
            scene: A lesson scene (``e`` in the stepper), or None for the default state.
        """
        from lessons.playground import PlaygroundError, PlayState
        from tui.app.screens.playground import PlaygroundScreen

        try:
            state = PlayState.example() if scene is None else PlayState.from_scene(scene)
            built = state.build()
        except PlaygroundError as error:
            self.notify(f"The playground cannot open this scene: {error}", markup=False)
            return
        self.push_screen(PlaygroundScreen(built))

    def action_help(self) -> None:
        """Show every key."""
        from tui.app.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    def action_toggle_fading(self) -> None:
        """Turn faded worked examples on or off (an open lesson follows at once)."""
        from tui.app.screens.lesson import LessonScreen

        screen = self.screen
        if isinstance(screen, LessonScreen):
            screen.action_toggle_fading()
        else:
            self.faded_examples = not self.faded_examples
        state = "on" if self.faded_examples else "off"
        self.notify(f"Faded worked examples {state}", timeout=3)


def create_app(
    *,
    lesson_dirs: Sequence[str | os.PathLike[str]] | None = None,
    data_dir: str | os.PathLike[str] | None = None,
    initial_screen: Screen[object] | ScreenFactory | None = None,
    open_lesson: tuple[str, int, int] | None = None,
    lessons: LoadResult | None = None,
    fading: bool = True,
    welcome: bool = False,
    watch: bool = False,
    settings: LoadedSettings | None = None,
) -> CnnTutorApp:
    """Build the app exactly as ``cnn-tutor`` does; tests and ``export`` use this factory too.

    Args:
        lesson_dirs: Extra folders of lesson files.
        data_dir: Where ``progress.db`` lives.
        initial_screen: A screen (or a function making one) to show on top of home at start.
        open_lesson: ``(lesson id, scene index, step)`` to open at start, 0-based scene.
        lessons: Lessons already loaded; None loads them with ``lessons.load_all`` on first use.
        fading: Faded worked examples in the stepper (``--no-fading``: False).
        welcome: Open on the first-run welcome when ``progress.db`` is empty.
        watch: Reload a lesson file when it changes, keeping the scene and step (``--watch``).
        settings: The settings; None reads ``config.toml`` and ``CNN_TUTOR_*``.
    """
    return CnnTutorApp(
        lesson_dirs=lesson_dirs or (),
        data_dir=data_dir,
        initial_screen=initial_screen,
        open_lesson=open_lesson,
        lessons=lessons,
        fading=fading,
        welcome=welcome,
        watch=watch,
        settings=settings,
    )


def all_bindings() -> list[Binding]:
    """Every binding of the app and its screens and widgets (the ids a ``[keymap]`` can remap).

    The classes are discovered, not listed: every module of ``tui.app.screens`` and
    ``tui.app.widgets`` is imported and each class defined there that declares its own
    ``BINDINGS`` contributes them, so a new screen's keys cannot be left out of the keymap.
    """
    import importlib
    import inspect
    import pkgutil

    from textual.dom import DOMNode

    import tui.app.screens
    import tui.app.widgets

    classes: list[type[DOMNode]] = [CnnTutorApp]
    for package in (tui.app.screens, tui.app.widgets):
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for _, cls in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(cls, DOMNode)
                    and cls.__module__ == module.__name__
                    and "BINDINGS" in vars(cls)
                ):
                    classes.append(cls)
    return [b for cls in classes for b in cls.BINDINGS if isinstance(b, Binding)]
