"""The schema of ``progress.db`` and the migrations that lift an older file to it.

The version lives in ``PRAGMA user_version``; :data:`MIGRATIONS` ``[v]`` lifts version *v* to
*v + 1*, each step in its own transaction. A file already at :data:`SCHEMA_VERSION` is only read,
so opening it never waits for another program's write lock.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: lessons and the stepper position.
    """
    CREATE TABLE lessons (
        lesson_id TEXT PRIMARY KEY,
        status    TEXT NOT NULL CHECK (status IN ('seen', 'done')),
        updated   REAL NOT NULL
    );
    CREATE TABLE position (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        lesson_id TEXT NOT NULL,
        scene     INTEGER NOT NULL,
        step      INTEGER NOT NULL,
        updated   REAL NOT NULL
    );
    """,
    # 1 -> 2: quiz answers, hints, and a Leitner box per skill.
    """
    CREATE TABLE answers (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        at        REAL NOT NULL,
        skill     TEXT NOT NULL,
        question  TEXT NOT NULL,
        given     TEXT NOT NULL,
        correct   INTEGER NOT NULL CHECK (correct IN (0, 1)),
        hints     INTEGER NOT NULL DEFAULT 0,
        diagnosis TEXT
    );
    CREATE INDEX answers_skill ON answers (skill, at);
    CREATE TABLE hints (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        at        REAL NOT NULL,
        skill     TEXT NOT NULL,
        question  TEXT NOT NULL,
        tier      INTEGER NOT NULL
    );
    CREATE TABLE skills (
        skill     TEXT PRIMARY KEY,
        box       INTEGER NOT NULL DEFAULT 1,
        attempts  INTEGER NOT NULL DEFAULT 0,
        correct   INTEGER NOT NULL DEFAULT 0,
        streak    INTEGER NOT NULL DEFAULT 0,
        due       REAL NOT NULL DEFAULT 0,
        last_seen REAL
    );
    """,
    # 2 -> 3: FSRS replaces the Leitner boxes (see _to_fsrs), and the scenes finished.
    "_to_fsrs",
)
SCHEMA_VERSION = len(MIGRATIONS)

#: Added by migration 2 -> 3: each answer's FSRS rating, its time and whether a review asked it;
#: each skill's FSRS card; and the scenes of a lesson stepped to their end.
FSRS_SCHEMA = """
    ALTER TABLE answers ADD COLUMN rating INTEGER CHECK (rating BETWEEN 1 AND 4);
    ALTER TABLE answers ADD COLUMN seconds REAL;
    ALTER TABLE answers ADD COLUMN review INTEGER NOT NULL DEFAULT 0 CHECK (review IN (0, 1));
    ALTER TABLE skills ADD COLUMN stability REAL;
    ALTER TABLE skills ADD COLUMN difficulty REAL;
    ALTER TABLE skills ADD COLUMN state INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE skills ADD COLUMN step INTEGER DEFAULT 0;
    ALTER TABLE skills ADD COLUMN mastered INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE scenes (
        lesson_id TEXT NOT NULL,
        scene     INTEGER NOT NULL,
        updated   REAL NOT NULL,
        PRIMARY KEY (lesson_id, scene)
    )
"""


def _to_fsrs(conn: sqlite3.Connection) -> None:
    """Lift the Leitner boxes to FSRS: every old answer becomes one review, oldest first.

    Each stored answer keeps its row and gets the rating the tutor gives today (wrong or a
    diagnosis: Again; right after two or more hints: Hard; else Good: the old file has no
    answer times, so nothing is Easy). Each skill's row is then rebuilt by replaying its
    answers through FSRS (:func:`lessons.quiz.schedule.replay`); the old ``box`` column is left
    as it was and no longer read.
    """
    from lessons.quiz.schedule import Grade, rating_for, replay

    for statement in FSRS_SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    rows = conn.execute(
        "SELECT id, at, skill, correct, hints, diagnosis FROM answers ORDER BY id"
    ).fetchall()
    history: dict[str, list[tuple[float, Grade, bool]]] = {}
    for answer_id, at, skill, correct, hints, diagnosis in rows:
        grade = rating_for(bool(correct), int(hints), diagnosis=diagnosis)
        conn.execute("UPDATE answers SET rating = ? WHERE id = ?", (int(grade), answer_id))
        history.setdefault(str(skill), []).append((float(at), grade, False))
    for skill, reviews in history.items():
        state = replay(skill, reviews)
        conn.execute(
            "INSERT INTO skills (skill, attempts, correct, streak, due, last_seen, stability, "
            "difficulty, state, step, mastered) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (skill) DO UPDATE SET attempts = excluded.attempts, "
            "correct = excluded.correct, streak = excluded.streak, due = excluded.due, "
            "last_seen = excluded.last_seen, stability = excluded.stability, "
            "difficulty = excluded.difficulty, state = excluded.state, step = excluded.step, "
            "mastered = excluded.mastered",
            (
                skill,
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


#: The Python steps :data:`MIGRATIONS` names (a step that is not SQL).
_STEPS = {"_to_fsrs": _to_fsrs}


class NewerSchema(Exception):
    """The file was written by a newer cnn-tutor (its schema version is above ours)."""


def schema_version(conn: sqlite3.Connection) -> int:
    """Return the file's ``PRAGMA user_version``."""
    (version,) = conn.execute("PRAGMA user_version").fetchone()
    return int(version)


def migrate(conn: sqlite3.Connection) -> None:
    """Apply the missing migrations, each in its own ``BEGIN IMMEDIATE`` transaction.

    Args:
        conn: A connection in autocommit mode (``isolation_level=None``).

    Raises:
        NewerSchema: For a file newer than :data:`SCHEMA_VERSION` (left as it is).
        sqlite3.Error: When a step cannot be written (locked, read-only, corrupt).
    """
    version = schema_version(conn)
    if version > SCHEMA_VERSION:
        raise NewerSchema(_newer(version))
    while version < SCHEMA_VERSION:
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = schema_version(conn)  # another program may have migrated meanwhile
            if version > SCHEMA_VERSION:
                raise NewerSchema(_newer(version))
            if version < SCHEMA_VERSION:
                step = MIGRATIONS[version]
                if step in _STEPS:
                    _STEPS[step](conn)
                else:
                    for statement in step.split(";"):
                        if statement.strip():
                            conn.execute(statement)
                version += 1
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def _newer(version: int) -> str:
    return (
        f"progress.db has schema version {version}, newer than this cnn-tutor understands "
        f"({SCHEMA_VERSION})"
    )


__all__ = [
    "FSRS_SCHEMA",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "NewerSchema",
    "migrate",
    "schema_version",
]
