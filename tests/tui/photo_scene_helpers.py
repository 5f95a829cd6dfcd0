"""Waiting for a photograph scene (060-photographs) to open in a pilot test."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from tui.app.screens.lesson import LessonScreen
from tui.app.widgets.picture_pane import PicturePane

BOUND = 2_000
"""Pauses a wait may take at most (a safety net; no clock is read)."""


async def lesson_screen(pilot: Pilot[Any]) -> LessonScreen:
    """The lesson screen once its board and its picture pane are up."""
    for _ in range(BOUND):
        screen = pilot.app.screen
        ready = isinstance(screen, LessonScreen) and screen.board is not None
        if ready and screen.query(PicturePane):
            assert isinstance(screen, LessonScreen)
            return screen
        await pilot.pause()
    raise AssertionError("the photograph scene never opened")
