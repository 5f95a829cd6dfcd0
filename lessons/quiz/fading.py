"""Faded worked examples: which windows of a scene the stepper shows worked, and which it asks.

Worked examples help most before a skill is learned, and get in the way after (the expertise
reversal effect); fading them, worked steps first, then steps the learner completes, bridges the
two. Here: in a scene whose kind practises a skill the learner has not mastered, the first
:data:`WORKED_WINDOWS` windows are shown worked and every later one asks for a prediction first
(predict before reveal, with the quiz's hints and diagnosis). Once the skill is mastered (in a
mixed review, :mod:`lessons.quiz.schedule`), scenes of that kind play without asking. Pure
functions; the lesson screen applies them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from lessons.quiz.schedule import SkillMastery

__all__ = ["FADE_SKILLS", "WORKED_WINDOWS", "Fade", "fade_for"]

#: Windows shown worked at the start of each scene (each stage of a pipeline) before asking.
WORKED_WINDOWS = 2

#: Scene kind → the skill whose mastery ends the fading for that kind.
FADE_SKILLS: dict[str, str] = {
    "correlate1d": "next-cell",
    "correlate2d": "next-cell",
    "convolve2d": "next-cell",
    "multichannel": "next-cell",
    "pipeline": "next-cell",
    "pool1d": "pooling",
    "pool2d": "pooling",
}


@dataclass(frozen=True)
class Fade:
    """How one scene is stepped.

    Attributes:
        skill: The skill the scene's kind practises (None: a kind without windows to predict).
        active: Whether the scene fades (worked windows, then predictions).
        worked: Windows shown worked before the first prediction (0 when not active).
    """

    skill: str | None
    active: bool
    worked: int

    def asks(self, window: int) -> bool:
        """Whether window ``window`` (0-based within its stage) asks for a prediction first."""
        return self.active and window >= self.worked


def fade_for(kind: str, known: Mapping[str, SkillMastery], *, enabled: bool = True) -> Fade:
    """The fading of a scene of ``kind``, given the learner's skills.

    Args:
        kind: The scene kind.
        known: Skill → state (the progress store's ``mastery()``).
        enabled: The fading setting (``--no-fading`` turns it off).

    >>> fade_for("correlate2d", {}).asks(0), fade_for("correlate2d", {}).asks(2)
    (False, True)
    >>> fade_for("relu", {}).active, fade_for("pool2d", {}, enabled=False).active
    (False, False)
    """
    skill = FADE_SKILLS.get(kind)
    if skill is None or not enabled:
        return Fade(skill, False, 0)
    state = known.get(skill)
    mastered = state is not None and state.mastered
    return Fade(skill, not mastered, 0 if mastered else WORKED_WINDOWS)
