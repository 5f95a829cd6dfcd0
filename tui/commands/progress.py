"""``cnn-tutor progress``: print each skill's FSRS state (or as JSON), or reset it."""

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
  cnn-tutor progress                          recall and due time per skill
  cnn-tutor progress --json                   the same as JSON, for scripts
  cnn-tutor progress --reset --skill pooling  forget one skill (asks first)
  cnn-tutor progress --reset --yes            forget everything, no question asked"""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``progress`` subcommand."""
    parser = add_command(
        subparsers,
        "progress",
        common,
        help="print recall and due time per skill, or reset progress",
        description=(
            "Print each skill's FSRS state from progress.db (retrievability, when it is due, "
            "stability, difficulty), or reset it."
        ),
        epilog=EPILOG,
    )
    parser.add_argument("--reset", action="store_true", help="erase progress (asks first)")
    parser.add_argument(
        "--skill", metavar="S", help="only this skill (with --reset: forget only this skill)"
    )
    parser.add_argument("--yes", action="store_true", help="with --reset: do not ask")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object: skills (skill, reviews, due, stability, difficulty, "
        "retrievability), lessons and the last position",
    )
    parser.set_defaults(handler=run)


def mastery_table(store: ProgressLog, skills: list[str] | None = None) -> list[str]:
    """Lines of the table (one per skill), as ``progress`` prints them.

    ``recall`` is FSRS's retrievability now; ``stab.`` the stability in days, ``diff.`` the
    difficulty (1 to 10); ``✓`` marks a skill mastered in a mixed review.
    """
    from lessons.quiz.mastery import bar, mastery_rows

    rows = mastery_rows(store, skills)
    width = max([len(r.skill) for r in rows] + [5])
    lines = [
        f"{'skill':<{width}}  {'recall':<15}  {'stab.':>6}  {'diff.':>5}  right/tried  hints  due"
    ]
    for r in rows:
        stability = f"{r.stability:.1f}d" if r.stability is not None else "-"
        difficulty = f"{r.difficulty:.1f}" if r.difficulty is not None else "-"
        mark = "  ✓ mastered" if r.mastered else ""
        lines.append(
            f"{r.skill:<{width}}  {bar(r.retrievability)} {r.retrievability:>4.0%}  "
            f"{stability:>6}  {difficulty:>5}  {r.correct:>5}/{r.attempts:<5}  {r.hints:>5}  "
            f"{r.due}{mark}"
        )
    return lines


def progress_json(store: Any, skills: list[str] | None = None) -> str:
    """``progress --json``: the skills' FSRS state, the lessons and the last position."""
    import json

    from lessons.quiz.mastery import mastery_rows, row_json

    position = store.last_position()
    document = {
        "path": str(store.path) if store.path is not None else None,
        "skills": [row_json(r) for r in mastery_rows(store, skills)],
        "due": store.due(),
        "lessons": store.lesson_status(),
        "position": None
        if position is None
        else {"lesson": position[0], "scene": position[1] + 1, "step": position[2]},
        "answers": len(store.answers()),
    }
    return json.dumps(document, indent=2, ensure_ascii=True)


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
    if args.json and args.reset:
        raise CliError("--json does not go with --reset")
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
        if args.json:
            print(progress_json(store, [args.skill] if args.skill else None))
            return EXIT_OK
        print(printable(f"Progress in {store.path or 'memory (not saved)'}"))
        for line in mastery_table(store, [args.skill] if args.skill else None):
            print(printable(line))
        due = store.due()
        if due:
            print(printable(f"\nDue for review now: {', '.join(due)} (cnn-tutor quiz --review)."))
        else:
            print("\nNothing is due for review now.")
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
