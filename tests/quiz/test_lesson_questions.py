"""The lessons' own quiz questions, the quiz's lesson/skill selection, and the two commands."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from lessons import load_all, load_paths
from lessons.quiz.catalog import SelectionError, quiz_sources
from lessons.quiz.lesson_questions import lesson_generator, lesson_items, lesson_question
from tui.cli import main
from tui.progress.store import ProgressStore

# Deck 000's first rows and its vertical-edge kernel; deck 002's conv layer (10 5x5x3 filters).
LESSON = """\
id: zz-quiz
title: Quiz test
deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344}
summary: A lesson with questions of every sort.
scenes:
  - kind: correlate2d
    input: |
      3 7 9 1
      8 1 3 3
      7 4 6 4
    kernel: |
      1 0 -1
      1 0 -1
      1 0 -1
    quiz:
      - ask: What is the second output cell?
        cell: [0, 1]
        hint: Slide the window one column right.
      - ask: Is this a convolution or a cross-correlation?
        answer: cross-correlation
        choices: [convolution, cross-correlation]
  - kind: param-count
    layer: conv
    in_channels: 3
    filters: 10
    kernel_size: [5, 5]
    quiz:
      - ask: How many parameters does this layer have?
  - kind: text
    narration: Words only.
    quiz:
      - ask: What does ReLU output for -3?
        answer: "0"
      - ask: Which pooling keeps the largest value?
        answer: max pooling
"""


@pytest.fixture
def lesson_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "lessons"
    folder.mkdir()
    (folder / "zz-quiz.yaml").write_text(LESSON, encoding="utf-8")
    return folder


@pytest.fixture
def lessons(lesson_dir: Path) -> list[object]:
    result = load_paths([lesson_dir / "zz-quiz.yaml"])
    assert result.errors == []
    return list(result.lessons)


def questions(lessons: list[object]) -> dict[str, object]:
    return {item.key: lesson_question(item) for item in lesson_items(lessons)}


def test_cell_question_is_answered_by_the_engine_as_torch_does(lessons: list[object]) -> None:
    q = questions(lessons)["lesson:zz-quiz:1:1"]
    x = torch.tensor([[3, 7, 9, 1], [8, 1, 3, 3], [7, 4, 6, 4]], dtype=torch.float64)
    k = torch.tensor([[1, 0, -1]] * 3, dtype=torch.float64)
    expected = float(F.conv2d(x[None, None], k[None, None])[0, 0, 0, 1])
    assert q.answer == expected  # type: ignore[attr-defined]
    assert q.check("4").right  # type: ignore[attr-defined]
    assert q.hints[0].startswith("Slide the window one column right.")  # type: ignore[attr-defined]


def test_choice_question_by_key_or_by_text(lessons: list[object]) -> None:
    q = questions(lessons)["lesson:zz-quiz:1:2"]
    assert q.check("b").right  # type: ignore[attr-defined]
    assert q.check("Cross-Correlation").right  # type: ignore[attr-defined]
    assert q.check("a").kind == "wrong"  # type: ignore[attr-defined]
    assert q.check("maybe").kind == "invalid"  # type: ignore[attr-defined]


def test_param_count_question_computes_deck_002s_760(lessons: list[object]) -> None:
    q = questions(lessons)["lesson:zz-quiz:2:1"]
    layer = torch.nn.Conv2d(3, 10, 5)
    assert q.answer == sum(p.numel() for p in layer.parameters()) == 760  # type: ignore[attr-defined]


def test_numeric_and_word_answers(lessons: list[object]) -> None:
    qs = questions(lessons)
    relu = qs["lesson:zz-quiz:3:1"]
    assert relu.check("0").right and relu.check("0.0").right  # type: ignore[attr-defined]
    assert relu.check("-3").kind == "wrong"  # type: ignore[attr-defined]
    pool = qs["lesson:zz-quiz:3:2"]
    assert pool.check("Max  Pooling").right  # type: ignore[attr-defined]
    assert pool.check("average pooling").kind == "wrong"  # type: ignore[attr-defined]
    assert pool.check("  ").kind == "invalid"  # type: ignore[attr-defined]


def test_generator_draws_every_question_over_seeds(lessons: list[object]) -> None:
    generate = lesson_generator(lessons)
    assert generate is not None
    keys = {generate(seed).key for seed in range(60)}
    assert keys == set(questions(lessons))
    assert lesson_generator([]) is None


def test_selection_by_lesson_and_skill(lessons: list[object]) -> None:
    sources = quiz_sources(lessons, lesson="zz-quiz")
    # The lesson's own questions plus the families its scenes practise.
    assert "lesson" in sources and "next-cell" in sources and "param-count" in sources
    assert "pooling" not in sources
    assert list(quiz_sources(lessons, skill="pooling")) == ["pooling"]
    with pytest.raises(SelectionError, match="unknown lesson 'nope'"):
        quiz_sources(lessons, lesson="nope")
    with pytest.raises(SelectionError, match="unknown skill 'nope'"):
        quiz_sources(lessons, skill="nope")
    with pytest.raises(SelectionError, match="no questions"):
        quiz_sources(lessons, lesson="zz-quiz", skill="pooling")


# ----------------------------------------------------------------------------- commands


def run_cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_quiz_command_rejects_unknown_lesson_and_skill(
    lesson_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(["quiz", "--lessons", str(lesson_dir), "--skill", "juggling"], capsys)
    assert code == 2
    assert err.strip().count("\n") == 0 and "unknown skill 'juggling'" in err
    code, _, err = run_cli(["quiz", "--lessons", str(lesson_dir), "--lesson", "nope"], capsys)
    assert code == 2 and "unknown lesson 'nope'" in err and "zz-quiz" in err


def test_progress_prints_mastery_per_skill(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with ProgressStore.open(tmp_path) as store:
        store.record_answer("pooling", "q1", "8", True)
        store.record_answer("pooling", "q2", "5", False)
        store.record_answer("output-size", "q3", "3", True)
        store.record_hint("output-size", "q3", 1)
        store.mark_done("000-edges")
    code, out, _ = run_cli(["progress", "--data-dir", str(tmp_path)], capsys)
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
    assert "1/2" in lines["pooling"] and "1/1" in lines["output-size"]
    with ProgressStore.open(tmp_path) as store:
        known = store.mastery()
    for skill in ("pooling", "output-size"):  # the FSRS numbers the store holds
        assert f"{known[skill].stability:.1f}d" in lines[skill]
        assert f"{known[skill].difficulty:.1f}" in lines[skill]
    assert "100%" in lines["output-size"]  # reviewed today: FSRS recall is 1
    assert "in 10 min" in lines["output-size"] and "in 1 min" in lines["pooling"]
    assert " 0%" in lines["next-cell"]  # skills never practised are listed too
    assert "Lessons: 1 done, 0 seen." in out


def test_progress_reset_needs_yes_without_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with ProgressStore.open(tmp_path) as store:
        store.record_answer("pooling", "q1", "8", True)
        store.record_answer("kernel-flip", "q2", "1", True)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run_cli(["progress", "--data-dir", str(tmp_path), "--reset"], capsys)
    assert code == 2 and "--yes" in err and err.count("\n") == 1
    code, out, _ = run_cli(
        ["progress", "--data-dir", str(tmp_path), "--reset", "--skill", "pooling", "--yes"],
        capsys,
    )
    assert code == 0 and "Reset" in out
    with ProgressStore.open(tmp_path) as store:
        assert set(store.mastery()) == {"kernel-flip"}
    code, _, err = run_cli(
        ["progress", "--data-dir", str(tmp_path), "--reset", "--skill", "juggling", "--yes"],
        capsys,
    )
    assert code == 2 and "unknown skill 'juggling'" in err


class FakeTty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("reply", "erased"), [("n\n", False), ("y\n", True)])
def test_progress_reset_asks_first(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    reply: str,
    erased: bool,
) -> None:
    with ProgressStore.open(tmp_path) as store:
        store.record_answer("pooling", "q1", "8", True)
    monkeypatch.setattr(sys, "stdin", FakeTty(reply))
    code, out, _ = run_cli(["progress", "--data-dir", str(tmp_path), "--reset"], capsys)
    assert code == 0
    assert "Erase ALL progress" in out
    with ProgressStore.open(tmp_path) as store:
        assert (store.mastery() == {}) is erased


BUILTIN = lesson_items(load_all().lessons)


@pytest.mark.parametrize("entry", BUILTIN, ids=lambda entry: entry.key)
def test_every_builtin_lesson_question_agrees_with_the_lessons_answer(entry: object) -> None:
    """Each shipped question converts, and the lesson's own answer text counts as right."""
    from lessons.answers import resolve_answer

    q = lesson_question(entry)  # type: ignore[arg-type]
    expected = resolve_answer(entry.scene, entry.item)  # type: ignore[attr-defined]
    if q.is_choice:
        (chosen,) = [c for c in q.choices if c.key == q.answer]
        assert chosen.text == expected.text
    elif expected.value is not None:
        assert q.answer == pytest.approx(expected.value)
    assert q.check(expected.text).right
    assert q.hints and q.worked


def test_cell_on_a_one_row_output_reads_it_as_a_row(tmp_path: Path) -> None:
    """A 1-D correlation of one channel gives a 1xN output; ``cell: [k]`` means its k-th value."""
    text = (
        "id: zz-row\ntitle: Row\ndeck: {file: 001_3ba8103bb2682906.txt, course: CS}\n"
        "summary: s\nscenes:\n  - kind: correlate1d\n    input: [[0, 0, 1, 0, 0]]\n"
        "    kernel: [[1, 0, -1]]\n    quiz:\n      - ask: Third output?\n        cell: [2]\n"
    )
    (tmp_path / "zz-row.yaml").write_text(text, encoding="utf-8")
    result = load_paths([tmp_path / "zz-row.yaml"])
    assert result.errors == []
    (item,) = lesson_items(result.lessons)
    q = lesson_question(item)
    signal = torch.tensor([[[0.0, 0, 1, 0, 0]]])
    expected = float(F.conv1d(signal, torch.tensor([[[1.0, 0, -1]]]))[0, 0, 2])
    assert q.answer == expected == 1.0
