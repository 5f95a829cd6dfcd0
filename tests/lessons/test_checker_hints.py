"""``cnn-tutor check`` points at the cause: file:line:column of each wrong cell, counts from 1,
the one change that makes the whole grid match, and YAML errors in plain words.

Each broken file's expect is what torch computes for the *intended* scene (the kernel the
author meant, the stride the slide used); the file then gets one thing wrong, as authors do.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from lesson_helpers import write

from lessons import LessonError, load_file
from lessons.verify import cell_words, verify_lesson
from tui.cli import main

HEAD = "id: broken\ntitle: Broken\nsummary: One thing wrong.\nscenes:\n"

X = np.array(
    [[3, 7, 9, 1, 0, 4], [8, 1, 3, 3, 3, 0], [7, 4, 6, 4, 4, 6],
     [4, 4, 1, 9, 3, 6], [9, 8, 4, 9, 4, 3], [7, 5, 2, 3, 3, 1]],
    dtype=np.float64,
)  # fmt: skip
K = np.array([[1, 2, 0], [0, 1, -1], [3, 0, 1]], dtype=np.float64)


def _grid(array: np.ndarray) -> str:
    return "[" + ", ".join("[" + ", ".join(f"{v:g}" for v in row) + "]" for row in array) + "]"


def _torch_conv(x: np.ndarray, k: np.ndarray, stride: object = 1, padding: object = 0) -> str:
    out = F.conv2d(torch.tensor(x)[None, None], torch.tensor(k)[None, None], stride=stride,
                   padding=padding)  # fmt: skip
    return _grid(out[0, 0].numpy())


def _scene(kind: str, kernel: np.ndarray, expect: str, x: np.ndarray = X, **keys: object) -> str:
    lines = [f"  - kind: {kind}", f"    input: {_grid(x)}", f"    kernel: {_grid(kernel)}"]
    lines += [f"    {key}: {value}" for key, value in keys.items()]
    lines.append(f"    expect: {expect}")
    return HEAD + "\n".join(lines) + "\n"


def _hints(path: Path) -> list[str]:
    report = verify_lesson(load_file(path))
    assert not report.ok
    return [f.hint for f in report.failures if f.hint]


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        (_scene("correlate2d", K, _torch_conv(X, K.T)), "the kernel is transposed"),
        (_scene("correlate2d", K, _torch_conv(X, K[::-1, ::-1].copy())), "is it a convolve2d"),
        (_scene("convolve2d", K, _torch_conv(X, K)), "is it a correlate2d scene"),
        (
            _scene("correlate2d", K, _torch_conv(X, K, stride=(3, 2))),
            "stride is [3, 2] (it is 1 now)",
        ),
        (
            _scene("correlate2d", K, _torch_conv(X, K, padding=1), stride=1),
            "padding is 1 (it is 0 now)",
        ),
        (
            _scene("correlate2d", K, _torch_conv(X, K), x=X[:5]),
            "is the input missing its last row (it has 5 rows)?",
        ),
    ],
)
def test_the_checker_names_the_one_change_that_makes_the_grid_match(
    text: str, hint: str, tmp_path: Path
) -> None:
    hints = _hints(write(tmp_path, "b.yaml", text))
    assert len(hints) == 1 and hint in hints[0], hints


def test_pooling_hints_mode_and_count_include_pad(tmp_path: Path) -> None:
    x = torch.tensor(X)[None, None]
    avg = _grid(F.avg_pool2d(x, 2)[0, 0].numpy())
    text = HEAD + f"  - kind: pool2d\n    input: {_grid(X)}\n    size: 2\n    expect: {avg}\n"
    assert "mode is avg" in _hints(write(tmp_path, "a.yaml", text))[0]
    excl = _grid(F.avg_pool2d(x, 2, 2, padding=1, count_include_pad=False)[0, 0].numpy())
    text = HEAD + (
        f"  - kind: pool2d\n    input: {_grid(X)}\n    size: 2\n    padding: 1\n    mode: avg\n"
        f"    expect: {excl}\n"
    )
    assert "count_include_pad is false" in _hints(write(tmp_path, "b.yaml", text))[0]


def test_no_hint_when_nothing_simple_explains_it(tmp_path: Path) -> None:
    wrong = _grid(np.full((4, 4), 7.0))
    assert _hints(write(tmp_path, "c.yaml", _scene("correlate2d", K, wrong))) == []


def test_each_mismatch_names_the_line_and_column_of_its_cell(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEAD + (
        "  - kind: correlate2d\n"
        "    input: |\n      0 1 2\n      3 4 5\n      6 7 8\n"
        "    kernel: [[0, 1], [2, 3]]\n"
        "    expect: |\n      19 25\n      37 42\n"  # d2l.ai prints 43 (line 13, column 10)
        "  - kind: correlate2d\n"
        "    input: [[0, 1, 2], [3, 4, 5], [6, 7, 8]]\n"
        "    kernel: [[0, 1], [2, 3]]\n"
        "    expect: [[19, 25], [36, 43]]\n"  # 36 for 37: line 17, column 25
    )
    path = write(tmp_path, "d.yaml", text)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert (
        f'  {path}:13:10: mismatch scene 1 "correlate2d", row 2, column 2: slide 42, computed 43'
        in out
    )
    assert (
        f'  {path}:17:25: mismatch scene 2 "correlate2d", row 2, column 1: slide 36, computed 37'
        in out
    )


def test_every_message_counts_from_one() -> None:
    assert cell_words((0, 0)) == "row 1, column 1"
    assert cell_words((4,)) == "column 5"
    assert cell_words((1, 2, 3)) == "channel 2, row 3, column 4"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("id: x\ntitle: a: b\n", "a second ': ' on one line"),
        ("id: x\nsummary: [1, 0] over 1 to 5\n", "read as a list and must end with ']'"),
        ('id: x\ntitle: "open\n', "the file ends inside a quote"),
        ("id: x\nscenes: [1, 2\n", "misses a ',' between two items or its closing ']'"),
        ("id: x\ntitle: *star\n", "'*' starts a YAML alias"),
    ],
)
def test_yaml_errors_in_plain_words_as_well_as_pyyaml(
    text: str, words: str, tmp_path: Path
) -> None:
    with pytest.raises(LessonError) as info:
        load_file(write(tmp_path, "y.yaml", text))
    message = str(info.value)
    assert "YAML syntax error: " in message and "; in plain words: " in message
    assert words in message.split("; in plain words: ", 1)[1]


def test_every_problem_of_a_broken_file_is_reported_in_one_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A schema error no longer hides the engine's refusals and the mismatches of other scenes."""
    text = HEAD + (
        "  - kind: correlate2d\n"
        "    input: [[0, 1, 2], [3, 4, 5], [6, 7, 8]]\n"
        "    kernel: [[0, 1], [2, 3]]\n"
        "    expect: [[19, 25], [37, 42]]\n"  # d2l.ai's 43 mistyped
        "  - kind: pool2d\n"
        "    input: [[1, 2], [3, 4]]\n"
        "    size: 0\n"  # the schema refuses it
        "  - kind: correlate2d\n"
        "    input: [[1, 2], [3, 4]]\n"
        "    kernel: [[1, 2, 3], [1, 2, 3], [1, 2, 3]]\n"  # the engine refuses it
    )
    path = write(tmp_path, "m.yaml", text)
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:11:11: size must be a positive whole number, got 0" in out
    assert f"{path}:14:13: kernel 3x3 does not fit input 2x2 with padding 0" in out
    assert (
        f'{path}:8:29: mismatch scene 1 "correlate2d", row 2, column 2: slide 42, computed 43'
        in out
    )
