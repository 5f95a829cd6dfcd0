"""The engine's error type: a one-line ``ValueError`` that names the argument it is about."""

from __future__ import annotations


class ArgumentError(ValueError):
    """A bad argument to an engine function, with the argument's name.

    The message is one line that names shapes and values, such as
    ``kernel 5x5 does not fit input 4x4 with padding 0``; :attr:`argument` names the parameter
    it is about (``"kernel"``, ``"stride"``, ``"padding"``, ...), so a caller such as the lesson
    loader can blame the right key without reading the words of the message.

    Attributes:
        argument: The name of the argument at fault, as the function's signature spells it.
    """

    def __init__(self, argument: str, message: str) -> None:
        super().__init__(message)
        self.argument = argument


__all__ = ["ArgumentError"]
