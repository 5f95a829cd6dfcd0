"""Text from files and arguments made safe to print: control characters shown, never obeyed.

Lesson files come from other people. A title holding ``ESC ] 0 ; … BEL`` (an OSC sequence) would
retitle the user's terminal if printed raw; ``ESC [ 2 J`` would clear it; a carriage return would
let one line overwrite another. Every string the command line prints that came from a file or
an argument passes through :func:`printable` (or :func:`one_line` for a single-line field), which
replaces each C0 and C1 control character, DEL and the bidirectional overrides by a visible
escape written the way Python writes it: ``\\x1b``, ``\\x07``, ``\\r``, ``\\u202e``.

The lesson loader may strip such characters too; the command line is safe regardless.

>>> printable("Edges\\x1b]0;pwned\\x07 and\\tmore\\n")
'Edges\\\\x1b]0;pwned\\\\x07 and\\tmore\\n'
>>> one_line("two\\nlines\\r")
'two\\\\nlines\\\\r'
"""

from __future__ import annotations

import re

__all__ = ["has_control", "one_line", "printable"]

_CONTROL = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""C0 except tab and newline, DEL, C1, and the bidirectional marks and overrides."""

_UNSAFE = re.compile(f"[{_CONTROL}]")
_UNSAFE_LINE = re.compile(f"[{_CONTROL}\t\n]")


_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """``text`` with every control character but newline and tab replaced by its escape.

    Args:
        text: Any text, such as a lesson's title or an error quoting a file.

    Returns:
        The same text, safe to write to a terminal: ``\\x1b`` becomes the four characters
        ``\\x1b``.
    """
    return _UNSAFE.sub(_escape, text)


def one_line(text: str) -> str:
    """Like :func:`printable`, and newlines and tabs are escaped too: the result is one line.

    For a field printed within a line (a title in a table, a path in an error message), so that
    a newline in the field cannot start a line of its own.
    """
    return _UNSAFE_LINE.sub(_escape, text)


def has_control(text: str) -> bool:
    """Whether ``text`` holds a character :func:`printable` would escape (newline and tab aside).

    >>> has_control("ok\\n"), has_control("\\x1b[2J")
    (False, True)
    """
    return _UNSAFE.search(text) is not None
