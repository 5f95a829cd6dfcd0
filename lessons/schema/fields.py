"""Field types shared by every record: grids, numbers, strides, padding, shapes, and the base model.

Each type is an ``Annotated`` pydantic type whose validator reads the YAML value the way a lesson
author writes it and raises :func:`lessons.arrays.fail` errors, which the loader turns into
``file:line:col: message``. Strides, sizes and padding are judged by the engine's own parsers
(:func:`engine.validate.int_pair`, :func:`engine.padding.resolve_padding`), so a lesson accepts
exactly what the engine takes; only the wording is the lesson author's ("a positive whole number").
"""

from __future__ import annotations

import math
from typing import Annotated, Any, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    Strict,
    ValidationInfo,
)
from pydantic_core import PydanticCustomError

from engine.padding import resolve_padding
from engine.types import FloatArray, PaddingArg
from engine.validate import int_pair
from lessons.arrays import ExpectGrid, fail, parse_expect, parse_grid, shape_text
from lessons.pictures import PictureError, load_picture, replacement

__all__ = [
    "AnswerText",
    "AxesPadding",
    "BiasValue",
    "Divisor",
    "Expect",
    "Grid",
    "KernelSize",
    "NonNegInt",
    "NonNegIntOrPair",
    "NonNegPerAxis",
    "Number",
    "NumberText",
    "PadValue",
    "Padding",
    "PaddingValue",
    "PoolPadding",
    "PosInt",
    "PosIntOrPair",
    "PosPerAxis",
    "Record",
    "Shape",
    "Text",
    "field_error",
]


def field_error(message: str, field: str | list[Any], *, code: str = "lesson_value") -> Exception:
    """A model-level validation error that the loader places at ``field`` (a key, or a path).

    Args:
        message: The one-line message (braces are kept as text, not read as placeholders).
        field: The key it is about (``"kernel"``), or a path below the model
            (``["quiz", 0, "cell"]``); ``[]`` places it at the model's first key.
        code: The pydantic error type: ``lesson_value``, or ``missing`` for a missing key.
    """
    text = message.replace("{", "(").replace("}", ")")
    context: dict[str, Any] = {"at": []}
    if field:
        context["field"] = field
    return PydanticCustomError(code, text, context)


def _grid(value: object, info: ValidationInfo) -> FloatArray:
    if isinstance(value, dict) and "image" in value:
        return _image(value, info.field_name or "grid")
    return parse_grid(value, info.field_name or "grid")


def _image(value: dict[Any, Any], name: str) -> FloatArray:
    """A photograph as a grid: ``{image: camera}`` (see :mod:`lessons.pictures`)."""
    extra = sorted(str(key) for key in value if key != "image")
    if extra:
        raise fail(f"{name}: an image input has only the key 'image', not {', '.join(extra)}")
    source = value["image"]
    if not isinstance(source, str) or not source.strip():
        raise fail(f"{name}: image must be a picture's name or a file path, got {source!r}")
    try:
        return load_picture(replacement() or source.strip())
    except PictureError as error:
        raise fail(f"{name}: {error}") from None


def _expect(value: object, info: ValidationInfo) -> ExpectGrid:
    if isinstance(value, ExpectGrid):
        return value
    return parse_expect(value, info.field_name or "expect")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _int_or_pair(value: object, info: ValidationInfo, *, minimum: int) -> int | tuple[int, int]:
    """An int, or a pair ``[rows, columns]``, as :func:`engine.validate.int_pair` accepts it."""
    name = info.field_name or "value"
    bound = "a positive" if minimum >= 1 else "a non-negative"
    candidate = tuple(value) if isinstance(value, list) else value
    try:
        pair = int_pair(candidate, name, positive=minimum >= 1)
    except ValueError:
        if _is_int(value):
            raise fail(f"{name} must be {bound} whole number, got {value}") from None
        if isinstance(value, (list, tuple)) and len(value) == 2 and all(map(_is_int, value)):
            a, b = value
            raise fail(f"{name} must be {bound} whole numbers, got [{a}, {b}]") from None
        raise fail(
            f"{name} must be {bound} whole number or a pair [rows, columns], got {value!r}"
        ) from None
    if _is_int(value):
        assert isinstance(value, int)
        return value
    return pair


def _per_axis(value: object, info: ValidationInfo, *, minimum: int) -> int | tuple[int, ...]:
    """An int, a pair, or three numbers (one per axis of a 3-D layer; the scene checks dims)."""
    if isinstance(value, list) and len(value) == 3 and all(map(_is_int, value)):
        name = info.field_name or "value"
        if any(v < minimum for v in value):
            bound = "positive" if minimum >= 1 else "non-negative"
            raise fail(f"{name} must be {bound} whole numbers, got {value}")
        return tuple(int(v) for v in value)
    return _int_or_pair(value, info, minimum=minimum)


def _positive_per_axis(value: object, info: ValidationInfo) -> int | tuple[int, ...]:
    return _per_axis(value, info, minimum=1)


def _nonnegative_per_axis(value: object, info: ValidationInfo) -> int | tuple[int, ...]:
    return _per_axis(value, info, minimum=0)


def _axes_padding(value: object, info: ValidationInfo) -> PaddingValue:
    """Output-size padding: any padding, or three numbers (one per axis of a 3-D layer)."""
    if isinstance(value, list) and len(value) == 3 and all(map(_is_int, value)):
        if any(v < 0 for v in value):
            raise fail(f"{info.field_name or 'padding'} must not be negative, got {value}")
        return cast(PaddingValue, tuple(int(v) for v in value))
    return _padding(value, info)


def _positive_int_or_pair(value: object, info: ValidationInfo) -> int | tuple[int, int]:
    return _int_or_pair(value, info, minimum=1)


def _nonnegative_int_or_pair(value: object, info: ValidationInfo) -> int | tuple[int, int]:
    return _int_or_pair(value, info, minimum=0)


PaddingValue = PaddingArg
"""Padding as the engine takes it: an int, (p, q), per-side pairs, "valid", "same" or "full"."""


def _padding(value: object, info: ValidationInfo) -> PaddingValue:
    """Padding in any form :func:`engine.padding.resolve_padding` takes (``full``: output-size)."""
    name = info.field_name or "padding"
    forms = f"{name} must be a whole number, [p, q], 'valid' or 'same', got {value!r}"
    if isinstance(value, str):
        if value in ("valid", "same", "full"):
            return value
        raise fail(forms)
    if _is_int(value):
        assert isinstance(value, int)
        if value < 0:
            raise fail(f"{name} must not be negative, got {value}")
        return value
    if not isinstance(value, (list, tuple)) or not value:
        raise fail(forms)
    if all(_is_int(v) for v in value):
        if len(value) != 2:
            raise fail(f"{name} as a list must be [rows, columns], got {len(value)} numbers")
        if any(v < 0 for v in value):
            raise fail(f"{name} must not be negative, got {list(value)}")
        return int(value[0]), int(value[1])
    sides: list[tuple[int, int]] = []
    for index, side in enumerate(value):
        try:
            if not isinstance(side, (list, tuple)) or len(side) != 2:
                raise ValueError(side)
            ((before, after),) = resolve_padding((tuple(side),), 1, allow_strings=False)
        except ValueError:
            raise fail(
                f"{name} per side must be [[top, bottom], [left, right]] with whole numbers, "
                f"got {side!r} at position {index + 1}",
                at=(index,),
            ) from None
        sides.append((before, after))
    return tuple(sides)


def _pool_padding(value: object, info: ValidationInfo) -> PaddingValue:
    """Pooling padding: numbers only, an int, a pair, or per side (``[left, right]`` in 1-D)."""
    if isinstance(value, str):
        name = info.field_name or "padding"
        raise fail(
            f"{name} of a pooling must be numbers (an int, [rows, columns] or "
            f"[[top, bottom], [left, right]]), got {value!r}"
        )
    return _padding(value, info)


def _number(value: object, info: ValidationInfo) -> float:
    name = info.field_name or "value"
    if _is_int(value) or isinstance(value, float):
        assert isinstance(value, (int, float))
        if _is_int(value) and abs(value) > 10**300:
            raise fail(f"{name} is too large a number")
        if not math.isfinite(value):
            raise fail(f"{name} must be a finite number, got {value}")
        return float(value)
    raise fail(f"{name} must be a number, got {value!r}")


def _pad_value(value: object, info: ValidationInfo) -> float:
    """Max pooling's padding: 0 (zeros, ``F.pad`` then the pooling) or -inf (torch's own)."""
    if isinstance(value, str) and value.strip().lower() in ("-inf", "-.inf", "−∞"):
        return -math.inf
    if not isinstance(value, bool) and isinstance(value, int | float):
        if value == 0:
            return 0.0
        if value == -math.inf:
            return -math.inf
    raise fail(f"pad_value must be 0 (zero padding) or -inf (torch's max pooling), got {value!r}")


def _bias(value: object, info: ValidationInfo) -> float | tuple[float, ...]:
    if isinstance(value, (list, tuple)):
        array = parse_grid(list(value), info.field_name or "bias")
        if array.ndim != 1:
            raise fail("bias must be a number or a list of numbers, one per kernel")
        return tuple(float(v) for v in array)
    return _number(value, info)


def _divisor(value: object, info: ValidationInfo) -> float:
    number = _number(value, info)
    if number == 0:
        raise fail("divisor must not be 0")
    return number


def _shape(value: object, info: ValidationInfo) -> tuple[int, ...]:
    """A shape: ``[6, 6]``, ``6``, ``"6x6"``, ``"(1198, 1918)"``."""
    name = info.field_name or "shape"
    if _is_int(value):
        assert isinstance(value, int)
        parts: list[object] = [value]
    elif isinstance(value, str):
        cleaned = value.strip().strip("()[]")
        for sep in ("×", "x", "X", "*", ","):
            cleaned = cleaned.replace(sep, " ")
        parts = list(cleaned.split())
    elif isinstance(value, (list, tuple)):
        parts = list(value)
    else:
        raise fail(f"{name} must be a shape such as [6, 6] or '6x6', got {value!r}")
    dims: list[int] = []
    for part in parts:
        if isinstance(part, str) and part.isdigit():
            part = int(part)
        if not _is_int(part) or int(str(part)) < 0:
            raise fail(f"{name} must be a shape such as [6, 6] or '6x6', got {value!r}")
        dims.append(int(str(part)))
    if not dims:
        raise fail(f"{name} is empty")
    return tuple(dims)


def _kernel_size(value: object, info: ValidationInfo) -> int | tuple[int, ...]:
    """A param-count kernel size: one number (every axis the same), or one per axis."""
    if _is_int(value):
        assert isinstance(value, int)
        if value < 1:
            raise fail(f"kernel_size must be a positive whole number, got {value}")
        return value
    shape = _shape(value, info)
    if any(n < 1 for n in shape):
        raise fail(f"kernel_size must be positive whole numbers, got {shape_text(shape)}")
    return shape


def _number_text(value: object, info: ValidationInfo) -> str:
    grid = parse_expect(value, info.field_name or "value")
    text = grid.cells[0] if grid.shape == () else None
    if text is None:
        raise fail(f"{info.field_name} must be a single number")
    return text


def _answer_text(value: object, info: ValidationInfo) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if _is_int(value) or isinstance(value, float):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise fail(f"{info.field_name} must be a number or some text, got {value!r}")


Grid = Annotated[
    FloatArray,
    PlainValidator(_grid),
    PlainSerializer(lambda a: a.tolist(), return_type=list),
]
"""A grid of numbers (see :mod:`lessons.arrays` for the forms an author may write)."""

Expect = Annotated[
    ExpectGrid,
    PlainValidator(_expect),
    PlainSerializer(lambda g: g.tolist(), return_type=object),
]
"""An output exactly as the slide prints it."""

PosIntOrPair = Annotated[int | tuple[int, int], PlainValidator(_positive_int_or_pair)]
NonNegIntOrPair = Annotated[int | tuple[int, int], PlainValidator(_nonnegative_int_or_pair)]
Padding = Annotated[PaddingValue, PlainValidator(_padding)]
PoolPadding = Annotated[PaddingValue, PlainValidator(_pool_padding)]
PosPerAxis = Annotated[int | tuple[int, ...], PlainValidator(_positive_per_axis)]
NonNegPerAxis = Annotated[int | tuple[int, ...], PlainValidator(_nonnegative_per_axis)]
AxesPadding = Annotated[PaddingValue, PlainValidator(_axes_padding)]
Number = Annotated[float, PlainValidator(_number)]
BiasValue = Annotated[float | tuple[float, ...], PlainValidator(_bias)]
PadValue = Annotated[float, PlainValidator(_pad_value)]
Divisor = Annotated[float, PlainValidator(_divisor)]
Shape = Annotated[tuple[int, ...], PlainValidator(_shape)]
KernelSize = Annotated[int | tuple[int, ...], PlainValidator(_kernel_size)]
PosInt = Annotated[int, Strict(), Field(ge=1)]
NonNegInt = Annotated[int, Strict(), Field(ge=0)]
Text = Annotated[str, Strict()]
NumberText = Annotated[str, PlainValidator(_number_text)]
AnswerText = Annotated[str, PlainValidator(_answer_text)]


class Record(BaseModel):
    """Strict about unknown keys (a typo is an error, not a silently ignored key); immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)
