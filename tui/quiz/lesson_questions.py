"""The lessons' own ``quiz:`` questions, and which question families a lesson practises."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from tui.quiz.model import Question

#: Scene kinds (as the lessons name them) → the question families that practise them.
KIND_SKILLS: dict[str, tuple[str, ...]] = {
    "correlate1d": ("next-cell",),
    "correlate2d": ("next-cell", "same-padding"),
    "convolve2d": ("kernel-flip", "next-cell"),
    "convolution": ("kernel-flip", "next-cell"),
    "padding": ("same-padding", "output-size", "next-cell"),
    "stride": ("output-size", "next-cell"),
    "output-size": ("output-size",),
    "param-count": ("param-count",),
    "pool1d": ("pooling",),
    "pool2d": ("pooling", "output-size"),
    "pooling": ("pooling", "output-size"),
    "edges": ("edge-filter",),
    "pipeline": ("next-cell", "pooling"),
}


def lesson_skills(lesson: Any) -> set[str]:
    """The question families that practise what ``lesson``'s scenes show."""
    skills: set[str] = set()
    for scene in getattr(lesson, "scenes", ()):
        skills.update(KIND_SKILLS.get(str(getattr(scene, "kind", "")), ()))
    return skills


def lesson_generator(lessons: Sequence[Any]) -> Callable[[int], Question] | None:
    """A generator over the ``quiz:`` questions of ``lessons``, or None when they have none."""
    return None


__all__ = ["KIND_SKILLS", "lesson_generator", "lesson_skills"]
