"""The ``cnn-tutor`` command line: bare, it opens the app; subcommands do the rest.

Exit codes: 0 success, 1 a failed check, 2 a usage error (bad arguments, bad paths).
Every user mistake is reported as one line on stderr, never as a traceback, and every string that
came from a file or an argument is printed with its control characters escaped
(:mod:`tui.terminal_text`).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from tui import __version__
from tui.commands import COMMANDS
from tui.commands._args import check_data_dir, check_lesson_dirs
from tui.errors import EXIT_USAGE, CliError
from tui.terminal_text import one_line

MAX_MESSAGE = 400
"""The longest error line; argparse quotes whole arguments, which may be 5,000 characters."""

DESCRIPTION = """\
A terminal tutor for convolutional neural networks.

Run it bare to open the tutor: step through correlation, padding, stride and
pooling one window at a time, predict the next cell, take quizzes, and train
the X/O toy ConvNet live."""

EPILOG = """\
examples:
  cnn-tutor                       open the tutor
  cnn-tutor --no-fading           the stepper never asks for predictions by itself
  cnn-tutor lessons               list the lessons
  cnn-tutor check                 recompute every worked example in the lessons
  cnn-tutor quiz --skill output-size
  cnn-tutor train --headless --seed 0
  cnn-tutor export 000-convolution --scene 3 --step 3 -o stride.svg
  cnn-tutor --lessons . --watch   reload the lesson files here as you edit them
  cnn-tutor --image astronaut     the photograph lessons on another picture

Run 'cnn-tutor COMMAND --help' for a command's options."""


def add_common_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Add the options every command accepts.

    Args:
        parser: The parser to extend.
        suppress: When True the options default to ``argparse.SUPPRESS`` so a
            subcommand does not overwrite a value given before its name.
    """
    default_list: object = argparse.SUPPRESS if suppress else []
    default_none: object = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--lessons",
        metavar="DIR",
        action="append",
        dest="lesson_dirs",
        default=default_list,
        help="an extra folder of lesson YAML files (repeatable; also CNN_TUTOR_LESSONS)",
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        dest="data_dir",
        default=default_none,
        help="where progress.db lives (default: your user data folder; also CNN_TUTOR_DATA)",
    )
    parser.add_argument(
        "--image",
        metavar="NAME|PATH",
        dest="image",
        default=default_none,
        help="the photograph the photo lessons use: camera, astronaut, chelsea, or your own "
        "PNG/JPEG (grayscale, shrunk to 128 pixels at most)",
    )


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line: what is wrong, and where help is."""

    def error(self, message: str) -> NoReturn:
        """Print ``PROG: error: MESSAGE (see 'PROG --help')`` on stderr and exit 2.

        The message is made one line and its control characters escaped: argparse quotes the
        arguments it refuses, and an argument can hold anything.
        """
        line = one_line(message)
        if len(line) > MAX_MESSAGE:
            line = line[: MAX_MESSAGE - 1] + "…"
        self.exit(EXIT_USAGE, f"{self.prog}: error: {line} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser for ``cnn-tutor`` and all its subcommands."""
    parser = Parser(
        prog="cnn-tutor",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cnn-tutor {__version__}")
    parser.add_argument(
        "--watch",
        action="store_true",
        help="reload a lesson file when it changes, keeping the scene and step (for authors)",
    )
    add_common_options(parser, suppress=False)
    parser.add_argument(
        "--no-fading",
        action="store_true",
        help="no faded worked examples: the stepper never asks unless you press g",
    )
    common = argparse.ArgumentParser(add_help=False)
    add_common_options(common, suppress=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for module in COMMANDS:
        module.register(sub, common)
    return parser


def open_app(args: argparse.Namespace) -> int:
    """Open the interactive tutor."""
    from tui.app.app import create_app

    app = create_app(
        lesson_dirs=args.lesson_dirs,
        data_dir=args.data_dir,
        fading=not getattr(args, "no_fading", False),
        welcome=True,  # a first run (empty progress.db) opens on the welcome
        watch=bool(getattr(args, "watch", False)),
    )
    app.run()
    return int(app.return_code or 0)


def use_image(source: str | None) -> None:
    """Put ``--image`` in place of the photograph lessons' picture, or refuse it in one line.

    Without ``--image`` nothing is imported (None only undoes an earlier ``--image``):
    :mod:`lessons.pictures` imports NumPy, which delayed the app's first frame by 0.3 s.
    """
    if source is None and "lessons.pictures" not in sys.modules:
        return  # nothing to undo
    from lessons.pictures import PictureError, use_instead

    try:
        use_instead(source)
    except PictureError as error:
        raise CliError(f"--image: {error}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", open_app)
    try:
        check_lesson_dirs(args.lesson_dirs)  # every command that reads lessons, the app too
        check_data_dir(args.data_dir)
        use_image(getattr(args, "image", None))
        try:
            return int(handler(args))
        finally:
            use_image(None)  # --image lasts for this command only
    except CliError as error:
        print(f"cnn-tutor: error: {one_line(str(error))}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("cnn-tutor: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

__all__ = ["EXIT_USAGE", "Parser", "build_parser", "main"]
