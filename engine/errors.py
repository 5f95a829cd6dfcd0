"""The engine's error type: a one-line ``ValueError`` that names the argument it is about."""

from __future__ import annotations

__all__ = ["ArgumentError", "printable"]


def printable(text: str) -> str:
    """``text`` with every control or other unprintable character written as its escape.

    A message quotes what the caller passed, and a lesson file's text can hold ESC, BEL or a line
    break; escaped, it stays one line and cannot drive a terminal.

    >>> printable("a\\nb\\x1b]0;x\\x07")
    'a\\\\nb\\\\x1b]0;x\\\\x07'
    """
    if text.isprintable():
        return text
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text
    )


class ArgumentError(ValueError):
    """A bad argument to an engine function, with the argument's name.

    The message is one line that names shapes and values, such as
    ``kernel 5x5 does not fit input 4x4 with padding 0``; :attr:`argument` names the parameter
    it is about as the public function's signature spells it (``"x"``, ``"k"``, ``"stride"``,
    ``"padding"``, ...), so a caller such as the lesson loader can blame the right key without
    reading the words of the message. Control characters in the message are escaped.

    Attributes:
        argument: The name of the argument at fault, as the function's signature spells it.

    >>> error = ArgumentError("stride", "stride must be a positive integer, got 0")
    >>> error.argument, str(error), isinstance(error, ValueError)
    ('stride', 'stride must be a positive integer, got 0', True)
    """

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(printable(message))
        self.argument = argument
