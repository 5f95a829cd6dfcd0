"""Grids as plain text: rows of right-aligned numbers, the window in brackets, blanks as dots.

>>> import numpy as np
>>> grid = np.array([[1.0, -2.0], [3.0, 40.0]])
>>> print("\\n".join(grid_lines(grid, window=(range(0, 1), range(0, 2)))))
[ 1  -2]
  3  40
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import numpy.typing as npt

from engine.display import NumberFormat, format_number

__all__ = ["grid_lines", "output_so_far", "titled_grids"]


def grid_lines(
    grid: npt.ArrayLike,
    *,
    fmt: NumberFormat | None = None,
    window: tuple[range, range] | None = None,
    shown: Callable[[int, int], bool] | None = None,
) -> list[str]:
    """A 1-D or 2-D array as lines of text, one per row.

    Args:
        grid: Shape (W,) or (H, W); a 1-D array is one row.
        fmt: How numbers are written (the lesson's display rule).
        window: ``(rows, cols)`` to bracket: a ``[`` before the window's first column and a
            ``]`` after its last, on each of its rows.
        shown: Whether the cell at (row, col) is written; others show as ``.`` (None: all).

    Returns:
        Lines without trailing spaces (``-inf`` padding of max pooling reads ``-inf``).
    """
    array = np.asarray(grid, dtype=float)
    if array.ndim == 1:
        array = array[None, :]
    texts = [
        [
            format_number(float(v), fmt) if shown is None or shown(r, c) else "."
            for c, v in enumerate(row)
        ]
        for r, row in enumerate(array)
    ]
    # The width of every value, written or not: the columns stay put as an output fills.
    width = max((len(format_number(float(v), fmt)) for v in array.ravel()), default=1)
    lines = []
    for r, row in enumerate(texts):
        cells = []
        for c, text in enumerate(row):
            inside = window is not None and r in window[0] and c in window[1]
            first = inside and window is not None and c == window[1][0]
            last = inside and window is not None and c == window[1][-1]
            cells.append(("[" if first else " ") + text.rjust(width) + ("]" if last else " "))
        lines.append("".join(cells).rstrip())
    return lines


def output_so_far(
    output: npt.ArrayLike, done: int, *, fmt: NumberFormat | None = None
) -> list[str]:
    """The output with its first ``done`` cells (in row-major order) written, the rest dots.

    Args:
        output: Shape (W,), (H, W) or (K, H, W) (each map after the other, a blank line between).
        done: How many cells have been computed.
        fmt: How numbers are written.
    """
    array = np.asarray(output, dtype=float)
    if array.ndim <= 2:
        cols = array.shape[-1]
        return grid_lines(array, fmt=fmt, shown=lambda r, c: r * cols + c < done)
    lines: list[str] = []
    size = array.shape[1] * array.shape[2]
    for k, layer in enumerate(array):
        if k:
            lines.append("")
        lines.append(f"map {k + 1}:")
        cols = layer.shape[-1]
        lines += grid_lines(layer, fmt=fmt, shown=_first(done - k * size, cols))
    return lines


def titled_grids(title: str, array: npt.ArrayLike, **kwargs: Any) -> list[str]:
    """``title:`` then the grid; a stack (channels, filters) as one titled grid per slice.

    Args:
        title: What the grid is (``Input``, ``Kernel``); slices get ``Kernel 1``, ``Kernel 2``.
        array: Shape (W,), (H, W), or a stack of those.
        **kwargs: Passed to :func:`grid_lines` (``fmt``, ``window``).
    """
    grid = np.asarray(array, dtype=float)
    if grid.ndim <= 2:
        return [f"{title}:", *grid_lines(grid, **kwargs)]
    lines: list[str] = []
    for index, layer in enumerate(grid):
        lines += titled_grids(f"{title} {index + 1}", layer, **kwargs)
    return lines


def _first(count: int, cols: int) -> Callable[[int, int], bool]:
    """Whether (row, col) is among the first ``count`` cells of a ``cols``-wide grid."""
    return lambda r, c: r * cols + c < count
