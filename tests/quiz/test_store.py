"""The progress store: migrations, WAL durability, concurrency, corrupt and read-only files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from lessons.quiz.schedule import MAX_BOX
from tui.progress.migrations import MIGRATIONS, SCHEMA_VERSION
from tui.progress.store import DB_NAME, ProgressStore

REPO = Path(__file__).resolve().parents[2]


class FakeClock:
    """A settable clock so Leitner due times are predictable."""

    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_file_lives_in_cnn_tutor_data_and_uses_wal(isolated_user_dirs: Path) -> None:
    store = ProgressStore.open()
    try:
        assert store.notice is None
        assert store.path == isolated_user_dirs / DB_NAME
        store.mark_seen("000-edges")
    finally:
        store.close()
    conn = sqlite3.connect(isolated_user_dirs / DB_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    assert user_version(isolated_user_dirs / DB_NAME) == SCHEMA_VERSION


def test_explicit_data_dir_wins_over_environment(tmp_path: Path, isolated_user_dirs: Path) -> None:
    with ProgressStore.open(tmp_path / "mine") as store:
        store.mark_done("x")
    assert (tmp_path / "mine" / DB_NAME).exists()
    assert not (isolated_user_dirs / DB_NAME).exists()


def test_lesson_status_and_position_survive_reopen(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as store:
        assert store.lesson_status() == {}
        assert store.last_position() is None
        store.mark_seen("a")
        store.mark_done("a")
        store.mark_seen("a")  # seeing a finished lesson again must not undo "done"
        store.mark_seen("b")
        store.save_position("b", 2, 7)
        store.save_position("b", 3, 0)
    with ProgressStore.open(tmp_path) as store:
        assert store.lesson_status() == {"a": "done", "b": "seen"}
        assert store.last_position() == ("b", 3, 0)


def test_leitner_boxes_climb_on_right_and_fall_on_wrong(tmp_path: Path) -> None:
    clock = FakeClock()
    with ProgressStore.open(tmp_path, clock=clock) as store:
        for expected_box in range(2, MAX_BOX + 1):
            state = store.record_answer("pooling", "q", "4", True)
            assert state.box == expected_box
        assert store.record_answer("pooling", "q", "4", True).box == MAX_BOX  # capped
        mastered = store.mastery()["pooling"]
        assert mastered.mastery == 1.0 and mastered.streak == MAX_BOX
        assert mastered.due > clock.now  # a mastered skill is not due at once
        missed = store.record_answer("pooling", "q", "5", False, diagnosis="wrong window")
        assert (missed.box, missed.streak, missed.attempts, missed.correct) == (1, 0, 6, 5)
        assert missed.due == clock.now
        # A right answer after hints counts as right but does not climb.
        assert store.record_answer("pooling", "q", "4", True, hints=2).box == 1


def test_missed_skill_comes_back_before_mastered_one(tmp_path: Path) -> None:
    clock = FakeClock()
    with ProgressStore.open(tmp_path, clock=clock) as store:
        store.record_answer("good", "q", "1", True)
        store.record_answer("bad", "q", "2", False)
        assert store.next_skill(["good", "bad"]) == "bad"
        clock.now += 1
        store.record_answer("bad", "q", "2", True)  # box 2: due in 10 minutes
        store.record_answer("good", "q", "1", True)  # box 3: due in an hour
        assert store.next_skill(["good", "bad"]) == "bad"
        assert store.next_skill(["good", "bad", "new"]) == "new"  # never seen: due now


def test_answers_and_hints_are_recorded(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as store:
        store.record_hint("next-cell", "next-cell:1", 1)
        store.record_hint("next-cell", "next-cell:1", 2)
        store.record_answer("next-cell", "next-cell:1", "-7", False, hints=2, diagnosis="sign")
    with ProgressStore.open(tmp_path) as store:
        assert store.hints_used("next-cell") == 2
        assert store.hints_used("pooling") == 0
        (answer,) = store.answers()
        assert (answer.given, answer.correct, answer.hints, answer.diagnosis) == (
            "-7",
            False,
            2,
            "sign",
        )


def test_reset_one_skill_or_everything(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as store:
        store.record_answer("a", "q", "1", True)
        store.record_answer("b", "q", "1", True)
        store.record_hint("a", "q", 1)
        store.mark_done("lesson")
        store.reset("a")
        assert set(store.mastery()) == {"b"}
        assert store.hints_used() == 0
        assert store.lesson_status() == {"lesson": "done"}
        store.reset()
        assert store.mastery() == {} and store.lesson_status() == {}


def test_old_schema_is_migrated_keeping_its_rows(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO lessons VALUES ('old', 'done', 1.0)")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is None
        assert store.lesson_status() == {"old": "done"}
        store.record_answer("s", "q", "1", True)
    assert user_version(path) == SCHEMA_VERSION


def test_newer_schema_is_left_alone_and_store_runs_in_memory(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with ProgressStore.open(tmp_path) as store:
        assert store.in_memory
        assert store.notice is not None and "newer" in store.notice
        store.mark_seen("x")
    assert user_version(path) == 99


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda data: b"this is not sqlite at all\n" * 100, id="garbage"),
        pytest.param(lambda data: data[:100] + b"\xff" * (len(data) - 100), id="scrambled-pages"),
    ],
)
def test_corrupt_file_is_moved_aside_and_a_fresh_one_started(
    tmp_path: Path, damage: object
) -> None:
    with ProgressStore.open(tmp_path) as store:
        for i in range(50):
            store.record_answer("s", f"q{i}", "1", True)
    path = tmp_path / DB_NAME
    bad = damage(path.read_bytes())  # type: ignore[operator]
    path.write_bytes(bad)
    for side in ("-wal", "-shm"):
        path.with_name(DB_NAME + side).unlink(missing_ok=True)
    store = ProgressStore.open(tmp_path)
    try:
        assert store.notice is not None
        assert "moved aside" in store.notice and "progress.db.corrupt-" in store.notice
        assert not store.in_memory
        assert store.mastery() == {}
        store.record_answer("s", "q", "1", True)
    finally:
        store.close()
    (aside,) = tmp_path.glob(f"{DB_NAME}.corrupt-*")
    assert aside.read_bytes() == bad
    with ProgressStore.open(tmp_path) as again:
        assert again.notice is None
        assert again.mastery()["s"].attempts == 1


def test_unwritable_location_falls_back_to_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with ProgressStore.open(blocker / "data") as store:
        assert store.in_memory
        assert store.notice is not None and store.notice.startswith("Warning:")
        store.record_answer("s", "q", "1", True)
        assert store.mastery()["s"].attempts == 1


def test_read_only_folder_keeps_existing_progress_visible(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProgressStore.open(tmp_path) as store:
        store.mark_done("seen-before")
    before = (tmp_path / DB_NAME).read_bytes()
    real_access = os.access

    def no_write(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    # Tests may run as root, where chmod cannot deny writing; fake the permission check.
    monkeypatch.setattr(os, "access", no_write)
    with ProgressStore.open(tmp_path) as store:
        assert store.in_memory
        assert store.notice is not None and "not writable" in store.notice
        assert store.lesson_status() == {"seen-before": "done"}
        store.mark_done("only-in-memory")
    monkeypatch.undo()
    assert (tmp_path / DB_NAME).read_bytes() == before


WRITER = textwrap.dedent(
    """
    import sys
    from tui.progress.store import ProgressStore
    data_dir, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    store = ProgressStore.open(data_dir, busy_timeout=5.0)
    for i in range(count):
        store.record_answer("shared", f"{tag}-{i}", str(i), i % 3 != 0)
        store.record_hint("shared", f"{tag}-{i}", 1)
        assert store.flush()  # writes are queued; "committed" is once flush() returns
        print(i, flush=True)
    store.close()
    """
)


def test_two_processes_writing_at_once_lose_nothing(tmp_path: Path) -> None:
    ProgressStore.open(tmp_path).close()
    count = 150
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(tmp_path), tag, str(count)],
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for tag in ("A", "B")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with ProgressStore.open(tmp_path) as store:
        answers = store.answers("shared")
        assert len(answers) == 2 * count
        assert {a.question for a in answers} == {f"{t}-{i}" for t in "AB" for i in range(count)}
        assert store.hints_used("shared") == 2 * count
        # The box bookkeeping was read-modify-written under BEGIN IMMEDIATE: no lost update.
        assert store.mastery()["shared"].attempts == 2 * count
        assert store.mastery()["shared"].correct == 2 * sum(i % 3 != 0 for i in range(count))


def test_process_killed_mid_session_keeps_every_committed_answer(tmp_path: Path) -> None:
    ProgressStore.open(tmp_path).close()
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(tmp_path), "K", "100000"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    committed = -1
    while committed < 40:
        committed = int(proc.stdout.readline())
    proc.kill()
    proc.wait(timeout=30)
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is None
        questions = {a.question for a in store.answers("shared")}
    assert {f"K-{i}" for i in range(committed + 1)} <= questions
