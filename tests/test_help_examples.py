"""Every example printed by every ``--help`` runs, as written, and succeeds.

The examples are read from the help texts themselves, so an example added tomorrow is run too.
Commands that print (``lessons``, ``check``, ``progress``, ``export``, ``train --headless``) run
in a subprocess, in a scratch folder and data folder; the ones that open the tutor's screens run
in-process with the app's ``run`` replaced, so the test sees them get that far with exit 0.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from tui.cli import build_parser, main

EXAMPLE = re.compile(r"^\s+(cnn-tutor(?: \S+)*?)(?:\s{2,}.*)?$")
PRINTING = ("lessons", "check", "progress", "export", "format", "new")


def _help_texts() -> dict[str, str]:
    parser = build_parser()
    texts = {"cnn-tutor": parser.format_help()}
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        for name, sub in action.choices.items():  # type: ignore[union-attr]
            texts[f"cnn-tutor {name}"] = sub.format_help()
    return texts


def _examples() -> list[tuple[str, str]]:
    found = []
    for where, text in _help_texts().items():
        in_examples = False
        for line in text.splitlines():
            if re.match(r"^examples?:", line):
                in_examples = True
                continue
            if in_examples and not line.strip():
                in_examples = False
            match = EXAMPLE.match(line) if in_examples else None
            if match:
                found.append((where, match.group(1)))
    return found


EXAMPLES = _examples()


def test_the_help_texts_have_examples_for_every_command() -> None:
    assert {where for where, _ in EXAMPLES} >= {
        "cnn-tutor",
        "cnn-tutor quiz",
        "cnn-tutor progress",
        "cnn-tutor train",
        "cnn-tutor export",
    }


# `serve` starts a server that runs until Ctrl-C: its examples are run by tests/serve/test_serve.py
# (each started on a free port and stopped), not here, where they would never return.
HELP_TEXTS = sorted({where for where, _ in EXAMPLES if where != "cnn-tutor serve"})


@pytest.mark.parametrize("where", HELP_TEXTS)
def test_every_help_example_runs(
    where: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A help text's examples run in order, in one scratch folder: ``new`` writes a file, the
    next example checks it."""
    for source, command in EXAMPLES:
        if source == where:
            with monkeypatch.context() as patch:
                _run(where, command, tmp_path, patch, capsys)


def _run(
    where: str,
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # An example writing under /tmp writes in this test's scratch folder instead (``new`` never
    # overwrites, so a fixed /tmp path would fail the second run).
    words = shlex.split(command)
    extra_env: dict[str, str] = {}
    while words and "=" in words[0] and not words[0].startswith("-"):  # VAR=value cnn-tutor ...
        name, _, value = words.pop(0).partition("=")
        extra_env[name] = value
    argv = [
        str(tmp_path / a.removeprefix("/tmp/")) if a.startswith("/tmp/") else a for a in words[1:]
    ]
    data = tmp_path / "data"
    data.mkdir(exist_ok=True)
    asks = "--reset" in argv and "--yes" not in argv
    exits = {"--headless", "--plain", "--torch", "--save", "--export"}  # print or write, then exit
    prints = (
        bool(argv) and (argv[0] in PRINTING or argv[0] == "config" or bool(exits & set(argv)))
    ) and not asks
    if asks:  # it asks on the terminal first: answer yes, in-process
        monkeypatch.setenv("CNN_TUTOR_DATA", str(data))
        monkeypatch.setattr("sys.stdin.isatty", lambda: True)
        monkeypatch.setattr("builtins.input", lambda prompt="": "y")
        assert main(argv) == 0, capsys.readouterr().err
        return
    if prints:
        env = {**os.environ, "CNN_TUTOR_DATA": str(data), "PYTHONPATH": os.getcwd(), **extra_env}
        env["CNN_TUTOR_CONFIG"] = str(tmp_path / "config.toml")  # config --edit: a scratch file
        env["EDITOR"] = env["VISUAL"] = "true"  # an editor that exits at once
        env.pop("CNN_TUTOR_LESSONS", None)
        done = subprocess.run(
            [sys.executable, "-m", "tui", *argv],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, f"{command} (from {where} --help): {done.stderr}"
        assert "Traceback" not in done.stderr
        if argv[0] == "export" and "-o" in argv:
            out = argv[argv.index("-o") + 1]
            assert (tmp_path / out).read_text(encoding="utf-8").startswith("<svg")
        return
    started: list[object] = []
    monkeypatch.setattr("textual.app.App.run", lambda app, *a, **k: started.append(app))
    monkeypatch.setenv("CNN_TUTOR_DATA", str(data))
    monkeypatch.delenv("CNN_TUTOR_LESSONS", raising=False)
    monkeypatch.chdir(tmp_path)
    code = main(argv)
    assert code in (0, None), f"{command} (from {where} --help): {capsys.readouterr().err}"
    assert started, f"{command} did not get as far as opening the tutor"
