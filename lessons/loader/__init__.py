"""Load lesson files: safe YAML, the typed schema, the engine, and one clear line per problem.

The loading itself is :mod:`lessons.loader.reading` (its docstring describes the four steps). The
names below are imported from it on first use (:pep:`562`), so that a light submodule
(:mod:`lessons.loader.files`, which finds the lesson files) can be imported without the schema's
pydantic models and NumPy: the home screen's cached listing (:mod:`lessons.listing`) needs only it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lessons.loader.reading import (
        ENV_VAR,
        MAX_FILE_BYTES,
        LessonError,
        LoadResult,
        builtin_dir,
        lesson_dirs,
        lesson_files,
        load_all,
        load_file,
        load_paths,
        load_text,
    )

__all__ = [
    "ENV_VAR",
    "MAX_FILE_BYTES",
    "LessonError",
    "LoadResult",
    "builtin_dir",
    "lesson_dirs",
    "lesson_files",
    "load_all",
    "load_file",
    "load_paths",
    "load_text",
]


def __getattr__(name: str) -> Any:
    """Import :mod:`lessons.loader.reading` on first use of one of its public names."""
    if name not in __all__:
        raise AttributeError(f"module 'lessons.loader' has no attribute {name!r}")
    value = getattr(importlib.import_module("lessons.loader.reading"), name)
    globals()[name] = value
    return value
