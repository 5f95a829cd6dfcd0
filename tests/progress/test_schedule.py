"""The FSRS rule as pure functions, and the quiz running on any ProgressLog (no tui import)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import fsrs
import pytest

from lessons.quiz.model import Question
from lessons.quiz.progress_log import ProgressLog
from lessons.quiz.schedule import (
    EASY_SECONDS,
    Grade,
    SkillMastery,
    after_answer,
    due_skills,
    fresh,
    next_skill,
    rating_for,
)
from lessons.quiz.session import QuizSession, build_sources
from tui.progress.store import ProgressStore

REPO = Path(__file__).resolve().parents[2]
T0 = 1_700_000_000.0  # a fixed unix time (2023-11-14)


class MemoryLog:
    """A ProgressLog in a few lines of plain Python, applying the schedule's rule."""

    def __init__(self, now: float = 1_000.0) -> None:
        self.now = now
        self.states: dict[str, SkillMastery] = {}
        self.hints: dict[str, int] = {}

    @property
    def clock(self) -> Callable[[], float]:
        return lambda: self.now

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
        state = after_answer(
            self.states.get(skill) or fresh(skill),
            correct=correct,
            hints=hints,
            now=self.now,
            diagnosis=diagnosis,
            seconds=seconds,
            review=review,
        )
        self.states[skill] = state
        return state

    def record_hint(self, skill: str, question: str, tier: int) -> None:
        self.hints[skill] = self.hints.get(skill, 0) + 1

    def hints_used(self, skill: str | None = None) -> int:
        return self.hints.get(skill, 0) if skill else sum(self.hints.values())

    def mastery(self) -> dict[str, SkillMastery]:
        return dict(self.states)


@pytest.mark.parametrize(
    ("correct", "hints", "diagnosis", "seconds", "grade"),
    [
        (False, 0, None, 3.0, Grade.AGAIN),  # wrong
        (False, 3, "sign", None, Grade.AGAIN),  # a diagnosed misconception
        (True, 3, None, 3.0, Grade.HARD),  # right after two or more hints
        (True, 2, None, None, Grade.HARD),
        (True, 1, None, 3.0, Grade.GOOD),  # right after at most one hint
        (True, 0, None, None, Grade.GOOD),  # no time measured: never Easy
        (True, 0, None, EASY_SECONDS + 1, Grade.GOOD),  # right, but slowly
        (True, 0, None, EASY_SECONDS, Grade.EASY),  # right quickly with none
    ],
)
def test_the_rating_comes_from_what_the_tutor_knows(
    correct: bool, hints: int, diagnosis: str | None, seconds: float | None, grade: Grade
) -> None:
    assert rating_for(correct, hints, diagnosis=diagnosis, seconds=seconds) == grade


def test_the_grades_are_the_packages_ratings() -> None:
    assert [int(g) for g in Grade] == [int(r) for r in fsrs.Rating]
    assert [g.name.lower() for g in Grade] == [r.name.lower() for r in fsrs.Rating]


#: A scripted review history: (seconds after T0, correct, hints, seconds taken).
HISTORY = [
    (0, True, 0, 30.0),  # Good
    (70, False, 0, 9.0),  # Again (a minute later)
    (200, True, 1, 12.0),  # Good
    (900, True, 0, 5.0),  # Easy: graduates
    (3 * 86400, True, 2, 20.0),  # Hard, three days later
    (10 * 86400, True, 0, 40.0),  # Good
    (40 * 86400, False, 0, 8.0),  # Again: relearning
    (40 * 86400 + 700, True, 0, 4.0),  # Easy
]


def _package_schedule() -> list[fsrs.Card]:
    """The same history reviewed by the fsrs package directly, card by card."""
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    start = datetime.fromtimestamp(T0, timezone.utc)
    card = fsrs.Card(card_id=7, due=start)
    ratings = [fsrs.Rating.Good, fsrs.Rating.Again, fsrs.Rating.Good, fsrs.Rating.Easy]
    ratings += [fsrs.Rating.Hard, fsrs.Rating.Good, fsrs.Rating.Again, fsrs.Rating.Easy]
    cards = []
    for (offset, *_), rating in zip(HISTORY, ratings, strict=True):
        card, _ = scheduler.review_card(card, rating, start + timedelta(seconds=offset))
        cards.append(card)
    return cards


def test_scheduling_follows_the_fsrs_package_for_a_scripted_history() -> None:
    state = fresh("pooling")
    for (offset, correct, hints, took), card in zip(HISTORY, _package_schedule(), strict=True):
        state = after_answer(state, correct=correct, hints=hints, now=T0 + offset, seconds=took)
        assert state.due == pytest.approx(card.due.timestamp())
        assert state.stability == pytest.approx(card.stability)
        assert state.difficulty == pytest.approx(card.difficulty)
        assert (state.state, state.step) == (int(card.state), card.step)
    assert (state.attempts, state.correct, state.streak) == (8, 6, 1)
    assert state.due > T0 + 40 * 86400 + 700 + 86400  # graduated again: days away


def test_retrievability_is_the_packages() -> None:
    scheduler = fsrs.Scheduler(enable_fuzzing=False)
    state = fresh("s")
    assert state.retrievability(T0) == 0.0
    for offset in (0, 600, 2 * 86400):
        state = after_answer(state, correct=True, hints=0, now=T0 + offset)
    card = fsrs.Card(
        card_id=1,
        state=fsrs.State(state.state),
        step=state.step,
        stability=state.stability,
        difficulty=state.difficulty,
        due=datetime.fromtimestamp(state.due, timezone.utc),
        last_review=datetime.fromtimestamp(T0 + 2 * 86400, timezone.utc),
    )
    later = T0 + 30 * 86400
    expected = scheduler.get_card_retrievability(card, datetime.fromtimestamp(later, timezone.utc))
    assert state.retrievability(later) == pytest.approx(expected)
    assert 0.0 < state.retrievability(later) < state.retrievability(T0 + 2 * 86400) == 1.0


def test_mastery_comes_only_from_a_mixed_review_and_a_wrong_answer_takes_it_away() -> None:
    practised = fresh("s")
    for offset in (0, 600, 2 * 86400, 9 * 86400):
        practised = after_answer(practised, correct=True, hints=0, now=T0 + offset)
    assert practised.state == int(fsrs.State.Review) and not practised.mastered
    reviewed = after_answer(practised, correct=True, hints=0, now=T0 + 30 * 86400, review=True)
    assert reviewed.mastered
    helped = after_answer(practised, correct=True, hints=2, now=T0 + 30 * 86400, review=True)
    assert not helped.mastered  # Hard is not mastery
    lost = after_answer(reviewed, correct=False, hints=0, now=T0 + 31 * 86400)
    assert not lost.mastered
    # A new skill answered right in a review is still learning: not mastered yet.
    assert not after_answer(fresh("n"), correct=True, hints=0, now=T0, review=True).mastered


def test_next_skill_is_the_soonest_due_and_never_the_same_twice_on_a_tie() -> None:
    now = T0
    good = after_answer(fresh("good"), correct=True, hints=0, now=now)  # due in 10 min
    bad = after_answer(fresh("bad"), correct=False, hints=0, now=now)  # due in 1 min
    known = {"good": good, "bad": bad}
    assert next_skill(["good", "bad"], known, now) == "bad"
    assert next_skill(["good", "bad", "new"], known, now) == "new"  # never seen: due now
    later = now + 3600  # both due: mixed, never the one just asked
    assert next_skill(["good", "bad"], known, later, avoid="good") == "bad"
    assert next_skill(["good", "bad"], known, later, avoid="bad") == "good"
    assert due_skills(known, now) == []
    assert set(due_skills(known, later)) == {"good", "bad"}


def test_the_store_and_a_plain_log_keep_the_same_schedule(tmp_path: Path) -> None:
    # The store applies the rule twice (in memory and in SQL); both must agree with the pure one.
    answers = [("a", True, 0), ("a", True, 0), ("b", False, 0), ("a", True, 2), ("b", True, 0)]
    log = MemoryLog(now=1_000_000.0)
    with ProgressStore.open(tmp_path, clock=log.clock) as store:
        for skill, right, hints in answers:
            assert store.record_answer(skill, "q", "1", right, hints=hints) == log.record_answer(
                skill, "q", "1", right, hints=hints
            )
        in_memory = store.mastery()
    with ProgressStore.open(tmp_path) as again:
        assert again.mastery() == in_memory == log.mastery()


def test_a_quiz_session_runs_on_any_progress_log() -> None:
    log: ProgressLog = MemoryLog()
    sources = build_sources(["next-cell", "pooling"])
    session = QuizSession(log, sources, seed=3)
    question: Question = session.next_question()
    assert session.hint() is not None
    verdict = session.answer(question.answer_text)
    assert verdict.right
    assert log.hints_used(question.skill) == 1
    state = log.mastery()[question.skill]
    assert (state.attempts, state.correct) == (1, 1)
    assert state == after_answer(fresh(question.skill), correct=True, hints=1, now=1_000.0)
    assert session.last_mastery == state


def test_the_quiz_never_imports_tui() -> None:
    code = (
        "import sys, lessons.quiz.session, lessons.quiz.mastery, lessons.quiz.schedule, "
        "lessons.quiz.progress_log; "
        "print(sorted(m for m in sys.modules if m == 'tui' or m.startswith('tui.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"
