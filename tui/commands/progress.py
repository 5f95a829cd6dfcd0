"""``cnn-tutor progress``: print mastery per skill, or reset it."""

from __future__ import annotations

import argparse
import sys
import time
from typing import TYPE_CHECKING, Any

from tui.commands._help import add_command
from tui.errors import EXIT_FAILED, EXIT_OK, CliError
from tui.terminal_text import one_line, printable

if TYPE_CHECKING:
    from lessons.quiz.progress_log import ProgressLog

EPILOG = """\
examples:
  cnn-tutor progress                          mastery per skill
  cnn-tutor progress --reset --skill pooling  forget one skill (asks first)
  cnn-tutor progress --reset --yes            forget everything, no question asked"""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``progress`` subcommand."""
    parser = add_command(
        subparsers,
        "progress",
        common,
        help="print mastery per skill, or reset progress",
        description="Print your mastery per skill from progress.db, or reset it.",
        epilog=EPILOG,
    )
    parser.add_argument("--reset", action="store_true", help="erase progress (asks first)")
    parser.add_argument(
        "--skill", metavar="S", help="only this skill (with --reset: forget only this skill)"
    )
    parser.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    parser.set_defaults(handler=run)


def mastery_table(store: ProgressLog, skills: list[str] | None = None) -> list[str]:
    """Lines of the mastery table (one per skill), as ``progress`` prints them."""
    from lessons.quiz.mastery import MAX_BOX, bar, mastery_rows

    rows = mastery_rows(store, skills)
    width = max([len(r.skill) for r in rows] + [5])
    lines = [f"{'skill':<{width}}  {'mastery':<15}  box  right/tried  hints  due"]
    for r in rows:
        box = f"{r.box}/{MAX_BOX}" if r.box is not None else "-"
        lines.append(
            f"{r.skill:<{width}}  {bar(r.mastery)} {r.mastery:>4.0%}  {box:>3}  "
            f"{r.correct:>5}/{r.attempts:<5}  {r.hints:>5}  {r.due}"
        )
    return lines


def position_text(position: tuple[str, int, int], lesson_dirs: Any = ()) -> str:
    """The stepper's saved place, as the lesson screen's status line counts it.

    The saved step is how many windows were computed (0: none yet), so a finished 25-step scene
    is ``step 25 of 25``; the total is added when the lesson can still be loaded.
    """
    lesson_id, scene, step = position
    text = f"Last position: lesson {lesson_id}, scene {scene + 1}, step {step}"
    try:
        from lessons import load_all
        from lessons.playback import prepare

        lesson = load_all(lesson_dirs or ()).by_id(lesson_id)
        if lesson is not None and 0 <= scene < len(lesson.scenes):
            total = prepare(lesson.scenes[scene]).timeline.total
            text += f" of {total}"
    except Exception:  # a lesson that no longer loads still has its saved place printed
        pass
    return text + "."


def _confirm(prompt: str) -> bool:
    if not sys.stdin.isatty():
        raise CliError("--reset needs a terminal to confirm; pass --yes to reset without asking")
    try:
        reply = input(prompt)
    except EOFError:
        return False
    return reply.strip().lower() in {"y", "yes"}


def run(args: argparse.Namespace) -> int:
    """Print or reset progress."""
    from lessons.quiz.catalog import skill_titles
    from tui.progress.store import OPEN_ATTEMPTS, ProgressStore

    if args.yes and not args.reset:
        raise CliError("--yes only goes with --reset")
    store = ProgressStore.open(args.data_dir)
    try:
        if store.locked:
            raise CliError(
                "progress.db is locked by another program; nothing was read or changed "
                "(close the other cnn-tutor or sqlite3 session and try again)",
                EXIT_FAILED,
            )
        if store.notice:
            print(f"cnn-tutor: {one_line(store.notice)}", file=sys.stderr)
        known = set(skill_titles()) | set(store.mastery())
        if args.skill is not None and args.skill not in known:
            choices = ", ".join(sorted(known))
            raise CliError(f"unknown skill {args.skill!r}; choose from: {choices}")
        if args.reset:
            what = f"progress for skill {args.skill!r}" if args.skill else "ALL progress"
            where = store.path or "the in-memory store"
            if not args.yes and not _confirm(printable(f"Erase {what} in {where}? [y/N] ")):
                print("Nothing was reset.")
                return EXIT_OK
            store.reset(args.skill)
            if not store.flush(attempts=OPEN_ATTEMPTS):
                store.discard_unsaved()
                raise CliError(
                    f"could not reset: {store.save_problem}; nothing was reset", EXIT_FAILED
                )
            print(printable(f"Reset {what}."))
            return EXIT_OK
        print(printable(f"Progress in {store.path or 'memory (not saved)'}"))
        for line in mastery_table(store, [args.skill] if args.skill else None):
            print(printable(line))
        status = store.lesson_status()
        done = sum(1 for s in status.values() if s == "done")
        print(f"\nLessons: {done} done, {len(status) - done} seen.")
        position = store.last_position()
        if position is not None:
            print(printable(position_text(position, args.lesson_dirs)))
        last = [a.at for a in store.answers()[-1:]]
        if last:
            print("Last answer: " + time.strftime("%Y-%m-%d %H:%M", time.localtime(last[0])))
    finally:
        store.close()
    return EXIT_OK
