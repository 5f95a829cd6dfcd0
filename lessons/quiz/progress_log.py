"""The ProgressLog protocol: what the quiz asks of wherever progress is kept.

The quiz session and the mastery table take any object with these members. The app and the CLI
pass :class:`tui.progress.store.ProgressStore` (SQLite); a test can pass a few lines of plain
Python. Nothing here imports the store, so the quiz never imports ``tui``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Protocol

from lessons.quiz.schedule import SkillMastery


class ProgressLog(Protocol):
    """Answers, hints and each skill's FSRS state, as the quiz reads and writes them."""

    @property
    def clock(self) -> Callable[[], float]:
        """The source of unix times that "due" is measured against."""
        ...

    def record_answer(
        self,
        skill: str,
        question: str,
        given: str,
        correct: bool,
        *,
        hints: int = 0,
        diagnosis: str | None = None,
        seconds: float | None = None,
        review: bool = False,
    ) -> SkillMastery:
        """Keep one answer and review the skill by :func:`lessons.quiz.schedule.after_answer`.

        Args:
            skill: The question family.
            question: A stable key for the question (family, seed, parameters).
            given: What the learner typed.
            correct: Whether it counted as right.
            hints: How many hint tiers were used before answering.
            diagnosis: The diagnosis shown for a wrong answer, if any.
            seconds: How long the answer took, or None when not measured.
            review: True when an interleaved review session asked it.

        Returns:
            The skill's state after this answer.
        """
        ...

    def record_hint(self, skill: str, question: str, tier: int) -> None:
        """Keep that hint ``tier`` (1 = which window, 2 = products, 3 = answer) was shown."""
        ...

    def hints_used(self, skill: str | None = None) -> int:
        """Count the hints shown, for one skill or all."""
        ...

    def mastery(self) -> Mapping[str, SkillMastery]:
        """Skill → state, for every skill answered at least once."""
        ...


__all__ = ["ProgressLog"]
