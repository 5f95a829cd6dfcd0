"""Plain-text mode: ``quiz --plain`` scripted through standard input, ``step --plain``
transcripts, what both record, and a session killed midway losing no committed answer."""

from __future__ import annotations

import io
import json
import re
import shlex
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest

import engine
from lessons.quiz.catalog import quiz_sources
from lessons.quiz.model import Question
from lessons.quiz.schedule import SkillMastery, after_answer, fresh
from lessons.quiz.session import QuizSession
from tui.cli import main
from tui.commands import quiz as quiz_command
from tui.commands import step as step_command
from tui.progress.store import ProgressStore

REPO = Path(__file__).resolve().parent.parent
ESCAPES_OR_BOXES = re.compile("[\x1b\u2500-\u259f]")  # escape codes, box drawing, block bars


class MemoryLog:
    """Enough of a ProgressLog to draw the same questions the command will."""

    def __init__(self) -> None:
        self.states: dict[str, SkillMastery] = {}

    @property
    def clock(self) -> Callable[[], float]:
        return lambda: 0.0

    def record_answer(self, skill: str, *args: object, **kwargs: object) -> SkillMastery:
        state = after_answer(fresh(skill), correct=True, hints=0, now=0.0)
        self.states[skill] = state
        return state

    def record_hint(self, *args: object) -> None:
        pass

    def hints_used(self, skill: str | None = None) -> int:
        return 0

    def mastery(self) -> dict[str, SkillMastery]:
        return {}


def questions(skill: str, seed: int, count: int) -> list[Question]:
    """The first ``count`` questions a one-skill session with ``seed`` asks."""
    session = QuizSession(MemoryLog(), quiz_sources([], skill=skill), seed=seed)
    asked = []
    for _ in range(count):
        asked.append(session.next_question())
        session.answer(asked[-1].answer_text)
    return asked


def run(
    argv: list[str], stdin: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(argv)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_scripted_plain_quiz_gives_feedback_hints_and_diagnosis_and_records_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second, third = questions("output-size", 3, 3)
    assert isinstance(first.answer, float)
    script = "\n".join(
        [
            f"{first.answer + 1:g}",  # one too high
            "?",
            "hint",
            second.answer_text,  # right after two hints
            "seven",  # garbage
            third.answer_text,
        ]
    )
    argv = ["quiz", "--plain", "--skill", "output-size", "--seed", "3", "--data-dir", str(tmp_path)]
    code, out, err = run(argv, script + "\n", monkeypatch, capsys)
    assert code == 0 and err == ""
    assert not ESCAPES_OR_BOXES.search(out)
    lines = out.splitlines()
    assert "Question 1 (Output size):" in lines and "Question 4 (Output size):" in lines
    assert first.prompt.splitlines()[0] in lines
    assert f"Not quite: you answered {first.answer + 1:g}." in lines
    assert any(line.startswith("One too high:") for line in lines)  # the diagnosis, this side
    assert f"Answer: {first.answer_text}" in lines and f"Worked: {first.worked}" in lines
    assert f"Hint 1: {second.hints[0]}" in lines and f"Hint 2: {second.hints[1]}" in lines
    assert "Right! (with 2 hints)" in lines
    assert any("'seven' is not a number" in line for line in lines)  # the app's gentle message
    assert lines.count("Right!") == 1  # the third, with no hints
    assert "Session: 2 right, 1 wrong, 2 hints (3 answered)." in lines  # end of input: summary

    code, out, _ = run(["progress", "--json", "--data-dir", str(tmp_path)], "", monkeypatch, capsys)
    assert code == 0
    document = json.loads(out)
    (row,) = [r for r in document["skills"] if r["skill"] == "output-size"]
    assert (row["reviews"], row["correct"], row["hints"]) == (3, 2, 2)
    assert row["stability"] > 0 and 1 <= row["difficulty"] <= 10
    assert 0 <= row["retrievability"] <= 1 and row["due"].endswith("+00:00")
    with ProgressStore.open(tmp_path) as store:
        answers = store.answers()
        state = store.mastery()["output-size"]
    assert [a.rating for a in answers][:2] == [1, 2]  # Again (diagnosed), Hard (two hints)
    assert answers[2].rating in (3, 4)  # Good, or Easy when typed within 15 s
    assert [a.diagnosis for a in answers] == ["off-by-one", None, None]
    due = datetime.fromtimestamp(state.due, timezone.utc).isoformat(timespec="seconds")
    assert row["due"] == due and row["stability"] == pytest.approx(state.stability)  # the store's


def test_quit_and_end_of_input_end_cleanly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["quiz", "--plain", "--skill", "pooling", "--seed", "1", "--data-dir", str(tmp_path)]
    code, out, err = run(argv, "", monkeypatch, capsys)  # nothing at all
    assert code == 0 and err == "" and "Session: 0 right, 0 wrong, 0 hints (0 answered)." in out
    code, out, _ = run(argv, "q\n", monkeypatch, capsys)
    assert code == 0 and "Session: 0 right" in out


def test_a_plain_review_says_when_nothing_is_due(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["quiz", "--plain", "--review", "--data-dir", str(tmp_path)]
    code, out, _ = run(argv, "", monkeypatch, capsys)
    assert code == 0 and "Nothing else is due for review." in out


KILLED = ["-m", "tui", "quiz", "--plain", "--skill", "output-size", "--seed", "5"]


def test_a_plain_session_killed_midway_keeps_every_answer_it_gave_feedback_for(
    tmp_path: Path,
) -> None:
    proc = subprocess.Popen(
        [sys.executable, *KILLED, "--data-dir", str(tmp_path)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    told = 0
    try:
        while told < 4:
            line = proc.stdout.readline()
            assert line, "the quiz ended early"
            if line.startswith("Your answer"):
                proc.stdin.write("999\n")  # wrong: recorded, then its feedback is written
                proc.stdin.flush()
            elif line.startswith("Answer: "):
                told += 1
    finally:
        proc.kill()
        proc.wait(timeout=60)
    with ProgressStore.open(tmp_path) as store:
        assert store.notice is None
        answers = store.answers("output-size")
    assert len(answers) >= told == 4
    assert all(a.given == "999" and not a.correct for a in answers)


def test_step_plain_prints_each_window_the_engine_computes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["step", "000-convolution", "--scene", "2", "--plain", "--data-dir", str(tmp_path)]
    code, out, err = run(argv, "", monkeypatch, capsys)
    assert code == 0 and err == ""
    assert not ESCAPES_OR_BOXES.search(out)
    x = [[3, 7, 9, 1, 0, 4], [8, 1, 3, 3, 3, 0], [7, 4, 6, 4, 4, 6],
         [4, 4, 1, 9, 3, 6], [9, 8, 4, 9, 4, 3], [7, 5, 2, 3, 3, 1]]  # fmt: skip
    k = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]
    trace = engine.trace_correlate2d(x, k)
    lines = [line.strip() for line in out.splitlines()]
    for index, step in enumerate(trace):
        assert (
            f"Step {index + 1} of 16: window at rows {step.window[0].start + 1}–"
            f"{step.window[0].stop}, columns {step.window[1].start + 1}–{step.window[1].stop}"
            in lines
        )
        assert step.text in lines
    # After step 3, the first row reads 0 4 11 and a dot: the slide's first three cells.
    third = lines.index(trace[2].text)
    assert lines[third + 1] == "Output so far:"
    assert lines[third + 2].split() == ["0", "4", "11", "."]
    with ProgressStore.open(tmp_path) as store:
        assert store.scenes_finished("000-convolution") == {1}
        assert store.last_position() == ("000-convolution", 1, 16)
        assert store.lesson_status() == {"000-convolution": "seen"}  # one scene is not the lesson


def test_step_plain_of_a_photograph_prints_the_output_once_not_after_every_window(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """060's Sobel y scene has 15,876 windows over a 126x126 output: reprinting the output
    after each one wrote about 2 million lines (the command ran for minutes)."""
    import numpy as np

    from lessons.pictures import load_picture

    argv = ["step", "060-photographs", "--scene", "5", "--plain", "--data-dir", str(tmp_path)]
    code, out, err = run(argv, "", monkeypatch, capsys)
    assert code == 0 and err == ""
    lines = [line.strip() for line in out.splitlines()]
    steps = [line for line in lines if re.match(r"Step \d+ of 15876: window at", line)]
    assert len(steps) == 126 * 126
    assert "Output so far:" not in lines
    assert "(The 126x126 output is printed once, after the last window.)" in lines
    output = lines.index("Output:")
    assert len([line for line in lines[output + 1 :] if line]) >= 126
    # the first window's arithmetic, recomputed from the photograph with Sobel y
    x = load_picture("camera")
    sobel_y = np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])
    first = int((x[:3, :3] * sobel_y).sum())
    step_one = lines.index("Step 1 of 15876: window at rows 1–3, columns 1–3")
    assert lines[step_one + 1].endswith(f"= {first}")


def test_step_plain_writes_the_narration_without_markdown_marks_or_a_blank_step_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Scene 2's narration is 'Step {step} of {steps}: {text}' between two paragraphs, and says
    # "its left column is `1`" and "a **vertical edge** detector" in Markdown.
    argv = ["step", "000-convolution", "--scene", "2", "--plain", "--data-dir", str(tmp_path)]
    code, out, _ = run(argv, "", monkeypatch, capsys)
    assert code == 0
    assert "a vertical edge detector" in " ".join(out.split())
    assert "its right column -1:" in out
    assert not re.search(r"\*\*|`", out)
    assert "Step 0 of 16" not in out  # each step's arithmetic is printed with its window
    lines = out.splitlines()
    assert sum(line.startswith("Step ") for line in lines) == 16


def test_step_plain_lists_a_text_scenes_bullets_as_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["step", "050-backprop", "--scene", "1", "--plain", "--data-dir", str(tmp_path)]
    code, out, _ = run(argv, "", monkeypatch, capsys)
    assert code == 0
    bullets = [line for line in out.splitlines() if line.startswith("- ")]
    assert [line.split()[1] for line in bullets] == ["∂L/∂w", "∂L/∂x", "∂L/∂b"]
    assert "**" not in out


def test_step_plain_of_every_scene_finishes_the_lesson(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["step", "040-torch-layers", "--plain", "--data-dir", str(tmp_path)]
    code, out, _ = run(argv, "", monkeypatch, capsys)
    assert code == 0 and not ESCAPES_OR_BOXES.search(out)
    with ProgressStore.open(tmp_path) as store:
        assert store.lesson_status() == {"040-torch-layers": "done"}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["step", "no-such-lesson", "--plain"], "unknown lesson 'no-such-lesson'"),
        (["step", "000-convolution", "--scene", "99", "--plain"], "--scene 99 is out of range"),
    ],
)
def test_step_bad_arguments_are_one_line(
    argv: list[str],
    message: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(argv, "", monkeypatch, capsys)
    assert code == 2 and message in err and err.count("\n") == 1 and out == ""


def _examples(epilog: str) -> list[tuple[list[str], str]]:
    """The ``--plain`` examples of a command's help: argv and what they pipe in."""
    found = []
    for line in epilog.splitlines():
        text = line.strip()
        if "--plain" not in text or "cnn-tutor" not in text:
            continue
        piped = ""
        if text.startswith("printf"):
            printed, text = text.split("|", 1)
            piped = shlex.split(printed)[1].replace("\\n", "\n")
        command = text.split("  ")[0].strip()
        found.append((shlex.split(command)[1:], piped))
    return found


@pytest.mark.parametrize("epilog", [quiz_command.EPILOG, step_command.EPILOG], ids=["quiz", "step"])
def test_the_help_examples_run(
    epilog: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    examples = _examples(epilog)
    assert examples
    for argv, piped in examples:
        code, out, err = run([*argv, "--data-dir", str(tmp_path)], piped, monkeypatch, capsys)
        assert code == 0, (argv, err)
        assert out and not ESCAPES_OR_BOXES.search(out)


def test_the_summary_tells_a_wrong_answer_from_a_right_one_by_recall_in_a_day(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Right after any answer FSRS's recall *now* is 100 %, so the summary also gives the chance a
    # day on: after Again (a wrong answer) the card's stability is lower than after Good.
    (question,) = questions("output-size", 3, 1)
    assert isinstance(question.answer, float)
    in_a_day: dict[str, int] = {}
    for name, answer in (("wrong", f"{question.answer + 1:g}"), ("right", question.answer_text)):
        argv = ["quiz", "--plain", "--skill", "output-size", "--seed", "3"]
        argv += ["--data-dir", str(tmp_path / name)]
        code, out, _ = run(argv, answer + "\nq\n", monkeypatch, capsys)
        assert code == 0
        (line,) = [x for x in out.splitlines() if x.startswith("Output size: recall")]
        found = re.search(r"recall 100% now, (\d+)% in a day", line)
        assert found, line
        in_a_day[name] = int(found.group(1))
    assert in_a_day["wrong"] < in_a_day["right"] < 100
