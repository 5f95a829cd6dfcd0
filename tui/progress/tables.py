"""What ``progress.db`` holds: its rows read into memory, and each write as a record to replay.

The store answers every read from :class:`Progress`, an in-memory copy of the file, and turns every
write into one of the frozen records below. A record changes the copy at once
(:meth:`Write.apply`) and is committed later, on the store's writer thread (:meth:`Write.write`),
so a locked file or a full disk never blocks the caller and never loses an answer that is still
waiting. The SQL of an answer re-reads the skill's row inside its transaction and applies the same
rule (:func:`lessons.quiz.schedule.after_answer`), so two tutors writing at once lose nothing.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Protocol

from lessons.quiz.schedule import SkillMastery, after_answer, fresh


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
    """

    at: float
    skill: str
    question: str
    given: str
    correct: bool
    hints: int
    diagnosis: str | None


@dataclass
class Progress:
    """Everything in ``progress.db``, in memory: the store's reads answer from this.

    Attributes:
        lessons: Lesson id → ``"seen"`` or ``"done"``.
        position: ``(lesson id, scene, step)`` last saved, or None.
        skills: Skill → Leitner state, for skills answered at least once.
        answers: Every answer, oldest first.
        hints: Skill → hints shown.
    """

    lessons: dict[str, str] = field(default_factory=dict)
    position: tuple[str, int, int] | None = None
    skills: dict[str, SkillMastery] = field(default_factory=dict)
    answers: list[AnswerRecord] = field(default_factory=list)
    hints: dict[str, int] = field(default_factory=dict)


def read_progress(conn: sqlite3.Connection) -> Progress:
    """Read every table of a migrated database into a :class:`Progress`."""
    lessons = {str(a): str(b) for a, b in conn.execute("SELECT lesson_id, status FROM lessons")}
    row = conn.execute("SELECT lesson_id, scene, step FROM position WHERE id = 1").fetchone()
    position = None if row is None else (str(row[0]), int(row[1]), int(row[2]))
    skills = {}
    for name, box, attempts, right, streak, due, last in conn.execute(
        "SELECT skill, box, attempts, correct, streak, due, last_seen FROM skills ORDER BY skill"
    ):
        last_seen = None if last is None else float(last)
        skills[str(name)] = SkillMastery(
            str(name), int(box), int(attempts), int(right), int(streak), float(due), last_seen
        )
    answers = [
        AnswerRecord(float(a), str(s), str(q), str(g), bool(c), int(h), d)
        for a, s, q, g, c, h, d in conn.execute(
            "SELECT at, skill, question, given, correct, hints, diagnosis FROM answers ORDER BY id"
        )
    ]
    hints = {
        str(s): int(n) for s, n in conn.execute("SELECT skill, COUNT(*) FROM hints GROUP BY skill")
    }
    return Progress(lessons, position, skills, answers, hints)


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
    """One quiz answer, which also moves its skill's Leitner box."""

    answer: AnswerRecord

    def apply(self, progress: Progress) -> None:
        """Append the answer and move the skill by the schedule's rule."""
        a = self.answer
        progress.answers.append(a)
        before = progress.skills.get(a.skill) or fresh(a.skill)
        progress.skills[a.skill] = after_answer(before, correct=a.correct, hints=a.hints, now=a.at)

    def write(self, conn: sqlite3.Connection) -> None:
        """Insert the answer; read, move and upsert the skill's row in the same transaction."""
        a = self.answer
        conn.execute(
            "INSERT INTO answers (at, skill, question, given, correct, hints, diagnosis) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            (a.at, a.skill, a.question, a.given, int(a.correct), a.hints, a.diagnosis),
        )
        row = conn.execute(
            "SELECT box, attempts, correct, streak, due, last_seen FROM skills WHERE skill = ?",
            (a.skill,),
        ).fetchone()
        before = fresh(a.skill) if row is None else SkillMastery(a.skill, *row)
        state = after_answer(before, correct=a.correct, hints=a.hints, now=a.at)
        conn.execute(
            "INSERT INTO skills (skill, box, attempts, correct, streak, due, last_seen) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (skill) DO UPDATE SET "
            "box = excluded.box, attempts = excluded.attempts, correct = excluded.correct, "
            "streak = excluded.streak, due = excluded.due, last_seen = excluded.last_seen",
            (a.skill, state.box, state.attempts, state.correct, state.streak, state.due, a.at),
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
    """Forget one skill's answers, hints and box, or (``skill`` None) everything, lessons too."""

    skill: str | None

    def apply(self, progress: Progress) -> None:
        """Drop the rows from the copy."""
        if self.skill is None:
            progress.lessons.clear()
            progress.position = None
            progress.skills.clear()
            progress.answers.clear()
            progress.hints.clear()
            return
        progress.skills.pop(self.skill, None)
        progress.hints.pop(self.skill, None)
        progress.answers[:] = [a for a in progress.answers if a.skill != self.skill]

    def write(self, conn: sqlite3.Connection) -> None:
        """Delete the rows from the file."""
        if self.skill is None:
            for table in ("answers", "hints", "skills", "lessons", "position"):
                conn.execute(f"DELETE FROM {table}")
        else:
            for table in ("answers", "hints", "skills"):
                conn.execute(f"DELETE FROM {table} WHERE skill = ?", (self.skill,))


__all__ = [
    "AnswerRecord",
    "MarkLesson",
    "Progress",
    "RecordAnswer",
    "RecordHint",
    "Reset",
    "SavePosition",
    "Write",
    "read_progress",
]
