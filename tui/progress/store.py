"""The progress store: one SQLite file, ``progress.db``, in the user data folder.

It keeps the lessons seen and done, the stepper's last position, every quiz answer and hint, and a
Leitner box per skill. Design points:

* stdlib :mod:`sqlite3`, WAL journal, ``busy_timeout`` so two app instances can write at once and
  neither loses anything; every write is its own ``BEGIN IMMEDIATE`` … ``COMMIT`` transaction.
* The schema is versioned with ``PRAGMA user_version``; :data:`MIGRATIONS` lifts any older file to
  :data:`SCHEMA_VERSION`, one step per transaction.
* A corrupt or unreadable file is moved aside as ``progress.db.corrupt-<timestamp>`` and a fresh
  database started; a location that cannot be written falls back to an in-memory store. Either
  way :attr:`ProgressStore.notice` holds one line for the user.

No Textual import here: the CLI's ``progress`` command and the tests use the store without a UI.
"""

from __future__ import annotations

import contextlib
import os
import random
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from tui.datadir import resolve_data_dir

DB_NAME = "progress.db"
BUSY_TIMEOUT_MS = 10_000

#: Leitner boxes run from 1 (just missed: ask again soon) to :data:`MAX_BOX` (mastered).
MAX_BOX = 5
#: Seconds until a skill in box *b* is due again (index ``b``; index 0 unused).
BOX_INTERVALS: tuple[float, ...] = (0.0, 0.0, 10 * 60.0, 60 * 60.0, 24 * 3600.0, 3 * 24 * 3600.0)

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


@dataclass(frozen=True)
class SkillMastery:
    """What the store knows about one skill.

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


@dataclass(frozen=True)
class AnswerRecord:
    """One stored quiz answer."""

    at: float
    skill: str
    question: str
    given: str
    correct: bool
    hints: int
    diagnosis: str | None


class StoreError(Exception):
    """The store could not be opened as a file (reason in the message)."""


class ProgressStore:
    """Progress kept in ``progress.db`` (or, as a fallback, in memory).

    Attributes:
        path: The database file, or None when the store lives in memory.
        notice: One user-visible line about how the store was opened (a corrupt file moved aside,
            a read-only fallback), or None when all went normally.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        path: Path | None,
        notice: str | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        """Wrap an open, migrated connection; use :meth:`open` instead."""
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self.notice = notice
        self.clock = clock

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        clock: Callable[[], float] = time.time,
    ) -> ProgressStore:
        """Open (or create) ``progress.db`` in the data folder.

        Args:
            data_dir: ``--data-dir``; None means ``CNN_TUTOR_DATA``, then platformdirs.
            clock: Source of unix times (tests pass a fake one).

        Returns:
            A store on the file; on a corrupt file, a fresh one (old file moved aside) with a
            notice; on an unwritable location, an in-memory store with a warning notice.
        """
        folder = resolve_data_dir(data_dir)
        path = folder / DB_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            return cls._in_memory(None, f"cannot create {folder} ({_reason(error)})", clock)
        if not os.access(folder, os.W_OK):
            return cls._in_memory(path, f"{folder} is not writable", clock)
        try:
            conn = _connect_file(path)
        except _Corrupt as error:
            try:
                moved = _move_aside(path, clock())
            except OSError as move_error:
                return cls._in_memory(
                    None,
                    f"{path} is unreadable ({error}) and cannot be moved ({_reason(move_error)})",
                    clock,
                )
            try:
                conn = _connect_file(path)
            except (_Corrupt, _ReadOnly) as again:
                return cls._in_memory(None, f"cannot start a fresh {path} ({again})", clock)
            notice = (
                f"{path.name} could not be read ({error}); it was moved aside as {moved.name} "
                "and a fresh progress database was started."
            )
            return cls(conn, path, notice, clock)
        except _ReadOnly as error:
            return cls._in_memory(path, str(error), clock)
        return cls(conn, path, None, clock)

    @classmethod
    def _in_memory(cls, source: Path | None, why: str, clock: Callable[[], float]) -> ProgressStore:
        """An in-memory store, seeded from ``source`` when it can be read."""
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        if source is not None and source.exists():
            with contextlib.suppress(sqlite3.Error, OSError):
                ro = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)
                try:
                    ro.backup(conn)
                finally:
                    ro.close()
        try:
            _migrate(conn)
        except (sqlite3.Error, _ReadOnly):
            conn.close()
            conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
            _migrate(conn)
        notice = f"Warning: {why}; progress is kept in memory only and will not be saved."
        return cls(conn, None, notice, clock)

    @property
    def in_memory(self) -> bool:
        """True when nothing is written to disk."""
        return self.path is None

    def close(self) -> None:
        """Close the connection (further calls fail)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken with ``BEGIN IMMEDIATE`` so concurrent writers queue."""
        with self._lock:
            conn = self._conn
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    # ---------------------------------------------------------------- lessons

    def mark_seen(self, lesson_id: str) -> None:
        """Record that a lesson was opened (never downgrades ``"done"``)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO lessons (lesson_id, status, updated) VALUES (?, 'seen', ?) "
                "ON CONFLICT (lesson_id) DO UPDATE SET updated = excluded.updated",
                (lesson_id, self.clock()),
            )

    def mark_done(self, lesson_id: str) -> None:
        """Record that a lesson was finished."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO lessons (lesson_id, status, updated) VALUES (?, 'done', ?) "
                "ON CONFLICT (lesson_id) DO UPDATE SET status = 'done', updated = excluded.updated",
                (lesson_id, self.clock()),
            )

    def lesson_status(self) -> dict[str, str]:
        """Return lesson id → ``"seen"`` or ``"done"`` for every lesson opened."""
        with self._lock:
            rows = self._conn.execute("SELECT lesson_id, status FROM lessons").fetchall()
        return {str(lesson): str(status) for lesson, status in rows}

    def save_position(self, lesson_id: str, scene: int, step: int) -> None:
        """Remember where the stepper is, so the next start can resume there."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO position (id, lesson_id, scene, step, updated) VALUES (1, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET lesson_id = excluded.lesson_id, "
                "scene = excluded.scene, step = excluded.step, updated = excluded.updated",
                (lesson_id, int(scene), int(step), self.clock()),
            )

    def last_position(self) -> tuple[str, int, int] | None:
        """Return ``(lesson_id, scene, step)`` last saved, or None."""
        with self._lock:
            row = self._conn.execute(
                "SELECT lesson_id, scene, step FROM position WHERE id = 1"
            ).fetchone()
        if row is None:
            return None
        return str(row[0]), int(row[1]), int(row[2])

    # ---------------------------------------------------------------- quiz

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
        """Store one answer and move the skill's Leitner box, in a single transaction.

        A right answer moves the skill up one box (a right answer after hints stays put);
        a wrong one sends it back to box 1, due at once.

        Args:
            skill: The question family.
            question: A stable key for the question (family, seed, parameters).
            given: What the learner typed.
            correct: Whether it counted as right.
            hints: How many hint tiers were used before answering.
            diagnosis: The diagnosis shown for a wrong answer, if any.

        Returns:
            The skill's mastery after this answer.
        """
        now = self.clock()
        with self._write() as conn:
            conn.execute(
                "INSERT INTO answers (at, skill, question, given, correct, hints, diagnosis) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (now, skill, question, given, int(correct), int(hints), diagnosis),
            )
            row = conn.execute(
                "SELECT box, attempts, correct, streak FROM skills WHERE skill = ?", (skill,)
            ).fetchone()
            box, attempts, right, streak = row if row is not None else (1, 0, 0, 0)
            if correct:
                box = min(MAX_BOX, box + 1) if hints == 0 else box
                right += 1
                streak += 1
            else:
                box, streak = 1, 0
            attempts += 1
            due = now + BOX_INTERVALS[box]
            conn.execute(
                "INSERT INTO skills (skill, box, attempts, correct, streak, due, last_seen) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (skill) DO UPDATE SET "
                "box = excluded.box, attempts = excluded.attempts, correct = excluded.correct, "
                "streak = excluded.streak, due = excluded.due, last_seen = excluded.last_seen",
                (skill, box, attempts, right, streak, due, now),
            )
        return SkillMastery(skill, box, attempts, right, streak, due, now)

    def record_hint(self, skill: str, question: str, tier: int) -> None:
        """Store that hint ``tier`` was shown (1 = which window, 2 = products, 3 = answer)."""
        with self._write() as conn:
            conn.execute(
                "INSERT INTO hints (at, skill, question, tier) VALUES (?, ?, ?, ?)",
                (self.clock(), skill, question, int(tier)),
            )

    def hints_used(self, skill: str | None = None) -> int:
        """Count the hints shown, for one skill or all."""
        sql = "SELECT COUNT(*) FROM hints" + (" WHERE skill = ?" if skill else "")
        with self._lock:
            (count,) = self._conn.execute(sql, (skill,) if skill else ()).fetchone()
        return int(count)

    def answers(self, skill: str | None = None) -> list[AnswerRecord]:
        """Return stored answers, oldest first, for one skill or all."""
        sql = "SELECT at, skill, question, given, correct, hints, diagnosis FROM answers"
        sql += (" WHERE skill = ?" if skill else "") + " ORDER BY id"
        with self._lock:
            rows = self._conn.execute(sql, (skill,) if skill else ()).fetchall()
        return [
            AnswerRecord(float(a), str(s), str(q), str(g), bool(c), int(h), d)
            for a, s, q, g, c, h, d in rows
        ]

    def mastery(self) -> dict[str, SkillMastery]:
        """Return skill → :class:`SkillMastery` for every skill answered at least once."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT skill, box, attempts, correct, streak, due, last_seen FROM skills "
                "ORDER BY skill"
            ).fetchall()
        return {
            str(s): SkillMastery(str(s), int(b), int(a), int(c), int(k), float(d), _opt(last))
            for s, b, a, c, k, d, last in rows
        }

    def next_skill(
        self,
        candidates: Sequence[str],
        *,
        rng: random.Random | None = None,
        avoid: str | None = None,
    ) -> str:
        """Pick the skill to practise next: the soonest due, lowest Leitner box first.

        Skills never answered count as due now in box 1, like a skill just missed, so a missed
        skill comes back before a mastered one. Among equally urgent skills ``avoid`` (the one
        just asked) is skipped when another is left, and ``rng`` picks (else the first given).

        Args:
            candidates: The skills allowed (non-empty).
            rng: Breaks ties between equally urgent skills.
            avoid: A skill not to ask twice in a row when another is as urgent.

        Returns:
            One of ``candidates``.
        """
        if not candidates:
            raise ValueError("no skills to choose from")
        known = self.mastery()
        now = self.clock()

        def urgency(skill: str) -> tuple[float, int]:
            state = known.get(skill)
            if state is None:
                return (0.0, 1)
            return (max(0.0, state.due - now), state.box)

        ranked = {skill: urgency(skill) for skill in candidates}
        best = min(ranked.values())
        ties = [skill for skill in candidates if ranked[skill] == best]
        if avoid in ties and len(ties) > 1:
            ties.remove(avoid)
        return rng.choice(ties) if rng is not None else ties[0]

    def reset(self, skill: str | None = None) -> None:
        """Forget quiz progress: one skill's answers, hints and box, or everything (lessons too)."""
        with self._write() as conn:
            if skill is None:
                for table in ("answers", "hints", "skills", "lessons", "position"):
                    conn.execute(f"DELETE FROM {table}")
            else:
                for table in ("answers", "hints", "skills"):
                    conn.execute(f"DELETE FROM {table} WHERE skill = ?", (skill,))


# -------------------------------------------------------------------- helpers


class _Corrupt(Exception):
    """The file exists but is not a usable SQLite database."""


class _ReadOnly(Exception):
    """The file or its folder cannot be written."""


def _reason(error: BaseException) -> str:
    return getattr(error, "strerror", None) or str(error)


def _opt(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _connect_file(path: Path) -> sqlite3.Connection:
    """Open ``path`` read-write in WAL mode, check it and migrate it to the current schema."""
    existed = path.exists()
    if existed and not os.access(path, os.R_OK):
        raise _Corrupt("permission denied")
    try:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as error:
        if existed:
            raise _Corrupt(str(error)) from error
        raise _ReadOnly(f"cannot create {path} ({error})") from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
        except sqlite3.DatabaseError as error:
            if _is_readonly(error):
                raise _ReadOnly(f"{path} is read-only") from error
            raise _Corrupt(str(error)) from error
        if check is None or check[0] != "ok":
            raise _Corrupt("integrity check failed")
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            _migrate(conn)
        except sqlite3.DatabaseError as error:
            if _is_readonly(error):
                raise _ReadOnly(f"{path} is read-only") from error
            if isinstance(error, sqlite3.OperationalError) and "locked" in str(error):
                raise
            raise _Corrupt(str(error)) from error
    except BaseException:
        conn.close()
        raise
    return conn


def _is_readonly(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply the missing migrations, each in its own transaction; refuse a newer schema."""
    while True:
        conn.execute("BEGIN IMMEDIATE")
        try:
            (version,) = conn.execute("PRAGMA user_version").fetchone()
            if version > SCHEMA_VERSION:
                raise _ReadOnly(
                    f"progress.db has schema version {version}, newer than this cnn-tutor "
                    f"understands ({SCHEMA_VERSION})"
                )
            if version == SCHEMA_VERSION:
                conn.execute("COMMIT")
                return
            for statement in MIGRATIONS[version].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


def _move_aside(path: Path, now: float) -> Path:
    """Rename ``path`` (and its ``-wal``/``-shm`` files) to ``progress.db.corrupt-<timestamp>``."""
    stamp = time.strftime("%Y%m%dT%H%M%S", time.localtime(now))
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{counter}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            with contextlib.suppress(OSError):
                os.replace(side, target.with_name(target.name + suffix))
    return target


__all__ = [
    "BOX_INTERVALS",
    "DB_NAME",
    "MAX_BOX",
    "SCHEMA_VERSION",
    "AnswerRecord",
    "ProgressStore",
    "SkillMastery",
]
