"""``cnn-tutor lessons`` and ``cnn-tutor check``: output and exit codes 0, 1 and 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from lesson_helpers import LESSONS_DIR, MINIMAL, write

from tui.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_lessons_lists_every_lesson(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["lessons"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "DECK", "SCENES"]
    row = next(line for line in lines if line.startswith("000-convolution "))
    assert "000_2ce6168aac0ff3a0.txt" in row
    assert row.split()[-1] == "14"  # scenes in lessons/000-convolution.yaml
    assert out.index("000-convolution") < out.index("010-conv-layers") < out.index("020-conv-sizes")


def test_lessons_with_extra_folder_and_a_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "500-mini.yaml", MINIMAL)
    bad = write(tmp_path, "501-bad.yaml", "id: x\ntitle: a: b\n")
    code, out, _ = run(["lessons", "--lessons", str(tmp_path)], capsys)
    assert code == 1
    assert "mini" in out and "Mini" in out
    assert "1 broken lesson file:" in out
    assert f"{bad}:2:9: YAML syntax error: mapping values are not allowed here" in out


def test_lessons_missing_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["lessons", "--lessons", str(tmp_path / "nope")], capsys)
    assert code == 2
    assert err.strip() == f"cnn-tutor: error: --lessons {tmp_path / 'nope'}: folder not found"


def test_check_all_builtin_lessons_is_clean(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check"], capsys)
    assert code == 0, out
    assert "000-convolution: ok, 2 known errata" in out
    assert 'erratum  scene 5 "Output size with stride 2: round down": The slide' in out
    assert "010-conv-layers: ok" in out
    assert 'erratum  scene 10 "Vertical edge detection", shape: slide 8x6, correct 6x6' in out
    assert " 0 failed, 0 broken;" in out.splitlines()[-1]


def test_check_reports_a_mismatch_with_scene_cell_and_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the slide's 0 4 with the second value mistyped as 5
    path = write(tmp_path, "a.yaml", MINIMAL.replace("expect: 0 4", "expect: 0 5"))
    code, out, _ = run(["check", str(path)], capsys)
    assert code == 1
    assert "mini: FAILED" in out
    # rows and columns count from 1; line and column are where the 5 is written (line 15)
    line = f'  {path}:15:15: mismatch scene 1 "correlate2d", column 2: slide 5, computed 4'
    assert line in out.splitlines()


def test_check_marked_erratum_is_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = MINIMAL.replace(
        "expect: 0 4",
        "expect: 0 5\n    erratum:\n      note: The slide has 5.\n"
        "      cells: [{at: [1], slide: 5, correct: 4}]",
    )
    code, out, _ = run(["check", str(write(tmp_path, "a.yaml", text))], capsys)
    assert code == 0
    assert "mini: ok, 1 known erratum" in out
    assert "column 2: slide 5, correct 4 (The slide has 5.)" in out


def test_check_stale_or_wrong_erratum_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stale = MINIMAL.replace(
        "expect: 0 4",
        "expect: 0 4\n    erratum:\n      note: No.\n"
        "      cells: [{at: [0], slide: 1, correct: 0}]",
    )
    code, out, _ = run(["check", str(write(tmp_path, "a.yaml", stale))], capsys)
    assert code == 1
    assert "matches the computation" in out


def test_check_display_rule_decides(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # deck 003 prints 7/9 as 0.77: right when truncating to two decimals, wrong when rounding
    text = (
        "id: t\ntitle: T\ndeck: {file: 003_f20768683df30fba.txt, course: C}\nsummary: S\n"
        "scenes:\n  - kind: correlate2d\n    input: [[1, 1, 1], [1, 1, 1], [1, 1, -1]]\n"
        "    kernel: [[1, 1, 1], [1, 1, 1], [1, 1, 1]]\n    divisor: 9\n    expect: [[0.77]]\n"
    )
    rounding = write(tmp_path, "round.yaml", text.replace("divisor: 9", "divisor: 9"))
    truncating = write(
        tmp_path,
        "trunc.yaml",
        text.replace("scenes:", "display: {decimals: 2, mode: truncate}\nscenes:"),
    )
    code, out, _ = run(["check", str(rounding)], capsys)
    assert code == 1 and "slide 0.77, computed 0.7778" in out
    code, out, _ = run(["check", str(truncating)], capsys)
    assert code == 0


def test_check_broken_file_exits_1_with_its_position(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path,
        "a.yaml",
        MINIMAL.replace("      1 0 -1\n      1 0 -1\n", "      1 0 -1\n      1 0\n", 1),
    )
    code, out, _ = run(["check", str(path)], capsys)
    assert code == 1
    assert f"{path}:13:7: kernel row 2 has 2 numbers, expected 3" in out


def test_check_folder_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "a.yaml", MINIMAL)
    code, out, _ = run(["check", str(tmp_path)], capsys)
    assert code == 0
    assert out.splitlines()[0] == "mini: ok"


def test_check_missing_path_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["check", str(tmp_path / "missing.yaml")], capsys)
    assert code == 2
    assert "no such file or folder" in err
    assert out == ""


def test_check_the_annotated_example(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["check", str(LESSONS_DIR / "examples" / "annotated.yaml")], capsys)
    assert code == 0
    assert "example-annotated: ok, 1 known erratum" in out


# Deck 004's exercise 4 (seed line 2035): the output the slide prints, row 3 of the 5x5 map.
SLIDE_ROW_3 = (212, 657, 294, 185, 244)
GRAY = [  # deck 004's 7x7 grayscale image (seed line 1967)
    [0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 43, 43, 0, 0],
    [0, 30, 250, 230, 125, 251, 0],
    [0, 191, 38, 0, 0, 81, 0],
    [0, 241, 0, 35, 119, 250, 0],
    [0, 49, 193, 198, 83, 0, 0],
    [0, 0, 0, 0, 0, 0, 0],
]


def test_check_prints_an_erratum_note_once_then_its_cells(
    capsys: pytest.CaptureFixture[str],
) -> None:
    torch = pytest.importorskip("torch")
    image = torch.tensor(GRAY, dtype=torch.float64)[None, None]
    kernel = torch.tensor([[1.0, 0, -1]] * 3, dtype=torch.float64)[None, None]
    correct = torch.nn.functional.conv2d(image, kernel)[0, 0].int().tolist()
    code, out, _ = run(["check"], capsys)
    assert code == 0, out
    assert out.count("Eleven of the 25 printed cells") == 1  # was once per wrong cell (11 times)
    lines = out.splitlines()
    head = next(i for i, line in enumerate(lines) if "Eleven of the 25 printed cells" in line)
    assert lines[head].startswith(
        '  erratum  scene 28 "Exercise 4: a vertical-edge kernel on the grayscale image", '
        "11 cells: "
    )
    cells = lines[head + 1 : head + 12]
    assert all(line.startswith(" " * 13 + "row ") for line in cells)
    # the slide's row 3 is wrong in its first four cells, right in the last (244)
    for column, slide in enumerate(SLIDE_ROW_3[:4]):
        want = f"row 3, column {column + 1}: slide {slide}, correct {correct[2][column]}"
        assert f"{' ' * 13}{want}" in cells
    assert correct[2][4] == SLIDE_ROW_3[4]
    assert not any(line.strip().startswith("row 3, column 5:") for line in cells)
    assert lines[head + 12].startswith("  erratum  scene 29 ")  # the next erratum, one line
    assert out.splitlines()[-1] == "7 lesson files: 7 ok, 0 failed, 0 broken; 16 known errata"


MULTI = MINIMAL.replace(  # the slide's 0 4 / ... printed as 1 5: two wrong cells, one note
    "expect: 0 4",
    "expect: 1 5\n    erratum:\n      note: Both cells are off by one.\n"
    "      cells: [{at: [0], slide: 1, correct: 0}, {at: [1], slide: 5, correct: 4}]",
)


def test_check_groups_a_multi_cell_erratum(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["check", str(write(tmp_path, "a.yaml", MULTI))], capsys)
    assert code == 0
    assert out.splitlines() == [
        "mini: ok, 2 known errata",
        '  erratum  scene 1 "correlate2d", 2 cells: Both cells are off by one.',
        "             column 1: slide 1, correct 0",
        "             column 2: slide 5, correct 4",
        "1 lesson file: 1 ok, 0 failed, 0 broken; 2 known errata",
    ]


def test_check_groups_errata_in_a_failed_lesson_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    second = MINIMAL.replace("id: mini", "id: mini2").replace("scenes:\n", "")
    second = second[second.index("  - kind:") :].replace("expect: 0 4", "expect: 0 3")
    text = MULTI + second  # scene 2: a plain mismatch, 3 printed where 4 is computed
    code, out, _ = run(["check", str(write(tmp_path, "a.yaml", text))], capsys)
    assert code == 1
    assert out.count("Both cells are off by one.") == 1
    assert 'mismatch scene 2 "correlate2d", column 2: slide 3, computed 4' in out
    assert "             column 2: slide 5, correct 4" in out
    assert out.splitlines()[-1] == "1 lesson file: 0 ok, 1 failed, 0 broken; 2 known errata"
