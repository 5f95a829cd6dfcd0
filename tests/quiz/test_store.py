"""The progress store: migrations, WAL durability, concurrency, corrupt and read-only files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import fsrs
import pytest

from lessons.quiz.schedule import Grade, after_answer, fresh
from tui.progress.migrations import MIGRATIONS, SCHEMA_VERSION
from tui.progress.store import DB_NAME, ProgressStore

REPO = Path(__file__).resolve().parents[2]


class FakeClock:
    """A settable clock so FSRS due times are predictable."""

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


def test_each_answer_is_an_fsrs_review_rated_from_right_hints_and_time(tmp_path: Path) -> None:
    clock = FakeClock()
    with ProgressStore.open(tmp_path, clock=clock) as store:
        first = store.record_answer("pooling", "q", "4", True, seconds=3.0)  # Easy: graduates
        assert first.state == int(fsrs.State.Review) and first.due > clock.now + 86400
        clock.now += 2 * 86400
        missed = store.record_answer("pooling", "q", "5", False, diagnosis="window")
        assert (missed.streak, missed.attempts, missed.correct) == (0, 2, 1)
        assert missed.state == int(fsrs.State.Relearning)
        assert missed.due == clock.now + 600  # relearning step: ten minutes
        assert missed.stability is not None and first.stability is not None
        assert missed.stability < first.stability
        ratings = [a.rating for a in store.answers("pooling")]
        assert ratings == [Grade.EASY, Grade.AGAIN]
    with ProgressStore.open(tmp_path) as again:  # what the file holds is what memory held
        assert again.mastery()["pooling"] == missed
        (_, second) = again.answers("pooling")
        assert (second.rating, second.diagnosis, second.seconds) == (Grade.AGAIN, "window", None)


def test_missed_skill_comes_back_before_a_known_one(tmp_path: Path) -> None:
    clock = FakeClock()
    with ProgressStore.open(tmp_path, clock=clock) as store:
        store.record_answer("good", "q", "1", True)
        store.record_answer("bad", "q", "2", False)
        assert store.next_skill(["good", "bad"]) == "bad"  # due in 1 minute, good in 10
        clock.now += 1
        store.record_answer("bad", "q", "2", True)  # Good: the next learning step (10 min)
        store.record_answer("good", "q", "1", True)  # Good on its second step: graduates
        assert store.next_skill(["good", "bad"]) == "bad"
        assert store.next_skill(["good", "bad", "new"]) == "new"  # never seen: due now
        assert store.due() == []
        clock.now += 3 * 86400
        assert set(store.due()) == {"good", "bad"}


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


def test_a_leitner_file_becomes_fsrs_keeping_every_old_answer(tmp_path: Path) -> None:
    """Version 2 (Leitner boxes) to 3: each old answer stays and becomes one FSRS review."""
    path = tmp_path / DB_NAME
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.executescript(MIGRATIONS[1])
    old = [  # at, skill, question, given, correct, hints, diagnosis
        (1000.0, "pooling", "pooling:1", "4", 1, 0, None),
        (1100.0, "pooling", "pooling:2", "9", 0, 1, "mode"),
        (1200.0, "output-size", "output-size:3", "5", 1, 2, None),
        (90_000.0, "pooling", "pooling:3", "6", 1, 1, None),
        (95_000.0, "output-size", "output-size:4", "4", 1, 0, None),
    ]
    conn.executemany(
        "INSERT INTO answers (at, skill, question, given, correct, hints, diagnosis) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        old,
    )
    conn.execute("INSERT INTO hints (at, skill, question, tier) VALUES (1099, 'pooling', 'q', 1)")
    conn.execute(
        "INSERT INTO skills VALUES ('pooling', 2, 3, 2, 1, 90600.0, 90000.0), "
        "('output-size', 3, 2, 2, 2, 98600.0, 95000.0)"
    )
    conn.execute("INSERT INTO lessons VALUES ('000-convolution', 'seen', 1.0)")
    conn.execute("PRAGMA user_version = 2")
    conn.commit()
    conn.close()
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is None
        kept = [
            (a.at, a.skill, a.question, a.given, int(a.correct), a.hints, a.diagnosis)
            for a in store.answers()
        ]
        assert kept == old  # every old answer, in order, unchanged
        assert [a.rating for a in store.answers()] == [3, 1, 2, 3, 3]  # Good Again Hard Good Good
        assert store.hints_used("pooling") == 1
        assert store.lesson_status() == {"000-convolution": "seen"}
        # The skill's card is the fsrs package's after those reviews.
        scheduler = fsrs.Scheduler(enable_fuzzing=False)
        for skill in ("pooling", "output-size"):
            card = fsrs.Card(card_id=1, due=datetime.fromtimestamp(0, timezone.utc))
            for at, name, _, _, correct, hints, diagnosis in old:
                if name == skill:
                    rating = (
                        fsrs.Rating.Again
                        if not correct or diagnosis
                        else (fsrs.Rating.Hard if hints >= 2 else fsrs.Rating.Good)
                    )
                    when = datetime.fromtimestamp(at, timezone.utc)
                    card, _ = scheduler.review_card(card, rating, when)
            state = store.mastery()[skill]
            assert state.due == pytest.approx(card.due.timestamp())
            assert state.stability == pytest.approx(card.stability)
            assert state.difficulty == pytest.approx(card.difficulty)
            assert state.attempts == sum(1 for a in old if a[1] == skill)
        # New answers keep working on the migrated file.
        state = store.record_answer("pooling", "q", "1", True)
        assert state == after_answer(
            _before(old, "pooling"),
            correct=True,
            hints=0,
            now=state.last_seen or 0.0,
        )
    assert user_version(path) == SCHEMA_VERSION
    with ProgressStore.open(tmp_path) as again:
        assert len(again.answers()) == len(old) + 1


def _before(old: list[tuple[float, str, str, str, int, int, str | None]], skill: str) -> Any:
    """The skill's state replayed from the old answers (the migration's own rule)."""
    state = fresh(skill)
    for at, name, _, _, correct, hints, diagnosis in old:
        if name == skill:
            state = after_answer(
                state, correct=bool(correct), hints=hints, now=at, diagnosis=diagnosis
            )
    return state


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
