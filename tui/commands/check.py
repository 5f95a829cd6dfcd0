"""``cnn-tutor check``: validate lesson files and recompute every ``expect`` with the engine."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.commands._args import check_lesson_dirs, path_kind, shown
from tui.commands._help import add_command
from tui.errors import EXIT_FAILED, EXIT_OK, CliError
from tui.terminal_text import one_line, printable

if TYPE_CHECKING:
    from lessons.verify import Finding

EPILOG = """\
Without PATH, checks every lesson (built-in, CNN_TUTOR_LESSONS, --lessons DIR).
Per lesson it prints "ok", or each mismatch with its scene, cell, the slide's value
and the computed value. A mismatch the lesson marks as a known erratum is listed as
an erratum, not a failure: its note once, then each of its cells with the slide's
and the correct value.

exit status: 0 all ok (errata allowed), 1 a mismatch or a broken file, 2 a bad path."""


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``check`` subcommand."""
    parser = add_command(
        subparsers,
        "check",
        common,
        help="validate lesson files and recompute every worked example",
        description=(
            "Validate lesson YAML files and recompute every scene's expected output with the\n"
            "engine. Exits 1 on a mismatch that the lesson does not mark as a known erratum."
        ),
        epilog=EPILOG,
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="lesson files or folders")
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print only problems and the summary line"
    )
    parser.set_defaults(handler=run)


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


def _errata(count: int) -> str:
    return _plural(count, "known erratum", "known errata")


CELL_INDENT = " " * 13
"""Indent of an erratum's cell lines: under the finding's text, past ``  erratum  ``."""


def _cell(finding: Finding) -> str:
    """``(2, 0): slide 212, correct -288``, or ``shape: slide 8x6, correct 6x6``."""
    from lessons.verify import cell_words

    where = "shape" if finding.cell is None else cell_words(finding.cell)
    return f"{where}: slide {finding.slide}, correct {finding.computed}"


def finding_lines(findings: Iterable[Finding], path: object = None) -> list[str]:
    """The lines that report findings, each erratum's note printed once.

    A marked erratum that covers one cell is one line (``erratum  scene 20 "...", cell (1, 1):
    slide 1.6, correct 1.7 (note)``). One that covers several cells prints its note once, then a
    line per cell: ``row 3, column 1: slide 212, correct -288``. Mismatches and note-only errata
    keep one line each; a mismatch starts with ``path:line:column:`` of its cell in the file and
    is followed by a ``hint:`` line when the checker found the likely cause. The order is the
    findings' (scene order); a group sits where its first cell was.
    """
    blocks: list[list[Finding]] = []
    groups: dict[tuple[int, int | None, str], list[Finding]] = {}
    for finding in findings:
        if finding.erratum and not finding.note_only:
            key = (finding.scene, finding.stage, finding.note)
            group = groups.get(key)
            if group is not None:
                group.append(finding)
                continue
            groups[key] = group = [finding]
            blocks.append(group)
        else:
            blocks.append([finding])
    lines: list[str] = []
    for block in blocks:
        first = block[0]
        if len(block) == 1:
            label = "erratum " if first.erratum else "mismatch"
            place = ""
            if not first.erratum and first.line is not None:
                place = f"{path}:{first.line}:{first.column}: " if path else ""
                place = place or f"line {first.line}, column {first.column}: "
            lines.append(f"  {place}{label} {first}")
            if first.hint:
                lines.append(f"      hint: {first.hint}")
            continue
        where = f'scene {first.scene} "{first.scene_title}"'
        if first.stage is not None:
            where += f", stage {first.stage}"
        lines.append(f"  erratum  {where}, {len(block)} cells: {first.note}")
        lines += [f"{CELL_INDENT}{_cell(finding)}" for finding in block]
    return lines


def _salvaged(error: Any) -> list[str]:
    """The other problems of a file that did not load: its valid scenes, checked one by one.

    So that one run shows every error: what the engine refuses in the scenes the schema takes,
    and each of their mismatches (errata are not repeated here).
    """
    from lessons.salvage import salvage

    if "duplicate lesson id" in error.message or not Path(error.path).is_file():
        return []
    found = salvage(error.path)
    told = set(error.all)
    lines = [one_line(str(e)) for e in found.errors if e not in told]
    failures = [f for f in found.findings if not f.erratum]
    return lines + finding_lines(failures, error.path)


def run(args: argparse.Namespace) -> int:
    """Check the lessons; return 0 when everything matches, 1 otherwise."""
    from lessons import load_all, load_paths
    from lessons.verify import verify_lesson

    paths = [Path(p) for p in args.paths]
    for path in paths:
        kind = path_kind(path, shown(path))
        if kind == "missing":
            raise CliError(f"{shown(path)}: no such file or folder")
        if kind == "other":  # a FIFO would block the read forever, a device never end
            raise CliError(f"{shown(path)}: not a lesson file or folder")
    if paths:
        result = load_paths(paths)
    else:
        result = load_all(check_lesson_dirs(getattr(args, "lesson_dirs", None)))
    quiet = bool(getattr(args, "quiet", False))

    def say(line: str) -> None:  # lines quote lesson files: control characters escaped
        print(printable(line))

    failed = 0
    errata = 0
    for lesson in result.lessons:
        report = verify_lesson(lesson)
        known = [*report.errata, *report.notes]
        errata += len(known)
        if report.ok:
            if not quiet:
                extra = f", {_errata(len(known))}" if known else ""
                say(f"{lesson.id}: ok{extra}")
                for line in finding_lines(report.findings):
                    say(line)
            continue
        failed += 1
        say(f"{lesson.id}: FAILED ({lesson.source})")
        for line in finding_lines(report.findings, lesson.source):
            say(line)
    known_ids = {lesson.id for lesson in result.lessons}
    if paths:  # a lesson checked alone may name the built-in ones
        known_ids |= {lesson.id for lesson in load_all().lessons}
    for lesson in result.lessons:
        for needed in getattr(lesson, "prerequisites", ()):
            if needed not in known_ids:
                say(f"{lesson.id}: note: prerequisite {needed!r} is no lesson's id (ignored)")
    for error in result.errors:
        for problem in error.all:
            print(one_line(str(problem)))
        for line in _salvaged(error):
            say(line)
    total = len(result.lessons) + len(result.errors)
    summary = (
        f"{_plural(total, 'lesson file')}: {len(result.lessons) - failed} ok, {failed} failed, "
        f"{len(result.errors)} broken; {_errata(errata)}"
    )
    print(summary)
    if not result.lessons and not result.errors:
        print("no lesson files found")
    return EXIT_FAILED if failed or result.errors else EXIT_OK
