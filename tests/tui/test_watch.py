"""``--watch``: an edited lesson file is reloaded at the same scene and step.

The tests wait for the reload as a condition (a bounded loop of pauses), never for a time.
"""

from __future__ import annotations

import os
from pathlib import Path

from textual.widgets import Markdown

from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.lesson import LessonScreen
from tui.cli import build_parser

LESSON = """\
id: watched
title: Watched
summary: Edited while open.
scenes:
  - kind: text
    narration: First scene.
  - kind: correlate2d
    narration: "Before the edit: {text}"
    input: [[0, 1, 2], [3, 4, 5], [6, 7, 8]]
    kernel: [[0, 1], [2, 3]]
    expect: [[19, 25], [37, 43]]
"""


def _touch(path: Path, text: str) -> None:
    """Write ``text`` and move the file's time on, so that the change shows on any file system."""
    before = os.stat(path).st_mtime_ns
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(before + 10**9, before + 10**9))


async def _until(pilot: object, app: CnnTutorApp, count: int) -> None:
    for _ in range(400):  # bounded: the watcher looks twice a second
        if app.watcher is not None and app.watcher.reloads >= count:
            break
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    await pilot.pause()  # type: ignore[attr-defined]


async def test_an_edit_is_shown_at_the_same_scene_and_step(tmp_path: Path) -> None:
    path = tmp_path / "500-watched.yaml"
    path.write_text(LESSON, encoding="utf-8")
    app = create_app(lesson_dirs=[tmp_path], data_dir=tmp_path / "data", watch=True)
    async with app.run_test(size=(100, 32)) as pilot:
        assert app.open_lesson("watched", scene=1, step=2)
        await pilot.pause()
        _touch(path, LESSON.replace("Before the edit", "After the edit"))
        await _until(pilot, app, 1)
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert (screen.scene, screen.step) == (1, 2)
        narration = screen.query_one("#narration", Markdown).source
        assert narration.startswith("After the edit")
        assert app.lessons.by_id("watched") is screen.lesson

        # A broken edit keeps the lesson as it was, and says why.
        _touch(path, LESSON.replace("kernel: [[0, 1], [2, 3]]", "kernel: [[0, 1], [2]]"))
        await _until(pilot, app, 2)
        assert app.screen is screen
        assert any("500-watched.yaml:10:" in str(n.message) for n in app._notifications)


def test_watch_is_an_option_of_the_app() -> None:
    args = build_parser().parse_args(["--lessons", "x", "--watch"])
    assert args.watch is True
    assert build_parser().parse_args([]).watch is False
