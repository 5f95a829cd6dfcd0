"""Wait until the lesson screen's board has drawn its grids (a condition, never a delay)."""

from __future__ import annotations

from typing import Any

from tui.app.screens.lesson import LessonScreen


async def lesson_with_grids(pilot: Any, tries: int = 200) -> LessonScreen:
    """The lesson screen once its board is ready and its first input grid has a size.

    ``tries`` pauses at most: a safety net, not the assertion.
    """
    for _ in range(tries):
        screen = pilot.app.screen
        board = screen.board if isinstance(screen, LessonScreen) else None
        grids = board.input_grids if board is not None and board._ready else []
        if grids and grids[0].size.width:
            break
        await pilot.pause()
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, LessonScreen)
    return screen
