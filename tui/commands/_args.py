"""Checked command-line values: bounded numbers (read by :mod:`lessons.numbers`) and paths.

The number types are argparse ``type=`` functions: a bad value is an argparse usage error (exit 2,
one line, ``argument --seed: …``). The path checks raise :class:`~tui.errors.CliError` (exit 2,
one line naming the option). Neither lets an ``OverflowError``, a 5,000-character path
(``ENAMETOOLONG``) or a NUL byte reach the user as a traceback.
"""

from __future__ import annotations

import argparse
import os
import stat
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path
from typing import Literal

from tui.errors import CliError
from tui.terminal_text import one_line

__all__ = [
    "MAX_EPOCHS",
    "MAX_LR",
    "MAX_SEED",
    "PathKind",
    "check_data_dir",
    "check_lesson_dirs",
    "integer",
    "learning_rate",
    "path_kind",
    "shown",
    "whole_number",
]

MAX_SEED = 2**32 - 1
"""The largest seed: NumPy's and torch's generators take seeds in 0..2**32-1."""

MAX_EPOCHS = 1000
"""The most epochs one run may ask for (the X/O net reaches 99 % in about 12)."""

MAX_LR = 10
"""The largest learning rate: Adam at lr 10 already diverges; 1e308 overflowed to a traceback."""

MAX_SHOWN = 160
"""The longest path or value quoted in a message; longer ones are cut in the middle."""


def shown(text: object, limit: int = MAX_SHOWN) -> str:
    """A value for a message: one line, control characters escaped, at most ``limit`` characters.

    >>> shown("a\\x1b[2Jb"), len(shown("x" * 5000)), shown("1" * 50, 9)
    ('a\\\\x1b[2Jb', 160, '1111…1111')
    """
    line = one_line(str(text))
    if len(line) <= limit:
        return line
    half = (limit - 1) // 2
    return f"{line[:half]}…{line[-(limit - 1 - half) :]}"


MAX_QUOTED = 48
"""The longest number argument quoted in a message (a number has at most 40 characters)."""


def _quoted(text: str) -> str:
    return f"'{shown(text, MAX_QUOTED)}'"


def _read(text: str) -> Fraction | None:
    """The value of ``text`` by the one number parser, or None (garbage, or beyond its bounds)."""
    from lessons.numbers import NumberError, parse_value  # lazy: --help does not load lessons

    try:
        return parse_value(text)
    except NumberError as error:
        if error.kind in ("too_large", "exponent", "too_long"):
            raise _OutOfBounds from None
        return None


class _OutOfBounds(Exception):
    """A number too large (or too long) for the parser: out of any range an option allows."""


def whole_number(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high`` (``7``, ``1e2``, ``+3``).

    >>> seed = whole_number(0, 2**32 - 1)
    >>> seed("7"), seed("1e2")
    (7, 100)
    >>> seed("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: must be at least 0 and at most 4294967295, got '-1'
    """

    def parse(text: str) -> int:
        bounds = f"must be at least {low} and at most {high}, got {_quoted(text)}"
        try:
            value = _read(text)
        except _OutOfBounds:
            raise argparse.ArgumentTypeError(bounds) from None
        if value is None or value.denominator != 1:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {_quoted(text)}")
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(bounds)
        return int(value)

    parse.__name__ = "whole number"
    return parse


def integer(text: str) -> int:
    """An argparse type: any whole number the number parser reads (the caller checks the range).

    >>> integer("-1"), integer("2e3")
    (-1, 2000)
    """
    try:
        value = _read(text)
    except _OutOfBounds:
        raise argparse.ArgumentTypeError(f"{_quoted(text)} is far too large") from None
    if value is None or value.denominator != 1:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {_quoted(text)}")
    return int(value)


integer.__name__ = "whole number"


def learning_rate(text: str) -> float:
    """An argparse type: a learning rate, a positive number at most :data:`MAX_LR`.

    >>> learning_rate("0.02"), learning_rate("1e-3")
    (0.02, 0.001)
    """
    bounds = f"must be a positive number at most {MAX_LR}, got {_quoted(text)}"
    try:
        value = _read(text)
    except _OutOfBounds:
        raise argparse.ArgumentTypeError(bounds) from None
    if value is None:
        raise argparse.ArgumentTypeError(f"expected a number such as 0.02, got {_quoted(text)}")
    if not 0 < value <= MAX_LR:
        raise argparse.ArgumentTypeError(bounds)
    return float(value)


learning_rate.__name__ = "learning rate"

PathKind = Literal["missing", "folder", "file", "other"]
"""What a path names: nothing, a folder, a regular file, or something else (a FIFO, a device)."""


def path_kind(path: Path, label: str) -> PathKind:
    """What ``path`` names, following symlinks.

    Args:
        path: The path to look at.
        label: How a message names it (``--lessons x``, ``PATH x``).

    Raises:
        CliError: The path cannot even be looked at: too long, a NUL byte, no permission.
    """
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):
        return "missing"
    except OSError as error:
        raise CliError(f"{label}: {error.strerror or error}") from None
    except ValueError:  # an embedded NUL byte
        raise CliError(f"{label}: not a valid path (it holds a NUL character)") from None
    if stat.S_ISDIR(mode):
        return "folder"
    return "file" if stat.S_ISREG(mode) else "other"


def check_lesson_dirs(dirs: list[str] | None) -> list[Path]:
    """The ``--lessons`` folders, each of which must exist and be a folder (a usage error if not).

    Raises:
        CliError: ``--lessons DIR: folder not found`` or ``… not a folder``.
    """
    folders = [Path(d) for d in dirs or []]
    for folder in folders:
        label = f"--lessons {shown(folder)}"
        kind = path_kind(folder, label)
        if kind == "missing":
            raise CliError(f"{label}: folder not found")
        if kind != "folder":
            raise CliError(f"{label}: not a folder")
    return folders


def check_data_dir(text: str | None) -> None:
    """``--data-dir``, when given, must be a folder or not exist yet (it is created on first use).

    Raises:
        CliError: ``--data-dir DIR: not a folder``, or a path that cannot be looked at.
    """
    if not text:
        return
    label = f"--data-dir {shown(text)}"
    kind = path_kind(Path(text).expanduser(), label)
    if kind not in ("missing", "folder"):
        raise CliError(f"{label}: not a folder")
