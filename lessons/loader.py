"""Load lesson files: safe YAML, the typed schema, and one clear line per problem.

Every YAML syntax error or schema violation becomes a :class:`LessonError` whose text is
``path:line:column: message``, the position taken from the YAML node marks::

    lessons/003-xo.yaml:42:7: kernel row 2 has 2 numbers, expected 3

A broken file never stops the others from loading. Only plain YAML is read: tags such as
``!!python/object`` are refused.

Where lessons come from, in course order (file-name order across all folders):

1. the YAML files shipped in this package folder;
2. the folders in ``CNN_TUTOR_LESSONS`` (an ``os.pathsep``-separated list);
3. the folders passed as ``extra_dirs`` (the command line's ``--lessons DIR``).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from lessons.schema import SCENE_KINDS, STAGE_KINDS, Lesson

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

ENV_VAR = "CNN_TUTOR_LESSONS"
"""Environment variable with extra lesson folders (``os.pathsep``-separated)."""

MAX_FILE_BYTES = 1_000_000
"""Largest lesson file read (a lesson is a few kilobytes)."""

MAX_NODES = 200_000
"""Most YAML values a file may expand to (aliases counted each time they are used)."""

SUFFIXES = (".yaml", ".yml")
"""File name endings of lesson files."""

_SAFE_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)


class LessonError(Exception):
    """One problem in one lesson file, located by line and column (1-based).

    ``str(error)`` is ``f"{path}:{line}:{column}: {message}"``.

    Attributes:
        path: The file (as the user would type it: relative to the working folder when inside it).
        line: 1-based line.
        column: 1-based column.
        message: What is wrong, in one line.
    """

    def __init__(
        self,
        path: Path | str,
        line: int,
        column: int,
        message: str,
        more: Sequence[LessonError] = (),
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = " ".join(message.split())  # always one line
        self.more: tuple[LessonError, ...] = tuple(more)
        super().__init__(str(self))

    @property
    def all(self) -> tuple[LessonError, ...]:
        """This error and the file's other problems, in file order."""
        return (self, *self.more)

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"

    def __repr__(self) -> str:
        return (
            f"LessonError(path={str(self.path)!r}, line={self.line}, column={self.column}, "
            f"message={self.message!r})"
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LessonError):
            return NotImplemented
        return str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


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


# ---------------------------------------------------------------------------- where lessons are
def builtin_dir() -> Path:
    """The package folder holding the built-in lessons."""
    return Path(str(resources.files("lessons")))


def _display_path(path: Path) -> Path:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve())
    except (ValueError, OSError):
        return path


def lesson_dirs(extra_dirs: Sequence[Path | str] = ()) -> list[Path]:
    """The lesson folders: built-in, then ``CNN_TUTOR_LESSONS``, then ``extra_dirs``."""
    dirs = [builtin_dir()]
    env = os.environ.get(ENV_VAR, "")
    dirs += [Path(part) for part in env.split(os.pathsep) if part.strip()]
    dirs += [Path(d) for d in extra_dirs]
    unique: list[Path] = []
    seen: set[str] = set()
    for d in dirs:
        key = str(d.resolve()) if d.exists() else str(d)
        if key not in seen:
            seen.add(key)
            unique.append(d)
    return unique


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.suffix in SUFFIXES and p.is_file() and p.name[0] != "."
    )


def lesson_files(dirs: Iterable[Path]) -> tuple[list[Path], list[LessonError]]:
    """Every lesson file in the folders, in course order (file name, then folder order).

    Returns:
        The files, and an error for each folder that is missing or unreadable.
    """
    found: list[tuple[str, int, Path]] = []
    errors: list[LessonError] = []
    for order, folder in enumerate(dirs):
        try:
            files = _yaml_files(folder)
        except FileNotFoundError:
            errors.append(LessonError(_display_path(folder), 1, 1, "lesson folder not found"))
            continue
        except NotADirectoryError:
            errors.append(LessonError(_display_path(folder), 1, 1, "not a folder"))
            continue
        except OSError as error:
            reason = error.strerror or str(error)
            errors.append(LessonError(_display_path(folder), 1, 1, f"cannot read folder: {reason}"))
            continue
        found += [(p.name, order, p) for p in files]
    found.sort(key=lambda item: (item[0], item[1]))
    return [p for _, _, p in found], errors


# ---------------------------------------------------------------------------- YAML, safely
class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader; nodes are checked before anything is constructed."""


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


def _decode(data: bytes, path: Path) -> str:
    if b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        prefix = data[: data.index(b"\x00")].decode("utf-8", "replace")
        line, col = _position(prefix, len(prefix))
        raise LessonError(path, line, col, "not a text file: found a NUL byte (binary data?)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        prefix = data[: error.start].decode("utf-8", "replace")
        line, col = _position(prefix, len(prefix))
        raise LessonError(
            path, line, col, f"not UTF-8 text: byte 0x{data[error.start]:02x} cannot be decoded"
        ) from None
    return text


def _yaml_message(error: yaml.MarkedYAMLError) -> str:
    problem = error.problem or "invalid YAML"
    if "\\t" in problem or "'\\t'" in problem or "\t" in problem:
        problem += " (YAML indents with spaces, not tabs)"
    if "expected <block end>" in problem:
        problem += (
            " (check the indentation: a '|' block takes its indentation from its first line, "
            "so do not indent that line further than the rest)"
        )
    if "expected a single document" in f"{problem} {error.context or ''}":
        return "a lesson file holds one YAML document, but a second one starts here"
    message = f"YAML syntax error: {problem}"
    if error.context and error.context_mark is not None:
        message += f" ({error.context} at line {error.context_mark.line + 1})"
    return message


def _compose(text: str, path: Path) -> yaml.Node | None:
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as error:
        line, col = _position(text, error.position)
        char = f"U+{error.character:04X}" if isinstance(error.character, int) else "a character"
        raise LessonError(
            path, line, col, f"not a text file: {char} is a control character YAML does not allow"
        ) from None
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise LessonError(path, line, col, _yaml_message(error)) from None
    except yaml.YAMLError as error:
        raise LessonError(path, 1, 1, f"YAML error: {error}") from None
    finally:
        loader.dispose()


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _check_nodes(root: yaml.Node, path: Path) -> None:
    """Refuse unsafe tags, non-text keys, duplicate keys and alias bombs before constructing."""
    count = 0
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        count += 1
        if count > MAX_NODES:
            line, col = _at(node)
            raise LessonError(
                path, line, col, f"too many values: the file expands to more than {MAX_NODES}"
            )
        if node.tag not in _SAFE_TAGS:
            line, col = _at(node)
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise LessonError(
                path,
                line,
                col,
                f"tag {tag} is not allowed: lesson files hold plain numbers, text, lists and "
                "mappings",
            )
        if isinstance(node, yaml.MappingNode):
            seen: dict[str, yaml.Node] = {}
            for key, value in node.value:
                if key.tag == "tag:yaml.org,2002:merge" or key.tag not in _SAFE_TAGS:
                    line, col = _at(key)
                    raise LessonError(
                        path, line, col, "merge keys (<<) and tagged keys are not allowed"
                    )
                if not isinstance(key, yaml.ScalarNode) or key.tag != "tag:yaml.org,2002:str":
                    line, col = _at(key)
                    raise LessonError(path, line, col, "keys must be plain words such as 'kernel'")
                if key.value in seen:
                    line, col = _at(key)
                    first = seen[key.value].start_mark.line + 1
                    raise LessonError(
                        path,
                        line,
                        col,
                        f"duplicate key '{key.value}' (first given on line {first})",
                    )
                seen[key.value] = key
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def _construct(root: yaml.Node, text: str) -> Any:
    loader = _Loader(text)
    try:
        return loader.construct_document(root)
    finally:
        loader.dispose()


# ---------------------------------------------------------------------------- errors → positions
_KIND_LIST = ", ".join(SCENE_KINDS)
_STAGE_LIST = ", ".join(STAGE_KINDS)


def _all_keys() -> list[str]:
    from lessons import schema

    keys: set[str] = set()
    for name in dir(schema):
        model = getattr(schema, name)
        fields = getattr(model, "model_fields", None)
        if isinstance(fields, dict):
            keys.update(fields)
    keys.discard("source")
    return sorted(keys)


def _mapping_get(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for k, v in node.value:
        if isinstance(k, yaml.ScalarNode) and k.value == key:
            return k, v
    return None


@dataclass
class _Located:
    node: yaml.Node
    key_node: yaml.Node | None
    key: str | None
    in_stages: bool


def _walk(root: yaml.Node, loc: Sequence[Any]) -> _Located:
    """Follow a pydantic error location through the node tree as far as it goes."""
    node = root
    key_node: yaml.Node | None = None
    key: str | None = None
    in_stages = False
    for part in loc:
        if isinstance(part, int) and not isinstance(part, bool):
            if isinstance(node, yaml.SequenceNode) and 0 <= part < len(node.value):
                node = node.value[part]
                key_node = None
                continue
            break
        if isinstance(part, str) and isinstance(node, yaml.MappingNode):
            pair = _mapping_get(node, part)
            if pair is not None:
                key_node, node = pair
                key = part
                in_stages = in_stages or part == "stages"
                continue
            kind = _mapping_get(node, "kind")
            if kind is not None and isinstance(kind[1], yaml.ScalarNode) and kind[1].value == part:
                continue  # the discriminated union's tag
            break
        if isinstance(part, str) and part in SCENE_KINDS + STAGE_KINDS:
            continue
        break
    return _Located(node, key_node, key, in_stages)


def _text_line_position(node: yaml.Node, text_line: int, source: list[str]) -> tuple[int, int]:
    """Where line ``text_line`` of a block scalar's value sits in the file."""
    if isinstance(node, yaml.ScalarNode) and node.style in ("|", ">"):
        line = node.start_mark.line + 1 + text_line  # 0-based file line
        if 0 <= line < len(source):
            content = source[line]
            indent = len(content) - len(content.lstrip(" \t"))
            return line + 1, indent + 1
    if isinstance(node, yaml.ScalarNode) and node.style is None:
        line = node.start_mark.line + text_line
        if text_line and 0 <= line < len(source):
            content = source[line]
            return line + 1, len(content) - len(content.lstrip(" \t")) + 1
    return _at(node)


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


class _Context(dict[str, Any]):
    """A pydantic error's ``ctx``, reading None for a value it lacks (as ``ctx.get`` would)."""

    def __missing__(self, name: str) -> None:
        return None


_TEMPLATES: dict[str, str] = {
    **dict.fromkeys(("string_type", "string_sub_type"), "{key} must be text, got {got}"),
    "bool_type": "{key} must be true or false, got {got}",
    **dict.fromkeys(
        ("int_type", "int_parsing", "int_from_float"), "{key} must be a whole number, got {got}"
    ),
    **dict.fromkeys(("float_type", "float_parsing"), "{key} must be a number, got {got}"),
    "greater_than_equal": "{key} must be at least {ctx[ge]}, got {got}",
    "less_than_equal": "{key} must be at most {ctx[le]}, got {got}",
    "literal_error": "{key} must be one of {ctx[expected]}, got {got}",
    **dict.fromkeys(
        ("model_type", "model_attributes_type", "dict_type"),
        "{key} must be a mapping of keys, got {got}",
    ),
    **dict.fromkeys(("tuple_type", "list_type"), "{key} must be a list, got {got}"),
    "too_short": "{key} needs at least {ctx[min_length]} item(s)",
    "too_long": "{key} holds at most {ctx[max_length]} item(s)",
    "string_pattern_mismatch": "{key} may hold only letters, digits, '-', '_' and '.', got {got}",
    "string_too_long": "{key} is too long (at most {ctx[max_length]} characters)",
}
"""Messages for pydantic error types that need only the key, the value and the error's ctx."""


def _message(error: dict[str, Any], located: _Located, known_keys: list[str]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    loc = error["loc"]
    names = [p for p in loc if isinstance(p, str) and p not in SCENE_KINDS + STAGE_KINDS]
    key = names[-1] if names else "lesson"
    got = _describe(error.get("input"))
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(key, known_keys, n=1)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        return f"unknown key '{key}'{hint}"
    if kind == "missing":
        msg = str(error.get("msg", ""))
        return msg if msg.startswith("missing key") else f"missing key '{key}'"
    if kind == "union_tag_invalid":
        tag = ctx.get("tag", "?")
        if located.in_stages:
            return f"unknown stage kind '{tag}'; a stage is one of: {_STAGE_LIST}"
        return f"unknown scene kind '{tag}'; expected one of: {_KIND_LIST}"
    if kind == "union_tag_not_found":
        listing = _STAGE_LIST if located.in_stages else _KIND_LIST
        return f"missing key 'kind' (one of: {listing})"
    template = _TEMPLATES.get(kind)
    if template is not None:
        return template.format(key=key, got=got, ctx=_Context(ctx))
    if kind == "lesson_value":
        return str(error["msg"])
    return f"{key}: {error['msg']}"


def _locate(error: dict[str, Any], root: yaml.Node, source: list[str]) -> tuple[int, int, _Located]:
    ctx = error.get("ctx") or {}
    loc = list(error["loc"])
    extra = ctx.get("field")
    if isinstance(extra, str):
        loc.append(extra)
    elif isinstance(extra, (list, tuple)):
        loc.extend(extra)
    loc.extend(ctx.get("at") or [])
    located = _walk(root, loc)
    if error["type"] == "extra_forbidden" and located.key_node is not None:
        line, col = _at(located.key_node)
    elif error["type"] == "union_tag_invalid" and isinstance(located.node, yaml.MappingNode):
        pair = _mapping_get(located.node, "kind")
        line, col = _at(pair[1] if pair else located.node)
    elif isinstance(ctx.get("text_line"), int):
        line, col = _text_line_position(located.node, ctx["text_line"], source)
    else:
        line, col = _at(located.node)
    return line, col, located


def _from_validation(
    validation: ValidationError, root: yaml.Node, text: str, where: Path
) -> LessonError:
    """The schema's errors as LessonErrors in file order: the first, carrying the others."""
    errors: list[dict[str, Any]] = [dict(e) for e in validation.errors(include_url=False)]
    inner: list[tuple[Any, ...]] = [tuple(e["loc"]) for e in errors if e["type"] != "too_short"]
    # a list whose items failed is also reported as too short: keep only the items' errors
    errors = [
        e
        for e in errors
        if not (
            e["type"] == "too_short"
            and any(loc[: len(e["loc"])] == tuple(e["loc"]) for loc in inner)
        )
    ]
    source = text.split("\n")
    known = _all_keys()
    found: dict[tuple[int, int, str], None] = {}
    for error in errors:
        line, col, located = _locate(error, root, source)
        found[(line, col, _message(error, located, known))] = None
    ranked = sorted(found)
    first, rest = ranked[0], ranked[1:]
    return LessonError(where, first[0], first[1], first[2], [LessonError(where, *r) for r in rest])


# ---------------------------------------------------------------------------- loading
def load_text(text: str, path: Path | str = "<lesson>") -> Lesson:
    """Parse and validate one lesson from its YAML text.

    Args:
        text: The file's text.
        path: The path to name in errors and to record as ``Lesson.source``.

    Returns:
        The lesson.

    Raises:
        LessonError: The first problem found (YAML syntax, an unsafe tag, a schema violation).
    """
    where = Path(path)
    root = _compose(text, where)
    if root is None:
        raise LessonError(
            where, 1, 1, "empty file: a lesson needs id, title, deck, summary and scenes"
        )
    _check_nodes(root, where)
    data = _construct(root, text)
    if not isinstance(data, dict):
        line, col = _at(root)
        raise LessonError(
            where,
            line,
            col,
            f"a lesson file is a mapping (id, title, deck, summary, scenes), got {_describe(data)}",
        )
    if "source" in data:
        pair = _mapping_get(root, "source") if isinstance(root, yaml.MappingNode) else None
        line, col = _at(pair[0]) if pair else (1, 1)
        raise LessonError(where, line, col, "unknown key 'source' (the loader sets it)")
    try:
        return Lesson.model_validate({**data, "source": where}, context={"loader": True})
    except ValidationError as validation:
        raise _from_validation(validation, root, text, where) from None
    except RecursionError:
        raise LessonError(where, 1, 1, "the file is nested too deeply") from None


def load_file(path: Path | str) -> Lesson:
    """Read, parse and validate one lesson file.

    Raises:
        LessonError: Anything wrong with it, one line with its position.
    """
    real = Path(path)
    shown = _display_path(real)
    try:
        with real.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise LessonError(shown, 1, 1, "file not found") from None
    except IsADirectoryError:
        raise LessonError(shown, 1, 1, "is a folder, not a lesson file") from None
    except OSError as error:
        raise LessonError(shown, 1, 1, f"cannot read: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise LessonError(shown, 1, 1, f"file is larger than {MAX_FILE_BYTES} bytes")
    text = _decode(data, shown)
    lesson = load_text(text, shown)
    return lesson


def _load_many(files: Iterable[Path], result: LoadResult) -> LoadResult:
    owners: dict[str, Path] = {}
    for path in files:
        try:
            lesson = load_file(path)
        except LessonError as error:
            result.errors.append(error)
            continue
        if lesson.id in owners:
            line = _id_line(path)
            result.errors.append(
                LessonError(
                    _display_path(path),
                    line,
                    1,
                    f"duplicate lesson id '{lesson.id}' (already used by {owners[lesson.id]})",
                )
            )
            continue
        owners[lesson.id] = _display_path(path)
        result.lessons.append(lesson)
    return result


def _id_line(path: Path) -> int:
    try:
        for number, line in enumerate(path.read_text("utf-8").split("\n"), start=1):
            if line.startswith("id:"):
                return number
    except (OSError, UnicodeDecodeError):
        pass
    return 1


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
        if path.is_dir():
            found, missing = lesson_files([path])
            files += found
            errors += missing
        else:
            files.append(path)
    return _load_many(files, LoadResult(errors=errors))
