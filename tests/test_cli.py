"""The command line: help, version, exit codes, and one line for each bad number or path."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui import __version__
from tui.cli import build_parser, main

SUBCOMMANDS = (
    "lessons",
    "check",
    "format",
    "new",
    "quiz",
    "progress",
    "step",
    "train",
    "export",
    "config",
    "serve",
)


def test_help_lists_every_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    for name in SUBCOMMANDS:
        assert name in out


@pytest.mark.parametrize("name", SUBCOMMANDS)
def test_every_subcommand_has_help(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([name, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert f"usage: cnn-tutor {name}" in out
    assert "--lessons DIR" in out


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"cnn-tutor {__version__}"


def test_unknown_subcommand_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_console_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "usage: cnn-tutor" in result.stdout


# ----------------------------------------------------------------------------- bad numbers
@pytest.fixture
def no_app(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail, instead of opening the tutor, if a command gets as far as running the app."""

    def refuse(*_: object, **__: object) -> None:
        raise AssertionError("the app must not start on a usage error")

    monkeypatch.setattr("textual.app.App.run", refuse)


def usage_error(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``argv``, expect argparse's exit 2, and return its one line on stderr."""
    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    return err.strip()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        # issue 16: these three printed tracebacks
        (["--lr", "1e308"], "argument --lr: must be a positive number at most 10, got '1e308'"),
        (["--seed", "-1"], "argument --seed: must be at least 0 and at most 4294967295, got '-1'"),
        (["--seed", "2**70"], "argument --seed: expected a whole number, got '2**70'"),
        (
            ["--seed", "1180591620717411303424"],  # 2**70 written out
            "must be at least 0 and at most 4294967295, got '1180591620717411303424'",
        ),
        (["--seed", "4294967296"], "argument --seed: must be at least 0 and at most 4294967295"),
        (["--lr", "0"], "argument --lr: must be a positive number at most 10, got '0'"),
        (["--lr", "10.5"], "argument --lr: must be a positive number at most 10"),
        (["--lr", "nan"], "argument --lr: expected a number such as 0.02, got 'nan'"),
        (["--lr", "inf"], "argument --lr: expected a number such as 0.02, got 'inf'"),
        (["--lr", "0,02"], "argument --lr: expected a number such as 0.02, got '0,02'"),
        (
            ["--epochs", "1001"],
            "argument --epochs: must be at least 1 and at most 1000, got '1001'",
        ),
        (["--epochs", "2.5"], "argument --epochs: expected a whole number, got '2.5'"),
        (["--epochs", "9" * 5000], "argument --epochs: must be at least 1 and at most 1000"),
        (["--batch-size", "0"], "argument --batch-size: must be at least 1 and at most 2048"),
        (["--batch-size", "4096"], "argument --batch-size: must be at least 1 and at most 2048"),
    ],
)
def test_train_refuses_bad_numbers_with_one_line(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str], no_app: None
) -> None:
    line = usage_error(["train", "--headless", *argv], capsys)
    assert line.startswith("cnn-tutor train: error: ")
    assert message in line
    assert line.endswith("(see 'cnn-tutor train --help')")
    assert len(line) < 200  # a 5,000-digit value is not quoted whole


@pytest.mark.parametrize(
    ("argv", "value"),
    [
        (["--seed", "7"], ("seed", 7)),
        (["--seed", "1e2"], ("seed", 100)),  # the one number parser's forms
        (["--seed", "4294967295"], ("seed", 2**32 - 1)),
        (["--lr", "1/50"], ("lr", 0.02)),
        (["--lr", "2e-2"], ("lr", 0.02)),
        (["--lr", "10"], ("lr", 10.0)),
        (["--epochs", "1000"], ("epochs", 1000)),
        (["--batch-size", "2048"], ("batch_size", 2048)),
    ],
)
def test_train_reads_numbers_with_the_one_parser(
    argv: list[str], value: tuple[str, object]
) -> None:
    args = build_parser().parse_args(["train", *argv])
    assert getattr(args, value[0]) == value[1]


def test_quiz_seed_is_bounded_too(capsys: pytest.CaptureFixture[str], no_app: None) -> None:
    line = usage_error(["quiz", "--seed", "-1"], capsys)
    assert "argument --seed: must be at least 0 and at most 4294967295, got '-1'" in line


@pytest.mark.parametrize("option", ["--scene", "--step"])
def test_export_scene_and_step_must_be_whole_numbers(
    option: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    line = usage_error(["export", "000-convolution", option, "1.5", "-o", "x.svg"], capsys)
    assert f"argument {option}: expected a whole number, got '1.5'" in line
    line = usage_error(["export", "000-convolution", option, "1" * 5000, "-o", "x.svg"], capsys)
    assert f"argument {option}: " in line and "far too large" in line and len(line) < 200


# ----------------------------------------------------------------------------- bad paths
EVERY_COMMAND = [
    pytest.param([], id="the-app"),
    pytest.param(["lessons"], id="lessons"),
    pytest.param(["check"], id="check"),
    pytest.param(["quiz"], id="quiz"),
    pytest.param(["progress"], id="progress"),
    pytest.param(["train"], id="train"),
    pytest.param(["export", "000-convolution", "-o", "OUT"], id="export"),
]


def command(argv: list[str], tmp_path: Path) -> list[str]:
    return [str(tmp_path / "x.svg") if a == "OUT" else a for a in argv]


@pytest.mark.parametrize("argv", EVERY_COMMAND)
def test_every_command_refuses_a_missing_lessons_folder(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], no_app: None
) -> None:
    """Issue 16: ``export --lessons DIR_THAT_DOES_NOT_EXIST`` succeeded silently (exit 0)."""
    missing = tmp_path / "no-such-folder"
    code = main([*command(argv, tmp_path), "--lessons", str(missing)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == f"cnn-tutor: error: --lessons {missing}: folder not found\n"
    assert not (tmp_path / "x.svg").exists()


@pytest.mark.parametrize("argv", EVERY_COMMAND)
def test_every_command_refuses_a_file_as_lessons_or_data_folder(
    argv: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str], no_app: None
) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder", encoding="utf-8")
    code = main([*command(argv, tmp_path), "--lessons", str(a_file)])
    assert code == 2
    assert capsys.readouterr().err == f"cnn-tutor: error: --lessons {a_file}: not a folder\n"
    code = main([*command(argv, tmp_path), "--data-dir", str(a_file)])
    assert code == 2
    assert capsys.readouterr().err == f"cnn-tutor: error: --data-dir {a_file}: not a folder\n"


LONG = "x" * 5000


@pytest.mark.parametrize(
    ("argv", "start"),
    [
        (["check", LONG], "cnn-tutor: error: xxx"),
        (["lessons", "--lessons", LONG], "cnn-tutor: error: --lessons xxx"),
        (["progress", "--data-dir", LONG], "cnn-tutor: error: --data-dir xxx"),
        (["export", "000-convolution", "-o", LONG], "cnn-tutor: error: cannot write xxx"),
        (["check", "nul\x00byte.yaml"], "cnn-tutor: error: nul\\x00byte.yaml"),
        (["lessons", "--lessons", "nul\x00byte"], "cnn-tutor: error: --lessons nul\\x00byte"),
    ],
)
def test_impossible_paths_are_one_line_errors(
    argv: list[str], start: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 5,000-character path (ENAMETOOLONG) gave a traceback; so did a NUL byte."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(start)
    assert err.count("\n") == 1 and len(err) < 300 and "\x00" not in err


def test_check_refuses_a_fifo_instead_of_hanging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fifo = tmp_path / "lesson.yaml"
    os.mkfifo(fifo)
    assert main(["check", str(fifo)]) == 2
    assert capsys.readouterr().err == f"cnn-tutor: error: {fifo}: not a lesson file or folder\n"


# ----------------------------------------------------------------------------- export -o
def test_export_replaces_a_symlink_instead_of_writing_through_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 16: ``-o`` followed a symlink and overwrote its target without a word."""
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "edges.svg"
    link.symlink_to(target)
    assert main(["export", "000-convolution", "--size", "100x30", "-o", str(link)]) == 0
    out = capsys.readouterr().out
    assert target.read_text(encoding="utf-8") == "keep me"
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8").startswith("<svg")
    assert out.startswith(f"wrote {link} (100x30, 000-convolution scene 1 step 0)")
    assert f"replaced the symbolic link to {target}; its target is untouched" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edges.svg", "precious.txt"]


def test_export_that_cannot_rename_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    old = tmp_path / "edges.svg"
    old.write_text("the old export", encoding="utf-8")

    def full_disk(*_: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert main(["export", "000-convolution", "--size", "100x30", "-o", str(old)]) == 2
    assert capsys.readouterr().err == (
        f"cnn-tutor: error: cannot write {old}: No space left on device\n"
    )
    assert old.read_text(encoding="utf-8") == "the old export"
    assert [p.name for p in tmp_path.iterdir()] == ["edges.svg"]


def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    line = usage_error(["export"], capsys)
    assert line == (
        "cnn-tutor export: error: the following arguments are required: LESSON_ID, -o/--output "
        "(see 'cnn-tutor export --help')"
    )
