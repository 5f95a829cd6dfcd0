"""The loader: one ``path:line:column: message`` per problem, positions from the YAML marks.

Every expected line and column below was counted by hand in the fixture text.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from lesson_helpers import MINIMAL, write

from lessons import LessonError, load_all, load_file, load_paths, load_text

HEAD = """\
id: broken
title: Broken
deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344}
summary: S
scenes:
"""


def error_of(path: Path) -> LessonError:
    with pytest.raises(LessonError) as info:
        load_file(path)
    return info.value


def located(error: LessonError) -> tuple[int, int]:
    return error.line, error.column


def test_syntax_error(tmp_path: Path) -> None:
    path = write(tmp_path, "a.yaml", "id: x\ntitle: a: b\n")
    error = error_of(path)
    assert located(error) == (2, 9)
    assert "YAML syntax error: mapping values are not allowed here" in error.message
    assert str(error) == f"{path}:2:9: {error.message}"


def test_wrong_type(tmp_path: Path) -> None:
    text = HEAD + (
        "  - kind: correlate2d\n"
        "    input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\n"
        "    kernel: [[1, 0], [0, 1]]\n"
        "    stride: two\n"
    )
    error = error_of(write(tmp_path, "a.yaml", text))
    assert located(error) == (9, 13)
    assert error.message.startswith("stride must be a positive whole number")
    assert "'two'" in error.message


def test_ragged_kernel_block_points_at_the_row(tmp_path: Path) -> None:
    text = HEAD + (
        "  - kind: correlate2d\n"
        "    input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\n"
        "    kernel: |\n"
        "      1 0 -1\n"
        "      1 0\n"
        "      1 0 -1\n"
    )
    path = write(tmp_path, "003-xo.yaml", text)
    error = error_of(path)
    assert str(error) == f"{path}:10:7: kernel row 2 has 2 numbers, expected 3"


def test_ragged_kernel_list_points_at_the_row(tmp_path: Path) -> None:
    text = HEAD + (
        "  - kind: correlate2d\n"
        "    input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\n"
        "    kernel: [[1, 0, -1], [1, 0], [1, 0, -1]]\n"
    )
    error = error_of(write(tmp_path, "a.yaml", text))
    assert located(error) == (8, 26)
    assert error.message == "kernel row 2 has 2 numbers, expected 3"


def test_kernel_bigger_than_input(tmp_path: Path) -> None:
    text = HEAD + (
        "  - kind: correlate2d\n"
        "    input: [[1, 2], [3, 4]]\n"
        "    kernel: |\n"
        "      1 0 -1\n"
        "      1 0 -1\n"
        "      1 0 -1\n"
    )
    error = error_of(write(tmp_path, "a.yaml", text))
    assert located(error) == (8, 13)
    assert error.message == "kernel 3x3 does not fit input 2x2 with padding 0"


def test_pool_window_bigger_than_input_points_at_size(tmp_path: Path) -> None:
    text = HEAD + "  - kind: pool2d\n    input: [[1, 2], [3, 4]]\n    size: 3\n"
    error = error_of(write(tmp_path, "a.yaml", text))
    assert located(error) == (8, 11)
    assert "3x3 does not fit input 2x2" in error.message


def test_unknown_kind(tmp_path: Path) -> None:
    text = HEAD + "  - kind: convolution\n    input: [[1]]\n"
    error = error_of(write(tmp_path, "a.yaml", text))
    assert located(error) == (6, 11)
    assert error.message.startswith("unknown scene kind 'convolution'; expected one of: text,")


def test_unknown_stage_kind(tmp_path: Path) -> None:
    text = HEAD + (
        "  - kind: pipeline\n"
        "    input: [[1, 2], [3, 4]]\n"
        "    stages:\n"
        "      - kind: relu\n"
        "      - kind: softmax\n"
    )
    error = error_of(write(tmp_path, "a.yaml", text))
    assert located(error) == (10, 15)
    assert error.message.startswith("unknown stage kind 'softmax'")


def test_unsafe_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    text = f'id: x\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n'
    error = error_of(write(tmp_path, "a.yaml", text))
    assert located(error) == (2, 8)
    assert error.message.startswith("tag !!python/object/apply:os.system is not allowed")
    assert not marker.exists()


def test_custom_tag_is_refused(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "a.yaml", "id: !secret x\n"))
    assert located(error) == (1, 5)
    assert "tag !secret is not allowed" in error.message


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    error = error_of(write(tmp_path, "a.yaml", text))
    assert located(error) == (1, 1)
    assert error.message.startswith("empty file")


def test_binary_garbage(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "a.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"))
    assert located(error) == (3, 1)  # the first NUL starts line 3
    assert error.message.startswith("not a text file")


def test_not_utf8(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "a.yaml", b"id: x\ntitle: caf\xe9\n"))
    assert located(error) == (2, 11)
    assert error.message == "not UTF-8 text: byte 0xe9 cannot be decoded"


def test_not_a_mapping(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "a.yaml", "- a\n- b\n"))
    assert located(error) == (1, 1)
    assert "got a list" in error.message


def test_missing_key_points_at_the_mapping(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "a.yaml", MINIMAL.replace("summary: A tiny lesson.\n", "")))
    assert located(error) == (1, 1)
    assert error.message == "missing key 'summary'"


def test_unknown_key_suggests_the_right_one(tmp_path: Path) -> None:
    text = MINIMAL.replace("    expect: 0 4\n", "    strid: 2\n")
    error = error_of(write(tmp_path, "a.yaml", text))
    assert located(error) == (15, 5)
    assert error.message == "unknown key 'strid' (did you mean 'stride'?)"


def test_duplicate_key(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "a.yaml", "id: a\ntitle: b\nid: c\n"))
    assert located(error) == (3, 1)
    assert error.message == "duplicate key 'id' (first given on line 1)"


def test_tab_indentation_hint(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "a.yaml", "id: a\ndeck:\n\tfile: x\n"))
    assert error.line == 3
    assert "not tabs" in error.message


def test_two_documents(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "a.yaml", MINIMAL + "---\nid: other\n"))
    assert error.line == 16
    assert "one YAML document" in error.message


def test_alias_bomb_is_stopped(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 8):
        refs = ", ".join([f"*a{n - 1}"] * 10)
        lines.append(f"a{n}: &a{n} [{refs}]")
    error = error_of(write(tmp_path, "a.yaml", "\n".join(lines) + "\n"))
    assert "too many values" in error.message


def test_source_key_is_a_citation_not_the_file(tmp_path: Path) -> None:
    """``source:`` cites a work; it never replaces the path the loader records."""
    path = write(tmp_path, "a.yaml", MINIMAL + "source: /etc/passwd\n")
    lesson = load_file(path)
    assert lesson.citation is not None and lesson.citation.title == "/etc/passwd"
    assert lesson.source is not None and lesson.source.name == "a.yaml"


def test_loader_path_key_is_refused(tmp_path: Path) -> None:
    error = error_of(write(tmp_path, "a.yaml", MINIMAL + "loader_path: /etc/passwd\n"))
    assert located(error) == (16, 1)


def test_every_problem_of_a_file_is_listed_in_file_order(tmp_path: Path) -> None:
    text = HEAD + (
        "  - kind: correlate2d\n"
        "    input: [[1, 2], [3, 4]]\n"
        "    kernel: [[1, 0, -1], [1, 0]]\n"
        "  - kind: pool2d\n"
        "    input: [[1, 2], [3, 4]]\n"
        "    size: 0\n"
    )
    error = error_of(write(tmp_path, "a.yaml", text))
    assert [located(e) for e in error.all] == [(8, 26), (11, 11)]
    assert error.all[1].message == "size must be a positive whole number, got 0"


def test_line_format_is_one_line(tmp_path: Path) -> None:
    error = LessonError(tmp_path / "x.yaml", 3, 4, "first\nsecond")
    assert str(error) == f"{tmp_path / 'x.yaml'}:3:4: first second"
    assert re.fullmatch(r".+:\d+:\d+: .+", str(error))


def test_a_broken_file_never_stops_the_others(tmp_path: Path) -> None:
    write(tmp_path, "100-good.yaml", MINIMAL)
    write(tmp_path, "101-bad.yaml", "id: [\n")
    write(tmp_path, "102-binary.yaml", b"\x00\x01\x02")
    write(tmp_path, "103-good.yaml", MINIMAL.replace("id: mini", "id: mini2"))
    write(tmp_path, "notes.txt", "not a lesson")
    result = load_all([tmp_path])
    ids = [lesson.id for lesson in result.lessons]
    assert ids[-2:] == ["mini", "mini2"]
    assert sorted(e.path.name for e in result.errors) == ["101-bad.yaml", "102-binary.yaml"]


def test_builtins_come_first_in_course_order(tmp_path: Path) -> None:
    write(tmp_path, "005-between.yaml", MINIMAL)
    ids = [lesson.id for lesson in load_all([tmp_path]).lessons]
    assert ids.index("000-convolution") < ids.index("mini") < ids.index("010-conv-layers")


def test_env_var_adds_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = tmp_path / "one", tmp_path / "two"
    first.mkdir()
    second.mkdir()
    write(first, "900-a.yaml", MINIMAL.replace("id: mini", "id: env-a"))
    write(second, "901-b.yaml", MINIMAL.replace("id: mini", "id: env-b"))
    monkeypatch.setenv("CNN_TUTOR_LESSONS", f"{first}{os.pathsep}{second}")
    ids = [lesson.id for lesson in load_all().lessons]
    assert ids[-2:] == ["env-a", "env-b"]


def test_duplicate_ids_keep_the_first(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", MINIMAL)
    write(tmp_path, "b.yaml", MINIMAL)
    result = load_paths([tmp_path])
    assert [lesson.id for lesson in result.lessons] == ["mini"]
    (error,) = result.errors
    assert error.path.name == "b.yaml" and located(error) == (1, 1)
    assert error.message.startswith("duplicate lesson id 'mini'")


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    result = load_all([tmp_path / "nowhere"])
    assert [e.message for e in result.errors] == ["lesson folder not found"]


def test_lesson_display_is_inherited() -> None:
    text = MINIMAL.replace("scenes:", "display: {decimals: 2, mode: truncate}\nscenes:")
    lesson = load_text(text, "x.yaml")
    assert lesson.scenes[0].display is not None
    assert lesson.scenes[0].display.mode == "truncate"
    assert str(lesson.source) == "x.yaml"


@pytest.mark.parametrize(
    ("line", "needle"),
    [
        # over a lesson's limit (1,000,000 cells), within the engine's (2**26)
        ("    padding: 600\n", "padding 600 makes a grid of more than 1000000 cells"),
        # over the engine's own limit: the engine refuses it, blaming the padding
        ("    padding: 100000\n", "the padded input 200002x200002 would take"),
        ("    padding: same\n    dilation: 100000\n", "the padded input"),
    ],
)
def test_huge_padding_is_refused_before_allocating(tmp_path: Path, line: str, needle: str) -> None:
    text = (
        HEAD + "  - kind: correlate2d\n    input: [[1, 2], [3, 4]]\n    kernel: [[1, 1], [1, 1]]\n"
    )
    error = error_of(write(tmp_path, "a.yaml", text + line))
    assert located(error) == (9, 14)
    assert needle in error.message


def test_huge_numbers_are_refused(tmp_path: Path) -> None:
    text = HEAD + "  - kind: relu\n    input: [1, 1e400]\n"
    error = error_of(write(tmp_path, "a.yaml", text))
    assert located(error) == (7, 16)
    assert error.message == "input item 2: '1e400' is too large a number"
