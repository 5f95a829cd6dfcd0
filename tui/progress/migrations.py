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
)
SCHEMA_VERSION = len(MIGRATIONS)


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
                for statement in MIGRATIONS[version].split(";"):
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


__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "NewerSchema", "migrate", "schema_version"]
