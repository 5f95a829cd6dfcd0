"""``cnn-tutor progress``: print mastery per skill, or reset it."""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands._help import add_command
from tui.errors import EXIT_FAILED


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``progress`` subcommand."""
    parser = add_command(
        subparsers,
        "progress",
        common,
        help="print mastery per skill, or reset progress",
        description="Print your mastery per skill from progress.db, or reset it.",
    )
    parser.add_argument("--reset", action="store_true", help="erase progress (asks first)")
    parser.add_argument("--skill", metavar="S", help="with --reset: only this skill")
    parser.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print or reset progress."""
    print("cnn-tutor progress: not built yet")
    return EXIT_FAILED
