"""Resizing while a scene animates re-arranges the board (focus, stacked) without a crash, on the
real lesson whose board changes arrangement most with the width (deck 003's three maps), and
the board ends on the screen's step."""

from __future__ import annotations

from tui.app.app import create_app
from tui.app.screens.lesson import SPEEDS, LessonScreen

SIZES = [(160, 50), (80, 24), (40, 10), (120, 40), (80, 24)]


async def test_resizing_while_playing_rearranges_and_keeps_the_step() -> None:
    app = create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        assert app.open_lesson("030-xo", scene=6)  # three maps: focus mode comes and goes
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        screen.speed = len(SPEEDS) - 1
        await pilot.press("space")
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await pilot.pause(0.03)
        await pilot.press("space")  # pause
        await pilot.pause(0.2)
        assert app.screen is screen and not screen.playing and screen.step > 0
        board = screen.board
        assert board is not None and board.is_mounted
        _, local = screen.timeline.locate(screen.step)
        assert board.step == local
        if local and board.trace is not None:
            arithmetic = str(board.query_one("#arithmetic").render())
            assert arithmetic.startswith(board.trace[local - 1].text[:20])
