"""``cnn-tutor check``: validate lesson files and recompute every ``expect``."""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands._help import add_command
from tui.errors import EXIT_FAILED


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``check`` subcommand."""
    parser = add_command(
        subparsers,
        "check",
        common,
        help="validate lesson files and recompute every worked example",
        description=(
            "Validate lesson YAML files and recompute every scene's expected output with the\n"
            "engine. Exits 1 on a mismatch that the lesson does not mark as a known erratum."
        ),
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="lesson files or folders")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the lessons."""
    print("cnn-tutor check: not built yet")
    return EXIT_FAILED
