"""The Leitner rule as pure functions, and the quiz running on any ProgressLog (no tui import)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from lessons.quiz.model import Question
from lessons.quiz.progress_log import ProgressLog
from lessons.quiz.schedule import (
    BOX_INTERVALS,
    MAX_BOX,
    SkillMastery,
    after_answer,
    fresh,
    next_skill,
)
from lessons.quiz.session import QuizSession, build_sources
from tui.progress.store import ProgressStore

REPO = Path(__file__).resolve().parents[2]


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
    ) -> SkillMastery:
        state = after_answer(
            self.states.get(skill) or fresh(skill), correct=correct, hints=hints, now=self.now
        )
        self.states[skill] = state
        return state

    def record_hint(self, skill: str, question: str, tier: int) -> None:
        self.hints[skill] = self.hints.get(skill, 0) + 1

    def hints_used(self, skill: str | None = None) -> int:
        return self.hints.get(skill, 0) if skill else sum(self.hints.values())

    def mastery(self) -> dict[str, SkillMastery]:
        return dict(self.states)


def test_right_without_hints_climbs_one_box_and_a_wrong_answer_drops_to_box_1_due_now() -> None:
    # The README's rule: right without hints moves up one box (1 to 5); wrong: box 1, due at once.
    state = fresh("pooling")
    boxes = []
    for t in range(MAX_BOX + 1):
        state = after_answer(state, correct=True, hints=0, now=float(t))
        boxes.append(state.box)
    assert boxes == [2, 3, 4, 5, 5, 5]
    assert (state.attempts, state.correct, state.streak) == (6, 6, 6)
    missed = after_answer(state, correct=False, hints=0, now=50.0)
    assert (missed.box, missed.streak, missed.due, missed.last_seen) == (1, 0, 50.0, 50.0)
    assert after_answer(missed, correct=True, hints=1, now=60.0).box == 1  # hints: stays put


def test_a_higher_box_waits_longer() -> None:
    due = [after_answer(fresh("s"), correct=True, hints=0, now=0.0).due]
    state = fresh("s")
    for _ in range(MAX_BOX - 1):
        state = after_answer(state, correct=True, hints=0, now=0.0)
        assert state.due == BOX_INTERVALS[state.box]
        due.append(state.due)
    assert due[1:] == sorted(due[1:]) and len(set(due[1:])) == MAX_BOX - 1


def test_next_skill_is_the_soonest_due_lowest_box_and_never_the_same_twice_on_a_tie() -> None:
    now = 100.0
    good = after_answer(fresh("good"), correct=True, hints=0, now=now)
    bad = after_answer(fresh("bad"), correct=False, hints=0, now=now)
    known = {"good": good, "bad": bad}
    assert next_skill(["good", "bad"], known, now) == "bad"
    assert next_skill(["good", "bad", "new"], known, now, avoid="bad") == "new"
    assert next_skill(["bad", "new"], known, now) == "bad"  # a tie: the first given


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
    assert (state.box, state.attempts, state.correct) == (1, 1, 1)  # right after a hint: box 1
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
