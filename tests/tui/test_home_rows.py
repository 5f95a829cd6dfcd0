"""Home keeps every lesson on one line: a long title is cut with an ellipsis, the id goes when
narrow, and the "Continue" entry keeps its scene and step."""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from tui.app.app import create_app
from tui.app.screens.home import Row

LONG = "Convolution vs correlation, output sizes and parameters"


def test_a_row_that_fits_is_whole() -> None:
    row = Row("  ○ new   ", "dim", "A toy ConvNet", "  030-xo")
    assert row.fit(80).plain == "  ○ new   A toy ConvNet  030-xo"
    assert str(row) == "  ○ new   A toy ConvNet  030-xo"


@pytest.mark.parametrize("width", [40, 50, 60, 66, 76, 100])
def test_a_long_row_stays_on_one_line_of_the_width(width: int) -> None:
    row = Row("  ○ new   ", "dim", LONG, "  020-conv-sizes")
    line = row.fit(width)
    assert line.cell_len <= width and "\n" not in line.plain
    room = width - len("  ○ new   ")
    if len(LONG) + len("  020-conv-sizes") <= room:
        assert line.plain == str(row)
    elif room - len("  020-conv-sizes") >= Row.MIN_TITLE:
        assert line.plain.endswith("…  020-conv-sizes")  # the title shrinks, the id stays
    else:
        assert "020-conv-sizes" not in line.plain and line.plain.endswith("…")


def test_continue_keeps_scene_and_step_however_narrow() -> None:
    row = Row("▶ Continue  ", "bold", LONG, " · scene 3 · step 12", "", droppable=False)
    line = row.fit(60).plain
    assert line.endswith("… · scene 3 · step 12") and len(line) <= 60


async def every_line(pilot: Pilot[Any], option_list: OptionList) -> list[str]:
    """Every line of the list as drawn, a page at a time (at 60x20 it is taller than its view)."""
    lines: list[str] = []
    height = option_list.size.height
    for top in range(0, max(option_list.virtual_size.height, 1), height):
        option_list.scroll_to(y=top, animate=False, immediate=True)
        await pilot.pause()
        first = round(option_list.scroll_y)
        lines[first:] = [option_list.render_line(y).text.rstrip() for y in range(height)]
    option_list.scroll_to(y=0, animate=False, immediate=True)
    return lines[: option_list.virtual_size.height]


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_every_lesson_row_is_one_line_at_80_and_60_columns(size: tuple[int, int]) -> None:
    app = create_app()
    async with app.run_test(size=size) as pilot:
        # the list as the loaded lessons leave it (home lists them after its first frame, and
        # loads them after that): a lesson highlighted, its summary below the list
        for _ in range(2000):  # only a safety net
            if app.lessons_loaded:
                break
            await pilot.pause()
        assert app.lessons_loaded
        await app.workers.wait_for_complete()  # its last act rebuilds the list from the lessons
        app.store.save_position("020-conv-sizes", 2, 12)
        app.screen.refresh_list()  # type: ignore[attr-defined]
        await pilot.pause()
        option_list = app.screen.query_one("#home-list", OptionList)
        width = option_list.scrollable_content_region.width
        lines = await every_line(pilot, option_list)
        lessons = [
            line for line in lines if line.lstrip().startswith(("○ new", "● seen", "◌ soon"))
        ]
        if size[0] == 80:  # every entry (deck headings too) on one line
            assert option_list.virtual_size.height == len(option_list.options)
        # No id (nor any other piece of a row) wrapped onto a line of its own.
        ids = {(o.id or "").removeprefix("lesson:") for o in option_list.options} - {""}
        assert not any(line.strip() in ids for line in lines)
        row_020 = next(line for line in lessons if LONG[:20] in line)
        assert "…" in row_020 and len(row_020) <= width
        if size[0] == 80:  # waiting on its prerequisite, it names that instead of its id
            assert row_020.endswith("after 010-conv-layers")
        continued = next(line for line in lines if "Continue" in line)
        assert continued.endswith("scene 3 · step 12")
