"""Random mutations of a valid lesson never raise anything but :class:`LessonError`.

Three kinds of mutation: edits to the text (characters YAML cares about), edits to the data
(any value replaced by a random one, then dumped back to YAML), and random bytes. Whatever loads
must also play and check without an exception.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lesson_helpers import LESSONS_DIR

from lessons import Lesson, LessonError, load_text
from lessons.loader import _decode
from lessons.playback import prepare
from lessons.verify import verify_lesson

SOURCE = (LESSONS_DIR / "examples" / "annotated.yaml").read_text(encoding="utf-8")
DATA = yaml.safe_load(SOURCE)
LINE = re.compile(r"[^\n]+:\d+:\d+: [^\n]+")
EXAMPLES = int(os.environ.get("CNN_TUTOR_FUZZ_EXAMPLES", "40"))  # raise it for a deeper run
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SPECIAL = st.sampled_from(
    [*":-[]{}|>!&*#'\",?%@`\n\t ", "0", "-1", "9", "x", "é", "\x00", "\ufeff", "!!python/"]
)


def attempt(text: str) -> Lesson | None:
    """Load; a LessonError is fine, anything else fails the test. A loaded lesson must play."""
    try:
        lesson = load_text(text, "fuzz.yaml")
    except LessonError as error:
        assert LINE.fullmatch(str(error)), str(error)
        assert error.line >= 1 and error.column >= 1
        for other in error.more:
            assert LINE.fullmatch(str(other))
        return None
    for scene in lesson.scenes:
        prepare(scene)
    verify_lesson(lesson)
    return lesson


@FUZZ
@given(st.data())
def test_text_mutations(data: st.DataObject) -> None:
    text = SOURCE
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
    | st.sampled_from(["same", "valid", "max", "avg", "relu", "pipeline", "1 2\n3", "1 0\n0 1"]),
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


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes(blob: bytes) -> None:
    try:
        text = _decode(blob, Path("fuzz.yaml"))
    except LessonError as error:
        assert LINE.fullmatch(str(error))
        return
    attempt(text)


def test_the_unmutated_source_loads() -> None:
    lesson = attempt(SOURCE)
    assert lesson is not None and lesson.id == "example-annotated"
