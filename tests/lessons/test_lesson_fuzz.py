"""Random mutations of valid lessons never raise anything but :class:`LessonError`.

The sources are the built-in lessons and the annotated example. Four kinds of mutation: edits to
the text (characters YAML cares about, and hostile pieces: deep nesting, a 5,000-digit number,
terminal escapes), edits to the data (any value replaced by a random one, hostile sizes among
them, then dumped back to YAML), deleted keys, and random bytes. Every error is one line
``file:line:col: message`` without a control character; whatever loads must also play and check
without an exception, and none of its strings holds a control character.

Seeded (``derandomize``: the same examples on every run) and bounded: ``CNN_TUTOR_FUZZ_EXAMPLES``
examples per test (40 by default; raise it for a deeper run).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lesson_helpers import LESSONS_DIR
from pydantic import BaseModel

from lessons import Lesson, LessonError, load_text
from lessons.loader.files import decode
from lessons.playback import prepare
from lessons.verify import verify_lesson

SOURCE = (LESSONS_DIR / "examples" / "annotated.yaml").read_text(encoding="utf-8")
DATA = yaml.safe_load(SOURCE)
SOURCES = [SOURCE] + [p.read_text(encoding="utf-8") for p in sorted(LESSONS_DIR.glob("*.yaml"))]
"""The annotated example, then every built-in lesson."""
LINE = re.compile(r"[^\n]+:\d+:\d+: [^\n]+")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
EXAMPLES = int(os.environ.get("CNN_TUTOR_FUZZ_EXAMPLES", "40"))  # raise it for a deeper run
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)

HOSTILE = [
    "[" * 3000,
    "{a: " * 1000,
    "9" * 5000,
    "-" + "1" * 400,
    '"\\e]0;pwned\\a\\e[31m"',
    '"\\x9b2J\\r\\x07"',
    "\x1b[31m",
    "&a [1] ",
    "*a ",
]
"""Pieces that broke the loader before its limits (nesting, digits, escapes, aliases)."""

SPECIAL = st.sampled_from(
    [
        *":-[]{}|>!&*#'\",?%@`\n\t ",
        "0",
        "-1",
        "9",
        "x",
        "é",
        "\x00",
        "\ufeff",
        "!!python/",
        *HOSTILE,
    ]
)


def no_controls(value: Any) -> None:
    """Assert that no string in a loaded value holds a control character."""
    if isinstance(value, str):
        assert not CONTROL.search(value), repr(value)
    elif isinstance(value, BaseModel):
        no_controls(dict(value))
    elif isinstance(value, dict):
        for key, item in value.items():
            no_controls(key)
            no_controls(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            no_controls(item)


def attempt(text: str) -> Lesson | None:
    """Load; a LessonError is fine, anything else fails the test. A loaded lesson must play."""
    try:
        lesson = load_text(text, "fuzz.yaml")
    except LessonError as error:
        for problem in error.all:
            assert LINE.fullmatch(str(problem)), str(problem)
            assert not CONTROL.search(str(problem)), repr(str(problem))
            assert problem.line >= 1 and problem.column >= 1
        return None
    no_controls(lesson)
    for scene in lesson.scenes:
        prepare(scene)
    verify_lesson(lesson)
    return lesson


@FUZZ
@given(st.data())
def test_text_mutations(data: st.DataObject) -> None:
    text = data.draw(st.sampled_from(SOURCES))
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(text)))
        action = data.draw(st.sampled_from(["insert", "delete", "replace", "line"]))
        if action == "insert":
            text = text[:position] + data.draw(SPECIAL) + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + data.draw(st.integers(1, 30)) :]
        elif action == "replace":
            text = text[:position] + data.draw(SPECIAL) + text[position + 1 :]
        else:
            lines = text.split("\n")
            index = data.draw(st.integers(0, len(lines) - 1))
            lines.insert(data.draw(st.integers(0, len(lines))), lines.pop(index))
            text = "\n".join(lines)
    attempt(text)


VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.integers(min_value=10**300, max_value=10**400)
    | st.sampled_from(["1e400", "-1e999", "nan", "1/0", "7/9", "0x10", "1_000"])
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["same", "valid", "max", "avg", "relu", "pipeline", "1 2\n3", "1 0\n0 1"])
    | st.sampled_from([10**6, 2**26 + 1, 10**30, 1e308, "\x1b]0;x\x07", "a\x9bb", [[1] * 300] * 3]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


PATHS = _paths(DATA)[1:]


def _replace(node: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        return {k: (_replace(v, rest, value) if k == head else v) for k, v in node.items()}
    return [(_replace(v, rest, value) if i == head else v) for i, v in enumerate(node)]


@FUZZ
@given(st.sampled_from(PATHS), VALUES)
def test_data_mutations(path: tuple[Any, ...], value: Any) -> None:
    mutated = _replace(DATA, path, value)
    attempt(yaml.safe_dump(mutated, allow_unicode=True))


@FUZZ
@given(st.sampled_from(PATHS))
def test_deleted_keys(path: tuple[Any, ...]) -> None:
    parent, last = path[:-1], path[-1]
    node: Any = DATA
    for part in parent:
        node = node[part]
    if isinstance(node, dict):
        smaller = {k: v for k, v in node.items() if k != last}
    else:
        smaller = [v for i, v in enumerate(node) if i != last]
    attempt(yaml.safe_dump(_replace(DATA, parent, smaller), allow_unicode=True))


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes(blob: bytes) -> None:
    try:
        text = decode(blob, Path("fuzz.yaml"))
    except LessonError as error:
        assert LINE.fullmatch(str(error))
        return
    attempt(text)


def test_the_unmutated_source_loads() -> None:
    lesson = attempt(SOURCE)
    assert lesson is not None and lesson.id == "example-annotated"


@pytest.mark.parametrize("source", range(len(SOURCES)))
def test_every_source_loads_unmutated(source: int) -> None:
    assert attempt(SOURCES[source]) is not None
