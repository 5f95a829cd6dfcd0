"""Shared helpers for subcommand parsers."""

from __future__ import annotations

import argparse
from typing import Any


def add_command(
    subparsers: Any,
    name: str,
    common: argparse.ArgumentParser,
    *,
    help: str,
    description: str,
    epilog: str | None = None,
) -> argparse.ArgumentParser:
    """Add a subcommand parser with the shared options and a readable help layout."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        name,
        help=help,
        description=description,
        epilog=epilog,
        parents=[common],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    return parser
