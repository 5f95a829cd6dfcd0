"""``cnn-tutor quiz``: open the tutor in quiz mode."""

from __future__ import annotations

import argparse
from typing import Any

from tui.commands._args import MAX_SEED, whole_number
from tui.commands._help import add_command
from tui.errors import CliError

EPILOG = """\
examples:
  cnn-tutor quiz                          every skill, the most overdue first
  cnn-tutor quiz --skill output-size      only output-size questions
  cnn-tutor quiz --lesson 000-convolution --seed 7
  cnn-tutor quiz --review                 a mixed review of the skills due now
  printf '4\\n?\\n7\\n' | cnn-tutor quiz --plain --skill output-size --seed 3

With --plain the quiz reads one answer a line from standard input and writes plain
lines (no escape codes, no box drawing): '?' gives a hint, 'q' or the end of input
stops with a summary. Every answer is saved before its feedback is written."""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``quiz`` subcommand."""
    parser = add_command(
        subparsers,
        "quiz",
        common,
        help="practise with questions whose answers the engine computes",
        description="Open self-paced quiz practice, optionally for one lesson or skill.",
        epilog=EPILOG,
    )
    parser.add_argument("--lesson", metavar="ID", help="only questions from this lesson")
    parser.add_argument("--skill", metavar="NAME", help="only questions of this skill")
    parser.add_argument(
        "--seed",
        metavar="N",
        type=whole_number(0, MAX_SEED),
        help="make the questions reproducible (0 to 2**32-1)",
    )
    parser.add_argument(
        "--review",
        action="store_true",
        help="a mixed review of the skills due now, until none is (mastery is earned here)",
    )
    parser.add_argument(
        "--plain",
        action="store_true",
        help="plain text: read answers from standard input, write plain lines",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Check the selection, then open the app on the quiz."""
    from lessons import load_all
    from lessons.quiz.catalog import SelectionError, quiz_sources

    loaded = load_all(args.lesson_dirs) if args.lesson or args.skill else None
    try:
        quiz_sources(loaded.lessons if loaded else [], lesson=args.lesson, skill=args.skill)
    except SelectionError as error:
        raise CliError(str(error)) from None

    if args.plain:
        return run_plain(args, loaded)

    from tui.app.app import create_app
    from tui.app.screens.quiz import QuizScreen

    def quiz_screen() -> QuizScreen:
        return QuizScreen(lesson=args.lesson, skill=args.skill, seed=args.seed, review=args.review)

    app = create_app(
        lesson_dirs=args.lesson_dirs,
        data_dir=args.data_dir,
        initial_screen=quiz_screen,  # type: ignore[arg-type]
        lessons=loaded,  # already read to check the selection: not read twice
    )
    app.run()
    return int(app.return_code or 0)


def run_plain(args: argparse.Namespace, loaded: Any) -> int:
    """``--plain``: the quiz on standard input and output, saved like the app's."""
    import random
    import sys

    from lessons import load_all
    from lessons.quiz.catalog import quiz_sources
    from lessons.quiz.session import QuizSession
    from tui.plain.quiz import run_plain_quiz
    from tui.progress.store import ProgressStore
    from tui.terminal_text import one_line

    if loaded is None:
        loaded = load_all(args.lesson_dirs)
    sources = quiz_sources(loaded.lessons, lesson=args.lesson, skill=args.skill)
    seed = args.seed if args.seed is not None else random.randrange(2**31)
    store = ProgressStore.open(args.data_dir)
    try:
        if store.notice:
            print(f"cnn-tutor: {one_line(store.notice)}", file=sys.stderr)
        session = QuizSession(store, sources, seed=seed, review=args.review)
        return run_plain_quiz(session, sys.stdin, sys.stdout, store)
    finally:
        store.close()
