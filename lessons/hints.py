"""When a scene's output disagrees with its ``expect``, find the likely cause, not the symptom.

The checker recomputes the scene with one thing changed (the kernel transposed or flipped,
another stride or padding, the other pooling mode, ``count_include_pad`` toggled) and, when the
whole grid then matches, says so: "the output matches if the kernel is transposed". An expect
with one row (or column) more than the computed output, whose other rows match, points at a row
missing from the input. Only small scenes are searched (a few dozen recomputations of a slide's
grid), so ``check`` stays fast.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from engine.display import NumberFormat
from engine.types import FloatArray
from lessons.arrays import ExpectGrid, parse_number_text
from lessons.calls import compute

__all__ = ["cause_of", "missing_line"]

MAX_STEP = 4
"""The largest stride and padding tried along an axis."""

MAX_CELLS = 4096
"""Scenes whose input has more cells than this are not searched."""

Matcher = Callable[[FloatArray], bool]


def _pair_text(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(_pair_text(v) for v in value) + "]"
    return str(value)


def _copy(item: Any, **update: Any) -> Any:
    copy = item.model_copy(update=update)
    copy._computed = None  # never the original's memo
    return copy


def _variants(item: Any) -> Iterator[tuple[str, Any]]:
    """(what changed, the changed scene) pairs, most telling first."""
    kind = item.kind
    key = "kernels" if getattr(item, "kernels", None) is not None else "kernel"
    kernel = getattr(item, key, None)
    if isinstance(kernel, np.ndarray) and kernel.ndim >= 2:
        transposed = np.swapaxes(kernel, -1, -2)
        if transposed.shape != kernel.shape or not np.array_equal(transposed, kernel):
            yield (
                f"the {key} is transposed (rows written as columns)",
                _copy(item, **{key: np.ascontiguousarray(transposed)}),
            )
        flipped = kernel[..., ::-1, ::-1]
        if not np.array_equal(flipped, kernel):
            why = {
                "correlate2d": "the kernel is flipped (turned 180°): is it a convolve2d scene?",
                "convolve2d": "the kernel is not flipped: is it a correlate2d scene?",
            }.get(kind, f"the {key} is flipped (turned 180°)")
            yield why, _copy(item, **{key: np.ascontiguousarray(flipped)})
    if kind in ("pool1d", "pool2d"):
        other = "avg" if item.mode == "max" else "max"
        yield f"mode is {other}", _copy(item, mode=other)
        if item.mode == "avg" and item.padding != 0:
            flag = not item.count_include_pad
            yield f"count_include_pad is {str(flag).lower()}", _copy(item, count_include_pad=flag)
    one_d = kind in ("correlate1d", "pool1d")
    if hasattr(item, "stride") and kind != "pad":
        steps = range(1, MAX_STEP + 1)
        strides: list[Any] = list(steps) if one_d else [(s, t) for s in steps for t in steps]
        for stride in strides:
            if not one_d and stride[0] == stride[1]:
                stride = stride[0]
            now = item.stride if item.stride is not None else getattr(item, "size", None)
            if stride != now:
                yield f"stride is {_pair_text(stride)}", _copy(item, stride=stride)
    if hasattr(item, "padding") and kind != "pad" and not isinstance(item.padding, str):
        steps = range(MAX_STEP)
        paddings: list[Any] = list(steps) if one_d else [(p, q) for p in steps for q in steps]
        for padding in paddings:
            if not one_d and padding[0] == padding[1]:
                padding = padding[0]
            if padding != item.padding:
                yield f"padding is {_pair_text(padding)}", _copy(item, padding=padding)


def cause_of(item: Any, x: FloatArray, matches: Matcher) -> str | None:
    """What one change makes the whole output match its expect, in words, or None.

    Args:
        item: The scene or stage whose output disagrees.
        x: Its input.
        matches: True when an output matches the expect everywhere.
    """
    if x.size > MAX_CELLS:
        return None
    current = getattr(item, "stride", None)
    for words, variant in _variants(item):
        try:
            output = compute(variant, x)
        except ValueError:  # the change does not fit this input: not the cause
            continue
        if matches(output):
            now = ""
            if words.startswith("stride") and current is not None:
                now = f" (it is {_pair_text(current)} now)"
            elif words.startswith("padding"):
                now = f" (it is {_pair_text(item.padding)} now)"
            return f"the output matches if {words}{now}"
    return None


def _same_cells(expect: ExpectGrid, output: FloatArray, fmt: NumberFormat) -> bool:
    from engine import format_number

    for index in expect.indices():
        text = expect.text_at(index)
        if text is None:
            continue
        slide = parse_number_text(text)
        if slide is None or slide != parse_number_text(format_number(float(output[index]), fmt)):
            return False
    return True


def missing_line(
    expect: ExpectGrid, output: FloatArray, x: FloatArray, fmt: NumberFormat
) -> str | None:
    """The hint for an expect one row or column longer than the output, the rest matching.

    Returns:
        ``the expect has one row more than the output, and its other rows match: is a row
        missing from input (it has 5 rows)?``, or None.
    """
    if output.ndim < 2 or len(expect.shape) != output.ndim:
        return None
    rows, columns = expect.shape[-2:]
    out_rows, out_columns = output.shape[-2:]
    for axis, word, extra in ((-2, "row", rows - out_rows), (-1, "column", columns - out_columns)):
        if extra != 1 or expect.shape[axis] is None:
            continue
        other = -1 if axis == -2 else -2
        if expect.shape[other] != output.shape[other]:
            continue
        for drop in (0, expect.shape[axis] - 1):
            kept = [i for i in range(expect.shape[axis]) if i != drop]
            cells = np.array(expect.cells, dtype=object).reshape(expect.shape)
            cut = np.take(cells, kept, axis=axis)
            grid = ExpectGrid(tuple(cut.shape), tuple(cut.reshape(-1).tolist()))
            if _same_cells(grid, output, fmt):
                place = "first" if drop == 0 else "last"
                have = x.shape[axis]
                return (
                    f"the expect has one {word} more than the output and its other {word}s "
                    f"match: is the input missing its {place} {word} (it has {have} {word}s)?"
                )
    return None
