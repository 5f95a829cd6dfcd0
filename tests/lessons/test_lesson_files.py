"""Every lesson file: it validates, every ``expect`` matches the engine apart from marked errata,
every scene can be played, and every slide reference points at its deck."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lesson_helpers import LESSONS_DIR, REPO, SEEDS

from lessons import load_all, load_file
from lessons.playback import prepare
from lessons.verify import verify_lesson

LESSON_FILES = [*sorted(LESSONS_DIR.glob("*.yaml")), LESSONS_DIR / "examples" / "annotated.yaml"]


def test_there_are_lessons_for_every_deck() -> None:
    decks = {load_file(path).deck.file or "" for path in LESSONS_DIR.glob("*.yaml")}
    for prefix in ("000_", "001_", "002_", "003_", "004_"):
        assert any(deck.startswith(prefix) for deck in decks), prefix


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.name)
def test_lesson_validates_and_checks_clean(path: Path) -> None:
    lesson = load_file(path)
    assert lesson.scenes
    report = verify_lesson(lesson)
    assert report.ok, "\n".join(str(f) for f in report.failures)
    for finding in report.errata:  # a marked erratum always explains itself
        assert finding.note.strip()


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.name)
def test_every_scene_plays(path: Path) -> None:
    lesson = load_file(path)
    for scene in lesson.scenes:
        playback = prepare(scene)
        assert playback.kind == scene.kind
        if playback.trace is not None and playback.trace.kind == "transposed":
            # One step per INPUT cell; after the last, the painted sums are the output.
            assert playback.input is not None and playback.output is not None
            assert len(playback.trace) == playback.input.shape[-2] * playback.input.shape[-1]
            assert playback.partial_output is not None
            painted = playback.partial_output(len(playback.trace))
            assert painted == pytest.approx(playback.output)
        elif playback.trace is not None:
            assert playback.output is not None
            assert len(playback.trace) == playback.output.size
            last = playback.trace[-1]
            assert last.value == pytest.approx(float(playback.output[last.out]))
        for stage in playback.stages:
            assert stage.output is not None


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.name)
def test_deck_and_slide_references(path: Path) -> None:
    lesson = load_file(path)
    own = lesson.deck.file
    if own is None:  # beyond the decks: every slide names its deck
        assert all(s.slide.deck for s in lesson.scenes if s.slide is not None)
    else:
        assert re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", own)
    if not SEEDS.is_dir():
        pytest.skip("the seed decks are not next to this checkout")
    for number, scene in enumerate(lesson.scenes, start=1):
        if scene.slide is None or scene.slide.line is None:
            continue
        name = scene.slide.deck or own
        assert name is not None and re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt", name)
        deck = SEEDS / name
        assert deck.exists(), f"scene {number}: no deck {deck.name}"
        lines = deck.read_text(encoding="utf-8").split("\n")
        line = scene.slide.line
        assert line <= len(lines), f"scene {number}: line {line} is past the deck's end"
        # a slide's title is printed at the start of its build-up frames: at or before the line
        window = "\n".join(lines[max(0, line - 120) : line + 40])
        assert scene.slide.title.rstrip(":") in window, f"scene {number}: {scene.slide.title!r}"


@pytest.mark.parametrize(
    "name", ["000-convolution.yaml", "010-conv-layers.yaml", "020-conv-sizes.yaml"]
)
def test_my_deck_lessons_trace_every_scene_to_a_slide(name: str) -> None:
    lesson = load_file(LESSONS_DIR / name)
    for number, scene in enumerate(lesson.scenes, start=1):
        assert scene.slide is not None and scene.slide.line is not None, f"scene {number}"
        assert scene.narration.strip(), f"scene {number} has no narration"
    assert sum(len(scene.quiz) for scene in lesson.scenes) >= 5


def test_course_order_is_file_name_order_and_ids_are_unique() -> None:
    result = load_all()
    assert not result.errors, [str(e) for e in result.errors]
    names = [lesson.source.name for lesson in result.lessons if lesson.source is not None]
    assert names == sorted(names)
    ids = [lesson.id for lesson in result.lessons]
    assert len(ids) == len(set(ids))
    assert {"000-convolution", "010-conv-layers", "020-conv-sizes"} <= set(ids)


def test_lessons_ship_as_package_data() -> None:
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'packages = ["engine", "lessons", "tui"]' in text  # hatch ships every file in them
    assert all(path.parent == LESSONS_DIR for path in LESSONS_DIR.glob("*.yaml"))
