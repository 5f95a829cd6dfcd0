"""One module per ``cnn-tutor`` subcommand.

Each module defines ``register(subparsers, common)``, which adds its parser and
sets ``handler`` to a function ``run(args) -> int``. Modules import their heavy
dependencies inside ``run`` so that ``cnn-tutor --help`` stays fast.
"""

from __future__ import annotations

from tui.commands import (
    check,
    config_cmd,
    export,
    format_cmd,
    lessons_cmd,
    new_cmd,
    play,
    progress,
    quiz,
    serve,
    step,
    train,
)

COMMANDS = (
    lessons_cmd,
    check,
    format_cmd,
    new_cmd,
    quiz,
    progress,
    step,
    train,
    export,
    play,
    config_cmd,
    serve,
)

__all__ = ["COMMANDS"]
