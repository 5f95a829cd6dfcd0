"""The lesson screen's compositor renders only the changed lines, and writes what Textual would.

:class:`~tui.app.line_compositor.LineCompositor` asks each widget only for the changed lines it
covers. Each partial update it makes during a walk over a 28x28 scene (steps that move the
window, pages of the zoomed view, a step back, a jump) is checked against a full render of the
same screen, cell by cell: text and style of every cell the update writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from board_ready import lesson_with_grids
from rich.segment import Segment
from rich.style import Style
from textual._compositor import ChopsUpdate
from textual.strip import Strip

from tui.app.app import create_app
from tui.app.line_compositor import LineCompositor
from tui.app.screens.playground import PlaygroundScreen

BIG = Path(__file__).resolve().parent / "lesson_files" / "big"

Cell = tuple[str, Style | None]


def _cells(segments: list[Segment]) -> list[Cell]:
    return [(char, segment.style) for segment in segments for char in segment.text]


def _written(update: ChopsUpdate) -> dict[tuple[int, int], Cell]:
    """The cells a partial update writes, by (x, y): its chops cut to its spans."""
    written: dict[tuple[int, int], Cell] = {}
    for y, x1, x2 in update.spans:
        for cut, strip in update.chops[y].items():
            assert strip is not None or not _meets(update, y, cut, x1, x2), (y, cut)
            if strip is None:
                continue
            for offset, cell in enumerate(_cells(list(strip))):
                if x1 <= cut + offset < x2:
                    written[cut + offset, y] = cell
    return written


def _meets(update: ChopsUpdate, y: int, cut: int, x1: int, x2: int) -> bool:
    """Whether the chop starting at ``cut`` on line ``y`` overlaps the span ``x1``-``x2``."""
    cuts = list(update.chops[y])
    ends = update.chop_ends[y]
    end = ends[cuts.index(cut)]
    return cut < x2 and end > x1


def _screen_cells(strips: list[Strip]) -> dict[tuple[int, int], Cell]:
    return {
        (x, y): cell for y, strip in enumerate(strips) for x, cell in enumerate(_cells(list(strip)))
    }


def _capture(screen: Any) -> list[tuple[ChopsUpdate, list[Strip]]]:
    """Record each partial update with a full render of the screen taken right after it."""
    compositor = screen._compositor
    assert isinstance(compositor, LineCompositor)
    updates: list[tuple[ChopsUpdate, list[Strip]]] = []
    partial = compositor.render_partial_update

    def capture() -> ChopsUpdate | None:
        update = partial()
        if update is not None:
            updates.append((update, compositor.render_strips()))
        return update

    compositor.render_partial_update = capture  # type: ignore[method-assign]
    return updates


def _check(updates: list[tuple[ChopsUpdate, list[Strip]]]) -> int:
    """Assert every update writes the full render's cells; return how many cells were written."""
    total = 0
    for update, strips in updates:
        full = _screen_cells(strips)
        written = _written(update)
        assert written, "an update that writes nothing"
        for (x, y), cell in written.items():
            assert full[x, y] == cell, f"cell ({x},{y}): {cell!r} != {full[x, y]!r}"
        # every cell of every span is written
        assert all((x, y) in written for y, x1, x2 in update.spans for x in range(x1, x2))
        total += len(written)
    return total


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
async def test_each_partial_update_writes_what_a_full_render_shows(size: tuple[int, int]) -> None:
    app = create_app(lesson_dirs=[BIG], open_lesson=("fixture-big", 0, 1), fading=False)
    async with app.run_test(size=size) as pilot:
        screen = await lesson_with_grids(pilot)
        updates = _capture(screen)
        for _ in range(24):  # across the zoomed view's first page and onto the next
            await pilot.press("right")
        await pilot.press("left")
        screen.step = 400  # a jump: the view pages down
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        assert len(updates) >= 20
        assert _check(updates) > 0


async def test_the_playground_s_updates_write_what_a_full_render_shows() -> None:
    app = create_app(fading=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        app.open_playground()
        for _ in range(100):
            await pilot.pause()
            if isinstance(app.screen, PlaygroundScreen) and app.screen.is_mounted:
                break
        await pilot.pause()
        updates = _capture(app.screen)
        for key in ("right", "right", "right", "left", "k", "right", "o", "right"):
            await pilot.press(key)
        await pilot.pause()
        assert updates
        assert _check(updates) > 0
