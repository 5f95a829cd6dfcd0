"""Numbers and grids as an instructor types them in a lesson file.

A grid can be written three ways, whichever reads best next to the slide:

- a YAML block of rows, numbers separated by spaces, tabs or commas (paste it from the slide)::

      kernel: |
        1  0 -1
        1  0 -1
        1  0 -1

  A blank line inside the block starts the next channel, so one block can hold a 3-D stack.
  A single line of numbers (``input: "0 0 1 1 1 0"``) is a 1-D row; write a one-row 2-D grid
  as a nested list, ``[[1, 0, -1]]``;
- nested YAML lists: ``kernel: [[1, 0, -1], [1, 0, -1], [1, 0, -1]]`` (any depth);
- a list of blocks, one per channel or per kernel: ``kernels: [ "1 0\\n0 1", "0 1\\n1 0" ]``.

Numbers may be integers, decimals, fractions (``7/9``), with ``+`` or ``−`` signs. In an
``expect`` grid a cell the slide leaves empty is written ``.`` (or ``~`` in a YAML list).

Errors are :class:`pydantic_core.PydanticCustomError` whose context says where the bad row is, so
the loader can point at its line: ``at`` (list indices below the field) and ``text_line`` (the line
inside a block of text).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt
from pydantic_core import PydanticCustomError

from engine.types import FloatArray
from lessons.numbers import NumberError, parse_value

__all__ = [
    "BLANK_CELLS",
    "MAX_CELLS",
    "ExpectGrid",
    "fail",
    "parse_expect",
    "parse_grid",
    "parse_number_text",
    "shape_text",
]

MAX_CELLS = 100_000
"""The most numbers one grid may hold: lessons show small worked examples."""

BLANK_CELLS = frozenset({".", "_", "·"})
"""Tokens that mark a cell the slide leaves empty (in ``expect`` only)."""

_SEPARATORS = re.compile(r"[\s,;|]+")
_MINUS = str.maketrans({"−": "-", "–": "-", "＋": "+"})


def fail(message: str, *, at: tuple[int, ...] = (), text_line: int | None = None) -> Exception:
    """A validation error for the loader, located ``at`` list indices and a line of a text block."""
    context: dict[str, Any] = {"at": list(at)}
    if text_line is not None:
        context["text_line"] = text_line
    # the message is already formatted; braces in user text must not be read as placeholders
    return PydanticCustomError("lesson_value", message.replace("{", "(").replace("}", ")"), context)


def shape_text(shape: tuple[int, ...]) -> str:
    """A shape the way the slides write it: ``6x6``."""
    return "x".join(str(n) for n in shape) if shape else "a single number"


def parse_number_text(token: str) -> Fraction | None:
    """The exact value of a number as written (``-1``, ``0.77``, ``.55``, ``7/9``), or None.

    The forms and bounds are :mod:`lessons.numbers`' (the one number parser): ``0,55`` and
    numbers beyond 1e15 in size are None.

    >>> parse_number_text("0.77"), parse_number_text("−1"), parse_number_text("7/9")
    (Fraction(77, 100), Fraction(-1, 1), Fraction(7, 9))
    >>> parse_number_text("x") is None
    True
    """
    try:
        return parse_value(token)
    except NumberError:
        return None


@dataclass(frozen=True)
class _Cell:
    text: str | None  # None: blank
    value: Fraction | None


def _finite(value: Fraction, where: str) -> Fraction:
    """Refuse a number too large for a float (``1e400``, a 400-digit integer)."""
    try:
        as_float = float(value)
    except OverflowError:
        as_float = math.inf
    if not math.isfinite(as_float):
        raise fail(f"{where} is too large a number")
    return value


def _scalar(value: object, where: str, *, blanks: bool) -> _Cell:
    if value is None:
        if blanks:
            return _Cell(None, None)
        raise fail(f"{where} is empty; write a number")
    if isinstance(value, bool):
        raise fail(f"{where} is {str(value).lower()}, not a number")
    if isinstance(value, int):
        return _Cell(str(value), _finite(Fraction(value), where))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise fail(f"{where} is {value}, expected a finite number")
        text = repr(value)
        return _Cell(text, Fraction(text) if "e" not in text else Fraction(value))
    if isinstance(value, str):
        token = value.strip()
        if blanks and token in BLANK_CELLS:
            return _Cell(None, None)
        parsed = parse_number_text(token)
        if parsed is None:
            try:
                float(token.translate(_MINUS))
            except ValueError:
                raise fail(f"{where}: {token!r} is not a number") from None
            raise fail(f"{where}: {token!r} is too large a number")
        return _Cell(token, parsed)
    raise fail(f"{where} is a {_type_name(value)}, expected a number")


def _type_name(value: object) -> str:
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, (list, tuple)):
        return "list"
    if isinstance(value, str):
        return "text"
    return type(value).__name__


@dataclass(frozen=True)
class _Grid:
    shape: tuple[int, ...]
    cells: tuple[_Cell, ...]


def _join(parts: list[_Grid], name: str, unit: str, at: tuple[int, ...]) -> _Grid:
    first = parts[0].shape
    for index, part in enumerate(parts):
        if part.shape != first:
            raise fail(
                f"{name} {unit} {index + 1} is {shape_text(part.shape)}, expected "
                f"{shape_text(first)} like {unit} 1",
                at=(*at, index),
            )
    cells = tuple(cell for part in parts for cell in part.cells)
    return _Grid((len(parts), *first), cells)


def _parse_text(text: str, name: str, at: tuple[int, ...], *, blanks: bool) -> _Grid:
    """A block of rows; blank lines separate channels."""
    lines = text.split("\n")
    blocks: list[list[tuple[int, list[str]]]] = [[]]
    for number, line in enumerate(lines):
        tokens = [t for t in _SEPARATORS.split(line.strip()) if t]
        if not tokens:
            if blocks[-1]:
                blocks.append([])
            continue
        blocks[-1].append((number, tokens))
    blocks = [b for b in blocks if b]
    if not blocks:
        raise fail(f"{name} is empty", at=at)
    grids: list[_Grid] = []
    for channel, block in enumerate(blocks):
        width = len(block[0][1])
        cells: list[_Cell] = []
        for row, (line_no, tokens) in enumerate(block):
            label = (
                f"{name} row {row + 1}"
                if len(blocks) == 1
                else (f"{name} channel {channel + 1} row {row + 1}")
            )
            if len(tokens) != width:
                raise fail(
                    f"{label} has {len(tokens)} {'number' if len(tokens) == 1 else 'numbers'}, "
                    f"expected {width}",
                    at=at,
                    text_line=line_no,
                )
            for col, token in enumerate(tokens):
                try:
                    cells.append(_scalar(token, f"{label}, column {col + 1}", blanks=blanks))
                except PydanticCustomError as error:
                    raise fail(error.message(), at=at, text_line=line_no) from None
        grids.append(_Grid((len(block), width), tuple(cells)))
    if len(grids) == 1:
        if grids[0].shape[0] == 1:  # one line of numbers is a row: 1-D
            return _Grid(grids[0].shape[1:], grids[0].cells)
        return grids[0]
    try:
        return _join(grids, name, "channel", ())
    except PydanticCustomError as error:
        channel = error.context["at"][0] if error.context else 0
        raise fail(error.message(), at=at, text_line=blocks[channel][0][0]) from None


def _parse(value: object, name: str, at: tuple[int, ...], *, blanks: bool, depth: int) -> _Grid:
    if depth > 6:
        raise fail(f"{name} is nested too deeply (at most 6 levels)", at=at)
    if isinstance(value, str) and ("\n" in value.strip() or _SEPARATORS.search(value.strip())):
        return _parse_text(value, name, at, blanks=blanks)
    if isinstance(value, (list, tuple)):
        if not value:
            raise fail(f"{name} is an empty list", at=at)
        items = list(value)
        if all(not isinstance(v, (list, tuple, str)) or _is_scalar_text(v) for v in items):
            cells = []
            for index, item in enumerate(items):
                try:
                    cells.append(_scalar(item, f"{name} item {index + 1}", blanks=blanks))
                except PydanticCustomError as error:
                    raise fail(error.message(), at=(*at, index)) from None
            return _Grid((len(items),), tuple(cells))
        parts: list[_Grid] = []
        for index, item in enumerate(items):
            if not isinstance(item, (list, tuple, str)) or _is_scalar_text(item):
                raise fail(
                    f"{name} mixes numbers and rows: item {index + 1} is a single number",
                    at=(*at, index),
                )
            parts.append(_parse(item, name, (*at, index), blanks=blanks, depth=depth + 1))
        if len({p.shape for p in parts}) > 1 and all(len(p.shape) == 1 for p in parts):
            width = parts[0].shape[0]
            for index, part in enumerate(parts):
                if part.shape[0] != width:
                    count = part.shape[0]
                    raise fail(
                        f"{name} row {index + 1} has {count} "
                        f"{'number' if count == 1 else 'numbers'}, expected {width}",
                        at=(*at, index),
                    )
        unit = "row" if all(len(p.shape) == 1 for p in parts) else "item"
        return _join(parts, name, unit, at)
    return _Grid((), (_scalar(value, name, blanks=blanks),))


def _is_scalar_text(value: object) -> bool:
    return isinstance(value, str) and not _SEPARATORS.search(value.strip())


def _checked(value: object, name: str, *, blanks: bool) -> _Grid:
    grid = _parse(value, name, (), blanks=blanks, depth=0)
    if len(grid.cells) > MAX_CELLS:
        raise fail(f"{name} has {len(grid.cells)} numbers; a lesson grid holds at most {MAX_CELLS}")
    return grid


def _from_array(value: npt.NDArray[Any], name: str) -> FloatArray:
    """A numeric array given as such (the playground's state): checked as lists would be.

    >>> _from_array(np.array([[1, 0], [0, 1]]), "kernel").tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    if value.size == 0:
        raise fail(f"{name} is an empty list")
    if value.ndim > 6:
        raise fail(f"{name} is nested too deeply (at most 6 levels)")
    if value.size > MAX_CELLS:
        raise fail(f"{name} has {value.size} numbers; a lesson grid holds at most {MAX_CELLS}")
    array = value.astype(np.float64, copy=True)
    if not np.all(np.isfinite(array)):
        raise fail(f"{name} holds {array[~np.isfinite(array)].flat[0]}, expected a finite number")
    array.setflags(write=False)
    return array


def parse_grid(value: object, name: str) -> FloatArray:
    """A grid of numbers from any of the lesson forms.

    Args:
        value: What YAML produced: a number, a block of text, or nested lists.
        name: The field's name, for messages (``kernel row 2 has 2 numbers, expected 3``).

    Returns:
        A read-only float64 array (0-d for a single number).

    Raises:
        PydanticCustomError: A ragged, empty or non-numeric grid.

    >>> parse_grid("1 0 -1\\n1 0 -1", "kernel").tolist()
    [[1.0, 0.0, -1.0], [1.0, 0.0, -1.0]]
    """
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        return _from_array(value, name)
    grid = _checked(value, name, blanks=False)
    array = np.array([float(c.value or 0) for c in grid.cells], dtype=np.float64).reshape(
        grid.shape
    )
    array.setflags(write=False)
    return array


@dataclass(frozen=True)
class ExpectGrid:
    """An output exactly as the slide prints it: each cell's text, or None where the slide is blank.

    Attributes:
        shape: The grid's shape (``()`` for a single number).
        cells: Row-major cell texts (``"0.77"``, ``"-7"``) or None for a blank cell.
    """

    shape: tuple[int, ...]
    cells: tuple[str | None, ...]

    def text_at(self, index: tuple[int, ...]) -> str | None:
        """The slide's text of one cell (None if blank)."""
        flat = int(np.ravel_multi_index(index, self.shape)) if self.shape else 0
        return self.cells[flat]

    def value_at(self, index: tuple[int, ...]) -> Fraction | None:
        """The exact value of one cell as printed (None if blank)."""
        text = self.text_at(index)
        return None if text is None else parse_number_text(text)

    def squeezed_to(self, ndim: int) -> ExpectGrid:
        """Drop leading length-1 axes until the grid has ``ndim`` axes (a one-line block is 1-D)."""
        shape = self.shape
        while len(shape) > ndim and shape[0] == 1:
            shape = shape[1:]
        return ExpectGrid(shape, self.cells)

    def indices(self) -> list[tuple[int, ...]]:
        """Every cell index, row-major."""
        return [tuple(int(i) for i in ix) for ix in np.ndindex(*self.shape)] if self.shape else [()]

    def tolist(self) -> object:
        """Nested lists of cell texts (for serializing)."""
        if not self.shape:
            return self.cells[0]
        return np.array(self.cells, dtype=object).reshape(self.shape).tolist()


def parse_expect(value: object, name: str = "expect") -> ExpectGrid:
    """An ``expect`` grid: like :func:`parse_grid`, keeping each cell's text, blanks allowed."""
    grid = _checked(value, name, blanks=True)
    return ExpectGrid(grid.shape, tuple(c.text for c in grid.cells))
