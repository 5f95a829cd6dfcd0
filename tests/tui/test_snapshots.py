"""Snapshots of what the learner sees, at a fixed terminal size, never mid-animation.

Every lesson is covered the day its file is added: the lesson tests are parametrized over what
``lessons.load_all()`` returns. A new lesson has no snapshot yet, so its two tests fail until the
snapshots are made and looked at::

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


class TestLessons:
    """Every lesson's first scene at step 0, and its first stepped scene at a middle step."""

    @pytest.mark.parametrize("lesson", LESSONS, ids=LESSON_IDS)
    def test_first_scene_at_step_0(self, lesson: Any, snap_compare: Snap) -> None:
        app = lesson_app(lesson.id, 0, 0)
        assert snap_compare(app, terminal_size=SIZE, run_before=_settle)

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
