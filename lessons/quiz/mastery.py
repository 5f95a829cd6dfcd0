"""Mastery per skill as rows of text, shared by ``cnn-tutor progress`` and the summary screen."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from lessons.quiz.catalog import skill_titles
from lessons.quiz.progress_log import ProgressLog


def bar(fraction: float, width: int = 10) -> str:
    """A bar of ``width`` cells, ``fraction`` of them filled.

    >>> bar(0.4, 5)
    '██░░░'
    """
    filled = round(max(0.0, min(1.0, fraction)) * width)
    return "█" * filled + "░" * (width - filled)


def due_text(due: float, now: float) -> str:
    """When a skill comes back, in words: ``now``, ``in 10 min``, ``in 3 h``, ``in 2 d``."""
    left = due - now
    if left <= 0:
        return "now"
    if left < 3600:
        return f"in {max(1, round(left / 60))} min"
    if left < 86400:
        return f"in {round(left / 3600)} h"
    return f"in {round(left / 86400)} d"


def recall_text(recall_now: float, recall_in_a_day: float) -> str:
    """FSRS's chance of recall now and a day from now, in words.

    Right after an answer, right or wrong, FSRS's recall *now* is 100 %: the figure a day on is
    the one that tells a wrong answer (low stability) from a right one.

    >>> recall_text(1.0, 0.766)
    'recall 100% now, 77% in a day'
    """
    return f"recall {recall_now:.0%} now, {recall_in_a_day:.0%} in a day"


@dataclass(frozen=True)
class MasteryRow:
    """One skill's line in the summary.

    Attributes:
        skill: The skill's name.
        title: Its title.
        retrievability: FSRS's chance of recall now, 0 to 1 (0 for a skill never answered).
        stability: FSRS stability in days, or None before the first answer.
        difficulty: FSRS difficulty (1 to 10), or None before the first answer.
        correct: Right answers.
        attempts: Answers (reviews).
        hints: Hints shown.
        due: When it is due, in words (``now``, ``in 10 min``).
        due_at: Unix time it is due (0 for a skill never answered: due now).
        mastered: Reached through an interleaved review.
    """

    skill: str
    title: str
    retrievability: float
    stability: float | None
    difficulty: float | None
    correct: int
    attempts: int
    hints: int
    due: str
    due_at: float
    mastered: bool

    @property
    def reviews(self) -> int:
        """FSRS reviews: one per answer."""
        return self.attempts


def mastery_rows(
    log: ProgressLog, skills: list[str] | None = None, now: float | None = None
) -> list[MasteryRow]:
    """Every skill (families, lesson questions, and any other ``log`` knows), in order.

    Args:
        log: Where progress is kept (the app's and the CLI's progress store).
        skills: Only these skills, in this order; None: every known skill.
        now: The time "due" is measured from; None: ``log.clock()``.
    """
    titles = skill_titles()
    known = log.mastery()
    names = skills if skills is not None else list(dict.fromkeys([*titles, *known]))
    now = log.clock() if now is None else now
    rows = []
    for name in names:
        state = known.get(name)
        title = titles.get(name, name)
        if state is None:
            rows.append(MasteryRow(name, title, 0.0, None, None, 0, 0, 0, "now", 0.0, False))
        else:
            rows.append(
                MasteryRow(
                    name,
                    title,
                    state.retrievability(now),
                    state.stability,
                    state.difficulty,
                    state.correct,
                    state.attempts,
                    log.hints_used(name),
                    due_text(state.due, now),
                    state.due,
                    state.mastered,
                )
            )
    return rows


def row_json(row: MasteryRow) -> dict[str, object]:
    """One row as ``progress --json`` prints it: skill, reviews, due, FSRS numbers.

    ``due`` is an ISO 8601 UTC time, or None for a skill never answered (due now).
    """
    due = None  # never answered: due now, with no review yet
    if row.attempts:
        due = datetime.fromtimestamp(row.due_at, timezone.utc).isoformat(timespec="seconds")
    return {
        "skill": row.skill,
        "title": row.title,
        "reviews": row.reviews,
        "correct": row.correct,
        "hints": row.hints,
        "due": due,
        "due_in": row.due,
        "stability": row.stability,
        "difficulty": row.difficulty,
        "retrievability": round(row.retrievability, 4),
        "mastered": row.mastered,
    }


__all__ = ["MasteryRow", "bar", "due_text", "mastery_rows", "recall_text", "row_json"]
