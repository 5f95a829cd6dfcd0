"""Opening ``progress.db``: connect, tell corrupt from locked or read-only, fall back to memory.

What happens to the file depends on why it cannot be used, and each case leaves one line for the
user in :attr:`Opened.notice`:

* **corrupt** (not SQLite, scrambled pages, failed integrity check): moved aside as
  ``progress.db.corrupt-<timestamp>`` and a fresh database started;
* **locked** by another program (SQLite's ``SQLITE_BUSY``/``SQLITE_LOCKED``): tried again, then left
  untouched while progress is kept in memory, seeded from the file when it can be read;
* **read-only** file or folder, or a schema newer than ours: kept in memory, seeded from the file;
* **empty** (0 bytes, which SQLite takes for a valid empty database): a fresh database, said so.

A file already at the current schema is opened without taking a write lock, so another tutor (or a
``sqlite3`` shell) writing to it does not stop this one from starting.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from tui.datadir import DB_NAME
from tui.progress.migrations import NewerSchema, migrate, schema_version

#: The connection class every connection to the file is made with (tests substitute one that
#: fails like a full disk).
Connection: type[sqlite3.Connection] = sqlite3.Connection

#: SQLite's primary result codes for "busy", "locked" and "full" (``sqlite3.SQLITE_BUSY`` and the
#: rest exist only from Python 3.11).
_BUSY_CODES = (5, 6)
_FULL_CODE = 13


class Corrupt(Exception):
    """The file exists but is not a usable SQLite database."""


class ReadOnly(Exception):
    """The file or its folder cannot be written, or its schema is newer than ours."""


class Locked(Exception):
    """Another program holds a lock on the file (it is healthy: never move it aside)."""


@dataclass(frozen=True)
class Opened:
    """A migrated connection and what the user should be told about it.

    Attributes:
        conn: A connection at the current schema, on the file or (``path`` None) in memory.
        path: The database file, or None when progress is kept in memory.
        notice: One line for the user, or None when all went normally.
        locked: True when the file was left alone because another program held its lock.
    """

    conn: sqlite3.Connection
    path: Path | None
    notice: str | None = None
    locked: bool = False


def open_database(folder: Path, *, busy_timeout: float, attempts: int, now: float) -> Opened:
    """Open (or create) ``folder/progress.db``, or fall back to memory with a notice.

    Args:
        folder: The data folder (created when missing).
        busy_timeout: Seconds SQLite waits for another program's lock on each try.
        attempts: How many tries a locked file gets before the store falls back to memory.
        now: Unix time, for the name a corrupt file is moved aside to.

    Returns:
        The connection, its path (None in memory) and the notice.
    """
    path = folder / DB_NAME
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return in_memory(None, f"cannot create {folder} ({reason(error)})", busy_timeout)
    if not os.access(folder, os.W_OK):
        return in_memory(path, f"{folder} is not writable", busy_timeout)
    empty = _is_empty_file(path)
    for _ in range(max(1, attempts)):
        try:
            conn = connect_file(path, busy_timeout)
        except Locked:
            continue
        except Corrupt as error:
            return _start_afresh(path, error, busy_timeout, now)
        except ReadOnly as error:
            return in_memory(path, str(error), busy_timeout)
        if empty:
            notice = (
                f"{path.name} was empty (0 bytes): its progress is gone, and a fresh progress "
                "database was started."
            )
            return Opened(conn, path, notice)
        return Opened(conn, path)
    why = f"{path} is locked by another program, so it was left untouched"
    return in_memory(path, why, busy_timeout, locked=True)


def connect_file(path: Path, busy_timeout: float) -> sqlite3.Connection:
    """Open ``path`` read-write in WAL mode, check it and migrate it to the current schema.

    Args:
        path: The database file (created when missing).
        busy_timeout: Seconds to wait for another program's lock before giving up.

    Returns:
        A connection usable from any thread (``check_same_thread=False``), in autocommit mode.

    Raises:
        Corrupt: The file is not a usable database.
        Locked: Another program holds a lock that this needs.
        ReadOnly: The file cannot be written, or its schema is newer than ours.
    """
    existed = path.exists()
    if existed and not os.access(path, os.R_OK):
        raise Corrupt("permission denied")
    try:
        conn = sqlite3.connect(
            path,
            timeout=busy_timeout,
            isolation_level=None,
            check_same_thread=False,
            factory=Connection,
        )
    except sqlite3.Error as error:
        if existed:
            raise Corrupt(str(error)) from error
        raise ReadOnly(f"cannot create {path} ({error})") from error
    try:
        try:
            check = conn.execute("PRAGMA quick_check").fetchone()
            if check is None or check[0] != "ok":
                raise Corrupt("integrity check failed")
            schema_version(conn)  # a newer schema is refused below, before anything is written
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")
            migrate(conn)
        except sqlite3.Error as error:
            raise _classify(error, path) from error
        except NewerSchema as error:
            raise ReadOnly(str(error)) from error
    except BaseException:
        conn.close()
        raise
    return conn


def in_memory(
    source: Path | None, why: str, busy_timeout: float, *, locked: bool = False
) -> Opened:
    """An in-memory database, seeded from ``source`` when it can be read.

    Args:
        source: A file to copy the progress from (read-only); None starts empty.
        why: Why the file is not used, for the notice.
        busy_timeout: Seconds to wait for another program's lock while copying.
        locked: Whether ``source`` was left alone because it is locked.

    Returns:
        The connection (not on any file), with a "Warning: …" notice.
    """
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    if source is not None and source.exists():
        with contextlib.suppress(sqlite3.Error, OSError):
            ro = sqlite3.connect(
                f"{source.resolve().as_uri()}?mode=ro", uri=True, timeout=busy_timeout
            )
            try:
                # Take the read lock first, within the busy timeout: Connection.backup itself
                # retries a locked source for ever.
                ro.execute("BEGIN")
                ro.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
                ro.backup(conn)
            finally:
                ro.close()
    try:
        migrate(conn)
    except (sqlite3.Error, NewerSchema):
        conn.close()
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        migrate(conn)
    notice = f"Warning: {why}; progress is kept in memory only and will not be saved."
    return Opened(conn, None, notice, locked)


def is_locked(error: BaseException) -> bool:
    """Whether ``error`` means another program holds the database's lock."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int):
        return code & 0xFF in _BUSY_CODES
    text = str(error).lower()
    return "locked" in text or "busy" in text


def is_full(error: BaseException) -> bool:
    """Whether ``error`` means the disk (or the database's size limit) is full."""
    code = getattr(error, "sqlite_errorcode", None)
    if isinstance(code, int) and code & 0xFF == _FULL_CODE:
        return True
    return "disk is full" in str(error).lower()


def describe(error: BaseException) -> str:
    """Why a write failed, in the user's words: ``disk full``, ``… locked by another program``."""
    if is_full(error):
        return "disk full"
    if isinstance(error, sqlite3.Error) and is_locked(error):
        return f"{DB_NAME} is locked by another program"
    return reason(error)


def reason(error: BaseException) -> str:
    """An OS error's short reason (``Permission denied``), else the error's text."""
    return getattr(error, "strerror", None) or str(error)


def move_aside(path: Path, now: float) -> Path:
    """Rename ``path`` (and its ``-wal``/``-shm`` files) to ``progress.db.corrupt-<timestamp>``.

    Returns:
        The new name of the file.
    """
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


def _start_afresh(path: Path, error: Corrupt, busy_timeout: float, now: float) -> Opened:
    """Move a corrupt file aside and start a fresh one there."""
    try:
        moved = move_aside(path, now)
    except OSError as move_error:
        why = f"{path} is unreadable ({error}) and cannot be moved ({reason(move_error)})"
        return in_memory(None, why, busy_timeout)
    try:
        conn = connect_file(path, busy_timeout)
    except (Corrupt, Locked, ReadOnly) as again:
        return in_memory(None, f"cannot start a fresh {path} ({again})", busy_timeout)
    notice = (
        f"{path.name} could not be read ({error}); it was moved aside as {moved.name} "
        "and a fresh progress database was started."
    )
    return Opened(conn, path, notice)


def _classify(error: sqlite3.Error, path: Path) -> Exception:
    if is_locked(error):
        return Locked(f"{path} is locked by another program")
    text = str(error).lower()
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return ReadOnly(f"{path} is read-only")
    return Corrupt(str(error))


def _is_empty_file(path: Path) -> bool:
    try:
        return path.is_file() and path.stat().st_size == 0
    except OSError:
        return False


__all__ = [
    "DB_NAME",
    "Corrupt",
    "Locked",
    "Opened",
    "ReadOnly",
    "connect_file",
    "describe",
    "in_memory",
    "is_full",
    "is_locked",
    "move_aside",
    "open_database",
]
