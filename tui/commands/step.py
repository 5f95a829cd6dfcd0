"""``cnn-tutor step``: open the stepper on a lesson, or print its steps as plain text."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tui.commands._args import whole_number
from tui.commands._help import add_command
from tui.errors import EXIT_OK, CliError

EPILOG = """\
examples:
  cnn-tutor step 000-convolution --scene 2 --plain    deck 000's 6x6 example, as text
  cnn-tutor step 040-torch-layers --plain             every scene of a lesson
  cnn-tutor step 000-convolution --scene 2            the same scene in the stepper

With --plain each window is one block: where it is, its arithmetic as the slides write
it, and the output so far ('.' for cells not computed yet). No escape codes, no box
drawing. The scenes printed count as stepped through, as in the app."""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``step`` subcommand."""
    parser = add_command(
        subparsers,
        "step",
        common,
        help="step through a lesson: the stepper, or a plain-text transcript",
        description="Open the stepper on a lesson, or with --plain print its steps as text.",
        epilog=EPILOG,
    )
    parser.add_argument("lesson", metavar="LESSON_ID", help="the lesson ('cnn-tutor lessons')")
    parser.add_argument(
        "--scene",
        type=whole_number(1, 10_000),
        metavar="N",
        help="only scene N, from 1 (default: every scene with --plain, the first in the app)",
    )
    parser.add_argument(
        "--plain", action="store_true", help="print the steps as plain text instead"
    )
    parser.add_argument(
        "--no-fading",
        action="store_true",
        help="in the stepper: no faded worked examples (it asks only after g)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Print the transcript, or open the app on the lesson."""
    from lessons import load_all

    result = load_all(args.lesson_dirs)
    lesson = result.by_id(args.lesson)
    if lesson is None:
        raise CliError(f"unknown lesson {args.lesson!r}; 'cnn-tutor lessons' lists them")
    scenes = len(lesson.scenes)
    if args.scene is not None and not 1 <= args.scene <= scenes:
        raise CliError(
            f"--scene {args.scene} is out of range: lesson {lesson.id} has scenes 1 to {scenes}"
        )
    if not args.plain:
        from tui.app.app import create_app

        start = (args.scene or 1) - 1
        app = create_app(
            lesson_dirs=args.lesson_dirs,
            data_dir=args.data_dir,
            open_lesson=(lesson.id, start, 0),
            lessons=result,
            fading=not args.no_fading,
        )
        app.run()
        return int(app.return_code or 0)
    return print_transcript(args, lesson)


def print_transcript(args: argparse.Namespace, lesson: Any) -> int:
    """``--plain``: each chosen scene's transcript; the scenes count as stepped through."""
    from lessons.playback import prepare
    from tui.plain.step import scene_transcript
    from tui.progress.store import ProgressStore
    from tui.terminal_text import one_line, printable

    chosen = [args.scene - 1] if args.scene is not None else list(range(len(lesson.scenes)))
    store = ProgressStore.open(args.data_dir)
    try:
        if store.notice:
            print(f"cnn-tutor: {one_line(store.notice)}", file=sys.stderr)
        print(printable(f"Lesson {lesson.id}: {lesson.title}"))
        store.mark_seen(lesson.id)
        for index in chosen:
            print()
            for line in scene_transcript(lesson, index):
                print(line)
            store.finish_scene(lesson.id, index)
            store.save_position(lesson.id, index, prepare(lesson.scenes[index]).timeline.total)
        if store.scenes_finished(lesson.id) >= set(range(len(lesson.scenes))):
            store.mark_done(lesson.id)
        store.flush()
    finally:
        store.close()
    return EXIT_OK
