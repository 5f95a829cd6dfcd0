"""Which lessons are unlocked and which to suggest next: the course path over ``prerequisites``.

Pure functions over the lessons (course order) and their status (``"seen"`` / ``"done"``, as the
progress store keeps it). A lesson is unlocked when every prerequisite it names is done; an id no
lesson has is ignored (``cnn-tutor check`` notes it). Nothing is ever blocked: a locked lesson
still opens, the home screen only says what it needs first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["missing_prerequisites", "next_lesson", "unlocked"]


def missing_prerequisites(
    lesson: Any, status: Mapping[str, str], known: set[str] | None = None
) -> list[str]:
    """The prerequisites of ``lesson`` not done yet, in the order it names them.

    Args:
        lesson: A lesson (its ``prerequisites``, a tuple of lesson ids).
        status: Lesson id → ``"seen"`` or ``"done"``.
        known: The ids of the lessons that exist; others are ignored (None: keep all).
    """
    needed = getattr(lesson, "prerequisites", ()) or ()
    return [
        lesson_id
        for lesson_id in needed
        if status.get(lesson_id) != "done" and (known is None or lesson_id in known)
    ]


def unlocked(lesson: Any, status: Mapping[str, str], known: set[str] | None = None) -> bool:
    """Whether every prerequisite of ``lesson`` is done.

    >>> from types import SimpleNamespace as L
    >>> unlocked(L(prerequisites=("a",)), {"a": "done"}), unlocked(L(prerequisites=("a",)), {})
    (True, False)
    """
    return not missing_prerequisites(lesson, status, known)


def next_lesson(lessons: Sequence[Any], status: Mapping[str, str]) -> Any | None:
    """The lesson to suggest: the first in course order not done whose prerequisites are.

    >>> from types import SimpleNamespace as L
    >>> course = [L(id="a", prerequisites=()), L(id="b", prerequisites=("a",))]
    >>> next_lesson(course, {}).id, next_lesson(course, {"a": "done"}).id
    ('a', 'b')
    >>> next_lesson(course, {"a": "done", "b": "done"}) is None
    True
    """
    known = {lesson.id for lesson in lessons}
    for lesson in lessons:
        if status.get(lesson.id) != "done" and unlocked(lesson, status, known):
            return lesson
    return None
