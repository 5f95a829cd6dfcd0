"""Resizing re-arranges the board (focus, stacked) and always settles: no crash, no endless loop.

Three loops and a crash seen in fast resize sweeps (200x60 <-> 20x8, a lesson playing):

- a screen handed two Resizes of different sizes kept laying itself out at one, then the other,
  for ever (Textual re-posts a screen its own size behind the other; see
  :mod:`tui.app.stale_resize`): 100 % CPU, ``q`` ignored, a stale size on the screen;
- a board whose row fits only without the stage's scrollbar (deck 000's pad scene at 60
  columns) re-arranged itself back and forth for ever;
- a board swapped for the next stage while it mounted or re-arranged drew into its removed
  grids (``NoMatches``) and killed the app.

The real lesson whose board changes most with the width is deck 003's: three maps, and a last
scene of five stages whose board is swapped at each stage while it plays.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.geometry import Size
from textual.pilot import Pilot
from textual.screen import Screen

from lessons import load_paths
from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.home import HomeScreen
from tui.app.screens.lesson import SPEEDS, LessonScreen
from tui.app.widgets.board import Board

PAD_LESSON = """\
id: test-pad
title: Padding
deck:
  course: Beyond the decks
summary: Deck 000's 6x6 grid in one ring of zeros.
scenes:
  - kind: pad
    title: "Padding: a border of zeros"
    narration: |
      One ring of zeros turns the 6x6 grid into 8x8.
    input: |
      3 7 9 1 0 4
      8 1 3 3 3 0
      7 4 6 4 4 6
      4 4 1 9 3 6
      9 8 4 9 4 3
      7 5 2 3 3 1
    padding: 1
"""

SWEEP = [(200, 60), (20, 8), (120, 40), (80, 24), (60, 16), (61, 17), (130, 40), (129, 33)]
"""Sizes a fast resize sweeps through: wide, too small, the breakpoints, the loop's 60x16."""

FINAL = (120, 40)


@pytest.fixture
def recomposes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the boards' re-arrangements (``Board.recompose`` calls): ``[count]``."""
    count = [0]
    recompose = Board.recompose

    async def counted(self: Board) -> None:
        count[0] += 1
        await recompose(self)

    monkeypatch.setattr(Board, "recompose", counted)
    return count


@pytest.fixture
def resize_loop_guard(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Fails the test (instead of hanging it) when screens handle thousands of Resizes."""
    handled = [0]

    def on_resize(self: Screen[object], event: events.Resize) -> None:
        handled[0] += 1
        if handled[0] > 5_000:
            raise AssertionError(f"{self!r} keeps resizing: a layout loop")

    monkeypatch.setattr(Screen, "on_resize", on_resize, raising=False)
    return handled


async def settled(pilot: Pilot[Any], recomposes: list[int], bound: int = 100) -> bool:
    """Pause until three pauses in a row re-arrange nothing; False if that never happens.

    ``bound`` pauses is a safety net, not a deadline: a board that loops re-arranges on every
    pause, however fast the machine.
    """
    calm = 0
    for _ in range(bound):
        before = recomposes[0]
        await pilot.pause()
        calm = calm + 1 if recomposes[0] == before else 0
        if calm == 3:
            return True
    return False


async def until(pilot: Pilot[Any], condition: Callable[[], bool], bound: int = 500) -> None:
    """Pause until ``condition`` holds (``bound`` pauses as a safety net)."""
    for _ in range(bound):
        if condition():
            return
        await pilot.pause()
    raise AssertionError("the condition never held")


async def lesson_screen(pilot: Pilot[Any]) -> LessonScreen:
    """The lesson screen just opened, once its board is mounted."""
    app = pilot.app
    await until(
        pilot, lambda: isinstance(app.screen, LessonScreen) and app.screen.board is not None
    )
    screen = app.screen
    assert isinstance(screen, LessonScreen) and screen.board is not None
    await until(pilot, lambda: screen.board is not None and screen.board.is_mounted)
    return screen


def pad_app(tmp_path: Path) -> CnnTutorApp:
    (tmp_path / "test-pad.yaml").write_text(PAD_LESSON, encoding="utf-8")
    result = load_paths([tmp_path])
    assert not result.errors, result.errors
    return create_app(lessons=result)


@pytest.mark.parametrize("height", [16, 17, 20])
async def test_the_board_settles_where_the_stages_scrollbar_would_flip_it(
    tmp_path: Path, recomposes: list[int], height: int
) -> None:
    """At 60 columns the row fits only without a scrollbar, and stacked it needs one.

    Before the fix the board at 60x16 re-arranged itself back and forth for ever (about a
    dozen times a pause): the app spun and answered no key.
    """
    app = pad_app(tmp_path)
    async with app.run_test(size=(200, 60)) as pilot:
        assert app.open_lesson("test-pad")
        screen = await lesson_screen(pilot)
        assert await settled(pilot, recomposes)
        before = recomposes[0]
        await pilot.resize_terminal(60, height)
        assert await settled(pilot, recomposes), "the board keeps re-arranging"
        assert recomposes[0] - before <= 2
        board = screen.board
        assert board is not None and board.region.right <= 60
        await pilot.press("end")
        assert screen.step == screen.timeline.total


def resize_at_once(app: CnnTutorApp, width: int, height: int) -> None:
    """What ``Pilot.resize_terminal`` does, without its pause: a terminal resized in a burst."""
    size = Size(width, height)
    app._driver._size = size  # type: ignore[union-attr]  # the headless driver's terminal
    app.post_message(events.Resize(size, size))


async def test_a_screen_under_another_drops_a_resize_for_a_stale_size(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Home, under a lesson, handed Resizes for 20x8 then 120x40 with other messages between.

    Textual lays the screen out at 20x8 and posts it that size again, behind the 120x40 one;
    then 120x40, posted again behind the 20x8 one; and so on. Before the fix this handled a
    Resize on every turn of the loop for ever; now the 20x8 one (the terminal is 120x40) is
    dropped and the screen is laid out once, at the terminal's size.
    """
    handled: list[tuple[int, int]] = []

    def on_resize(self: HomeScreen, event: events.Resize) -> None:
        handled.append((event.size.width, event.size.height))
        if len(handled) > 200:
            raise AssertionError("the home screen keeps resizing")
        self.call_later(lambda: None)  # other messages keep coming, as while a lesson plays

    monkeypatch.setattr(HomeScreen, "on_resize", on_resize, raising=False)
    app = create_app()
    async with app.run_test(size=FINAL) as pilot:
        await app.workers.wait_for_complete()
        assert app.open_lesson("030-xo")
        await lesson_screen(pilot)
        home = app.screen_stack[0]
        assert isinstance(home, HomeScreen)
        handled.clear()
        for size in (Size(20, 8), Size(*FINAL)):
            home.post_message(events.Resize(size, size))
            home.call_later(lambda: None)
        await until(pilot, lambda: bool(handled))
        for _ in range(5):
            await pilot.pause()
        assert handled == [FINAL]
        assert home.size == FINAL
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is home)
        assert home.query_one("#home-list").region.right <= FINAL[0]


async def test_fast_resize_sweeps_while_playing_leave_an_app_that_answers(
    recomposes: list[int], resize_loop_guard: list[int]
) -> None:
    """Ten bursts of :data:`SWEEP` while deck 003's pipeline plays, then 120x40: it answers.

    Each resize also moves the scene on 7 steps, so the boards re-arrange while the steps and
    the stages (each its own board) change, however fast the machine is.
    """
    app = create_app()
    async with app.run_test(size=FINAL) as pilot:
        await app.workers.wait_for_complete()
        assert app.open_lesson("030-xo", scene=12)
        screen = await lesson_screen(pilot)
        assert len(screen.timeline.stages) > 1
        screen.speed = len(SPEEDS) - 1
        await pilot.press("space")
        for _ in range(10):
            for width, height in SWEEP:
                resize_at_once(app, width, height)
                screen.step = (screen.step + 7) % (screen.timeline.total + 1)
                screen.playing = True
                await asyncio.sleep(0)  # the app handles what it can, then the next resize
        resize_at_once(app, *FINAL)
        await until(pilot, lambda: app.screen is screen)  # the too-small notice is gone
        await pilot.press("space")
        assert not screen.playing
        assert await settled(pilot, recomposes), "the board keeps re-arranging"
        # The app answers: the lesson is on top at the final size, and keys act.
        assert screen.size == FINAL
        await pilot.press("home", "right")
        assert screen.step == 1
        board = screen.board
        assert board is not None and board.is_mounted and 0 < board.region.right <= FINAL[0]
        assert board.region.y < FINAL[1]
        _, local = screen.timeline.locate(screen.step)
        assert board.step == local
        if board.trace is not None:
            arithmetic = str(board.query_one("#arithmetic").render())
            assert arithmetic.startswith(board.trace[local - 1].text[:20])
        await pilot.press("q")
    assert app.return_code == 0
