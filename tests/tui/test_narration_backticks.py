"""Narration placeholders: ``{text}`` arrives wrapped in backticks (``lessons.playback.narrate``),
so a lesson that wraps it again shows a stray "``" before the first step and doubled backticks
after it."""

from __future__ import annotations

import re

import pytest

from lessons import Lesson, load_all
from lessons.playback import Playback, prepare

LESSONS = load_all().lessons
DOUBLED = re.compile(r"(?<!`)``(?!`)")
"""Two backticks that are not part of a ``` fence."""


def narrated(playback: Playback) -> list[Playback]:
    """The scene and its stages, those with a narration."""
    return [p for p in (playback, *playback.stages) if p.narration]


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_no_narration_shows_doubled_or_empty_backticks(lesson: Lesson) -> None:
    for number, scene in enumerate(lesson.scenes, 1):
        for stage in narrated(prepare(scene)):
            assert not re.search(r"`\{(text)\}`", stage.narration), f"{lesson.id} scene {number}"
            for step in {0, 1, stage.steps} if stage.steps else {0}:
                text = stage.narration_at(step)
                doubled = DOUBLED.search(text)
                assert doubled is None, f"{lesson.id} scene {number} step {step}: {text!r}"
