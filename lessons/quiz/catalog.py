"""Which skills exist and which question sources a quiz draws from.

Skills are the question families of :mod:`lessons.quiz.families` plus ``lesson``, the lessons' own
``quiz:`` questions. ``cnn-tutor quiz --lesson ID`` narrows the quiz to that lesson's questions
and the families its scenes practise; ``--skill NAME`` narrows it to one skill.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the model imports NumPy and the engine; the home screen needs neither
    from lessons.quiz.model import Question

    Generator = Callable[[int], Question]

LESSON_SKILL = "lesson"


def skill_titles() -> dict[str, str]:
    """Skill name → short title, in the order the summary lists them."""
    from lessons.quiz.families import SKILLS

    titles = {name: skill.title for name, skill in SKILLS.items()}
    titles[LESSON_SKILL] = "Lesson questions"
    titles["predict"] = "Predict before reveal"
    return titles


class SelectionError(ValueError):
    """An unknown lesson or skill; the message is one line for the user."""


def quiz_sources(
    lessons: Sequence[Any] = (),
    *,
    lesson: str | None = None,
    skill: str | None = None,
) -> dict[str, Generator]:
    """Question sources for a quiz.

    Args:
        lessons: The loaded lessons (``LoadResult.lessons``), for their own ``quiz:`` questions.
        lesson: Only this lesson's questions and the families its scenes practise.
        skill: Only this skill.

    Returns:
        Skill name → generator (seed → question); never empty.

    Raises:
        SelectionError: For an unknown lesson or skill, or a combination with no questions.
    """
    from lessons.quiz.families import SKILLS
    from lessons.quiz.lesson_questions import lesson_generator, lesson_skills

    by_id = {item.id: item for item in lessons}
    if lesson is not None and lesson not in by_id:
        known = ", ".join(by_id) or "none loaded"
        raise SelectionError(f"unknown lesson {lesson!r}; lessons: {known}")
    titles = skill_titles()
    if skill is not None and skill not in titles:
        raise SelectionError(f"unknown skill {skill!r}; skills: {', '.join(titles)}")
    if skill == "predict":
        raise SelectionError(
            "skill 'predict' is practised in the lesson stepper: turn predicting on there"
        )
    chosen = [by_id[lesson]] if lesson is not None else list(lessons)
    sources: dict[str, Generator] = {}
    family_names = list(SKILLS)
    if lesson is not None:
        family_names = [name for name in family_names if name in lesson_skills(by_id[lesson])]
    for name in family_names:
        sources[name] = SKILLS[name].generate
    own = lesson_generator(chosen)
    if own is not None:
        sources[LESSON_SKILL] = own
    if skill is not None:
        sources = {name: gen for name, gen in sources.items() if name == skill}
    if not sources:
        where = f"lesson {lesson!r}" if lesson else "the lessons loaded"
        raise SelectionError(f"{where} has no questions for skill {skill!r}")
    return sources


__all__ = ["LESSON_SKILL", "SelectionError", "quiz_sources", "skill_titles"]
