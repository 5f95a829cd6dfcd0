"""``cnn-tutor lessons``: list every lesson (id, title, deck file, scene count) and broken files."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from tui.commands._args import check_lesson_dirs
from tui.commands._help import add_command
from tui.errors import EXIT_FAILED, EXIT_OK
from tui.terminal_text import one_line

EPILOG = """\
Lessons come from the built-in folder, then the folders in CNN_TUTOR_LESSONS (a path
list), then each --lessons DIR, in file-name order. A lesson beyond the decks (no deck
file) shows — as its deck. Exit status: 0, or 1 when a lesson file is broken (each
broken file is listed with its line and column)."""


NO_DECK = "—"
"""The DECK column of a lesson beyond the decks (no deck file)."""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``lessons`` subcommand."""
    parser = add_command(
        subparsers,
        "lessons",
        common,
        help="list every lesson: id, title, deck and scene count",
        description="List every lesson in course order, with broken lesson files and their errors.",
        epilog=EPILOG,
    )
    parser.set_defaults(handler=run)


def check_dirs(dirs: list[str] | None) -> list[Path]:
    """The ``--lessons`` folders, each of which must exist (a usage error otherwise)."""
    return check_lesson_dirs(dirs)


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        cells[-1] = row[-1].rjust(widths[-1])
        lines.append("  ".join(cells).rstrip())
    return lines


def run(args: argparse.Namespace) -> int:
    """List the lessons."""
    from lessons import load_all

    result = load_all(check_dirs(getattr(args, "lesson_dirs", None)))
    if result.lessons:
        rows: list[tuple[str, ...]] = [("ID", "TITLE", "DECK", "SCENES")]
        rows += [  # fields from lesson files: escaped, so a title cannot drive the terminal
            (
                one_line(lesson.id),
                one_line(lesson.title),
                one_line((lesson.deck.file if lesson.deck else None) or NO_DECK),
                str(len(lesson.scenes)),
            )
            for lesson in result.lessons
        ]
        print("\n".join(_table(rows)))
    else:
        print("no lessons found")
    if result.errors:
        count = len(result.errors)
        print(f"\n{count} broken lesson file{'s' if count != 1 else ''}:")
        for error in result.errors:
            print(f"  {one_line(str(error))}")
        return EXIT_FAILED
    return EXIT_OK
