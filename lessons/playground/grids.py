"""Grids and parameters as a learner types them on the command line or in the playground.

A grid is rows separated by ``;`` (or new lines), numbers by spaces or commas, exactly as lesson
files write a block of rows; an empty row (``;;``) starts the next channel, so
``"1 2; 3 4;; 5 6; 7 8"`` is 2×2×2. One row alone is a 1-D signal.

>>> parse_cli_grid("3 7 9; 8 1 3").tolist()
[[3.0, 7.0, 9.0], [8.0, 1.0, 3.0]]
>>> parse_cli_grid("1, 0, -1").shape
(3,)
>>> parse_param("2 1", "stride"), parse_param("same", "padding")
([2, 1], 'same')
>>> parse_param("[[1, 0], [2, 2]]", "padding")
[[1, 0], [2, 2]]
>>> grid_text(parse_cli_grid("1 0.5; -2 3"))
'1 0.5; -2 3'
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import yaml
from pydantic_core import PydanticCustomError

from engine.types import FloatArray
from lessons.arrays import parse_grid
from lessons.numbers import NumberError, parse_value

__all__ = ["GridError", "grid_text", "number_text", "parse_cli_grid", "parse_param"]

MAX_TEXT = 20_000
"""The longest grid or parameter text read (a 28×28 grid of 3-digit numbers is ~3,000)."""


class GridError(ValueError):
    """A grid or parameter the learner typed that cannot be read; one line naming it.

    Attributes:
        argument: What was typed into (``input``, ``kernel``, ``stride``, ...).
    """

    def __init__(self, argument: str, message: str) -> None:
        self.argument = argument
        super().__init__(message)


def parse_cli_grid(text: str, name: str = "input") -> FloatArray:
    """Read a grid typed as rows separated by ``;`` (see the module docstring).

    Args:
        text: The grid, such as ``"3 7 9; 8 1 3"``; new lines work as ``;`` does.
        name: What the grid is, for messages (``input``, ``kernel``).

    Returns:
        A float64 array, (L,), (H, W) or (C, H, W).

    Raises:
        GridError: A ragged, empty or non-numeric grid, named by its row.
    """
    if len(text) > MAX_TEXT:
        raise GridError(name, f"{name} has {len(text)} characters; at most {MAX_TEXT}")
    rows = [row.strip() for row in re.split(r"[;\n]", text.strip())]
    while rows and not rows[-1]:
        rows.pop()
    if not any(rows):
        raise GridError(name, f"{name} is empty: type rows of numbers such as '3 7 9; 8 1 3'")
    block = "\n".join(rows)
    if len(rows) == 1:
        block = rows[0]
    try:
        array = parse_grid(block, name)
    except PydanticCustomError as error:
        raise GridError(name, error.message()) from None
    if array.ndim == 0:
        array = array.reshape(1)
    return np.array(array, dtype=np.float64)


def parse_param(text: str, name: str) -> Any:
    """Read a parameter as a lesson file would hold it: ``2``, ``"2 1"``/``[2, 1]``, ``same``.

    Args:
        text: What was typed.
        name: The parameter (for messages).

    Returns:
        An int, a float, a string (``same``, ``valid``, ``full``) or nested lists of numbers.

    Raises:
        GridError: Text that is none of these.
    """
    stripped = text.strip()
    if not stripped:
        raise GridError(name, f"{name} is empty")
    if len(stripped) > 200:
        raise GridError(name, f"{name} is too long ({len(stripped)} characters)")
    if re.fullmatch(r"[A-Za-z]+", stripped):
        return stripped.lower()
    if stripped.startswith("["):
        try:
            value = yaml.safe_load(stripped)
        except yaml.YAMLError:
            raise GridError(name, f"{name} {stripped!r} is not a list like [2, 1]") from None
        return _numbers(value, name, stripped)
    parts = [part for part in re.split(r"[\s,]+", stripped) if part]
    values = [_number(part, name) for part in parts]
    return values[0] if len(values) == 1 else values


def _number(text: str, name: str) -> int | float:
    try:
        value = parse_value(text)
    except NumberError as error:
        raise GridError(name, f"{name}: {error}") from None
    return int(value) if value.denominator == 1 else float(value)


def _numbers(value: object, name: str, shown: str) -> Any:
    if isinstance(value, list):
        return [_numbers(item, name, shown) for item in value]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise GridError(name, f"{name} {shown!r} holds {value!r}, which is not a number")
    return value


def number_text(value: float) -> str:
    """A number as a lesson writes it: ``3``, ``-0.5``, ``0.1`` (shortest exact form)."""
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def grid_text(array: FloatArray) -> str:
    """A grid in the command line's form (the inverse of :func:`parse_cli_grid`).

    Args:
        array: (L,), (H, W) or (C, H, W).
    """
    if array.ndim == 1:
        return " ".join(number_text(v) for v in array)
    if array.ndim == 2:
        return "; ".join(" ".join(number_text(v) for v in row) for row in array)
    return ";; ".join(grid_text(channel) for channel in array)


def block_text(array: FloatArray) -> str:
    """A grid as a lesson file's block of rows (channels separated by a blank line)."""
    return grid_text(array).replace(";; ", "\n\n").replace("; ", "\n") + "\n"
