"""Load lesson files (re-exported by :mod:`lessons.loader`): safe YAML, schema, engine, one line.

Every YAML syntax error, schema violation or engine refusal becomes a :class:`LessonError`
whose text is ``path:line:column: message``, the position taken from the YAML node marks::

    lessons/003-xo.yaml:42:7: kernel row 2 has 2 numbers, expected 3

A broken file never stops the others from loading. Only plain YAML is read: tags such as
``!!python/object`` are refused. Loading a lesson is four steps, each in its own module:

1. :mod:`~lessons.loader.files`: find the files and read one (a regular file, at most
   :data:`MAX_FILE_BYTES`, UTF-8);
2. :mod:`~lessons.loader.yaml_nodes`: compose the YAML nodes and check them (depth, size,
   numbers, tags, keys), then build the values without control characters;
3. :mod:`lessons.schema`: validate the values (a pydantic model per record);
4. :mod:`~lessons.loader.engine_check`: compute every scene once with the engine (the result
   stays on the scene) and refuse what it cannot compute, or a quiz cell outside the output.

:mod:`~lessons.loader.positions` turns the errors of steps 3 and 4 into positions and messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from lessons.loader.engine_check import faults
from lessons.loader.errors import LessonError
from lessons.loader.files import (
    ENV_VAR,
    MAX_FILE_BYTES,
    builtin_dir,
    decode,
    display_path,
    is_folder,
    lesson_dirs,
    lesson_files,
    read_bytes,
)
from lessons.loader.positions import describe, from_validation, located_at
from lessons.loader.yaml_nodes import at, check_nodes, compose, construct, mapping_get
from lessons.schema import Lesson

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


@dataclass
class LoadResult:
    """What :func:`load_all` found.

    Attributes:
        lessons: Every valid lesson, in course order.
        errors: One entry per broken file (or duplicate id).
    """

    lessons: list[Lesson] = field(default_factory=list)
    errors: list[LessonError] = field(default_factory=list)

    def by_id(self, lesson_id: str) -> Lesson | None:
        """The lesson with this id, or None."""
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        return None


def _engine_errors(lesson: Lesson, root: yaml.Node, where: Path) -> LessonError | None:
    """Compute every scene; the faults as one LessonError (the first, carrying the others)."""
    found = sorted({(*located_at(root, fault.where), fault.message) for fault in faults(lesson)})
    if not found:
        return None
    first, *rest = found
    return LessonError(where, *first, [LessonError(where, *other) for other in rest])


def load_text(text: str, path: Path | str = "<lesson>") -> Lesson:
    """Parse, validate and compute one lesson from its YAML text.

    Args:
        text: The file's text.
        path: The path to name in errors and to record as ``Lesson.source``.

    Returns:
        The lesson, each scene's output computed and kept on it.

    Raises:
        LessonError: The first problem found (YAML syntax, an unsafe tag, a schema violation,
            a scene the engine refuses), carrying the file's other problems in ``more``.
    """
    where = Path(path)
    root = compose(text, where)
    if root is None:
        raise LessonError(
            where, 1, 1, "empty file: a lesson needs id, title, deck, summary and scenes"
        )
    check_nodes(root, where)
    data = construct(root, text)
    if not isinstance(data, dict):
        line, col = at(root)
        raise LessonError(
            where,
            line,
            col,
            f"a lesson file is a mapping (id, title, deck, summary, scenes), got {describe(data)}",
        )
    if "loader_path" in data:
        pair = mapping_get(root, "loader_path") if isinstance(root, yaml.MappingNode) else None
        line, col = at(pair[0]) if pair else (1, 1)
        raise LessonError(where, line, col, "unknown key 'loader_path' (the loader sets it)")
    try:
        lesson = Lesson.model_validate({**data, "loader_path": where}, context={"loader": True})
    except ValidationError as validation:
        raise from_validation(validation, root, text, where) from None
    problem = _engine_errors(lesson, root, where)
    if problem is not None:
        raise problem
    return lesson


def load_file(path: Path | str) -> Lesson:
    """Read, parse, validate and compute one lesson file.

    Raises:
        LessonError: Anything wrong with it, one line with its position.
    """
    real = Path(path)
    shown = display_path(real)
    text = decode(read_bytes(real, shown), shown)
    return load_text(text, shown)


def _id_line(path: Path) -> int:
    try:
        for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
            if line.startswith("id:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def _load_many(files: Iterable[Path], result: LoadResult) -> LoadResult:
    owners: dict[str, Path] = {}
    for path in files:
        try:
            lesson = load_file(path)
        except LessonError as error:
            result.errors.append(error)
            continue
        if lesson.id in owners:
            result.errors.append(
                LessonError(
                    display_path(path),
                    _id_line(path),
                    1,
                    f"duplicate lesson id '{lesson.id}' (already used by {owners[lesson.id]})",
                )
            )
            continue
        owners[lesson.id] = display_path(path)
        result.lessons.append(lesson)
    return result


def load_all(extra_dirs: Sequence[Path | str] = ()) -> LoadResult:
    """Load every lesson: built-in, ``CNN_TUTOR_LESSONS``, then ``extra_dirs``.

    Args:
        extra_dirs: More lesson folders (``--lessons DIR``).

    Returns:
        The lessons in course order and one error per broken file, folder or duplicate id.
    """
    files, errors = lesson_files(lesson_dirs(extra_dirs))
    return _load_many(files, LoadResult(errors=errors))


def load_paths(paths: Sequence[Path | str]) -> LoadResult:
    """Load the given lesson files and folders (folders: every lesson file in them)."""
    files: list[Path] = []
    errors: list[LessonError] = []
    for item in paths:
        path = Path(item)
        if is_folder(path):
            found, missing = lesson_files([path])
            files += found
            errors += missing
        else:
            files.append(path)
    return _load_many(files, LoadResult(errors=errors))
