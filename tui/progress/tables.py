"""What ``progress.db`` holds: its rows read into memory, and each write as a record to replay.

The store answers every read from :class:`Progress`, an in-memory copy of the file, and turns every
write into one of the frozen records below. A record changes the copy at once
(:meth:`Write.apply`) and is committed later, on the store's writer thread (:meth:`Write.write`),
so a locked file or a full disk never blocks the caller and never loses an answer that is still
waiting. The SQL of an answer re-reads the skill's row inside its transaction and applies the same
rule (:func:`lessons.quiz.schedule.after_review`, FSRS), so two tutors writing at once lose nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any, Protocol

from lessons.quiz.schedule import Grade, SkillMastery, after_review, fresh


@dataclass(frozen=True)
class AnswerRecord:
    """One stored quiz answer.

    Attributes:
        at: Unix time of the answer.
        skill: The question family.
        question: The question's stable key.
        given: What the learner typed.
        correct: Whether it counted as right.
        hints: Hint tiers shown before answering.
        diagnosis: The diagnosis shown for a wrong answer, if any.
        rating: The FSRS rating the answer earned (1 Again to 4 Easy).
        seconds: How long the answer took, or None when not measured.
        review: Whether an interleaved review session asked it.
    """

    at: float
    skill: str
    question: str
    given: str
    correct: bool
    hints: int
    diagnosis: str | None
    rating: int = int(Grade.GOOD)
    seconds: float | None = None
    review: bool = False


@dataclass
class Progress:
    """Everything in ``progress.db``, in memory: the store's reads answer from this.

    Attributes:
        lessons: Lesson id → ``"seen"`` or ``"done"``.
        position: ``(lesson id, scene, step)`` last saved, or None.
        skills: Skill → FSRS state, for skills answered at least once.
        answers: Every answer, oldest first.
        hints: Skill → hints shown.
        scenes: Lesson id → the scenes (0-based) stepped to their end.
    """

    lessons: dict[str, str] = field(default_factory=dict)
    position: tuple[str, int, int] | None = None
    skills: dict[str, SkillMastery] = field(default_factory=dict)
    answers: list[AnswerRecord] = field(default_factory=list)
    hints: dict[str, int] = field(default_factory=dict)
    scenes: dict[str, set[int]] = field(default_factory=dict)


SKILL_COLUMNS = (
    "attempts, correct, streak, due, last_seen, stability, difficulty, state, step, mastered"
)


def _skill(name: str, row: tuple[Any, ...]) -> SkillMastery:
    """A ``skills`` row (in :data:`SKILL_COLUMNS` order) as a record."""
    attempts, right, streak, due, last, stability, difficulty, state, step, mastered = row
    return SkillMastery(
        name,
        attempts=int(attempts),
        correct=int(right),
        streak=int(streak),
        due=float(due),
        last_seen=None if last is None else float(last),
        stability=None if stability is None else float(stability),
        difficulty=None if difficulty is None else float(difficulty),
        state=int(state),
        step=None if step is None else int(step),
        mastered=bool(mastered),
    )


def read_progress(conn: sqlite3.Connection) -> Progress:
    """Read every table of a migrated database into a :class:`Progress`."""
    lessons = {str(a): str(b) for a, b in conn.execute("SELECT lesson_id, status FROM lessons")}
    row = conn.execute("SELECT lesson_id, scene, step FROM position WHERE id = 1").fetchone()
    position = None if row is None else (str(row[0]), int(row[1]), int(row[2]))
    skills = {
        str(row[0]): _skill(str(row[0]), tuple(row[1:]))
        for row in conn.execute(f"SELECT skill, {SKILL_COLUMNS} FROM skills ORDER BY skill")
    }
    answers = [
        AnswerRecord(
            float(a),
            str(s),
            str(q),
            str(g),
            bool(c),
            int(h),
            d,
            int(r) if r is not None else int(Grade.GOOD),
            None if t is None else float(t),
            bool(v),
        )
        for a, s, q, g, c, h, d, r, t, v in conn.execute(
            "SELECT at, skill, question, given, correct, hints, diagnosis, rating, seconds, "
            "review FROM answers ORDER BY id"
        )
    ]
    hints = {
        str(s): int(n) for s, n in conn.execute("SELECT skill, COUNT(*) FROM hints GROUP BY skill")
    }
    scenes: dict[str, set[int]] = {}
    for lesson_id, scene in conn.execute("SELECT lesson_id, scene FROM scenes"):
        scenes.setdefault(str(lesson_id), set()).add(int(scene))
    return Progress(lessons, position, skills, answers, hints, scenes)


class Write(Protocol):
    """One change to progress: applied to the copy in memory now, to the file later."""

    def apply(self, progress: Progress) -> None:
        """Change the in-memory copy."""
        ...

    def write(self, conn: sqlite3.Connection) -> None:
        """Change the file (the caller holds the transaction)."""
        ...


@dataclass(frozen=True)
class MarkLesson:
    """A lesson was opened (``done`` False; never downgrades ``"done"``) or finished."""

    lesson_id: str
    done: bool
    at: float

    def apply(self, progress: Progress) -> None:
        """Set the lesson's status."""
        if self.done:
            progress.lessons[self.lesson_id] = "done"
        else:
            progress.lessons.setdefault(self.lesson_id, "seen")

    def write(self, conn: sqlite3.Connection) -> None:
        """Upsert the lesson's row."""
        if self.done:
            sql = (
                "INSERT INTO lessons (lesson_id, status, updated) VALUES (?, 'done', ?) "
                "ON CONFLICT (lesson_id) DO UPDATE SET status = 'done', updated = excluded.updated"
            )
        else:
            sql = (
                "INSERT INTO lessons (lesson_id, status, updated) VALUES (?, 'seen', ?) "
                "ON CONFLICT (lesson_id) DO UPDATE SET updated = excluded.updated"
            )
        conn.execute(sql, (self.lesson_id, self.at))


@dataclass(frozen=True)
class SavePosition:
    """Where the stepper is: lesson, scene and step (0-based)."""

    lesson_id: str
    scene: int
    step: int
    at: float

    def apply(self, progress: Progress) -> None:
        """Replace the saved position."""
        progress.position = (self.lesson_id, self.scene, self.step)

    def write(self, conn: sqlite3.Connection) -> None:
        """Upsert the single position row."""
        conn.execute(
            "INSERT INTO position (id, lesson_id, scene, step, updated) VALUES (1, ?, ?, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET lesson_id = excluded.lesson_id, "
            "scene = excluded.scene, step = excluded.step, updated = excluded.updated",
            (self.lesson_id, self.scene, self.step, self.at),
        )


@dataclass(frozen=True)
class RecordAnswer:
    """One quiz answer, which is also one FSRS review of its skill."""

    answer: AnswerRecord

    def _after(self, before: SkillMastery) -> SkillMastery:
        a = self.answer
        return after_review(before, Grade(a.rating), now=a.at, review=a.review)

    def apply(self, progress: Progress) -> None:
        """Append the answer and review the skill's card."""
        a = self.answer
        progress.answers.append(a)
        progress.skills[a.skill] = self._after(progress.skills.get(a.skill) or fresh(a.skill))

    def write(self, conn: sqlite3.Connection) -> None:
        """Insert the answer; read, review and upsert the skill's row in the same transaction."""
        a = self.answer
        conn.execute(
            "INSERT INTO answers (at, skill, question, given, correct, hints, diagnosis, rating, "
            "seconds, review) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                a.at,
                a.skill,
                a.question,
                a.given,
                int(a.correct),
                a.hints,
                a.diagnosis,
                a.rating,
                a.seconds,
                int(a.review),
            ),
        )
        row = conn.execute(
            f"SELECT {SKILL_COLUMNS} FROM skills WHERE skill = ?", (a.skill,)
        ).fetchone()
        state = self._after(fresh(a.skill) if row is None else _skill(a.skill, tuple(row)))
        conn.execute(
            f"INSERT INTO skills (skill, {SKILL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (skill) DO UPDATE SET attempts = excluded.attempts, "
            "correct = excluded.correct, streak = excluded.streak, due = excluded.due, "
            "last_seen = excluded.last_seen, stability = excluded.stability, "
            "difficulty = excluded.difficulty, state = excluded.state, step = excluded.step, "
            "mastered = excluded.mastered",
            (
                a.skill,
                state.attempts,
                state.correct,
                state.streak,
                state.due,
                state.last_seen,
                state.stability,
                state.difficulty,
                state.state,
                state.step,
                int(state.mastered),
            ),
        )


@dataclass(frozen=True)
class FinishScene:
    """A scene of a lesson was stepped to its end (a lesson is done when all its scenes are)."""

    lesson_id: str
    scene: int
    at: float

    def apply(self, progress: Progress) -> None:
        """Add the scene to the lesson's finished ones."""
        progress.scenes.setdefault(self.lesson_id, set()).add(self.scene)

    def write(self, conn: sqlite3.Connection) -> None:
        """Upsert the scene's row."""
        conn.execute(
            "INSERT INTO scenes (lesson_id, scene, updated) VALUES (?, ?, ?) "
            "ON CONFLICT (lesson_id, scene) DO UPDATE SET updated = excluded.updated",
            (self.lesson_id, self.scene, self.at),
        )


@dataclass(frozen=True)
class RecordHint:
    """Hint ``tier`` of a question was shown."""

    skill: str
    question: str
    tier: int
    at: float

    def apply(self, progress: Progress) -> None:
        """Count the hint."""
        progress.hints[self.skill] = progress.hints.get(self.skill, 0) + 1

    def write(self, conn: sqlite3.Connection) -> None:
        """Insert the hint's row."""
        conn.execute(
            "INSERT INTO hints (at, skill, question, tier) VALUES (?, ?, ?, ?)",
            (self.at, self.skill, self.question, self.tier),
        )


@dataclass(frozen=True)
class Reset:
    """Forget one skill's answers, hints and card, or (``skill`` None) everything, lessons too."""

    skill: str | None

    def apply(self, progress: Progress) -> None:
        """Drop the rows from the copy."""
        if self.skill is None:
            progress.lessons.clear()
            progress.position = None
            progress.skills.clear()
            progress.answers.clear()
            progress.hints.clear()
            progress.scenes.clear()
            return
        progress.skills.pop(self.skill, None)
        progress.hints.pop(self.skill, None)
        progress.answers[:] = [a for a in progress.answers if a.skill != self.skill]

    def write(self, conn: sqlite3.Connection) -> None:
        """Delete the rows from the file."""
        if self.skill is None:
            for table in ("answers", "hints", "skills", "lessons", "position", "scenes"):
                conn.execute(f"DELETE FROM {table}")
        else:
            for table in ("answers", "hints", "skills"):
                conn.execute(f"DELETE FROM {table} WHERE skill = ?", (self.skill,))


__all__ = [
    "SKILL_COLUMNS",
    "AnswerRecord",
    "FinishScene",
    "MarkLesson",
    "Progress",
    "RecordAnswer",
    "RecordHint",
    "Reset",
    "SavePosition",
    "Write",
    "read_progress",
]
