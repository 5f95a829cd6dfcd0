"""Rough edges a new user hit (issue 17), each pinned by a test that failed before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Markdown, OptionList, Static

from lessons import load_all
from lessons.playback import narrate, prepare, scene_narration
from lessons.quiz.families import generate
from tui.app.app import create_app
from tui.app.screens.lesson import LessonScreen

MINE = """\
id: 015-mine
title: My own lesson
summary: A lesson of my own, without a deck.
deck: {course: Beyond the decks}
scenes:
  - kind: text
    title: Hello
    narration: Hello.
"""

LESSONS = list(load_all().lessons)
SEED_FILE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")


async def test_beyond_the_decks_is_one_heading_even_when_a_deckless_lesson_sorts_early(
    tmp_path: Path,
) -> None:
    (tmp_path / "015-mine.yaml").write_text(MINE, encoding="utf-8")
    app = create_app(lesson_dirs=[tmp_path])  # course order: 015-mine between decks 001 and 002
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        options = app.screen.query_one("#home-list", OptionList).options
        headings = [str(o.prompt) for o in options if o.disabled]
        assert headings.count("Beyond the decks") == 1
        assert headings[-1] == "Beyond the decks"
        beyond = next(i for i, o in enumerate(options) if str(o.prompt) == "Beyond the decks")
        ids = [o.id for o in options[beyond + 1 :]]
        assert ids[0] == "lesson:015-mine"  # the deckless lessons keep course order
        assert "lesson:090-conv-arithmetic" in ids
        assert all(i and i.startswith("lesson:") for i in ids)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
async def test_no_screen_title_shows_a_seed_file_name(lesson: object) -> None:
    app = create_app(open_lesson=(lesson.id, 0, 0))  # type: ignore[attr-defined]
    async with app.run_test(size=(160, 50)) as pilot:
        for _ in range(100):
            if isinstance(app.screen, LessonScreen):
                break
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        for scene in range(len(screen.lesson.scenes)):
            screen.goto(scene=scene)
            await pilot.pause()
            assert not SEED_FILE.search(f"{screen.title} {screen.sub_title}")
            deck = screen.lesson.deck
            assert deck is not None and deck.course in screen.sub_title
            slide = screen.lesson.scenes[scene].slide
            if slide is not None:
                assert f'slide "{slide.title}"' in screen.sub_title


def test_the_header_names_deck_000s_course_and_slide() -> None:
    from tui.app.screens.lesson import scene_subtitle

    lesson = next(item for item in LESSONS if item.id == "000-convolution")
    assert scene_subtitle(lesson, 2).startswith("CS344 Deep Learning · slide ")
    beyond = next(item for item in LESSONS if item.id == "090-conv-arithmetic")
    assert "(deck 004)" in scene_subtitle(beyond, 0)


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_the_narration_says_the_arithmetic_and_the_reconstruction_note_once(
    lesson: object,
) -> None:
    for scene in lesson.scenes:  # type: ignore[attr-defined]
        playback = prepare(scene)
        assert scene_narration(scene).count("Reconstructed:") <= 1
        timeline = playback.timeline
        for step in {1, timeline.total}:
            if not step:
                continue
            stage, local = timeline.locate(step)
            shown = timeline.stages[stage]
            current = shown.trace[local - 1] if shown.trace is not None and local else None
            if current is None:
                continue
            said = narrate(playback.narration, shown, local, arithmetic=False)
            said += narrate(shown.narration, shown, local, arithmetic=False)
            assert current.text not in said  # the board prints it under the grids


async def test_the_step_screen_prints_its_arithmetic_once() -> None:
    app = create_app(open_lesson=("000-convolution", 2, 3))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if isinstance(app.screen, LessonScreen) and app.screen.board is not None:
                break
            await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        step = screen.current_step()
        assert step is not None
        narration = screen.query_one("#narration", Markdown).source
        assert step.text not in narration
        assert "Step 3 of 4" not in narration


def test_quiz_prompts_say_an_8_by_8() -> None:
    prompts = [generate(skill, seed).prompt for skill in ("output-size",) for seed in range(300)]
    assert not [p for p in prompts if re.search(r"\ba (8|11|18|8\d)×", p)]
    assert any(re.search(r"\ban (8|11|18)×", p) for p in prompts)


async def test_a_scene_whose_expect_disagrees_with_the_engine_says_so(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parent / "lesson_files" / "100-fixture-edges.yaml"
    text = fixture.read_text(encoding="utf-8")
    # Deck 000's first output cell is 0; the file now claims 5, with no erratum.
    wrong = text.replace("      0  4 11 -2\n", "      5  4 11 -2\n", 1)
    assert wrong != text
    (tmp_path / "100-fixture-edges.yaml").write_text(wrong, encoding="utf-8")
    app = create_app(lesson_dirs=[tmp_path], open_lesson=("fixture-edges", 0, 0))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            if isinstance(app.screen, LessonScreen):
                break
            await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, LessonScreen)
        warning = screen.query_one("#scene-warning", Static)
        assert warning.display and not warning.has_class("-empty")
        said = str(warning.render())
        assert "cell (0, 0): the file says 5, the engine computes 0" in said
        screen.goto(scene=1)  # the pooling scene has no expect: no warning
        await pilot.pause()
        assert warning.has_class("-empty")
