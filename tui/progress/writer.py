"""The store's writer thread: commits queued writes to ``progress.db``, in order, retrying failures.

The caller (the app's event loop, the CLI) only appends to a queue, so a locked file or a full disk
never blocks it. The thread commits each :class:`~tui.progress.tables.Write` in its own
``BEGIN IMMEDIATE`` … ``COMMIT`` transaction. A write that fails (``database is locked``,
``database or disk is full``, any SQLite error) is rolled back and stays first in the queue; it is
tried again after ``retry_interval`` seconds, or at once while someone waits in :meth:`flush`.
Nothing committed before is touched. The thread starts with the first write.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections import deque
from collections.abc import Callable

from tui.progress.tables import Write

#: Called (on the writer thread) when saving starts failing, with the error, and with None when a
#: write succeeds again after failures.
FailureHook = Callable[[BaseException | None], None]


class Writer:
    """A queue of writes and the daemon thread that commits them.

    Attributes:
        last_error: The error of the last failed attempt, or None once a write succeeds.
    """

    def __init__(
        self, conn: sqlite3.Connection, *, retry_interval: float, on_failure: FailureHook
    ) -> None:
        """Serve ``conn`` (autocommit, ``check_same_thread=False``); nothing starts yet.

        Args:
            conn: The connection to ``progress.db``; the writer closes it in :meth:`close`.
            retry_interval: Seconds between tries of a write that failed, when nobody waits.
            on_failure: Told when saving starts failing or the error changes (the error), and
                when it works again (None).
        """
        self._conn = conn
        self._retry_interval = retry_interval
        self._on_failure = on_failure
        self._pending: deque[Write] = deque()
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._failures = 0  # failed attempts in all (flush counts its own from here)
        self._failing = False
        self._waiting = 0  # callers inside flush(): retry at once while any waits
        self._closing = False
        self._closed = False
        self.last_error: BaseException | None = None

    @property
    def pending(self) -> int:
        """Writes queued and not yet committed."""
        with self._cond:
            return len(self._pending)

    def submit(self, write: Write) -> None:
        """Queue ``write`` and return at once.

        Raises:
            RuntimeError: After :meth:`close`.
        """
        with self._cond:
            if self._closing:
                raise RuntimeError("the progress store is closed")
            self._pending.append(write)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._serve, name="progress-writer", daemon=True
                )
                self._thread.start()
            self._cond.notify_all()

    def flush(self, attempts: int | None = None) -> bool:
        """Wait until every queued write is committed, retrying failures at once.

        Args:
            attempts: Give up after this many failed tries (each waits up to the busy timeout);
                None waits until the queue is empty, however long that takes.

        Returns:
            True when nothing is left to write; False when the tries ran out first.
        """
        with self._cond:
            start = self._failures
            self._waiting += 1
            self._cond.notify_all()
            try:
                while self._pending:
                    if attempts is not None and self._failures - start >= attempts:
                        return False
                    if self._thread is None or not self._thread.is_alive():
                        return False
                    self._cond.wait()
                return True
            finally:
                self._waiting -= 1

    def close(self, attempts: int) -> bool:
        """Flush with at most ``attempts`` failed tries, stop the thread, close the connection.

        Returns:
            True when every write reached the file; False when some were left unsaved.
        """
        if self._closed:
            return not self._pending
        saved = self.flush(attempts) if self._thread is not None else True
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()
        self._conn.close()
        self._closed = True
        return saved

    def abandon(self) -> int:
        """Drop the queued writes (they are never committed); return how many there were."""
        with self._cond:
            dropped = len(self._pending)
            self._pending.clear()
            self._cond.notify_all()
            return dropped

    # ------------------------------------------------------------------ thread
    def _serve(self) -> None:
        while True:
            with self._cond:
                while not self._pending and not self._closing:
                    self._cond.wait()
                if self._closing:
                    return
                write = self._pending[0]
            error = self._commit(write)
            with self._cond:
                if error is None:
                    report = self._failing  # saving works again
                else:
                    report = not self._failing or str(error) != str(self.last_error)
            if report:
                # Before the waiters below wake: when flush() returns, the store's notice
                # already tells the outcome of the last try.
                self._on_failure(error)
            with self._cond:
                self.last_error = error
                self._failing = error is not None
                if error is None:
                    if self._pending and self._pending[0] is write:
                        self._pending.popleft()
                else:
                    self._failures += 1
                self._cond.notify_all()
                if error is not None:
                    self._cond.wait_for(
                        lambda: self._waiting > 0 or self._closing, timeout=self._retry_interval
                    )

    def _commit(self, write: Write) -> Exception | None:
        """One transaction for ``write``; the error (rolled back) or None when committed."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            write.write(conn)
            conn.execute("COMMIT")
        except Exception as error:  # a failed write must never kill the thread
            if conn.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("ROLLBACK")
            return error
        return None


__all__ = ["FailureHook", "Writer"]
