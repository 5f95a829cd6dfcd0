"""The lesson-format reference, generated from the schema's models so that it cannot drift.

Every kind the schema accepts (the scene union, the pipeline-stage union) and every record is read
from its pydantic model: its keys, whether each is required, its type and its default. The words
and one-line examples come from :mod:`lessons.reference_keys` (or the model's docstring), the
example file of each kind is ``lessons/examples/<kind>.yaml``. ``cnn-tutor format [KIND]`` prints
it; ``docs/format.md`` is :func:`render_markdown`'s output, and a test keeps them equal.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from dataclasses import dataclass
from importlib import resources
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from lessons.reference_keys import KEY_DOCS
from lessons.schema import (
    AnyScene,
    AnyStage,
    Citation,
    DeckRef,
    Display,
    Erratum,
    ErratumCell,
    Lesson,
    NetworkLayer,
    QuizQuestion,
    SceneBase,
    ShapeErratum,
    SlideRef,
    StageBase,
)

__all__ = [
    "INDEX_BASE",
    "RECORDS",
    "KeyDoc",
    "KindDoc",
    "example_text",
    "kind_doc",
    "kinds",
    "render_markdown",
    "render_text",
    "stage_kinds",
]

RECORDS: tuple[type[BaseModel], ...] = (
    Lesson,
    DeckRef,
    SlideRef,
    Citation,
    Display,
    Erratum,
    ErratumCell,
    ShapeErratum,
    QuizQuestion,
    NetworkLayer,
)
"""The records a lesson is made of besides its scenes, in the order the reference lists them."""

INDEX_BASE = (
    "Counting: every message and every screen counts rows, columns, scenes, stages and lines "
    "from 1 ('scene 2, row 1, column 3'). Only the indices an author writes like Python, "
    "erratum 'at: [r, c]' and quiz 'cell: [r, c]', count from 0: at: [1, 0] is row 2, column 1."
)
"""Which counts start at 1 and which at 0: said once, in the reference and in ``--help``."""

_VALIDATOR_TYPES = {
    "_grid": "grid",
    "_expect": "grid as printed",
    "_positive_int_or_pair": "int ≥ 1 or [rows, columns]",
    "_nonnegative_int_or_pair": "int ≥ 0 or [rows, columns]",
    "_padding": "padding",
    "_positive_per_axis": "int ≥ 1, or one per axis",
    "_nonnegative_per_axis": "int ≥ 0, or one per axis",
    "_axes_padding": "padding, or one per axis",
    "_pool_padding": "int ≥ 0, [rows, columns] or per side",
    "_number": "number",
    "_bias": "number or list",
    "_divisor": "number ≠ 0",
    "_shape": "shape",
    "_kernel_size": "int or shape",
    "_number_text": "number",
    "_answer_text": "number or text",
    "_page_text": "number or text",
    "_seed_file": "seed file name",
}


@dataclass(frozen=True)
class KeyDoc:
    """One key of a kind or record.

    Attributes:
        key: The key as a lesson file writes it.
        type: Its type, in words (``int ≥ 1 or [rows, columns]``).
        required: Whether a file must give it.
        default: The default as YAML (``1``, ``max``, ``none``), or ``""`` when required.
        description: What it means, one line.
        example: A one-line example (``stride: 2``).
    """

    key: str
    type: str
    required: bool
    default: str
    description: str
    example: str


@dataclass(frozen=True)
class KindDoc:
    """One scene or stage kind.

    Attributes:
        kind: Its ``kind:`` tag.
        summary: The model docstring's first line.
        keys: Its own keys (the keys every scene or stage has are listed once, apart).
        scene: Whether it may be a scene.
        stage: Whether it may be a pipeline stage.
    """

    kind: str
    summary: str
    keys: tuple[KeyDoc, ...]
    scene: bool
    stage: bool


def _models_of(union: Any) -> dict[str, type[BaseModel]]:
    out: dict[str, type[BaseModel]] = {}
    for model in get_args(union):
        out[get_args(model.model_fields["kind"].annotation)[0]] = model
    return out


def kinds() -> tuple[str, ...]:
    """Every kind the schema accepts: the scene kinds in order, then stage-only kinds."""
    scenes = list(_models_of(AnyScene))
    return (*scenes, *(k for k in _models_of(AnyStage) if k not in scenes))


def stage_kinds() -> tuple[str, ...]:
    """The kinds a pipeline stage may have."""
    return tuple(_models_of(AnyStage))


def _key_name(name: str, field: FieldInfo) -> str:
    alias = field.validation_alias
    return alias if isinstance(alias, str) else name


def _type_words(annotation: Any, metadata: list[Any]) -> str:
    """A field's type in words, from its annotation and its validators."""
    for item in metadata:
        func = getattr(item, "func", None)
        if func is not None and getattr(func, "__name__", "") in _VALIDATOR_TYPES:
            return _VALIDATOR_TYPES[func.__name__]
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = get_args(annotation)
        flat = [
            m for item in extra for m in (item.metadata if isinstance(item, FieldInfo) else [item])
        ]
        return _type_words(base, [*flat, *metadata])
    if origin in (Union, types.UnionType):
        parts = [a for a in get_args(annotation) if a is not type(None)]
        if len(parts) > 2 and all(inspect.isclass(a) and issubclass(a, BaseModel) for a in parts):
            return "mapping (a scene or stage: see its kind)"
        words = [_type_words(a, metadata) for a in parts]
        return " or ".join(dict.fromkeys(words))
    if origin is Literal:
        return " | ".join(str(a) for a in get_args(annotation))
    if origin is tuple:
        args = get_args(annotation)
        return f"list of {_type_words(args[0], [])}" if args else "list"
    low = next((item.ge for item in metadata if getattr(item, "ge", None) is not None), None)
    high = next((item.le for item in metadata if getattr(item, "le", None) is not None), None)
    bounds = f" {low} to {high}" if low is not None and high is not None else ""
    bounds = bounds or (f" ≥ {low}" if low is not None else "")
    if annotation is bool:
        return "true | false"
    if annotation is int:
        return "int" + bounds
    if annotation is float:
        return "number"
    if annotation is str:
        return "text"
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return f"mapping ({annotation.__name__})"
    return getattr(annotation, "__name__", str(annotation))


def _yaml_default(value: Any) -> str:
    if value is None:
        return "none"
    if value == "":
        return '""'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, tuple):
        return "[]" if not value else str(list(value))
    return str(value)


def _summary(model: type[BaseModel]) -> str:
    """A model docstring's first line, its double backticks made single."""
    return (inspect.getdoc(model) or "").split("\n", 1)[0].replace("``", "`")


def _attributes(model: type[BaseModel]) -> dict[str, str]:
    """The ``Attributes:`` section of a model's docstring (and its bases'), key → first line."""
    found: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        doc = inspect.getdoc(cls) or ""
        section = doc.split("Attributes:", 1)
        if len(section) < 2:
            continue
        for match in re.finditer(r"^\s{4}(\w+): (.+?)(?=\n\s{4}\w+: |\Z)", section[1], re.S | re.M):
            found[match.group(1)] = " ".join(match.group(2).split())
    return found


def _key_doc(scope: str, model: type[BaseModel], name: str, field: FieldInfo) -> KeyDoc:
    key = _key_name(name, field)
    words, example = KEY_DOCS.get(f"{scope}.{key}") or KEY_DOCS.get(key) or ("", "")
    if not words:
        words = field.description or _attributes(model).get(name, "")
    required = field.is_required()
    default = "" if required else _yaml_default(field.get_default(call_default_factory=True))
    if not example:
        example = f"{key}: {default}" if default else f"{key}: ..."
    return KeyDoc(
        key=key,
        type=_type_words(field.annotation, list(field.metadata)),
        required=required,
        default=default,
        description=words,
        example=example,
    )


def _own_keys(scope: str, model: type[BaseModel], base: type[BaseModel]) -> tuple[KeyDoc, ...]:
    shared = set(base.model_fields)
    names = [n for n in model.model_fields if n not in shared and n != "kind"]
    names.sort(key=lambda n: n != "input")  # the input first, as a file writes it
    return tuple(_key_doc(scope, model, name, model.model_fields[name]) for name in names)


def _record_keys(model: type[BaseModel]) -> tuple[KeyDoc, ...]:
    return tuple(
        _key_doc(model.__name__, model, name, field)
        for name, field in model.model_fields.items()
        if field.exclude is not True
    )


def kind_doc(kind: str) -> KindDoc:
    """The reference entry of one kind.

    Raises:
        KeyError: The schema has no such kind.
    """
    scenes, stages = _models_of(AnyScene), _models_of(AnyStage)
    model = scenes.get(kind) or stages[kind]
    base: type[BaseModel] = SceneBase if kind in scenes else StageBase
    summary = _summary(model) or kind
    return KindDoc(kind, summary, _own_keys(kind, model, base), kind in scenes, kind in stages)


def example_text(kind: str) -> str | None:
    """The shipped example file of a kind (``lessons/examples/<kind>.yaml``), or None."""
    path = resources.files("lessons") / "examples" / f"{kind}.yaml"
    return path.read_text("utf-8") if path.is_file() else None


def _text_keys(keys: tuple[KeyDoc, ...]) -> list[str]:
    lines: list[str] = []
    for doc in keys:
        default = "required" if doc.required else f"default {doc.default}"
        lines.append(f"  {doc.key:<18} {doc.type}; {default}")
        lines.append(f"      {doc.description}")
        lines.append(f"      e.g.  {doc.example}")
    return lines


def render_text(kind: str | None = None) -> str:
    """The reference as plain text: everything, or one kind (with its example file).

    Raises:
        KeyError: ``kind`` is not a kind the schema accepts.
    """
    if kind is not None:
        doc = kind_doc(kind)
        where = "scene" if doc.scene else "pipeline stage only"
        if doc.scene and doc.stage:
            where = "scene or pipeline stage"
        lines = [f"{doc.kind}: {doc.summary} ({where})", "", *_text_keys(doc.keys)]
        if not doc.keys:
            lines.append("  (no keys of its own)")
        common = "scene" if doc.scene else "stage"
        lines += ["", f"Plus the keys every {common} has: 'cnn-tutor format' lists them."]
        example = example_text(kind)
        if example is not None:
            lines += ["", f"Example (lessons/examples/{kind}.yaml):", "", example.rstrip()]
        return "\n".join(lines) + "\n"
    lines = [
        "Lesson file format (generated from the schema; 'cnn-tutor format KIND' for one kind",
        "with its example file)",
        "",
        INDEX_BASE,
        "",
        "Lesson keys:",
        *_text_keys(_record_keys(Lesson)),
        "",
        "Keys every scene has:",
        *_text_keys(_own_keys("scene", SceneBase, BaseModel)),
        "",
        "Keys every pipeline stage has (its input is the previous stage's output):",
        *_text_keys(_own_keys("stage", StageBase, BaseModel)),
    ]
    for name in kinds():
        doc = kind_doc(name)
        tag = "" if doc.scene else " (pipeline stage only)"
        lines += ["", f"kind: {name}{tag}: {doc.summary}", *_text_keys(doc.keys)]
        if not doc.keys:
            lines.append("  (no keys of its own)")
    lines += ["", f"Pipeline stages may be: {', '.join(stage_kinds())}."]
    for model in RECORDS[1:]:
        summary = _summary(model)
        lines += ["", f"{model.__name__}: {summary}", *_text_keys(_record_keys(model))]
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|")


def _md_table(keys: tuple[KeyDoc, ...]) -> list[str]:
    if not keys:
        return ["No keys of its own."]
    lines = ["| key | type | default | meaning | example |", "|---|---|---|---|---|"]
    for doc in keys:
        default = "**required**" if doc.required else f"`{doc.default}`"
        lines.append(
            f"| `{doc.key}` | {_md_cell(doc.type)} | {default} | {_md_cell(doc.description)} "
            f"| `{_md_cell(doc.example)}` |"
        )
    return lines


def render_markdown() -> str:
    """The reference as a markdown page (``docs/format.md``)."""
    lines = [
        "# Lesson file format",
        "",
        "<!-- generated by `cnn-tutor format --markdown`; do not edit by hand -->",
        "",
        "Generated from the schema (`lessons/schema/`), so it lists every kind and key the loader",
        "accepts. `cnn-tutor format KIND` prints one kind with its example file",
        "(`lessons/examples/KIND.yaml`); `cnn-tutor new ID --kind KIND` starts a lesson from it.",
        "",
        INDEX_BASE,
        "",
        "## Lesson",
        "",
        *_md_table(_record_keys(Lesson)),
        "",
        "## Keys every scene has",
        "",
        *_md_table(_own_keys("scene", SceneBase, BaseModel)),
        "",
        "## Keys every pipeline stage has",
        "",
        "A stage's input is the previous stage's output.",
        "",
        *_md_table(_own_keys("stage", StageBase, BaseModel)),
    ]
    for name in kinds():
        doc = kind_doc(name)
        tag = " (pipeline stage only)" if not doc.scene else ""
        example = (
            f" Example: [`lessons/examples/{name}.yaml`](../lessons/examples/{name}.yaml)."
            if example_text(name) is not None
            else ""
        )
        lines += ["", f"## `{name}`{tag}", "", f"{doc.summary}{example}", "", *_md_table(doc.keys)]
    lines += ["", f"Pipeline stages may be: {', '.join(f'`{k}`' for k in stage_kinds())}."]
    for model in RECORDS[1:]:
        summary = _summary(model)
        lines += ["", f"## {model.__name__}", "", summary, "", *_md_table(_record_keys(model))]
    return "\n".join(lines) + "\n"
