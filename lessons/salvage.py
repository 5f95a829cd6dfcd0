"""Everything wrong with a broken lesson file in one run: the scenes that are fine still checked.

A file that fails the schema is refused as a whole, so the engine never computed its valid scenes
and ``check`` never compared them with their ``expect``: an author fixed one error, ran ``check``
again and met the next. :func:`salvage` validates each scene on its own and, for those the
schema takes, reports what the engine refuses (as :class:`~lessons.loader.LessonError`) and
every mismatch (as :class:`~lessons.verify.Finding`, placed at its line).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from lessons.loader.engine_check import scene_faults
from lessons.loader.errors import LessonError
from lessons.loader.files import decode, display_path, read_bytes
from lessons.loader.positions import located_at
from lessons.loader.yaml_nodes import check_nodes, compose, construct
from lessons.schema import Scene
from lessons.verify import Finding, place_findings, verify_scene

__all__ = ["Salvage", "salvage"]

_SCENE: TypeAdapter[Any] = TypeAdapter(Scene)


@dataclass
class Salvage:
    """What the valid scenes of a broken file still show.

    Attributes:
        errors: What the engine refuses in them, one line each.
        findings: Their mismatches with ``expect`` (marked errata included).
    """

    errors: list[LessonError] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def salvage(path: Path | str) -> Salvage:
    """Check the scenes of a file that did not load, each on its own.

    Args:
        path: The lesson file.

    Returns:
        Engine refusals and mismatches of the scenes the schema accepts; empty when the file
        cannot be read or parsed at all (its one error says why).
    """
    result = Salvage()
    real = Path(path)
    shown = display_path(real)
    try:
        text = decode(read_bytes(real, shown), shown)
        root = compose(text, shown)
        if root is None:
            return result
        check_nodes(root, shown)
        data = construct(root, text)
    except LessonError:
        return result
    scenes = data.get("scenes") if isinstance(data, dict) else None
    if not isinstance(scenes, list):
        return result
    display = data.get("display") if isinstance(data, dict) else None
    for index, raw in enumerate(scenes):
        if isinstance(raw, dict) and display is not None and "display" not in raw:
            raw = {**raw, "display": display}
        try:
            scene = _SCENE.validate_python(raw)
        except ValidationError:
            continue  # the loader's message already names it
        found = scene_faults(scene, index)
        if found:
            for fault in found:
                line, column = located_at(root, fault.where)
                result.errors.append(LessonError(shown, line, column, fault.message))
            continue
        try:
            result.findings += verify_scene(scene, index + 1)
        except ValueError:
            continue
    result.findings = place_findings(result.findings, root, text)
    return result
