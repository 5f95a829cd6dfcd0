"""Errors to positions: where in the file a schema or engine error is, and its one-line message.

A pydantic error's location (``("scenes", 2, "correlate2d", "stride")``) and an engine fault's
(the scene, the stage, the key) are followed through the YAML node tree as far as they go; the
node's mark gives the line and column.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from lessons.loader.errors import LessonError
from lessons.loader.yaml_nodes import at, mapping_get
from lessons.schema import SCENE_KINDS, STAGE_KINDS, Lesson

__all__ = ["describe", "from_validation", "located_at"]

_KIND_LIST = ", ".join(SCENE_KINDS)
_STAGE_LIST = ", ".join(STAGE_KINDS)


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
            pair = mapping_get(node, part)
            if pair is not None:
                key_node, node = pair
                key = part
                in_stages = in_stages or part == "stages"
                continue
            kind = mapping_get(node, "kind")
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
    return at(node)


def describe(value: Any) -> str:
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
    got = describe(error.get("input"))
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
        line, col = at(located.key_node)
    elif error["type"] == "union_tag_invalid" and isinstance(located.node, yaml.MappingNode):
        pair = mapping_get(located.node, "kind")
        line, col = at(pair[1] if pair else located.node)
    elif isinstance(ctx.get("text_line"), int):
        line, col = _text_line_position(located.node, ctx["text_line"], source)
    else:
        line, col = at(located.node)
    return line, col, located


def from_validation(
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
    known = _known_keys()
    found: dict[tuple[int, int, str], None] = {}
    for error in errors:
        line, col, located = _locate(error, root, source)
        found[(line, col, _message(error, located, known))] = None
    ranked = sorted(found)
    first, rest = ranked[0], ranked[1:]
    return LessonError(where, first[0], first[1], first[2], [LessonError(where, *r) for r in rest])


def located_at(root: yaml.Node, loc: Sequence[Any]) -> tuple[int, int]:
    """Line and column of the node a path below the lesson reaches (``["scenes", 2, "stride"]``).

    A path that leaves the file (a key left at its default) stops at the deepest node it reaches:
    the scene's mapping, whose position is its first key.
    """
    return at(_walk(root, loc).node)


def _models(model: type[BaseModel]) -> set[type[BaseModel]]:
    """``model`` and every record type any of its fields holds, however deep."""
    found = {model}
    todo = [model]
    while todo:
        current = todo.pop()
        for info in current.model_fields.values():
            for inner in _types_in(info.annotation):
                if inner not in found:
                    found.add(inner)
                    todo.append(inner)
    return found


def _types_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    args = getattr(annotation, "__args__", None) or getattr(annotation, "__origin__", None)
    if args is None:
        return []
    items = args if isinstance(args, tuple) else (args,)
    return [model for item in items for model in _types_in(item)]


@cache
def _known_keys() -> list[str]:
    """Every key a lesson file may hold (for "did you mean" hints)."""
    keys: set[str] = set()
    for model in _models(Lesson):
        keys.update(
            str(field.validation_alias) if isinstance(field.validation_alias, str) else name
            for name, field in model.model_fields.items()
        )
    keys.discard("loader_path")
    return sorted(keys)
