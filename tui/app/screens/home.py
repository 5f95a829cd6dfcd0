"""Home: the lessons grouped by deck in course order, quiz and training, and broken lesson files."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from lessons.progression import missing_prerequisites, next_lesson
from tui.app.navigation import tutor
from tui.terminal_text import printable

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from textual.geometry import Region
    from textual.strip import Strip

    from lessons import Lesson, LoadResult
    from lessons.listing import ListedLesson, Listing

    Listed = Lesson | ListedLesson
    """A loaded lesson, or its entry in the listing saved by the last start."""

STATUS_MARKS = {"done": "✓ done", "seen": "● seen", "": "○ new "}
"""How a lesson's progress reads in the list (a word as well as a symbol)."""
LOCKED_MARK = "◌ soon"
"""A new lesson whose prerequisites are not done yet (it still opens)."""

CONTINUE = "continue"
QUIZ = "quiz"
REVIEW = "review"
NEXT = "next"
TRAINING = "training"
PLAYGROUND = "playground"
LESSON_PREFIX = "lesson:"
BROKEN_PREFIX = "broken:"

NONE_DUE = "a mixed review of what you practised, once something is due"
"""The review entry's words while no skill was practised yet."""


@dataclass(frozen=True)
class Row:
    """One entry of the list on one line, whatever the width: ``head``, ``title``, ``tail``.

    Where the line does not fit, the title is cut with an ellipsis; a ``droppable`` tail (a
    lesson's id) goes first when that would leave the title fewer than :attr:`MIN_TITLE` cells.
    """

    head: str
    """What comes first, e.g. ``"  ○ new   "``."""
    head_style: str
    """Its Rich style."""
    title: str
    """The part that is shortened to fit."""
    tail: str = ""
    """What comes last, e.g. ``"  020-conv-sizes"``."""
    tail_style: str = "dim"
    """Its Rich style."""
    droppable: bool = True
    """Whether the tail may be left out when narrow (else only the title shrinks)."""

    MIN_TITLE = 40
    """Cells the title keeps before a droppable tail is dropped."""

    def __str__(self) -> str:
        return f"{self.head}{self.title}{self.tail}"

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(cell_len(self.head) + 1, cell_len(str(self)))

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield self.fit(options.max_width)

    def fit(self, width: int) -> Text:
        """The line in at most ``width`` cells (the head alone is never cut but by the edge)."""
        tail = self.tail
        room = width - cell_len(self.head)
        if cell_len(self.title) + cell_len(tail) > room:
            if self.droppable and room - cell_len(tail) < self.MIN_TITLE:
                tail = ""
            title = Text(self.title)
            title.truncate(max(1, room - cell_len(tail)), overflow="ellipsis")
        else:
            title = Text(self.title)
        line = Text.assemble((self.head, self.head_style), title, (tail, self.tail_style))
        line.truncate(width, overflow="ellipsis")
        line.no_wrap = True
        return line


def deck_heading(lesson: Listed) -> str:
    """The group heading of a lesson's deck: its number and the course's name."""
    deck = getattr(lesson, "deck", None)
    if deck is None:
        return BEYOND
    course = getattr(deck, "course", "") or ""
    file = getattr(deck, "file", "") or ""
    number = file.split("_", 1)[0] if file[:1].isdigit() else file
    if number and course:
        return f"Deck {number} · {course}"
    return course or number or BEYOND


BEYOND = "Beyond the decks"
"""The group of the lessons that mirror no deck; listed last, once."""


def grouped(lessons: Sequence[Listed]) -> list[tuple[str, list[Listed]]]:
    """The lessons under their deck headings, each heading once, in course order.

    Decks come in the order of their first lesson; a deck's lessons keep file-name order; the
    lessons beyond the decks (a user's ``015-mine.yaml`` without a deck among them) come last,
    under one heading.
    """
    groups: dict[str, list[Listed]] = {}
    for lesson in lessons:
        groups.setdefault(deck_heading(lesson), []).append(lesson)
    beyond = groups.pop(BEYOND, None)
    ordered = list(groups.items())
    if beyond:
        ordered.append((BEYOND, beyond))
    return ordered


def lesson_matches(lesson: Listed, query: str) -> bool:
    """Whether a lesson matches the filter (every word, anywhere in id, title, summary or deck)."""
    haystack = " ".join(
        [lesson.id, lesson.title, getattr(lesson, "summary", "") or "", deck_heading(lesson)]
    ).casefold()
    return all(word in haystack for word in query.casefold().split())


class LessonList(OptionList):
    """Home's list; after :meth:`tell_when_drawn`, it posts :class:`Drawn` once it draws.

    What waits for the rows (the lessons' load, a thread that holds the GIL for about half a
    second) starts then: "after the next refresh" (``call_after_refresh``) may come before it.
    """

    class Drawn(Message):
        """The rows set before :meth:`LessonList.tell_when_drawn` are in a frame."""

    _tell = False

    def tell_when_drawn(self) -> None:
        """Post :class:`Drawn` once the list next draws its lines."""
        self._tell = True
        self.refresh()

    def render_lines(self, crop: Region) -> list[Strip]:
        """The lines in ``crop``; the first call after :meth:`tell_when_drawn` posts ``Drawn``."""
        lines = super().render_lines(crop)
        if self._tell:
            self._tell = False
            self.post_message(self.Drawn())  # handled after this frame is written
        return lines


class HomeScreen(Screen[None]):
    """The lesson browser: Enter opens the selection, ``/`` filters."""

    AUTO_FOCUS = "#home-list"

    _when_listed: list[Callable[[], None]] | None = None
    """What waits for the rows' first frame (:meth:`call_when_listed`); None once it came."""

    _filled = True
    """False while the list waits for its first frame (drawn empty) to be filled."""

    _listing: Listing | None = None
    """The listing the last start saved (on a first start, the one shipped with the built-in
    lessons), shown until the lessons are loaded."""

    _filter_on_resume = False
    """Open the filter when this screen is shown again (:meth:`filter_when_shown`)."""

    BINDINGS = [
        Binding(
            "enter",
            "open",
            "Open",
            tooltip="Open the selected lesson, quiz or training",
            id="home.open",
        ),
        # A priority binding runs as the app reads the key, before it reads the next one: keys
        # typed in one burst after "/" (a fast typist, a paste) all reach the filter.
        Binding(
            "slash",
            "filter",
            "Filter",
            key_display="/",
            priority=True,
            tooltip="Filter the lessons by text",
            id="home.filter",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            show=False,
            tooltip="Clear the filter (on home); go back (elsewhere)",
            id="home.clear_filter",
        ),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="filter lessons (escape clears)", id="filter", classes="-hidden")
        # empty in the first frame: its rows come right after it (see on_mount)
        yield LessonList(id="home-list")
        yield Static("", id="home-summary", markup=False)  # quotes lesson files
        yield Footer()

    def on_mount(self) -> None:
        """Fill the list right after the first frame, then load the lessons off the UI thread."""
        self.title = "cnn-tutor"
        self.sub_title = "lessons"
        self._when_listed = []
        if tutor(self.app).lessons_loaded:
            self.refresh_list()
            self._tell_when_drawn()
        elif self.is_current:
            # The first frame shows the list's empty frame: reading a listing and the progress
            # store, and building the rows, would delay it by some 20% of a bare app's first
            # frame. The rows come right after it (on_lesson_list_drawn).
            self._filled = False
            self.query_one("#home-list", LessonList).tell_when_drawn()
        else:  # a screen opened at start covers home
            self.call_after_refresh(self._list_before_load)

    def call_when_listed(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` once the list's first rows are on the screen (at once if they are)."""
        if self._when_listed is None:
            callback()
        else:
            self._when_listed.append(callback)

    def _tell_when_drawn(self) -> None:
        """Wait for the rows' frame (:meth:`on_lesson_list_drawn`); none comes under a screen."""
        if self.is_current:
            self.query_one("#home-list", LessonList).tell_when_drawn()
        else:  # a screen opened at start covers home: what waited goes on at once
            self._rows_drawn()

    def _list_before_load(self) -> None:
        """The rows from a listing (no "Loading lessons…"), then the load, after their frame.

        The listing is the one the last start saved, or on a first start the one shipped with
        the built-in lessons, if no lesson file changed since; the list is rebuilt from the
        lessons once they load.
        """
        if tutor(self.app).lessons_loaded:  # loaded meanwhile (a lesson opened at start)
            self.refresh_list()
        else:
            self._listing = tutor(self.app).lesson_listing()
            if self._listing is not None:
                self.refresh_list(self._listing)
            else:
                option_list = self.query_one("#home-list", OptionList)
                option_list.set_options([Option("Loading lessons…", disabled=True)])
        self._tell_when_drawn()

    def on_lesson_list_drawn(self, event: LessonList.Drawn) -> None:
        """The first frame is out (the list empty): the rows; the rows are out: the load."""
        event.stop()
        if not self._filled:
            self._filled = True
            self._list_before_load()
        else:
            self._rows_drawn()

    def _rows_drawn(self) -> None:
        """The lessons' load starts, then what waited for the rows runs."""
        if not tutor(self.app).lessons_loaded:
            self._load()
        waiting, self._when_listed = self._when_listed or [], None
        for callback in waiting:
            callback()

    @work(thread=True, exclusive=True, group="load-lessons")
    def _load(self) -> None:
        tutor(self.app).lessons  # noqa: B018 - loads and caches them
        self.app.call_from_thread(self.refresh_list)

    def on_screen_resume(self) -> None:
        """Back from a lesson: the filter is cleared, the list focused, progress marks updated.

        A filter left holding its text and the focus would take the next ``/`` as text
        ("No lesson matches 'xo/'").
        """
        if self._filter_on_resume:  # the filter opened empty, and not closed again below
            self._filter_on_resume = False
            self.query_one("#filter", Input).value = ""
            self.action_filter()
        else:
            self.action_clear_filter()
        if tutor(self.app).lessons_loaded:
            self.refresh_list()
        elif self._listing is not None:
            self.refresh_list(self._listing)

    def filter_when_shown(self) -> None:
        """Open the filter when this screen is next shown (the welcome's "Jump to a topic").

        Opened from the closing screen, after a refresh, it raced with this screen's resume,
        which clears the filter and focuses the list (``focus()`` runs later still): the list
        could take the focus back from the filter.
        """
        self._filter_on_resume = True

    # ------------------------------------------------------------------ the list
    @property
    def query_text(self) -> str:
        """The current filter text."""
        return self.query_one("#filter", Input).value.strip()

    def build_options(
        self, result: LoadResult | Listing, status: dict[str, str], *, progress: bool = True
    ) -> list[Option]:
        """The list's entries: continue, quiz, training, each deck's lessons, broken files.

        ``result`` is the loaded lessons, or a listing of them (saved by the last start, or
        shipped with the built-in lessons: the same entries, shown while the lessons load).
        ``progress`` False: nothing was kept yet (a first start), the store is not read.
        """
        query = self.query_text
        options: list[Option] = []
        if not query:
            last = tutor(self.app).store.last_position() if progress else None
            lesson = next((item for item in result.lessons if last and item.id == last[0]), None)
            if last is not None and lesson is not None:
                _, scene, step = last
                prompt = Row(
                    "▶ Continue  ",
                    "bold",
                    printable(lesson.title),
                    f" · scene {scene + 1} · step {step}",
                    "",
                    droppable=False,
                )
                options.append(Option(prompt, id=CONTINUE))
            suggested = next_lesson(result.lessons, status)
            if suggested is not None and (last is None or last[0] != suggested.id):
                prompt = Row("→ Next      ", "bold", printable(suggested.title), "  suggested")
                options.append(Option(prompt, id=NEXT))
            options.append(
                Option(
                    Text.assemble(("✎ Quiz      ", "bold"), "practise with engine-checked answers"),
                    id=QUIZ,
                )
            )
            options.append(
                Option(
                    Text.assemble(
                        ("↻ Review    ", "bold"), self.due_text() if progress else NONE_DUE
                    ),
                    id=REVIEW,
                )
            )
            options.append(
                Option(
                    Text.assemble(("⚙ Training  ", "bold"), "train the X/O toy ConvNet live"),
                    id=TRAINING,
                )
            )
            options.append(
                Option(
                    Text.assemble(("▦ Playground ", "bold"), "your own grid, kernel and stride"),
                    id=PLAYGROUND,
                )
            )
        if result.errors and not query:  # first, so an instructor sees at once what broke
            title = Text("Broken lesson files", style="bold underline")
            options.append(Option(title, disabled=True))
            for index, error in enumerate(result.errors):
                broken = Text.assemble(("  ✗ broken  ", "bold"), (printable(str(error)), ""))
                options.append(Option(broken, id=f"{BROKEN_PREFIX}{index}"))
        shown = 0
        known = {lesson.id for lesson in result.lessons}
        for group, lessons in grouped(
            [lesson for lesson in result.lessons if not query or lesson_matches(lesson, query)]
        ):
            options.append(Option(Text(group, style="bold underline"), disabled=True))
            for lesson in lessons:
                mark = STATUS_MARKS.get(status.get(lesson.id, ""), STATUS_MARKS[""])
                tail = f"  {printable(lesson.id)}"
                needs = missing_prerequisites(lesson, status, known)
                if mark == STATUS_MARKS[""] and needs:
                    mark = LOCKED_MARK
                    tail = f"  after {printable(', '.join(needs))}"
                prompt = Row(
                    f"  {mark}  ",
                    "dim" if mark in (STATUS_MARKS[""], LOCKED_MARK) else "bold",
                    printable(lesson.title),
                    tail,
                )
                options.append(Option(prompt, id=f"{LESSON_PREFIX}{lesson.id}"))
                shown += 1
        if query and shown == 0:
            options.append(Option(f"No lesson matches {query!r}.", disabled=True))
        return options

    def due_text(self) -> str:
        """What is due for review, in words: ``2 skills due: pooling, output-size``."""
        from lessons.quiz.catalog import skill_titles
        from lessons.quiz.mastery import due_text

        store = tutor(self.app).store
        due = store.due()
        if due:
            titles = skill_titles()
            names = ", ".join(titles.get(skill, skill) for skill in due[:3])
            more = f" and {len(due) - 3} more" if len(due) > 3 else ""
            return f"{len(due)} skill{'s' * (len(due) != 1)} due: {names}{more}"
        known = store.mastery()
        if not known:
            return NONE_DUE
        soonest = min(state.due for state in known.values())
        return f"nothing due now; next {due_text(soonest, store.clock())}"

    def refresh_list(self, listing: Listing | None = None) -> None:
        """Rebuild the list from the lessons (or ``listing``), the filter and the store."""
        result: LoadResult | Listing = listing if listing is not None else tutor(self.app).lessons
        # listed before the load on a first start: every lesson is new, and the store (which
        # opens right after) need not be imported and created before the rows
        progress = listing is None or tutor(self.app).progress_kept
        status = tutor(self.app).store.lesson_status() if progress else {}
        option_list = self.query_one("#home-list", OptionList)
        keep = option_list.highlighted_option.id if option_list.highlighted_option else None
        option_list.set_options(self.build_options(result, status, progress=progress))
        index = None
        if keep is not None:
            try:
                index = option_list.get_option_index(keep)
            except Exception:  # the option is filtered out
                index = None
        if index is None:
            index = next(
                (
                    i
                    for i, option in enumerate(option_list.options)
                    if not option.disabled
                    and (
                        self.query_text
                        or option.id == CONTINUE
                        or (option.id or "").startswith(LESSON_PREFIX)
                    )
                ),
                None,
            )
        option_list.highlighted = index
        count = len(result.lessons)
        broken = len(result.errors)
        summary = f"{count} lessons"
        if broken:
            summary += f" · {broken} broken file{'s' if broken != 1 else ''}"
        done = sum(1 for value in status.values() if value == "done")
        summary += f" · {done} done"
        self.query_one("#home-summary", Static).update(summary)

    # ------------------------------------------------------------------ actions
    @on(OptionList.OptionSelected, "#home-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_option(event.option.id)

    @on(OptionList.OptionHighlighted, "#home-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        option_id = event.option.id or ""
        if option_id.startswith(LESSON_PREFIX):
            lesson_id = option_id[len(LESSON_PREFIX) :]
            scenes = 0
            lesson: Listed | None = None
            if tutor(self.app).lessons_loaded:
                lesson = tutor(self.app).find_lesson(lesson_id)
                scenes = len(lesson.scenes) if lesson is not None else 0
            elif self._listing is not None:  # not loaded yet: never load on the UI thread
                lesson = next(
                    (item for item in self._listing.lessons if item.id == lesson_id), None
                )
                scenes = lesson.scene_count if lesson is not None else 0
            if lesson is not None:
                text = f"{printable(lesson.summary)}  ({scenes} scene{'s' if scenes != 1 else ''})"
                self.query_one("#home-summary", Static).update(text)

    def open_option(self, option_id: str | None) -> None:
        """Open what an entry stands for."""
        app = tutor(self.app)
        if option_id is None:
            return
        if option_id == QUIZ:
            app.open_quiz()
        elif option_id == REVIEW:
            app.open_quiz(review=True)
        elif option_id == NEXT:
            suggested = next_lesson(app.lessons.lessons, app.store.lesson_status())
            if suggested is not None:
                app.open_lesson(suggested.id)
        elif option_id == TRAINING:
            app.open_training()
        elif option_id == PLAYGROUND:
            app.open_playground()
        elif option_id == CONTINUE:
            last = app.store.last_position()
            if last is not None:
                lesson_id, scene, step = last
                app.open_lesson(lesson_id, scene=scene, step=step)
        elif option_id.startswith(LESSON_PREFIX):
            app.open_lesson(option_id[len(LESSON_PREFIX) :])
        elif option_id.startswith(BROKEN_PREFIX):
            error = app.lessons.errors[int(option_id[len(BROKEN_PREFIX) :])]
            self.app.notify(
                printable(str(error)),
                title="This lesson file is broken",
                severity="error",
                timeout=10,
                markup=False,  # the error quotes the file, which may hold [/]
            )

    def action_open(self) -> None:
        """Open the highlighted entry (Enter in the filter opens the first match)."""
        option_list = self.query_one("#home-list", OptionList)
        option = option_list.highlighted_option
        if option is not None and not option.disabled:
            self.open_option(option.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``/`` typed in the filter is text, not the filter key again."""
        return not (action == "filter" and isinstance(self.focused, Input))

    def action_filter(self) -> None:
        """Show and focus the filter, at once (not after a refresh) so no following key is lost."""
        box = self.query_one("#filter", Input)
        box.remove_class("-hidden")
        self.set_focus(box)

    def on_paste(self, event: events.Paste) -> None:
        """Text pasted on the list goes to the filter, as if typed: ``/xo`` then Enter opens xo."""
        box = self.query_one("#filter", Input)
        if self.focused is box:
            return
        event.stop()
        text = event.text.replace("\r\n", "\n").replace("\r", "\n")
        first, newline, _ = text.partition("\n")
        query = first.removeprefix("/").strip()
        if not query:
            return
        self.action_filter()
        box.value = query
        box.cursor_position = len(query)
        if newline:
            self.refresh_list()
            self.action_open()

    def action_clear_filter(self) -> None:
        """Clear and hide the filter."""
        box = self.query_one("#filter", Input)
        if box.value:
            box.value = ""
        box.add_class("-hidden")
        self.query_one("#home-list", OptionList).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if tutor(self.app).lessons_loaded:
            self.refresh_list()
        elif self._listing is not None:
            self.refresh_list(self._listing)

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()
