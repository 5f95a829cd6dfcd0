"""The --help examples added for the digits and the photographs run as printed."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from tui.app.svg_cells import screen_lines
from tui.cli import main
from tui.commands.train import EPILOG


def test_the_digits_example_in_train_help_runs(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("torch")
    lines = [line.split("  ")[1] for line in EPILOG.splitlines() if "--data digits --seed" in line]
    assert len(lines) == 1
    argv = shlex.split(lines[0].strip())
    assert argv[0] == "cnn-tutor"
    assert main([*argv[1:], "--device", "cpu"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("test accuracy: ") and len(out) == 3  # --epochs 2


def test_image_on_export_draws_another_photograph(tmp_path: Path) -> None:
    target = tmp_path / "edges.svg"
    argv = ["export", "060-photographs", "--scene", "2", "--step", "3", "--image", "astronaut"]
    assert main([*argv, "-o", str(target)]) == 0
    text = "\n".join(screen_lines(target.read_text()))  # the export places one glyph per cell
    assert "input 64x64" in text  # the astronaut, not the 128x128 camera
