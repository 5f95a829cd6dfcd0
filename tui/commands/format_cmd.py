"""``cnn-tutor format [KIND]``: the lesson-format reference, generated from the schema."""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands._help import add_command
from tui.errors import EXIT_OK, EXIT_USAGE, CliError

EPILOG = """\
examples:
  cnn-tutor format                 every kind and key: type, default, meaning, example
  cnn-tutor format pool2d          one kind, with its example file
  cnn-tutor format --kinds         the kinds, one a line
  cnn-tutor format --markdown      the reference as markdown (docs/format.md)

The reference is generated from the schema the loader uses, so it lists exactly the
kinds and keys a lesson file may hold. Messages count rows and columns from 1; only
'at:' and 'cell:' are 0-based, like Python indices. Exit status: 0, or 2 for an
unknown kind."""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``format`` subcommand."""
    parser = add_command(
        subparsers,
        "format",
        common,
        help="the lesson file format: every kind and key",
        description="Print the lesson-format reference: every kind, every key, its type, its\n"
        "default and a one-line example; with KIND, one kind and its example file.",
        epilog=EPILOG,
    )
    parser.add_argument("kind", nargs="?", metavar="KIND", help="one kind, such as pool2d")
    parser.add_argument("--markdown", action="store_true", help="write it as markdown")
    parser.add_argument("--kinds", action="store_true", help="list the kinds, one a line")
    parser.set_defaults(handler=run)


def unknown_kind(kind: str) -> CliError:
    """The usage error for a kind the schema does not have, naming the ones it has."""
    from lessons.reference import kinds
    from tui.commands._args import shown

    return CliError(
        f"unknown kind '{shown(kind, 40)}'; the kinds are {', '.join(kinds())}", EXIT_USAGE
    )


def run(args: argparse.Namespace) -> int:
    """Print the reference (or one kind of it)."""
    from lessons.reference import kinds, render_markdown, render_text

    if args.kinds:
        print("\n".join(kinds()))
        return EXIT_OK
    if args.kind is not None:
        if args.kind not in kinds():
            raise unknown_kind(args.kind)
        print(render_text(args.kind), end="")
        return EXIT_OK
    print(render_markdown() if args.markdown else render_text(), end="")
    return EXIT_OK
