"""The lesson stepper: narration, the animated grids, the arithmetic of the current step.

The screen owns the state, as reactives, and the board follows it:

* ``scene``: which scene of the lesson (0-based);
* ``step``: how many windows have been computed (0: none yet, the problem as posed);
* ``playing`` and ``speed``: the animation, driven by an interval timer.

A pipeline scene (deck 003's filter → ReLU → pool → vote) is a row of stages; its steps run through
each stage's steps in turn.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Markdown, Static

from engine import Step
from lessons.playback import Playback, Timeline, narrate, prepare
from lessons.quiz.fading import Fade, fade_for
from lessons.verify import verify_scene
from tui.app.line_compositor import use_line_compositor
from tui.app.navigation import tutor
from tui.app.widgets.board import TALL_FROM, Board
from tui.app.widgets.grid import GridView
from tui.app.widgets.line_update import update_line
from tui.app.widgets.narration_patch import patch_paragraphs
from tui.app.widgets.picture import FillingPicture
from tui.app.widgets.picture_pane import PicturePane, planned_width, wants_pictures
from tui.app.widgets.scene_outline import OutlineEntry, SceneOutline, asks_text, opening
from tui.app.widgets.scrub_bar import ScrubBar
from tui.app.widgets.step_history import StepHistory
from tui.terminal_text import printable

if TYPE_CHECKING:
    from lessons import Lesson

SPEEDS: tuple[float, ...] = (0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0)
"""Animation speeds, in steps per second; ``+`` and ``-`` move along this list."""
DEFAULT_SPEED = 2
"""Index of the speed a lesson starts at (1 step per second)."""
BESIDE_FROM = 100
"""Columns from which the narration may sit beside the board."""
NARRATION_MIN = 36
"""The narrowest narration column beside the board."""
READING_FROM = 120
"""Columns from which a scene without grids keeps a reading measure beside the lesson's outline."""
READING_MAX = 96
"""The widest reading column (narration lines of about 90 characters)."""
OUTLINE_MIN = 46
"""The narrowest outline panel beside the reading column."""


def nearest_speed(steps_per_second: float) -> int:
    """The index of the speed on :data:`SPEEDS` nearest to ``steps_per_second`` (the setting).

    >>> nearest_speed(1.0), nearest_speed(3.0), nearest_speed(100.0)
    (2, 3, 6)
    """
    return min(range(len(SPEEDS)), key=lambda i: (abs(SPEEDS[i] - steps_per_second), i))


SCENE_TITLE_ROOM = 60
"""Columns of the status line kept for the scene's number and title before the step part takes
its longer wordings ("✎ faded: 2 worked, then you predict (f: off)" becomes "✎ faded (f)")."""

SAVE_DELAY = 0.5
"""Seconds of stillness before the position is written to the store."""


def deck_number(file: str | None) -> str | None:
    """A seed deck's number from its file name: ``000_2ce6168aac0ff3a0.txt`` → ``000``."""
    if not file:
        return None
    head = file.split("_", 1)[0].split(".", 1)[0]
    return head if head.isdigit() else None


def scene_subtitle(lesson: Lesson, scene: int) -> str:
    """The header's second part: the course and the slide a scene follows, never a file name.

    ``CS344 Deep Learning · slide "Stride of 2"``; a slide of another deck names it by number
    (``slide "Stride" (deck 004)``).
    """
    deck = getattr(lesson, "deck", None)
    citation = getattr(lesson, "citation", None)  # a lesson citing a work instead of a deck
    parts = [getattr(deck, "course", "") or (citation.text() if citation is not None else "")]
    slide = getattr(lesson.scenes[scene], "slide", None)
    if slide is not None:
        text = f'slide "{slide.title}"'
        number = deck_number(getattr(slide, "deck", None))
        if number is not None and number != deck_number(getattr(deck, "file", None)):
            text += f" (deck {number})"
        parts.append(text)
    return " · ".join(part for part in parts if part)


def mismatch_warning(scene: object, number: int) -> str | None:
    """The scene's warning line when its ``expect`` disagrees with the engine, else None.

    A mismatch the lesson marks as an erratum is not a warning: the erratum line says it.

    Args:
        scene: The lesson's scene.
        number: Its 1-based number (the one ``cnn-tutor check`` prints).
    """
    failures = [finding for finding in verify_scene(scene, number) if not finding.erratum]
    if not failures:
        return None
    first = failures[0]
    if first.cell:
        where = f"cell ({', '.join(str(i) for i in first.cell)})"
    else:
        where = "the shape" if first.cell is None else "the value"
    if first.stage is not None:
        where = f"stage {first.stage}, {where}"
    more = f" (and {len(failures) - 1} more)" if len(failures) > 1 else ""
    return (
        "⚠ The lesson file's expected values disagree with the engine, and no erratum explains "
        f"it: {where}: the file says {first.slide}, the engine computes {first.computed}{more}. "
        "The grids show the engine's values; 'cnn-tutor check' lists every mismatch."
    )


class LessonScreen(Screen[None]):
    """Step through a lesson's scenes one window at a time."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (130, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL_FROM, "-tall")]

    BINDINGS = [
        Binding(
            "right,l",
            "next_step",
            "Next",
            key_display="→/l",
            tooltip="Next step",
            id="lesson.next_step",
        ),
        Binding(
            "left,h",
            "prev_step",
            "Prev",
            key_display="←/h",
            tooltip="Previous step",
            id="lesson.prev_step",
        ),
        Binding(
            "space",
            "toggle_play",
            "Play",
            tooltip="Play or pause the animation",
            id="lesson.toggle_play",
        ),
        Binding(
            "plus",
            "faster",
            "Faster",
            key_display="+",
            show=False,
            tooltip="Animate faster",
            id="lesson.faster",
        ),
        Binding(
            "minus",
            "slower",
            "Slower",
            key_display="-",
            show=False,
            tooltip="Animate slower",
            id="lesson.slower",
        ),
        Binding(
            "home",
            "first_step",
            "First",
            show=False,
            tooltip="First step of the scene",
            id="lesson.first_step",
        ),
        Binding(
            "end",
            "last_step",
            "Last",
            show=False,
            tooltip="Last step of the scene",
            id="lesson.last_step",
        ),
        Binding(
            "right_square_bracket",
            "next_row",
            "Row+",
            key_display="]",
            show=False,
            tooltip="Jump a row of windows forward",
            id="lesson.next_row",
        ),
        Binding(
            "left_square_bracket",
            "prev_row",
            "Row-",
            key_display="[",
            show=False,
            tooltip="Jump a row of windows back",
            id="lesson.prev_row",
        ),
        Binding(
            "shift+left",
            "pan(0, -4)",
            "Pan ←",
            show=False,
            tooltip="Pan a big grid left",
            id="lesson.pan_left",
        ),
        Binding(
            "shift+right",
            "pan(0, 4)",
            "Pan →",
            show=False,
            tooltip="Pan a big grid right",
            id="lesson.pan_right",
        ),
        Binding(
            "shift+up",
            "pan(-4, 0)",
            "Pan ↑",
            show=False,
            tooltip="Pan a big grid up",
            id="lesson.pan_up",
        ),
        Binding(
            "shift+down",
            "pan(4, 0)",
            "Pan ↓",
            show=False,
            tooltip="Pan a big grid down",
            id="lesson.pan_down",
        ),
        Binding("n", "next_scene", "Scene+", tooltip="Next scene", id="lesson.next_scene"),
        Binding("p", "prev_scene", "Scene-", tooltip="Previous scene", id="lesson.prev_scene"),
        Binding(
            "r", "restart", "Restart", show=False, tooltip="Restart the scene", id="lesson.restart"
        ),
        Binding(
            "g",
            "toggle_predict",
            "Predict",
            show=False,
            tooltip="Predict before reveal: ask for each next cell before showing it",
            id="lesson.toggle_predict",
        ),
        Binding(
            "escape",
            "back",
            "Back",
            key_display="esc",
            tooltip="Back to the lesson list",
            id="lesson.back",
        ),
        Binding(
            "f",
            "toggle_fading",
            "Fading",
            show=False,
            tooltip="Faded worked examples: first windows worked, then asked",
            id="lesson.toggle_fading",
        ),
        Binding(
            "e",
            "playground",
            "Play",
            show=False,
            tooltip="Open this scene in the playground (what if the stride were 2?)",
            id="lesson.playground",
        ),
    ]

    # ``var``: state the widgets follow through watchers; changing it never repaints the screen.
    scene: var[int] = var(0, init=False)
    step: var[int] = var(0, init=False)
    playing: var[bool] = var(False, init=False)
    speed: var[int] = var(DEFAULT_SPEED, init=False)
    predicting: var[bool] = var(False, init=False)

    def __init__(self, lesson: Lesson, *, scene: int = 0, step: int = 0) -> None:
        """Open a lesson.

        Args:
            lesson: The lesson.
            scene: The scene to start at (0-based; clamped).
            step: The step to start at (clamped to the scene).
        """
        super().__init__()
        use_line_compositor(self)
        self.lesson = lesson
        self._playbacks: dict[int, Playback] = {}
        self._timer: Timer | None = None
        self._save_timer: Timer | None = None
        self.board: Board | None = None
        self._pictures: PicturePane | None = None
        self.timeline: Timeline = Timeline((), ())
        self._stage = -1
        self._narration_text: str | None = None
        self.fade: Fade = Fade(None, False, 0)
        """How the current scene fades (:mod:`lessons.quiz.fading`)."""
        self._status_scene: str | None = None
        self._status_text: str | None = None
        first = max(0, min(scene, len(lesson.scenes) - 1))
        self.set_reactive(LessonScreen.scene, first)
        self._start_step = max(0, step)

    # ------------------------------------------------------------------ composing
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="lesson-status"):
            yield Static("", id="status-scene", markup=False)  # a title from the lesson file
            yield Static("", id="status-step")
        # An ``expect`` the engine disagrees with, not marked as an erratum (quotes the file).
        yield Static("", id="scene-warning", markup=False, classes="-empty")
        with Horizontal(id="lesson-main"):
            with Vertical(id="lesson-body"):
                with Vertical(id="board-column"):
                    yield Vertical(id="stage")
                    # the windows computed so far, in the rows a tall board column leaves free
                    yield StepHistory(id="history", classes="-empty")
                    yield ScrubBar(id="scrub", classes="-empty")
                with VerticalScroll(id="narration-box", can_focus=False):
                    yield Markdown("", id="narration")
                    # a scene without grids: its quiz questions, read with it
                    yield Static("", id="scene-asks", classes="-empty")
                # the same list under a short narration below the board, on a tall terminal
                yield StepHistory(id="history-below", classes="-empty")
            # the lesson's scenes beside a scene without grids on a wide terminal
            yield SceneOutline(id="outline")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        """Open the first scene and remember the lesson as seen."""
        self.title = printable(self.lesson.title)  # never an OSC sequence to the terminal
        settings = tutor(self.app).settings
        self.set_reactive(LessonScreen.speed, nearest_speed(settings.speed))
        self.set_reactive(LessonScreen.predicting, settings.predict)
        self._predict_setting = bool(settings.predict)
        self._timer = self.set_interval(1 / SPEEDS[self.speed], self._tick, pause=True)
        tutor(self.app).store.mark_seen(self.lesson.id)
        self._load_scene(self.scene, self._start_step)

    def on_unmount(self) -> None:
        """Write the position before leaving."""
        self._save_now()

    # ------------------------------------------------------------------ scenes
    def playback(self, index: int) -> Playback:
        """The prepared playback of a scene (prepared once, then cached)."""
        if index not in self._playbacks:
            self._playbacks[index] = prepare(self.lesson.scenes[index])
        return self._playbacks[index]

    @property
    def worked_windows(self) -> int:
        """Windows of each stage shown worked before the predictions start (fading)."""
        return self.fade.worked if self.fade.active else 0

    def _apply_fading(self) -> None:
        """Fade the scene when its kind's skill is not mastered: predict before reveal on."""
        store = tutor(self.app).store
        kind = str(self.lesson.scenes[self.scene].kind)
        enabled = bool(getattr(self.app, "faded_examples", True))
        self.fade = fade_for(kind, store.mastery(), enabled=enabled)
        predict = bool(getattr(self, "_predict_setting", False))  # the `predict` setting
        self.set_reactive(LessonScreen.predicting, self.fade.active or predict)

    def _load_scene(self, index: int, step: int) -> None:
        self.sub_title = printable(scene_subtitle(self.lesson, index))
        self._show_warning(index)
        self.timeline = self.playback(index).timeline
        self._apply_fading()
        self._stage = -1
        self._narration_text = None
        self.set_reactive(LessonScreen.step, max(0, min(step, self.timeline.total)))
        self._show()
        self._show_outline()
        self.query_one("#narration-box", VerticalScroll).scroll_home(animate=False)

    def _show_outline(self) -> None:
        """The outline marks the current scene; the scene's questions go under its narration."""
        store = tutor(self.app).store
        entries = [
            OutlineEntry(printable(str(getattr(scene, "title", None) or scene.kind)), scene.kind)
            for scene in self.lesson.scenes
        ]
        finished = store.scenes_finished(self.lesson.id)
        following = self.scene + 1
        scenes = self.lesson.scenes
        coming = opening(str(scenes[following].narration)) if following < len(scenes) else ""
        self.query_one("#outline", SceneOutline).show(entries, self.scene, finished, coming)
        asks = [str(question.ask) for question in self.lesson.scenes[self.scene].quiz]
        widget = self.query_one("#scene-asks", Static)
        widget.update(asks_text(asks) if asks else "")
        widget.set_class(not asks, "-empty")

    def _show_warning(self, index: int) -> None:
        """Say on the scene when its ``expect`` disagrees with the engine (not an erratum)."""
        text = mismatch_warning(self.lesson.scenes[index], index + 1)
        widget = self.query_one("#scene-warning", Static)
        widget.update(printable(text or ""))
        widget.set_class(text is None, "-empty")

    def _mount_stage(self, stage: int, local: int) -> None:
        container = self.query_one("#stage", Vertical)
        if self.board is not None:
            self.board.retire()  # it may be mounting or re-arranging still: it draws no more
        container.remove_children()
        playback = self.timeline.stages[stage]
        fractions = tutor(self.app).settings.numbers == "fraction"
        self.board = Board(playback, step=local, fractions=fractions)
        self._place_narration()
        container.mount(self.board)
        # A photograph is also drawn as pictures beside the numbers (issue 15).
        self._pictures = None
        if wants_pictures(playback):
            self._pictures = PicturePane(playback, step=local, screen_width=self.app.size.width)
            container.mount(self._pictures)
        container.set_class(self._pictures is not None, "-with-picture")
        self._stage = stage

    def _place_narration(self) -> None:
        """The narration beside the board when the board fits in one row with room for it.

        Otherwise (a narrow terminal, a board as wide as the screen) it goes below the board. A
        scene without grids (text, a formula) on a terminal :data:`READING_FROM` columns or
        wider keeps a reading measure (at most :data:`READING_MAX` columns) and the lesson's
        outline takes the rest of the width.
        """
        width = self.size.width or self.app.size.width
        board = self.board
        # a photograph's pictures sit beside the numbers, in the board's column
        pictures = board is not None and wants_pictures(board.playback)
        pane = planned_width(board.playback, self.app.size.width) if board and pictures else 0
        fit = None
        if board is not None and board.has_grids and width >= BESIDE_FROM:
            fit = board.fitting_width(width - NARRATION_MIN - 1 - pane)
        reading = (
            board is not None
            and not board.has_grids
            and not wants_pictures(board.playback)
            and width >= READING_FROM
        )
        column = self.query_one("#board-column", Vertical)
        body = self.query_one("#lesson-body", Vertical)
        self.set_class(fit is not None, "-beside")
        self.set_class(fit is None and board is not None and board.has_grids, "-below")
        self.set_class(board is not None and not board.has_grids, "-no-grids")
        self.set_class(reading, "-reading")
        column.styles.width = fit + pane if fit is not None else "1fr"
        body_width = min(READING_MAX, width - OUTLINE_MIN) if reading else None
        body.styles.width = body_width if body_width is not None else "1fr"
        if board is not None:
            # the board is built once, for the width the pictures leave it
            column_width = body_width if body_width is not None else width
            board.width_hint = fit if fit is not None else column_width - pane

    def on_resize(self) -> None:
        """A new terminal width may move the narration beside the board, or below it."""
        if self.board is not None:
            self._place_narration()
            self._update_status()  # the mode's wording follows the width

    def _show(self) -> None:
        """Make the board and the status line follow ``scene`` and ``step``."""
        stage, local = self.timeline.locate(self.step)
        if stage != self._stage or self.board is None:
            self._mount_stage(stage, local)
        else:
            self.board.show(local)
            if self._pictures is not None:
                self._pictures.show(local)
        self._update_status()
        self._update_scrub()
        self._update_history()
        self._update_narration()
        self._schedule_save()
        if self.step == self.timeline.total:
            self._finish_scene()

    def _finish_scene(self) -> None:
        """The scene was stepped to its end; the lesson is done once every scene was.

        A scene without windows is finished by being shown; pressing ``n`` past a scene with
        windows does not finish it (the lesson stays "seen").
        """
        store = tutor(self.app).store
        store.finish_scene(self.lesson.id, self.scene)
        if store.scenes_finished(self.lesson.id) >= set(range(len(self.lesson.scenes))):
            store.mark_done(self.lesson.id)

    def current_step(self) -> Step | None:
        """The engine :class:`~engine.Step` shown now, or None (before the first window)."""
        if self.board is None or self.board.trace is None or self.board.step == 0:
            return None
        return self.board.trace[self.board.step - 1]

    def _update_narration(self) -> None:
        """The scene's narration (and its stage's), with ``{step}`` and friends filled in."""
        scene_playback = self.playback(self.scene)
        stage, local = self.timeline.locate(self.step)
        playback = self.timeline.stages[stage]
        # The board prints the step's arithmetic under the grids: the narration does not repeat it.
        parts = [narrate(scene_playback.narration, playback, local, arithmetic=False)]
        if len(self.timeline.stages) > 1:
            title = playback.title or playback.kind
            heading = f"**Stage {stage + 1} of {len(self.timeline.stages)}: {title}.**"
            said = narrate(playback.narration, playback, local, arithmetic=False)
            parts.append(f"{heading} {said}".strip())
        text = "\n\n".join(part for part in parts if part)
        if text != self._narration_text:
            markdown = self.query_one("#narration", Markdown)
            shown = printable(text)
            old = self._narration_text
            # a step changes the paragraph its placeholders are in: rewrite just that one
            if old is None or not patch_paragraphs(markdown, printable(old), shown):
                markdown.update(shown)
            self._narration_text = text

    def row_length(self) -> int:
        """Windows in one row of the current stage's output: what ``[`` and ``]`` jump by."""
        stage, _ = self.timeline.locate(self.step)
        trace = self.timeline.stages[stage].trace
        if trace is None or not trace.output_shape:
            return 1
        return max(1, int(trace.output_shape[-1]))

    def _update_scrub(self) -> None:
        self.query_one("#scrub", ScrubBar).update_position(
            self.step, self.timeline.total, self.row_length()
        )

    def _update_history(self) -> None:
        board = self.board
        trace = board.trace if board is not None and board.has_grids else None
        step = board.step if board else 0
        self.query_one("#history", StepHistory).follow(trace, step)
        self.query_one("#history-below", StepHistory).follow(trace, step)

    def _update_status(self) -> None:
        scenes = len(self.lesson.scenes)
        scene = self.lesson.scenes[self.scene]
        title = getattr(scene, "title", None) or scene.kind
        scene_line = f"Scene {self.scene + 1}/{scenes}: {printable(title)}"
        if scene_line != self._status_scene:  # the same at every step of a scene
            self._status_scene = scene_line
            self._status_text = None  # the room for the rest changed
            self.query_one("#status-scene", Static).update(scene_line)
        total = self.timeline.total
        stage_part: list[str] = []
        if len(self.timeline.stages) > 1:
            stage, _ = self.timeline.locate(self.step)
            name = self.timeline.stages[stage].kind
            stage_part.append(f"stage {stage + 1}/{len(self.timeline.stages)} {name}")
        # "step k/n" is the scrub bar's, at the end of the track under the board: said once
        speed = f"{SPEEDS[self.speed]:g}/s"
        state_long = [f"{'▶ playing' if self.playing else '‖ paused'} {speed}"] if total else []
        state_short = [f"{'▶' if self.playing else '‖'} {speed}"] if total else []
        # the mode, in the longest wording that leaves the scene's title readable
        wordings: tuple[str, ...] = ("",)
        if self.predicting and self.fade.active:
            worked = self.fade.worked
            wordings = (
                f"✎ faded: {worked} worked, then you predict (f: off)",
                f"✎ faded: {worked} worked (f)",
                "✎ faded (f)",
            )
        elif self.predicting:
            wordings = ("✎ predict on (g: off)", "✎ predict (g)")
        mode = [[wording] if wording else [] for wording in wordings]
        candidates = [[*stage_part, *state_long, *m] for m in mode]
        candidates.append([*stage_part, *state_short, *mode[-1]])
        width = self.size.width or self.app.size.width
        room = width - 3 - min(len(scene_line), SCENE_TITLE_ROOM)  # padding, the gap
        text = ""
        for candidate in candidates:
            text = " │ ".join(candidate)
            if len(text) <= room:
                break
        widget = self.query_one("#status-step", Static)
        if text != self._status_text:  # the same at most steps: no repaint
            self._status_text = text
            update_line(widget, text)
        whole = " │ ".join(candidates[0])
        if text != whole and widget.tooltip != whole:
            widget.tooltip = whole  # the whole line on hover

    # ------------------------------------------------------------------ reactives
    def validate_step(self, step: int) -> int:
        """Keep the step inside the scene."""
        return max(0, min(step, self.timeline.total))

    def validate_scene(self, scene: int) -> int:
        """Keep the scene inside the lesson."""
        return max(0, min(scene, len(self.lesson.scenes) - 1))

    def validate_speed(self, speed: int) -> int:
        """Keep the speed on the list."""
        return max(0, min(speed, len(SPEEDS) - 1))

    def watch_scene(self, scene: int) -> None:
        """A new scene starts at its first step, paused."""
        self.playing = False
        self._load_scene(scene, 0)

    def watch_step(self, step: int) -> None:
        """The grids follow the step."""
        self._show()

    def watch_playing(self, playing: bool) -> None:
        """Start or stop the timer."""
        if self._timer is not None:
            if playing:
                self._timer.resume()
            else:
                self._timer.pause()
        self._update_status()

    def watch_speed(self, speed: int) -> None:
        """Restart the timer at the new interval."""
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(1 / SPEEDS[speed], self._tick, pause=not self.playing)
        self._update_status()

    def _tick(self) -> None:
        if self.step >= self.timeline.total:
            self.playing = False
            return
        self.step += 1
        if self.step >= self.timeline.total:
            self.playing = False

    @on(FillingPicture.Clicked)
    def _on_picture_clicked(self, event: FillingPicture.Clicked) -> None:
        """A click on the output picture jumps to the step that computes that cell."""
        if self._pictures is None or not self._pictures.fills:
            return
        output = self._pictures.playback.output
        assert output is not None
        stage, _ = self.timeline.locate(self.step)
        self.step = self.timeline.start_of(stage) + event.row * int(output.shape[1]) + event.col + 1

    # ------------------------------------------------------------------ progress
    def _schedule_save(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
        self._save_timer = self.set_timer(SAVE_DELAY, self._save_now)

    def _save_now(self) -> None:
        if self._save_timer is not None:
            self._save_timer.stop()
            self._save_timer = None
        tutor(self.app).store.save_position(self.lesson.id, self.scene, self.step)

    def goto(self, *, scene: int | None = None, step: int = 0) -> None:
        """Jump to a scene (0-based) and a step in it."""
        if scene is not None and scene != self.scene:
            self.set_reactive(LessonScreen.scene, self.validate_scene(scene))
            self.playing = False
            self._load_scene(self.scene, step)
        else:
            self.step = step

    # ------------------------------------------------------------------ actions
    def action_next_step(self) -> None:
        """One step forward (when predicting, the quiz asks for the cell first)."""
        self.playing = False
        if self.step >= self.timeline.total:
            last = self.scene == len(self.lesson.scenes) - 1
            hint = "escape goes back to the lessons" if last else "n opens the next scene"
            self.notify(f"The end of this scene: {hint}.", timeout=3)
            return
        from tui.app.screens.predict import ask_then_advance

        if not ask_then_advance(self):
            self.step += 1

    def action_toggle_predict(self) -> None:
        """Turn "predict before reveal" on or off (the status line says which).

        In a faded scene, turning it off stops the asking for this scene (fading stays on for
        the next); turning it on asks for every window.
        """
        self.predicting = not self.predicting
        if not self.predicting:
            self.fade = Fade(self.fade.skill, False, 0)

    def action_toggle_fading(self) -> None:
        """Turn faded worked examples on or off (for the app, not just this scene)."""
        app = self.app
        setattr(app, "faded_examples", not bool(getattr(app, "faded_examples", True)))  # noqa: B010
        self._apply_fading()
        self._update_status()
        state = "on" if getattr(app, "faded_examples", True) else "off"
        if not self.fade.active and self.fade.skill is not None and state == "on":
            state += " (this kind is mastered: it plays without asking)"
        self.query_one("#status-step", Static).tooltip = f"Faded worked examples {state}"

    def watch_predicting(self, predicting: bool) -> None:
        """The status line shows the mode while it is on (a toast would cover the dialog)."""
        self._update_status()

    def action_prev_step(self) -> None:
        """One step back."""
        self.playing = False
        self.step -= 1

    def action_toggle_play(self) -> None:
        """Play or pause; playing from the last step starts the scene again."""
        if not self.playing and self.step >= self.timeline.total:
            if self.timeline.total == 0:
                return
            self.step = 0
        self.playing = not self.playing

    def action_faster(self) -> None:
        """More steps per second."""
        self.speed += 1

    def action_slower(self) -> None:
        """Fewer steps per second."""
        self.speed -= 1

    def action_first_step(self) -> None:
        """Before the first window."""
        self.playing = False
        self.step = 0

    def action_last_step(self) -> None:
        """Every window computed."""
        self.playing = False
        self.step = self.timeline.total

    def action_pan(self, rows: int, cols: int) -> None:
        """Pan a big (zoomed) input grid by cells; the next step brings the window back in view."""
        if self.board is not None:
            self.board.pan(rows, cols)

    def action_next_row(self) -> None:
        """A row of windows forward (the output's width in steps)."""
        self.playing = False
        self.step = min(self.timeline.total, self.step + self.row_length())

    def action_prev_row(self) -> None:
        """A row of windows back."""
        self.playing = False
        self.step = max(0, self.step - self.row_length())

    @on(ScrubBar.Seek)
    def _seek(self, event: ScrubBar.Seek) -> None:
        """A click on the scrub bar jumps to the step under it."""
        self.playing = False
        self.step = event.step

    def action_next_scene(self) -> None:
        """The next scene (stays on the last)."""
        if self.scene < len(self.lesson.scenes) - 1:
            self.scene += 1
        else:
            self.notify("This is the lesson's last scene. Escape goes back to the list.")

    def action_prev_scene(self) -> None:
        """The previous scene (stays on the first)."""
        if self.scene > 0:
            self.scene -= 1

    def action_restart(self) -> None:
        """The scene from its first step, paused."""
        self.playing = False
        self.step = 0

    def action_playground(self) -> None:
        """Open the playground on this scene's arrays and parameters."""
        self.playing = False
        tutor(self.app).open_playground(self.lesson.scenes[self.scene])

    def action_back(self) -> None:
        """Back to home."""
        self.playing = False
        self.dismiss()

    @on(SceneOutline.Chosen)
    def _scene_chosen(self, event: SceneOutline.Chosen) -> None:
        """A click on a scene in the outline opens it."""
        self.scene = event.scene

    @on(GridView.CellClicked)
    def _cell_clicked(self, event: GridView.CellClicked) -> None:
        """Clicking an output cell jumps to the step that computes it."""
        if self.board is None:
            return
        local = self.board.step_for_output(event.grid, event.row, event.col)
        if local is None:
            return
        self.playing = False
        stage, _ = self.timeline.locate(self.step)
        self.step = self.timeline.start_of(stage) + local
