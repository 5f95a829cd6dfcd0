"""A quiz session: picks the next question by FSRS, hands out hints, records answers.

No UI here. The screen (and ``cnn-tutor quiz --plain``) calls :meth:`QuizSession.next_question`,
:meth:`QuizSession.hint` and :meth:`QuizSession.answer`; every hint and every answer goes to the
session's :class:`~lessons.quiz.progress_log.ProgressLog` at once (with the seconds it took, for
the Easy rating), and the next skill is chosen by the pure rule in :mod:`lessons.quiz.schedule`.

A *review* session (``review=True``) is the interleaved one: it draws only from the skills whose
FSRS review is due, never the same skill twice in a row while another is due, and it is the only
place a skill becomes mastered. It ends (:attr:`QuizSession.finished`) when nothing is due.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from lessons.quiz.model import Question, Verdict
from lessons.quiz.progress_log import ProgressLog
from lessons.quiz.schedule import SkillMastery, due_skills, next_skill

Generator = Callable[[int], Question]

HINT_WORDS = frozenset({"?", "h", "hint"})
"""Typing one of these (and Enter) asks for the next hint, in the app and in plain mode."""


@dataclass
class Tally:
    """Right and wrong answers in this session."""

    right: int = 0
    wrong: int = 0
    hints: int = 0

    @property
    def answered(self) -> int:
        """Questions answered this session."""
        return self.right + self.wrong


@dataclass
class QuizSession:
    """One sitting of practice.

    Attributes:
        store: Where hints and answers go (the app passes its progress store).
        sources: Skill name → question generator (seed → question).
        seed: Makes the sequence of questions reproducible (None: a random start).
        question: The question on screen, or None before the first.
        hints_shown: How many hint tiers of the current question were shown.
        verdict: The verdict on the current question once answered, else None.
        tally: Counts for this session.
        last_mastery: The skill state after the last answer.
        review: An interleaved review: only due skills, mixed, until none is due.
        asked_at: The store's clock when the current question was drawn.
        asked: The skills asked this session, in the order first asked.
    """

    store: ProgressLog
    sources: Mapping[str, Generator]
    seed: int | None = None
    question: Question | None = None
    hints_shown: int = 0
    verdict: Verdict | None = None
    tally: Tally = field(default_factory=Tally)
    last_mastery: SkillMastery | None = None
    review: bool = False
    asked_at: float | None = None
    asked: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.sources:
            raise ValueError("a quiz needs at least one question source")
        self._rng = random.Random(self.seed)

    @property
    def skills(self) -> list[str]:
        """The skills this session draws from."""
        return list(self.sources)

    def due(self) -> list[str]:
        """This session's skills whose FSRS review is due now, least retained first."""
        known = self.store.mastery()
        return [s for s in due_skills(known, self.store.clock()) if s in self.sources]

    @property
    def finished(self) -> bool:
        """A review session with nothing left due (a practice session never finishes)."""
        return self.review and not self.due()

    def next_question(self) -> Question:
        """Draw the next question: the most overdue skill (FSRS), a fresh seed.

        Raises:
            LookupError: In a review session with nothing due (check :attr:`finished`).
        """
        previous = self.question.skill if self.question is not None else None
        known, now = self.store.mastery(), self.store.clock()
        candidates = self.skills
        if self.review:
            candidates = self.due()
            if not candidates:
                raise LookupError("nothing is due for review")
        skill = next_skill(candidates, known, now, rng=self._rng, avoid=previous)
        question_seed = self._rng.randrange(2**31)
        self.question = self.sources[skill](question_seed)
        self.hints_shown = 0
        self.verdict = None
        self.asked_at = now
        if skill not in self.asked:
            self.asked.append(skill)
        return self.question

    @property
    def answered(self) -> bool:
        """Whether the current question has been answered."""
        return self.verdict is not None

    def hint(self) -> str | None:
        """Show the next hint tier and record it; None when every tier was shown."""
        question = self._current()
        if self.answered or self.hints_shown >= len(question.hints):
            return None
        text = question.hints[self.hints_shown]
        self.hints_shown += 1
        self.tally.hints += 1
        self.store.record_hint(question.skill, question.key, self.hints_shown)
        return text

    @property
    def hints_left(self) -> int:
        """Hint tiers not shown yet for the current question."""
        if self.question is None:
            return 0
        return len(self.question.hints) - self.hints_shown

    def answer(self, text: str) -> Verdict:
        """Judge and record an answer (garbage is judged ``invalid`` and not recorded).

        Args:
            text: What the learner typed.

        Returns:
            The verdict. After a right or wrong verdict the question is closed: further calls
            return the same verdict without recording again.
        """
        question = self._current()
        if self.verdict is not None:
            return self.verdict
        verdict = question.check(text)
        if verdict.kind == "invalid":
            return verdict
        self.verdict = verdict
        if verdict.right:
            self.tally.right += 1
        else:
            self.tally.wrong += 1
        seconds = None if self.asked_at is None else max(0.0, self.store.clock() - self.asked_at)
        self.last_mastery = self.store.record_answer(
            question.skill,
            question.key,
            verdict.given,
            verdict.right,
            hints=self.hints_shown,
            diagnosis=verdict.diagnosis.name if verdict.diagnosis else None,
            seconds=seconds,
            review=self.review,
        )
        return verdict

    def _current(self) -> Question:
        if self.question is None:
            raise RuntimeError("no question yet: call next_question() first")
        return self.question


def build_sources(
    skills: Sequence[str] | None = None,
    extra: Mapping[str, Generator] | None = None,
) -> dict[str, Generator]:
    """Question generators for the given skills (all families when None), plus ``extra``.

    Raises:
        KeyError: For a skill no family or extra source provides (message names it).
    """
    from lessons.quiz.families import SKILLS

    available: dict[str, Generator] = {name: s.generate for name, s in SKILLS.items()}
    available.update(extra or {})
    if skills is None:
        return available
    unknown = [s for s in skills if s not in available]
    if unknown:
        raise KeyError(unknown[0])
    return {s: available[s] for s in skills}


__all__ = ["HINT_WORDS", "QuizSession", "Tally", "build_sources"]
