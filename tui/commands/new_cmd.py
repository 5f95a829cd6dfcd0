"""``cnn-tutor new LESSON_ID [--kind KIND]``: write a commented lesson skeleton to start from."""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from typing import Any

from tui.commands._args import path_kind, shown
from tui.commands._help import add_command
from tui.errors import EXIT_OK, CliError

DEFAULT_KIND = "correlate2d"
"""The kind of the skeleton's worked scene when ``--kind`` is not given."""

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$")
"""A lesson id, as the schema's ``Lesson.id`` takes it."""

EPILOG = """\
examples:
  cnn-tutor new 015-my-lesson                  writes 015-my-lesson.yaml (a correlate2d scene)
  cnn-tutor new 016-pooling --kind pool2d -o /tmp/016-pooling.yaml
  cnn-tutor check /tmp/016-pooling.yaml        the skeleton checks ok as written

The skeleton is the kind's example file (lessons/examples/KIND.yaml) with your id: every
key commented, a citation ('source:') to replace with yours, and an expect that the
engine agrees with. 'cnn-tutor format KIND' lists every key the kind takes. An existing
file is never overwritten unless --force is given. Exit status: 0, or 2 for a bad id,
an unknown kind or a file that exists."""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``new`` subcommand."""
    parser = add_command(
        subparsers,
        "new",
        common,
        help="write a commented lesson skeleton to start from",
        description="Write a commented lesson file, LESSON_ID.yaml, with one worked scene of KIND.",
        epilog=EPILOG,
    )
    parser.add_argument("lesson_id", metavar="LESSON_ID", help="the new lesson's id")
    parser.add_argument(
        "--kind", default=DEFAULT_KIND, metavar="KIND", help=f"the scene's kind ({DEFAULT_KIND})"
    )
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="where to write it (default: LESSON_ID.yaml)"
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")
    parser.set_defaults(handler=run)


def skeleton(lesson_id: str, kind: str) -> str:
    """The skeleton's text: the kind's example file with ``lesson_id`` as its id.

    Raises:
        CliError: ``kind`` is not a kind the schema accepts.
    """
    from lessons.reference import example_text, kinds
    from tui.commands.format_cmd import unknown_kind

    text = example_text(kind) if kind in kinds() else None
    if text is None:
        raise unknown_kind(kind)
    body = re.sub(r"^id: example-\S+", f"id: {lesson_id}", text, count=1, flags=re.M)
    head = (
        f"# {lesson_id}: a new lesson, written by `cnn-tutor new {lesson_id} --kind {kind}`.\n"
        "# Replace the numbers with your example's, then run `cnn-tutor check` on this file.\n"
        "# Leave out 'deck' unless the lesson mirrors a seed deck; cite your example in 'source'.\n"
    )
    return head + body


def run(args: argparse.Namespace) -> int:
    """Write the skeleton; 2 for a bad id, an unknown kind or an existing file."""
    lesson_id = str(args.lesson_id)
    if not ID_PATTERN.match(lesson_id):
        raise CliError(
            f"lesson id '{shown(lesson_id, 80)}' must start with a letter or digit and hold only "
            "letters, digits, '-', '_' and '.' (at most 80)"
        )
    text = skeleton(lesson_id, str(args.kind))
    target = Path(args.output) if args.output else Path(f"{lesson_id}.yaml")
    kind = path_kind(target, shown(target))
    if kind == "folder":
        target = target / f"{lesson_id}.yaml"
        kind = path_kind(target, shown(target))
    if kind != "missing" and not args.force:
        raise CliError(f"{shown(target)} already exists; give --force to overwrite it")
    try:
        with target.open("w" if args.force else "x", encoding="utf-8") as handle:
            handle.write(text)  # "x": never through a link or over a file made meanwhile
    except FileExistsError:
        raise CliError(f"{shown(target)} already exists; give --force to overwrite it") from None
    except OSError as error:
        raise CliError(f"{shown(target)}: cannot write: {error.strerror or error}") from None
    print(f"wrote {shown(target)}: check it with 'cnn-tutor check {shown(target)}'")
    return EXIT_OK
