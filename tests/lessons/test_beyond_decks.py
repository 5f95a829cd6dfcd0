"""Lessons beyond the decks: no deck file, the course names the group, each slide its deck."""

from __future__ import annotations

from pathlib import Path

import pytest
from lesson_helpers import LESSONS_DIR, MINIMAL, write

from lessons import LessonError, load_file, load_text
from lessons.verify import verify_lesson
from tui.cli import main

BEYOND = MINIMAL.replace(
    "deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344}", "deck: {course: Beyond the decks}"
)


@pytest.mark.parametrize(
    "deck", ["deck: {course: Beyond the decks}", "deck: {file: null, course: Beyond the decks}"]
)
def test_a_lesson_may_have_no_deck_file(deck: str) -> None:
    text = MINIMAL.replace("deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344}", deck)
    lesson = load_text(text, "beyond.yaml")
    assert lesson.deck.file is None
    assert lesson.deck.course == "Beyond the decks"
    assert verify_lesson(lesson).ok  # the slide's 0 4 still checks against the engine


def test_its_slides_must_name_their_deck() -> None:
    with_deck = BEYOND.replace(
        "  - kind: correlate2d\n",
        "  - kind: correlate2d\n"
        "    slide: {title: Padding, line: 442, deck: 004_49149de07628b17c.txt}\n",
    )
    scene = load_text(with_deck, "ok.yaml").scenes[0]
    assert scene.slide is not None and scene.slide.deck == "004_49149de07628b17c.txt"
    without = BEYOND.replace(
        "  - kind: correlate2d\n", "  - kind: correlate2d\n    slide: {title: Padding, line: 442}\n"
    )
    with pytest.raises(LessonError) as caught:
        load_text(without, "bad.yaml")
    error = caught.value
    assert error.message == (
        "this lesson has no deck file, so its slide must name one: add deck: FILE "
        "(such as 004_49149de07628b17c.txt)"
    )
    assert (error.line, error.column) == (7, 12)  # the slide mapping of scene 1


def test_the_course_is_still_required() -> None:
    text = MINIMAL.replace("deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344}", "deck: {}")
    with pytest.raises(LessonError) as caught:
        load_text(text, "x.yaml")
    assert "course" in caught.value.message


def test_the_conv_arithmetic_lesson_is_beyond_the_decks() -> None:
    lesson = load_file(LESSONS_DIR / "090-conv-arithmetic.yaml")
    assert lesson.deck.file is None
    assert lesson.deck.course == "Beyond the decks"
    decks = {s.slide.deck for s in lesson.scenes if s.slide is not None}
    assert decks == {"004_49149de07628b17c.txt", "003_f20768683df30fba.txt"}


def test_lessons_lists_a_dash_for_no_deck(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "500-beyond.yaml", BEYOND)
    assert main(["lessons", "--lessons", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("mini "))
    assert row.split()[-2:] == ["—", "1"]
    arithmetic = next(line for line in out.splitlines() if line.startswith("090-conv-arithmetic"))
    assert arithmetic.split()[-2] == "—"


def test_the_home_screen_groups_it_under_beyond_the_decks() -> None:
    from tui.app.screens.home import deck_heading

    assert deck_heading(load_text(BEYOND, "b.yaml")) == "Beyond the decks"
    arithmetic = load_file(LESSONS_DIR / "090-conv-arithmetic.yaml")
    assert deck_heading(arithmetic) == "Beyond the decks"
