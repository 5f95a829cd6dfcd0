"""The spaced-repetition rule: FSRS, the rating each answer earns, and which skill comes next.

Scheduling is the maintained ``fsrs`` package (the scheduler modern Anki uses), not a copy of it:
each skill is one FSRS card, and each quiz answer is one review of it. This module only decides
the rating from what the tutor knows about the answer (:func:`rating_for`), turns the frozen
:class:`SkillMastery` record into an ``fsrs.Card`` and back, and picks the next skill. There is
no storage and no clock here: the quiz session and the progress store
(:mod:`tui.progress.store`) both apply :func:`after_answer`, so the rule is written once.

The ratings:

* wrong (a diagnosed misconception included): ``Again``;
* right after two or more hints: ``Hard``;
* right after at most one hint: ``Good``;
* right with no hint within :data:`EASY_SECONDS`: ``Easy``.

"Mastered" is reached only in an interleaved review (:func:`after_answer` with ``review=True``):
a right answer without hints there, once FSRS has moved the skill to its ``Review`` state. A
wrong answer anywhere takes mastery away again.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from enum import IntEnum

from fsrs import Card, Rating, Scheduler, State

#: A right answer with no hints given within this many seconds counts as ``Easy``.
EASY_SECONDS = 15.0
#: Fuzzing off: the same history always gives the same schedule (tests, two tutors at once).
SCHEDULER = Scheduler(enable_fuzzing=False)
#: Every skill is one card; a fixed id keeps ``fsrs.Card`` from reading the clock for one.
CARD_ID = 1


class Grade(IntEnum):
    """The FSRS rating of one answer (the same numbers as ``fsrs.Rating``)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


@dataclass(frozen=True)
class SkillMastery:
    """What is known about one skill: its counts and its FSRS card.

    Attributes:
        skill: The skill name (a question family, such as ``"output-size"``).
        attempts: Answers given (FSRS reviews), all time.
        correct: Right answers, all time.
        streak: Right answers in a row, most recent last.
        due: Unix time when FSRS schedules the skill's next review.
        last_seen: Unix time of the last answer, or None.
        stability: FSRS stability in days (how long the memory lasts), None before a review.
        difficulty: FSRS difficulty, 1 (easy) to 10 (hard), None before a review.
        state: FSRS card state: 1 learning, 2 review, 3 relearning.
        step: The learning or relearning step, or None in the review state.
        mastered: True once a right answer without hints came in an interleaved review while
            the card was in FSRS's review state; a wrong answer clears it.
    """

    skill: str
    attempts: int
    correct: int
    streak: int
    due: float
    last_seen: float | None
    stability: float | None = None
    difficulty: float | None = None
    state: int = int(State.Learning)
    step: int | None = 0
    mastered: bool = False

    @property
    def accuracy(self) -> float | None:
        """Share of right answers, or None before the first answer."""
        return self.correct / self.attempts if self.attempts else None

    def retrievability(self, now: float) -> float:
        """FSRS's probability, in [0, 1], that the skill is recalled at unix time ``now``.

        0 for a skill never reviewed; computed by ``fsrs.Scheduler.get_card_retrievability``.
        """
        return float(SCHEDULER.get_card_retrievability(to_card(self), _when(now)))

    def is_due(self, now: float) -> bool:
        """Whether the skill's review is due at ``now``."""
        return self.due <= now


def _when(unix: float) -> datetime:
    return datetime.fromtimestamp(unix, timezone.utc)


def fresh(skill: str) -> SkillMastery:
    """A skill never answered: an FSRS card in its first learning step, due now.

    >>> fresh("pooling").attempts, fresh("pooling").stability
    (0, None)
    """
    return SkillMastery(skill, attempts=0, correct=0, streak=0, due=0.0, last_seen=None)


def to_card(state: SkillMastery) -> Card:
    """The skill as an ``fsrs.Card``."""
    return Card(
        card_id=CARD_ID,
        state=State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=_when(state.due),
        last_review=None if state.last_seen is None else _when(state.last_seen),
    )


def rating_for(
    correct: bool,
    hints: int,
    *,
    diagnosis: str | None = None,
    seconds: float | None = None,
) -> Grade:
    """The FSRS rating an answer earns.

    Args:
        correct: Whether the answer counted as right.
        hints: Hint tiers shown before answering.
        diagnosis: The misconception diagnosed in a wrong answer, if any (also ``Again``).
        seconds: How long the answer took, or None when unknown (then never ``Easy``).

    Returns:
        ``AGAIN``, ``HARD``, ``GOOD`` or ``EASY``.

    >>> rating_for(False, 0).name, rating_for(True, 2).name, rating_for(True, 1).name
    ('AGAIN', 'HARD', 'GOOD')
    >>> rating_for(True, 0, seconds=4.0).name, rating_for(True, 0, seconds=40.0).name
    ('EASY', 'GOOD')
    """
    if not correct or diagnosis is not None:
        return Grade.AGAIN
    if hints >= 2:
        return Grade.HARD
    if hints == 0 and seconds is not None and seconds <= EASY_SECONDS:
        return Grade.EASY
    return Grade.GOOD


def after_review(
    state: SkillMastery, grade: Grade, *, now: float, review: bool = False
) -> SkillMastery:
    """The skill's state after one FSRS review rated ``grade`` at unix time ``now``.

    Args:
        state: The state before (:func:`fresh` for a skill never answered).
        grade: The rating (:func:`rating_for`).
        now: Unix time of the answer.
        review: True when the answer came in an interleaved review session (the only place
            mastery is earned).

    Returns:
        The new state; FSRS sets its stability, difficulty, card state and due time.
    """
    card, _ = SCHEDULER.review_card(to_card(state), Rating(int(grade)), _when(now))
    right = grade != Grade.AGAIN
    mastered = state.mastered and right
    if review and grade >= Grade.GOOD and card.state == State.Review:
        mastered = True
    return replace(
        state,
        attempts=state.attempts + 1,
        correct=state.correct + right,
        streak=state.streak + 1 if right else 0,
        due=card.due.timestamp(),
        last_seen=now,
        stability=card.stability,
        difficulty=card.difficulty,
        state=int(card.state),
        step=card.step,
        mastered=mastered,
    )


def after_answer(
    state: SkillMastery,
    *,
    correct: bool,
    hints: int,
    now: float,
    diagnosis: str | None = None,
    seconds: float | None = None,
    review: bool = False,
) -> SkillMastery:
    """The skill's state after one more answer: :func:`rating_for`, then :func:`after_review`.

    >>> s = after_answer(fresh("pooling"), correct=True, hints=0, now=0.0)
    >>> s.attempts, s.due  # Good on a new card: the second learning step, 10 minutes
    (1, 600.0)
    >>> after_answer(s, correct=False, hints=0, now=60.0).due  # Again: back to 1 minute
    120.0
    """
    grade = rating_for(correct, hints, diagnosis=diagnosis, seconds=seconds)
    return after_review(state, grade, now=now, review=review)


def replay(skill: str, history: Iterable[tuple[float, Grade, bool]]) -> SkillMastery:
    """A skill's state from its answers: ``(unix time, rating, in a review)``, oldest first."""
    state = fresh(skill)
    for at, grade, review in history:
        state = after_review(state, grade, now=at, review=review)
    return state


def urgency(state: SkillMastery | None, now: float) -> tuple[float, float]:
    """How urgent a skill is, smallest first: ``(seconds until due, retrievability)``.

    A skill never answered (None) counts as due now with nothing retained.
    """
    if state is None:
        return (0.0, 0.0)
    return (max(0.0, state.due - now), state.retrievability(now))


def due_skills(known: Mapping[str, SkillMastery], now: float) -> list[str]:
    """The skills answered before whose review is due at ``now``, least retained first."""
    due = [name for name, state in known.items() if state.is_due(now)]
    return sorted(due, key=lambda name: (known[name].retrievability(now), known[name].due, name))


def next_skill(
    candidates: Sequence[str],
    known: Mapping[str, SkillMastery],
    now: float,
    *,
    rng: random.Random | None = None,
    avoid: str | None = None,
) -> str:
    """Pick the skill to practise next: the soonest due, the least retained first.

    Among equally urgent skills ``avoid`` (the one just asked) is skipped when another is left,
    and ``rng`` picks (else the first given). Skills already due all count as equally urgent
    by due time, so a review mixes them rather than draining one skill first.

    Args:
        candidates: The skills allowed (non-empty).
        known: Skill → state for the skills answered before.
        now: Unix time the urgency is measured from.
        rng: Breaks ties between equally urgent skills.
        avoid: A skill not to ask twice in a row when another is as urgent.

    Returns:
        One of ``candidates``.

    Raises:
        ValueError: When ``candidates`` is empty.
    """
    if not candidates:
        raise ValueError("no skills to choose from")
    ranked = {skill: urgency(known.get(skill), now)[0] for skill in candidates}
    best = min(ranked.values())
    ties = [skill for skill in candidates if ranked[skill] == best]
    if avoid in ties and len(ties) > 1:
        ties.remove(avoid)
    if len(ties) > 1 and best == 0.0 and rng is None:
        ties.sort(key=lambda s: urgency(known.get(s), now)[1])
    return rng.choice(ties) if rng is not None else ties[0]


__all__ = [
    "CARD_ID",
    "EASY_SECONDS",
    "SCHEDULER",
    "Grade",
    "SkillMastery",
    "after_answer",
    "after_review",
    "due_skills",
    "fresh",
    "next_skill",
    "rating_for",
    "replay",
    "to_card",
    "urgency",
]
