"""``lessons.calls``: each scene computed once, and engine errors placed at the key they name.

The engine's vectorized runners (``engine.correlate.run_plan``, ``engine.pooling.run_pooling``)
are wrapped with a counter: loading a lesson computes each scene once, and everyone who asks
later (``calls.compute``, ``check``'s verification, the quiz's answers) gets the kept array.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from lesson_helpers import MINIMAL

import engine.correlate
import engine.pooling
from engine.errors import ArgumentError
from lessons import LessonError, load_text
from lessons.answers import resolve_answer
from lessons.calls import compute
from lessons.schema import Correlate2dScene, PipelineScene
from lessons.verify import verify_lesson

HEAD = """\
id: calls
title: Calls
deck: {file: 000_2ce6168aac0ff3a0.txt, course: CS344}
summary: S
scenes:
"""

PIPELINE = HEAD + (
    "  - kind: pipeline\n"
    "    input: |\n"
    "      1 2 3\n"
    "      4 5 6\n"
    "      7 8 9\n"
    "    stages:\n"
    "      - {kind: correlate2d, kernel: [[1, 0], [0, 1]], expect: [[6, 8], [12, 14]]}\n"
    "      - {kind: pool2d, size: 2, expect: 14}\n"
    "    quiz: [{ask: Q, cell: [0, 0]}]\n"
)


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Wrap ``module.name`` so each call appends to the returned list."""
    calls: list[int] = []
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_a_scene_is_computed_once_from_load_to_quiz(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = counting(monkeypatch, engine.correlate, "run_plan")
    text = MINIMAL + "    quiz: [{ask: Q, cell: [1]}]\n"
    lesson = load_text(text, "x.yaml")
    assert len(runs) == 1  # the loader's check
    scene = lesson.scenes[0]
    assert isinstance(scene, Correlate2dScene)
    first, second = compute(scene), compute(scene)
    assert first is second
    assert first.tolist() == [[0.0, 4.0]]  # deck 000's vertical edge filter
    assert verify_lesson(lesson).ok
    assert resolve_answer(scene, scene.quiz[0]).text == "4"
    assert len(runs) == 1


def test_each_pipeline_stage_is_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    correlations = counting(monkeypatch, engine.correlate, "run_plan")
    poolings = counting(monkeypatch, engine.pooling, "run_pooling")
    lesson = load_text(PIPELINE, "x.yaml")
    scene = lesson.scenes[0]
    assert isinstance(scene, PipelineScene)
    assert compute(scene).tolist() == [[14.0]]
    assert verify_lesson(lesson).ok
    assert resolve_answer(scene, scene.quiz[0]).text == "14"
    assert (len(correlations), len(poolings)) == (1, 1)


def test_a_kept_result_is_read_only_and_tied_to_its_input() -> None:
    scene = load_text(MINIMAL, "x.yaml").scenes[0]
    assert isinstance(scene, Correlate2dScene)
    output = compute(scene)
    with pytest.raises(ValueError, match="read-only"):
        output[0, 0] = 99
    other = np.array([[1.0, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]])
    assert compute(scene, other).tolist() == [[0.0, 1.0]]  # a new input is computed afresh
    assert compute(scene, scene.input.copy()).tolist() == [[0.0, 4.0]]  # an equal one is not


CORRELATION = HEAD + (
    "  - kind: correlate2d\n"
    "    input: [[1, 2, 3], [4, 5, 6], [7, 8, 9]]\n"
    "    kernel: [[1, 0], [0, 1]]\n"
    "    stride: 2\n"
    "    padding: 1\n"
)


def refuse_with(monkeypatch: pytest.MonkeyPatch, error: ValueError) -> LessonError:
    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise error

    monkeypatch.setattr(engine.correlate, "plan_correlation", refuse)
    with pytest.raises(LessonError) as info:
        load_text(CORRELATION, "x.yaml")
    return info.value


def test_the_argument_is_blamed_not_the_words_of_the_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The message's first key-like word is "kernel" (the old guess); the argument is stride."""
    error = refuse_with(monkeypatch, ArgumentError("stride", "kernel 2x2 with stride 2 is odd"))
    assert (error.line, error.column) == (9, 13)  # the value of ``stride:``
    assert error.message == "kernel 2x2 with stride 2 is odd"


@pytest.mark.parametrize(
    ("argument", "where"),
    [("x", (7, 12)), ("k", (8, 13)), ("padding", (10, 14)), ("dilation", (6, 5))],
    ids=["x is input", "k is kernel", "same name", "not written: the scene"],
)
def test_engine_argument_names_map_to_keys(
    monkeypatch: pytest.MonkeyPatch, argument: str, where: tuple[int, int]
) -> None:
    error = refuse_with(monkeypatch, ArgumentError(argument, "refused"))
    assert (error.line, error.column) == where


def test_a_plain_value_error_is_placed_at_the_scene(monkeypatch: pytest.MonkeyPatch) -> None:
    error = refuse_with(monkeypatch, ValueError("stride padding kernel"))
    assert (error.line, error.column) == (6, 5)  # the scene's first key, ``kind``


def test_a_stride_the_engine_refuses_is_blamed_at_the_stride_key() -> None:
    text = CORRELATION.replace("stride: 2", "stride: 100000000")
    with pytest.raises(LessonError) as info:
        load_text(text, "x.yaml")
    assert (info.value.line, info.value.column) == (9, 13)
    assert "stride" in info.value.message and "100000000" in info.value.message


def test_a_stage_error_is_blamed_inside_its_stage() -> None:
    text = PIPELINE.replace("{kind: pool2d, size: 2,", "{kind: pool2d, size: 2, padding: 5,")
    with pytest.raises(LessonError) as info:
        load_text(text, "x.yaml")
    assert (info.value.line, info.value.column) == (13, 42)  # the value of the stage's padding
    assert info.value.message.startswith("stage 2 (pool2d): padding 5 is more than half")
