"""The loader's one error type: a problem in a lesson file, as ``path:line:column: message``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

__all__ = ["CONTROL_CHARACTERS", "LessonError", "printable"]

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 and C1 control characters and DEL (ESC, BEL, CR, CSI, ...); tab and newline are not."""


def printable(text: str) -> str:
    """``text`` with each control character written as an escape (ESC is ``\\x1b``), tab and
    newline as spaces: safe to print on a terminal, and one line.

    >>> printable("a\\x1b]0;title\\x07b\\nc")
    'a\\\\x1b]0;title\\\\x07b c'
    """
    escaped = CONTROL_CHARACTERS.sub(lambda match: f"\\x{ord(match.group()):02x}", text)
    return escaped.replace("\t", " ").replace("\n", " ")


class LessonError(Exception):
    """One problem in one lesson file, located by line and column (1-based).

    ``str(error)`` is ``f"{path}:{line}:{column}: {message}"``, one line without control
    characters (those of the path or the message are escaped), so it is safe to print.

    Attributes:
        path: The file (as the user would type it: relative to the working folder when inside it).
        line: 1-based line.
        column: 1-based column.
        message: What is wrong, in one line, control characters escaped.
        more: The file's other problems, in file order.
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
        self.message = printable(" ".join(message.split()))  # always one line
        self.more: tuple[LessonError, ...] = tuple(more)
        super().__init__(str(self))

    @property
    def all(self) -> tuple[LessonError, ...]:
        """This error and the file's other problems, in file order."""
        return (self, *self.more)

    def __str__(self) -> str:
        return f"{printable(str(self.path))}:{self.line}:{self.column}: {self.message}"

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
