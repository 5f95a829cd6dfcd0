"""Narration placeholders: ``{text}`` arrives wrapped in backticks (``lessons.playback.narrate``),
so a lesson that wraps it again shows a stray "``" before the first step and doubled backticks
after it."""

from __future__ import annotations

import re

import pytest

from lessons import load_all
from lessons.playback import prepare

LESSONS = load_all().lessons
DOUBLED = re.compile(r"(?<!`)``(?!`)")
"""Two backticks that are not part of a ``` fence."""


def narrations(playback: object) -> list[tuple[object, str]]:
    stages = tuple(getattr(playback, "stages", ()) or ())
    return [(p, p.narration) for p in (playback, *stages) if getattr(p, "narration", "")]


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.id for lesson in LESSONS])
def test_no_narration_shows_doubled_or_empty_backticks(lesson: object) -> None:
    for number, scene in enumerate(lesson.scenes, 1):  # type: ignore[attr-defined]
        playback = prepare(scene)
        for stage, raw in narrations(playback):
            assert not re.search(r"`\{(text)\}`", raw), f"{lesson.id} scene {number}"  # type: ignore[attr-defined]
            steps = stage.steps  # type: ignore[attr-defined]
            for step in {0, 1, steps} if steps else {0}:
                text = stage.narration_at(step)  # type: ignore[attr-defined]
                doubled = DOUBLED.search(text)
                assert doubled is None, f"{lesson.id} scene {number} step {step}: {text!r}"  # type: ignore[attr-defined]
