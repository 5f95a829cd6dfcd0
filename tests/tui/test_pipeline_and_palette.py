"""A pipeline scene steps through its stages; the palette jumps to lessons from anywhere."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from stepper_lesson import DECK000_INPUT, VERTICAL
from textual.command import CommandPalette
from textual.widgets import Markdown, OptionList

import engine
from lessons import load_paths
from tui.app.app import CnnTutorApp, create_app
from tui.app.screens.lesson import LessonScreen

FIXTURES = Path(__file__).resolve().parent / "lesson_files"
SIZE = (100, 32)
PIPELINE = 3  # the fixture lesson's fourth scene: filter (16 windows) → ReLU → 2x2 max pool (4)


def fixture_app() -> CnnTutorApp:
    return create_app(lessons=load_paths([FIXTURES]))


def text_of(screen: LessonScreen, selector: str) -> str:
    assert screen.board is not None
    return str(screen.board.query_one(selector).render())


async def test_pipeline_steps_run_through_each_stage() -> None:
    app = fixture_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("fixture-edges", scene=PIPELINE)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert screen.timeline.total == 16 + 1 + 4
        assert "stage 1/3 correlate2d" in str(screen.query_one("#status-step").render())
        await pilot.press("right")
        await pilot.pause()
        assert text_of(screen, "#arithmetic") == (
            "1*3 + 0*7 + -1*9 + 1*8 + 0*1 + -1*3 + 1*7 + 0*4 + -1*6 = 0"
        )
        narration = screen.query_one("#narration", Markdown).source
        # Said once, under the grids: the stage's "The vertical filter: {text}" does not repeat it.
        assert "**Stage 1 of 3: Filter.** The vertical filter." in narration
        assert "1*3 + 0*7" not in narration
        await pilot.press("end")
        await pilot.pause()
        assert "stage 3/3 pool2d" in str(screen.query_one("#status-step").render())
        # Deck 000's map after ReLU, pooled: the last window holds 0, 7, 0, 11.
        relu = np.maximum(engine.correlate2d(DECK000_INPUT, VERTICAL), 0)
        assert relu[2:, 2:].ravel().tolist() == [0, 7, 0, 11]
        assert text_of(screen, "#arithmetic") == "max(0, 7, 0, 11) = 11"
        await pilot.press(*["left"] * 4)  # back to the ReLU stage: its whole result at once
        await pilot.pause()
        assert screen.step == 17
        assert "stage 2/3 relu" in str(screen.query_one("#status-step").render())
        assert screen.board is not None
        out = screen.board.output_grids[0]
        assert out.render_line(0).text.split() == ["0", "4", "11", "0"]


async def test_clicking_a_pooled_cell_jumps_within_its_stage() -> None:
    app = fixture_app()
    async with app.run_test(size=SIZE) as pilot:
        app.open_lesson("fixture-edges", scene=PIPELINE, step=21)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen) and screen.board is not None
        out = screen.board.output_grids[0]
        await pilot.click(out, offset=(1, 0))
        await pilot.pause()
        assert screen.step == 16 + 1 + 1


async def test_palette_jumps_to_a_lesson_from_home() -> None:
    app = fixture_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"lesson: vertical edges")
        results = app.screen.query_one(OptionList)
        for _ in range(2000):  # the palette searches in a worker: wait for its first hit
            if results.option_count and results.highlighted is not None:
                break
            await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        assert (screen.lesson.id, screen.scene, screen.step) == ("fixture-edges", 0, 0)
