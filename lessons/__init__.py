"""Lesson files (YAML) and the typed schema and loader that read them.

>>> from lessons import load_all
>>> result = load_all()
>>> [lesson.id for lesson in result.lessons][:1]  # doctest: +SKIP
['000-convolution']

The format is described at the top of :mod:`lessons.schema` (the records, which only describe).
Data flows one way: :mod:`lessons.calls` computes a scene with the engine (once: the result stays
on the scene), and :mod:`lessons.loader` reads a file through the schema and then the engine. This
package never imports textual, rich or torch.
"""

from __future__ import annotations

from lessons.loader import LessonError, LoadResult, load_all, load_file, load_paths, load_text
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
