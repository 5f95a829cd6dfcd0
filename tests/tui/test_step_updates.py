"""A step rewrites only what changed: the narration's step paragraph in place, lines without a
layout pass when they keep their size, grids formatted one distinct value at a time."""

from __future__ import annotations

import numpy as np
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Markdown, Static

from tui.app.widgets.grid import GridView
from tui.app.widgets.line_update import fits_as_before, update_line
from tui.app.widgets.narration_patch import patch_paragraphs

INTRO = "Lay the filter on the grid and add the **nine** products."
OUTRO = "With *padding* the output keeps the input's shape."


def narration(step: int, text: str) -> str:
    return f"{INTRO}\n\nStep {step} of 4: `{text}`\n\n{OUTRO}"


class Page(App[None]):
    CSS = "#status { width: auto; }"  # as the lesson screen's status line: as wide as its text

    def compose(self) -> ComposeResult:
        yield Markdown(id="md")
        yield Static("step 1/16 │ ‖ paused 1/s", id="status")
        yield Static("1*3 + 0*7 = 3", id="line")


def paragraph_texts(markdown: Markdown) -> list[str]:
    return [str(block.render()) for block in markdown.children]


async def test_a_step_rewrites_its_paragraph_in_place() -> None:
    app = Page()
    async with app.run_test(size=(60, 20)) as pilot:
        markdown = app.query_one("#md", Markdown)
        await markdown.update(narration(1, "1*3 = 3"))
        await pilot.pause()
        before = list(markdown.children)
        assert patch_paragraphs(markdown, narration(1, "1*3 = 3"), narration(2, "1*7 = 7"))
        await pilot.pause()
        assert list(markdown.children) == before  # the same blocks: nothing remounted
        texts = paragraph_texts(markdown)
        assert texts[1] == "Step 2 of 4: 1*7 = 7"
        assert texts[0].startswith("Lay the filter") and texts[2].startswith("With padding")
        assert markdown.source == narration(2, "1*7 = 7")
        # the code span keeps Markdown's own inline-code style, as a full update draws it
        fresh = Markdown(narration(2, "1*7 = 7"))
        await app.mount(fresh)
        await pilot.pause()
        assert paragraph_texts(fresh) == texts
        assert fresh.children[1].render().spans == markdown.children[1].render().spans  # type: ignore[union-attr]


async def test_a_change_beyond_a_paragraph_is_refused() -> None:
    app = Page()
    async with app.run_test(size=(60, 20)) as pilot:
        markdown = app.query_one("#md", Markdown)
        old = narration(1, "1*3 = 3")
        await markdown.update(old)
        await pilot.pause()
        assert not patch_paragraphs(markdown, old, old + "\n\nA new paragraph.")  # lines added
        assert not patch_paragraphs(markdown, old, old.replace("Lay", "# Lay"))  # a heading
        assert not patch_paragraphs(markdown, "not what it shows", old)
        assert markdown.source == old


async def test_lines_skip_the_layout_only_when_they_keep_their_size() -> None:
    app = Page()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        status = app.query_one("#status", Static)
        line = app.query_one("#line", Static)
        assert fits_as_before(status, Content("step 2/16 │ ‖ paused 1/s"))  # same width
        assert not fits_as_before(status, Content("step 10/16 │ ‖ paused 1/s"))  # wider
        assert fits_as_before(line, Content("1*9 + 0*1 = 9"))
        assert not fits_as_before(line, Content(" + ".join(["1*9"] * 30)))  # wraps to 2 lines
        long = " + ".join(["1*9"] * 30) + " = 270"  # 183 characters: 4 lines of 60 at least
        update_line(line, long)
        update_line(status, "step 10/16 │ ‖ paused 1/s")
        for _ in range(20):  # the layout the longer texts asked for
            await pilot.pause()
            if line.size.height >= 4 and status.size.width == len("step 10/16 │ ‖ paused 1/s"):
                break
        assert line.size.height >= 4
        assert str(status.render()) == "step 10/16 │ ‖ paused 1/s"


def test_distinct_values_are_formatted_once_and_read_as_before() -> None:
    calls: list[float] = []

    def counted(value: float) -> str:
        calls.append(value)
        return f"{value:g}"

    x = np.random.default_rng(0).integers(0, 10, (64, 64)).astype(float)
    grid = GridView(x, formatter=counted)
    assert len(calls) == len(np.unique(x))
    assert grid._texts == [[f"{v:g}" for v in row] for row in x]
    assert grid.cell_width == 2


def test_negative_zero_keeps_its_own_text() -> None:
    grid = GridView(np.array([[0.0, -0.0, np.nan]]), formatter=lambda v: repr(v))
    assert grid._texts == [["0.0", "-0.0", "nan"]]
