"""``cnn-tutor export``: write a lesson screen as SVG, headlessly."""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands._help import add_command
from tui.errors import EXIT_FAILED


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``export`` subcommand."""
    parser = add_command(
        subparsers,
        "export",
        common,
        help="write a lesson screen as SVG for slides",
        description="Render one lesson screen headlessly and write it as an SVG file.",
    )
    parser.add_argument(
        "lesson", metavar="LESSON_ID", help="the lesson's id (see 'cnn-tutor lessons')"
    )
    parser.add_argument(
        "--scene", type=int, default=1, metavar="N", help="scene number (default 1)"
    )
    parser.add_argument("--step", type=int, default=0, metavar="K", help="step number (default 0)")
    parser.add_argument(
        "--size", default="120x40", metavar="WxH", help="terminal size (default 120x40)"
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE.svg", help="where to write")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Export."""
    print("cnn-tutor export: not built yet")
    return EXIT_FAILED
