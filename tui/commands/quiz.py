"""``cnn-tutor quiz``: open the tutor in quiz mode."""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands._help import add_command
from tui.errors import EXIT_FAILED


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``quiz`` subcommand."""
    parser = add_command(
        subparsers,
        "quiz",
        common,
        help="practise with questions whose answers the engine computes",
        description="Open self-paced quiz practice, optionally for one lesson or skill.",
    )
    parser.add_argument("--lesson", metavar="ID", help="only questions from this lesson")
    parser.add_argument("--skill", metavar="NAME", help="only questions of this skill")
    parser.add_argument("--seed", metavar="N", type=int, help="make the questions reproducible")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Open the quiz."""
    print("cnn-tutor quiz: not built yet")
    return EXIT_FAILED
