"""The playground's state written as a lesson file: ``cnn-tutor play --save`` and the ``w`` key.

The file holds the kind, the arrays as blocks of rows, the parameters, and ``expect`` filled from
the engine, written with the scene's display rule, so ``cnn-tutor check`` accepts it and
``--lessons DIR`` loads it. It is written with ``yaml.safe_dump`` (a ``SafeDumper`` that writes
multi-line strings as ``|`` blocks), never with tags.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import yaml

from engine.types import FloatArray
from lessons.playground.grids import block_text
from lessons.playground.state import Built

__all__ = ["lesson_yaml"]


class _BlockDumper(yaml.SafeDumper):
    """A safe dumper that writes a multi-line string as a literal block."""


def _string(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_BlockDumper.add_representer(str, _string)


def _block_form(array: FloatArray) -> bool:
    """Whether a block of rows reads back as this array (a one-row grid would read as 1-D)."""
    if array.ndim == 1:
        return True
    if array.ndim == 2:
        return bool(array.shape[0] > 1)
    return bool(array.ndim == 3 and array.shape[1] > 1)


def _grid(array: FloatArray) -> Any:
    if _block_form(array):
        return block_text(array)
    values = [int(v) if float(v).is_integer() else float(v) for v in array.ravel()]
    return np.array(values, dtype=object).reshape(array.shape).tolist()


def _expect(built: Built) -> Any:
    """The engine's output written with the scene's display rule, as a block of rows."""
    playback = built.playback
    output = built.output
    texts = np.array([playback.format(float(v)) for v in output.ravel()], dtype=object)
    texts = texts.reshape(output.shape)
    if not _block_form(output):
        return texts.tolist()
    if output.ndim == 1:
        return " ".join(texts) + "\n"
    if output.ndim == 2:
        return "\n".join(" ".join(row) for row in texts) + "\n"
    return "\n\n".join("\n".join(" ".join(row) for row in channel) for channel in texts) + "\n"


def lesson_yaml(built: Built, *, lesson_id: str = "playground") -> str:
    """The built state as a lesson file's text.

    Args:
        built: A valid state (see :meth:`~lessons.playground.PlayState.build`).
        lesson_id: The lesson's id (letters, digits, ``-``, ``_``, ``.``).

    Returns:
        YAML text that ``lessons.load_text`` loads into the same scene and output.
    """
    lesson_id = re.sub(r"[^A-Za-z0-9_.-]", "-", lesson_id) or "playground"
    data = built.state.lesson_data(lesson_id=lesson_id, expect=_expect(built))
    scene = data["scenes"][0]
    for item in (scene, *scene.get("stages", ())):
        for key in ("input", "kernel", "kernels"):
            if key in item:
                item[key] = _grid(np.array(item[key], dtype=np.float64))
    if isinstance(scene.get("divisor"), float) and float(scene["divisor"]).is_integer():
        scene["divisor"] = int(scene["divisor"])
    header = "# Made in the cnn-tutor playground. Check it with: cnn-tutor check THIS_FILE\n"
    body = yaml.dump(data, Dumper=_BlockDumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body
