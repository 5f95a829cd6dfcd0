"""The spaced-repetition rule: Leitner boxes, how long each waits, and which skill comes next.

Pure functions over the frozen :class:`SkillMastery` record, with no storage and no clock of their
own: the quiz session and the progress store (:mod:`tui.progress.store`) both apply them, so the
schedule is written once.

The rule: a right answer without hints moves a skill up one box (up to :data:`MAX_BOX`); a
right answer after hints leaves it where it is; a wrong answer sends it back to box 1, due at
once. A skill in box *b* comes back :data:`BOX_INTERVALS` ``[b]`` seconds after its last answer,
and the next question is drawn from the skill due soonest, lowest box first.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

#: Leitner boxes run from 1 (just missed: ask again soon) to :data:`MAX_BOX` (mastered).
MAX_BOX = 5
#: Seconds until a skill in box *b* is due again (index ``b``; index 0 unused).
BOX_INTERVALS: tuple[float, ...] = (0.0, 0.0, 10 * 60.0, 60 * 60.0, 24 * 3600.0, 3 * 24 * 3600.0)


@dataclass(frozen=True)
class SkillMastery:
    """What is known about one skill.

    Attributes:
        skill: The skill name (a question family, such as ``"output-size"``).
        box: Leitner box, 1 (missed recently) to :data:`MAX_BOX` (mastered).
        attempts: Answers given, all time.
        correct: Right answers, all time.
        streak: Right answers in a row, most recent last.
        due: Unix time when the skill should come back.
        last_seen: Unix time of the last answer, or None.
    """

    skill: str
    box: int
    attempts: int
    correct: int
    streak: int
    due: float
    last_seen: float | None

    @property
    def mastery(self) -> float:
        """Mastery in [0, 1]: how far up the Leitner boxes the skill has climbed (box 1 is 0)."""
        return (self.box - 1) / (MAX_BOX - 1)

    @property
    def accuracy(self) -> float | None:
        """Share of right answers, or None before the first answer."""
        return self.correct / self.attempts if self.attempts else None


def fresh(skill: str) -> SkillMastery:
    """A skill never answered: box 1, due now, no attempts.

    >>> fresh("pooling").box, fresh("pooling").attempts
    (1, 0)
    """
    return SkillMastery(skill, box=1, attempts=0, correct=0, streak=0, due=0.0, last_seen=None)


def after_answer(state: SkillMastery, *, correct: bool, hints: int, now: float) -> SkillMastery:
    """The skill's state after one more answer.

    Args:
        state: The state before (:func:`fresh` for a skill never answered).
        correct: Whether the answer counted as right.
        hints: Hint tiers shown before answering; a right answer after any stays in its box.
        now: Unix time of the answer; the skill is due ``BOX_INTERVALS[box]`` seconds later.

    Returns:
        The new state.

    >>> s = after_answer(fresh("pooling"), correct=True, hints=0, now=100.0)
    >>> s.box, s.due - 100.0
    (2, 600.0)
    >>> after_answer(s, correct=False, hints=0, now=200.0).box
    1
    """
    if correct:
        box = min(MAX_BOX, state.box + 1) if hints == 0 else state.box
        right, streak = state.correct + 1, state.streak + 1
    else:
        box, right, streak = 1, state.correct, 0
    return replace(
        state,
        box=box,
        attempts=state.attempts + 1,
        correct=right,
        streak=streak,
        due=now + BOX_INTERVALS[box],
        last_seen=now,
    )


def urgency(state: SkillMastery | None, now: float) -> tuple[float, int]:
    """How urgent a skill is, smallest first: ``(seconds until due, box)``.

    A skill never answered (None) counts as due now in box 1, like a skill just missed.
    """
    if state is None:
        return (0.0, 1)
    return (max(0.0, state.due - now), state.box)


def next_skill(
    candidates: Sequence[str],
    known: Mapping[str, SkillMastery],
    now: float,
    *,
    rng: random.Random | None = None,
    avoid: str | None = None,
) -> str:
    """Pick the skill to practise next: the soonest due, lowest Leitner box first.

    Among equally urgent skills ``avoid`` (the one just asked) is skipped when another is left,
    and ``rng`` picks (else the first given).

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
    ranked = {skill: urgency(known.get(skill), now) for skill in candidates}
    best = min(ranked.values())
    ties = [skill for skill in candidates if ranked[skill] == best]
    if avoid in ties and len(ties) > 1:
        ties.remove(avoid)
    return rng.choice(ties) if rng is not None else ties[0]


__all__ = [
    "BOX_INTERVALS",
    "MAX_BOX",
    "SkillMastery",
    "after_answer",
    "fresh",
    "next_skill",
    "urgency",
]
