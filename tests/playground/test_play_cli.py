"""``cnn-tutor play`` on the command line: --save, --torch, --export, bad arguments."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import numpy as np
import pytest

from lessons import load_file
from lessons.playback import prepare
from tui.cli import build_parser, main


def help_examples() -> list[str]:
    parser = build_parser()
    text = parser._subparsers._group_actions[0].choices["play"].epilog  # type: ignore[union-attr]
    return [line.strip() for line in text.splitlines() if line.strip().startswith("cnn-tutor play")]


@pytest.mark.parametrize("example", help_examples())
def test_help_examples_run(example: str, tmp_path: Path, monkeypatch, capsys) -> None:
    example = example.replace("/tmp/", f"{tmp_path}/")
    assert main(shlex.split(example)[1:]) == 0
    assert capsys.readouterr().out


def test_save_writes_a_lesson_check_accepts(tmp_path: Path, capsys) -> None:
    path = tmp_path / "015-blur.yaml"
    argv = ["play", "--input", "3 7 9 1; 8 1 3 3; 7 4 6 4; 4 4 1 9", "--kernel", "box-blur"]
    assert main([*argv, "--padding", "1", "--save", str(path)]) == 0
    assert main(["check", str(path)]) == 0
    assert main(["--lessons", str(tmp_path), "lessons"]) == 0
    assert "015-blur" in capsys.readouterr().out
    scene = load_file(path).scenes[0]
    assert scene.kind == "correlate2d" and scene.divisor == 9
    x = np.array([[3, 7, 9, 1], [8, 1, 3, 3], [7, 4, 6, 4], [4, 4, 1, 9]], dtype=float)
    padded = np.pad(x, 1)
    corner = padded[:3, :3].sum() / 9  # the 3x3 mean at the top-left, by hand
    assert prepare(scene).output[0, 0] == pytest.approx(corner)


def test_torch_prints_a_script(capsys) -> None:
    assert main(["play", "--random", "4x5", "--seed", "3", "--op", "avg-pool", "--torch"]) == 0
    script = capsys.readouterr().out
    assert "import torch" in script and "F.avg_pool2d(" in script and "print(out)" in script
    compile(script, "script", "exec")


def test_torch_module_prints_nn_modules_with_the_weights_set(capsys) -> None:
    argv = ["play", "--input", "1 2 3; 4 5 6; 7 8 9", "--kernel", "1 0; 0 -1", "--bias", "1"]
    assert main([*argv, "--op", "convolve", "--torch", "--module"]) == 0
    script = capsys.readouterr().out
    assert "import torch.nn as nn" in script and "nn.Conv2d(1, 1, (2, 2)" in script
    assert "conv.weight.copy_(w)" in script and "conv.bias.copy_(b)" in script
    assert "F.conv2d" not in script
    compile(script, "script", "exec")


def test_zero_pad_saves_pad_value_and_prints_f_pad(tmp_path: Path, capsys) -> None:
    grid = "-1 -2 -3; -4 -5 -6; -7 -8 -9"
    argv = ["play", "--input", grid, "--op", "max-pool", "--padding", "1", "--zero-pad"]
    assert main([*argv, "--torch"]) == 0
    script = capsys.readouterr().out
    assert "x = F.pad(x, (1, 1, 1, 1))" in script and "F.max_pool2d(x, 2, stride=2" in script
    path = tmp_path / "015-zeros.yaml"
    assert main([*argv, "--save", str(path)]) == 0
    assert main(["check", str(path)]) == 0
    scene = load_file(path).scenes[0]
    assert scene.pad_value == 0
    # by hand: np.pad with zeros, then the 2x2 maxima; -inf padding would give -1 -2 -4 -5
    x = -np.arange(1.0, 10.0).reshape(3, 3)
    want = np.pad(x, 1)[:4, :4].reshape(2, 2, 2, 2).max(axis=(1, 3))
    np.testing.assert_array_equal(prepare(scene).output, want)
    assert want.tolist() == [[0, 0], [0, -5]]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--stride", "0"], "argument --stride: stride must be a positive whole number, got 0"),
        (["--stride", "x"], "argument --stride"),
        (["--kernel", "sobel"], "argument --kernel: no preset 'sobel'"),
        (["--kernel", "1 2; 3"], "argument --kernel: kernel row 2 has 1 number"),
        (
            ["--input", "1 2; 3 4", "--kernel", "sobel-x"],
            "argument --kernel: kernel 3x3 does not fit",
        ),
        (["--random", "0x3"], "argument --random"),
        (["--random", "big"], "argument --random"),
        (["--op", "nope"], "argument --op"),
        (["--op", "max-pool", "--size", "9"], "argument --size"),
        (["--dilation", "4"], "argument --dilation"),
        (["--padding", "[1, 'a']"], "argument --padding"),
        (["--op", "avg-pool", "--zero-pad"], "argument --zero-pad: is for --op max-pool"),
        (["--module"], "argument --module: goes with --torch"),
    ],
)
def test_bad_arguments_are_one_line_exit_2(argv: list[str], words: str, capsys) -> None:
    with pytest.raises(SystemExit) as raised:
        code = main(["play", *argv])
        raise SystemExit(code)
    assert raised.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and re.match(r"cnn-tutor( play)?: error: ", err)
    assert words in err
    assert "Traceback" not in err


def test_export_writes_the_screen(tmp_path: Path, capsys) -> None:
    path = tmp_path / "p.svg"
    assert main(["play", "--op", "convolve", "--kernel", "sobel-x", "--export", str(path)]) == 0
    svg = path.read_text(encoding="utf-8")
    # the export places each glyph in its own <tspan> (it renders the same with any font)
    text = "".join(re.findall(r">([^<]*)</tspan>", svg))
    assert svg.startswith("<svg") and "flipped" in text
    assert re.search(r"wrote .*p\.svg", capsys.readouterr().out)
