"""Hostile lesson files: each is one ``LessonError`` line at its position, never a crash or a hang.

Every case here crashed, hung or leaked before the loader's limits (issue 16): a ``RecursionError``
in the YAML composer, Python's 4,300-digit limit on integer conversion, a ``MemoryError`` from a
"same" correlation with a huge kernel, an ``IndexError`` in the quiz, a FIFO that blocks ``open``,
a traceback for a name too long, and terminal escapes passed through. Lines and columns were
counted by hand in the fixture texts.
"""

from __future__ import annotations

import errno
import json
import os
import re
import threading
import tracemalloc
from pathlib import Path

import pytest
from lesson_helpers import MINIMAL, write

from lessons import LessonError, load_all, load_file, load_paths, load_text

HEAD = """\
id: hostile
title: Hostile
deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344}
summary: S
scenes:
"""
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def error_of(text: str) -> LessonError:
    with pytest.raises(LessonError) as info:
        load_text(text, "hostile.yaml")
    return info.value


def located(error: LessonError) -> tuple[int, int]:
    return error.line, error.column


# ---------------------------------------------------------------------------- nesting
@pytest.mark.parametrize(
    ("value", "column"),
    [
        ("[" * 600 + "1" + "]" * 600, 73),  # input is level 4: the 65th '[' is column 12 + 61
        ("[" * 10_000 + "1" + "]" * 10_000, 73),
        ("{a: " * 10_000 + "1" + "}" * 10_000, 12 + 60 * 4 + 1),  # the 61st map's key
    ],
    ids=["600 lists", "10000 lists", "10000 mappings"],
)
def test_deep_nesting_is_refused_at_the_first_level_too_deep(value: str, column: int) -> None:
    error = error_of(HEAD + f"  - kind: relu\n    input: {value}\n")
    assert located(error) == (7, column)
    assert error.message == "nested too deeply: a lesson file nests at most 64 levels"


def test_a_deep_file_does_not_stop_the_good_lessons(tmp_path: Path) -> None:
    write(tmp_path, "500-deep.yaml", HEAD + "  - kind: relu\n    input: " + "[" * 5000 + "\n")
    write(tmp_path, "501-mini.yaml", MINIMAL)
    result = load_all([tmp_path])
    assert "000-convolution" in [lesson.id for lesson in result.lessons]
    assert result.by_id("mini") is not None
    assert [e.path.name for e in result.errors] == ["500-deep.yaml"]


def test_nesting_within_the_limit_still_reaches_the_schema() -> None:
    error = error_of(HEAD + "  - kind: relu\n    input: " + "[" * 20 + "1" + "]" * 20 + "\n")
    assert located(error) == (7, 19)  # the grid's 8th '['
    assert error.message == "input is nested too deeply (at most 6 levels)"


# ---------------------------------------------------------------------------- numbers
def test_a_5000_digit_integer_is_refused_where_it_is() -> None:
    error = error_of(HEAD + "  - kind: relu\n    input: [1, " + "9" * 5000 + "]\n")
    assert located(error) == (7, 16)
    assert error.message == (
        "number 999999999999... is 5000 characters long; a lesson number has at most 40"
    )


def test_a_5000_digit_number_in_a_text_grid_is_refused_too() -> None:
    error = error_of(HEAD + "  - kind: relu\n    input: |\n      1 " + "9" * 5000 + "\n")
    assert error.line == 8
    assert "input row 1, column 2" in error.message


# ---------------------------------------------------------------------------- work
def scene_line(scene: dict[str, object]) -> str:
    return HEAD + "  - " + json.dumps(scene) + "\n"


def block(rows: int, columns: int) -> str:
    """A YAML block of ones, ``rows`` x ``columns``, indented for a scene's key."""
    return "|\n" + "".join("      " + " ".join(["1"] * columns) + "\n" for _ in range(rows))


def test_same_padding_with_a_huge_kernel_is_refused_before_allocating() -> None:
    """A 100x100 kernel at every cell of a 120x120 "same" correlation: 144,000,000 multiply-adds
    (once 1.1 GiB of copied windows); issue 16's 200x200 kernel asked NumPy for 11.9 GiB."""
    text = HEAD + (
        f"  - kind: correlate2d\n    input: {block(120, 120)}    kernel: {block(100, 100)}"
        "    padding: same\n"
    )
    tracemalloc.start()
    try:
        error = error_of(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # without the padding the 21x21 windows would fit: the engine blames the padding, whose
    # line follows the head (5), the scene's kind and input lines (2), 120 rows, the kernel's
    # line and its 100 rows
    assert located(error) == (5 + 2 + 120 + 1 + 100 + 1, 14)
    assert error.message.startswith(
        f"kernel 1x1x100x100 at 120x120 positions takes {100 * 100 * 120 * 120} multiply-adds"
    )
    assert peak < 64 * 2**20, f"peak {peak / 2**20:.0f} MiB"


def test_work_beyond_a_lesson_but_within_the_engine_is_refused_too() -> None:
    """A 50x50 kernel at every cell of a 100x100 "same" correlation: 25,000,000 multiply-adds.

    Without the padding it would fit (51x51 windows: 6,502,500), so the padding is blamed.
    """
    text = scene_line(
        {
            "kind": "correlate2d",
            "input": [[1] * 100] * 100,
            "kernel": [[1] * 50] * 50,
            "padding": "same",
        }
    )
    error = error_of(text)
    assert error.line == 6
    assert error.column == text.split("\n")[5].index('"same"') + 1
    assert error.message == (
        "kernel 1x1x50x50 at 100x100 positions takes 25000000 multiply-adds, more than the "
        "20000000 a lesson may take"
    )


# ---------------------------------------------------------------------------- quiz
def test_a_quiz_cell_outside_the_output_is_refused_with_the_output_shape() -> None:
    text = MINIMAL + "    quiz:\n      - ask: Which?\n        cell: [100, 100]\n"
    error = error_of(text)
    assert located(error) == (18, 15)
    assert error.message == (
        "quiz question 1: cell [100, 100] (row 101, column 101, counting from 1) is outside "
        "the 1x2 output"
    )


def test_a_quiz_cell_of_a_pipeline_is_checked_against_its_last_output() -> None:
    text = HEAD + (
        "  - kind: pipeline\n"
        "    input: [[1, 2], [3, 4]]\n"
        "    stages: [{kind: flatten}]\n"
        "    quiz: [{ask: Q, cell: [4]}]\n"
    )
    error = error_of(text)
    assert located(error) == (9, 27)
    assert (
        error.message
        == "quiz question 1: cell [4] (column 5, counting from 1) is outside the 4 output"
    )


# ---------------------------------------------------------------------------- files
def _load_within(path: Path, seconds: float = 60.0) -> LessonError:
    """Load ``path`` on a thread; a load still blocked after ``seconds`` fails the test."""
    outcome: list[BaseException] = []

    def target() -> None:
        try:
            load_file(path)
        except BaseException as error:
            outcome.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():  # unblock the reader so the thread ends, then fail
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"loading {path.name} still blocked after {seconds} s")
    assert len(outcome) == 1 and isinstance(outcome[0], LessonError), outcome
    return outcome[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "lesson.yaml"
    os.mkfifo(fifo)
    error = _load_within(fifo)
    assert located(error) == (1, 1)
    assert error.message == "not a regular file (a FIFO): a lesson is a plain file"
    assert load_paths([fifo]).errors == [error]


def test_a_fifo_in_a_lesson_folder_is_skipped(tmp_path: Path) -> None:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    os.mkfifo(tmp_path / "500-fifo.yaml")
    write(tmp_path, "501-mini.yaml", MINIMAL)
    result = load_paths([tmp_path])
    assert [lesson.id for lesson in result.lessons] == ["mini"] and result.errors == []


def test_a_name_too_long_is_one_line(tmp_path: Path) -> None:
    long = tmp_path / ("a" * 5000 + ".yaml")
    with pytest.raises(LessonError) as info:
        load_file(long)
    assert info.value.message == f"cannot read: {os.strerror(errno.ENAMETOOLONG)}"
    result = load_paths([long])
    assert [e.message for e in result.errors] == [info.value.message]


# ---------------------------------------------------------------------------- escapes
ESCAPES = '"\\e]0;pwned\\a\\e[31mred\\e[0m \\x9b2J\\x07\\r\\x00"'


def test_control_characters_are_removed_from_every_string() -> None:
    text = (
        HEAD.replace("title: Hostile", f"title: {ESCAPES}")
        + f"  - kind: text\n    title: {ESCAPES}\n    narration: {ESCAPES}\n"
    )
    lesson = load_text(text, "hostile.yaml")
    for value in (lesson.title, lesson.scenes[0].title, lesson.scenes[0].narration):
        assert value == "]0;pwned[31mred[0m 2J"


def test_tabs_and_newlines_stay() -> None:
    text = HEAD + '  - kind: text\n    narration: "one\\ttwo\\nthree"\n'
    assert load_text(text, "x.yaml").scenes[0].narration == "one\ttwo\nthree"


def test_a_key_with_a_control_character_is_refused() -> None:
    error = error_of(HEAD + '  - kind: text\n    "narr\\eation": x\n')
    assert located(error) == (7, 5)
    assert error.message == "keys must be plain words such as 'kernel'"


def test_messages_quote_no_control_characters(tmp_path: Path) -> None:
    text = (
        HEAD
        + f"  - kind: correlate2d\n    input: [[1]]\n    kernel: [[1]]\n    stride: {ESCAPES}\n"
    )
    error = error_of(text)
    assert error.message.startswith("stride must be a positive whole number")
    assert not CONTROL.search(str(error))
    named = write(tmp_path, "bad\x1b]0;x\x07.yaml", "id: [\n")
    shown = str(load_paths([named]).errors[0])
    assert not CONTROL.search(shown)
    assert "bad\\x1b]0;x\\x07.yaml:" in shown
