"""The progress store: one SQLite file, ``progress.db``, in the user data folder.

It keeps the lessons seen and done (and the scenes finished), the stepper's last position, every
quiz answer and hint, and an FSRS card per skill, and it is the
:class:`~lessons.quiz.progress_log.ProgressLog` the quiz writes to. The concerns live next door:

* :mod:`tui.progress.migrations`: the schema and its versions (``PRAGMA user_version``);
* :mod:`tui.progress.opening`: connecting, and what a corrupt, locked, read-only or empty file
  becomes (each with one line in :attr:`ProgressStore.notice`);
* :mod:`tui.progress.tables`: the rows in memory and the SQL of each write;
* :mod:`tui.progress.writer`: the thread that commits writes, in order, retrying failures;
* :mod:`lessons.quiz.schedule`: the FSRS rule itself (the ``fsrs`` package), applied in memory
  and in SQL alike.

Reads answer from the copy in memory (what is committed plus what is still queued), and writes
return at once: a locked file or a full disk never freezes the app, and an answer that could not be
saved yet stays in memory and is retried. Another tutor's writes made after this store opened show
up at the next start; both tutors' answers reach the file (each answer re-reads its skill's row
inside its transaction).

No Textual import here: the CLI's ``progress`` command and the tests use the store without a UI.
"""

from __future__ import annotations

import atexit
import os
import random
import threading
import time
from collections.abc import Callable, Sequence
from typing import Literal

from lessons.quiz.schedule import SkillMastery, due_skills, next_skill, rating_for
from tui.datadir import resolve_data_dir
from tui.progress.migrations import MIGRATIONS, SCHEMA_VERSION
from tui.progress.opening import DB_NAME, Opened, describe, open_database
from tui.progress.tables import (
    AnswerRecord,
    FinishScene,
    MarkLesson,
    RecordAnswer,
    RecordHint,
    Reset,
    SavePosition,
    Write,
    read_progress,
)
from tui.progress.writer import Writer

#: Seconds SQLite waits for another program's lock, per try (short: opening runs on the UI thread).
BUSY_TIMEOUT = 0.5
#: Tries a locked file gets at start before the store falls back to memory.
OPEN_ATTEMPTS = 3
#: Seconds between retries of a write that failed.
RETRY_INTERVAL = 2.0
#: Failed tries :meth:`ProgressStore.close` allows itself before leaving writes unsaved.
CLOSE_ATTEMPTS = 3

NoticeLevel = Literal["information", "warning"]
#: Told (from the writer thread) each time :attr:`ProgressStore.notice` changes after opening.
NoticeHook = Callable[[str, NoticeLevel], None]


class ProgressStore:
    """Progress kept in ``progress.db`` (or, as a fallback, in memory).

    Attributes:
        path: The database file, or None when the store lives in memory.
        locked: True when the file was left alone because another program held its lock.
        clock: Source of unix times (tests pass a fake one).
        on_notice: Called with each later notice (a write that failed, saving working again) and
            its level; it runs on the writer thread, so it must be thread-safe (``App.notify``
            is).
    """

    def __init__(
        self,
        opened: Opened,
        *,
        clock: Callable[[], float] = time.time,
        retry_interval: float = RETRY_INTERVAL,
        close_attempts: int = CLOSE_ATTEMPTS,
    ) -> None:
        """Read an opened database into memory; use :meth:`open` instead.

        Args:
            opened: What :func:`tui.progress.opening.open_database` returned.
            clock: Source of unix times.
            retry_interval: Seconds between retries of a failed write.
            close_attempts: Failed tries :meth:`close` allows before giving up.
        """
        self._lock = threading.RLock()
        self._progress = read_progress(opened.conn)
        self.path = opened.path
        self.locked = opened.locked
        self.clock = clock
        self.on_notice: NoticeHook | None = None
        self._opened_notice = opened.notice
        self._notice = opened.notice
        self._close_attempts = close_attempts
        self._closed = False
        self._writer: Writer | None = None
        if opened.path is None:
            opened.conn.close()
        else:
            self._writer = Writer(
                opened.conn, retry_interval=retry_interval, on_failure=self._write_failed
            )
            atexit.register(self.close)

    # ---------------------------------------------------------------- opening

    @classmethod
    def open(
        cls,
        data_dir: str | os.PathLike[str] | None = None,
        *,
        clock: Callable[[], float] = time.time,
        busy_timeout: float = BUSY_TIMEOUT,
        open_attempts: int = OPEN_ATTEMPTS,
        retry_interval: float = RETRY_INTERVAL,
        close_attempts: int = CLOSE_ATTEMPTS,
    ) -> ProgressStore:
        """Open (or create) ``progress.db`` in the data folder.

        Args:
            data_dir: ``--data-dir``; None means ``CNN_TUTOR_DATA``, then platformdirs.
            clock: Source of unix times (tests pass a fake one).
            busy_timeout: Seconds SQLite waits for another program's lock, per try.
            open_attempts: Tries a locked file gets before the store falls back to memory.
            retry_interval: Seconds between retries of a write that failed.
            close_attempts: Failed tries :meth:`close` allows before leaving writes unsaved.

        Returns:
            A store on the file; on a corrupt file, a fresh one (old file moved aside) with a
            notice; on a locked file or an unwritable location, an in-memory store with a
            warning notice (the file untouched).
        """
        opened = open_database(
            resolve_data_dir(data_dir),
            busy_timeout=busy_timeout,
            attempts=open_attempts,
            now=clock(),
        )
        return cls(
            opened, clock=clock, retry_interval=retry_interval, close_attempts=close_attempts
        )

    @property
    def is_empty(self) -> bool:
        """True for a first run: no lesson opened, no answer, no hint, no saved position."""
        with self._lock:
            p = self._progress
            return not (p.lessons or p.answers or p.hints or p.position or p.scenes)

    @property
    def in_memory(self) -> bool:
        """True when nothing is written to disk."""
        return self.path is None

    @property
    def notice(self) -> str | None:
        """One user-visible line: how the store was opened (a corrupt file moved aside, a
        read-only or locked fallback), or a write that is failing; None when all is well."""
        with self._lock:
            return self._notice

    @property
    def pending(self) -> int:
        """Writes kept in memory and not yet committed to the file."""
        return self._writer.pending if self._writer is not None else 0

    @property
    def save_problem(self) -> str | None:
        """Why the last write failed, in the user's words (``disk full``), or None."""
        error = self._writer.last_error if self._writer is not None else None
        return describe(error) if error is not None else None

    def flush(self, attempts: int | None = None) -> bool:
        """Wait until every write so far is committed (failed ones are retried at once).

        Args:
            attempts: Give up after this many failed tries (each waits up to the busy
                timeout); None waits until the queue is empty.

        Returns:
            True when nothing is left to write (always, in memory); False when the tries ran
            out first.
        """
        return self._writer.flush(attempts) if self._writer is not None else True

    def discard_unsaved(self) -> int:
        """Drop the writes not committed yet (they stay in memory only); return how many."""
        return self._writer.abandon() if self._writer is not None else 0

    def close(self) -> None:
        """Commit what is queued (a few tries at most), then close the file; writes then fail."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self.on_notice = None
        if self._writer is not None:
            atexit.unregister(self.close)
            self._writer.close(self._close_attempts)

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _submit(self, write: Write) -> None:
        """Apply ``write`` to the copy in memory and queue it for the file."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the progress store is closed")
            write.apply(self._progress)
            if self._writer is not None:
                self._writer.submit(write)

    def _write_failed(self, error: BaseException | None) -> None:
        """The writer's report: saving fails (``error``) or works again (None)."""
        level: NoticeLevel
        with self._lock:
            if error is None:
                self._notice = self._opened_notice
                text, level = "Progress is saved again.", "information"
            else:
                text = f"Could not save progress: {describe(error)}; kept in memory, retrying."
                self._notice, level = text, "warning"
            hook = self.on_notice
        if hook is not None:
            hook(text, level)

    # ---------------------------------------------------------------- lessons

    def mark_seen(self, lesson_id: str) -> None:
        """Record that a lesson was opened (never downgrades ``"done"``)."""
        self._submit(MarkLesson(lesson_id, False, self.clock()))

    def mark_done(self, lesson_id: str) -> None:
        """Record that a lesson was finished."""
        self._submit(MarkLesson(lesson_id, True, self.clock()))

    def lesson_status(self) -> dict[str, str]:
        """Return lesson id → ``"seen"`` or ``"done"`` for every lesson opened."""
        with self._lock:
            return dict(self._progress.lessons)

    def finish_scene(self, lesson_id: str, scene: int) -> None:
        """Record that a scene (0-based) was stepped to its end."""
        if scene not in self.scenes_finished(lesson_id):
            self._submit(FinishScene(lesson_id, int(scene), self.clock()))

    def scenes_finished(self, lesson_id: str) -> set[int]:
        """The scenes (0-based) of a lesson stepped to their end, in any session."""
        with self._lock:
            return set(self._progress.scenes.get(lesson_id, set()))

    def save_position(self, lesson_id: str, scene: int, step: int) -> None:
        """Remember where the stepper is, so the next start can resume there."""
        self._submit(SavePosition(lesson_id, int(scene), int(step), self.clock()))

    def last_position(self) -> tuple[str, int, int] | None:
        """Return ``(lesson_id, scene, step)`` last saved, or None."""
        with self._lock:
            return self._progress.position

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
        seconds: float | None = None,
        review: bool = False,
    ) -> SkillMastery:
        """Keep one answer and review the skill's FSRS card (:mod:`lessons.quiz.schedule`).

        The rating comes from :func:`lessons.quiz.schedule.rating_for`: wrong or diagnosed is
        Again, right after two or more hints Hard, after at most one Good, quickly with none
        Easy. The file gets the answer and the new card in one transaction, on the writer
        thread; this returns without waiting for it.

        Args:
            skill: The question family.
            question: A stable key for the question (family, seed, parameters).
            given: What the learner typed.
            correct: Whether it counted as right.
            hints: How many hint tiers were used before answering.
            diagnosis: The diagnosis shown for a wrong answer, if any.
            seconds: How long the answer took (None: not measured; never Easy).
            review: True when an interleaved review session asked it.

        Returns:
            The skill's state after this answer.
        """
        grade = rating_for(bool(correct), int(hints), diagnosis=diagnosis, seconds=seconds)
        answer = AnswerRecord(
            self.clock(),
            skill,
            question,
            given,
            bool(correct),
            int(hints),
            diagnosis,
            int(grade),
            seconds,
            bool(review),
        )
        with self._lock:
            self._submit(RecordAnswer(answer))
            return self._progress.skills[skill]

    def record_hint(self, skill: str, question: str, tier: int) -> None:
        """Keep that hint ``tier`` was shown (1 = which window, 2 = products, 3 = answer)."""
        self._submit(RecordHint(skill, question, int(tier), self.clock()))

    def hints_used(self, skill: str | None = None) -> int:
        """Count the hints shown, for one skill or all."""
        with self._lock:
            hints = self._progress.hints
            return hints.get(skill, 0) if skill else sum(hints.values())

    def answers(self, skill: str | None = None) -> list[AnswerRecord]:
        """Return the answers, oldest first, for one skill or all."""
        with self._lock:
            return [a for a in self._progress.answers if not skill or a.skill == skill]

    def mastery(self) -> dict[str, SkillMastery]:
        """Return skill → :class:`SkillMastery` for every skill answered at least once."""
        with self._lock:
            return dict(sorted(self._progress.skills.items()))

    def next_skill(
        self,
        candidates: Sequence[str],
        *,
        rng: random.Random | None = None,
        avoid: str | None = None,
    ) -> str:
        """Pick the skill to practise next (:func:`lessons.quiz.schedule.next_skill`, now)."""
        return next_skill(candidates, self.mastery(), self.clock(), rng=rng, avoid=avoid)

    def due(self) -> list[str]:
        """The skills answered before whose FSRS review is due now, least retained first."""
        return due_skills(self.mastery(), self.clock())

    def reset(self, skill: str | None = None) -> None:
        """Forget quiz progress: a skill's answers, hints and card, or everything (lessons too)."""
        self._submit(Reset(skill))


__all__ = [
    "BUSY_TIMEOUT",
    "DB_NAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "AnswerRecord",
    "NoticeHook",
    "NoticeLevel",
    "ProgressStore",
    "SkillMastery",
]
