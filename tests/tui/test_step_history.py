"""The windows computed so far fill the rows a tall board column leaves free.

At 120x40 deck 000's 6x6 scene left 27 of the board column's rows blank under the grids. The
list gives each earlier window's arithmetic, as deck 000 writes it, newest last; the current
window stays on the arithmetic line under the grids, and at 80x24 (narration below) the list
is not shown.
"""

from __future__ import annotations

from typing import Any

from stepper_lesson import DECK000_INPUT, VERTICAL
from textual.app import App, ComposeResult
from textual.geometry import Region

from engine import trace_correlate2d
from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen
from tui.app.widgets.step_history import HEADING, StepHistory


async def _open(pilot: Any, step: int) -> LessonScreen:
    app = pilot.app
    await app.workers.wait_for_complete()
    assert app.open_lesson("000-convolution", scene=1, step=step)
    for _ in range(50):  # a safety net: the screen is up once its history has a size
        await pilot.pause()
        screen = app.screen
        ready = isinstance(screen, LessonScreen) and screen.board is not None
        if ready and (screen.query_one("#history", StepHistory).size.height or app.size[0] < 100):
            break
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    return screen


def _lines(widget: StepHistory) -> list[str]:
    return [widget.render_line(y).text.rstrip() for y in range(widget.size.height)]


async def test_at_120x40_the_earlier_windows_are_listed_newest_last(tmp_path: Any) -> None:
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, step=6)
        history = screen.query_one("#history", StepHistory)
        assert history.display and history.size.height >= 10  # the rows under the board
        lines = [line.strip() for line in _lines(history) if line.strip()]
        assert lines[0] == HEADING
        # the five windows before the sixth: output cells (1,1) ... (1,4), (2,1) counted from 1
        assert [line.split()[0] for line in lines[1:]] == [
            "(1,1)",
            "(1,2)",
            "(1,3)",
            "(1,4)",
            "(2,1)",
        ]
        # each value, recomputed from the slide's input with deck 000's vertical-edge filter
        kernel = VERTICAL
        for line in lines[1:]:
            row, col = (int(i) - 1 for i in line.split()[0].strip("()").split(","))
            expected = int((DECK000_INPUT[row : row + 3, col : col + 3] * kernel).sum())
            assert line.split(" ← ")[0].endswith(f"= {expected}"), line
        assert lines[1].startswith("(1,1) = 0 ← 1*3 + 0*7 + -1*9")
        # a line too long for the column is cut with an ellipsis, not wrapped onto the next
        assert all(len(line) <= history.size.width for line in _lines(history))
        # the sixth window is the arithmetic line's, not the list's
        assert not any(line.startswith("(2,2)") for line in lines)


async def test_the_list_follows_a_step_back(tmp_path: Any) -> None:
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, step=3)
        history = screen.query_one("#history", StepHistory)
        await pilot.press("left")
        for _ in range(20):
            await pilot.pause()
            if screen.step == 2:
                break
        lines = [line.strip() for line in _lines(history) if line.strip()]
        assert [line.split()[0] for line in lines[1:]] == ["(1,1)"]


async def test_at_80x24_the_narration_keeps_the_rows(tmp_path: Any) -> None:
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, step=6)
        assert not screen.query_one("#history", StepHistory).display


async def test_under_the_narration_below_the_board_on_a_tall_terminal(tmp_path: Any) -> None:
    """90x40: the narration sits below the board, and the rows under its two paragraphs were
    blank; the list takes them, and the narration keeps the rows it needs."""
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(90, 40)) as pilot:
        screen = await _open(pilot, step=6)
        below = screen.query_one("#history-below", StepHistory)
        for _ in range(50):  # a safety net: until it is laid out
            if below.size.height:
                break
            await pilot.pause()
        assert not screen.query_one("#history", StepHistory).display
        assert below.display and below.size.height >= 3
        lines = [line.strip() for line in _lines(below) if line.strip()]
        assert lines[0] == HEADING
        assert [line.split()[0] for line in lines[1:]][:5] == [
            "(1,1)", "(1,2)", "(1,3)", "(1,4)", "(2,1)"
        ]  # fmt: skip
        narration = screen.query_one("#narration-box")
        assert narration.size.height >= 3  # the narration is not squeezed out


class _HistoryApp(App[None]):
    """A bare app with only the list, five lines high (the heading and four steps)."""

    CSS = "StepHistory { height: 5; padding: 0; }"

    def compose(self) -> ComposeResult:
        yield StepHistory()


async def test_a_full_list_turns_half_a_page_and_a_step_repaints_one_line() -> None:
    # deck 000's 6x6 image and vertical filter: 16 windows, output cells (1,1) to (4,4)
    trace = trace_correlate2d(DECK000_INPUT, VERTICAL)
    app = _HistoryApp()
    async with app.run_test(size=(60, 10)) as pilot:
        history = app.query_one(StepHistory)
        labels: dict[int, list[str]] = {}
        for step in range(1, 10):
            history.follow(trace, step)
            await pilot.pause()
            labels[step] = [line.split()[0] for line in _lines(history)[1:] if line]
        assert labels[5] == ["(1,1)", "(1,2)", "(1,3)", "(1,4)"]  # full: four lines
        assert labels[6] == ["(1,3)", "(1,4)", "(2,1)"]  # half a page turned
        assert labels[7] == ["(1,3)", "(1,4)", "(2,1)", "(2,2)"]
        assert labels[8] == ["(2,1)", "(2,2)", "(2,3)"]
        # a step that appends repaints only the new line
        history.follow(trace, 8)
        await pilot.pause()
        repainted: list[Region] = []
        refresh = history.refresh

        def spy(*regions: Region, **kwargs: Any) -> Any:
            repainted.extend(regions or [Region(0, 0, 0, 99)])
            return refresh(*regions, **kwargs)

        history.refresh = spy  # type: ignore[method-assign]
        history.follow(trace, 9)
        assert [region.y for region in repainted] == [
            4
        ]  # the fourth step's line, under the heading
