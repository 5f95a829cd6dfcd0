"""A seeded, bounded fuzz over the answer parser and the command line's arguments (issue 16).

What it asserts, for every generated input:

- only the project's own errors come out: :class:`~lessons.numbers.NumberError` and
  :class:`~lessons.quiz.answers.AnswerError` from the parsers; from ``tui.cli.main`` an exit
  code (argparse's usage error or a :class:`~tui.errors.CliError` it turned into one), never
  another exception;
- exit codes are 0, 1 or 2;
- each message is one line, names the argument (or the path) it is about, and holds no control
  character.

The examples are derandomized (the same ones on every run) and bounded in count; no test here
starts the app or trains: each command line is built so that it fails before either would.
"""

from __future__ import annotations

import contextlib
import io
import os
import string
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lessons.numbers import MAX_MAGNITUDE, NumberError, parse_number, quote
from lessons.quiz.answers import AnswerError, numeric_matches
from lessons.quiz.answers import parse_number as parse_answer
from lessons.quiz.model import Question
from tui.cli import main
from tui.commands._args import shown
from tui.terminal_text import has_control

FUZZ = settings(
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=100,
    suppress_health_check=[HealthCheck.too_slow],
)

WORDS = [
    "nan", "inf", "-inf", "1e308", "2**70", "-1", "0", "0,5", "0,55", "1_000", "0x10", "½",
    "١٢", "1e99999999999", "0.0000000000", "9.", ".", "-", "+", "1/0", "7/-9", " 7 / 9 ",
    "\x1b]0;pwned\x07", "[/]", "\n", "\t1", "1\r", "\u202e1", "",
]  # fmt: skip
"""Hand-picked hostile values, mixed into the generated ones."""

number_like = st.from_regex(
    r"[-+−]?[0-9]{0,45}(\.[0-9]{0,12})?([eE][-+]?[0-9]{1,5})?(/[0-9]{0,45})?", fullmatch=True
)
long_digits = st.integers(min_value=1, max_value=6000).map(lambda n: "9" * n)
long_fraction = st.integers(min_value=1, max_value=6000).map(lambda n: "1/" + "3" * n)
any_text = st.text(max_size=60)
values = st.one_of(st.sampled_from(WORDS), number_like, long_digits, long_fraction, any_text)


def one_clean_line(message: str) -> None:
    """One line, short enough to read, no control character."""
    assert "\n" not in message and "\r" not in message
    assert not has_control(message), ascii(message)
    assert len(message) <= 500


# ----------------------------------------------------------------------------- answers
@FUZZ
@given(values)
def test_the_number_parser_raises_only_its_own_error(text: str) -> None:
    try:
        number = parse_number(text)
    except NumberError as error:
        one_clean_line(str(error))
        if error.kind != "empty":
            assert quote(text.strip()) in str(error)  # names the text
        return
    assert abs(number.value) <= MAX_MAGNITUDE
    assert abs(float(number.value)) <= MAX_MAGNITUDE  # converts, never OverflowError


@FUZZ
@given(values, st.floats(min_value=-1e20, max_value=1e20, allow_nan=False))
def test_an_answer_is_judged_or_gets_a_gentle_message(text: str, expected: float) -> None:
    question = Question(
        skill="s", key="k", prompt="?", answer=expected, answer_text="", worked="", hints=()
    )
    verdict = question.check(text)  # never raises: the quiz goes on
    if verdict.kind == "invalid":
        assert verdict.message
        one_clean_line(verdict.message)
        assert len(verdict.message) < 120
    try:
        parsed = parse_answer(text)
    except AnswerError as error:
        one_clean_line(str(error))
        return
    assert isinstance(numeric_matches(parsed, expected), bool)
    assert isinstance(parsed.value, Fraction)


# ----------------------------------------------------------------------------- the CLI
def run_cli(argv: list[str]) -> tuple[int, str]:
    """``tui.cli.main(argv)`` in-process: its exit code and its stderr."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        try:
            code = main(argv)
        except SystemExit as exit_info:  # argparse's usage error
            assert isinstance(exit_info.code, int)
            code = exit_info.code
    assert code in (0, 1, 2)
    return code, err.getvalue()


def error_line(argv: list[str]) -> str:
    """The one error line a refused command line prints (exit 2)."""
    code, err = run_cli(argv)
    assert code == 2, (argv, err)
    assert err.endswith("\n") and err.count("\n") == 1, ascii(err)
    line = err[:-1]
    one_clean_line(line)
    assert line.startswith("cnn-tutor")
    return line


@pytest.fixture(autouse=True)
def empty_cwd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Run in an empty folder, so a generated relative path names nothing."""
    folder = tmp_path_factory.mktemp("cwd")
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield folder
    finally:
        os.chdir(before)


def exists(text: str) -> bool:
    try:
        return not text or os.path.lexists(text)
    except (ValueError, OSError):
        return False


TRAIN_OPTIONS = ["--lr", "--seed", "--epochs", "--batch-size"]


@FUZZ
@given(st.sampled_from(TRAIN_OPTIONS), values)
def test_train_numbers_fail_before_training_with_one_line(option: str, value: str) -> None:
    # --epochs 0 last: whatever the value, the command is refused before any training
    line = error_line(["train", "--headless", option, value, "--epochs", "0"])
    assert f"argument {option}:" in line or "argument --epochs:" in line


@FUZZ
@given(values)
def test_quiz_seed_fails_before_the_app_with_one_line(value: str) -> None:
    line = error_line(["quiz", "--seed", value, "--lessons", "missing-folder"])
    assert "argument --seed:" in line or "--lessons missing-folder: folder not found" in line


@FUZZ
@given(values, values, st.sampled_from(["120x40", "big", "30x8", "9999x9999", "80x24"]))
def test_export_arguments_fail_with_one_line(scene: str, step: str, size: str) -> None:
    line = error_line(
        [
            *["export", "000-convolution", "--scene", scene, "--step", step],
            *["--size", size, "-o", "missing-folder/x.svg"],
        ]
    )
    assert any(
        name in line for name in ("argument --scene:", "argument --step:", "--size", "cannot write")
    ), line


path_text = st.one_of(
    st.text(min_size=1, max_size=80),
    st.integers(min_value=200, max_value=6000).map(lambda n: "p" * n),
    st.sampled_from(["a\x00b", "\x1b]0;x\x07", "x[/]y", "a\nb", "missing/../x"]),
)


@FUZZ
@given(path_text)
def test_lessons_folders_are_checked_with_one_line(text: str) -> None:
    assume(not exists(text))
    line = error_line(["lessons", "--lessons", text])
    assert line.startswith(f"cnn-tutor: error: --lessons {shown(Path(text))}")


@FUZZ
@given(path_text)
def test_check_paths_are_checked_with_one_line(text: str) -> None:
    assume(not exists(text))
    line = error_line(["check", "--", text])
    assert line.startswith(f"cnn-tutor: error: {shown(Path(text))}")


@FUZZ
@given(
    st.lists(
        st.text(alphabet=string.printable + "\x1b\x07\x9b", max_size=12).filter(
            lambda word: not word.startswith("-")  # not -h: help is not an error
        ),
        max_size=4,
    )
)
def test_unknown_arguments_are_one_line(words: list[str]) -> None:
    code, err = run_cli(["lessons", "--no-such-option", *words, "--lessons", "missing-folder"])
    assert code == 2
    assert err.count("\n") == 1
    one_clean_line(err[:-1])
