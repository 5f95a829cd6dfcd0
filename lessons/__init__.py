"""Lesson files (YAML) and the typed schema and loader that read them.

>>> from lessons import load_all
>>> result = load_all()
>>> [lesson.id for lesson in result.lessons][:1]  # doctest: +SKIP
['000-convolution']

The format is described at the top of :mod:`lessons.schema` (the records, which only describe).
Data flows one way: :mod:`lessons.calls` computes a scene with the engine (once: the result stays
on the scene), and :mod:`lessons.loader` reads a file through the schema and then the engine. This
package never imports textual, rich or torch.

The names below are imported on first use (:pep:`562`), so that importing a light submodule
(``lessons.progression``, ``lessons.quiz.schedule``) does not build the schema's pydantic models
and import NumPy: the app paints its first frame without them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lessons.loader.reading import (
        LessonError,
        LoadResult,
        load_all,
        load_file,
        load_paths,
        load_text,
    )
    from lessons.schema import (
        SCENE_KINDS,
        DeckRef,
        Display,
        Erratum,
        ErratumCell,
        Lesson,
        QuizQuestion,
        Scene,
        ShapeErratum,
        SlideRef,
    )

_HOMES = {
    **dict.fromkeys(
        ("LessonError", "LoadResult", "load_all", "load_file", "load_paths", "load_text"),
        "lessons.loader.reading",
    ),
    **dict.fromkeys(
        (
            "SCENE_KINDS",
            "DeckRef",
            "Display",
            "Erratum",
            "ErratumCell",
            "Lesson",
            "QuizQuestion",
            "Scene",
            "ShapeErratum",
            "SlideRef",
        ),
        "lessons.schema",
    ),
}

__all__ = [
    "SCENE_KINDS",
    "DeckRef",
    "Display",
    "Erratum",
    "ErratumCell",
    "Lesson",
    "LessonError",
    "LoadResult",
    "QuizQuestion",
    "Scene",
    "ShapeErratum",
    "SlideRef",
    "load_all",
    "load_file",
    "load_paths",
    "load_text",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (``lessons.load_all`` imports the loader)."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'lessons' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
