"""The load-time computation: every scene of a valid lesson computed once, its faults located.

:func:`faults` asks :func:`lessons.calls.compute` for each scene's output (each pipeline stage's in
turn), which keeps it on the scene for the playback, the quiz and ``check``. An engine error is an
:class:`~engine.errors.ArgumentError` naming its argument; :data:`ARGUMENT_KEYS` maps the engine's
argument names to the lesson's keys, so the error is placed at the key the author wrote. A quiz
``cell`` outside the computed output is refused here too, with the output's shape.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.errors import ArgumentError
from lessons.answers import AnswerError, resolve_answer
from lessons.calls import compute, network_rows, output_shape
from lessons.schema import (
    AnyScene,
    Lesson,
    NetworkScene,
    OutputSizeScene,
    PipelineScene,
    TextScene,
)
from lessons.schema.base import Computes

__all__ = ["ARGUMENT_KEYS", "Fault", "faults", "scene_faults", "yaml_key"]

ARGUMENT_KEYS: dict[str, str] = {
    "x": "input",
    "k": "kernel",
    "n": "input_size",
    "f": "kernel_size",
    "kernel_size": "size",
    "window": "size",
}
"""Engine argument names that a lesson spells differently (the others are the same word)."""

_SIZE_SCENE_KEYS = {"input": "input_size", "kernel": "kernel_size", "size": "kernel_size"}
"""An output-size scene has no arrays: its input and kernel are sizes."""


@dataclass(frozen=True)
class Fault:
    """A valid record that the engine cannot compute (or a quiz cell outside its output).

    Attributes:
        where: The path below the lesson to the key at fault, ``("scenes", 2, "stride")`` or
            ``("scenes", 4, "stages", 1)`` (a stage's first key when no key is to blame).
        message: One line naming shapes and values.
    """

    where: tuple[str | int, ...]
    message: str


def yaml_key(argument: str | None, item: Any) -> str | None:
    """The key of ``item`` (a scene or a stage) that an engine argument is, if the file has it.

    Args:
        argument: The engine's argument name (``"k"``, ``"stride"``), or None for a plain
            ``ValueError`` that names none.
        item: The scene or stage computed.

    Returns:
        The key as the file writes it (``kernels`` for a stack of kernels, ``weights`` for a
        vote), or None when the file does not write it (a default, a stage's input, no argument
        named): the error is then placed at the record's first key.
    """
    if argument is None:
        return None
    written = item.model_fields_set
    key = ARGUMENT_KEYS.get(argument, argument)
    if isinstance(item, OutputSizeScene):
        key = _SIZE_SCENE_KEYS.get(key, key)
    if key == "kernel" and "kernel" not in written:
        key = "kernels" if "kernels" in written else "weights"
    return key if key in written else None


def _blamed(error: ValueError, item: Any, where: tuple[str | int, ...]) -> tuple[str | int, ...]:
    argument = error.argument if isinstance(error, ArgumentError) else None
    key = yaml_key(argument, item)
    return (*where, key) if key is not None else where


def _stage_faults(scene: PipelineScene, where: tuple[str | int, ...]) -> list[Fault]:
    x = scene.input
    for index, stage in enumerate(scene.stages):
        try:
            x = compute(stage, x)
        except ValueError as error:
            at = _blamed(error, stage, (*where, "stages", index))
            return [Fault(at, f"stage {index + 1} ({stage.kind}): {error}")]
    return []


def _quiz_faults(scene: AnyScene, where: tuple[str | int, ...]) -> list[Fault]:
    found: list[Fault] = []
    for index, question in enumerate(scene.quiz):
        if question.cell is None:
            continue
        try:
            resolve_answer(scene, question)
        except AnswerError as error:
            at = (*where, "quiz", index, "cell")
            found.append(Fault(at, f"quiz question {index + 1}: {error}"))
    return found


def _scene_faults(scene: AnyScene, where: tuple[str | int, ...]) -> list[Fault]:
    if isinstance(scene, PipelineScene):
        stages = _stage_faults(scene, where)
        return stages or _quiz_faults(scene, where)
    try:
        if isinstance(scene, OutputSizeScene):
            output_shape(scene)
        elif isinstance(scene, NetworkScene):
            network_rows(scene)
        elif isinstance(scene, Computes):
            compute(scene)
    except ValueError as error:
        return [Fault(_blamed(error, scene, where), str(error))]
    if isinstance(scene, (TextScene, OutputSizeScene)):
        return []
    return _quiz_faults(scene, where)


def scene_faults(scene: AnyScene, index: int) -> list[Fault]:
    """Compute one scene (the ``index``-th, 0-based) and list what the engine refuses in it."""
    return _scene_faults(scene, ("scenes", index))


def faults(lesson: Lesson) -> list[Fault]:
    """Compute every scene of a lesson once (the result stays on it) and list what fails.

    Args:
        lesson: A lesson that passed the schema.

    Returns:
        One fault per scene the engine refuses (at its first failing stage for a pipeline), and
        one per quiz cell outside its scene's output, in scene order.
    """
    found: list[Fault] = []
    for index, scene in enumerate(lesson.scenes):
        found += _scene_faults(scene, ("scenes", index))
    return found
