"""A scene without grids on a wide terminal: a reading measure beside the lesson's outline.

Before this layout a text scene ran its narration the screen's full width (158 columns at 160) in
the top third and left the rest blank; now the narration keeps at most 96 columns and the outline
(every scene, the current one marked, the next one previewed) takes the rest. At 80x24 the
narration keeps the whole width and there is no outline.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Static

from lessons import load_all
from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen
from tui.app.widgets.scene_outline import SceneList, SceneOutline


def _lesson(lesson_id: str) -> Any:
    return next(lesson for lesson in load_all().lessons if lesson.id == lesson_id)


def _text(widget: Any) -> str:
    return "\n".join(widget.render_line(y).text.rstrip() for y in range(widget.size.height))


async def _open(pilot: Any, lesson: str, scene: int) -> LessonScreen:
    app = pilot.app
    await app.workers.wait_for_complete()
    assert app.open_lesson(lesson, scene=scene, step=0)
    await pilot.pause()
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, LessonScreen)
    return screen


@pytest.mark.parametrize("size", [(120, 40), (160, 50)], ids=["120x40", "160x50"])
async def test_a_text_scene_reads_in_a_measure_beside_the_outline(
    size: tuple[int, int], tmp_path: Any
) -> None:
    lesson = _lesson("050-backprop")
    assert lesson.scenes[0].kind == "text"
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=size) as pilot:
        screen = await _open(pilot, "050-backprop", 0)
        narration = screen.query_one("#narration-box", VerticalScroll)
        outline = screen.query_one("#outline", SceneOutline)
        assert outline.display and outline.region.width >= 40
        # a reading measure: about 72 to 100 columns, never the screen's width
        assert 70 <= narration.region.width <= 100
        assert narration.region.right <= outline.region.x  # side by side
        assert outline.region.height >= size[1] - 4  # the panel runs the screen's height
        listed = _text(screen.query_one(SceneList))
        titles = [str(scene.title or scene.kind) for scene in lesson.scenes]
        first = next(line for line in listed.splitlines() if line.strip().startswith("▶"))
        assert "1" in first and titles[0][:20] in first
        following = next(line for line in listed.splitlines() if "n ›" in line)
        assert titles[1][:20] in following
        preview = outline.query_one("#outline-next-title", Static)
        assert f"scene 2, {titles[1]}" in str(preview.render())


async def test_at_80x24_the_narration_keeps_the_width_and_there_is_no_outline(
    tmp_path: Any,
) -> None:
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, "050-backprop", 0)
        assert not screen.query_one("#outline", SceneOutline).display
        assert screen.query_one("#narration-box", VerticalScroll).region.width == 80
        assert not screen.query_one("#scene-asks", Static).display  # scene 1 has no quiz


async def test_a_scene_with_grids_keeps_the_board_layout(tmp_path: Any) -> None:
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(pilot, "000-convolution", 1)  # the 6x6 grid
        assert not screen.query_one("#outline", SceneOutline).display
        assert screen.has_class("-beside")


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
async def test_the_scene_s_questions_go_under_its_narration_without_answers(
    size: tuple[int, int], tmp_path: Any
) -> None:
    scene = _lesson("000-convolution").scenes[0]
    assert scene.kind == "text" and scene.quiz
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=size) as pilot:
        screen = await _open(pilot, "000-convolution", 0)
        asks = screen.query_one("#scene-asks", Static)
        assert asks.display
        shown = str(asks.render())
        for question in scene.quiz:
            assert str(question.ask).strip() in shown
            assert str(question.answer) not in shown  # the quiz asks it later


async def test_a_long_lesson_s_outline_keeps_the_current_scene_in_view(tmp_path: Any) -> None:
    lesson = _lesson("040-torch-layers")
    formulas = [i for i, scene in enumerate(lesson.scenes) if scene.kind == "output-size"]
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, "040-torch-layers", 0)
        scenes = screen.query_one(SceneList)
        assert len(lesson.scenes) > scenes.size.height  # windowed
        assert "more below" in _text(scenes)
        last = formulas[-1]  # a scene without grids late in the lesson
        screen.scene = last
        await pilot.pause()
        assert screen.has_class("-reading")
        assert last in scenes.visible_scenes()
        assert "more above" in _text(scenes)
        current = next(line for line in _text(scenes).splitlines() if "▶" in line)
        assert f"{last + 1}" in current


async def test_a_click_on_a_scene_in_the_outline_opens_it(tmp_path: Any) -> None:
    app = create_app(data_dir=tmp_path, fading=False)
    async with app.run_test(size=(160, 50)) as pilot:
        screen = await _open(pilot, "000-convolution", 0)
        scenes = screen.query_one(SceneList)
        # the third line lists scene 3 (no "more above" line: every scene fits)
        await pilot.click(scenes, offset=(10, 2))
        await pilot.pause()
        assert screen.scene == 2
