"""Faults of progress.db: locked (by another program), emptied, disk full; none loses progress.

Locks are held by real sqlite3 connections opened here. No test sleeps or measures time: each waits
for a condition (``store.flush()`` returning), with a thread's join timeout only as a safety net.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tui.cli import main
from tui.progress import opening
from tui.progress.store import DB_NAME, ProgressStore

SHORT = 0.05  # seconds SQLite waits for a lock, per try: enough to see "locked", quick to fail


def seed(folder: Path, answers: int = 5) -> None:
    """A healthy progress.db with ``answers`` answers and one lesson seen."""
    with ProgressStore.open(folder) as store:
        for i in range(answers):
            store.record_answer("pooling", f"q{i}", "8", True)
        store.mark_seen("000-edges")


def rows(folder: Path, table: str = "answers") -> int:
    """Count a table's committed rows through a connection of our own."""
    conn = sqlite3.connect(folder / DB_NAME, timeout=30)
    try:
        return int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


@contextmanager
def write_lock(folder: Path) -> Iterator[sqlite3.Connection]:
    """What another tutor mid-write or a ``sqlite3`` shell's ``BEGIN EXCLUSIVE`` does.

    In WAL mode others may still read, but nobody else may write until it ends.
    """
    conn = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@contextmanager
def exclusive_lock(folder: Path) -> Iterator[sqlite3.Connection]:
    """A program in ``locking_mode = EXCLUSIVE`` that wrote: nobody else may even read."""
    conn = sqlite3.connect(folder / DB_NAME, isolation_level=None)
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("INSERT INTO lessons VALUES ('the-locker', 'seen', 0)")
    try:
        probe = sqlite3.connect(folder / DB_NAME, timeout=0)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            probe.execute("SELECT COUNT(*) FROM answers").fetchone()
        probe.close()
        yield conn
    finally:
        conn.execute("ROLLBACK")
        conn.close()


# ---------------------------------------------------------------- locked is not corrupt


def test_a_file_locked_even_against_reading_is_left_alone_not_moved_aside(tmp_path: Path) -> None:
    seed(tmp_path)
    with exclusive_lock(tmp_path):
        store = ProgressStore.open(tmp_path, busy_timeout=SHORT, open_attempts=2)
        try:
            assert store.in_memory and store.locked
            assert store.notice is not None and "locked by another program" in store.notice
            assert "corrupt" not in store.notice and "moved aside" not in store.notice
            store.record_answer("pooling", "later", "8", True)  # the quiz keeps working
            assert store.mastery()["pooling"].attempts == 1
        finally:
            store.close()
    assert list(tmp_path.glob(f"{DB_NAME}.corrupt-*")) == []
    with ProgressStore.open(tmp_path) as again:
        assert again.notice is None
        assert len(again.answers()) == 5  # the history is all there, and only it
        assert again.lesson_status() == {"000-edges": "seen"}


def test_a_write_locked_file_opens_with_its_history_and_saves_once_the_lock_goes(
    tmp_path: Path,
) -> None:
    seed(tmp_path)
    with write_lock(tmp_path):
        store = ProgressStore.open(tmp_path, busy_timeout=SHORT)
        try:
            assert not store.in_memory and store.notice is None
            assert len(store.answers()) == 5
            state = store.record_answer("pooling", "q5", "8", False)
            assert (state.attempts, state.streak) == (6, 0)
            assert state.state != 2  # Again: back to (re)learning, whatever it was before
            assert store.mastery()["pooling"] == state  # reads include the queued write
            assert store.flush(attempts=1) is False  # still locked: not saved yet
            assert store.notice is not None
            assert "locked by another program" in store.notice and "kept in memory" in store.notice
            assert store.pending == 1 and rows(tmp_path) == 5
        except BaseException:
            store.close()
            raise
    try:
        assert store.flush() is True
        assert store.notice is None and store.pending == 0
        assert rows(tmp_path) == 6
    finally:
        store.close()


def test_writes_return_at_once_while_the_file_is_locked(tmp_path: Path) -> None:
    seed(tmp_path)
    # A store that waits ten minutes for a lock: a write made on the caller's thread would hang.
    store = ProgressStore.open(tmp_path, busy_timeout=600)
    try:
        with write_lock(tmp_path):

            def answer_and_move_on() -> None:
                store.record_hint("pooling", "q5", 1)
                store.record_answer("pooling", "q5", "8", True, hints=1)
                store.mark_done("000-edges")
                store.save_position("000-edges", 1, 2)

            caller = threading.Thread(target=answer_and_move_on)
            caller.start()
            caller.join(timeout=120)  # a safety net: the writes need no lock to return
            assert not caller.is_alive(), "a progress write waited for the lock"
            assert store.hints_used("pooling") == 1
            assert store.lesson_status() == {"000-edges": "done"}
            assert store.last_position() == ("000-edges", 1, 2)
            assert rows(tmp_path) == 5  # nothing reached the file yet
        assert store.flush() is True  # the writer got the lock as soon as it was free
        assert (rows(tmp_path), rows(tmp_path, "hints")) == (6, 1)
    finally:
        store.close()
    with ProgressStore.open(tmp_path) as again:
        assert again.last_position() == ("000-edges", 1, 2)


def test_close_gives_up_on_a_lock_that_stays_without_raising(tmp_path: Path) -> None:
    seed(tmp_path)
    with write_lock(tmp_path):
        store = ProgressStore.open(tmp_path, busy_timeout=SHORT, close_attempts=2)
        store.mark_done("000-edges")
        store.close()  # returns once its tries ran out; the answer was kept in memory only
        assert store.pending == 1
    assert rows(tmp_path) == 5


# ---------------------------------------------------------------- an emptied file


def test_a_file_truncated_to_zero_bytes_is_replaced_with_a_notice(tmp_path: Path) -> None:
    seed(tmp_path)
    (tmp_path / DB_NAME).write_bytes(b"")
    for side in ("-wal", "-shm"):
        (tmp_path / (DB_NAME + side)).unlink(missing_ok=True)
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is not None and "empty (0 bytes)" in store.notice
        assert not store.in_memory and store.mastery() == {}
        store.record_answer("pooling", "q", "8", True)
    with ProgressStore.open(tmp_path) as again:
        assert again.notice is None and again.mastery()["pooling"].attempts == 1


# ---------------------------------------------------------------- a full disk


class FullDisk(sqlite3.Connection):
    """A connection that fails every write the way SQLite does on a full disk."""

    full = False

    def execute(self, sql: str, parameters: Any = (), /) -> sqlite3.Cursor:
        if FullDisk.full and sql.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise sqlite3.OperationalError("database or disk is full")
        return super().execute(sql, parameters)


def test_disk_full_keeps_the_answer_in_memory_and_saves_it_later(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(tmp_path)
    monkeypatch.setattr(opening, "Connection", FullDisk)
    monkeypatch.setattr(FullDisk, "full", False)
    store = ProgressStore.open(tmp_path)
    try:
        store.record_answer("pooling", "q5", "8", True)
        assert store.flush() and rows(tmp_path) == 6
        FullDisk.full = True
        state = store.record_answer("pooling", "q6", "3", False)  # no exception
        assert state.attempts == 7 and store.mastery()["pooling"] == state
        assert store.flush(attempts=2) is False
        assert store.notice == "Could not save progress: disk full; kept in memory, retrying."
        assert rows(tmp_path) == 6  # everything committed before is still there
        FullDisk.full = False
        assert store.flush() is True and store.notice is None
    finally:
        store.close()
    assert rows(tmp_path) == 7
    with ProgressStore.open(tmp_path) as again:
        assert again.mastery()["pooling"].attempts == 7


# ---------------------------------------------------------------- the CLI


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_progress_on_a_file_locked_against_reading_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(tmp_path)
    with exclusive_lock(tmp_path):
        code, out, err = cli(["progress", "--data-dir", str(tmp_path)], capsys)
        assert code == 1 and out == ""
        assert err.count("\n") == 1 and "locked by another program" in err
        assert "Traceback" not in err
        code, out, err = cli(["progress", "--data-dir", str(tmp_path), "--reset", "--yes"], capsys)
        assert code == 1 and err.count("\n") == 1 and "locked" in err
    assert list(tmp_path.glob(f"{DB_NAME}.corrupt-*")) == []
    assert rows(tmp_path) == 5


def test_progress_reset_on_a_write_locked_file_fails_in_one_line_and_resets_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seed(tmp_path)
    with write_lock(tmp_path):
        code, out, err = cli(["progress", "--data-dir", str(tmp_path)], capsys)
        assert code == 0 and "pooling" in out  # reading is fine while another program writes
        code, out, err = cli(["progress", "--data-dir", str(tmp_path), "--reset", "--yes"], capsys)
        assert code == 1 and "Reset" not in out
        assert err == (
            "cnn-tutor: error: could not reset: progress.db is locked by another program; "
            "nothing was reset\n"
        )
    assert rows(tmp_path) == 5  # the reset did not happen later either


# ---------------------------------------------------------------- the app


async def test_a_save_that_fails_later_reaches_the_user(tmp_path: Path) -> None:
    from tui.app.app import create_app

    seed(tmp_path)
    app = create_app(data_dir=tmp_path, lessons=None)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        with write_lock(tmp_path):
            app.store.record_answer("pooling", "q5", "8", True)
            assert not await asyncio.to_thread(app.store.flush, 1)
            await pilot.pause()
            messages = [n.message for n in app._notifications]
            assert messages[-1].startswith("Could not save progress: progress.db is locked")
        assert await asyncio.to_thread(app.store.flush)
        await pilot.pause()
        assert [n.message for n in app._notifications][-1] == "Progress is saved again."
    assert rows(tmp_path) == 6
