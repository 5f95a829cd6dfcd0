"""Snapshots of what the learner sees, at a fixed terminal size, never mid-animation.

Every lesson is covered the day its file is added: the lesson tests are parametrized over what
``lessons.load_all()`` returns (its first scene at 80x24, 120x40 and 160x50, its first stepped
scene midway at 80x24). A new lesson has no snapshot yet, so its tests fail until the snapshots
are made and looked at::

    python -m pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from lessons import load_all
from lessons.playback import prepare
from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.lesson import LessonScreen

HERE = Path(__file__).resolve().parent
FIXTURE_LESSONS = HERE / "lesson_files"
SIZE = (80, 24)

Snap = Callable[..., bool]


def _lessons() -> list[Any]:
    return list(load_all().lessons)


LESSONS = _lessons()
LESSON_IDS = [lesson.id for lesson in LESSONS]


async def _settle(pilot: Pilot[Any]) -> None:
    """Wait until the lessons are loaded and the screen is still."""
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause()


def _middle(lesson: Any) -> tuple[int, int]:
    """The first scene with steps, at its middle step (scene 0, step 0 if none has steps)."""
    for index, scene in enumerate(lesson.scenes):
        total = prepare(scene).timeline.total
        if total:
            return index, max(1, total // 2)
    return 0, 0


def lesson_app(lesson_id: str, scene: int, step: int, **kwargs: Any) -> CnnTutorApp:
    kwargs.setdefault("fading", False)  # the stepper as exported: no faded-example status
    return create_app(open_lesson=(lesson_id, scene, step), **kwargs)


SIZES = [(80, 24), (120, 40), (160, 50)]
"""The three terminal sizes every lesson's first scene is drawn at."""
SIZE_IDS = [f"{w}x{h}" for w, h in SIZES]
BIG_LESSONS = FIXTURE_LESSONS / "big"


class TestLessons:
    """Every lesson's first scene at step 0 at three sizes, and its first stepped scene midway."""

    @pytest.mark.parametrize("size", SIZES, ids=SIZE_IDS)
    @pytest.mark.parametrize("lesson", LESSONS, ids=LESSON_IDS)
    def test_first_scene_at_step_0(
        self, lesson: Any, size: tuple[int, int], snap_compare: Snap
    ) -> None:
        app = lesson_app(lesson.id, 0, 0)
        assert snap_compare(app, terminal_size=size, run_before=_settle)

    @pytest.mark.parametrize("lesson", LESSONS, ids=LESSON_IDS)
    def test_middle_step(self, lesson: Any, snap_compare: Snap) -> None:
        scene, step = _middle(lesson)
        app = lesson_app(lesson.id, scene, step)

        async def check(pilot: Pilot[Any]) -> None:
            await _settle(pilot)
            screen = pilot.app.screen
            assert isinstance(screen, LessonScreen)
            assert (screen.scene, screen.step) == (scene, step)
            assert not screen.playing

        assert snap_compare(app, terminal_size=SIZE, run_before=check)


class TestBoards:
    """The board's designed views: a zoomed 28x28 input, the scrub bar on deck 003's 9x9 X at
    80x24, deck 003's bank of three features at 160x50, and the scenes stepped cell by cell (ReLU,
    a transposed convolution)."""

    @pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
    def test_zoomed_28x28(self, size: tuple[int, int], snap_compare: Snap) -> None:
        app = lesson_app("fixture-big", 0, 300, lesson_dirs=[BIG_LESSONS])

        async def zoomed(pilot: Pilot[Any]) -> None:
            await _settle(pilot)
            for _ in range(200):  # a safety net: until the views followed the window, titled
                screen = pilot.app.screen
                board = screen.board if isinstance(screen, LessonScreen) else None
                grids = board.input_grids if board is not None and board._ready else []
                if grids and grids[0].size.width and grids[0].window is not None:
                    rows, cols = grids[0].visible_cells()
                    title = str(screen.query_one("#input-panel")._title)  # type: ignore[attr-defined]
                    if set(grids[0].window.cols) <= set(cols) and f"{rows[0] + 1}-" in title:
                        break
                await pilot.pause()
            await _settle(pilot)

        assert snap_compare(app, terminal_size=size, run_before=zoomed)

    def test_scrub_bar_on_deck_003s_x(self, snap_compare: Snap) -> None:
        app = lesson_app("030-xo", 3, 24)  # the 9x9 X, whole at 80x24, 24 of 49 windows
        assert snap_compare(app, terminal_size=(80, 24), run_before=_settle)

    def test_kernel_bank_at_160x50(self, snap_compare: Snap) -> None:
        app = lesson_app("030-xo", 6, 60)  # deck 003's three features: every map, one a line
        assert snap_compare(app, terminal_size=(160, 50), run_before=_settle)

    def test_stepped_relu(self, snap_compare: Snap) -> None:
        app = lesson_app("030-xo", 11, 20)  # deck 003's ReLU on the 7x7 map, cell 20 of 49
        assert snap_compare(app, terminal_size=(120, 40), run_before=_settle)

    def test_stepped_transposed(self, snap_compare: Snap) -> None:
        app = lesson_app("090-conv-arithmetic", 11, 5)  # input cell 5 of 9 paints its patch
        assert snap_compare(app, terminal_size=(120, 40), run_before=_settle)


class TestScreens:
    """Home, help, a tiny terminal and a broken lesson file."""

    def test_home(self, snap_compare: Snap) -> None:
        assert snap_compare(create_app(), terminal_size=SIZE, run_before=_settle)

    def test_help(self, snap_compare: Snap) -> None:
        assert snap_compare(
            create_app(), terminal_size=(100, 40), press=["question_mark"], run_before=_settle
        )

    def test_tiny_terminal(self, snap_compare: Snap) -> None:
        assert snap_compare(create_app(), terminal_size=(40, 10), run_before=_settle)

    def test_broken_lesson_file(
        self, snap_compare: Snap, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        broken = FIXTURE_LESSONS / "broken" / "200-fixture-broken.yaml"
        (tmp_path / "mine").mkdir()
        shutil.copy(broken, tmp_path / "mine" / broken.name)
        monkeypatch.chdir(tmp_path)  # the error names the file relative to here: stable

        async def check(pilot: Pilot[Any]) -> None:
            await _settle(pilot)
            app = pilot.app
            assert isinstance(app, CnnTutorApp)
            assert [str(error) for error in app.lessons.errors] == [
                "mine/200-fixture-broken.yaml:13:7: kernel row 2 has 1 number, expected 2"
            ]

        app = create_app(lesson_dirs=["mine"])
        assert snap_compare(app, terminal_size=SIZE, run_before=check)


class TestThemes:
    """The same lesson screen (deck 000's 6×6 example, window 6) in the dark and light themes."""

    @pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
    def test_theme(self, theme: str, snap_compare: Snap) -> None:
        app = lesson_app("fixture-edges", 0, 6, lesson_dirs=[FIXTURE_LESSONS])

        async def switch(pilot: Pilot[Any]) -> None:
            pilot.app.theme = theme
            await _settle(pilot)

        assert snap_compare(app, terminal_size=SIZE, run_before=switch)
