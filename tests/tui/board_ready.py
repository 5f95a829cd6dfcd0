"""Wait until the lesson screen's board is up (a condition, never a delay)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.app.screens.lesson import LessonScreen


async def lesson_when(
    pilot: Any, ready: Callable[[LessonScreen], bool], tries: int = 200
) -> LessonScreen:
    """The lesson screen once ``ready`` holds for it (then one more pause).

    ``tries`` pauses at most: a safety net, not the assertion (a text scene has no board, and
    the caller's assertions say what it expected).
    """
    for _ in range(tries):
        screen = pilot.app.screen
        if isinstance(screen, LessonScreen) and ready(screen):
            break
        await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen


def _grids_drawn(screen: LessonScreen) -> bool:
    board = screen.board
    grids = board.input_grids if board is not None and board._ready else []
    return bool(grids) and bool(grids[0].size.width)


async def lesson_with_grids(pilot: Any, tries: int = 200) -> LessonScreen:
    """The lesson screen once its board is ready and its first input grid has a size."""
    return await lesson_when(pilot, _grids_drawn, tries)


async def lesson_with_board(pilot: Any, tries: int = 100) -> LessonScreen:
    """The lesson screen once it has a board (a text scene has none: ``tries`` pauses)."""
    return await lesson_when(pilot, lambda screen: screen.board is not None, tries)
