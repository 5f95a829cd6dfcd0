"""``cnn-tutor lessons``: list every lesson."""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands._help import add_command
from tui.errors import EXIT_FAILED


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``lessons`` subcommand."""
    parser = add_command(
        subparsers,
        "lessons",
        common,
        help="list every lesson: id, title, deck and scene count",
        description="List every lesson in course order, with broken lesson files and their errors.",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """List the lessons."""
    print("cnn-tutor lessons: not built yet")
    return EXIT_FAILED
